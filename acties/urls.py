from django.urls import path

from . import views

app_name = "acties"
urlpatterns = [
    path("acties", views.lijst, name="lijst"),
    path("acties/mijn", views.mijn, name="mijn"),
    path("acties/nieuw", views.nieuw, name="nieuw"),
    path("acties/<uuid:pk>", views.actie, name="actie"),
]
