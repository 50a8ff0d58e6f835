"""The register's pages are kept per gemeente revision and member (lib.revisions): a repeated visit
costs a fixed handful of queries, and a change, by whoever makes it, shows at the next visit.
These tests commit, as a real request does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from risicos import services
from risicos.models import Maatregel, Risico
from tests.kept import BASE, get, without_token

from .world import bound, maatregel_pk, risico_pk

pytestmark = pytest.mark.django_db(transaction=True)


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("risicos:overzicht", BASE + 2),  # the matrix (for the start page), the revision
        ("risicos:risicos", BASE + 2),  # the same
        ("risicos:risico", BASE + 1),  # the revision (the risk's title is kept with the page)
        ("risicos:maatregelen", BASE + 1),
        ("risicos:analyse", BASE + 1),
    ],
)
def test_a_second_visit_is_served_from_the_cache_in_a_fixed_number_of_queries(
    personas: Any, name: str, kept: int
) -> None:
    pk = risico_pk(personas)
    url = reverse(name, args=[pk]) if name == "risicos:risico" else reverse(name)
    client = client_of(personas, "coordinator")
    first, rendered = get(client, url)
    second, cached = get(client, url)
    assert without_token(second) == without_token(first)
    assert cached == kept
    assert rendered > cached


def test_a_measure_that_stops_working_shows_in_the_chain_and_the_gaps_at_the_next_visit(personas: Any) -> None:
    pk, maatregel = risico_pk(personas), maatregel_pk(personas)
    client = client_of(personas, "bestuurder")
    risk_url, overview_url = reverse("risicos:risico", args=[pk]), reverse("risicos:overzicht")
    get(client, risk_url)
    before, _ = get(client, overview_url)
    coordinator = personas.members["coordinator"]
    with bound(personas):
        found = Maatregel.objects.get(pk=maatregel)
        services.edit_maatregel(by=coordinator, maatregel=found, expected_version=found.version, status="vervallen")
        assert Risico.objects.get(pk=pk).keten == []

    page, queries = get(client, risk_url)
    after, _ = get(client, overview_url)
    assert queries > BASE + 1  # rendered afresh
    assert "Inbraakalarm met doormelding" not in page  # a lapsed measure is not in the chain
    assert after != before


def test_what_one_member_sees_never_reaches_another(personas: Any) -> None:
    risico_pk(personas)
    url = reverse("risicos:risicos")
    coordinator_page, _ = get(client_of(personas, "coordinator"), url)
    assert "Risico toevoegen" in coordinator_page
    bestuurder_page, queries = get(client_of(personas, "bestuurder"), url)
    assert "Risico toevoegen" not in bestuurder_page
    assert queries > BASE + 2  # rendered for the bestuurder, not taken from the coördinator's
