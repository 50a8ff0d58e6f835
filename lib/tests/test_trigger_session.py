"""Every database session answers pgtrigger's ignore check without raising an error per row."""

from __future__ import annotations

from typing import Any

import pgtrigger
import pytest
from django.apps import apps
from django.db import connection

from lib import tenancy
from organisations.models import PartnerOrganisatie

pytestmark = pytest.mark.django_db
PartnerOrganisatieEvent = apps.get_model("organisations", "PartnerOrganisatieEvent")


def _ignore_setting() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pgtrigger.ignore', true)")
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_new_session_starts_with_an_empty_ignore_list() -> None:
    # Without a value the trigger check raises and catches an error for every written row,
    # which made bulk imports twenty times slower.
    assert _ignore_setting() == "{}"


def test_ignoring_a_trigger_still_works_and_history_is_recorded_again_after(personas: Any) -> None:
    a = personas.gemeente_a
    with tenancy.bound(gemeente=a.pk):
        with pgtrigger.ignore("organisations.PartnerOrganisatie:insert_insert"):
            PartnerOrganisatie.objects.create(gemeente=a, name="Niet vastgelegd")
        PartnerOrganisatie.objects.create(gemeente=a, name="Wel vastgelegd")
        recorded = set(PartnerOrganisatieEvent.objects.values_list("name", flat=True))
    assert "Wel vastgelegd" in recorded and "Niet vastgelegd" not in recorded
