"""Reporting an incident: the short form, the reporter's own reports, and what is refused."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidenten import services
from incidenten.models import Incident, IncidentSoort, Instelling
from lib import tenancy
from risicos.tests import world as risicos_world

from . import world

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def count(personas: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(Incident.objects.count())


def form(personas: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "soort": str(world.soort(personas).pk),
        "datum": YESTERDAY.isoformat(),
        "tijd": "10:15",
        "locatie": "Publieksbalie",
        "omschrijving": "Een bezoeker dreigde de medewerker te slaan.",
        "ernst": "ernstig",
        "politie": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_melder_reports_and_sees_the_report_with_its_status(personas: Any) -> None:
    world.started(personas)
    client = client_of(personas, "melder")
    page = client.get(reverse("incidenten:melden"))
    assert page.status_code == 200
    assert "persoonsgegevens" in page.content.decode()  # the warning against personal data
    response = client.post(reverse("incidenten:melden"), form(personas))
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        incident = Incident.objects.get()
    assert incident.melder == personas.members["melder"]
    assert incident.thema == "personele_beveiliging"  # the theme of its kind: its thema-eigenaar handles it
    assert incident.politie is True
    assert incident.status == "gemeld"
    mine = client.get(reverse("incidenten:mijn")).content.decode()
    assert "Agressie of geweld tegen een medewerker" in mine
    detail = client.get(reverse("incidenten:mijn_incident", args=[incident.pk])).content.decode()
    assert "Gemeld" in detail and "Een bezoeker dreigde de medewerker te slaan." in detail


def test_a_reporter_sees_only_their_own_reports(personas: Any) -> None:
    own = world.melding(personas, "melder", omschrijving="Mijn eigen melding")
    other = world.melding(personas, "coordinator", omschrijving="De melding van de coördinator")
    client = client_of(personas, "melder")
    mine = client.get(reverse("incidenten:mijn")).content.decode()
    assert reverse("incidenten:mijn_incident", args=[own.pk]) in mine
    assert reverse("incidenten:mijn_incident", args=[other.pk]) not in mine
    assert client.get(reverse("incidenten:mijn_incident", args=[other.pk])).status_code == 404
    # another gemeente's member does not find it either
    outsider = client_of(personas, "coordinator_b")
    assert outsider.get(reverse("incidenten:mijn_incident", args=[own.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"datum": None}, "datum", "Vul de datum in."),
        ({"datum": "31-02-2026"}, "datum", "geldige datum"),
        ({"datum": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "datum", "nog moet gebeuren"),
        ({"datum": "1850-01-01"}, "datum", "tussen"),
        ({"datum": "2010-01-01"}, "datum", "laatste tien jaar"),
        ({"datum": timezone.localdate().isoformat(), "tijd": "23:59:59"}, "tijd", None),
        ({"tijd": "25:00"}, "tijd", "tijdstip"),
        ({"omschrijving": ""}, "omschrijving", "Beschrijf kort"),
        ({"omschrijving": "x" * 2001}, "omschrijving", "hoogstens 2000"),
        ({"omschrijving": "nul\x00byte"}, "omschrijving", None),
        ({"locatie": "y" * 201}, "locatie", "200"),
        ({"ernst": "catastrofaal"}, "ernst", "Kies een van"),
        ({"soort": "00000000-0000-0000-0000-000000000000"}, "soort", "Kies een van de soorten"),
        ({"soort": "geen-uuid"}, "soort", "Kies een van de soorten"),
        ({"bedrijfsmiddel": "00000000-0000-0000-0000-000000000000"}, "bedrijfsmiddel", "uit de lijst"),
    ],
)
def test_a_report_that_cannot_be_stored_is_refused_in_dutch_and_stores_nothing(
    personas: Any, changes: dict[str, Any], field: str, message: str | None
) -> None:
    if field == "tijd" and message is None and timezone.localtime().time() >= datetime.time(23, 59, 59):
        pytest.skip("no later time today")  # pragma: no cover
    response = client_of(personas, "melder").post(reverse("incidenten:melden"), form(personas, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    if message is not None:
        assert message in " ".join(errors[field])
    assert count(personas) == 0


def test_an_asset_or_kind_of_another_gemeente_is_refused(personas: Any) -> None:
    asset = risicos_world.bedrijfsmiddel_pk(personas)
    soort_a = world.soort(personas)
    b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=b.user_id):
        services.start(by=b, bewaartermijn_maanden=12)
        soort_b = IncidentSoort.objects.get(sleutel="agressie")
    client = client_of(personas, "coordinator_b")
    response = client.post(
        reverse("incidenten:melden"), form(personas, soort=str(soort_b.pk), bedrijfsmiddel=str(asset))
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["bedrijfsmiddel"]
    response = client.post(reverse("incidenten:melden"), form(personas, soort=str(soort_a.pk)))
    assert list(response.context["form"].errors) == ["soort"]
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=b.user_id):
        # the service refuses them too, whatever calls it
        with pytest.raises(ValidationError) as refused:
            services.meld(by=b, soort=soort_a, datum=YESTERDAY, omschrijving="x", ernst="gering")
        assert "soort" in refused.value.message_dict
        assert Incident.objects.count() == 0


def test_a_kind_that_was_switched_off_cannot_be_chosen(personas: Any) -> None:
    kind = world.soort(personas, "overig")
    with world.bound(personas):
        IncidentSoort.objects.filter(pk=kind.pk).update(actief=False)
    response = client_of(personas, "melder").post(reverse("incidenten:melden"), form(personas, soort=str(kind.pk)))
    assert response.status_code == 400
    assert count(personas) == 0


def test_before_the_set_up_a_melder_is_told_and_the_coordinator_sets_it_up(personas: Any) -> None:
    page = client_of(personas, "melder").get(reverse("incidenten:melden")).content.decode()
    assert "nog niet ingericht" in page
    assert reverse("incidenten:start") not in page
    coordinator = client_of(personas, "coordinator")
    assert reverse("incidenten:start") in coordinator.get(reverse("incidenten:melden")).content.decode()
    refused = coordinator.post(reverse("incidenten:start"), {"bewaartermijn_maanden": "0"})
    assert refused.status_code == 400
    assert "1 tot en met 120" in refused.content.decode()
    assert coordinator.post(reverse("incidenten:start"), {"bewaartermijn_maanden": "18"}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Instelling.objects.get().bewaartermijn_maanden == 18
        assert IncidentSoort.objects.count() == 12
    # a second set-up changes nothing
    assert coordinator.post(reverse("incidenten:start"), {"bewaartermijn_maanden": "6"}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Instelling.objects.get().bewaartermijn_maanden == 18


def test_the_history_records_the_report_and_who_made_it(personas: Any) -> None:
    world.started(personas)
    response = client_of(personas, "melder").post(reverse("incidenten:melden"), form(personas))
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = list(apps.get_model("incidenten", "IncidentEvent").objects.all())
    assert [e.pgh_label for e in events] == ["insert"]
    assert events[0].pgh_context["user"] == personas.members["melder"].user_id
    assert events[0].omschrijving == "Een bezoeker dreigde de medewerker te slaan."
