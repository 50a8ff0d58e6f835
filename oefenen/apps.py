from django.apps import AppConfig


class OefenenConfig(AppConfig):
    name = "oefenen"
    verbose_name = "Trainen, oefenen en testen"

    def ready(self) -> None:
        from risicos import extensions

        from . import bij_risico

        if bij_risico.section not in extensions.RISICO_SECTIONS:
            extensions.RISICO_SECTIONS.append(bij_risico.section)
