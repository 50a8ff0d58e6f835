from django.apps import AppConfig


class HerinneringenConfig(AppConfig):
    name = "herinneringen"
    verbose_name = "Herinneringen"
