"""One activity: made and changed by the coördinator, recorded as done with its conclusion; its findings
(the coördinator any, a thema-eigenaar of their own themes) and the actions made from them."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from lib import tenancy
from lib.errors import NotYourTheme, StateConflict
from pdca import services
from pdca.models import Activiteit, Bevinding

from . import world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, model: Any, pk: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return model.objects.get(pk=pk)


def count(personas: Any, model: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(model.objects.count())


def form_of(activiteit: Activiteit, **changes: Any) -> dict[str, Any]:
    data = {
        "version": str(activiteit.version),
        "titel": activiteit.titel,
        "fase": activiteit.fase,
        "soort": activiteit.soort,
        "gepland_op": activiteit.gepland_op.isoformat(),
        "eigenaar": str(activiteit.eigenaar_id or ""),
        "status": activiteit.status,
        "uitgevoerd_op": activiteit.uitgevoerd_op.isoformat() if activiteit.uitgevoerd_op else "",
        "omschrijving": activiteit.omschrijving,
        "conclusie": activiteit.conclusie,
    }
    data.update(changes)
    return data


def finding(**changes: Any) -> dict[str, Any]:
    return {"tekst": "Bezoekers lopen zonder begeleiding door het stadhuis.", "soort": "tekortkoming", **changes}


# --- activities ------------------------------------------------------------------------------------


def test_the_coordinator_plans_an_activity_and_records_it_as_done_with_its_conclusion(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    data = {
        "titel": "Evaluatie ontruimingsoefening",
        "fase": "check",
        "soort": "evaluatie",
        "gepland_op": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "eigenaar": str(personas.members["thema_eigenaar"].pk),
        "omschrijving": "Met de BHV-ploeg.",
    }
    made = client.post(reverse("pdca:activiteit_nieuw"), data)
    assert made.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        activiteit = Activiteit.objects.get()
    assert made["Location"] == reverse("pdca:activiteit", args=[activiteit.pk])
    assert (activiteit.status, activiteit.eigenaar_id) == ("gepland", personas.members["thema_eigenaar"].pk)
    url = reverse("pdca:activiteit", args=[activiteit.pk])
    page = client.get(url).content.decode()
    assert "Deze activiteit is te laat" in page and "De bevindingen komen na de uitvoering." in page
    assert reverse("pdca:bevinding_nieuw", args=[activiteit.pk]) not in page

    refused = client.post(url, form_of(activiteit, status="uitgevoerd"))
    assert refused.status_code == 400 and "Vul in wanneer de activiteit is uitgevoerd." in refused.content.decode()
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, form_of(activiteit, status="uitgevoerd", uitgevoerd_op=tomorrow))
    assert "Deze datum ligt in de toekomst" in refused.content.decode()
    assert stored(personas, Activiteit, activiteit.pk).status == "gepland"

    done = form_of(activiteit, status="uitgevoerd", uitgevoerd_op=TODAY.isoformat(), conclusie="Vluchtwegen vrij.")
    assert client.post(url, done).status_code == 302
    after = stored(personas, Activiteit, activiteit.pk)
    assert (after.status, after.uitgevoerd_op, after.conclusie) == ("uitgevoerd", TODAY, "Vluchtwegen vrij.")
    page = client.get(url).content.decode()
    assert "te laat" not in page and reverse("pdca:bevinding_nieuw", args=[activiteit.pk]) in page
    # back to planned: the date of its execution goes with it
    assert client.post(url, form_of(after, status="gepland", uitgevoerd_op=TODAY.isoformat())).status_code == 302
    assert stored(personas, Activiteit, activiteit.pk).uitgevoerd_op is None
    events = apps.get_model("pdca", "ActiviteitEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        actions = [e.pgh_context["action"] for e in events.objects.order_by("pgh_id")]
    assert actions == ["pdca.activiteit", "pdca.activiteit_edit", "pdca.activiteit_edit"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"titel": ""}, "Geef de activiteit een titel."),
        ({"fase": "doen"}, "Kies een van de vier fasen."),
        ({"gepland_op": "1899-12-31"}, "Vul een datum in tussen"),
        ({"gepland_op": "2090-01-01"}, "Kies een datum tussen 2000 en"),
        ({"eigenaar": "niet-een-id"}, "Kies een eigenaar uit de lijst."),
        ({"omschrijving": "x" * 2001}, "Gebruik hoogstens 2000 tekens."),
    ],
)
def test_a_bad_activity_is_refused_in_dutch_and_nothing_is_stored(
    personas: Any, changes: dict[str, str], message: str
) -> None:
    data = {"titel": "Audit", "fase": "check", "soort": "interne_audit", "gepland_op": TODAY.isoformat(), **changes}
    response = client_of(personas, "coordinator").post(reverse("pdca:activiteit_nieuw"), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert count(personas, Activiteit) == 0


def test_an_owner_of_another_gemeente_or_a_ketenpartner_is_refused(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    data = {"titel": "Audit", "fase": "check", "soort": "interne_audit", "gepland_op": TODAY.isoformat()}
    for eigenaar in (personas.coordinator_b, personas.members["ketenpartner"]):
        response = client.post(reverse("pdca:activiteit_nieuw"), {**data, "eigenaar": str(eigenaar.pk)})
        assert response.status_code == 400 and "Kies een eigenaar uit de lijst." in response.content.decode()
    assert count(personas, Activiteit) == 0


def test_a_stale_edit_overwrites_nothing_and_shows_what_is_stored(personas: Any) -> None:
    activiteit = world.activiteit(personas)
    client = client_of(personas, "coordinator")
    url = reverse("pdca:activiteit", args=[activiteit.pk])
    assert client.post(url, form_of(activiteit, titel="Eerste wijziging")).status_code == 302
    stale = client.post(url, form_of(activiteit, titel="Tweede wijziging"))
    assert stale.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert "Eerste wijziging" in stale.content.decode()
    assert stored(personas, Activiteit, activiteit.pk).titel == "Eerste wijziging"


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor"])
def test_readers_see_an_activity_but_do_not_change_or_make_one(personas: Any, role: str) -> None:
    activiteit = world.activiteit(personas)
    client = client_of(personas, role)
    url = reverse("pdca:activiteit", args=[activiteit.pk])
    page = client.get(url).content.decode()
    assert activiteit.titel in page and 'name="titel"' not in page
    assert client.post(url, form_of(activiteit, titel="Overgenomen")).status_code == 403
    assert client.get(reverse("pdca:activiteit_nieuw")).status_code == 403
    assert stored(personas, Activiteit, activiteit.pk).titel == activiteit.titel


def test_a_member_of_another_gemeente_reaches_no_activity_finding_or_action_page(personas: Any) -> None:
    bevinding = stored(personas, Bevinding, world.bevinding_pk(personas))
    b = client_of(personas, "coordinator_b")
    urls = [
        reverse("pdca:activiteit", args=[bevinding.activiteit_id]),
        reverse("pdca:bevinding_nieuw", args=[bevinding.activiteit_id]),
        reverse("pdca:bevinding", args=[bevinding.pk]),
        reverse("pdca:actie", args=[bevinding.pk]),
    ]
    for url in urls:
        assert b.get(url).status_code == 404
        assert b.post(url, finding()).status_code == 404
    assert count(personas, Bevinding) == 1


# --- findings --------------------------------------------------------------------------------------


def test_findings_are_recorded_on_a_done_activity_only(personas: Any) -> None:
    planned = world.activiteit(personas)
    client = client_of(personas, "coordinator")
    url = reverse("pdca:bevinding_nieuw", args=[planned.pk])
    assert "Leg eerst vast dat de activiteit is uitgevoerd" in client.get(url).content.decode()
    assert client.post(url, finding()).status_code == 409
    coordinator = personas.members["coordinator"]
    with world.bound(personas), pytest.raises(StateConflict):
        services.add_bevinding(by=coordinator, activiteit=planned, **finding())
    audit = world.audit(personas)
    made = client.post(reverse("pdca:bevinding_nieuw", args=[audit.pk]), finding(voor_kader="on"))
    assert made.status_code == 302 and made["Location"].endswith("#bevindingen")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        bevinding = Bevinding.objects.get()
    assert (bevinding.activiteit_id, bevinding.voor_kader, bevinding.thema) == (audit.pk, True, "")
    page = client.get(reverse("pdca:activiteit", args=[audit.pk])).content.decode()
    assert html.escape(bevinding.tekst) in page and "Mee te nemen in de volgende versie van het kader" in page
    # a done activity with findings stays done
    refused = client.post(reverse("pdca:activiteit", args=[audit.pk]), form_of(audit, status="gepland"))
    assert refused.status_code == 400 and services.HAS_FINDINGS in refused.content.decode()


def test_a_thema_eigenaar_records_and_changes_only_findings_of_their_own_themes(personas: Any) -> None:
    audit = world.audit(personas)
    client = client_of(personas, "thema_eigenaar")  # informatiebeveiliging
    url = reverse("pdca:bevinding_nieuw", args=[audit.pk])
    form = client.get(url).content.decode()
    assert 'value="informatiebeveiliging"' in form and 'value="fysieke_beveiliging"' not in form
    refused = client.post(url, finding(thema="fysieke_beveiliging"))
    assert refused.status_code == 400 and "Kies een van de thema" in refused.content.decode()
    assert client.post(url, finding(thema="")).status_code == 400
    assert client.post(url, finding(thema="informatiebeveiliging")).status_code == 302
    eigenaar = personas.members["thema_eigenaar"]
    with world.bound(personas, "thema_eigenaar"), pytest.raises(NotYourTheme):
        services.add_bevinding(by=eigenaar, activiteit=audit, **finding(thema="integriteit"))
    other = world.bevinding(personas, thema="fysieke_beveiliging", tekst="Hek staat open")
    own = world.bevinding(personas, thema="informatiebeveiliging", tekst="Wachtwoorden op briefjes")
    other_url = reverse("pdca:bevinding", args=[other.pk])
    assert 'name="tekst"' not in client.get(other_url).content.decode()
    data = {"version": str(other.version), **finding(thema="fysieke_beveiliging")}
    assert client.post(other_url, data).status_code == 403
    assert client.get(reverse("pdca:actie", args=[other.pk])).status_code == 403
    own_url = reverse("pdca:bevinding", args=[own.pk])
    data = {"version": str(own.version), **finding(thema="informatiebeveiliging", tekst="Wachtwoorden op papier")}
    assert client.post(own_url, data).status_code == 302
    assert stored(personas, Bevinding, own.pk).tekst == "Wachtwoorden op papier"
    fresh = stored(personas, Bevinding, own.pk)
    with world.bound(personas, "thema_eigenaar"), pytest.raises(NotYourTheme):
        services.edit_bevinding(by=eigenaar, bevinding=fresh, expected_version=fresh.version, thema="integriteit")
    for role in ("bestuurder", "auditor"):
        assert client_of(personas, role).get(url).status_code == 403
        assert client_of(personas, role).post(own_url, data).status_code == 403


def test_a_stale_edit_of_a_finding_overwrites_nothing(personas: Any) -> None:
    bevinding = world.bevinding(personas)
    client = client_of(personas, "coordinator")
    url = reverse("pdca:bevinding", args=[bevinding.pk])
    data = {"version": str(bevinding.version), **finding(thema="informatiebeveiliging")}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "tekst": "Iets anders"})
    assert stale.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert stored(personas, Bevinding, bevinding.pk).tekst == finding()["tekst"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"tekst": ""}, "Beschrijf de bevinding."),
        ({"tekst": "x" * 2001}, "Beschrijf haar in hoogstens 2000 tekens."),
        ({"soort": "roddel"}, "Kies een van de soorten."),
        ({"thema": "weer"}, "Kies een van de thema&#x27;s in de lijst."),
    ],
)
def test_a_bad_finding_is_refused_in_dutch(personas: Any, changes: dict[str, str], message: str) -> None:
    audit = world.audit(personas)
    url = reverse("pdca:bevinding_nieuw", args=[audit.pk])
    response = client_of(personas, "coordinator").post(url, finding(**changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert count(personas, Bevinding) == 0


# --- actions from findings -------------------------------------------------------------------------


def new_action(personas: Any, **changes: Any) -> dict[str, Any]:
    return {
        "titel": "Bezoekersregeling invoeren",
        "resultaat": "Elke bezoeker wordt opgehaald bij de balie",
        "eigenaar": str(personas.members["thema_eigenaar"].pk),
        "deadline": (TODAY + datetime.timedelta(days=60)).isoformat(),
        "thema": "informatiebeveiliging",
        **changes,
    }


@pytest.mark.parametrize(
    ("soort", "bron"),
    [("interne_audit", "audit"), ("externe_audit", "audit"), ("evaluatie", "evaluatie"), ("rapportage", "overig")],
)
def test_a_finding_becomes_an_action_whose_source_is_its_activity(personas: Any, soort: str, bron: str) -> None:
    activiteit = world.activiteit(
        personas, titel=f"Activiteit {soort}", soort=soort, fase="check", status="uitgevoerd", uitgevoerd_op=TODAY
    )
    with world.bound(personas):
        bevinding = services.add_bevinding(
            by=personas.members["coordinator"], activiteit=activiteit, **finding(thema="informatiebeveiliging")
        )
    client = client_of(personas, "thema_eigenaar")
    url = reverse("pdca:actie", args=[bevinding.pk])
    assert 'value="informatiebeveiliging" selected' in client.get(url).content.decode()
    assert client.post(url, new_action(personas)).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        actie = Verbeteractie.objects.get()
    assert (actie.bron, actie.bron_id, actie.bron_titel) == (bron, activiteit.pk, activiteit.titel)
    page = client.get(reverse("pdca:activiteit", args=[activiteit.pk])).content.decode()
    assert actie.titel in page
    action_page = client.get(reverse("acties:actie", args=[actie.pk])).content.decode()
    linked = reverse("pdca:activiteit", args=[activiteit.pk]) in action_page
    assert linked == (bron != "overig")  # the page of an evaluation, an audit or a review; overig has none


def test_a_management_reviews_action_names_a_review_and_readers_make_none(personas: Any) -> None:
    review = world.activiteit(personas, status="uitgevoerd", uitgevoerd_op=TODAY)
    with world.bound(personas):
        bevinding = services.add_bevinding(by=personas.members["coordinator"], activiteit=review, **finding())
    assert services.bron_van(review) == "managementreview"
    url = reverse("pdca:actie", args=[bevinding.pk])
    for role in ("bestuurder", "auditor"):
        assert client_of(personas, role).post(url, new_action(personas)).status_code == 403
    with world.bound(personas, "bestuurder"), pytest.raises(PermissionDenied):
        services.actie(by=personas.members["bestuurder"], bevinding=bevinding)
    assert count(personas, Verbeteractie) == 0
    client = client_of(personas, "coordinator")
    data = new_action(personas, eigenaar=str(personas.members["coordinator"].pk), thema="")
    assert client.post(url, data).status_code == 302
    # once it has actions, the review does not become a kind of another nature
    refused = client.post(
        reverse("pdca:activiteit", args=[review.pk]),
        form_of(stored(personas, Activiteit, review.pk), soort="interne_audit"),
    )
    assert refused.status_code == 400 and "Er zijn al acties uit deze activiteit" in refused.content.decode()
