"""The page "Herinneringen" under Mijn account: on or off, what is open now, what was sent."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from herinneringen import views
from lib import tenancy
from organisations.models import Membership

from . import world

pytestmark = pytest.mark.django_db
URL = reverse("herinneringen:mijn")


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def setting(personas: Any, role: str) -> bool:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return bool(Membership.objects.get(pk=personas.members[role].pk).herinneringen)


def test_the_page_lists_the_members_own_open_points_and_what_was_sent(personas: Any) -> None:
    register = world.build(personas)
    call_command("herinneringen", "--gemeente", "GM9001", stdout=StringIO())

    page = client_of(personas, "coordinator").get(URL).content.decode()

    assert "Phishing bij de balie" in page
    assert f'href="/risicos/register/{register.overdue.pk}"' in page
    assert "Inbraak in het stadhuis" not in page  # the bestuurder's
    assert "Geheim risico van Beedorp" not in page
    assert re.search(r'<input[^>]*value="aan"[^>]*checked', page)
    assert "Herinneringen die u per e-mail kreeg" in page


def test_switching_reminders_off_and_on_is_stored_and_in_the_history(personas: Any) -> None:
    client = client_of(personas, "bestuurder")

    response = client.post(URL, {"herinneringen": "uit"}, follow=True)

    assert "U krijgt geen herinneringen uit Gemeente Aastad meer per e-mail." in response.content.decode()
    assert setting(personas, "bestuurder") is False
    client.post(URL, {"herinneringen": "aan"})
    assert setting(personas, "bestuurder") is True
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = apps.get_model("organisations", "MembershipEvent").objects.filter(
            pgh_obj_id=personas.members["bestuurder"].pk, pgh_label="update"
        )
        changes = [(e.herinneringen, e.pgh_context["user"]) for e in events.order_by("pgh_id")]
    assert changes == [(False, personas.user("bestuurder").pk), (True, personas.user("bestuurder").pk)]


@pytest.mark.parametrize("value", ["", "misschien", "aan\x00"])
def test_an_answer_that_is_not_yes_or_no_is_refused_and_changes_nothing(personas: Any, value: str) -> None:
    response = client_of(personas, "melder").post(URL, {"herinneringen": value})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Kies of u herinneringen per e-mail wilt ontvangen." in body or "Kies ja of nee." in body
    assert setting(personas, "melder") is True


def test_a_long_list_stops_at_its_limit_and_points_to_the_register(personas: Any, monkeypatch: Any) -> None:
    world.build(personas)
    monkeypatch.setattr(views, "OPEN", 0)

    page = client_of(personas, "coordinator").get(URL).content.decode()

    assert "er staan er meer open" in page
    assert "Phishing bij de balie" not in page


def test_my_account_says_whether_reminders_are_on_and_links_to_the_page(personas: Any) -> None:
    client = client_of(personas, "auditor")
    profile = reverse("accounts:profile")
    assert "U krijgt herinneringen uit Gemeente Aastad per e-mail." in client.get(profile).content.decode()

    client.post(URL, {"herinneringen": "uit"})

    page = client.get(profile).content.decode()
    assert "U krijgt geen herinneringen uit Gemeente Aastad per e-mail." in page
    assert f'href="{URL}"' in page
