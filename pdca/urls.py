from django.urls import path

from . import views

app_name = "pdca"
urlpatterns = [
    path("pdca", views.kalender, name="kalender"),
    path("pdca/jaar-plannen", views.plannen, name="plannen"),
    path("pdca/activiteiten/nieuw", views.activiteit_nieuw, name="activiteit_nieuw"),
    path("pdca/activiteiten/<uuid:pk>", views.activiteit, name="activiteit"),
    path("pdca/activiteiten/<uuid:pk>/bevinding", views.bevinding_nieuw, name="bevinding_nieuw"),
    path("pdca/bevindingen/<uuid:pk>", views.bevinding, name="bevinding"),
    path("pdca/bevindingen/<uuid:pk>/actie", views.actie, name="actie"),
    path("pdca/act", views.act, name="act"),
    path("pdca/act/opnemen", views.opnemen, name="opnemen"),
]
