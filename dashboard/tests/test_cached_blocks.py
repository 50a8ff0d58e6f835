"""The blocks of the start page are kept per gemeente revision and member (lib.revisions): a repeated
visit reads neither the kader nor the history again, and a change, by whoever makes it, shows at the
next visit. These tests commit, as a real request does."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kader import services
from lib import tenancy
from tests.kept import BASE, get, without_token

pytestmark = pytest.mark.django_db(transaction=True)

HOME = reverse("dashboard:home")


def test_a_second_visit_reads_only_the_revision_and_a_change_shows_at_the_next_visit(personas: Any) -> None:
    by = personas.coordinator_b
    client = Client()
    client.force_login(by.user)
    first, rendered = get(client, HOME)
    second, kept = get(client, HOME)
    assert without_token(second) == without_token(first)
    assert kept == BASE + 1  # the revision
    assert rendered > kept
    assert "Kader starten" in second

    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start_kader(by=by)
    third, again = get(client, HOME)
    assert again > kept
    assert "Kader starten" not in third
    assert "Strategisch kader begonnen" in third


def test_the_blocks_of_one_member_never_reach_another(personas: Any) -> None:
    coordinator = Client()
    coordinator.force_login(personas.user("coordinator"))
    assert "Recente wijzigingen" in get(coordinator, HOME)[0]
    bestuurder = Client()
    bestuurder.force_login(personas.user("bestuurder"))
    page, queries = get(bestuurder, HOME)
    assert "Recente wijzigingen" not in page  # the bestuurder has no history: built for them
    assert queries > BASE + 1


START_FORM = re.compile(
    r'<form method="post" action="([^"]+)" class="kapstok-form">'
    r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">\s*<button[^>]*>Kader starten</button>'
)


def test_a_kept_form_carries_the_token_of_the_browser_that_asks(personas: Any) -> None:
    """The blocks are kept per browser: the same member, logged in in a second browser, gets a form its
    own CSRF cookie accepts, not the token of the browser whose visit filled the cache."""
    first, second = Client(), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(personas.coordinator_b.user)
    get(first, HOME)
    page, kept = get(first, HOME)
    assert kept == BASE + 1
    form = START_FORM.search(page)
    assert form is not None, "the start page of a gemeente without a kader offers to start one"
    tokens = []
    for _visit in range(2):  # the first visit of a session writes it, the second may take a kept page
        own = START_FORM.search(get(second, HOME)[0])
        assert own is not None
        tokens.append(own.group(2))
    assert form.group(2) not in tokens, "the first browser's kept form"
    answer = second.post(form.group(1), {"csrfmiddlewaretoken": tokens[-1]})
    assert answer.status_code == 302 and answer["Location"] == reverse("kader:overview")
