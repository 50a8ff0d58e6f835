"""URLs of the veiligheidsplan: importing figures (joined in ivp/urls.py)."""

from django.urls import URLPattern, path

from . import views_import

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan/analyse/import", views_import.start, name="import"),
    path("veiligheidsplan/analyse/import/<uuid:pk>", views_import.detail, name="import_detail"),
    path("veiligheidsplan/analyse/import/<uuid:pk>/opslaan", views_import.confirm, name="import_confirm"),
    path("veiligheidsplan/analyse/import/<uuid:pk>/weggooien", views_import.cancel, name="import_cancel"),
]
