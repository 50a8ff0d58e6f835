"""A risk's page lists the incidents linked to it and the exercises that play it; the incident list
filters on one risk."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from incidenten import bij_risico, services
from incidenten.models import Incident
from lib import tenancy
from oefenen.tests import world as oefenen_world
from risicos import services as risicos_services
from risicos.models import Dreiging, Risico
from risicos.tests import world as risicos_world

from . import world

pytestmark = pytest.mark.django_db


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def _link(personas: Any, incident: Incident, risico_pk: Any) -> None:
    with world.bound(personas):
        services.koppel(by=personas.members["coordinator"], incident=incident, obj=Risico.objects.get(pk=risico_pk))


def _risk_page(personas: Any, role: str, pk: Any) -> str:
    response = client_of(personas, role).get(reverse("risicos:risico", args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_risk_page_lists_its_incidents_as_far_as_the_member_reads_them(personas: Any) -> None:
    pk = risicos_world.risico_pk(personas)
    assert "Er is nog geen incident aan dit risico gekoppeld" in _risk_page(personas, "coordinator", pk)
    datalek = world.melding(personas, sleutel="datalek", datum=world.last_year())
    agressie = world.melding(personas, sleutel="agressie")
    world.melding(personas, sleutel="inbraak")  # not linked
    _link(personas, datalek, pk)
    _link(personas, agressie, pk)
    page = _risk_page(personas, "auditor", pk)
    assert "2 gemelde incidenten zijn aan dit risico gekoppeld." in page
    assert page.index(reverse("incidenten:incident", args=[agressie.pk])) < page.index(
        reverse("incidenten:incident", args=[datalek.pk])
    )  # newest first
    # The thema-eigenaar of informatiebeveiliging reads the data breach, not the aggression report.
    page = _risk_page(personas, "thema_eigenaar", pk)
    assert reverse("incidenten:incident", args=[datalek.pk]) in page
    assert reverse("incidenten:incident", args=[agressie.pk]) not in page
    assert "1 gemeld incident is aan dit risico gekoppeld." in page


def test_a_member_who_reads_no_incidents_sees_no_incident_section(personas: Any) -> None:
    pk = risicos_world.risico_pk(personas)
    _link(personas, world.melding(personas), pk)
    melder = personas.members["melder"]
    with world.bound(personas, "melder"):
        risico = Risico.objects.get(pk=pk)
        assert bij_risico.section(melder, risico) == ""


def test_beyond_ten_the_newest_are_shown_with_a_link_to_the_list_of_all(personas: Any) -> None:
    pk = risicos_world.risico_pk(personas)
    for _ in range(bij_risico.GETOOND + 2):
        _link(personas, world.melding(personas), pk)
    _link(personas, world.melding(personas, sleutel="datalek"), pk)
    unlinked = world.melding(personas)
    page = _risk_page(personas, "coordinator", pk)
    total = bij_risico.GETOOND + 3
    assert f"{total} gemelde incidenten zijn aan dit risico gekoppeld; hieronder de 10 nieuwste." in page
    assert page.count('<a class="utrecht-link" href="/incidenten/') == bij_risico.GETOOND
    assert f'href="/incidenten?risico={pk}"' in page
    listed = client_of(personas, "coordinator").get(reverse("incidenten:lijst"), {"risico": str(pk), "status": ""})
    text = listed.content.decode()
    assert listed.status_code == 200
    assert f"{total} incidenten" in text and "Alleen de incidenten die aan het risico" in text
    assert reverse("incidenten:incident", args=[unlinked.pk]) not in text


def test_the_list_refuses_a_risk_it_does_not_know_and_shows_nothing(personas: Any) -> None:
    shown = world.melding(personas)
    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        risicos_services.start_register(by=by)
        dreiging = Dreiging.objects.get(sleutel="brand")
        of_b = risicos_services.add_risico(by=by, titel="Brand in Beedorp", scenario="Brand.", dreiging=dreiging)
    for value in (str(of_b.pk), "00000000-0000-0000-0000-000000000000", "geen-uuid"):
        response = client_of(personas, "coordinator").get(reverse("incidenten:lijst"), {"risico": value})
        text = response.content.decode()
        assert response.status_code == 400, value
        assert "Dit risico bestaat niet" in text and "Brand in Beedorp" not in text
        if value != "geen-uuid":  # a valid id that is not a risk of the gemeente: no incident shown
            assert reverse("incidenten:incident", args=[shown.pk]) not in text


def test_the_risk_page_lists_the_exercises_that_play_it(personas: Any) -> None:
    pk = risicos_world.risico_pk(personas)
    assert "Er is nog geen oefening of test met dit risico als scenario." in _risk_page(personas, "coordinator", pk)
    with world.bound(personas):
        risico = Risico.objects.get(pk=pk)
    geoefend = oefenen_world.oefening(personas, titel="Ontruiming stadskantoor", scenario=risico)
    oefenen_world.oefening(personas, titel="Zonder scenario")
    page = _risk_page(personas, "bestuurder", pk)
    assert "1 oefening of test speelt dit risico na." in page
    assert reverse("oefenen:oefening", args=[geoefend.pk]) in page and "Zonder scenario" not in page
