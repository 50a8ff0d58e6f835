"""The year calendar: the four phases with their activities in date order, late ones marked, the kader's own
description of each phase, the entries of the other capabilities, and planning a year with a preview."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kader import services as kader_services
from kader.models import PdcaFase
from lib import tenancy
from lib.kalender import KalenderItem
from pdca import kalender, services
from pdca.models import Activiteit

from . import world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def activities(personas: Any, jaar: int | None = None) -> list[Activiteit]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        found = Activiteit.objects.all()
        return list(found.van_jaar(jaar) if jaar else found)


def section(page: str, fase: str) -> str:
    """The part of the calendar page of one phase."""
    start = page.index(f'id="fase-{fase}"')
    end = page.find('<section aria-labelledby="fase-', start)
    return page[start : end if end != -1 else len(page)]


def test_the_calendar_shows_each_phase_in_date_order_with_late_ones_marked(personas: Any) -> None:
    early = datetime.date(YEAR, 1, 15)
    world.activiteit(personas, titel="Interne audit", fase="check", soort="interne_audit", gepland_op=early)
    world.activiteit(
        personas, titel="Evaluatie jaarplan", fase="check", soort="evaluatie", gepland_op=TODAY + datetime.timedelta(1)
    )
    world.activiteit(personas, titel="Managementreview", gepland_op=TODAY)
    world.activiteit(
        personas, titel="Audit van het vorige jaar", fase="check", soort="evaluatie", gepland_op=early.replace(YEAR - 1)
    )
    page = client_of(personas, "bestuurder").get(reverse("pdca:kalender")).content.decode()
    check = section(page, "check")
    assert check.index("Interne audit") < check.index("Evaluatie jaarplan")
    assert "januari" in check and "(te laat)" in check and "(1 te laat)" in check
    assert "Managementreview" in section(page, "act") and "(te laat)" not in section(page, "act")
    assert "Geen activiteiten in" in section(page, "plan")
    assert "Audit van het vorige jaar" not in page
    last_year = client_of(personas, "bestuurder").get(reverse("pdca:kalender"), {"jaar": YEAR - 1}).content.decode()
    assert "Audit van het vorige jaar" in last_year and "Interne audit" not in last_year
    # a reader does not get the links to change the calendar
    assert reverse("pdca:plannen") not in page and f'href="{reverse("pdca:act")}"' not in page


def test_beside_each_phase_stands_what_the_adopted_kader_says_of_it(personas: Any) -> None:
    versie = personas.kader_of()
    coordinator = personas.members["coordinator"]
    with world.bound(personas):
        fase = PdcaFase.objects.get(versie=versie, fase="check")
        kader_services.edit_part(
            by=coordinator, obj=fase, expected_version=fase.version, wat="Elk jaar een interne audit.", wie="Auditor"
        )
    page = client_of(personas, "coordinator").get(reverse("pdca:kalender")).content.decode()
    check = section(page, "check")
    assert "Elk jaar een interne audit." in check and "Auditor" in check and "versie 1" in check
    assert "Het kader beschrijft deze fase nog niet" in section(page, "plan")


def test_the_entries_of_the_exercises_and_quickscans_of_the_year_stand_among_the_activities(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.activiteit(personas, titel="Evaluatie", fase="check", soort="evaluatie", gepland_op=datetime.date(YEAR, 3, 1))
    items = [
        KalenderItem(
            datetime.date(YEAR, 2, 1), "check", "Quickscan", "Quickscan informatiebeveiliging", "/q", "Open", False
        ),
        KalenderItem(datetime.date(YEAR, 6, 1), "do", "Oefening", "Ontruimingsoefening", "/o", "Gedaan", True),
        KalenderItem(datetime.date(YEAR + 1, 1, 1), "do", "Oefening", "Brandoefening later", "/v", "Gepland", False),
    ]
    monkeypatch.setattr(kalender, "andere_items", lambda membership, jaar: items)
    page = client_of(personas, "coordinator").get(reverse("pdca:kalender")).content.decode()
    check = section(page, "check")
    assert check.index("Quickscan informatiebeveiliging") < check.index("Evaluatie")
    assert "(te laat)" in check  # the open quickscan of February
    assert 'href="/o"' in section(page, "do") and "Brandoefening later" not in page


def test_the_filters_choose_a_phase_and_refuse_a_year_that_is_no_year_in_dutch(personas: Any) -> None:
    world.activiteit(personas, titel="Managementreview", gepland_op=TODAY)
    client = client_of(personas, "coordinator")
    only_act = client.get(reverse("pdca:kalender"), {"fase": "act"}).content.decode()
    assert 'id="fase-act"' in only_act and 'id="fase-plan"' not in only_act
    for wrong in ("twintig", "2026.5", "99999"):
        refused = client.get(reverse("pdca:kalender"), {"jaar": wrong})
        assert refused.status_code == 400
        assert re.search("Vul een jaar in|Kies een jaar", refused.content.decode())


def test_a_member_without_the_pdca_cycle_gets_no_calendar_and_another_gemeente_sees_nothing(personas: Any) -> None:
    made = world.activiteit(personas, titel="Geheime audit", fase="check", soort="interne_audit")
    for role in ("melder", "ketenpartner"):
        assert client_of(personas, role).get(reverse("pdca:kalender")).status_code == 403
    b = client_of(personas, "coordinator_b")
    assert "Geheime audit" not in b.get(reverse("pdca:kalender")).content.decode()
    assert b.get(reverse("pdca:activiteit", args=[made.pk])).status_code == 404


# --- planning a year -------------------------------------------------------------------------------


def test_a_first_year_is_planned_from_the_default_set_after_a_preview_and_never_twice(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    url = reverse("pdca:plannen")
    preview = client.get(url, {"jaar": YEAR + 1}).content.decode()
    assert "uit de standaardset" in preview and "Managementreview integrale beveiliging" in preview
    assert activities(personas) == []  # a preview stores nothing
    assert client.post(url, {"jaar": YEAR + 1}).status_code == 302
    planned = activities(personas, YEAR + 1)
    assert {a.fase for a in planned} == {"plan", "do", "check", "act"}
    assert all(a.status == "gepland" for a in planned)
    review = next(a for a in planned if a.soort == "managementreview")
    assert (review.fase, review.gepland_op.month) == ("act", 12)
    assert next(a for a in planned if a.soort == "jaarplanning").gepland_op.month <= 3
    # planned again: nothing is added twice
    assert "Er is niets meer te plannen" in client.get(url, {"jaar": YEAR + 1}).content.decode()
    client.post(url, {"jaar": YEAR + 1})
    assert len(activities(personas, YEAR + 1)) == len(planned)


def test_a_next_year_takes_last_years_activities_one_year_on_with_their_owners_and_planned(personas: Any) -> None:
    world.activiteit(
        personas,
        titel="Interne audit BIO",
        fase="check",
        soort="interne_audit",
        gepland_op=datetime.date(YEAR, 9, 30),
        eigenaar=personas.members["auditor"],
        status="uitgevoerd",
        uitgevoerd_op=min(TODAY, datetime.date(YEAR, 9, 30)),
    )
    world.activiteit(personas, titel="Weg ermee", gepland_op=datetime.date(YEAR, 2, 1), status="vervallen")
    client = client_of(personas, "coordinator")
    preview = client.get(reverse("pdca:plannen"), {"jaar": YEAR + 1}).content.decode()
    assert "overgenomen van" in preview and "Weg ermee" not in preview  # the cancelled one stays out
    assert client.post(reverse("pdca:plannen"), {"jaar": YEAR + 1}).status_code == 302
    (made,) = activities(personas, YEAR + 1)
    assert (made.titel, made.gepland_op, made.status, made.uitgevoerd_op) == (
        "Interne audit BIO",
        datetime.date(YEAR + 1, 9, 30),
        "gepland",
        None,
    )
    assert made.eigenaar_id == personas.members["auditor"].pk


def test_planning_is_for_the_coordinator_a_year_out_of_range_is_refused_and_history_names_it(personas: Any) -> None:
    for role in ("thema_eigenaar", "bestuurder", "auditor"):
        assert client_of(personas, role).get(reverse("pdca:plannen")).status_code == 403
        assert client_of(personas, role).post(reverse("pdca:plannen"), {"jaar": YEAR}).status_code == 403
    client = client_of(personas, "coordinator")
    refused = client.post(reverse("pdca:plannen"), {"jaar": YEAR + 40})
    assert refused.status_code == 400 and "Kies een jaar tussen 2000 en" in refused.content.decode()
    assert activities(personas) == []
    client.post(reverse("pdca:plannen"), {"jaar": YEAR})
    event = apps.get_model("pdca", "ActiviteitEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        contexts = {e.pgh_context["action"] for e in event.objects.all()}
    assert contexts == {"pdca.plan_jaar"}
    with world.bound(personas):
        assert services.voorstel(personas.members["coordinator"], YEAR) == []


def test_the_exercises_and_quickscans_planned_this_year_appear_in_their_phase(personas: Any) -> None:
    from oefenen.tests import world as oefenen_world
    from quickscan.tests import world as quickscan_world

    oefening = oefenen_world.oefening(
        personas, titel="Ontruimingsoefening stadhuis", gepland_op=datetime.date(YEAR, 12, 31)
    )
    test = oefenen_world.uitgevoerd(
        personas,
        titel="Terugzetten van de back-up",
        gepland_op=datetime.date(YEAR, 1, 1),
        uitgevoerd_op=datetime.date(YEAR, 1, 1),
    )
    scan = quickscan_world.maak_afgerond(personas, datetime.date(YEAR, 1, 1), "Quickscan begin van het jaar")
    oefenen_world.oefening(personas, titel="Oefening volgend jaar", gepland_op=datetime.date(YEAR + 1, 6, 1))
    page = client_of(personas, "coordinator").get(reverse("pdca:kalender")).content.decode()
    do, check = section(page, "do"), section(page, "check")
    assert f'href="{reverse("oefenen:oefening", args=[oefening.pk])}"' in do
    assert f'href="{reverse("oefenen:oefening", args=[test.pk])}"' in check  # a technical test checks
    assert f'href="{reverse("quickscan:scan", args=[scan.pk])}"' in check
    assert "Oefening volgend jaar" not in page
