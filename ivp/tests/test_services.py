"""The workflows of the veiligheidsplan, as the services carry them out for each role."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ivp import services
from ivp.choices import ActieStatus, Niveau, PlanStatus
from ivp.models import Actie, Doelstelling, Indicator, Misdrijfkoppeling, Plan, PlanStap, Prioritering, Thema, Veld
from ivp.monitoring import goal_status
from lib import tenancy
from lib.errors import StateConflict
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any) -> Any:
    """Gemeente A with a started plan; the thema-eigenaar owns veld 1 (veilige woon- en leefomgeving)."""
    te = personas.members["thema_eigenaar"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        te.themes = ["veilige_woon_leefomgeving"]
        te.save(update_fields=["themes"])
        plan = services.start_ivp(by=personas.members["coordinator"], startjaar=2027)
    personas.plan = plan
    return personas


def bound(p: Any, role: str = "coordinator") -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members[role].user_id)


def thema(code: str) -> Thema:
    return Thema.objects.select_related("veld").get(code=code)


def test_starting_seeds_the_velden_themes_mapping_and_the_first_plan(world: Any) -> None:
    with bound(world):
        assert list(Veld.objects.values_list("nummer", flat=True)) == [1, 2, 3, 4, 5, 6]
        names = set(Thema.objects.values_list("naam", flat=True))
        assert {
            "Gedigitaliseerde criminaliteit",
            "Zorg en veiligheid",
            "Informatiepositie",
            "Digitale veiligheid",
        } <= names
        assert Misdrijfkoppeling.objects.filter(dimensie="misdrijf").count() == 59
        assert Misdrijfkoppeling.objects.filter(dimensie="overlast").count() == 9
        assert Misdrijfkoppeling.objects.get(dimensie="misdrijf", code="1.1.1").thema == thema("1.3")
        assert Indicator.objects.filter(bronsleutel__startswith="bbv:").count() == 5
        assert world.plan.periode == "2027–2030"
        assert PlanStap.objects.filter(plan=world.plan).count() == 6
        assert Prioritering.objects.filter(plan=world.plan).count() == Thema.objects.count()


def test_it_refuses_a_second_start(world: Any) -> None:
    with bound(world), pytest.raises(ValidationError):
        services.start_ivp(by=world.members["coordinator"])


def test_a_thema_eigenaar_changes_only_themes_of_the_velden_they_own(world: Any) -> None:
    te = world.members["thema_eigenaar"]
    with bound(world, "thema_eigenaar"):
        own, other = thema("1.1"), thema("2.1")
        services.edit_thema(by=te, thema=own, expected_version=own.version, verhaal="Meer meldingen door de app.")
        with pytest.raises(services.NotYourTheme):
            services.edit_thema(by=te, thema=other, expected_version=other.version, verhaal="x")
        with pytest.raises(services.NotYourTheme):
            services.edit_thema(by=te, thema=own, expected_version=own.version + 1, veld=other.veld)


def test_a_theme_name_is_unique_regardless_of_case(world: Any) -> None:
    with bound(world):
        veld = Veld.objects.get(nummer=1)
        with pytest.raises(ValidationError):
            services.add_thema(by=world.members["coordinator"], veld=veld, naam="SOCIALE KWALITEIT")


def test_a_new_theme_gets_a_row_in_the_priorities_of_the_open_plan(world: Any) -> None:
    with bound(world):
        veld = Veld.objects.get(nummer=1)
        nieuw = services.add_thema(by=world.members["coordinator"], veld=veld, naam="Woonfraude")
        assert Prioritering.objects.filter(plan=world.plan, thema=nieuw).exists()


def test_only_themes_of_veld_5_point_to_the_kader(world: Any) -> None:
    from kader.models import Doel

    by = world.members["coordinator"]
    versie = world.kader_of()
    with bound(world):
        doel = Doel.objects.filter(versie=versie).first()
        services.link_kader(by=by, thema=thema("5.3"), doel=doel)
        with pytest.raises(ValidationError):
            services.link_kader(by=by, thema=thema("1.1"), doel=doel)


def test_the_priority_score_weighs_the_criteria_and_suggests_a_tier(world: Any) -> None:
    with bound(world):
        p = Prioritering.objects.get(plan=world.plan, thema__code="1.3")
        p.omvang, p.ernst, p.trend, p.beleving, p.invloed = 5, 5, 2, 4, 1
        assert p.score(world.plan.gewichten) == Decimal("3.4")
        assert p.suggested_niveau(p.score(world.plan.gewichten)) == Niveau.OVERIG_STRATEGISCH
        assert p.score({**world.plan.gewichten, "invloed": 0, "trend": 0}) == Decimal("4.7")
        assert p.suggested_niveau(Decimal("4.7")) == Niveau.PRIORITEIT


def test_a_tier_needs_a_justification(world: Any) -> None:
    with bound(world):
        p = Prioritering.objects.get(plan=world.plan, thema__code="1.3")
        with pytest.raises(ValidationError) as error:
            services.edit_prioritering(
                by=world.members["coordinator"], prioritering=p, expected_version=p.version, niveau="prioriteit"
            )
        assert "onderbouwing" in error.value.message_dict


def test_a_goal_takes_the_latest_measurement_as_its_baseline(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2024, waarde=Decimal("3.1"))
        services.set_meting(by=by, indicator=indicator, jaar=2025, waarde=Decimal("2.8"))
        doel = services.add_doelstelling(
            by=by, plan=world.plan, thema=indicator.thema, wat="Minder woninginbraken", indicator=indicator
        )
        assert (doel.nulmeting, doel.nulmeting_periode) == (Decimal("2.8"), "2025")


def test_an_adopted_plan_is_frozen_and_the_next_plan_starts_from_its_results(world: Any) -> None:
    by, bestuurder = world.members["coordinator"], world.members["bestuurder"]
    with bound(world):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2025, waarde=Decimal("4"))
        services.add_doelstelling(
            by=by, plan=world.plan, thema=indicator.thema, wat="Minder inbraken", indicator=indicator, streefwaarde=3
        )
        services.submit_plan(by=by, plan=world.plan)
        with pytest.raises(ValidationError):
            services.adopt_plan(by=bestuurder, plan=world.plan, on=timezone.localdate(), body=" ", reference="")
        services.adopt_plan(
            by=bestuurder, plan=world.plan, on=timezone.localdate(), body="gemeenteraad", reference="R-1"
        )
        assert world.plan.status == PlanStatus.VASTGESTELD
        with pytest.raises(StateConflict):
            services.edit_plan(by=by, plan=world.plan, expected_version=world.plan.version, visie="x")
        services.set_meting(by=by, indicator=indicator, jaar=2026, waarde=Decimal("2.9"))
        volgend = services.new_plan(by=by, from_plan=world.plan, startjaar=2031)
        assert volgend.periode == "2031–2034"
        [result] = volgend.evaluatie_invoer
        assert result["laatste"] == "2.9" and result["oordeel"] == "Bereikt"
        assert Doelstelling.objects.filter(plan=volgend).count() == 1


def test_a_partner_updates_only_the_actions_of_their_own_organisation(world: Any) -> None:
    by, partner = world.members["coordinator"], world.members["ketenpartner"]
    other = factories.make_partner(world.gemeente_a, "Brandweer Aa")
    with bound(world):
        plan = world.plan
        programma = services.start_programma(by=by, plan=plan, jaar=2027)
        own = services.add_actie(
            by=by, programma=programma, thema=thema("1.3"), actiepunt="Buurtpreventie", organisatie=world.partner_a
        )
        not_own = services.add_actie(
            by=by, programma=programma, thema=thema("4.2"), actiepunt="Rookmelders", organisatie=other
        )
    with bound(world, "ketenpartner"):
        services.edit_actie(by=partner, actie=own, expected_version=own.version, voortgang=40, status="lopend")
        with pytest.raises(PermissionDenied):
            services.edit_actie(by=partner, actie=not_own, expected_version=not_own.version, voortgang=10)
        with pytest.raises(PermissionDenied):
            services.edit_actie(by=partner, actie=own, expected_version=own.version, actiepunt="Iets anders")
        own.refresh_from_db()
        assert (own.voortgang, own.status, own.actiepunt) == (40, "lopend", "Buurtpreventie")


def test_next_years_programme_carries_over_what_is_unfinished(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        p27 = services.start_programma(by=by, plan=world.plan, jaar=2027)
        done = services.add_actie(
            by=by, programma=p27, thema=thema("1.3"), actiepunt="Klaar", status="afgerond", voortgang=100
        )
        open_ = services.add_actie(
            by=by, programma=p27, thema=thema("1.3"), actiepunt="Loopt door", status="lopend", voortgang=30
        )
        p28 = services.start_programma(by=by, plan=world.plan, jaar=2028)
        carried = list(Actie.objects.filter(programma=p28))
        assert [a.actiepunt for a in carried] == ["Loopt door"]
        assert carried[0].overgenomen_van_id == open_.pk and carried[0].voortgang == 30
        assert done.pk not in {a.overgenomen_van_id for a in carried}
        with pytest.raises(ValidationError):
            services.start_programma(by=by, plan=world.plan, jaar=2035)


def test_overdue_and_stalled_actions_are_found(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        p = services.start_programma(by=by, plan=world.plan, jaar=2027)
        late = services.add_actie(
            by=by, programma=p, thema=thema("1.3"), actiepunt="Te laat", eind=datetime.date(2027, 3, 1)
        )
        services.add_actie(
            by=by,
            programma=p,
            thema=thema("1.3"),
            actiepunt="Klaar",
            eind=datetime.date(2027, 3, 1),
            status=ActieStatus.AFGEROND,
            voortgang=100,
        )
        stil = services.add_actie(by=by, programma=p, thema=thema("1.3"), actiepunt="Stil", status="lopend")
        Actie.objects.filter(pk=stil.pk).update(voortgang_op=timezone.now() - datetime.timedelta(days=120))
        assert list(Actie.objects.overdue(datetime.date(2027, 6, 1))) == [late]
        assert list(Actie.objects.stalled(timezone.now())) == [Actie.objects.get(pk=stil.pk)]


def test_a_goal_is_judged_against_the_time_that_has_passed(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2026, waarde=Decimal("4"))
        doel = services.add_doelstelling(
            by=by,
            plan=world.plan,
            thema=indicator.thema,
            wat="Minder",
            indicator=indicator,
            streefwaarde=2,
            deadline=datetime.date(2030, 12, 31),
        )
        assert goal_status(doel).label == "Op koers"  # nothing expected yet before 2027
        services.set_meting(by=by, indicator=indicator, jaar=2027, waarde=Decimal("4"))
        from ivp.monitoring import judge, latest_by_indicator

        latest = latest_by_indicator([indicator.pk])[indicator.pk]
        assert judge(doel, latest, today=datetime.date(2029, 1, 1)).label == "Niet op koers"
        services.set_meting(by=by, indicator=indicator, jaar=2028, waarde=Decimal("1.9"))
        assert goal_status(doel).label == "Bereikt"


def test_a_measurement_of_another_gemeente_is_refused(world: Any) -> None:
    with tenancy.bound(gemeente=world.gemeente_b.pk):
        plan_b = services.start_ivp(by=world.coordinator_b, startjaar=2027)
        indicator_b = Indicator.objects.filter(gemeente_id=world.gemeente_b.pk)[0]
    assert plan_b.gemeente_id == world.gemeente_b.pk
    with bound(world), pytest.raises(PermissionDenied):
        services.set_meting(by=world.members["coordinator"], indicator=indicator_b, jaar=2025, waarde=Decimal(1))
    with bound(world):
        assert not Plan.objects.visible_to(world.members["coordinator"]).filter(pk=plan_b.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("voortgang", 150, "De voortgang ligt tussen 0 en 100 procent."),
        ("budget", Decimal("-5"), "Een budget is niet negatief."),
        ("eind", datetime.date(3000, 1, 1), "2100"),
    ],
)
def test_an_action_out_of_range_is_refused_with_a_dutch_message_before_the_database(
    world: Any, field: str, value: Any, message: str
) -> None:
    by = world.members["coordinator"]
    with bound(world):
        p = services.start_programma(by=by, plan=world.plan, jaar=2027)
        with pytest.raises(ValidationError) as error:
            services.add_actie(by=by, programma=p, thema=thema("1.3"), actiepunt="Te veel", **{field: value})
    assert message in " ".join(error.value.message_dict[field])


def test_a_figure_or_a_score_out_of_range_is_refused_with_a_dutch_message(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        with pytest.raises(ValidationError, match="hoogstens"):
            services.set_meting(by=by, indicator=indicator, jaar=2025, waarde=Decimal("1e15"))
        p = Prioritering.objects.get(plan=world.plan, thema__code="1.3")
        with pytest.raises(ValidationError, match="hoogstens"):
            services.edit_prioritering(by=by, prioritering=p, expected_version=p.version, omvang=9)
        with pytest.raises(ValidationError):
            services.set_inwonertal(by=by, jaar=2025, aantal=0)


def test_the_latest_figure_of_a_year_is_the_years_own_not_one_of_its_months(world: Any) -> None:
    from ivp.monitoring import latest_by_indicator

    by = world.members["coordinator"]
    with bound(world):
        indicator = Indicator.objects.get(bronsleutel="bbv:woninginbraak")
        services.set_meting(by=by, indicator=indicator, jaar=2025, maand=1, waarde=Decimal("0.3"))
        services.set_meting(by=by, indicator=indicator, jaar=2025, waarde=Decimal("3.1"))
        services.set_meting(by=by, indicator=indicator, jaar=2025, maand=2, waarde=Decimal("0.2"))
        latest = services.latest_meting(indicator)
        assert latest is not None and latest.waarde == Decimal("3.1")
        assert latest_by_indicator([indicator.pk])[indicator.pk].waarde == Decimal("3.1")


def test_the_evaluation_input_costs_the_same_queries_for_one_goal_or_five(world: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    by = world.members["coordinator"]
    with bound(world):
        indicators = list(Indicator.objects.filter(bronsleutel__startswith="bbv:").select_related("thema")[:6])
        for indicator in indicators:
            services.set_meting(by=by, indicator=indicator, jaar=2026, waarde=Decimal("4"))

        def count() -> tuple[int, list[dict[str, Any]]]:
            plan = Plan.objects.get(pk=world.plan.pk)
            with CaptureQueriesContext(connection) as ctx:
                results = services.goal_results(plan)
            return len(ctx.captured_queries), results

        first = indicators[0]
        services.add_doelstelling(by=by, plan=world.plan, thema=first.thema, wat="Doel 0", indicator=first)
        one, results = count()
        assert [r["laatste"] for r in results] == ["4"]
        for i, indicator in enumerate(indicators[1:], start=1):
            services.add_doelstelling(
                by=by, plan=world.plan, thema=indicator.thema, wat=f"Doel {i}", indicator=indicator
            )
        five, results = count()
    assert len(results) == len(indicators) == 5
    assert {r["laatste"] for r in results} == {"4"}
    # the goals with theme and indicator, the ids of their latest figures, those figures
    assert one == five == 3
