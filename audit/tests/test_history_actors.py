"""Who did it: the history names only people of the gemeente whose history it is."""

from __future__ import annotations

from typing import Any

import pghistory
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from lib import tenancy
from organisations.models import Gemeente, Membership, PartnerOrganisatie
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = reverse("audit:history")
EXPORT = reverse("audit:history_export")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page_and_export(user: Any, query: str = "") -> tuple[str, str]:
    client = _client(user)
    page = client.get(PAGE + query)
    export = client.get(EXPORT + query)
    assert page.status_code == export.status_code == 200
    return page.content.decode(), export.content.decode("utf-8")


def _change_in(gemeente: Any, name: str, **context: Any) -> None:
    with pghistory.context(**context), tenancy.bound(gemeente=gemeente.pk):
        PartnerOrganisatie.objects.create(gemeente=gemeente, name=name)


def test_a_person_of_another_gemeente_in_the_context_of_our_change_is_shown_as_systeem(personas: Any) -> None:
    outsider = factories.make_user("ida.indringer@aastad.example", full_name="Ida Indringer")
    factories.make_member(personas.gemeente_a, outsider, "coordinator")
    _change_in(personas.gemeente_b, "Partner van Beedorp", user=outsider.pk, origin="web")

    for text in _page_and_export(personas.user("coordinator_b")):
        assert "Partner van Beedorp" in text
        assert "Ida Indringer" not in text
        assert "ida.indringer" not in text
        assert "systeem" in text


def test_a_platform_beheerder_in_the_context_is_shown_as_platformbeheer_without_name(personas: Any) -> None:
    admin = factories.make_user("paula@platform.example", full_name="Paula Platform", platform_admin=True)
    _change_in(personas.gemeente_b, "Door het platform", user=admin.pk, origin="web")

    for text in _page_and_export(personas.user("coordinator_b")):
        assert "platformbeheer" in text
        assert "paula@platform.example" not in text
        assert "Paula Platform" not in text


def test_filtering_on_the_e_mail_address_of_an_outsider_finds_nothing(personas: Any) -> None:
    outsider = factories.make_user("ida.indringer@aastad.example", full_name="Ida Indringer")
    _change_in(personas.gemeente_b, "Partner van Beedorp", user=outsider.pk)
    page, export = _page_and_export(personas.user("coordinator_b"), "?door=ida.indringer@aastad.example")
    assert "Partner van Beedorp" not in page
    assert "Partner van Beedorp" not in export


def test_our_own_members_are_named(personas: Any) -> None:
    coordinator_b = personas.user("coordinator_b")
    _change_in(personas.gemeente_b, "Eigen partner", user=coordinator_b.pk, origin="web")
    for text in _page_and_export(coordinator_b):
        assert coordinator_b.email in text


def test_a_member_who_left_is_still_named_for_what_they_did_while_a_member(personas: Any) -> None:
    former = factories.make_user("vertrokken@beedorp.example", full_name="Vera Vertrokken")
    membership = factories.make_member(personas.gemeente_b, former, "coordinator")
    _change_in(personas.gemeente_b, "Partner van toen", user=former.pk, origin="web")
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        Membership.objects.filter(pk=membership.pk).delete()

    page, export = _page_and_export(personas.user("coordinator_b"), "?type=organisations.partnerorganisatie")
    assert "Vera Vertrokken" in page
    assert "vertrokken@beedorp.example" in export


def test_after_loading_the_demo_noorderhaven_sees_nobody_of_zuiderveen() -> None:
    from demo.management.commands.load_demo import NOORDERHAVEN, ZUIDERVEEN

    call_command("load_demo")
    coordinator = User.objects.get(email=NOORDERHAVEN["members"][0][0])

    page, export = _page_and_export(coordinator)

    with tenancy.bound(platform=True):
        assert Gemeente.objects.filter(cbs_code=NOORDERHAVEN["cbs_code"]).exists()
    for text in (page, export):
        assert "Gemeente Noorderhaven" in text  # the creation of the gemeente is there
        for email, full_name, _role, _extra in ZUIDERVEEN["members"]:
            assert email not in text
            assert full_name not in text
        assert "zuiderveen" not in text.lower()
        assert "systeem" in text or "platformbeheer" in text
