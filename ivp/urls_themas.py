"""URLs of the veiligheidsplan: themas (joined in ivp/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
