"""URLs of the veiligheidsplan: programma (joined in ivp/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
