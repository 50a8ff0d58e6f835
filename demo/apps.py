from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data for every capability, loaded through the capabilities' services.

    It sits above every app (only ``config`` is higher), so it may use all of them and none of
    them depends on it.
    """

    name = "demo"
    verbose_name = "Demo- en benchmarkgegevens"
