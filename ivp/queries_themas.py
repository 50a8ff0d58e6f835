"""Reads shared by the pages and the API of velden and themes, priorities and SMART goals."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from kader.choices import Status
from kader.models import Doel, Uitgangspunt
from lib.querysets import Member

_M = TypeVar("_M", bound=models.Model)

# The versions of the kader a theme links to: the adopted one and the one being worked on.
KADER_VERSIONS = [Status.CONCEPT, Status.TER_BESLUITVORMING, Status.VASTGESTELD]


def kader_targets(member: Member) -> dict[str, list[Any]]:
    """The goals and uitgangspunten of the adopted and open versions of the kader (2 queries)."""
    versions = {"versie__status__in": KADER_VERSIONS}
    return {
        "doelen": list(
            Doel.objects.visible_to(member).filter(**versions).select_related("versie").order_by("versie__nummer")
        ),
        "uitgangspunten": list(
            Uitgangspunt.objects.visible_to(member)
            .filter(**versions)
            .select_related("versie")
            .order_by("versie__nummer", "groep", "volgorde")
        ),
    }
