"""The SMART check of a goal: each rule names its part and says in Dutch what is missing or vague."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from ivp.models import Doelstelling, Indicator, Plan
from ivp.smart import SmartProblem, smart_problems

PLAN = Plan(nummer=1, startjaar=2027, eindjaar=2030)


def inbraken(**kwargs: Any) -> Indicator:
    return Indicator(naam="Diefstallen uit woning", eenheid="per 1.000 inwoners", **kwargs)


def goal(**changes: Any) -> Doelstelling:
    """A good goal, changed where a test says so."""
    fields: dict[str, Any] = {
        "wat": "Minder woninginbraken in de wijken Noord en Oost",
        "indicator": inbraken(),
        "nulmeting": Decimal("3.1"),
        "nulmeting_periode": "2025",
        "streefwaarde": Decimal("2.5"),
        "deadline": datetime.date(2030, 12, 31),
        "eigenaar": "Team Openbare Orde en Veiligheid",
        **changes,
    }
    return Doelstelling(plan=PLAN, **fields)


def parts(problems: list[SmartProblem]) -> list[str]:
    return [p.onderdeel for p in problems]


def test_a_good_goal_has_no_problems() -> None:
    assert smart_problems(goal()) == []


def test_a_goal_that_keeps_a_level_that_is_higher_the_better_has_no_problems() -> None:
    gevoel = Indicator(naam="Voelt zich veilig in de buurt", eenheid="%", lager_is_beter=False)
    doel = goal(
        wat="Meer inwoners voelen zich veilig in hun buurt",
        indicator=gevoel,
        nulmeting=Decimal(80),
        streefwaarde=Decimal(85),
    )
    assert smart_problems(doel) == []


def test_a_very_short_description_is_not_specific() -> None:
    [problem] = smart_problems(goal(wat="Veiliger"))
    assert problem.onderdeel == "Specifiek"
    assert "erg kort" in problem.melding


@pytest.mark.parametrize(
    "wat",
    [
        "Veiligheid verbeteren",
        "Aandacht voor jeugdoverlast",
        "Inzetten op preventie en samenwerking",
        "Het stimuleren van de veiligheid",
    ],
)
def test_only_an_effort_without_what_changes_is_not_specific(wat: str) -> None:
    [problem] = smart_problems(goal(wat=wat))
    assert problem.onderdeel == "Specifiek"
    assert "inspanning" in problem.melding and "wat er verandert" in problem.melding


@pytest.mark.parametrize(
    "wat",
    [
        "Het aantal woninginbraken verbeteren naar 2,5 per 1.000 inwoners",  # a number makes it concrete
        "De samenwerking tussen politie, woningcorporaties en wijkteams bij woonoverlast versterken",
        "Minder fietsdiefstal rond het station",  # no vague verb at all
    ],
)
def test_a_concrete_description_is_specific(wat: str) -> None:
    assert "Specifiek" not in parts(smart_problems(goal(wat=wat)))


def test_without_indicator_or_target_a_goal_is_not_measurable() -> None:
    problems = smart_problems(goal(indicator=None, streefwaarde=None))
    assert parts(problems) == ["Meetbaar", "Meetbaar"]
    assert "geen indicator" in problems[0].melding
    assert "geen streefwaarde" in problems[1].melding


def test_without_an_owner_a_goal_is_not_acceptable() -> None:
    for eigenaar in (None, "  "):
        [problem] = smart_problems(goal(eigenaar=eigenaar))
        assert problem.onderdeel == "Acceptabel"
        assert "geen eigenaar" in problem.melding


def test_a_target_above_the_baseline_is_not_realistic_when_lower_is_better() -> None:
    [problem] = smart_problems(goal(streefwaarde=Decimal("3.5")))
    assert problem.onderdeel == "Realistisch"
    assert problem.melding == (
        "Bij deze indicator is lager beter, maar de streefwaarde (3,5) ligt boven de nulmeting (3,1)."
    )


def test_a_target_below_the_baseline_is_not_realistic_when_higher_is_better() -> None:
    gevoel = Indicator(naam="Rapportcijfer veiligheid", eenheid="cijfer", lager_is_beter=False)
    [problem] = smart_problems(goal(indicator=gevoel, nulmeting=Decimal("7.2"), streefwaarde=Decimal(7)))
    assert problem.onderdeel == "Realistisch"
    assert problem.melding == (
        "Bij deze indicator is hoger beter, maar de streefwaarde (7) ligt onder de nulmeting (7,2)."
    )


def test_a_change_of_more_than_three_quarters_in_one_period_is_not_realistic() -> None:
    [problem] = smart_problems(goal(nulmeting=Decimal(10), streefwaarde=Decimal(2)))
    assert problem.onderdeel == "Realistisch"
    assert "80%" in problem.melding
    assert smart_problems(goal(nulmeting=Decimal(10), streefwaarde=Decimal("2.5"))) == []  # 75% is still fine


def test_a_negative_target_for_a_count_is_not_realistic() -> None:
    problems = smart_problems(goal(nulmeting=None, streefwaarde=Decimal(-1)))
    assert parts(problems) == ["Realistisch"]
    assert "negatief" in problems[0].melding and "per 1.000 inwoners" in problems[0].melding


def test_a_percentage_above_a_hundred_is_not_realistic() -> None:
    procent = Indicator(naam="Aangiftebereidheid", eenheid="%", lager_is_beter=False)
    problems = smart_problems(goal(indicator=procent, nulmeting=None, streefwaarde=Decimal(120)))
    assert parts(problems) == ["Realistisch"]
    assert "meer dan 100 procent" in problems[0].melding


def test_without_a_deadline_a_goal_is_not_time_bound() -> None:
    [problem] = smart_problems(goal(deadline=None))
    assert problem.onderdeel == "Tijdgebonden"
    assert "geen datum" in problem.melding


@pytest.mark.parametrize("deadline", [datetime.date(2026, 12, 31), datetime.date(2031, 1, 1)])
def test_a_deadline_outside_the_plan_period_is_named(deadline: datetime.date) -> None:
    [problem] = smart_problems(goal(deadline=deadline))
    assert problem.onderdeel == "Tijdgebonden"
    assert f"({deadline:%d-%m-%Y})" in problem.melding and "(2027–2030)" in problem.melding


def test_the_plan_given_counts_instead_of_the_goals_own() -> None:
    volgend = Plan(nummer=2, startjaar=2031, eindjaar=2034)
    assert parts(smart_problems(goal(), plan=volgend)) == ["Tijdgebonden"]


def test_every_problem_of_an_empty_goal_is_listed_in_smart_order() -> None:
    doel = Doelstelling(plan=PLAN, wat="Beter")
    assert parts(smart_problems(doel)) == ["Specifiek", "Meetbaar", "Meetbaar", "Acceptabel", "Tijdgebonden"]


def test_the_check_makes_no_query(django_assert_num_queries: Any, db: Any) -> None:
    with django_assert_num_queries(0):
        smart_problems(goal(streefwaarde=Decimal(9)))
