"""URLs of the veiligheidsplan: the uitvoeringsprogramma and the monitoring (joined in ivp/urls.py)."""

from django.urls import URLPattern, path

from . import views_programma as views

urlpatterns: list[URLPattern] = [
    path("veiligheidsplan/programmas", views.programma_list, name="programmas"),
    path("veiligheidsplan/programmas/starten", views.programma_start, name="programma_start"),
    path("veiligheidsplan/programmas/<uuid:pk>", views.programma_detail, name="programma"),
    path("veiligheidsplan/programmas/<uuid:pk>/vaststellen", views.programma_adopt, name="programma_adopt"),
    path("veiligheidsplan/programmas/<uuid:pk>/export.<str:formaat>", views.programma_export, name="programma_export"),
    path("veiligheidsplan/programmas/<uuid:pk>/acties/toevoegen", views.actie_add, name="actie_add"),
    path("veiligheidsplan/acties/<uuid:pk>", views.actie_detail, name="actie"),
    path("veiligheidsplan/acties/<uuid:pk>/verwijderen", views.actie_delete, name="actie_delete"),
    path("veiligheidsplan/monitoring", views.monitoring, name="monitoring"),
]
