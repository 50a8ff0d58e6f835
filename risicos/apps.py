from django.apps import AppConfig


class RisicosConfig(AppConfig):
    name = "risicos"
    verbose_name = "Risico's en maatregelen"
