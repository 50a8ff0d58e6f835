"""The start page's blocks of the PDCA cycle, the exercises and the maturity: this year's activities and
exercises done against planned, the awareness reached, and the latest quickscan against the one before,
each read from its capability and linking to the page behind it."""

from __future__ import annotations

import datetime
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.tests.pages import home, section
from oefenen.tests import world as oefenen_world
from pdca.tests import world as pdca_world
from quickscan.tests import world as quickscan_world

pytestmark = pytest.mark.django_db


def rows(block: str) -> dict[str, tuple[str, str]]:
    """Each table row of a block: its label -> (its link, the number as it reads)."""
    found = re.findall(
        r'<th class="utrecht-table__header-cell" scope="row">(?:<a class="utrecht-link" href="([^"]*)">)?'
        r'(.*?)(?:</a>)?</th>\s*<td[^>]*><span class="kapstok-staaf__getal">(.*?)</span>',
        block,
        re.S,
    )
    return {label: (href, text) for href, label, text in found}


def _dates() -> tuple[int, datetime.date, datetime.date, int]:
    """This year, its first and last day, and whether its first day has passed (1) or is today (0)."""
    today = timezone.localdate()
    first, last = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    return today.year, first, last, int(first < today)


def test_the_pdca_block_counts_this_years_activities_per_phase_and_names_the_next(personas: Any) -> None:
    jaar, first, last, passed = _dates()
    pdca_world.activiteit(personas, titel="Jaarplan", fase="plan", soort="jaarplanning", gepland_op=first)
    pdca_world.activiteit(
        personas, titel="Interne audit", fase="check", soort="interne_audit", gepland_op=first
    )  # planned, and late once the first of January has passed
    pdca_world.activiteit(personas, titel="Managementreview", fase="act", gepland_op=last)
    with pdca_world.bound(personas):
        from pdca.models import Activiteit

        Activiteit.objects.filter(titel="Jaarplan").update(status="uitgevoerd", uitgevoerd_op=first)
    block = section(home(personas, "coordinator"), "pdca")
    kalender = f"{reverse('pdca:kalender')}?{urlencode({'jaar': jaar})}"
    assert rows(block) == {
        "Plan": (kalender, "1 van 1"),
        "Do": (kalender, "0 van 0"),
        "Check": (kalender, "0 van 1"),
        "Act": (kalender, "0 van 1"),
    }
    assert f"In {jaar} is 1 van de 3 activiteiten uitgevoerd." in block
    late = "activiteit is te laat" if passed == 1 else "activiteiten zijn te laat"
    assert f"{passed} {late}" in block
    assert "Volgende: Managementreview" in block


def test_the_exercise_block_sets_done_against_planned_and_says_who_took_part_in_awareness(personas: Any) -> None:
    jaar, first, last, _passed = _dates()
    oefenen_world.uitgevoerd(personas, gepland_op=first, uitgevoerd_op=first)
    oefenen_world.oefening(personas, gepland_op=last)
    oefenen_world.deelname(personas, "Publiekszaken", medewerkers=40, deelgenomen=31)
    oefenen_world.deelname(personas, "Sociaal Domein", medewerkers=10, deelgenomen=10)
    block = section(home(personas, "coordinator"), "oefenen")
    programma = reverse("oefenen:programma")
    assert rows(block) == {
        "Uitgevoerd": (f"{programma}?jaar={jaar}&status=uitgevoerd", "1"),
        "Nog gepland": (f"{programma}?jaar={jaar}&status=gepland", "1"),
        "Vervallen": (f"{programma}?jaar={jaar}&status=vervallen", "0"),
    }
    assert f"Oefeningen en tests {jaar}: 1 van 2 uitgevoerd" in block
    assert f"82 % van de medewerkers deed in {jaar} mee aan bewustwording" in block  # 41 of 50, rounded down
    assert "41 van de 50; 1 afdeling heeft nog niet iedereen bereikt." in block


def test_the_maturity_block_shows_the_latest_scan_per_theme_against_the_one_before(personas: Any) -> None:
    today = timezone.localdate()
    quickscan_world.maak_afgerond(personas, today - datetime.timedelta(days=400), "Quickscan 1", lambda t, a: 2)
    scan = quickscan_world.maak_afgerond(personas, today - datetime.timedelta(days=10), "Quickscan 2", lambda t, a: 3)
    block = section(home(personas, "coordinator"), "volwassenheid")
    assert "gemiddeld niveau 3,0 van 5, gestegen met 1,0 ten opzichte van Quickscan 1." in block
    found = rows(block)
    assert found["Informatiebeveiliging"] == ("", "3,0 (gestegen met 1,0)")
    assert len(found) >= 4
    assert f'href="{reverse("quickscan:scan", args=[scan.pk])}"' in block
    assert f'href="{reverse("quickscan:ontwikkeling")}"' in block


def test_before_anything_is_recorded_each_block_says_so(personas: Any) -> None:
    body = home(personas, "coordinator")
    jaar = timezone.localdate().year
    assert f"Voor {jaar} staan nog geen activiteiten in de jaarkalender." in section(body, "pdca")
    assert f"Voor {jaar} is nog geen deelname aan bewustwording vastgelegd." in section(body, "oefenen")
    assert "Er is nog geen afgeronde quickscan." in section(body, "volwassenheid")


@pytest.mark.parametrize(
    ("role", "shown"), [("bestuurder", True), ("auditor", True), ("melder", False), ("ketenpartner", False)]
)
def test_the_blocks_are_for_the_roles_that_read_those_pages(personas: Any, role: str, shown: bool) -> None:
    body = home(personas, role)
    for slug in ("pdca", "oefenen", "volwassenheid"):
        assert bool(section(body, slug)) is shown, (role, slug)
