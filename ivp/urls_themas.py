"""URLs of the veiligheidsplan: velden and themes, priorities and SMART goals (joined in ivp/urls.py)."""

from django.urls import URLPattern, path

from . import views_themas as views

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan/themas", views.themas, name="themas"),
    path("veiligheidsplan/themas/<uuid:pk>", views.thema, name="thema"),
    path("veiligheidsplan/themas/<uuid:pk>/koppelen", views.thema_link, name="thema_link"),
    path("veiligheidsplan/kader-koppelingen/<uuid:pk>/verwijderen", views.thema_unlink, name="thema_unlink"),
    path("veiligheidsplan/velden/<uuid:pk>", views.veld_edit, name="veld_edit"),
    path("veiligheidsplan/velden/<uuid:pk>/thema-toevoegen", views.thema_add, name="thema_add"),
    path("veiligheidsplan/plannen/<uuid:pk>/prioriteiten", views.prioriteiten, name="prioriteiten"),
    path("veiligheidsplan/plannen/<uuid:pk>/gewichten", views.gewichten, name="gewichten"),
    path("veiligheidsplan/prioriteringen/<uuid:pk>", views.prioritering_edit, name="prioritering_edit"),
    path("veiligheidsplan/plannen/<uuid:pk>/doelen", views.doelen, name="doelen"),
    path("veiligheidsplan/plannen/<uuid:pk>/doelen/toevoegen", views.doel_add, name="doel_add"),
    path("veiligheidsplan/doelen/<uuid:pk>", views.doel_edit, name="doel_edit"),
    path("veiligheidsplan/doelen/<uuid:pk>/verwijderen", views.doel_delete, name="doel_delete"),
]
