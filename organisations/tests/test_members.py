"""Coördinatoren manage the members of their own gemeente."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.models import SecurityEvent
from lib import tenancy
from organisations.models import Membership

pytestmark = pytest.mark.django_db
MembershipEvent = apps.get_model("organisations", "MembershipEvent")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _reload(membership: Membership) -> Membership:
    with tenancy.bound(gemeente=membership.gemeente_id):
        return Membership.objects.select_related("user").get(pk=membership.pk)


def test_the_member_list_shows_every_member_with_role(personas: Any) -> None:
    response = _client(personas.user("coordinator")).get(reverse("organisations:members"))
    body = response.content.decode()
    assert response.status_code == 200
    for role in ["coordinator", "melder", "auditor"]:
        assert f"{role}@aastad.example" in body
    assert "Politie Eenheid Aa" in body  # the ketenpartner's organisation
    assert "nieuw@aastad.example" in body  # open invitation


def test_a_bestuurder_sees_members_but_cannot_manage_them(personas: Any) -> None:
    body = _client(personas.user("bestuurder")).get(reverse("organisations:members")).content.decode()
    assert "melder@aastad.example" in body
    assert "Rol wijzigen" not in body
    assert "nieuw@aastad.example" not in body  # invitations are for coördinatoren only


def test_a_coordinator_changes_a_role_and_history_records_it(personas: Any) -> None:
    melder = personas.members["melder"]
    url = reverse("organisations:member_edit", args=[melder.pk])
    response = _client(personas.user("coordinator")).post(url, {"role": "auditor", "version": melder.version})
    assert response.status_code == 302
    assert _reload(melder).role == "auditor"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = MembershipEvent.objects.filter(pgh_obj_id=melder.pk, pgh_label="update").get()
        assert event.role == "auditor"
        assert event.pgh_context["user"] == personas.user("coordinator").pk
        assert SecurityEvent.objects.filter(kind="role_changed").exists()


def test_a_stale_form_does_not_overwrite_a_newer_change(personas: Any) -> None:
    melder = personas.members["melder"]
    url = reverse("organisations:member_edit", args=[melder.pk])
    client = _client(personas.user("coordinator"))
    assert client.post(url, {"role": "auditor", "version": 1}).status_code == 302
    response = client.post(url, {"role": "bestuurder", "version": 1})  # opened before the first save
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert _reload(melder).role == "auditor"


def test_a_thema_eigenaar_needs_at_least_one_theme(personas: Any) -> None:
    melder = personas.members["melder"]
    url = reverse("organisations:member_edit", args=[melder.pk])
    response = _client(personas.user("coordinator")).post(url, {"role": "thema_eigenaar", "version": 1})
    assert response.status_code == 200
    assert "Kies minstens één thema" in response.content.decode()
    assert _reload(melder).role == "melder"


def test_a_ketenpartner_needs_a_partner_organisation(personas: Any) -> None:
    melder = personas.members["melder"]
    url = reverse("organisations:member_edit", args=[melder.pk])
    response = _client(personas.user("coordinator")).post(url, {"role": "ketenpartner", "version": 1})
    assert "Kies de partnerorganisatie" in response.content.decode()
    assert _reload(melder).role == "melder"


def test_the_last_coordinator_cannot_be_demoted(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    url = reverse("organisations:member_edit", args=[coordinator.pk])
    response = _client(coordinator.user).post(url, {"role": "melder", "version": coordinator.version})
    assert "De laatste coördinator kan geen andere rol krijgen" in response.content.decode()
    assert _reload(coordinator).role == "coordinator"


def test_the_last_coordinator_cannot_be_removed(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    url = reverse("organisations:member_remove", args=[coordinator.pk])
    client = _client(coordinator.user)
    response = client.post(url, follow=True)
    assert "De laatste coördinator kan niet worden verwijderd" in response.content.decode()
    assert _reload(coordinator).role == "coordinator"


def test_removing_asks_for_confirmation_first(personas: Any) -> None:
    melder = personas.members["melder"]
    url = reverse("organisations:member_remove", args=[melder.pk])
    client = _client(personas.user("coordinator"))
    page = client.get(url)
    assert "verwijderen?" in page.content.decode()
    assert _reload(melder)  # still there after the GET
    client.post(url)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Membership.objects.filter(pk=melder.pk).exists()
        assert MembershipEvent.objects.filter(pgh_obj_id=melder.pk, pgh_label="delete").exists()


def test_a_second_coordinator_can_be_removed(personas: Any) -> None:
    from tests import factories

    second = factories.make_member(personas.gemeente_a, factories.make_user("co2@aastad.example"), "coordinator")
    _client(personas.user("coordinator")).post(reverse("organisations:member_remove", args=[second.pk]))
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Membership.objects.filter(pk=second.pk).exists()


def test_the_members_page_query_count_does_not_depend_on_the_number_of_members(
    personas: Any, django_assert_num_queries: Any
) -> None:
    from tests import factories

    client = _client(personas.user("coordinator"))
    client.get(reverse("organisations:members"))
    for i in range(20):
        factories.make_member(personas.gemeente_a, factories.make_user(f"m{i}@aastad.example"), "melder")
    # session, user, savepoint, set_config, membership, member count, one page of
    # members+user+partner, invitations, release
    with django_assert_num_queries(9):
        assert client.get(reverse("organisations:members")).status_code == 200


def test_a_long_member_list_is_split_into_pages(personas: Any) -> None:
    from organisations.views import MEMBERS_PER_PAGE
    from tests import factories

    for i in range(MEMBERS_PER_PAGE):
        factories.make_member(personas.gemeente_a, factories.make_user(f"veel{i:03}@aastad.example"), "melder")
    client = _client(personas.user("coordinator"))
    first = client.get(reverse("organisations:members")).content.decode()
    second = client.get(reverse("organisations:members") + "?pagina=2").content.decode()
    assert "utrecht-pagination" in first
    per_row = "Rol wijzigen of verwijderen"  # one link per member row
    assert first.count(per_row) == MEMBERS_PER_PAGE
    assert second.count(per_row) == 6  # the personas' six members come after the "veel…" ones
