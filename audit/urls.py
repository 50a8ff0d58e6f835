from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("historie", views.history, name="history"),
    path("beveiligingslog", views.security_log, name="security_log"),
]
