"""URLs of the veiligheidsplan: analyse (joined in ivp/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
