from django.apps import AppConfig


class IncidentenConfig(AppConfig):
    name = "incidenten"
    verbose_name = "Incidenten"
