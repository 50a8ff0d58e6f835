from django.urls import path

from . import views

app_name = "incidenten"
urlpatterns = [
    path("incidenten/melden", views.melden, name="melden"),
    path("incidenten/mijn", views.mijn, name="mijn"),
    path("incidenten/mijn/<uuid:pk>", views.mijn_incident, name="mijn_incident"),
    path("incidenten/inrichten", views.start, name="start"),
    path("incidenten", views.lijst, name="lijst"),
    path("incidenten/<uuid:pk>", views.incident, name="incident"),
    path("incidenten/<uuid:pk>/koppelen", views.koppel, name="koppel"),
    path("incidenten/<uuid:pk>/actie", views.actie, name="actie"),
    path("incidenten/risicokoppeling/<uuid:pk>/verwijderen", views.ontkoppel_risico, name="ontkoppel_risico"),
    path("incidenten/maatregelkoppeling/<uuid:pk>/verwijderen", views.ontkoppel_maatregel, name="ontkoppel_maatregel"),
    path("incidenten/registratie", views.instellingen, name="instellingen"),
    path("incidenten/soorten/nieuw", views.soort_nieuw, name="soort_nieuw"),
    path("incidenten/soorten/<uuid:pk>", views.soort, name="soort"),
]
