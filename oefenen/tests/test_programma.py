"""The multi-year programme page, the start page's figures (``stand.uitvoering``) and the calendar's entries
(``kalender.items``): per year planned, overdue, done and cancelled, per kind and theme, filtered."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lib import tenancy
from oefenen import kalender, stand

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def a_programme(personas: Any) -> dict[str, Any]:
    """Last year one done and one cancelled, this year one overdue and one done, in two years one planned."""
    today = timezone.localdate()
    vorig, volgend = today.year - 1, today.year + 2
    return {
        "gedaan_vorig": world.uitgevoerd(
            personas,
            titel="Ontruiming",
            soort="ontruiming",
            gepland_op=datetime.date(vorig, 4, 1),
            uitgevoerd_op=datetime.date(vorig, 4, 2),
        ),
        "vervallen": world.oefening(
            personas,
            titel="Pentest",
            soort="technische_test",
            gepland_op=datetime.date(vorig, 9, 1),
            status="vervallen",
        ),
        "te_laat": world.oefening(personas, titel="Tabletop datalek", gepland_op=today - datetime.timedelta(days=1)),
        "gedaan": world.uitgevoerd(personas, titel="Back-up terugzetten", thema="continuiteit"),
        "later": world.oefening(
            personas, titel="Crisisoefening", soort="crisis", gepland_op=datetime.date(volgend, 5, 1)
        ),
    }


def row_of(page: str, jaar: int) -> list[str]:
    """The figures of ``jaar`` in the table of the programme: gepland, te laat, uitgevoerd, vervallen, totaal."""
    found = re.search(rf'href="#jaar-{jaar}">{jaar}</a></th>(.*?)</tr>', page, re.S)
    assert found, f"no row for {jaar}"
    return re.findall(r"<td[^>]*>(?:<strong>)?(\d+)", found.group(1))


def test_the_programme_shows_each_year_with_what_is_planned_late_done_and_cancelled(personas: Any) -> None:
    made = a_programme(personas)
    today = timezone.localdate()
    page = client_of(personas, "bestuurder").get(reverse("oefenen:programma")).content.decode()
    # this year: the late one and the done one (done last week, or last year in the first week of January)
    this_year = [made["te_laat"], made["gedaan"]]
    gepland = sum(o.datum.year == today.year and o.status == "gepland" for o in this_year)
    uitgevoerd = sum(o.datum.year == today.year and o.status == "uitgevoerd" for o in this_year)
    assert row_of(page, today.year) == [str(gepland), str(gepland), str(uitgevoerd), "0", str(gepland + uitgevoerd)]
    assert row_of(page, today.year + 2) == ["1", "0", "0", "0", "1"]
    assert f'href="#jaar-{today.year + 3}"' in page and f'href="#jaar-{today.year + 4}"' not in page
    for oefening in made.values():
        assert reverse("oefenen:oefening", args=[oefening.pk]) in page
    assert "(te laat)" in page
    assert "crisisoefening 1" in page  # per kind, in the section of its year


def test_the_window_moves_to_earlier_years_and_a_year_can_be_chosen(personas: Any) -> None:
    made = a_programme(personas)
    today = timezone.localdate()
    client = client_of(personas, "auditor")
    earlier = client.get(reverse("oefenen:programma"), {"van": today.year - 6}).content.decode()
    assert (
        f'href="#jaar-{today.year - 6}"' in earlier
        and reverse("oefenen:oefening", args=[made["later"].pk]) not in earlier
    )
    one = client.get(reverse("oefenen:programma"), {"jaar": today.year + 2}).content.decode()
    assert row_of(one, today.year + 2) == ["1", "0", "0", "0", "1"]
    assert reverse("oefenen:oefening", args=[made["later"].pk]) in one
    assert reverse("oefenen:oefening", args=[made["vervallen"].pk]) not in one


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"thema": "continuiteit"}, "gedaan", "te_laat"),
        ({"soort": "technische_test"}, "vervallen", "gedaan_vorig"),
        ({"status": "vervallen"}, "vervallen", "later"),
        ({"teLaat": "true"}, "te_laat", "later"),
    ],
)
def test_the_filters_narrow_the_programme(personas: Any, query: dict[str, str], shown: str, hidden: str) -> None:
    made = a_programme(personas)
    page = client_of(personas, "coordinator").get(reverse("oefenen:programma"), query).content.decode()
    assert reverse("oefenen:oefening", args=[made[shown].pk]) in page
    assert reverse("oefenen:oefening", args=[made[hidden].pk]) not in page


def test_a_bad_filter_is_refused_in_dutch(personas: Any) -> None:
    a_programme(personas)
    response = client_of(personas, "coordinator").get(reverse("oefenen:programma"), {"jaar": "twintig", "soort": "x"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vul een jaartal in, zoals 2027." in text and "Kies een van de soorten." in text
    assert "Tabletop datalek" not in text


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_who_is_no_reader_gets_no_programme(personas: Any, role: str) -> None:
    a_programme(personas)
    assert client_of(personas, role).get(reverse("oefenen:programma")).status_code == 403
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        figures = stand.uitvoering(personas.members[role], timezone.localdate().year)
        entries = kalender.items(personas.members[role], timezone.localdate().year)
    assert (figures.gepland, figures.uitgevoerd, figures.bereik, entries) == (0, 0, None, [])


def test_the_start_page_figures_of_a_year_in_two_queries(personas: Any) -> None:
    a_programme(personas)
    vorig = timezone.localdate().year - 1
    world.deelname(personas, "Publiekszaken", vorig, medewerkers=40, deelgenomen=40)
    world.deelname(personas, "Sociaal Domein", vorig, medewerkers=60, deelgenomen=47)
    member = personas.members["bestuurder"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk), CaptureQueriesContext(connection) as ctx:
        figures = stand.uitvoering(member, vorig)
        empty = stand.uitvoering(member, vorig + 5)
    assert len(ctx.captured_queries) == 4
    assert (figures.uitgevoerd, figures.vervallen, figures.gepland, figures.te_laat) == (1, 1, 0, 0)
    assert (figures.medewerkers, figures.deelgenomen, figures.afdelingen_onder) == (100, 87, 1)
    assert figures.bereik == pytest.approx(0.87) and figures.percentage == 87
    assert (empty.bereik, empty.percentage, empty.gepland) == (None, None, 0)


def test_the_overdue_exercise_counts_as_planned_and_late(personas: Any) -> None:
    made = a_programme(personas)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        figures = stand.uitvoering(personas.members["coordinator"], made["te_laat"].datum.year)
    assert figures.gepland >= 1 and figures.te_laat == 1


def test_the_calendar_gets_the_exercises_of_a_year_with_a_test_as_check_in_one_query(personas: Any) -> None:
    made = a_programme(personas)
    vorig = timezone.localdate().year - 1
    with tenancy.bound(gemeente=personas.gemeente_a.pk), CaptureQueriesContext(connection) as ctx:
        entries = kalender.items(personas.members["auditor"], vorig)
    assert len(ctx.captured_queries) == 1
    assert [(e.titel, e.fase, e.soort, e.status, e.gedaan) for e in entries] == [
        ("Ontruiming", "do", "Oefening", "Uitgevoerd", True),
        ("Pentest", "check", "Test", "Vervallen", True),
    ]
    assert entries[0].datum == made["gedaan_vorig"].uitgevoerd_op
    assert entries[0].url == reverse("oefenen:oefening", args=[made["gedaan_vorig"].pk])
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        this_year = kalender.items(personas.members["auditor"], made["te_laat"].datum.year)
    late = next(e for e in this_year if e.titel == "Tabletop datalek")
    assert (late.fase, late.soort, late.status, late.gedaan) == ("do", "Oefening", "Gepland, te laat", False)
