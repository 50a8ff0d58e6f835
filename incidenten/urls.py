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
]
