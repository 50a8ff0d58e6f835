from django.apps import AppConfig


class RisicosConfig(AppConfig):
    name = "risicos"
    verbose_name = "Risico's en maatregelen"

    def ready(self) -> None:
        from ivp import extensions

        from . import themas

        if themas.section not in extensions.THEMA_SECTIONS:
            extensions.THEMA_SECTIONS.append(themas.section)
