from django.urls import path

from . import views

app_name = "herinneringen"
urlpatterns = [
    path("account/herinneringen", views.mijn, name="mijn"),
]
