"""Awareness: the activities of a year, the participation per afdeling (counts only), whether everyone took
part, starting a year from the year before, who keeps what, and removing with a confirmation."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lib import tenancy
from oefenen import services
from oefenen.models import Bewustwordingsactiviteit, Deelname

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def rows(personas: Any, jaar: int) -> dict[str, tuple[int, int]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return {d.afdeling: (d.medewerkers, d.deelgenomen) for d in Deelname.objects.filter(jaar=jaar)}


def page(personas: Any, role: str = "bestuurder", jaar: int | None = None) -> str:
    query = {"jaar": jaar} if jaar else {}
    return html.unescape(client_of(personas, role).get(reverse("oefenen:bewustwording"), query).content.decode())


def test_the_year_shows_that_not_everyone_took_part_and_which_afdelingen_lag_behind(personas: Any) -> None:
    jaar = timezone.localdate().year
    world.deelname(personas, "Publiekszaken", medewerkers=40, deelgenomen=40)
    world.deelname(personas, "Sociaal Domein", medewerkers=60, deelgenomen=47)
    world.activiteit(personas, datum=datetime.date(jaar, 1, 1))
    shown = page(personas, jaar=jaar)
    assert "Nog niet iedereen: 87 %" in shown  # 87 of 100
    assert "Afdelingen onder 100 %: Sociaal Domein (78 %)." in shown
    assert "Phishingsimulatie voorjaar" in shown
    assert "Iedereen deed mee" not in shown


def test_a_year_in_which_everyone_took_part_says_so(personas: Any) -> None:
    vorig = timezone.localdate().year - 1
    world.deelname(personas, "Publiekszaken", vorig, medewerkers=40, deelgenomen=40)
    shown = page(personas, jaar=vorig)
    assert f"Iedereen deed mee in {vorig}:" in shown and "Nog niet iedereen" not in shown


def test_ninety_nine_point_six_percent_is_not_everyone(personas: Any) -> None:
    world.deelname(personas, "Groot", medewerkers=1000, deelgenomen=996)
    assert "Nog niet iedereen: 99 %" in page(personas)


def test_a_new_year_starts_from_last_year_s_afdelingen_with_nobody_counted(personas: Any) -> None:
    world.vorig_jaar(personas)
    jaar = timezone.localdate().year
    client = client_of(personas, "coordinator")
    assert f"{jaar} beginnen met de afdelingen van {jaar - 1}" in page(personas, "coordinator", jaar)
    response = client.post(reverse("oefenen:nieuw_jaar"), {"jaar": jaar})
    assert response.status_code == 302
    assert rows(personas, jaar) == {"Publiekszaken": (40, 0), "Sociaal Domein": (25, 0)}
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = apps.get_model("oefenen", "DeelnameEvent").objects.filter(pgh_context__action="oefenen.nieuw_jaar")
        assert events.count() == 2
    again = client.post(reverse("oefenen:nieuw_jaar"), {"jaar": jaar}, follow=True)
    assert f"Alle afdelingen van {jaar - 1} staan al bij {jaar}." in html.unescape(again.content.decode())
    assert "beginnen met de afdelingen" not in page(personas, "coordinator", jaar)


def test_a_year_without_a_year_before_or_too_far_ahead_is_not_started(personas: Any) -> None:
    jaar = timezone.localdate().year
    with world.bound(personas), pytest.raises(ValidationError) as refused:
        services.nieuw_jaar(by=personas.members["coordinator"], jaar=jaar)
    assert refused.value.message_dict == {"jaar": [f"Er staan geen afdelingen bij {jaar - 1} om over te nemen."]}
    world.deelname(personas, "Publiekszaken", jaar + 1)
    with world.bound(personas), pytest.raises(ValidationError):
        services.nieuw_jaar(by=personas.members["coordinator"], jaar=jaar + 2)
    assert rows(personas, jaar + 2) == {}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"afdeling": ""}, "Vul de naam van de afdeling in."),
        ({"afdeling": "   "}, "Vul de naam van de afdeling in."),
        ({"medewerkers": "0"}, "Vul 1 of meer in."),
        ({"medewerkers": "999999999999"}, "hoogstens 100.000"),
        ({"deelgenomen": "41"}, "Er kunnen niet meer medewerkers deelnemen dan de afdeling heeft."),
        ({"deelgenomen": "-1"}, "Vul 0 of meer in."),
        ({"jaar": "1999"}, "Kies een jaar van 2000 tot en met 2100."),
        ({"afdeling": "PUBLIEKSZAKEN"}, "Deze afdeling staat al bij dit jaar."),
    ],
)
def test_bad_participation_is_refused_in_dutch_and_nothing_changes(
    personas: Any, changes: dict[str, str], message: str
) -> None:
    world.deelname(personas, "Publiekszaken")
    jaar = timezone.localdate().year
    data = {"jaar": str(jaar), "afdeling": "Ruimte", "medewerkers": "40", "deelgenomen": "3", **changes}
    response = client_of(personas, "coordinator").post(reverse("oefenen:deelname_nieuw") + f"?jaar={jaar}", data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert list(rows(personas, jaar)) == ["Publiekszaken"]


def test_the_coordinator_counts_who_took_part_and_a_stale_count_overwrites_nothing(personas: Any) -> None:
    row = world.deelname(personas, medewerkers=40, deelgenomen=10)
    url = reverse("oefenen:deelname", args=[row.pk])
    client = client_of(personas, "coordinator")
    data = {"version": row.version, "jaar": row.jaar, "afdeling": row.afdeling, "medewerkers": 40, "deelgenomen": 38}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "deelgenomen": 12})
    assert stale.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert rows(personas, row.jaar) == {"Publiekszaken": (40, 38)}


def test_only_the_coordinator_and_the_owner_of_personele_beveiliging_keep_the_participation(personas: Any) -> None:
    row = world.deelname(personas)
    eigenaar = client_of(personas, "thema_eigenaar")  # owns informatiebeveiliging
    refused = eigenaar.get(reverse("oefenen:deelname_nieuw"), follow=True)
    assert services.NOT_THE_PEOPLE in html.unescape(refused.content.decode())
    data = {"version": row.version, "jaar": row.jaar, "afdeling": "Weg", "medewerkers": 1, "deelgenomen": 0}
    assert eigenaar.post(reverse("oefenen:deelname", args=[row.pk]), data).status_code == 403
    assert (
        eigenaar.post(reverse("oefenen:deelname_verwijderen", args=[row.pk]), {"version": row.version}).status_code
        == 403
    )
    assert eigenaar.post(reverse("oefenen:nieuw_jaar"), {"jaar": row.jaar + 1}).status_code == 302
    assert rows(personas, row.jaar) == {"Publiekszaken": (40, 31)} and rows(personas, row.jaar + 1) == {}
    hr = personas.members["thema_eigenaar"]
    hr.themes = ["personele_beveiliging"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        hr.save(update_fields=["themes"])
    with world.bound(personas, "thema_eigenaar"):
        services.edit_deelname(by=hr, deelname=row, expected_version=row.version, deelgenomen=40)
    assert rows(personas, row.jaar) == {"Publiekszaken": (40, 40)}
    for role in ("bestuurder", "auditor"):
        assert client_of(personas, role).post(reverse("oefenen:deelname", args=[row.pk]), data).status_code == 403


def test_an_afdeling_is_removed_from_a_year_after_a_confirmation(personas: Any) -> None:
    row = world.deelname(personas)
    url = reverse("oefenen:deelname_verwijderen", args=[row.pk])
    client = client_of(personas, "coordinator")
    assert "Weet u zeker" in client.get(url).content.decode()
    assert client.post(url, {"version": row.version + 1}).status_code == 403  # a stale confirmation
    assert rows(personas, row.jaar) != {}
    assert client.post(url, {"version": row.version}).status_code == 302
    assert rows(personas, row.jaar) == {}


def test_an_activity_is_kept_by_the_owner_of_its_theme(personas: Any) -> None:
    made = world.activiteit(personas)
    url = reverse("oefenen:activiteit", args=[made.pk])
    data = {
        "version": made.version,
        "titel": "Phishingsimulatie najaar",
        "soort": "phishingsimulatie",
        "thema": "informatiebeveiliging",
        "datum": made.datum.isoformat(),
        "doelgroep": "Alle medewerkers",
        "aantal_deelnemers": "190",
    }
    assert client_of(personas, "thema_eigenaar").post(url, data).status_code == 302
    other = world.activiteit(personas, titel="Sessie agressie", soort="sessie", thema="personele_beveiliging")
    other_url = reverse("oefenen:activiteit", args=[other.pk])
    shown = client_of(personas, "thema_eigenaar").get(other_url).content.decode()
    assert "Sessie agressie" in shown and "Activiteit opslaan" not in shown
    assert client_of(personas, "thema_eigenaar").post(other_url, {**data, "version": other.version}).status_code == 403
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        kept = {a.titel: a.aantal_deelnemers for a in Bewustwordingsactiviteit.objects.all()}
    assert kept == {"Phishingsimulatie najaar": 190, "Sessie agressie": 180}
    with world.bound(personas, "thema_eigenaar"), pytest.raises(PermissionDenied):
        services.delete_activiteit(by=personas.members["thema_eigenaar"], activiteit=other)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"titel": ""}, "Geef een titel."),
        ({"soort": "feest"}, "Kies een van de soorten."),
        ({"datum": "1900-01-01"}, "binnen tien jaar"),
        ({"aantal_deelnemers": "100001"}, "hoogstens 100.000"),
    ],
)
def test_a_bad_activity_is_refused_in_dutch(personas: Any, changes: dict[str, str], message: str) -> None:
    data = {
        "titel": "E-learning",
        "soort": "e_learning",
        "thema": "",
        "datum": timezone.localdate().isoformat(),
        "doelgroep": "",
        "aantal_deelnemers": "",
        **changes,
    }
    response = client_of(personas, "coordinator").post(reverse("oefenen:activiteit_nieuw"), data)
    assert response.status_code == 400 and message in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Bewustwordingsactiviteit.objects.exists()


def test_an_activity_is_removed_after_a_confirmation_and_kept_in_the_history(personas: Any) -> None:
    made = world.activiteit(personas)
    url = reverse("oefenen:activiteit_verwijderen", args=[made.pk])
    assert client_of(personas, "coordinator").post(url, {"version": made.version}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Bewustwordingsactiviteit.objects.exists()
        events = apps.get_model("oefenen", "BewustwordingsactiviteitEvent").objects.order_by("pgh_id")
        assert [e.pgh_context["action"] for e in events] == ["oefenen.activiteit_add", "oefenen.activiteit_delete"]


def test_gemeente_b_sees_none_of_gemeente_a_s_awareness(personas: Any) -> None:
    row = world.deelname(personas)
    made = world.activiteit(personas)
    client = client_of(personas, "coordinator_b")
    shown = client.get(reverse("oefenen:bewustwording")).content.decode()
    assert "Publiekszaken" not in shown and "Phishingsimulatie" not in shown
    assert client.get(reverse("oefenen:deelname", args=[row.pk])).status_code == 404
    assert client.get(reverse("oefenen:activiteit", args=[made.pk])).status_code == 404
    assert client.post(reverse("oefenen:nieuw_jaar"), {"jaar": row.jaar + 1}).status_code == 302
    assert rows(personas, row.jaar + 1) == {}
