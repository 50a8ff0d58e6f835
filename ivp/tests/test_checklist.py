"""The CCV checklist of a plan: each check names what is missing and where, and is quiet once it is fixed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ivp import checklist, content, services
from ivp.checklist import Finding
from ivp.choices import Niveau
from ivp.models import Doelstelling, Indicator, Plan, Prioritering, Programma, Thema
from lib import tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any) -> Any:
    """Gemeente A's plan 2027–2030 (tests/factories.add_ivp) and its coördinator."""
    personas.plan = personas.ivp_of()
    personas.by = personas.members["coordinator"]
    return personas


def bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.by.user_id)


def findings(p: Any, sectie: str) -> list[Finding]:
    with bound(p):
        sections = {s.key: s for s in checklist.check(Plan.objects.get(pk=p.plan.pk))}
    return sections[sectie].findings


def texts(p: Any, sectie: str) -> list[str]:
    return [f.tekst for f in findings(p, sectie)]


def edit(p: Any, **fields: Any) -> None:
    with bound(p):
        plan = Plan.objects.get(pk=p.plan.pk)
        services.edit_plan(by=p.by, plan=plan, expected_version=plan.version, **fields)


def prioritise(p: Any, code: str, niveau: str = Niveau.PRIORITEIT) -> Prioritering:
    with bound(p):
        row = Prioritering.objects.get(plan=p.plan, thema__code=code)
        return services.edit_prioritering(
            by=p.by, prioritering=row, expected_version=row.version, niveau=niveau, onderbouwing="Uit de analyse."
        )


def thema(code: str) -> Thema:
    return Thema.objects.get(code=code)


def test_every_section_of_the_ccv_checklist_is_checked_in_order(world: Any) -> None:
    with bound(world):
        sections = checklist.check(world.plan)
    assert [(s.key, s.titel) for s in sections] == list(content.CCV_SECTIES)


def test_a_missing_afbakening_is_found_with_a_link_to_the_chapter_and_disappears_once_written(world: Any) -> None:
    [finding] = findings(world, "afbakening")
    assert finding.tekst.startswith("De afbakening ontbreekt")
    assert finding.url == f"/veiligheidsplan/plannen/{world.plan.pk}#id_afbakening"
    edit(world, afbakening="Over de veiligheid in de openbare ruimte, voor raad en partners.")
    assert findings(world, "afbakening") == []


def test_a_plan_that_is_too_long_is_found(world: Any) -> None:
    edit(world, afbakening="Kort.", visie="woord " * (checklist.MAX_WOORDEN + 1))
    [text] = texts(world, "afbakening")
    assert f"Het plan telt {checklist.MAX_WOORDEN + 2} woorden." in text
    edit(world, visie="Samen veilig.")
    assert findings(world, "afbakening") == []


def test_the_evaluation_of_the_previous_period_is_asked_for_unless_the_results_came_with_the_plan(world: Any) -> None:
    assert texts(world, "evaluatie_vorige")[0].startswith("De evaluatie van de vorige periode ontbreekt")
    with bound(world):
        Plan.objects.filter(pk=world.plan.pk).update(
            evaluatie_invoer=[{"wat": "Minder inbraken", "oordeel": "Bereikt"}]
        )
    assert findings(world, "evaluatie_vorige") == []
    with bound(world):
        Plan.objects.filter(pk=world.plan.pk).update(evaluatie_invoer=[])
    edit(world, evaluatie_vorige="De aanpak van woninginbraak werkte; jeugdoverlast bleef hoog.")
    assert findings(world, "evaluatie_vorige") == []


def test_without_any_figure_the_analysis_asks_for_figures(personas: Any) -> None:
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        plan_b = services.start_ivp(by=personas.coordinator_b, startjaar=2027)
        [section] = [s for s in checklist.check(plan_b) if s.key == "analyse"]
    assert [f.tekst for f in section.findings] == ["Er zijn nog geen cijfers vastgelegd of opgehaald."]


def test_a_priority_theme_needs_figures_a_story_and_a_measured_perception(world: Any) -> None:
    assert findings(world, "analyse") == []  # figures exist and nothing is a priority yet
    prioritise(world, "1.3")  # has figures of an objective indicator only
    assert texts(world, "analyse") == [
        "Bij het prioriteitsthema ‘1.3 Veelvoorkomende criminaliteit’ ontbreekt het verhaal achter de cijfers.",
        "Voor het prioriteitsthema ‘1.3 Veelvoorkomende criminaliteit’ is de beleving niet gemeten: er is geen "
        "subjectieve indicator (zoals uit de Veiligheidsmonitor) met een meting.",
    ]
    prioritise(world, "1.4")  # no figures at all
    assert "Voor het prioriteitsthema ‘1.4 Veiligheidsgevoel’ zijn nog geen cijfers vastgelegd." in texts(
        world, "analyse"
    )
    with bound(world):
        for code in ("1.3", "1.4"):
            t = thema(code)
            services.edit_thema(by=world.by, thema=t, expected_version=t.version, verhaal="Meer aangiften via de app.")
            subjectief = Indicator.objects.get(thema=t, soort="subjectief")
            services.set_meting(by=world.by, indicator=subjectief, jaar=2025, waarde=Decimal("31"))
    assert findings(world, "analyse") == []


def test_priorities_must_be_chosen_justified_limited_and_scored(world: Any) -> None:
    assert "Er is nog geen thema als prioriteit gekozen." in texts(world, "prioriteiten")
    with bound(world):
        aantal = Prioritering.objects.filter(plan=world.plan).count()
    assert f"{aantal} thema's zijn nog niet gescoord op omvang, ernst, trend, beleving en beïnvloedbaarheid." in texts(
        world, "prioriteiten"
    )
    with bound(world):
        Prioritering.objects.filter(plan=world.plan).exclude(thema__code="4.4").update(omvang=3, ernst=3)
        codes = list(Thema.objects.order_by("code").values_list("code", flat=True)[:6])
    for code in codes:
        prioritise(world, code)
    found = texts(world, "prioriteiten")
    assert content.FOCUS_WAARSCHUWING.format(n=6, max=content.MAX_PRIORITEITEN) in found
    assert "Het thema ‘4.4 Rampenbestrijding en crisisbeheersing’ is nog niet gescoord." in found
    with bound(world):  # a tier chosen without a justification (as an older copy may hold)
        Prioritering.objects.filter(plan=world.plan, thema__code=codes[0]).update(onderbouwing=" ")
        Prioritering.objects.filter(plan=world.plan, thema__code__in=codes[4:]).update(niveau=Niveau.BEHEERSNIVEAU)
        Prioritering.objects.filter(plan=world.plan, thema__code="4.4").update(invloed=2)
    assert texts(world, "prioriteiten") == [
        f"De keuze van ‘{thema_name(world, codes[0])}’ als prioriteit is niet onderbouwd."
    ]
    with bound(world):
        Prioritering.objects.filter(plan=world.plan, thema__code=codes[0]).update(onderbouwing="De grootste zorg.")
    assert findings(world, "prioriteiten") == []


def thema_name(p: Any, code: str) -> str:
    with bound(p):
        return str(thema(code))


def test_each_priority_needs_a_goal_and_each_goal_must_be_smart(world: Any) -> None:
    prioritise(world, "1.3")  # has the SMART goal of the test world
    assert findings(world, "doelen") == []
    prioritise(world, "1.4")
    assert texts(world, "doelen") == ["Het prioriteitsthema ‘1.4 Veiligheidsgevoel’ heeft nog geen doel."]
    with bound(world):
        doel = services.add_doelstelling(
            by=world.by, plan=world.plan, thema=thema("1.4"), wat="Inwoners voelen zich veiliger in hun buurt"
        )
    [text] = texts(world, "doelen")
    assert text.startswith("Het doel ‘Inwoners voelen zich veiliger in hun buurt’ is niet SMART: ")
    assert {"meetbaar:", "acceptabel:", "tijdgebonden:"} <= set(text.split())
    with bound(world):
        doel = Doelstelling.objects.get(pk=doel.pk)
        services.edit_doelstelling(
            by=world.by,
            doel=doel,
            expected_version=doel.version,
            indicator=Indicator.objects.get(bronsleutel="vm:onveilig-buurt"),
            streefwaarde=Decimal("15"),
            deadline=datetime.date(2030, 12, 31),
            eigenaar="Team Veiligheid",
        )
    assert findings(world, "doelen") == []


def test_a_finding_links_to_the_page_of_its_part(world: Any) -> None:
    assert {f.url for f in findings(world, "prioriteiten")} == {
        reverse("ivp:prioriteiten", kwargs={"pk": world.plan.pk})
    }


def test_goal_findings_names_only_what_a_goal_lacks_without_queries(world: Any) -> None:
    doel = Doelstelling(plan=world.plan, wat="x" * 120, streefwaarde=Decimal(1), deadline=datetime.date(2030, 1, 1))
    with CaptureQueriesContext(connection) as ctx:
        [finding] = checklist.goal_findings([doel], world.plan)
    assert len(ctx.captured_queries) == 0
    assert "is niet SMART: " in finding.tekst and "meetbaar:" in finding.tekst
    assert "x" * 79 + "…" in finding.tekst


def test_a_priority_needs_an_action_in_a_programme_of_the_plans_years(world: Any) -> None:
    prioritise(world, "1.3")  # the programme of 2027 has an action of this theme
    prioritise(world, "3.1")
    assert texts(world, "aanpak") == [
        "Voor het prioriteitsthema ‘3.1 Jeugdoverlast’ staat nog geen actie in een uitvoeringsprogramma van 2027–2030."
    ]
    with bound(world):
        programma = Programma.objects.get(plan=world.plan, jaar=2027)
        services.add_actie(by=world.by, programma=programma, thema=thema("3.1"), actiepunt="Groepsaanpak Centrum")
    assert findings(world, "aanpak") == []


def test_organisation_budget_and_the_evaluation_approach_are_asked_for(world: Any) -> None:
    assert [f.url.rsplit("#", 1)[1] for f in findings(world, "organisatie") if f.url] == ["id_organisatie", "id_budget"]
    assert texts(world, "evaluatie")[0].startswith("Beschrijf hoe het plan wordt gemonitord en geëvalueerd")
    edit(world, organisatie="Het veiligheidsoverleg stuurt.", budget="€ 200.000 per jaar.")
    assert findings(world, "organisatie") == []
    edit(world, evaluatieaanpak="Elk jaar een voortgangsrapportage; in 2029 een tussenevaluatie.")
    assert findings(world, "evaluatie") == []


def test_the_check_takes_the_same_number_of_queries_however_large_the_plan(world: Any) -> None:
    def count() -> int:
        with bound(world), CaptureQueriesContext(connection) as ctx:
            checklist.check(Plan.objects.get(pk=world.plan.pk))
        return len(ctx.captured_queries) - 1  # the plan itself

    prioritise(world, "1.3")
    small = count()
    with bound(world):
        programma = Programma.objects.get(plan=world.plan, jaar=2027)
        for code in ("1.1", "1.2", "1.4", "2.1", "3.1", "4.1", "5.2"):
            prioritise(world, code)
            for i in range(3):
                services.add_doelstelling(by=world.by, plan=world.plan, thema=thema(code), wat=f"Doel {i}")
                services.add_actie(by=world.by, programma=programma, thema=thema(code), actiepunt=f"Actie {code} {i}")
    assert count() == small == 4  # priorities, goals, the figures of the priority themes, their actions
