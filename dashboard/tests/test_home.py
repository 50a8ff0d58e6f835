"""The start page: per role, what a member needs to act on today, and nothing of another gemeente."""

from __future__ import annotations

import re
from typing import Any

import pghistory
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from kader import services
from kader.models import KaderVersie, StapActiviteit, Uitgangspunt, WetOfNorm
from kader.tests.test_views import BASE, adopted_version, client_for, fill_the_other_steps, fresh, submitted_version
from lib import tenancy
from risicos.tests import world as risicos_world
from tests.factories import make_partner

pytestmark = pytest.mark.django_db


def home(personas: Any, role: str) -> str:
    return client_for(personas, role).get("/").content.decode()


def step_url(versie: KaderVersie, stap: str, anchor: str = "") -> str:
    url = reverse("kader:step", kwargs={"pk": versie.pk, "stap": stap})
    return f"{url}#{anchor}" if anchor else url


def links(body: str) -> dict[str, str]:
    """Every link on the page: its text (tags stripped) -> its address."""
    found = re.findall(r'<a class="utrecht-link" href="([^"]*)">(.*?)</a>', body, re.S)
    return {re.sub(r"<[^>]+>", "", text).strip(): href.replace("&amp;", "&") for href, text in found}


def as_coordinator(personas: Any) -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.user("coordinator").pk)


def with_vision(personas: Any, versie: KaderVersie) -> KaderVersie:
    """Version 1 with every required part filled; the checklists are still open."""
    with as_coordinator(personas):
        current = fresh(personas, versie.pk)
        services.edit(
            versie=current,
            by=personas.members["coordinator"],
            expected_version=current.version,
            visie="Veilig werken.",
            visie_onderbouwing="Past bij ons.",
        )
    fill_the_other_steps(personas, versie)
    return fresh(personas, versie.pk)


def tick_every_activity(personas: Any, versie: KaderVersie) -> None:
    with as_coordinator(personas):
        done = {"gedaan_op": timezone.localdate(), "gedaan_door": personas.user("coordinator")}
        StapActiviteit.objects.filter(versie=versie).update(**done)


# --- the greeting and who lands elsewhere ---------------------------------------------------------


def test_the_start_page_greets_the_user_in_their_gemeente_and_role(personas: Any) -> None:
    body = home(personas, "thema_eigenaar")
    assert "Overzicht Gemeente Aastad" in body
    assert "thema-eigenaar" in body and "Informatiebeveiliging" in body


def test_the_start_page_no_longer_counts_members_per_role(personas: Any) -> None:
    assert "Leden per rol" not in home(personas, "coordinator")


def test_a_platform_admin_lands_on_the_gemeente_registry(personas: Any) -> None:
    client = Client()
    client.force_login(personas.platform_admin)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/platform/gemeenten"


def test_a_user_without_membership_is_told_to_ask_for_an_invitation(personas: Any) -> None:
    from tests.factories import make_user

    client = Client()
    client.force_login(make_user("los@example.org"))
    response = client.get("/")
    assert response.status_code == 403
    assert "uitnodiging" in response.content.decode()


# --- the kader: coördinator and thema-eigenaar ----------------------------------------------------


def test_a_coordinator_without_a_kader_can_start_it_from_the_start_page(personas: Any) -> None:
    body = home(personas, "coordinator")
    assert "Er is nog geen strategisch kader." in body
    assert re.search(r'<form method="post" action="/kader/starten".*?>Kader starten</button>', body, re.S)


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar"])
def test_the_coordinator_sees_the_next_step_of_the_open_version_with_links_to_its_open_points(
    personas: Any, role: str
) -> None:
    versie = personas.kader_of()
    body = home(personas, role)
    found = links(body)
    assert "0 van 5 stappen compleet" in body
    assert found["Versie 1 (concept)"] == versie.get_absolute_url()
    assert found["Volgende stap: Visie"] == step_url(versie, "visie")
    assert "2 open punten" in body
    assert found["Visie: de visietekst ontbreekt."] == step_url(versie, "visie", "id_visie")
    assert found["Visie: de onderbouwing van de gekozen variant ontbreekt."] == step_url(
        versie, "visie", "id_visie_onderbouwing"
    )
    assert "Scope:" not in body  # only the next step's points: the page stays short


def test_a_step_without_open_points_asks_to_tick_off_its_main_activities(personas: Any) -> None:
    versie = with_vision(personas, personas.kader_of())
    body = home(personas, "coordinator")
    assert links(body)["Volgende stap: Visie"] == step_url(versie, "visie")
    assert "hoofdactiviteiten afvinken (0 van 8 gedaan)" in body


def test_one_open_point_left_in_the_next_step_links_to_its_place(personas: Any) -> None:
    versie = with_vision(personas, personas.kader_of())
    tick_every_activity(personas, versie)
    with as_coordinator(personas):
        WetOfNorm.objects.filter(pk=WetOfNorm.objects.filter(versie=versie).values("pk")[:1]).update(
            van_toepassing=None
        )
    body = home(personas, "coordinator")
    found = links(body)
    assert found["Volgende stap: Scope"] == step_url(versie, "scope")
    assert "— 1 open punt." in body
    text = "Scope: van één wet of norm is nog niet bepaald of die van toepassing is."
    assert found[text] == step_url(versie, "scope", "wetten-kop")


def test_a_long_list_of_open_points_is_cut_short_with_a_link_to_the_step(personas: Any) -> None:
    versie = with_vision(personas, personas.kader_of())
    tick_every_activity(personas, versie)
    with as_coordinator(personas):
        Uitgangspunt.objects.filter(versie=versie).delete()
    body = home(personas, "coordinator")
    found = links(body)
    assert "4 van 5 stappen compleet" in body  # all but uitgangspunten
    assert found["Volgende stap: Uitgangspunten"] == step_url(versie, "uitgangspunten")
    assert "10 open punten" in body
    assert found["Uitgangspunten: er zijn nog geen uitgangspunten."] == step_url(
        versie, "uitgangspunten", "nieuw-punt-kop"
    )
    assert len([text for text in found if text.startswith("Uitgangspunten: ")]) == 5
    assert found["Nog 5 open punten bij Uitgangspunten"] == step_url(versie, "uitgangspunten")


def test_a_complete_concept_can_be_offered_for_decision_from_the_start_page(personas: Any) -> None:
    versie = with_vision(personas, personas.kader_of())
    tick_every_activity(personas, versie)
    body = home(personas, "coordinator")
    assert "5 van 5 stappen compleet" in body and "Volgende stap" not in body
    submit = reverse("kader:submit", kwargs={"pk": versie.pk})
    assert re.search(rf'action="{submit}".*?>Versie 1 ter besluitvorming aanbieden</button>', body, re.S)


def test_a_thema_eigenaar_sees_the_version_ter_besluitvorming_but_cannot_record_the_vaststelling(
    personas: Any,
) -> None:
    submitted_version(personas)
    body = home(personas, "thema_eigenaar")
    assert "Versie 1 (ter besluitvorming)" in body and "wacht op de vaststelling" in body
    assert "vastleggen" not in body and "Volgende stap" not in body


# --- the kader: bestuurder, auditor -------------------------------------------------------------


def test_the_bestuurder_is_asked_to_record_the_vaststelling_of_the_version_ter_besluitvorming(personas: Any) -> None:
    versie = submitted_version(personas)
    body = home(personas, "bestuurder")
    assert f"aangeboden op {date_format(timezone.localdate(), 'j F Y')}; wacht op de vaststelling" in body
    assert links(body)["Vaststelling van versie 1 vastleggen"] == reverse("kader:adopt", kwargs={"pk": versie.pk})
    assert "Volgende stap" not in body and "<form" not in body.split("<main", 1)[1]


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_see_the_adopted_version_with_its_date_and_the_open_one_without_actions(
    personas: Any, role: str
) -> None:
    adopted = adopted_version(personas)
    with as_coordinator(personas):
        nieuw = services.new_version(by=personas.members["coordinator"], from_version=fresh(personas, adopted.pk))
    body = home(personas, role)
    found = links(body)
    assert found["Versie 1 (geldend)"] == adopted.get_absolute_url()
    assert f"vastgesteld op {date_format(timezone.localdate(), 'j F Y')} door College van B en W" in body
    assert found["Versie 2 (concept)"] == nieuw.get_absolute_url()
    assert "wordt opgesteld" in body
    assert "Volgende stap" not in body and "vastleggen" not in body and "aanbieden" not in body


def test_a_bestuurder_without_a_kader_is_told_who_starts_it(personas: Any) -> None:
    body = home(personas, "bestuurder")
    assert "Er is nog geen strategisch kader; een coördinator start het." in body
    assert "Kader starten" not in body


# --- recent changes -------------------------------------------------------------------------------


def _recent(body: str) -> list[tuple[str, str, str]]:
    section = body.split('id="wijzigingen-kop">Recente wijzigingen</h2>', 1)[1].split("</section>", 1)[0]
    return re.findall(r'href="(/historie[^"]*)">([^<]+)</a> — ([^<]+)', section)


@pytest.mark.parametrize("role", ["coordinator", "auditor"])
def test_the_coordinator_and_the_auditor_see_the_last_five_actions_each_linking_to_its_changes(
    personas: Any, role: str
) -> None:
    personas.kader_of()  # gemeente A has many more actions than five
    body = home(personas, role)
    items = _recent(body)
    assert len(items) == 5
    assert all(url.startswith("/historie") for url, _text, _note in items)
    assert all("_" not in text and "." not in text for _url, text, _note in items), "Dutch descriptions only"
    assert links(body)["Alle wijzigingen in de historie"] == reverse("audit:history")


def test_an_action_of_a_service_shows_who_did_what_and_links_to_its_changes(personas: Any) -> None:
    by = personas.coordinator_b  # gemeente B: only its registration, its coördinator and now its kader
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start_kader(by=by)
    client = Client()
    client.force_login(by.user)
    client.get(reverse("dashboard:home"))
    items = _recent(client.get(reverse("dashboard:home")).content.decode())
    started = [item for item in items if item[1] == "Strategisch kader begonnen"]
    assert len(started) == 1 and 2 <= len(items) <= 5
    url, _text, note = started[0]
    assert url.startswith("/historie?handeling=")
    assert note.startswith(f"{by.user.full_name}, ") and note.rstrip().endswith("wijzigingen).")


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder"])
def test_members_without_the_history_see_no_recent_changes(personas: Any, role: str) -> None:
    personas.kader_of()
    body = home(personas, role)
    assert "Recente wijzigingen" not in body and "/historie" not in body


# --- melder and ketenpartner ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "welcome"),
    [("melder", "meldt u hier incidenten"), ("ketenpartner", "integraal veiligheidsplan")],
)
def test_a_melder_or_ketenpartner_is_welcomed_and_sees_nothing_of_the_kader(
    personas: Any, role: str, welcome: str
) -> None:
    versie = personas.kader_of()
    body = home(personas, role)
    assert "Wat u hier kunt doen" in body and welcome in body
    assert links(body)["Uw account en tweestapsverificatie"] == reverse("accounts:profile")
    assert "Strategisch kader" not in body and "/kader" not in body and str(versie.pk) not in body
    assert "Recente wijzigingen" not in body


@pytest.mark.parametrize(
    ("role", "starts"),
    [
        ("melder", {"Incident melden": "incidenten:melden", "Mijn meldingen": "incidenten:mijn"}),
        ("ketenpartner", {"Het integraal veiligheidsplan": "ivp:overzicht"}),
    ],
)
def test_the_welcome_links_to_what_the_role_can_do_now_and_promises_nothing_for_later(
    personas: Any, role: str, starts: dict[str, str]
) -> None:
    body = home(personas, role)
    found = links(body)
    for text, name in starts.items():
        assert found[text] == reverse(name), text
    assert "binnenkort" not in body.lower(), "a capability that exists is not announced as coming"


# --- gemeenten apart, queries bounded -------------------------------------------------------------


def test_nothing_of_gemeente_b_shows_on_the_start_page_of_gemeente_a(personas: Any) -> None:
    coordinator_b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=coordinator_b.user_id):
        versie_b = services.start_kader(by=coordinator_b)
    make_partner(personas.gemeente_b, "Brandweer Beedorp")
    body = home(personas, "coordinator")
    assert "Er is nog geen strategisch kader." in body
    assert str(versie_b.pk) not in body and "Brandweer Beedorp" not in body and "Beedorp" not in body


def test_a_readers_start_page_costs_the_same_few_queries_however_long_the_history(
    personas: Any, django_assert_num_queries: Any
) -> None:
    # Every action names a person (the people on the page are one query, none when nobody is named):
    # changes of one test share their time, so which actions are the newest five depends on the ids.
    with pghistory.context(user=personas.members["coordinator"].user_id):
        personas.kader_of()
        risicos_world.risico_pk(personas)
        for i in range(20):
            make_partner(personas.gemeente_a, f"Partner {i}")
    client = client_for(personas, "auditor")
    # BASE; the revision (dashboard/tests/test_cached_blocks.py); the kader versions; the registers (4
    # for the risks and measures, 1 for the plan (there is none), 1 for the actions, 1 for the incidents:
    # test_register_blocks.py); the PDCA cycle (2), the exercises (2), the quickscans (1: there is none
    # completed; test_cycle_blocks.py); the last 5 actions (the table of actions), the contexts of their
    # first changes (the history tables they touched) and the people in those. No progress for readers.
    with django_assert_num_queries(BASE + 17):
        assert client.get("/").status_code == 200
