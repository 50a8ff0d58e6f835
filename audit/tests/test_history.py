"""The history page: every change of the gemeente, per action, with actor, origin and before/after values."""

from __future__ import annotations

import re
from typing import Any

import pghistory
import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from audit.history import CHANGES_SHOWN, HistoryFilter, events_for
from audit.services import PAGE_SIZE
from lib import tenancy
from organisations.models import PartnerOrganisatie
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("audit:history")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add_partner_via_web(client: Client, name: str) -> None:
    response = client.post(reverse("organisations:partners"), {"name": name})
    assert response.status_code == 302


def _rows(html: str) -> list[str]:
    """The actions on the page, each as text without tags (its header and its changes)."""
    chunks = html.split('<article class="kapstok-history__action">')[1:]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chunk.split("</article>")[0])) for chunk in chunks]


def _row_with(rows: list[str], text: str) -> str:
    """The one action mentioning ``text`` (in a test all changes share one transaction timestamp)."""
    found = [row for row in rows if text in row]
    assert len(found) == 1, found
    return found[0]


def test_it_shows_a_partner_added_on_the_web_with_actor_origin_and_new_values(personas: Any) -> None:
    coordinator = personas.user("coordinator")
    client = _client(coordinator)
    _add_partner_via_web(client, "Brandweer Regio Aa")

    response = client.get(URL)

    assert response.status_code == 200
    row = _row_with(_rows(response.content.decode()), "Brandweer Regio Aa")
    assert coordinator.email in row
    assert "aangemaakt" in row
    assert "webapplicatie" in row
    assert "Partnerorganisatie: Brandweer Regio Aa" in row
    assert "Naam — Brandweer Regio Aa" in row  # field, before (none), after


def test_an_auditor_sees_the_history_too(personas: Any) -> None:
    _add_partner_via_web(_client(personas.user("coordinator")), "GGD Aa")
    response = _client(personas.user("auditor")).get(URL)
    assert response.status_code == 200
    assert "GGD Aa" in response.content.decode()


def test_a_queryset_update_shows_the_value_before_and_after(personas: Any) -> None:
    coordinator = personas.user("coordinator")
    with pghistory.context(user=coordinator.pk), tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatie.objects.filter(pk=personas.partner_a.pk).update(name="Politie Eenheid Aa-Noord")

    rows = _rows(_client(coordinator).get(URL + "?actie=update").content.decode())

    row = _row_with(rows, "Aa-Noord")
    assert "gewijzigd" in row
    assert "Naam Politie Eenheid Aa Politie Eenheid Aa-Noord" in row  # field, before, after
    assert coordinator.email in row


def test_a_bulk_delete_shows_every_deleted_partner_with_its_last_values(personas: Any) -> None:
    a = personas.gemeente_a
    factories.make_partner(a, "Woningcorporatie Aa")
    factories.make_partner(a, "Scholengroep Aa")
    auditor = personas.user("auditor")
    with pghistory.context(user=auditor.pk), tenancy.bound(gemeente=a.pk):
        deleted, _ = PartnerOrganisatie.objects.filter(name__in=["Woningcorporatie Aa", "Scholengroep Aa"]).delete()
    assert deleted == 2

    rows = _rows(_client(personas.user("coordinator")).get(URL + "?actie=delete").content.decode())

    assert len(rows) == 1  # one action: the bulk delete
    (row,) = rows
    assert "2 wijzigingen" in row
    assert auditor.email in row
    assert "Partnerorganisatie: Woningcorporatie Aa — verwijderd" in row
    assert "Partnerorganisatie: Scholengroep Aa — verwijderd" in row


def test_the_coordinator_of_another_gemeente_never_sees_our_events(personas: Any) -> None:
    _add_partner_via_web(_client(personas.user("coordinator")), "Geheime Partner Aa")
    response = _client(personas.user("coordinator_b")).get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geheime Partner Aa" not in html
    assert "Politie Eenheid Aa" not in html
    assert "Gemeente Aastad" not in html


def test_the_explicit_gemeente_filter_holds_even_where_row_level_security_would_let_rows_through(
    personas: Any,
) -> None:
    # Wall 1 on its own: the database is bound to gemeente A (RLS shows A's events), but the
    # query is built for B's membership, so the explicit gemeente condition must return nothing.
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert events_for(personas.members["coordinator"]).exists()
        assert not events_for(personas.coordinator_b).exists()


@pytest.mark.parametrize("role", ["melder", "bestuurder", "thema_eigenaar", "ketenpartner"])
def test_other_roles_are_refused(personas: Any, role: str) -> None:
    assert _client(personas.user(role)).get(URL).status_code == 403


def test_filters_narrow_by_type_object_action_actor_and_period(personas: Any) -> None:
    coordinator = personas.user("coordinator")
    client = _client(coordinator)
    _add_partner_via_web(client, "Handhaving Aa")
    partner = personas.partner_a

    def count(query: str) -> int:
        return len(_rows(client.get(URL + query).content.decode()))

    everything = count("")
    assert everything > 2
    assert count("?type=organisations.partnerorganisatie") == 2  # Politie (factory), Handhaving (web)
    assert count(f"?type=organisations.partnerorganisatie&object={partner.pk}") == 1
    assert count(f"?object={partner.pk}") == 1
    assert count("?actie=update") == 0
    assert count(f"?door={coordinator.email.upper()}") == 1
    assert count("?door=niemand@aastad.example") == 0
    assert count("?herkomst=web") == 1
    assert count("?van=2000-01-01&tot=2000-01-31") == 0
    assert count("?van=2000-01-01") == everything


def test_the_per_object_link_leads_to_that_objects_history(personas: Any) -> None:
    client = _client(personas.user("coordinator"))
    partner = personas.partner_a
    html = client.get(URL + "?type=organisations.partnerorganisatie").content.decode()
    assert f"?type=organisations.partnerorganisatie&amp;object={partner.pk}" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?object=geen-uuid", "Een id bestaat uit 32 hexadecimale tekens"),
        ("?van=31-02-2025", "Vul een geldige datum in"),
        ("?van=2025-03-10&tot=2025-03-01", "De einddatum ligt vóór de begindatum."),
        ("?tot=9999-12-31", "Vul een datum in tussen 01-01-1900 en 31-12-2999."),
        ("?van=0001-01-01", "Vul een datum in tussen 01-01-1900 en 31-12-2999."),
        ("?type=auth.user", "Kies een van de mogelijkheden uit de lijst."),
        ("?actie=truncate", "Kies een van de mogelijkheden uit de lijst."),
        ("?door=geen-adres", "Vul een geldig e-mailadres in."),
    ],
)
def test_invalid_filter_input_gives_a_dutch_message_and_no_events(personas: Any, query: str, message: str) -> None:
    response = _client(personas.user("coordinator")).get(URL + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert _rows(html) == []
    assert "utrecht-form-field--invalid" in html


def _make_events(personas: Any, n: int) -> None:
    """One action that adds ``n`` partners."""
    a = personas.gemeente_a
    with pghistory.context(user=personas.user("coordinator").pk), tenancy.bound(gemeente=a.pk):
        for i in range(n):
            PartnerOrganisatie.objects.create(gemeente=a, name=f"Budgetpartner {i:03}")


def _make_actions(personas: Any, n: int) -> None:
    """``n`` actions that each add a partner."""
    a = personas.gemeente_a
    for i in range(n):
        with pghistory.context(user=personas.user("coordinator").pk), tenancy.bound(gemeente=a.pk):
            PartnerOrganisatie.objects.create(gemeente=a, name=f"Actiepartner {i:03}")


@pytest.mark.parametrize("n", [5, 60])
def test_the_page_costs_the_same_number_of_queries_for_5_or_60_changes(
    personas: Any, n: int, django_assert_num_queries: Any
) -> None:
    _make_events(personas, n)
    _make_actions(personas, n)
    client = _client(personas.user("coordinator"))
    client.get(URL)  # warm-up: the first request of a session stores the active gemeente
    # 6 per authenticated request (session, user, savepoint, tenancy set_config, membership with
    # gemeente, release, savepoint + session UPDATE + release: see tests/test_query_budgets.py)
    # + 1 the revision (audit/tests/test_cached_history.py), + 1 count of the actions, + 1 page of
    # actions, + 2 changes of those actions (the ids of the first of each, then those with their
    # diffs; each a CTE over the event tables), + 1 people and related rows on the page.
    with django_assert_num_queries(6 + 6):
        response = client.get(URL + "?type=organisations.partnerorganisatie")
    assert response.status_code == 200
    assert len(_rows(response.content.decode())) == min(n + 2, PAGE_SIZE)


def test_a_large_action_shows_its_first_changes_and_links_to_all_of_them(personas: Any) -> None:
    _make_events(personas, CHANGES_SHOWN + 5)
    client = _client(personas.user("coordinator"))
    html = client.get(URL + "?type=organisations.partnerorganisatie").content.decode()
    row = _row_with(_rows(html), "Budgetpartner 000")
    assert f"{CHANGES_SHOWN + 5} wijzigingen" in row
    assert row.count("— aangemaakt") == CHANGES_SHOWN
    assert f"Hier staan de eerste {CHANGES_SHOWN} van de {CHANGES_SHOWN + 5} wijzigingen." in row
    link = re.search(r'href="(\?[^"]*handeling=[^"]+)"', html)
    assert link is not None

    one = client.get(URL + link.group(1).replace("&amp;", "&")).content.decode()
    (row,) = _rows(one)
    assert row.count("— aangemaakt") == CHANGES_SHOWN + 5
    assert f"{CHANGES_SHOWN + 5} wijzigingen in deze actie" in one
    assert '<details class="kapstok-details" open>' in one


def test_the_last_page_holds_the_oldest_actions(personas: Any) -> None:
    _make_actions(personas, 60)
    client = _client(personas.user("coordinator"))
    last = (61 - 1) // PAGE_SIZE + 1  # 60 new partners + the persona's own
    html = client.get(URL + f"?type=organisations.partnerorganisatie&pagina={last}").content.decode()
    assert len(_rows(html)) == 61 - (last - 1) * PAGE_SIZE
    assert "utrecht-pagination__page-link--current" in html
    assert "Politie Eenheid Aa" in html  # the oldest action


def test_events_for_without_membership_is_empty() -> None:
    assert list(events_for(None, HistoryFilter())) == []


def test_web_changes_record_origin_and_method_and_commands_record_their_name(personas: Any) -> None:
    from lib.history import command_context

    PartnerOrganisatieEvent = apps.get_model("organisations", "PartnerOrganisatieEvent")

    _add_partner_via_web(_client(personas.user("coordinator")), "Via het web")
    a = personas.gemeente_a
    with command_context("load_demo"), tenancy.bound(gemeente=a.pk):
        PartnerOrganisatie.objects.create(gemeente=a, name="Via een opdracht")

    with tenancy.bound(gemeente=a.pk):
        web = PartnerOrganisatieEvent.objects.get(name="Via het web").pgh_context
        command = PartnerOrganisatieEvent.objects.get(name="Via een opdracht").pgh_context
    assert web["origin"] == "web"
    assert web["method"] == "POST"
    assert web["user"] == personas.user("coordinator").pk
    assert command == {"origin": "command", "command": "load_demo"}
    html = _client(personas.user("coordinator")).get(URL + "?herkomst=command").content.decode()
    assert "beheeropdracht" in _row_with(_rows(html), "Via een opdracht")


def test_a_membership_shows_its_person_by_e_mail_not_by_number(personas: Any) -> None:
    html = _client(personas.user("auditor")).get(URL + "?type=organisations.membership").content.decode()
    row = _row_with(_rows(html), "Melder (melder@aastad.example) — Melder")  # the object label
    assert "Gebruiker — Melder (melder@aastad.example)" in row  # the snapshot shows name and e-mail address
    assert "Rol — Melder" in row  # choices by their Dutch label


def test_the_queries_of_a_page_depend_neither_on_the_number_nor_on_the_kinds_of_rows(personas: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kader import services
    from kader.models import Doel, Verantwoordelijkheid

    versie = personas.kader_of()  # one action of well over a hundred changes of many kinds
    coordinator = personas.user("coordinator")
    member = personas.members["coordinator"]
    client = _client(coordinator)
    client.get(URL)  # warm-up
    # 6 per request, the revision, the action count, the page of actions, their changes (ids, then
    # the changes), and the people and related rows (of every kind) on the page.
    budget = 6 + 6

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        for doel in Doel.objects.filter(versie=versie):
            services.edit_part(by=member, obj=doel, expected_version=doel.version, titel=doel.titel + " (2)")
        for i in range(30):
            services.add_part(
                model=Verantwoordelijkheid,
                versie=versie,
                by=member,
                rol=f"Rol {i}",
                activiteit="Toets",
                aard="R",
            )
    many = queries()

    assert few == many == budget, (few, many, budget)


def test_an_invalid_action_id_gives_a_dutch_message_and_no_changes(personas: Any) -> None:
    response = _client(personas.user("coordinator")).get(URL + "?handeling=geen-uuid")
    html = response.content.decode()
    assert response.status_code == 200
    assert "De gekozen actie bestaat niet." in html
    assert _rows(html) == []


def test_the_action_of_another_gemeente_shows_nothing(personas: Any) -> None:
    _add_partner_via_web(_client(personas.user("coordinator")), "Partner van Aa")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        PartnerOrganisatieEvent = apps.get_model("organisations", "PartnerOrganisatieEvent")

        context_id = PartnerOrganisatieEvent.objects.get(name="Partner van Aa").pgh_context_id
    html = _client(personas.user("coordinator_b")).get(URL + f"?handeling={context_id}").content.decode()
    assert _rows(html) == []
    assert "Partner van Aa" not in html
