"""Every field of the foundation apps has a Dutch label of its own (the history shows them)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models

APPS = ("accounts", "organisations", "audit", "background")
# Fields Django declares itself (translated by Django's own Dutch catalogue) and primary keys.
INHERITED = {f.name for f in AbstractBaseUser._meta.fields} | {f.name for f in PermissionsMixin._meta.get_fields()}


def _fields() -> list[tuple[str, models.Field[Any, Any]]]:
    found = []
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if hasattr(model, "pgh_obj"):  # a history table: copies the labels of its model
                continue
            for field in model._meta.get_fields():
                if not field.concrete or field.primary_key or field.name in INHERITED:
                    continue
                found.append((f"{model._meta.label}.{field.name}", field))
    return found


@pytest.mark.parametrize(("name", "field"), _fields(), ids=[name for name, _ in _fields()])
def test_the_field_has_an_explicit_verbose_name(name: str, field: models.Field[Any, Any]) -> None:
    kwargs = field.deconstruct()[3]
    assert "verbose_name" in kwargs, f"{name} has no verbose_name: the history would show '{field.verbose_name}'"
