"""One exercise: planning it, recording it as done with its result and findings, who changes what, bad input,
stale edits, the history, and the follow-up actions of its findings."""

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

from acties.models import Verbeteractie
from lib import tenancy
from oefenen import services
from oefenen.models import Oefening
from risicos.tests import world as risicos_world

from . import world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, pk: Any) -> Oefening:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Oefening.objects.get(pk=pk)


def count(personas: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Oefening.objects.count()


def form_data(**changes: Any) -> dict[str, Any]:
    data = {
        "titel": "Tabletop uitval zaaksysteem",
        "soort": "tabletop",
        "thema": "informatiebeveiliging",
        "scenario": "",
        "gepland_op": (TODAY() + datetime.timedelta(days=40)).isoformat(),
        "status": "gepland",
        "uitgevoerd_op": "",
        "deelnemers": "Crisisteam, functioneel beheer",
        "aantal_deelnemers": "",
        "resultaat": "",
        "toelichting": "",
        "bevindingen": "",
    }
    data.update(changes)
    return data


def test_the_coordinator_plans_an_exercise_on_a_risk_and_it_is_in_the_history(personas: Any) -> None:
    risico = risicos_world.risico_pk(personas)
    response = client_of(personas, "coordinator").post(
        reverse("oefenen:oefening_nieuw"), form_data(scenario=str(risico))
    )
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        made = Oefening.objects.get()
        (event,) = apps.get_model("oefenen", "OefeningEvent").objects.all()
    assert response["Location"] == reverse("oefenen:oefening", args=[made.pk])
    assert (made.titel, made.scenario_id, made.status) == ("Tabletop uitval zaaksysteem", risico, "gepland")
    assert event.pgh_context["user"] == personas.members["coordinator"].user_id
    assert event.pgh_context["action"] == "oefenen.oefening_add"
    page = client_of(personas, "bestuurder").get(response["Location"]).content.decode()
    assert "Tabletop uitval zaaksysteem" in page and "Inbraak in het stadhuis" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"titel": ""}, "Geef een titel."),
        ({"titel": "x" * 201}, "Gebruik hoogstens 200 tekens."),
        ({"soort": "picknick"}, "Kies een van de soorten."),
        ({"gepland_op": ""}, "Vul de datum in."),
        ({"gepland_op": "31-02-2027"}, "Vul een geldige datum in"),
        ({"gepland_op": "2999-01-01"}, "binnen tien jaar"),
        ({"status": "uitgevoerd"}, "Vul de datum in waarop de oefening is uitgevoerd."),
        ({"aantal_deelnemers": "-3"}, "Vul 0 of meer in."),
        ({"aantal_deelnemers": "99999999999"}, "hoogstens 100.000"),
        ({"scenario": "geen-id"}, "Kies een risico uit de lijst."),
        ({"deelnemers": "x" * 1001}, "Gebruik hoogstens 1000 tekens."),
        ({"bevindingen": "nul\x00byte"}, ""),
    ],
)
def test_an_exercise_with_bad_input_is_refused_in_dutch_and_nothing_is_stored(
    personas: Any, changes: dict[str, str], message: str
) -> None:
    response = client_of(personas, "coordinator").post(reverse("oefenen:oefening_nieuw"), form_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert count(personas) == 0


def test_an_exercise_done_in_the_future_is_refused(personas: Any) -> None:
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    response = client_of(personas, "coordinator").post(
        reverse("oefenen:oefening_nieuw"), form_data(status="uitgevoerd", uitgevoerd_op=tomorrow)
    )
    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst" in response.content.decode()
    assert count(personas) == 0


def test_a_risk_of_another_gemeente_is_no_scenario(personas: Any) -> None:
    from risicos import services as risicos_services

    b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=b.user_id):
        risicos_services.start_register(by=b, methode="standaard")
        other = risicos_services.add_risico(by=b, titel="Brand in Beedorp", scenario="Brand.", themas=["continuiteit"])
    with world.bound(personas), pytest.raises(ValidationError) as refused:
        services.add_oefening(
            by=personas.members["coordinator"],
            titel="Brandoefening",
            soort="ontruiming",
            gepland_op=TODAY(),
            scenario=other,
        )
    assert refused.value.message_dict == {"scenario": [services.OTHER_RISK]}
    response = client_of(personas, "coordinator").post(
        reverse("oefenen:oefening_nieuw"), form_data(scenario=str(other.pk))
    )
    assert response.status_code == 400 and "Kies een risico uit de lijst." in response.content.decode()
    assert count(personas) == 0


def test_recording_it_as_done_keeps_the_result_and_findings_and_a_new_plan_clears_them(personas: Any) -> None:
    made = world.oefening(personas)
    url = reverse("oefenen:oefening_wijzigen", args=[made.pk])
    yesterday = (TODAY() - datetime.timedelta(days=1)).isoformat()
    done = form_data(
        version=made.version,
        gepland_op=made.gepland_op.isoformat(),
        status="uitgevoerd",
        uitgevoerd_op=yesterday,
        resultaat="niet_geslaagd",
        aantal_deelnemers="12",
        bevindingen="Het noodnummer van de leverancier klopte niet.",
    )
    assert client_of(personas, "coordinator").post(url, done).status_code == 302
    kept = stored(personas, made.pk)
    assert (kept.status, kept.uitgevoerd_op, kept.resultaat, kept.aantal_deelnemers) == (
        "uitgevoerd",
        datetime.date.fromisoformat(yesterday),
        "niet_geslaagd",
        12,
    )
    assert kept.datum == kept.uitgevoerd_op
    form = client_of(personas, "coordinator").get(url).content.decode()
    assert "dan worden de datum van uitvoering en het resultaat gewist" in form
    again = {**done, "version": kept.version, "status": "gepland"}
    said = client_of(personas, "coordinator").post(url, again, follow=True).content.decode()
    day = datetime.date.fromisoformat(yesterday).strftime("%d-%m-%Y")
    assert f"de datum van uitvoering ({day}) en het resultaat (niet geslaagd) zijn gewist" in said
    replanned = stored(personas, made.pk)
    assert (replanned.status, replanned.uitgevoerd_op, replanned.resultaat) == ("gepland", None, "")
    assert replanned.bevindingen == "Het noodnummer van de leverancier klopte niet."


def test_a_planned_exercise_whose_day_passed_is_shown_as_late(personas: Any) -> None:
    late = world.oefening(personas, gepland_op=TODAY() - datetime.timedelta(days=3))
    assert late.te_laat
    page = client_of(personas, "auditor").get(reverse("oefenen:oefening", args=[late.pk])).content.decode()
    assert "Deze oefening is te laat" in page
    assert not world.oefening(personas, gepland_op=TODAY()).te_laat


def test_a_stale_edit_overwrites_nothing_and_shows_what_is_stored(personas: Any) -> None:
    made = world.oefening(personas)
    url = reverse("oefenen:oefening_wijzigen", args=[made.pk])
    client = client_of(personas, "coordinator")
    first = form_data(version=made.version, titel="Eerste titel", gepland_op=made.gepland_op.isoformat())
    assert client.post(url, first).status_code == 302
    second = client.post(url, {**first, "titel": "Tweede titel"})
    assert second.status_code == 400
    assert "Iemand anders heeft dit intussen gewijzigd" in second.content.decode()
    assert stored(personas, made.pk).titel == "Eerste titel"


def test_a_thema_eigenaar_keeps_the_exercises_of_their_own_themes_only(personas: Any) -> None:
    eigenaar = client_of(personas, "thema_eigenaar")  # owns informatiebeveiliging
    assert eigenaar.post(reverse("oefenen:oefening_nieuw"), form_data()).status_code == 302
    refused = eigenaar.post(
        reverse("oefenen:oefening_nieuw"), form_data(titel="Ontruiming", thema="fysieke_beveiliging")
    )
    assert refused.status_code == 400
    none = eigenaar.post(reverse("oefenen:oefening_nieuw"), form_data(titel="Zonder thema", thema=""))
    assert none.status_code == 400 and services.NOT_YOUR_THEME in html.unescape(none.content.decode())
    assert count(personas) == 1
    other = world.oefening(personas, thema="fysieke_beveiliging", titel="Ontruimingsoefening")
    assert eigenaar.get(reverse("oefenen:oefening_wijzigen", args=[other.pk])).status_code == 403
    data = form_data(version=other.version, thema="informatiebeveiliging")
    assert eigenaar.post(reverse("oefenen:oefening_wijzigen", args=[other.pk]), data).status_code == 403
    assert stored(personas, other.pk).thema == "fysieke_beveiliging"
    page = eigenaar.get(reverse("oefenen:oefening", args=[other.pk])).content.decode()
    assert "Ontruimingsoefening" in page and "Oefening wijzigen" not in page
    with world.bound(personas, "thema_eigenaar"), pytest.raises(PermissionDenied):
        services.edit_oefening(by=personas.members["thema_eigenaar"], oefening=other, expected_version=1, titel="x")


def test_a_thema_eigenaar_does_not_move_an_own_exercise_to_another_theme(personas: Any) -> None:
    own = world.oefening(personas)
    data = form_data(version=own.version, thema="fysieke_beveiliging", gepland_op=own.gepland_op.isoformat())
    response = client_of(personas, "thema_eigenaar").post(reverse("oefenen:oefening_wijzigen", args=[own.pk]), data)
    assert response.status_code == 400
    assert stored(personas, own.pk).thema == "informatiebeveiliging"


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "melder", "ketenpartner"])
def test_who_may_not_keep_the_programme_changes_nothing(personas: Any, role: str) -> None:
    made = world.oefening(personas)
    client = client_of(personas, role)
    assert client.post(reverse("oefenen:oefening_nieuw"), form_data()).status_code == 403
    data = form_data(version=made.version, titel="Overgenomen")
    assert client.post(reverse("oefenen:oefening_wijzigen", args=[made.pk]), data).status_code == 403
    assert client.get(reverse("oefenen:oefening", args=[made.pk])).status_code == (
        200 if role in ("bestuurder", "auditor") else 403
    )
    assert stored(personas, made.pk).titel == "Tabletop ransomware"
    assert count(personas) == 1


def test_gemeente_b_does_not_find_gemeente_a_s_exercise(personas: Any) -> None:
    made = world.oefening(personas)
    client = client_of(personas, "coordinator_b")
    for name in ("oefening", "oefening_wijzigen", "oefening_actie"):
        assert client.get(reverse(f"oefenen:{name}", args=[made.pk])).status_code == 404
    assert "Tabletop ransomware" not in client.get(reverse("oefenen:programma")).content.decode()
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert not Oefening.objects.voor(personas.coordinator_b).exists()


def test_a_finding_becomes_an_action_named_by_the_kind_and_date_of_the_exercise(personas: Any) -> None:
    made = world.uitgevoerd(personas, titel="Back-up terugzetten bij Jan de Vries")
    deadline = (TODAY() + datetime.timedelta(days=45)).isoformat()
    data = {
        "titel": "Hersteltijd met de leverancier afspreken",
        "resultaat": "Contract noemt een hersteltijd van twee uur",
        "eigenaar": str(personas.members["thema_eigenaar"].pk),
        "deadline": deadline,
        "thema": "informatiebeveiliging",
        "toelichting": "",
    }
    client = client_of(personas, "coordinator")
    response = client.post(reverse("oefenen:oefening_actie", args=[made.pk]), data)
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        actie = Verbeteractie.objects.get()
    assert (actie.bron, actie.bron_id) == ("oefening", made.pk)
    assert actie.bron_titel == f"Technische test (zoals back-up terugzetten of pentest) van {made.datum:%d-%m-%Y}"
    assert "Jan de Vries" not in actie.bron_titel
    assert actie.bron_url == reverse("oefenen:oefening", args=[made.pk])
    page = client.get(reverse("oefenen:oefening", args=[made.pk])).content.decode()
    assert "Hersteltijd met de leverancier afspreken" in page
    assert (
        reverse("oefenen:oefening", args=[made.pk])
        in client.get(reverse("acties:actie", args=[actie.pk])).content.decode()
    )


def test_only_an_editor_of_the_exercise_makes_its_actions(personas: Any) -> None:
    other = world.oefening(personas, thema="fysieke_beveiliging")
    assert (
        client_of(personas, "thema_eigenaar").get(reverse("oefenen:oefening_actie", args=[other.pk])).status_code == 403
    )
    with world.bound(personas, "thema_eigenaar"), pytest.raises(PermissionDenied):
        services.actie(
            by=personas.members["thema_eigenaar"],
            oefening=other,
            titel="x",
            resultaat="y",
            eigenaar=personas.members["thema_eigenaar"],
            deadline=TODAY(),
        )
    assert client_of(personas, "bestuurder").get(reverse("oefenen:oefening_actie", args=[other.pk])).status_code == 403
