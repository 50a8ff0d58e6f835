"""System checks that keep the two walls between gemeenten standing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.database)
def check_database_role(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """The app role must not be superuser, BYPASSRLS or owner (runs with --database)."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connection

    from lib.tenancy import check_role

    if getattr(settings, "AS_OWNER", False):
        return []
    try:
        check_role(connection)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="kapstok.E001")]
    return []


@register()
def check_gemeente_models_tracked(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every gemeente model records its history (django-pghistory)."""
    from lib.tenancy import gemeente_models

    errors = []
    for model in gemeente_models():
        if hasattr(model, "pgh_tracked_model") or getattr(model, "append_only", False):
            continue
        if getattr(model, "history_exempt", ""):  # bookkeeping that says why it needs none
            continue
        if not getattr(model, "pgh_event_models", None) and not _is_tracked(model):
            errors.append(
                Error(
                    f"{model._meta.label} holds gemeente data but has no history.",
                    hint="Decorate the model with @pghistory.track().",
                    id="kapstok.E002",
                )
            )
    return errors


def _is_tracked(model: Any) -> bool:
    from django.apps import apps

    return any(getattr(m, "pgh_tracked_model", None) is model for m in apps.get_models())
