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


def after_migrate(sender: AppConfig, **kwargs: object) -> bool:
    """Whether this post_migrate is the last app's after a ``migrate``. Django also sends post_migrate
    after a ``flush`` (without a plan), which empties tables but leaves triggers, policies and
    functions in place: installing them again then costs seconds, after every transactional test."""
    from django.apps import apps

    configs = [c for c in apps.get_app_configs() if c.models_module is not None]
    return sender is configs[-1] and kwargs.get("plan") is not None


def _install_policies_after_migrate(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    import pgtrigger

    from lib import revisions, trackers
    from lib.tenancy import install_policies

    if after_migrate(sender, **kwargs):
        pgtrigger.install(database=using)
        install_policies(using=using)
        revisions.install_triggers(using=using)
        trackers.install_context_function(using=using)
