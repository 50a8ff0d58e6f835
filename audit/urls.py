from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("historie", views.history, name="history"),
    path("historie/export.csv", views.history_export, name="history_export"),
    path("beveiligingslog", views.security_log, name="security_log"),
    path("beveiligingslog/export.csv", views.security_log_export, name="security_log_export"),
]
