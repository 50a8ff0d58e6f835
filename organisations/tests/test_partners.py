"""Partner organisations of a gemeente."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from lib import tenancy
from organisations.models import PartnerOrganisatie

pytestmark = pytest.mark.django_db
URL = "/partnerorganisaties"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_coordinator_adds_a_partner_organisation(personas: Any) -> None:
    response = _client(personas.user("coordinator")).post(URL, {"name": "Brandweer Aa"})
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert PartnerOrganisatie.objects.filter(name="Brandweer Aa").exists()


def test_a_duplicate_name_is_refused_in_dutch(personas: Any) -> None:
    response = _client(personas.user("coordinator")).post(URL, {"name": "Politie Eenheid Aa"})
    assert "al een partnerorganisatie met deze naam" in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert PartnerOrganisatie.objects.count() == 1


def test_the_same_name_in_another_gemeente_is_fine_and_reveals_nothing(personas: Any) -> None:
    response = _client(personas.user("coordinator_b")).post(URL, {"name": "Politie Eenheid Aa"})
    assert response.status_code == 302


def test_an_empty_name_is_refused(personas: Any) -> None:
    response = _client(personas.user("coordinator")).post(URL, {"name": ""})
    assert response.status_code == 200
    assert "verplicht" in response.content.decode()


def test_a_thema_eigenaar_sees_partners_but_cannot_add(personas: Any) -> None:
    client = _client(personas.user("thema_eigenaar"))
    page = client.get(URL).content.decode()
    assert "Politie Eenheid Aa" in page and "Toevoegen" not in page
    assert client.post(URL, {"name": "Nep"}).status_code == 403
