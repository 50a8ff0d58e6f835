"""What follows a report: the 72 hours of a data breach, links to risks and measures, the retention period
of personal data, and the coördinator's settings and kinds."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidenten import services
from incidenten.models import Incident, IncidentMaatregel, IncidentRisico, IncidentSoort, Instelling
from lib import tenancy
from risicos import services as risicos_services
from risicos.models import Maatregel, Risico
from risicos.tests import world as risicos_world

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def stored(personas: Any, model: Any, pk: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return model.objects.get(pk=pk)


def handling(incident: Incident, **changes: Any) -> dict[str, Any]:
    data = {"version": str(incident.version), "status": "in_behandeling", "ap_melding": "open"}
    if incident.datalek:
        data["datalek"] = "on"
    data.update(changes)
    return data


def events_of(personas: Any, model: str, pk: Any) -> list[Any]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(apps.get_model("incidenten", model).objects.filter(pgh_obj_id=pk).order_by("pgh_id"))


# --- the 72 hours of a data breach -------------------------------------------------------------------


def test_a_data_breach_shows_its_deadline_until_the_handler_records_the_report_to_the_autoriteit(
    personas: Any,
) -> None:
    incident = world.melding(personas, sleutel="datalek", omschrijving="Brief naar een verkeerd adres")
    assert incident.datalek and incident.ap_melding == "open"
    deadline = timezone.localtime(incident.created_at + datetime.timedelta(hours=72))
    client = client_of(personas, "coordinator")
    url = reverse("incidenten:incident", args=[incident.pk])
    page = client.get(url).content.decode()
    assert "meld dit uiterlijk" in page and f"{deadline:%H:%M}" in page
    assert "Er is nog 71 uur" in page or "Er is nog 72 uur" in page
    assert "melden bij de AP uiterlijk" in client.get(reverse("incidenten:lijst")).content.decode()

    refused = client.post(url, handling(incident, ap_melding="gemeld"))
    assert refused.status_code == 400
    assert "Vul de datum in waarop het datalek bij de Autoriteit is gemeld." in refused.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(url, handling(incident, ap_melding="gemeld", ap_gemeld_op=future))
    assert "Deze datum ligt in de toekomst" in refused.content.decode()
    assert stored(personas, Incident, incident.pk).ap_melding == "open"

    today = timezone.localdate().isoformat()
    assert client.post(url, handling(incident, ap_melding="gemeld", ap_gemeld_op=today)).status_code == 302
    after = stored(personas, Incident, incident.pk)
    assert (after.ap_melding, after.ap_gemeld_op) == ("gemeld", timezone.localdate())
    assert "meld dit uiterlijk" not in client.get(url).content.decode()


def test_a_data_breach_reported_too_late_says_so_and_other_kinds_have_no_deadline(personas: Any) -> None:
    late = world.melding(personas, sleutel="datalek")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Incident.objects.filter(pk=late.pk).update(created_at=timezone.now() - datetime.timedelta(hours=80))
    client = client_of(personas, "coordinator")
    page = client.get(reverse("incidenten:incident", args=[late.pk])).content.decode()
    assert "Die termijn is 8 uur geleden verstreken" in page
    other = world.melding(personas, sleutel="agressie")
    assert not other.datalek
    assert "uiterlijk" not in client.get(reverse("incidenten:incident", args=[other.pk])).content.decode()
    # The handler decides that a phishing report was a data breach after all: from then on it counts.
    phishing = world.melding(personas, sleutel="phishing")
    url = reverse("incidenten:incident", args=[phishing.pk])
    assert client.post(url, handling(phishing, datalek="on")).status_code == 302
    assert "meld dit uiterlijk" in client.get(url).content.decode()


# --- links to risks and measures ---------------------------------------------------------------------


def test_the_handler_links_a_risk_found_by_search_and_flags_it_for_review(personas: Any) -> None:
    incident = world.melding(personas)
    risico = stored(personas, Risico, risicos_world.risico_pk(personas))  # "Inbraak in het stadhuis"
    client = client_of(personas, "coordinator")
    url = reverse("incidenten:incident", args=[incident.pk])
    found = client.get(url, {"zoek": "stadhuis"}).content.decode()
    assert f'value="{risico.pk}"' in found
    assert "Geen risico of maatregel gevonden" in client.get(url, {"zoek": "onvindbaar"}).content.decode()

    koppel = reverse("incidenten:koppel", args=[incident.pk])
    assert client.post(koppel, {"risico": str(risico.pk), "herbeoordelen": "on"}).status_code == 302
    after = stored(personas, Risico, risico.pk)
    assert after.herbeoordelen and after.volgende_review == timezone.localdate()
    assert after.version == risico.version + 1
    page = client.get(url).content.decode()
    assert "(opnieuw te beoordelen)" in page and risico.titel in page
    # Linked once: the search no longer offers it, a second link is refused.
    assert f'value="{risico.pk}"' not in client.get(url, {"zoek": "stadhuis"}).content.decode()
    again = client.post(koppel, {"risico": str(risico.pk)}, follow=True)
    assert services.ALREADY_LINKED in again.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert IncidentRisico.objects.count() == 1
        link = IncidentRisico.objects.get()
    (event,) = events_of(personas, "IncidentRisicoEvent", link.pk)
    assert event.pgh_context["action"] == "incidenten.koppel_risico"


def test_a_measure_is_linked_without_a_flag_and_a_link_is_removed_after_confirmation(personas: Any) -> None:
    incident = world.melding(personas)
    maatregel = stored(personas, Maatregel, risicos_world.maatregel_pk(personas))
    client = client_of(personas, "coordinator")
    koppel = reverse("incidenten:koppel", args=[incident.pk])
    assert client.post(koppel, {"maatregel": str(maatregel.pk), "herbeoordelen": "on"}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        link = IncidentMaatregel.objects.get()
    url = reverse("incidenten:ontkoppel_maatregel", args=[link.pk])
    confirm = client.get(url).content.decode()
    assert "Weet u zeker" in confirm and maatregel.titel in confirm
    stale = client.post(url, {"version": str(link.version + 1)}).content.decode()
    assert "gewijzigd" in stale
    assert client.post(url, {"version": str(link.version)}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not IncidentMaatregel.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies één risico of één maatregel om te koppelen."),
        ({"risico": "geen-uuid"}, "Kies een risico uit de lijst."),
        ({"risico": "00000000-0000-0000-0000-000000000000"}, services.OTHER_GEMEENTE),
    ],
)
def test_a_link_to_nothing_or_to_a_malformed_id_is_refused_in_dutch(personas: Any, data: Any, message: str) -> None:
    incident = world.melding(personas)
    response = client_of(personas, "coordinator").post(
        reverse("incidenten:koppel", args=[incident.pk]), data, follow=True
    )
    assert message in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not IncidentRisico.objects.exists() and not IncidentMaatregel.objects.exists()


def test_another_gemeentes_risk_cannot_be_linked_or_flagged(personas: Any) -> None:
    incident = world.melding(personas)
    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        risicos_services.start_register(by=by)
        theirs = risicos_services.add_risico(by=by, titel="Brand in Beedorp", scenario="Brand.")
    client = client_of(personas, "coordinator")
    response = client.post(
        reverse("incidenten:koppel", args=[incident.pk]), {"risico": str(theirs.pk), "herbeoordelen": "on"}, follow=True
    )
    assert services.OTHER_GEMEENTE in response.content.decode()
    assert (
        "Brand in Beedorp"
        not in client.get(reverse("incidenten:incident", args=[incident.pk]), {"zoek": "Brand"}).content.decode()
    )
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert not Risico.objects.get(pk=theirs.pk).herbeoordelen
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not IncidentRisico.objects.exists()


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "melder"])
def test_who_does_not_handle_the_report_links_nothing(personas: Any, role: str) -> None:
    incident = world.melding(personas)
    risico = risicos_world.risico_pk(personas)
    client = client_of(personas, role)
    assert client.post(reverse("incidenten:koppel", args=[incident.pk]), {"risico": str(risico)}).status_code == 403
    if role != "melder":
        page = client.get(reverse("incidenten:incident", args=[incident.pk]), {"zoek": "stadhuis"}).content.decode()
        assert 'name="zoek"' not in page
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not IncidentRisico.objects.exists()
        assert not Risico.objects.get(pk=risico).herbeoordelen


def test_a_thema_eigenaar_links_only_the_reports_of_their_themes(personas: Any) -> None:
    own = world.melding(personas, sleutel="datalek")  # informatiebeveiliging: theirs
    other = world.melding(personas, sleutel="agressie")
    risico = risicos_world.risico_pk(personas)
    client = client_of(personas, "thema_eigenaar")
    assert client.post(reverse("incidenten:koppel", args=[other.pk]), {"risico": str(risico)}).status_code == 404
    assert client.post(reverse("incidenten:koppel", args=[own.pk]), {"risico": str(risico)}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert list(IncidentRisico.objects.values_list("incident_id", flat=True)) == [own.pk]


# --- the retention period ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 3, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 12, 3), 24, datetime.date(2024, 12, 3)),
        (datetime.date(2026, 12, 3), 120, datetime.date(2016, 12, 3)),
    ],
)
def test_months_before(day: datetime.date, months: int, expected: datetime.date) -> None:
    assert services.months_before(day, months) == expected


def _reported_ago(personas: Any, days: int, **fields: Any) -> Incident:
    incident = world.melding(personas, **fields)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Incident.objects.filter(pk=incident.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    return incident


def test_personal_data_is_removed_after_the_retention_period_also_from_the_history_and_only_once(
    personas: Any,
) -> None:
    old = _reported_ago(personas, 800, omschrijving="Jan de Vries uit de Dorpsstraat 4 schold de medewerker uit.")
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members["coordinator"].user_id):
        services.behandel(
            by=personas.members["coordinator"],
            incident=stored(personas, Incident, old.pk),
            expected_version=old.version,
            nazorg="Gesprek met Piet Jansen (BMW).",
            afhandeling="Jan de Vries kreeg een brief.",
        )
    recent = _reported_ago(personas, 600, omschrijving="Karin Bos werd bedreigd.")

    out = io.StringIO()
    call_command("bewaartermijn", stdout=out)
    assert "Gemeente Aastad: 1 incident(en) geschoond" in out.getvalue()
    after = stored(personas, Incident, old.pk)
    assert after.omschrijving == services.VERWIJDERD
    assert (after.nazorg, after.afhandeling, after.melder_id) == ("", "", None)
    assert after.persoonsgegevens_verwijderd_op == timezone.localdate()
    assert (after.soort_id, after.datum, after.locatie, after.ernst) == (
        old.soort_id,
        old.datum,
        old.locatie,
        old.ernst,
    )
    events = events_of(personas, "IncidentEvent", old.pk)
    assert len(events) == 4  # reported, dated back (above), handled, cleared
    for event in events:
        text = f"{event.omschrijving} {event.nazorg} {event.afhandeling}"
        assert "Vries" not in text and "Jansen" not in text and event.melder_id is None
    assert events[-1].pgh_context["action"] == "incidenten.bewaartermijn"
    assert events[-1].pgh_context["origin"] == "command"
    assert stored(personas, Incident, recent.pk).omschrijving == "Karin Bos werd bedreigd."

    # The reporter no longer finds it among their own reports; the handler sees it was cleared.
    melder = client_of(personas, "melder")
    assert melder.get(reverse("incidenten:mijn_incident", args=[old.pk])).status_code == 404
    page = client_of(personas, "coordinator").get(reverse("incidenten:incident", args=[old.pk])).content.decode()
    assert "de bewaartermijn van persoonsgegevens was verstreken" in page

    again = io.StringIO()
    call_command("bewaartermijn", stdout=again)
    assert "Gemeente Aastad: 0 incident(en) geschoond" in again.getvalue()
    assert len(events_of(personas, "IncidentEvent", old.pk)) == 4


def test_a_shorter_retention_period_applies_at_the_next_run_and_each_gemeente_keeps_its_own(personas: Any) -> None:
    ours = _reported_ago(personas, 100, omschrijving="Een naam die weg moet.")
    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start(by=by, bewaartermijn_maanden=1)
        soort = IncidentSoort.objects.get(sleutel="agressie")
        theirs = services.meld(
            by=by, soort=soort, datum=timezone.localdate(), omschrijving="Van Beedorp.", ernst="gering"
        )
        Incident.objects.filter(pk=theirs.pk).update(created_at=timezone.now() - datetime.timedelta(days=60))
    call_command("bewaartermijn", "--gemeente", "GM9001", stdout=io.StringIO())
    assert stored(personas, Incident, ours.pk).persoonsgegevens_verwijderd_op is None  # 24 months

    client = client_of(personas, "coordinator")
    instelling = stored(personas, Instelling, world.started(personas).pk)
    data = {"version": str(instelling.version), "bewaartermijn_maanden": "3"}
    assert client.post(reverse("incidenten:instellingen"), data).status_code == 302
    call_command("bewaartermijn", "--gemeente", "GM9001", stdout=io.StringIO())
    assert stored(personas, Incident, ours.pk).omschrijving == services.VERWIJDERD
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert Incident.objects.get(pk=theirs.pk).omschrijving == "Van Beedorp."  # not run for B
    call_command("bewaartermijn", stdout=io.StringIO())
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert Incident.objects.get(pk=theirs.pk).omschrijving == services.VERWIJDERD


def test_the_command_refuses_an_unknown_gemeente_or_date() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende gemeente"):
        call_command("bewaartermijn", "--gemeente", "GM0000", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--datum verwacht een datum"):
        call_command("bewaartermijn", "--datum", "gisteren", stdout=io.StringIO())


# --- the coördinator's settings and kinds ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"), [("0", "van 1 tot en met 120"), ("121", "van 1 tot en met 120"), ("x", "geheel")]
)
def test_a_retention_period_outside_its_range_is_refused(personas: Any, value: str, message: str) -> None:
    instelling = world.started(personas)
    response = client_of(personas, "coordinator").post(
        reverse("incidenten:instellingen"), {"version": str(instelling.version), "bewaartermijn_maanden": value}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert stored(personas, Instelling, instelling.pk).bewaartermijn_maanden == 24


def test_the_coordinator_adds_renames_and_switches_off_kinds_that_the_report_form_follows(personas: Any) -> None:
    world.started(personas)
    client = client_of(personas, "coordinator")
    listed = client.get(reverse("incidenten:instellingen")).content.decode()
    assert "Datalek" in listed and "Bewaartermijn" in listed
    new = {"naam": "Drugsoverlast bij het stadhuis", "thema": "fysieke_beveiliging", "actief": "on"}
    made = client.post(reverse("incidenten:soort_nieuw"), new)
    assert made.status_code == 302, made.content.decode()
    duplicate = client.post(reverse("incidenten:soort_nieuw"), {"naam": "DATALEK", "thema": ""})
    assert duplicate.status_code == 400 and "Er is al een soort incident met deze naam." in duplicate.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        added = IncidentSoort.objects.get(naam="Drugsoverlast bij het stadhuis")
        datalek = IncidentSoort.objects.get(sleutel="datalek")
    assert added.thema == "fysieke_beveiliging" and not added.meldplicht and added.volgorde == 13
    form = client_of(personas, "melder").get(reverse("incidenten:melden")).content.decode()
    assert "Drugsoverlast bij het stadhuis" in form

    url = reverse("incidenten:soort", args=[added.pk])
    off = {"version": str(added.version), "naam": "Drugsoverlast", "thema": "", "volgorde": "13"}
    assert client.post(url, off).status_code == 302
    form = client_of(personas, "melder").get(reverse("incidenten:melden")).content.decode()
    assert "Drugsoverlast" not in form
    stale = client.post(url, off)
    assert stale.status_code == 400
    assert datalek.meldplicht


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "melder"])
def test_only_the_coordinator_manages_the_registration(personas: Any, role: str) -> None:
    soort = world.soort(personas)
    client = client_of(personas, role)
    assert client.get(reverse("incidenten:instellingen")).status_code == 403
    data = {"version": str(soort.version), "naam": "Anders", "thema": "", "actief": "on", "volgorde": "1"}
    assert client.post(reverse("incidenten:soort", args=[soort.pk]), data).status_code == 403
    assert stored(personas, IncidentSoort, soort.pk).naam == soort.naam


def test_before_the_set_up_the_settings_lead_to_it(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    response = client.get(reverse("incidenten:instellingen"))
    assert response.status_code == 302 and response["Location"] == reverse("incidenten:start")
    assert client.get(reverse("incidenten:soort_nieuw")).status_code == 404
