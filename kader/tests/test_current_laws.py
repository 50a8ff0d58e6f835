"""The legal framework names the laws in force today and says what they replaced; the forms say
which fields a version needs before it can be submitted."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection

from kader.models import KaderVersie, WetOfNorm
from lib import tenancy

from .test_views import client_for, step_url

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module("kader.migrations.0004_current_laws")


def test_the_scope_page_shows_the_current_law_and_what_it_replaced(personas: Any) -> None:
    versie = personas.kader_of()
    page = client_for(personas, "auditor").get(step_url(versie, "scope")).content.decode()
    assert "Besluit bouwwerken leefomgeving (Bbl)" in page
    assert "(vervangt Bouwbesluit 2012 (tot 1 januari 2024))" in page
    assert "Bouwbesluit 2012</strong>" not in page and "2016/1148 (NIB)</strong>" not in page


def test_the_migration_renames_repealed_laws_in_open_versions_and_leaves_adopted_ones_alone(personas: Any) -> None:
    gemeente = personas.gemeente_a
    with tenancy.bound(gemeente=gemeente.pk):
        adopted = KaderVersie.objects.create(gemeente=gemeente, nummer=1)
        kept = WetOfNorm.objects.create(
            gemeente=gemeente, versie=adopted, thema="brandveiligheid", naam="Bouwbesluit 2012"
        )
        KaderVersie.objects.filter(pk=adopted.pk).update(
            status="vastgesteld", vastgesteld_op="2023-06-01", vastgesteld_door="College"
        )
        concept = KaderVersie.objects.create(gemeente=gemeente, nummer=2, gebaseerd_op=adopted)
        old = WetOfNorm.objects.create(
            gemeente=gemeente, versie=concept, thema="brandveiligheid", naam="Bouwbesluit 2012"
        )
        MIGRATION.rename(None, SimpleNamespace(connection=connection))
    with tenancy.bound(gemeente=gemeente.pk):
        renamed = WetOfNorm.objects.get(pk=old.pk)
        assert renamed.naam == "Besluit bouwwerken leefomgeving (Bbl)"
        assert renamed.vervangt == "Bouwbesluit 2012 (tot 1 januari 2024)"
        assert WetOfNorm.objects.get(pk=kept.pk).naam == "Bouwbesluit 2012", "an adopted version keeps what was adopted"


def test_fields_needed_before_submitting_do_not_say_they_are_optional(personas: Any) -> None:
    versie = personas.kader_of()
    page = client_for(personas, "coordinator").get(step_url(versie)).content.decode()
    assert 'for="id_visie">Visie <span class="kapstok-veldnoot">(nodig om de versie in te dienen)</span>' in page
    assert 'for="id_visie_onderbouwing">Onderbouwing van de keuze <span class="kapstok-veldnoot">(nodig' in page
    assert 'for="id_visie_minimaal">Minimale variant <span class="kapstok-veldnoot">(niet verplicht)</span>' in page
    scope = client_for(personas, "coordinator").get(step_url(versie, "scope")).content.decode()
    assert 'Bedrijfsmiddelen binnen de scope <span class="kapstok-veldnoot">(nodig om de versie in te dienen)' in scope
