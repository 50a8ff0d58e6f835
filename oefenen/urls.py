from django.urls import path

from . import views, views_bewustwording

app_name = "oefenen"
urlpatterns = [
    path("oefenen", views.programma_page, name="programma"),
    path("oefenen/nieuw", views.oefening_nieuw, name="oefening_nieuw"),
    path("oefenen/<uuid:pk>", views.oefening, name="oefening"),
    path("oefenen/<uuid:pk>/wijzigen", views.oefening_wijzigen, name="oefening_wijzigen"),
    path("oefenen/<uuid:pk>/actie", views.oefening_actie, name="oefening_actie"),
    path("oefenen/bewustwording", views_bewustwording.bewustwording, name="bewustwording"),
    path("oefenen/bewustwording/nieuw", views_bewustwording.activiteit_nieuw, name="activiteit_nieuw"),
    path("oefenen/bewustwording/<uuid:pk>", views_bewustwording.activiteit, name="activiteit"),
    path(
        "oefenen/bewustwording/<uuid:pk>/verwijderen",
        views_bewustwording.activiteit_verwijderen,
        name="activiteit_verwijderen",
    ),
    path("oefenen/bewustwording/jaar-beginnen", views_bewustwording.nieuw_jaar, name="nieuw_jaar"),
    path("oefenen/deelname/nieuw", views_bewustwording.deelname_nieuw, name="deelname_nieuw"),
    path("oefenen/deelname/<uuid:pk>", views_bewustwording.deelname, name="deelname"),
    path(
        "oefenen/deelname/<uuid:pk>/verwijderen", views_bewustwording.deelname_verwijderen, name="deelname_verwijderen"
    ),
]
