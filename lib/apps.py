from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


class LibConfig(AppConfig):
    name = "lib"
    verbose_name = "Kapstok-basis"

    def ready(self) -> None:
        from lib import checks, tenancy  # noqa: F401  (registers system checks)

        # Installed once, after the last app migrated (post_migrate fires per app).
        post_migrate.connect(_install_policies_after_migrate, dispatch_uid="kapstok-rls")
        connection_created.connect(tenancy.on_connection_created, dispatch_uid="kapstok-role")


def _install_policies_after_migrate(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from django.apps import apps

    from lib import revisions, trackers
    from lib.tenancy import install_policies

    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is configs[-1]:
        install_policies(using=using)
        revisions.install_triggers(using=using)
        trackers.install_context_function(using=using)
