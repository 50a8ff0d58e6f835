from django.apps import AppConfig


class IncidentenConfig(AppConfig):
    name = "incidenten"
    verbose_name = "Incidenten"

    def ready(self) -> None:
        from risicos import extensions

        from . import bij_risico

        if bij_risico.section not in extensions.RISICO_SECTIONS:
            extensions.RISICO_SECTIONS.append(bij_risico.section)
