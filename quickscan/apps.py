from django.apps import AppConfig


class QuickscanConfig(AppConfig):
    name = "quickscan"
    verbose_name = "Quickscan volwassenheid"
