from django.urls import path

from . import views

app_name = "quickscan"
urlpatterns = [
    path("quickscan", views.overzicht, name="overzicht"),
    path("quickscan/nieuw", views.nieuw, name="nieuw"),
    path("quickscan/ontwikkeling", views.ontwikkeling, name="ontwikkeling"),
    path("quickscan/niveaus", views.instellingen, name="instellingen"),
    path("quickscan/niveaus/standaard", views.standaard, name="standaard"),
    path("quickscan/<uuid:pk>", views.scan, name="scan"),
    path("quickscan/<uuid:pk>/gegevens", views.gegevens, name="gegevens"),
    path("quickscan/<uuid:pk>/afronden", views.afronden, name="afronden"),
    path("quickscan/<uuid:pk>/verwijderen", views.verwijderen, name="verwijderen"),
    path("quickscan/<uuid:pk>/actie", views.scan_actie, name="scan_actie"),
    path("quickscan/scores/<uuid:pk>", views.score, name="score"),
    path("quickscan/scores/<uuid:pk>/actie", views.actie, name="actie"),
]
