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
