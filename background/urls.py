from django.urls import path

from . import views

app_name = "background"
urlpatterns = [
    path("taken", views.taken, name="taken"),
    path("taken/<uuid:pk>", views.taak, name="taak"),
]
