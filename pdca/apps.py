from django.apps import AppConfig


class PdcaConfig(AppConfig):
    name = "pdca"
    verbose_name = "PDCA-cyclus"

    def ready(self) -> None:
        # The kader's overview shows the findings taken up into its open version; the kader may not
        # import this app (it sits below it), so this app hands it the function that reads them.
        from kader import hooks

        from .act import opgenomen_in

        hooks.register(opgenomen_in)
