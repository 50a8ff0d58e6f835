"""Optimistic concurrency: a stale edit fails instead of overwriting someone else's work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.models import VersionedModel

STALE_MESSAGE = _(
    "Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen. "
    "Bekijk de huidige gegevens en breng uw wijziging opnieuw aan."
)


CONFLICT_MESSAGE = _(
    "Iemand anders heeft dit intussen gewijzigd; uw wijziging is nog niet opgeslagen. Uw eigen invoer staat "
    "nog in het formulier, en bij elk veld dat intussen is veranderd staat wat er nu is opgeslagen. Pas zo "
    "nodig aan en sla opnieuw op: dan wordt uw versie over de huidige heen opgeslagen."
)


class StaleVersionError(Exception):
    """The stored version differs from the version the editor started from."""


def save_versioned(obj: VersionedModel, *, expected_version: int, fields: list[str]) -> None:
    """Write ``fields`` of ``obj`` only if its stored version is still ``expected_version``.

    A compare-and-swap in one UPDATE, so two simultaneous writers cannot both win. The
    pghistory trigger records the update like any other.
    """
    values: dict[str, Any] = {name: getattr(obj, name) for name in fields}
    if "updated_at" in {f.name for f in obj._meta.concrete_fields}:
        values["updated_at"] = timezone.now()
        setattr(obj, "updated_at", values["updated_at"])  # noqa: B010  # not every versioned model has the column
    updated = (
        type(obj)._base_manager.filter(pk=obj.pk, version=expected_version).update(**values, version=F("version") + 1)
    )
    if updated == 0:
        raise StaleVersionError
    obj.version = expected_version + 1


def etag(obj: VersionedModel) -> str:
    return f'"{obj.pk}-{obj.version}"'


class VersionedModelForm(forms.ModelForm):
    """A ModelForm carrying the version it was opened with; ``save`` refuses stale data."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["version"] = self.instance.version

    def save_versioned(self) -> models.Model:
        """Save, or raise StaleVersionError (the caller shows the conflict)."""
        obj = self.save(commit=False)
        save_versioned(obj, expected_version=self.cleaned_data["version"], fields=list(self.changed_or_all()))
        return obj

    def changed_or_all(self) -> list[str]:
        return [name for name in self._meta.fields or [] if name != "version"]
