"""One action model: SMART actions from findings, their owners' own page, who changes what, reminders."""

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

from acties import herinneringen, services
from acties.models import Verbeteractie
from incidenten.tests import world as incidenten_world
from lib import tenancy

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, pk: Any) -> Verbeteractie:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Verbeteractie.objects.get(pk=pk)


def count(personas: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Verbeteractie.objects.count()


def new_action(personas: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "bron": "audit",
        "bron_titel": "Interne audit BIO 2026",
        "titel": "Wachtwoordbeleid voor beheeraccounts aanscherpen",
        "resultaat": "Alle beheeraccounts hebben MFA",
        "eigenaar": str(personas.members["thema_eigenaar"].pk),
        "deadline": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
        "thema": "informatiebeveiliging",
        "toelichting": "",
    }
    data.update(changes)
    return data


def test_the_coordinator_records_an_action_from_an_audit_and_its_owner_finds_it(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    assert client.post(reverse("acties:nieuw"), new_action(personas)).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        made = Verbeteractie.objects.get()
        (event,) = apps.get_model("acties", "VerbeteractieEvent").objects.all()
    assert (made.bron, made.bron_titel, made.status) == ("audit", "Interne audit BIO 2026", "open")
    assert event.pgh_context["user"] == personas.members["coordinator"].user_id
    mine = client_of(personas, "thema_eigenaar").get(reverse("acties:mijn")).content.decode()
    assert "Wachtwoordbeleid voor beheeraccounts aanscherpen" in mine
    assert "Wachtwoordbeleid" not in client_of(personas, "melder").get(reverse("acties:mijn")).content.decode()


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"titel": ""}, "Schrijf op wat er gebeurt."),
        ({"resultaat": ""}, "Schrijf op waaraan te zien is dat de actie klaar is."),
        ({"eigenaar": ""}, "Kies een eigenaar."),
        ({"eigenaar": "geen-id"}, "Kies een eigenaar uit de lijst."),
        ({"deadline": "2020-01-01"}, "Deze datum is al voorbij"),
        ({"deadline": "2999-01-01"}, "Kies een datum binnen tien jaar"),
        ({"deadline": "31-02-2027"}, "Vul een geldige datum in"),
        ({"bron": "roddel"}, "Kies een bron."),
        ({"titel": "x" * 201}, "Gebruik hoogstens 200 tekens."),
        ({"toelichting": "nul\x00byte"}, ""),
    ],
)
def test_an_action_that_is_not_smart_or_not_valid_is_refused_in_dutch(
    personas: Any, changes: dict[str, str], field_message: str
) -> None:
    response = client_of(personas, "coordinator").post(reverse("acties:nieuw"), new_action(personas, **changes))
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert count(personas) == 0


def test_an_owner_of_another_gemeente_or_a_ketenpartner_is_refused(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    for eigenaar in (personas.coordinator_b, personas.members["ketenpartner"]):
        response = client.post(reverse("acties:nieuw"), new_action(personas, eigenaar=str(eigenaar.pk)))
        assert response.status_code == 400 and "Kies een eigenaar uit de lijst." in response.content.decode()
    coordinator = personas.members["coordinator"]
    with (
        tenancy.bound(gemeente=personas.gemeente_a.pk, user=coordinator.user_id),
        pytest.raises(ValidationError, match="eigen gemeente"),
    ):
        services.add(
            by=coordinator,
            bron="audit",
            titel="x",
            resultaat="y",
            eigenaar=personas.members["ketenpartner"],
            deadline=timezone.localdate(),
        )
    assert count(personas) == 0


def test_the_owner_updates_status_and_progress_but_nothing_else(personas: Any) -> None:
    made = world.actie(personas, eigenaar="melder")
    client = client_of(personas, "melder")
    url = reverse("acties:actie", args=[made.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' in page and 'name="titel"' not in page
    data = {"version": str(made.version), "status": "afgerond", "toelichting": "Register ligt bij de ingang."}
    assert client.post(url, data).status_code == 302
    after = stored(personas, made.pk)
    assert (after.status, after.afgerond_op) == ("afgerond", timezone.localdate())
    stale = client.post(url, {**data, "status": "bezig"})
    assert stale.status_code == 400 and stored(personas, made.pk).status == "afgerond"
    melder = personas.members["melder"]
    with (
        tenancy.bound(gemeente=personas.gemeente_a.pk, user=melder.user_id),
        pytest.raises(PermissionDenied, match="status en de voortgang"),
    ):
        services.edit(by=melder, actie=after, expected_version=after.version, titel="Iets anders")
    assert stored(personas, made.pk).titel == made.titel


def test_a_thema_eigenaar_changes_only_the_actions_of_their_themes(personas: Any) -> None:
    theirs = world.actie(personas, thema="informatiebeveiliging")
    other = world.actie(personas, thema="fysieke_beveiliging")
    client = client_of(personas, "thema_eigenaar")
    assert client.get(reverse("acties:actie", args=[other.pk])).status_code == 404
    listed = client.get(reverse("acties:lijst")).content.decode()
    assert theirs.titel in listed and reverse("acties:actie", args=[other.pk]) not in listed
    url = reverse("acties:actie", args=[theirs.pk])
    data = new_action(personas, eigenaar=str(personas.members["melder"].pk), status="bezig")  # its current owner
    data["version"] = str(theirs.version)
    del data["bron"], data["bron_titel"]
    assert client.post(url, data).status_code == 302
    # Moving it to a theme that is not theirs is refused at the field.
    data["version"] = str(stored(personas, theirs.pk).version)
    refused = client.post(url, {**data, "thema": "fysieke_beveiliging"})
    assert refused.status_code == 400 and html.escape(services.NOT_YOUR_THEME) in refused.content.decode()
    assert stored(personas, theirs.pk).thema == "informatiebeveiliging"


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_see_every_action_but_change_none(personas: Any, role: str) -> None:
    made = world.actie(personas)
    client = client_of(personas, role)
    assert made.titel in client.get(reverse("acties:lijst")).content.decode()
    url = reverse("acties:actie", args=[made.pk])
    assert 'name="titel"' not in client.get(url).content.decode()
    assert client.post(url, {"version": str(made.version), "status": "vervallen"}).status_code == 403
    assert stored(personas, made.pk).status == "open"
    assert client.get(reverse("acties:nieuw")).status_code == 403


def test_a_melder_sees_only_their_own_actions_and_another_gemeente_sees_none(personas: Any) -> None:
    own = world.actie(personas, eigenaar="melder")
    other = world.actie(personas, eigenaar="coordinator")
    melder = client_of(personas, "melder")
    assert melder.get(reverse("acties:actie", args=[own.pk])).status_code == 200
    assert melder.get(reverse("acties:actie", args=[other.pk])).status_code == 404
    assert melder.get(reverse("acties:lijst")).status_code == 403
    b = client_of(personas, "coordinator_b")
    assert b.get(reverse("acties:actie", args=[own.pk])).status_code == 404
    assert own.titel not in b.get(reverse("acties:lijst")).content.decode()


def test_the_list_filters_running_overdue_and_source(personas: Any) -> None:
    late = world.actie(personas, titel="Te late actie")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Verbeteractie.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=3))
    done = world.actie(personas, titel="Afgeronde actie")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Verbeteractie.objects.filter(pk=done.pk).update(status="afgerond", afgerond_op=timezone.localdate())
    world.actie(personas, titel="Lopende actie")
    client = client_of(personas, "coordinator")
    url = reverse("acties:lijst")
    running = client.get(url).content.decode()
    assert "Te late actie" in running and "Lopende actie" in running and "Afgeronde actie" not in running
    assert "(te laat)" in running
    overdue = client.get(url, {"te_laat": "on"}).content.decode()
    assert "Te late actie" in overdue and "Lopende actie" not in overdue
    assert "Afgeronde actie" in client.get(url, {"status": "alle"}).content.decode()
    assert "Te late actie" not in client.get(url, {"bron": "incident"}).content.decode()
    assert client.get(url, {"status": "weg"}).status_code == 400


def test_the_reminders_name_the_owners_overdue_and_coming_actions(personas: Any) -> None:
    today = timezone.localdate()
    soon = world.actie(personas, eigenaar="melder", deadline=today + datetime.timedelta(days=5))
    late = world.actie(personas, eigenaar="melder", titel="Te laat")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Verbeteractie.objects.filter(pk=late.pk).update(deadline=today - datetime.timedelta(days=1))
    world.actie(personas, eigenaar="melder", titel="Ver weg", deadline=today + datetime.timedelta(days=90))
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        punten = list(herinneringen.open_punten(today, 30))
    assert [(p.soort, p.object_id) for p in punten] == [
        (herinneringen.TE_LAAT, late.pk),
        (herinneringen.BINNENKORT, soon.pk),
    ]
    assert {p.membership_id for p in punten} == {personas.members["melder"].pk}


def test_a_handler_adds_a_follow_up_action_to_an_incident_that_names_it_without_its_text(personas: Any) -> None:
    incident = incidenten_world.melding(personas, sleutel="datalek", omschrijving="Brief aan mevrouw Jansen")
    client = client_of(personas, "thema_eigenaar")  # informatiebeveiliging: the data breach is theirs
    url = reverse("incidenten:actie", args=[incident.pk])
    assert 'value="informatiebeveiliging" selected' in client.get(url).content.decode()
    data = new_action(personas)
    del data["bron"], data["bron_titel"]
    assert client.post(url, data).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        made = Verbeteractie.objects.get()
    assert (made.bron, made.bron_id) == ("incident", incident.pk)
    assert "Jansen" not in made.bron_titel and "Datalek" in made.bron_titel
    page = client.get(reverse("incidenten:incident", args=[incident.pk])).content.decode()
    assert made.titel in page
    action_page = client.get(reverse("acties:actie", args=[made.pk])).content.decode()
    assert reverse("incidenten:incident", args=[incident.pk]) in action_page
    # Another theme's report: its handler is someone else.
    other = incidenten_world.melding(personas, sleutel="agressie")
    assert client.post(reverse("incidenten:actie", args=[other.pk]), data).status_code == 404
    assert client_of(personas, "bestuurder").get(reverse("incidenten:actie", args=[incident.pk])).status_code == 403
