"""Abstract bases shared by every gemeente model."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A model edited by people: ``version`` guards against silently overwriting each other.

    Writes go through :func:`lib.concurrency.save_versioned` (forms) or the API's
    ETag/If-Match handling, both a compare-and-swap on this column.
    """

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True


class GemeenteModel(VersionedModel):
    """Data owned by one gemeente: UUID public id, the gemeente, timestamps, version.

    The ``gemeente`` column is what row-level security keys on (lib.tenancy).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gemeente = models.ForeignKey(
        "organisations.Gemeente",
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        abstract = True


class Revision(models.Model):
    """One row per transaction that changed a gemeente's data; their summed weight is the
    gemeente's revision (``lib.revisions``), the key under which rendered page parts are cached.

    A statement-level trigger on every gemeente table inserts the row, so whatever code path
    writes (a form, the API, an import, a raw UPDATE) moves the revision once its transaction
    commits, and a rolled-back write never does. Rows are only ever added, so writers never wait
    for each other here; :func:`lib.revisions.compact` folds old rows into one of the same total
    weight. Bookkeeping, not content: it has no history of its own.
    """

    id = models.BigAutoField(primary_key=True)
    gemeente = models.ForeignKey("organisations.Gemeente", on_delete=models.CASCADE, related_name="+")
    xact = models.BigIntegerField(_("transactie"))
    weight = models.BigIntegerField(_("gewicht"), default=1)

    history_exempt = "a count of writing transactions; the changes themselves have their history"

    class Meta:
        verbose_name = _("revisie")
        verbose_name_plural = _("revisies")
        constraints = [models.UniqueConstraint(fields=["gemeente", "xact"], name="revision_once_per_transaction")]

    def __str__(self) -> str:
        return f"{self.gemeente_id}: transactie {self.xact} ({self.weight})"


def choice_in(field: str, choices: type[models.TextChoices]) -> models.Q:
    """A check constraint's condition: ``field`` holds one of ``choices``."""
    return models.Q(**{f"{field}__in": choices.values})
