"""The platform-beheerder registers gemeenten and sees none of their content."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lib import tenancy
from organisations.models import Gemeente, Invitation

pytestmark = pytest.mark.django_db
URL = "/platform/gemeenten"


def _admin(personas: Any) -> Client:
    client = Client()
    client.force_login(personas.platform_admin)
    return client


def test_the_platform_admin_lists_gemeenten_by_name_and_code_only(personas: Any) -> None:
    body = _admin(personas).get(URL).content.decode()
    assert "Gemeente Aastad" in body and "GM9002" in body
    assert "aastad.example" not in body  # no members, no content


def test_a_new_gemeente_gets_an_invitation_for_its_first_coordinator(personas: Any) -> None:
    response = _admin(personas).post(
        URL, {"name": "Gemeente Ceeveen", "cbs_code": "GM9003", "coordinator_email": "co@ceeveen.example"}
    )
    assert response.status_code == 200
    assert re.search(r"/uitnodiging/[\w\-]+", response.content.decode())
    gemeente = Gemeente.objects.filter(cbs_code="GM9003")
    with tenancy.bound(platform=True):
        created = gemeente.get()
    with tenancy.bound(gemeente=created.pk):
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("co@ceeveen.example", "coordinator")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("GM12", "&#x27;GM&#x27; en vier cijfers"),
        ("XX1234", "&#x27;GM&#x27; en vier cijfers"),
        ("GM9001", "Er is al een gemeente met deze CBS-code"),
    ],
)
def test_a_wrong_or_duplicate_cbs_code_is_refused(personas: Any, code: str, message: str) -> None:
    response = _admin(personas).post(URL, {"name": "Dubbel", "cbs_code": code, "coordinator_email": "a@b.example"})
    assert response.status_code == 200
    assert message in response.content.decode()
    with tenancy.bound(platform=True):
        assert not Gemeente.objects.filter(name="Dubbel").exists()


def test_the_platform_admin_cannot_open_gemeente_content(personas: Any) -> None:
    client = _admin(personas)
    for url in ["/leden", "/partnerorganisaties", "/instellingen"]:
        assert client.get(url).status_code == 403


def test_members_of_a_gemeente_only_see_their_own_gemeente_row(personas: Any) -> None:
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=personas.coordinator_b.user_id):
        assert list(Gemeente.objects.values_list("name", flat=True)) == ["Gemeente Beedorp"]


def test_only_a_platform_admin_may_create_a_gemeente_row(personas: Any) -> None:
    from django.db import DatabaseError, transaction

    with tenancy.bound(gemeente=personas.gemeente_b.pk), pytest.raises(DatabaseError), transaction.atomic():
        Gemeente.objects.create(name="Stiekem", cbs_code="GM9999")


def test_the_platform_page_is_not_in_a_coordinators_menu(personas: Any) -> None:
    client = Client()
    client.force_login(personas.user("coordinator"))
    assert reverse("organisations:platform_gemeenten") not in client.get("/").content.decode()
