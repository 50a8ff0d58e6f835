"""The priorities of a plan: the scores per theme, the weighted score and suggested tier, editing a row
in place (htmx) or on its own page, the weights, the warning for too many priorities, and who may."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from ivp import content, services
from ivp.models import Plan, Prioritering, Thema
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

from .test_views_themas import BASE, READERS, bound, client_for, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any) -> Any:
    return make_world(personas)


def prio(personas: Any, code: str) -> Prioritering:
    with bound(personas):
        return Prioritering.objects.select_related("plan", "thema__veld").get(plan=personas.plan, thema__code=code)


def plan(personas: Any) -> Plan:
    with bound(personas):
        return Plan.objects.get(pk=personas.plan.pk)


def score(personas: Any, code: str, **fields: Any) -> Prioritering:
    p = prio(personas, code)
    with bound(personas):
        return services.edit_prioritering(
            by=personas.members["coordinator"], prioritering=p, expected_version=p.version, **fields
        )


def page_url(personas: Any) -> str:
    return reverse("ivp:prioriteiten", kwargs={"pk": personas.plan.pk})


def edit_url(p: Prioritering) -> str:
    return reverse("ivp:prioritering_edit", kwargs={"pk": p.pk})


def row_data(p: Prioritering, **values: Any) -> dict[str, Any]:
    fields = {name: getattr(p, name) or "" for name in (*Prioritering.CRITERIA, "niveau", "onderbouwing")}
    return {f"{p.pk}-{name}": value for name, value in {**fields, "version": p.version, **values}.items()}


HTMX = {"HX-Request": "true"}


# --- the table ------------------------------------------------------------------------------------


def test_the_table_shows_each_shown_theme_with_its_weighted_score_and_suggested_tier(world: Any) -> None:
    score(world, "1.3", omvang=5, ernst=5, trend=2, beleving=4, invloed=1)
    score(world, "1.1", omvang=4, niveau="prioriteit", onderbouwing="Meeste meldingen in de analyse.")
    with bound(world):
        hidden = Thema.objects.select_related("veld").get(code="2.5")
        services.edit_thema(
            by=world.members["coordinator"], thema=hidden, expected_version=hidden.version, verborgen=True
        )
    page = client_for(world, "coordinator").get(page_url(world)).content.decode()
    row = page.split(f'id="prioritering-{prio(world, "1.3").pk}"')[1].split("</tr>")[0]
    cells = [cell.split(">", 1)[1].split("<")[0] for cell in row.split('<td class="utrecht-table__cell"')[1:10]]
    assert cells == ["5", "5", "2", "4", "1", "3,4", "Overig strategisch thema", "–", "–"]
    assert "Meeste meldingen in de analyse." in page and ">Prioriteit</td>" in page
    assert "2.5 Veilig toerisme" not in page
    assert 'class="kapstok-table-scroll" tabindex="0" role="region" aria-labelledby="prioriteiten-tabel"' in page


def test_the_page_costs_a_fixed_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    client = client_for(world, "coordinator")
    url = page_url(world)
    with django_assert_num_queries(BASE + 3):  # plan, the priorities + theme + veld, closed bijeenkomsten
        client.get(url)


# --- editing a row --------------------------------------------------------------------------------


def test_with_htmx_a_row_turns_into_its_form_and_back_into_the_saved_row_without_the_page(world: Any) -> None:
    p = prio(world, "1.3")
    client = client_for(world, "coordinator")
    form = client.get(edit_url(p), headers=HTMX).content.decode().strip()
    assert form.startswith(f'<tr class="utrecht-table__row kapstok-rij--bewerken" id="prioritering-{p.pk}">')
    assert "<html" not in form and "<h1" not in form and f'hx-post="{edit_url(p)}"' in form
    data = row_data(p, omvang=4, ernst=4, trend=3, beleving=4, invloed=3, niveau="prioriteit", onderbouwing="Stijgt.")
    row = client.post(edit_url(p), data, headers=HTMX).content.decode().strip()
    assert row.startswith(f'<tr class="utrecht-table__row" id="prioritering-{p.pk}">')
    assert "<html" not in row and "<h1" not in row
    assert '<td class="utrecht-table__cell">3,6</td>' in row and "Prioriteit" in row
    assert 'id="meldingen"' in row and 'hx-swap-oob="innerHTML"' in row and "is opgeslagen" in row
    stored = prio(world, "1.3")
    assert (stored.omvang, stored.niveau, stored.onderbouwing) == (4, "prioriteit", "Stijgt.")


def test_without_javascript_the_row_form_is_a_page_of_its_own_that_returns_to_the_table(world: Any) -> None:
    p = prio(world, "1.3")
    client = client_for(world, "coordinator")
    page = client.get(edit_url(p)).content.decode()
    assert '<h1 class="utrecht-heading-1">Prioritering wijzigen: 1.3 Veelvoorkomende criminaliteit</h1>' in page
    response = client.post(edit_url(p), row_data(p, omvang=2))
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(world)}#prioritering-{p.pk}"
    assert prio(world, "1.3").omvang == 2


def test_a_tier_without_a_justification_is_refused_in_dutch_in_place(world: Any) -> None:
    p = prio(world, "1.3")
    client = client_for(world, "coordinator")
    fragment = client.post(edit_url(p), row_data(p, niveau="prioriteit"), headers=HTMX).content.decode()
    assert fragment.strip().startswith("<tr") and "Onderbouw de keuze voor dit niveau." in fragment
    assert 'data-focus autofocus id="' in fragment
    page = client.post(edit_url(p), row_data(p, omvang=9)).content.decode()
    assert "Selecteer een geldige keuze" in page and "<title>Niet opgeslagen:" in page
    assert prio(world, "1.3").niveau is None


def test_a_stale_row_edit_shows_what_someone_else_stored(world: Any) -> None:
    p = prio(world, "1.3")
    client_for(world, "coordinator").post(edit_url(p), row_data(p, ernst=5))
    mine = client_for(world, "thema_eigenaar")
    fragment = mine.post(edit_url(p), row_data(p, ernst=2), headers=HTMX).content.decode()
    assert str(CONFLICT_MESSAGE) in fragment and fragment.count("Nu opgeslagen (door een ander gewijzigd)") == 1
    assert prio(world, "1.3").ernst == 5
    assert mine.post(edit_url(p), row_data(p, ernst=2, version=p.version + 1)).status_code == 302
    assert prio(world, "1.3").ernst == 2


# --- who may --------------------------------------------------------------------------------------


def test_a_thema_eigenaar_edits_only_the_rows_of_the_velden_they_own(world: Any) -> None:
    own, other = prio(world, "1.3"), prio(world, "2.1")
    client = client_for(world, "thema_eigenaar")
    page = client.get(page_url(world)).content.decode()
    assert f'href="{edit_url(own)}"' in page and f'href="{edit_url(other)}"' not in page
    assert "waarvan u geen eigenaar bent" in client.get(edit_url(other)).content.decode()
    fragment = client.post(edit_url(other), row_data(other, omvang=5), headers=HTMX).content.decode()
    assert fragment.strip().startswith("<tr") and "waarvan u geen eigenaar bent" in fragment
    assert prio(world, "2.1").omvang is None
    client.post(edit_url(own), row_data(own, omvang=5))
    assert prio(world, "1.3").omvang == 5
    assert "Gewichten wijzigen" not in page, "only the coördinator weighs the criteria"


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_table_but_change_nothing(world: Any, role: str) -> None:
    p = prio(world, "1.3")
    client = client_for(world, role)
    page = client.get(page_url(world)).content.decode()
    assert "1.3 Veelvoorkomende criminaliteit" in page
    assert "Wijzigen<span" not in page and "Gewichten wijzigen" not in page
    assert client.get(edit_url(p)).status_code == 403
    assert client.post(edit_url(p), row_data(p, omvang=1)).status_code == 403
    assert client.post(reverse("ivp:gewichten", kwargs={"pk": world.plan.pk}), {}).status_code == 403
    assert prio(world, "1.3").omvang is None


def test_a_melder_gets_403_and_another_gemeente_404(world: Any) -> None:
    p = prio(world, "1.3")
    urls = [page_url(world), edit_url(p), reverse("ivp:gewichten", kwargs={"pk": world.plan.pk})]
    melder, other = client_for(world, "melder"), client_for(world, "coordinator_b")
    for url in urls:
        assert melder.get(url).status_code == 403, url
        assert other.get(url).status_code in (404, 405), url
        assert other.post(url, row_data(p, omvang=1)).status_code == 404, url
    assert prio(world, "1.3").omvang is None


def test_a_plan_that_is_no_longer_a_concept_is_read_only(world: Any) -> None:
    p = prio(world, "1.3")
    with bound(world):
        services.submit_plan(by=world.members["coordinator"], plan=plan(world))
    client = client_for(world, "coordinator")
    page = client.get(page_url(world)).content.decode()
    assert "ligt ter besluitvorming en kan niet worden gewijzigd" in page
    assert "Wijzigen<span" not in page and "Gewichten wijzigen" not in page
    assert "ligt ter besluitvorming" in client.get(edit_url(p)).content.decode()
    client.post(edit_url(p), row_data(p, omvang=3))
    client.post(reverse("ivp:gewichten", kwargs={"pk": world.plan.pk}), {"gewicht_omvang": 5, "version": 1})
    assert prio(world, "1.3").omvang is None and plan(world).gewicht_omvang == 1


# --- the focus warning ----------------------------------------------------------------------------

SIX = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]


def test_more_than_five_priorities_show_the_focus_warning(world: Any) -> None:
    for code in SIX[:5]:
        score(world, code, niveau="prioriteit", onderbouwing="Uit de analyse.")
    client = client_for(world, "bestuurder")
    assert "verliest focus" not in client.get(page_url(world)).content.decode()
    score(world, SIX[5], niveau="prioriteit", onderbouwing="Uit de analyse.")
    page = client.get(page_url(world)).content.decode()
    warning = content.FOCUS_WAARSCHUWING.format(n=6, max=content.MAX_PRIORITEITEN)
    assert '<div id="focus-waarschuwing" role="status"><div class="utrecht-alert utrecht-alert--warning">' in page
    assert escape(warning) in page


def test_saving_the_sixth_priority_in_place_brings_the_warning_along(world: Any) -> None:
    for code in SIX[:5]:
        score(world, code, niveau="prioriteit", onderbouwing="Uit de analyse.")
    p = prio(world, "3.1")
    data = row_data(p, niveau="prioriteit", onderbouwing="Jeugdgroep in het centrum.")
    fragment = client_for(world, "coordinator").post(edit_url(p), data, headers=HTMX).content.decode()
    assert '<div id="focus-waarschuwing" role="status" hx-swap-oob="innerHTML">' in fragment
    assert "U hebt 6 prioriteiten gekozen" in fragment


# --- the weights ----------------------------------------------------------------------------------


def weights(personas: Any, **values: Any) -> dict[str, Any]:
    p = plan(personas)
    stored = {name: getattr(p, name) for name in Plan.WEIGHT_FIELDS}
    return {**stored, **values, "version": p.version}


def test_the_coordinator_weighs_the_criteria_and_the_scores_follow(world: Any) -> None:
    score(world, "1.3", omvang=5, ernst=5, trend=2, beleving=4, invloed=1)
    client = client_for(world, "coordinator")
    url = reverse("ivp:gewichten", kwargs={"pk": world.plan.pk})
    response = client.post(url, weights(world, gewicht_trend=0, gewicht_invloed=0), follow=True)
    page = response.content.decode()
    assert "De gewichten zijn opgeslagen" in page
    row = page.split(f'id="prioritering-{prio(world, "1.3").pk}"')[1].split("</tr>")[0]
    assert ">4,7</td>" in row and ">Prioriteit</td>" in row
    assert (plan(world).gewicht_trend, plan(world).gewicht_invloed) == (0, 0)


def test_a_weight_outside_0_to_5_is_refused_in_dutch(world: Any) -> None:
    client = client_for(world, "coordinator")
    url = reverse("ivp:gewichten", kwargs={"pk": world.plan.pk})
    page = client.post(url, weights(world, gewicht_ernst=6, gewicht_omvang="veel")).content.decode()
    assert "Een gewicht ligt tussen 0 en 5." in page and "Geef een geheel getal van 0 tot en met 5." in page
    assert "<title>Niet opgeslagen:" in page
    assert plan(world).gewicht_ernst == 1


def test_a_thema_eigenaar_cannot_change_the_weights(world: Any) -> None:
    url = reverse("ivp:gewichten", kwargs={"pk": world.plan.pk})
    response = client_for(world, "thema_eigenaar").post(url, weights(world, gewicht_omvang=5), follow=True)
    assert "Alleen een coördinator wijzigt de gewichten" in response.content.decode()
    assert plan(world).gewicht_omvang == 1


# --- in a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_at_320_pixels_the_table_scrolls_in_its_own_region_and_a_row_is_edited_in_place(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    from playwright.sync_api import expect

    from tests.browser import launch_browser
    from tests.test_accessibility import browser_context, logged_in_client
    from tests.test_table_reflow import narrow_screen_problems

    world = make_world(personas)
    with bound(world):
        veld = Thema.objects.get(code="5.2").veld
        services.add_thema(
            by=world.members["coordinator"], veld=veld, naam="Ondermijnende criminaliteit in het buitengebied"
        )
    score(world, "1.3", omvang=5, ernst=4, niveau="prioriteit", onderbouwing="Woninginbraken stijgen al drie jaar.")
    p = prio(world, "1.4")
    client: Client = logged_in_client(personas.user("coordinator"))
    with launch_browser() as browser:
        problems, tables = narrow_screen_problems(browser, client, live_server.url, [page_url(world)])
        context = browser_context(browser, client, live_server.url)
        try:
            page = context.new_page()
            page.goto(page_url(world))
            page.locator(f"#prioritering-{p.pk} a", has_text="Wijzigen").click()
            page.locator(f"#id_{p.pk}-beleving").select_option("5")
            page.locator(f"#prioritering-{p.pk} button[type=submit]").click()
            row = page.locator(f"#prioritering-{p.pk}")
            expect(row.locator("td").nth(3)).to_have_text("5")
            expect(page.locator("#meldingen")).to_contain_text("is opgeslagen")
            assert page.locator("h1").count() == 1, "the page was not replaced"
        finally:
            context.close()
    assert tables == {page_url(world): 1}
    assert not problems, "\n".join(problems)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Prioritering.objects.get(pk=p.pk).beleving == 5
