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
    # Then the person logs in, as someone with an existing account would (nothing tells them apart).
    login = {"username": user.email, "password": "lange-zin-met-appels-88", "next": f"/uitnodiging/{code}"}
    assert client.post(response["Location"], login).status_code == 302
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
            by=personas.members["coordinator"],
            email="x@aastad.example",
            role="ketenpartner",
            themes=["informatiebeveiliging"],
        )
    assert set(info.value.message_dict) == {"themes", "partner"}


# --- an invitation does not tell whether its address already has an account ---------------
#
# Whoever holds the link (the coördinator who made it, or anyone it was passed to) must not
# learn from the invitation page whether the address has an account elsewhere on the platform.

EXISTING = "coordinator@beedorp.example"  # has an account (coördinator of gemeente B)
NEW = "nog.onbekend@aastad.example"  # has none
NEW_PASSWORD = "lange-zin-met-appels-88"


def _normalised(html: str, code: str, email: str) -> str:
    """The page with what legitimately differs (code, address, CSRF token) blanked out."""
    html = html.replace(code, "<code>").replace(email, "<email>")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)
    return re.sub(r'data-csrf="[^"]*"', "data-csrf", html)


def _visible(html: str) -> str:
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def _two_invitations(personas: Any) -> dict[str, str]:
    return {email: _invite(personas, email, role="bestuurder") for email in (EXISTING, NEW)}


def _outcome(response: Any, code: str, email: str) -> tuple[Any, ...]:
    """Everything a visitor can observe of a response, with code and address blanked out."""
    location = response.get("Location", "").replace(code, "<code>")
    templates = [t.name for t in (response.templates or [])]
    return (response.status_code, location, templates, _normalised(response.content.decode(), code, email))


def _pair(personas: Any, data: dict[str, str]) -> dict[str, Any]:
    """POST the same form for both addresses from fresh browsers; what each one then observes."""
    observed = {}
    for email, code in _two_invitations(personas).items():
        client = Client()
        response = client.post(f"/uitnodiging/{code}", data)
        landing = client.get(response["Location"]) if response.status_code == 302 else None
        observed[email] = {
            "response": _outcome(response, code, email),
            "landing": _outcome(landing, code, email) if landing is not None else None,
            "logged_in": "_auth_user_id" in client.session,
        }
    return observed


def test_opening_the_link_looks_the_same_with_or_without_an_existing_account(personas: Any) -> None:
    pages = {}
    for email, code in _two_invitations(personas).items():
        response = Client().get(f"/uitnodiging/{code}")
        assert response.status_code == 200
        pages[email] = _outcome(response, code, email)
    assert pages[EXISTING] == pages[NEW]  # status, template, the whole page
    html = pages[NEW][3]
    assert _visible(html) and _visible(html) == _visible(pages[EXISTING][3])
    assert 'name="password1"' in html  # one form for both: a password either way


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "Iemand", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        {"full_name": "Iemand", "password1": factories.PASSWORD, "password2": factories.PASSWORD},
        {"full_name": "Iemand", "password1": NEW_PASSWORD, "password2": "iets-anders-99"},
        {"full_name": "", "password1": "", "password2": ""},
        {"full_name": "Iemand", "password1": "12345678", "password2": "12345678"},
    ],
    ids=["new-password", "the-existing-accounts-password", "mismatch", "empty", "weak"],
)
def test_submitting_the_form_looks_the_same_with_or_without_an_existing_account(
    personas: Any, data: dict[str, str]
) -> None:
    observed = _pair(personas, data)
    assert observed[EXISTING] == observed[NEW]
    assert not observed[NEW]["logged_in"]


def test_a_new_address_gets_its_account_and_membership_and_logs_in_to_continue(personas: Any) -> None:
    code = _invite(personas, NEW, role="bestuurder")
    client = Client()
    data = {"full_name": "Nog Onbekend", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(f"/uitnodiging/{code}", data)
    assert response.status_code == 302
    assert response["Location"] == f"/inloggen?next=%2Fuitnodiging%2F{code}"
    user = User.objects.get(email=NEW)
    assert user.full_name == "Nog Onbekend" and user.check_password(NEW_PASSWORD)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Membership.objects.get(user=user).role == "bestuurder"
    login = client.post(
        response["Location"], {"username": NEW, "password": NEW_PASSWORD, "next": f"/uitnodiging/{code}"}
    )
    assert login["Location"] == f"/uitnodiging/{code}"
    welcome = client.get(login["Location"], follow=True)
    assert welcome.redirect_chain[-1][0] == reverse("dashboard:home")
    assert "Welkom bij Gemeente Aastad" in welcome.content.decode()


def test_an_existing_account_joins_with_its_own_password_and_keeps_its_name(personas: Any) -> None:
    code = _invite(personas, EXISTING, role="bestuurder")
    user = personas.coordinator_b.user
    data = {"full_name": "Iemand Anders", "password1": factories.PASSWORD, "password2": factories.PASSWORD}
    assert Client().post(f"/uitnodiging/{code}", data).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Membership.objects.get(user=user).role == "bestuurder"
    user.refresh_from_db()
    assert user.full_name != "Iemand Anders"
    assert User.objects.filter(email__iexact=EXISTING).count() == 1


def test_a_wrong_password_for_an_existing_account_changes_nothing_and_counts_as_a_failed_login(
    personas: Any,
) -> None:
    from audit.models import SecurityEvent, SecurityEventKind

    code = _invite(personas, EXISTING, role="bestuurder")
    user = personas.coordinator_b.user
    data = {"full_name": "Indringer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert Client().post(f"/uitnodiging/{code}", data).status_code == 302
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Membership.objects.filter(user=user).exists()
        assert Invitation.objects.get(email=EXISTING).accepted_at is None
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, user=user)
        assert failed.count() == 1


def test_guessing_an_existing_accounts_password_through_invitations_runs_into_the_lockout(personas: Any) -> None:
    from django.conf import settings

    code = _invite(personas, EXISTING, role="bestuurder")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        data = {
            "full_name": "Indringer",
            "password1": f"{NEW_PASSWORD}-{attempt}",
            "password2": f"{NEW_PASSWORD}-{attempt}",
        }
        assert Client().post(f"/uitnodiging/{code}", data).status_code == 302
    right = {"full_name": "Indringer", "password1": factories.PASSWORD, "password2": factories.PASSWORD}
    assert Client().post(f"/uitnodiging/{code}", right).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Membership.objects.filter(user=personas.coordinator_b.user).exists()
    from audit.models import SecurityEvent, SecurityEventKind

    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKOUT, user=personas.coordinator_b.user).exists()


def test_the_invited_person_who_mistyped_logs_in_and_accepts(personas: Any) -> None:
    code = _invite(personas, EXISTING, role="bestuurder")
    client = Client()
    data = {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(f"/uitnodiging/{code}", data)
    login = client.post(
        response["Location"], {"username": EXISTING, "password": factories.PASSWORD, "next": f"/uitnodiging/{code}"}
    )
    page = client.get(login["Location"])
    assert page.status_code == 200 and "Uitnodiging accepteren" in page.content.decode()
    assert client.post(f"/uitnodiging/{code}").status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Membership.objects.get(user=personas.coordinator_b.user).role == "bestuurder"


def test_the_service_never_joins_an_existing_account_without_that_account(personas: Any) -> None:
    from django.core.exceptions import ValidationError

    code = _invite(personas, EXISTING, role="bestuurder")
    with pytest.raises(ValidationError):
        services.accept_invitation(code=code, password=NEW_PASSWORD, full_name="Indringer")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Membership.objects.filter(user=personas.coordinator_b.user).exists()
