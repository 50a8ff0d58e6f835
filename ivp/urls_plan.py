"""URLs of the veiligheidsplan: plan (joined in ivp/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
