"""Invitation links: a coördinator invites, the invitee joins with a new or existing account."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from lib import tenancy
from organisations import services
from organisations.models import Invitation, Membership
from tests import factories

pytestmark = pytest.mark.django_db


def _coordinator(personas: Any) -> Client:
    client = Client()
    client.force_login(personas.user("coordinator"))
    return client


def _invite(personas: Any, email: str, role: str = "auditor") -> str:
    response = _coordinator(personas).post(reverse("organisations:invite"), {"email": email, "role": role})
    assert response.status_code == 200, response.content
    match = re.search(r"/uitnodiging/([A-Za-z0-9_\-]+)", response.content.decode())
    assert match, "the page shows the invitation link once"
    return match.group(1)


def test_an_invitation_shows_its_link_once_and_stores_only_a_hash(personas: Any) -> None:
    code = _invite(personas, "nieuwe.collega@aastad.example")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        invitation = Invitation.objects.get(email="nieuwe.collega@aastad.example")
    assert code not in invitation.code_hash
    assert len(invitation.code_hash) == 64


def test_a_new_person_creates_an_account_and_joins(personas: Any) -> None:
    code = _invite(personas, "nieuwe.collega@aastad.example", role="auditor")
    client = Client()
    page = client.get(f"/uitnodiging/{code}")
    assert "Gemeente Aastad" in page.content.decode()
    response = client.post(
        f"/uitnodiging/{code}",
        {"full_name": "Nieuwe Collega", "password1": "lange-zin-met-appels-88", "password2": "lange-zin-met-appels-88"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.collega@aastad.example")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Membership.objects.get(user=user).role == "auditor"
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_an_invitation_cannot_be_used_twice(personas: Any) -> None:
    code = _invite(personas, "nieuwe.collega@aastad.example")
    data = {"full_name": "X", "password1": "lange-zin-met-appels-88", "password2": "lange-zin-met-appels-88"}
    Client().post(f"/uitnodiging/{code}", data)
    again = Client().get(f"/uitnodiging/{code}")
    assert again.status_code == 410
    assert "al gebruikt" in again.content.decode()


def test_an_expired_invitation_is_refused_and_changes_nothing(personas: Any) -> None:
    code = _invite(personas, "laat@aastad.example")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Invitation.objects.filter(email="laat@aastad.example").update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(
        f"/uitnodiging/{code}",
        {"full_name": "X", "password1": "lange-zin-met-appels-88", "password2": "lange-zin-met-appels-88"},
    )
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not User.objects.filter(email="laat@aastad.example").exists()


def test_an_unknown_code_says_so(personas: Any) -> None:
    response = Client().get("/uitnodiging/bestaat-niet")
    assert response.status_code == 404
    assert "bestaat niet" in response.content.decode()


def test_a_weak_or_mismatched_password_is_refused_in_dutch(personas: Any) -> None:
    code = _invite(personas, "zwak@aastad.example")
    response = Client().post(
        f"/uitnodiging/{code}", {"full_name": "Z", "password1": "12345678", "password2": "12345678"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "wachtwoord" in body.lower() and ("te kort" in body or "te algemeen" in body or "numeriek" in body)
    response = Client().post(
        f"/uitnodiging/{code}", {"full_name": "Z", "password1": "lange-zin-met-appels-88", "password2": "anders"}
    )
    assert "niet gelijk" in response.content.decode()
    assert not User.objects.filter(email="zwak@aastad.example").exists()


def test_inviting_an_existing_member_is_refused(personas: Any) -> None:
    response = _coordinator(personas).post(
        reverse("organisations:invite"), {"email": "melder@aastad.example", "role": "auditor"}
    )
    assert "al lid van deze gemeente" in response.content.decode()


def test_inviting_someone_of_another_gemeente_reveals_nothing_and_works(personas: Any) -> None:
    """The address belongs to gemeente B's coördinator: the invitation looks like any other."""
    code = _invite(personas, "coordinator@beedorp.example", role="bestuurder")
    invitee = Client()
    invitee.force_login(personas.coordinator_b.user)
    assert invitee.post(f"/uitnodiging/{code}").status_code == 302
    with tenancy.bound(user=personas.coordinator_b.user_id):
        gemeenten = set(
            Membership.objects.filter(user=personas.coordinator_b.user).values_list("gemeente_id", flat=True)
        )
    assert gemeenten == {personas.gemeente_a.pk, personas.gemeente_b.pk}


def test_a_user_with_two_memberships_switches_gemeente(personas: Any) -> None:
    factories.make_member(personas.gemeente_b, personas.user("auditor"), "bestuurder")
    client = Client()
    client.force_login(personas.user("auditor"))
    assert "Gemeente Aastad" in client.get("/").content.decode()
    response = client.post(reverse("accounts:switch_gemeente"), {"gemeente": str(personas.gemeente_b.pk)})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert "Gemeente Beedorp" in home and "Bestuurder" in home


def test_switching_to_a_gemeente_without_membership_is_refused(personas: Any) -> None:
    client = Client()
    client.force_login(personas.user("auditor"))
    response = client.post(reverse("accounts:switch_gemeente"), {"gemeente": str(personas.gemeente_b.pk)}, follow=True)
    assert "geen lid van die gemeente" in response.content.decode()
    assert "Gemeente Aastad" in client.get("/").content.decode()


def test_invite_service_validates_role_fields_together(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    with tenancy.bound(gemeente=personas.gemeente_a.pk), pytest.raises(ValidationError) as info:
        services.invite(
            gemeente=personas.gemeente_a,
            by=personas.user("coordinator"),
            email="x@aastad.example",
            role="ketenpartner",
            themes=["informatiebeveiliging"],
        )
    assert set(info.value.message_dict) == {"themes", "partner"}
