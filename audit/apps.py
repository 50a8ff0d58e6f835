from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self) -> None:
        # After the last app migrated, and after lib's policies and grants (connected earlier).
        post_migrate.connect(_install_after_migrate, dispatch_uid="kapstok-handelingen")


def _install_after_migrate(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from audit import handelingen
    from lib.apps import after_migrate

    if after_migrate(sender, **kwargs):
        handelingen.install(using=using)
