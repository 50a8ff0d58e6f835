"""The history page is kept per gemeente revision and member (lib.revisions): the history grows only
with a change in the gemeente, so a repeated visit reads only the revision, and a change shows at the
next visit. These tests commit, as a real request does."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kader import services
from lib import tenancy
from tests.kept import BASE, get, without_token

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_second_visit_reads_only_the_revision_and_a_change_shows_at_the_next_visit(personas: Any) -> None:
    by = personas.coordinator_b
    client = Client()
    client.force_login(by.user)
    url = reverse("audit:history")
    first, rendered = get(client, url)
    second, kept = get(client, url)
    assert without_token(second) == without_token(first)
    assert kept == BASE + 1  # the revision
    assert rendered > kept
    assert "Strategisch kader begonnen" not in second

    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start_kader(by=by)
    third, again = get(client, url)
    assert again > kept
    assert "Strategisch kader begonnen" in third


def test_each_filter_is_kept_apart(personas: Any) -> None:
    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start_kader(by=by)
    client = Client()
    client.force_login(by.user)
    everything, _ = get(client, reverse("audit:history"))
    nothing, _ = get(client, reverse("audit:history") + "?van=2001-01-01&tot=2001-01-02")
    assert "Strategisch kader begonnen" in everything
    assert "Strategisch kader begonnen" not in nothing
    assert "Er zijn geen wijzigingen die aan de filters voldoen." in nothing
