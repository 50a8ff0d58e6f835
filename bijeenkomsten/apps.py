from django.apps import AppConfig


class BijeenkomstenConfig(AppConfig):
    name = "bijeenkomsten"
    verbose_name = "Bijeenkomsten"

    def ready(self) -> None:
        from ivp import extensions

        from . import prioritering

        if prioritering.section not in extensions.PRIORITERING_SECTIONS:
            extensions.PRIORITERING_SECTIONS.append(prioritering.section)
