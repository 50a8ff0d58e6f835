from django.apps import AppConfig


class OefenenConfig(AppConfig):
    name = "oefenen"
    verbose_name = "Trainen, oefenen en testen"
