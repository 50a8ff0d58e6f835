"""What the start page and the PDCA calendar read of the quickscan: the latest completed scan with its
averages and change (at most two queries), and the scans of a year (one query)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quickscan import kalender
from quickscan.stand import volwassenheid

from . import world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_without_a_completed_scan_there_is_no_maturity_to_show(personas: Any) -> None:
    with world.bound(personas):
        assert volwassenheid(personas.members["coordinator"]) is None


def test_the_latest_completed_scan_with_its_averages_and_change_in_two_queries(personas: Any) -> None:
    world.maak_afgerond(personas, TODAY - datetime.timedelta(days=400), titel="Vorig jaar", level=lambda t, a: 2)
    world.maak_afgerond(
        personas,
        TODAY - datetime.timedelta(days=20),
        titel="Dit jaar",
        level=lambda t, a: 1 if t == "continuiteit" else 3,
    )
    world.maak_afgerond(personas, TODAY - datetime.timedelta(days=800), titel="Lang geleden", level=lambda t, a: 5)
    world.concept(personas)  # a concept is no result yet
    with world.bound(personas), CaptureQueriesContext(connection) as queries:
        found = volwassenheid(personas.members["bestuurder"])
    assert len(queries) <= 2
    assert found is not None
    assert (found.titel, found.vorige_titel) == ("Dit jaar", "Vorig jaar")
    assert found.url.startswith("/quickscan/")
    themas = {t.thema: t for t in found.themas}
    assert (
        themas["informatiebeveiliging"].gemiddelde == 3
        and themas["informatiebeveiliging"].verschil == "gestegen met 1,0"
    )
    assert themas["continuiteit"].verschil == "gedaald met 1,0"
    assert found.gemiddelde == Decimal(13) / 5 and found.tekst == "2,6"
    assert found.verschil == "gestegen met 0,6"


def test_a_member_without_the_quickscan_reads_nothing_and_costs_no_query(personas: Any) -> None:
    world.afgerond(personas)
    with world.bound(personas), CaptureQueriesContext(connection) as queries:
        assert volwassenheid(personas.members["melder"]) is None
    assert len(queries) == 0


def test_the_calendar_gets_the_scans_of_the_year_in_the_check_phase_in_one_query(personas: Any) -> None:
    done = world.afgerond(personas)
    concept = world.concept(personas)
    world.maak_afgerond(personas, datetime.date(TODAY.year - 3, 5, 1), titel="Ander jaar")
    with world.bound(personas), CaptureQueriesContext(connection) as queries:
        items = kalender.items(personas.members["auditor"], TODAY.year)
    assert len(queries) == 1
    expected = {done.titel, concept.titel} if done.peildatum.year == TODAY.year else {concept.titel}
    assert {i.titel for i in items} == expected
    assert {i.fase for i in items} == {"check"} and {i.soort for i in items} == {"Quickscan"}
    mine = next(i for i in items if i.titel == concept.titel)
    assert (mine.gedaan, mine.status, mine.datum) == (False, "Concept", TODAY)
    with world.bound(personas):
        assert kalender.items(personas.members["melder"], TODAY.year) == []
        assert kalender.items(personas.members["auditor"], 0) == []
