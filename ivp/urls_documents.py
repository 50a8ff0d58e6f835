"""URLs of the veiligheidsplan: documents and the infographic (joined in ivp/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
