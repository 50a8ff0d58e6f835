"""The SMART goals of a plan: per priority theme, with the SMART check; adding (the baseline comes from
the latest measurement), changing and deleting, and who may."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from ivp import services
from ivp.models import Doelstelling, Indicator, Plan, Prioritering, Thema
from lib.concurrency import CONFLICT_MESSAGE

from .test_views_themas import BASE, READERS, bound, client_for, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any) -> Any:
    return make_world(personas)


def goals(personas: Any, **filters: Any) -> list[Doelstelling]:
    with bound(personas):
        return list(Doelstelling.objects.select_related("indicator").filter(plan=personas.plan, **filters))


def indicator(personas: Any, key: str) -> Indicator:
    with bound(personas):
        return Indicator.objects.get(bronsleutel=f"bbv:{key}")


def thema(personas: Any, code: str) -> Thema:
    with bound(personas):
        return Thema.objects.select_related("veld").get(code=code)


def make_priority(personas: Any, code: str) -> None:
    with bound(personas):
        p = Prioritering.objects.select_related("plan", "thema__veld").get(plan=personas.plan, thema__code=code)
        services.edit_prioritering(
            by=personas.members["coordinator"],
            prioritering=p,
            expected_version=p.version,
            niveau="prioriteit",
            onderbouwing="Uit de analyse.",
        )


def add_goal(personas: Any, code: str, wat: str, **fields: Any) -> Doelstelling:
    with bound(personas):
        return services.add_doelstelling(
            by=personas.members["coordinator"], plan=personas.plan, thema=thema(personas, code), wat=wat, **fields
        )


def doelen_url(personas: Any) -> str:
    return reverse("ivp:doelen", kwargs={"pk": personas.plan.pk})


def add_url(personas: Any) -> str:
    return reverse("ivp:doel_add", kwargs={"pk": personas.plan.pk})


def edit_url(doel: Doelstelling) -> str:
    return reverse("ivp:doel_edit", kwargs={"pk": doel.pk})


def delete_url(doel: Doelstelling) -> str:
    return reverse("ivp:doel_delete", kwargs={"pk": doel.pk})


def form_data(**values: Any) -> dict[str, Any]:
    fields = ["thema", "wat", "indicator", "nulmeting", "nulmeting_periode", "streefwaarde", "deadline", "eigenaar"]
    return {**dict.fromkeys(fields, ""), **values}


def edit_data(doel: Doelstelling, **values: Any) -> dict[str, Any]:
    def number(value: Decimal | None) -> str:  # as the form shows it: 3,1
        return "" if value is None else format(value.normalize(), "f").replace(".", ",")

    stored = {
        "thema": doel.thema_id,
        "wat": doel.wat,
        "indicator": doel.indicator_id or "",
        "nulmeting": number(doel.nulmeting),
        "nulmeting_periode": doel.nulmeting_periode or "",
        "streefwaarde": number(doel.streefwaarde),
        "deadline": doel.deadline.isoformat() if doel.deadline else "",
        "eigenaar": doel.eigenaar or "",
        "version": doel.version,
    }
    return form_data(**{**stored, **values})


# --- the page -------------------------------------------------------------------------------------


def test_the_priorities_come_first_each_goal_with_its_figures_and_smart_check(world: Any) -> None:
    make_priority(world, "4.2")
    page = client_for(world, "ketenpartner").get(doelen_url(world)).content.decode()
    brand, criminaliteit = page.index("4.2 Brandveiligheid</h2>"), page.index("1.3 Veelvoorkomende criminaliteit</h2>")
    assert brand < criminaliteit, "the priorities come first"
    assert "Nog geen doelen bij dit thema." in page[brand:criminaliteit]
    assert "Geen prioriteit van het plan, wel met doelen." in page[criminaliteit:]
    goal = page[criminaliteit:]
    for shown in (
        "Minder woninginbraken</h3>",
        "Diefstallen uit woning (per 1.000 inwoners, lager is beter)",
        "3,1 (2025)",
        ">2,5<",
        "31 december 2030",
        "Team Veiligheid",
        "het doel is specifiek, meetbaar, acceptabel, realistisch en tijdgebonden",
    ):
        assert shown in goal, shown
    assert "Doel toevoegen" not in page and "Wijzigen<span" not in page


def test_the_smart_problems_of_a_goal_are_shown_on_the_page(world: Any) -> None:
    add_goal(world, "1.1", "Veiligheid verbeteren", deadline=datetime.date(2035, 1, 1))
    page = client_for(world, "coordinator").get(doelen_url(world)).content.decode()
    assert "nog 5 punten te verbeteren" in page
    for part in ("Specifiek", "Meetbaar", "Acceptabel", "Tijdgebonden"):
        assert f"<strong>{part}:</strong>" in page
    assert "(01-01-2035) ligt buiten de looptijd van het plan (2027–2030)" in page


def test_the_page_costs_a_fixed_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    make_priority(world, "4.2")
    for i in range(3):
        add_goal(world, "4.2", f"Minder woningbranden in wijk {i}", indicator=indicator(world, "geweld"))
    client = client_for(world, "coordinator")
    url = doelen_url(world)
    with django_assert_num_queries(BASE + 3):  # plan, priority themes + veld, goals + theme + veld + indicator
        client.get(url)


# --- adding -------------------------------------------------------------------------------------------


def test_a_goal_is_added_with_the_latest_measurement_as_its_baseline(world: Any) -> None:
    make_priority(world, "4.2")
    client = client_for(world, "coordinator")
    form = html.unescape(client.get(add_url(world)).content.decode())
    assert "Kapstok neemt dan de laatste meting van de gekozen indicator" in form
    assert form.index('<optgroup label="Prioriteiten van het plan">') < form.index("4.2 Brandveiligheid")
    assert form.index("4.2 Brandveiligheid") < form.index('<optgroup label="Andere thema\'s">')
    woninginbraak = indicator(world, "woninginbraak")
    data = form_data(
        thema=thema(world, "1.3").pk,
        wat="Minder inbraken in Noord",
        indicator=woninginbraak.pk,
        streefwaarde="2,8",
        deadline="2029-12-31",
        eigenaar="Wijkteam Noord",
    )
    response = client.post(add_url(world), data)
    [doel] = goals(world, wat="Minder inbraken in Noord")
    assert response["Location"] == f"{doelen_url(world)}#doel-{doel.pk}"
    assert (doel.nulmeting, doel.nulmeting_periode, doel.streefwaarde) == (Decimal("3.1"), "2025", Decimal("2.8"))
    assert doel.deadline == datetime.date(2029, 12, 31)


def test_the_theme_of_a_priority_can_be_preselected(world: Any) -> None:
    make_priority(world, "4.2")
    url = f"{add_url(world)}?thema={thema(world, '4.2').pk}"
    form = client_for(world, "coordinator").get(url).content.decode()
    assert f'<option value="{thema(world, "4.2").pk}" selected>4.2 Brandveiligheid</option>' in form


@pytest.mark.parametrize(
    ("streefwaarde", "message"),
    [
        ("minder", "Vul een getal in, zonder eenheid of tekst, bijvoorbeeld 2,5 of 40."),
        ("10%", "Vul een getal in, zonder eenheid of tekst, bijvoorbeeld 2,5 of 40."),
        ("2,5555", "Gebruik hoogstens drie cijfers achter de komma."),
        ("1" * 14, "Dit getal is te groot."),
    ],
)
def test_a_target_that_is_not_a_number_is_refused_in_dutch(world: Any, streefwaarde: str, message: str) -> None:
    data = form_data(thema=thema(world, "1.3").pk, wat="Minder inbraken in Noord", streefwaarde=streefwaarde)
    page = client_for(world, "coordinator").post(add_url(world), data).content.decode()
    assert message in page and '<a class="utrecht-link" href="#id_streefwaarde">Streefwaarde</a>' in page
    assert not goals(world, wat="Minder inbraken in Noord")


def test_a_goal_without_theme_or_description_and_with_a_far_date_is_refused_in_dutch(world: Any) -> None:
    page = client_for(world, "coordinator").post(add_url(world), form_data(deadline="2999-01-01")).content.decode()
    assert "Kies het thema van het doel." in page and "Beschrijf wat u wilt bereiken." in page
    data = form_data(thema=thema(world, "1.3").pk, wat="Minder inbraken in Noord", deadline="2999-01-01")
    page = client_for(world, "coordinator").post(add_url(world), data).content.decode()
    assert "Kies een datum tussen 2000 en 2100." in page
    assert len(goals(world)) == 1


# --- changing and deleting ------------------------------------------------------------------------


def test_choosing_another_indicator_takes_its_latest_figure_as_baseline(world: Any) -> None:
    [doel] = goals(world)
    geweld = indicator(world, "geweld")
    with bound(world):
        services.set_meting(by=world.members["coordinator"], indicator=geweld, jaar=2025, waarde=Decimal("4.2"))
    client = client_for(world, "coordinator")
    assert client.post(edit_url(doel), edit_data(doel, indicator=geweld.pk, streefwaarde="3,5")).status_code == 302
    [changed] = goals(world)
    assert (changed.indicator_id, changed.nulmeting, changed.streefwaarde) == (
        geweld.pk,
        Decimal("4.2"),
        Decimal("3.5"),
    )


def test_a_baseline_typed_by_hand_is_kept(world: Any) -> None:
    [doel] = goals(world)
    client_for(world, "coordinator").post(edit_url(doel), edit_data(doel, nulmeting="3,3", nulmeting_periode="2024"))
    [changed] = goals(world)
    assert (changed.nulmeting, changed.nulmeting_periode) == (Decimal("3.3"), "2024")


def test_a_stale_goal_edit_shows_what_someone_else_stored(world: Any) -> None:
    [doel] = goals(world)
    client_for(world, "coordinator").post(edit_url(doel), edit_data(doel, eigenaar="Team Handhaving"))
    mine = client_for(world, "thema_eigenaar")
    page = mine.post(edit_url(doel), edit_data(doel, eigenaar="Wijkagent")).content.decode()
    assert str(CONFLICT_MESSAGE) in page and page.count("Nu opgeslagen (door een ander gewijzigd)") == 1
    assert "Team Handhaving" in page and 'value="Wijkagent"' in page
    assert goals(world)[0].eigenaar == "Team Handhaving"


def test_a_goal_is_deleted_only_after_confirmation(world: Any) -> None:
    [doel] = goals(world)
    client = client_for(world, "coordinator")
    confirm = client.get(delete_url(doel)).content.decode()
    assert "Weet u zeker" in confirm and "Ja, verwijderen" in confirm
    assert goals(world), "the confirmation deletes nothing"
    response = client.post(delete_url(doel), follow=True)
    assert "is verwijderd" in response.content.decode()
    assert not goals(world)


# --- who may --------------------------------------------------------------------------------------


def test_a_thema_eigenaar_changes_only_goals_of_the_velden_they_own(world: Any) -> None:
    [own] = goals(world)
    other = add_goal(world, "4.2", "Minder woningbranden in de binnenstad", eigenaar="Brandweer")
    client = client_for(world, "thema_eigenaar")
    page = client.get(doelen_url(world)).content.decode()
    assert f'href="{edit_url(own)}"' in page and f'href="{edit_url(other)}"' not in page
    assert "waarvan u geen eigenaar bent" in client.get(edit_url(other)).content.decode()
    client.post(edit_url(other), edit_data(other, eigenaar="Ik"))
    client.post(delete_url(other))
    assert [d.eigenaar for d in goals(world, pk=other.pk)] == ["Brandweer"]
    form = client.get(add_url(world)).content.decode()
    assert "1.3 Veelvoorkomende criminaliteit" in form and "4.2 Brandveiligheid" not in form
    client.post(add_url(world), form_data(thema=thema(world, "4.2").pk, wat="Minder branden in de wijk"))
    assert not goals(world, wat="Minder branden in de wijk")


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_goals_but_change_nothing(world: Any, role: str) -> None:
    [doel] = goals(world)
    client = client_for(world, role)
    assert "Minder woninginbraken" in client.get(doelen_url(world)).content.decode()
    for url in (add_url(world), edit_url(doel), delete_url(doel)):
        assert client.get(url).status_code == 403, url
        assert client.post(url, edit_data(doel, wat="Anders")).status_code == 403, url
    assert goals(world)[0].wat == "Minder woninginbraken"


def test_a_melder_gets_403_and_another_gemeente_404(world: Any) -> None:
    [doel] = goals(world)
    melder, other = client_for(world, "melder"), client_for(world, "coordinator_b")
    for url in (doelen_url(world), add_url(world), edit_url(doel), delete_url(doel)):
        assert melder.get(url).status_code == 403, url
        assert other.get(url).status_code == 404, url
        assert other.post(url, edit_data(doel, wat="Overgenomen")).status_code == 404, url
    assert goals(world)[0].wat == "Minder woninginbraken"


def test_goals_of_a_plan_that_is_no_longer_a_concept_cannot_be_changed(world: Any) -> None:
    [doel] = goals(world)
    with bound(world):
        services.submit_plan(by=world.members["coordinator"], plan=Plan.objects.get(pk=world.plan.pk))
    client = client_for(world, "coordinator")
    page = client.get(doelen_url(world)).content.decode()
    assert "ligt ter besluitvorming" in page and "Doel toevoegen" not in page and "Wijzigen<span" not in page
    assert "ligt ter besluitvorming" in client.get(add_url(world)).content.decode()
    client.post(add_url(world), form_data(thema=thema(world, "1.3").pk, wat="Nog een doel voor inbraken"))
    client.post(edit_url(doel), edit_data(doel, wat="Anders geformuleerd doel"))
    response = client.post(delete_url(doel), follow=True)
    assert "ligt ter besluitvorming" in response.content.decode()
    assert [d.wat for d in goals(world)] == ["Minder woninginbraken"]


def test_a_thema_eigenaar_who_owns_no_veld_is_told_so_instead_of_getting_an_empty_form(personas: Any) -> None:
    personas.plan = personas.ivp_of()  # the persona owns informatiebeveiliging only, no veld of the plan
    client = client_for(personas, "thema_eigenaar")
    assert "Doel toevoegen" not in client.get(doelen_url(personas)).content.decode()
    assert "waarvan u geen eigenaar bent" in client.get(add_url(personas)).content.decode()
