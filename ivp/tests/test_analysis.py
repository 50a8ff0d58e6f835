"""The figures of the veiligheidsanalyse: years from months, trends, figures per 1,000 inwoners, the
areas with the highest figures, and the checks of a figure before it is stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ivp import analysis
from ivp.analysis import Cijfer, per_1000, trend
from ivp.models import Indicator, Inwonertal, Meting, Thema
from lib import tenancy

D = Decimal


# --- pure functions -----------------------------------------------------------------------------


def jaren(*waarden: str, start: int = 2020) -> list[Cijfer]:
    return [Cijfer(start + i, None, D(w)) for i, w in enumerate(waarden)]


def test_per_1000_inwoners_is_rounded_half_up_to_two_decimals() -> None:
    assert per_1000(D(412), 42000) == D("9.81")
    assert per_1000(D(3), 42000) == D("0.07")
    assert per_1000(D(1), 8000) == D("0.13")  # 0.125 rounds up
    assert per_1000(D("120"), 40000) == D("3.00")


def test_per_1000_inwoners_needs_a_population() -> None:
    assert per_1000(D(412), None) is None
    assert per_1000(D(412), 0) is None


def test_a_rising_count_is_bad_news_when_lower_is_better() -> None:
    found = trend(jaren("100", "110", "130"), lager_is_beter=True)
    assert found is not None
    assert (found.richting, found.gunstig, found.pijl) == ("stijgt", False, "↑")
    assert found.tekst == "stijgt, ongunstig (2020–2022)"


def test_a_falling_figure_is_bad_news_when_higher_is_better() -> None:
    found = trend(jaren("7.5", "7.1", "6.8"), lager_is_beter=False)
    assert found is not None and (found.richting, found.gunstig) == ("daalt", False)


def test_a_change_of_less_than_five_percent_is_flat_and_neither_good_nor_bad() -> None:
    found = trend(jaren("100", "120", "104"), lager_is_beter=True)
    assert found is not None and (found.richting, found.gunstig, found.pijl) == ("gelijk", None, "→")
    nul = trend(jaren("0", "0"), lager_is_beter=True)
    assert nul is not None and nul.richting == "gelijk"


def test_the_trend_looks_at_the_last_three_complete_years_only() -> None:
    cijfers = [*jaren("500", "100", "120", "150"), Cijfer(2024, None, D("40"), tot_maand=3)]
    found = trend(cijfers, lager_is_beter=True)
    assert found is not None
    assert (found.van.jaar, found.tot.jaar, found.richting) == (2021, 2023, "stijgt")


def test_no_trend_from_a_single_year() -> None:
    assert trend(jaren("100"), lager_is_beter=True) is None
    assert trend([], lager_is_beter=True) is None


def test_a_figure_names_its_period_as_a_reader_would() -> None:
    assert Cijfer(2024, None, D(1)).label == "2024"
    assert Cijfer(2024, 3, D(1)).label == "mrt 2024"
    assert Cijfer(2024, 3, D(1)).periode == "2024-03"
    lopend = Cijfer(2025, None, D(1), tot_maand=6)
    assert (lopend.lopend, lopend.label, lopend.tot_maandnaam) == (True, "2025 t/m jun", "juni")
    assert Cijfer(2023, None, D(1), voorlopig=True).label == "2023*"
    assert not Cijfer(2023, None, D(1), tot_maand=12).lopend


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"jaar": 1800}, "jaar", "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": 3000}, "jaar", "Kies een jaar van 1900 tot en met 2100."),
        ({"maand": 13}, "maand", "Kies een maand van 1 tot en met 12"),
        ({"maand": 0}, "maand", "Kies een maand van 1 tot en met 12"),
        ({"waarde": D(10) ** 15}, "waarde", "Dit getal is te groot"),
        ({"waarde": D("-1e12")}, "waarde", "Dit getal is te groot"),
        ({"waarde": D("1.2345")}, "waarde", "hoogstens drie cijfers achter de komma"),
        ({"waarde": D("NaN")}, "waarde", "Vul een getal in."),
        ({"waarde": None}, "waarde", "Vul de waarde in."),
        ({"referentiewaarde": D("1e400")}, "referentiewaarde", "Dit getal is te groot"),
        ({"gebied": "GM9001"}, "gebied", "CBS-code van een wijk"),
        ({"gebied": "BU12"}, "gebied", "CBS-code van een wijk"),
    ],
)
def test_a_figure_that_cannot_be_stored_gets_a_dutch_message(kwargs: dict[str, Any], field: str, message: str) -> None:
    values: dict[str, Any] = {"jaar": 2024, "maand": None, "waarde": D("3.4"), **kwargs}
    fouten = analysis.meting_fouten(**values)
    assert list(fouten) == [field]
    assert message in fouten[field]
    with pytest.raises(ValidationError):
        analysis.check_meting(**values)


def test_a_good_figure_passes_the_checks() -> None:
    assert (
        analysis.meting_fouten(jaar=2024, maand=12, waarde=D("-3.125"), referentiewaarde=D(0), gebied="bu90010001")
        == {}
    )
    assert analysis.meting_fouten(jaar=2024, maand=None, waarde=D(0), gebied="WK900100") == {}


# --- from the database --------------------------------------------------------------------------


@pytest.fixture
def world(personas: Any) -> Any:
    personas.ivp_of()
    return personas


def bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members["coordinator"].user_id)


def indicator(p: Any, naam: str, *, code: str = "2.2", eenheid: str = "aantal", **fields: Any) -> Indicator:
    thema = Thema.objects.get(gemeente_id=p.gemeente_a.pk, code=code)
    return Indicator.objects.create(gemeente_id=p.gemeente_a.pk, thema=thema, naam=naam, eenheid=eenheid, **fields)


def figures(p: Any, ind: Indicator, rows: list[tuple[int, int | None, str]], **fields: Any) -> None:
    Meting.objects.bulk_create(
        Meting(gemeente_id=p.gemeente_a.pk, indicator=ind, jaar=j, maand=m, waarde=D(w), **fields) for j, m, w in rows
    )


def months(jaar: int, waarde: str, tot: int = 12) -> list[tuple[int, int | None, str]]:
    return [(jaar, m, waarde) for m in range(1, tot + 1)]


def test_the_months_of_a_count_add_up_to_its_year_and_a_running_year_says_so(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Inbraken bedrijven")
        figures(world, ind, [*months(2023, "10"), *months(2024, "12"), *months(2025, "20", tot=6)])
        reeks = analysis.jaarcijfers(Meting.objects.filter(indicator=ind), [ind])[ind.pk]
    assert [(c.jaar, c.waarde, c.lopend) for c in reeks.cijfers] == [
        (2023, D(120), False),
        (2024, D(144), False),
        (2025, D(120), True),
    ]
    assert reeks.heeft_maanden


def test_the_months_of_a_percentage_give_their_mean(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Tevredenheid", eenheid="%", lager_is_beter=False)
        figures(world, ind, [(2024, m, str(10 + m)) for m in range(1, 13)])
        reeks = analysis.jaarcijfers(Meting.objects.filter(indicator=ind), [ind])[ind.pk]
    assert reeks.cijfers[0].waarde == D("16.500")


def test_the_figure_of_the_year_itself_comes_before_its_months(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Aangiften")
        figures(world, ind, [*months(2024, "10"), (2024, None, "125")], referentiewaarde=D(7))
        reeks = analysis.jaarcijfers(Meting.objects.filter(indicator=ind), [ind])[ind.pk]
    assert [(c.waarde, c.referentie) for c in reeks.cijfers] == [(D(125), D(7))]


def test_a_year_made_of_months_has_a_reference_only_when_every_month_has_one(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Meldingen")
        figures(world, ind, months(2023, "5"), referentiewaarde=D(2))
        figures(world, ind, [(2024, 1, "5")], referentiewaarde=D(2))
        figures(world, ind, [(2024, 2, "5")])
        reeks = analysis.jaarcijfers(Meting.objects.filter(indicator=ind), [ind])[ind.pk]
    assert [c.referentie for c in reeks.cijfers] == [D(24), None]


def test_the_key_figure_is_the_last_complete_year_with_the_trend_and_per_1000(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Fietsdiefstal", per_1000=True)
        figures(world, ind, [*months(2021, "30"), *months(2022, "25"), *months(2023, "20"), *months(2024, "10", tot=4)])
        Inwonertal.objects.create(gemeente_id=world.gemeente_a.pk, jaar=2023, aantal=48000)
        kern = analysis.kerncijfers(world.members["coordinator"], [ind])[ind.pk]
    assert kern.laatste is not None and (kern.laatste.jaar, kern.laatste.waarde) == (2023, D(240))
    assert kern.trend is not None and (kern.trend.richting, kern.trend.gunstig) == ("daalt", True)
    assert kern.per_1000 == D("5.00")


def test_the_key_figures_of_many_indicators_take_two_queries(world: Any) -> None:
    member = world.members["coordinator"]
    with bound(world):
        few = [indicator(world, "Eén")]
        figures(world, few[0], months(2024, "3"))
        with CaptureQueriesContext(connection) as small:
            analysis.kerncijfers(member, few)
        many = few + [indicator(world, f"Indicator {i}") for i in range(29)]
        for ind in many[1:]:
            figures(world, ind, [m for jaar in range(2016, 2026) for m in months(jaar, "4")])
        with CaptureQueriesContext(connection) as large:
            found = analysis.kerncijfers(member, many)
    assert len(small.captured_queries) == len(large.captured_queries) == 2
    laatste = found[many[-1].pk].laatste
    assert laatste is not None and (laatste.jaar, laatste.waarde) == (2025, D(48))


def test_only_the_last_24_months_of_each_indicator_come_from_the_database(world: Any) -> None:
    with bound(world):
        ind = indicator(world, "Overlast jeugd")
        figures(world, ind, [m for jaar in range(2016, 2026) for m in months(jaar, "1")])
        found = analysis.maandcijfers(Meting.objects.filter(indicator=ind))[ind.pk]
    assert len(found) == 24
    assert (found[0].label, found[-1].label) == ("jan 2024", "dec 2025")


def test_the_top_areas_are_the_ten_highest_of_the_latest_year_per_kind(world: Any) -> None:
    with bound(world):
        ind = indicator(
            world, "Woninginbraak per buurt", bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1"
        )
        rows = [Meting(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2023, gebied="BU90010099", waarde=D(999))]
        rows += [
            Meting(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2024, gebied=f"BU900100{i:02d}", waarde=D(i))
            for i in range(12)
        ]
        rows.append(Meting(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2024, gebied="WK900100", waarde=D(66)))
        Meting.objects.bulk_create(rows)
        top = analysis.top_gebieden(Meting.objects.filter(indicator=ind))[ind.pk]
        alle = analysis.als_gebiedscijfers(analysis.gebieden(Meting.objects.filter(indicator=ind), "naam"))
    assert [c.waarde for c in top["Buurt"]] == [D(v) for v in range(11, 1, -1)]
    assert [(c.code, c.soort) for c in top["Wijk"]] == [("WK900100", "Wijk")]
    assert len(alle) == 13 and {c.jaar for c in alle} == {2024}
