from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self) -> None:
        # After the last app migrated, and after lib's policies and grants (connected earlier).
        post_migrate.connect(_install_after_migrate, dispatch_uid="kapstok-handelingen")


def _install_after_migrate(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from django.apps import apps

    from audit import handelingen

    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is configs[-1]:
        handelingen.install(using=using)
