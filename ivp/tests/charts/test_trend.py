"""The trend chart of one indicator: its SVG, its summary sentence and its table alternative."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from typing import Any

import pytest

from ivp.charts import Punt, Reeks, TabelRij, getal, samenvatting, tabel_rijen, trend_svg

from .svg import NS, alle, contrast, met_klasse, parse, teksten, viewbox

WIT = "#ffffff"


def jaren(waarden: list[Any], *, van: int = 2020, naam: str = "Utrecht", referentie: bool = False) -> Reeks:
    return Reeks(naam, [Punt(str(van + i), w) for i, w in enumerate(waarden)], referentie=referentie)


def chart(reeksen: list[Reeks], **extra: Any) -> str:
    kwargs: dict[str, Any] = {
        "titel": "Woninginbraken",
        "eenheid": "per 1.000 inwoners",
        "lager_is_beter": True,
        "id_prefix": "trend",
    }
    kwargs.update(extra)
    return trend_svg(reeksen=reeksen, **kwargs)


def zin(reeksen: list[Reeks], **extra: Any) -> str:
    kwargs: dict[str, Any] = {"titel": "Woninginbraken", "eenheid": "", "lager_is_beter": True}
    kwargs.update(extra)
    return samenvatting(reeksen=reeksen, **kwargs)


def punten(polyline: Any) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in polyline.get("points").split())]


# --- the SVG as an image --------------------------------------------------------------------------


def test_the_svg_is_an_image_labelled_by_its_title_and_summary() -> None:
    reeksen = [jaren([Decimal("4.1"), Decimal("3.2")]), jaren([3.5, 3.4], naam="Nederland", referentie=True)]
    root = parse(chart(reeksen))

    assert root.get("role") == "img"
    titel, beschrijving = (root.find(f"{NS}{tag}") for tag in ("title", "desc"))
    assert titel is not None and beschrijving is not None
    assert root.get("aria-labelledby") == f"{titel.get('id')} {beschrijving.get('id')}"
    assert titel.text == "Woninginbraken"
    assert beschrijving.text == samenvatting(
        titel="Woninginbraken", eenheid="per 1.000 inwoners", reeksen=reeksen, lager_is_beter=True
    )


def test_two_charts_on_one_page_have_different_ids() -> None:
    ids = [
        {e.get("id") for e in parse(chart([jaren([1, 2])], id_prefix=prefix)).iter() if e.get("id")}
        for prefix in ("thema-1", "thema-2")
    ]
    assert len(ids[0]) == 2 and not ids[0] & ids[1]


def test_it_refuses_an_id_prefix_that_is_no_xml_id() -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        chart([jaren([1, 2])], id_prefix='x" onload="alert(1)')


def test_hostile_text_is_escaped_in_titles_names_units_and_periods() -> None:
    boos = "<script>alert(\"x\")</script> & 'co'"
    reeks = Reeks(boos, [Punt(boos, 1), Punt("2024", 2)])
    svg = chart([reeks, jaren([1, 2], naam=boos, referentie=True)], titel=boos, eenheid=boos, streefwaarde=1)

    root = parse(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "<script>" not in svg
    assert getattr(root.find(f"{NS}title"), "text", None) == boos
    assert boos in [t.tekst for t in teksten(root)]


def test_control_characters_in_names_do_not_break_the_xml() -> None:
    parse(chart([jaren([1, 2], naam="Ut\x00re\x1bcht")], titel="Ti\x0btel"))


# --- gaps, points, scales -------------------------------------------------------------------------


def test_an_unknown_value_leaves_a_gap_instead_of_a_line_through_it() -> None:
    root = parse(chart([jaren([5, 4, None, 3, 2])]))

    lijnen = alle(root, "polyline")
    assert [len(punten(lijn)) for lijn in lijnen] == [2, 2]
    (_, links_eind), (rechts_begin, _) = punten(lijnen[0]), punten(lijnen[1])
    assert rechts_begin[0] - links_eind[0] > 1.5 * (links_eind[0] - punten(lijnen[0])[0][0])


def test_a_lone_known_value_between_gaps_still_gets_a_marker() -> None:
    root = parse(chart([jaren([None, 4, None])]))

    reeks = met_klasse(root, "reeks")[0]
    assert not alle(reeks, "polyline")
    assert len(alle(reeks, "circle")) == 1


def test_no_measurements_give_a_short_chart_that_says_so() -> None:
    svg = chart([jaren([None, None]), jaren([], naam="Nederland", referentie=True)])
    root = parse(svg)

    assert "Nog geen metingen" in [t.tekst for t in teksten(root)]
    assert viewbox(root)[3] < 280
    assert not alle(root, "polyline")
    assert getattr(root.find(f"{NS}desc"), "text", None) == "Woninginbraken (Utrecht): nog geen metingen."


def test_one_point_is_drawn_as_a_marker_in_the_middle() -> None:
    root = parse(chart([jaren([12])], breedte=640))

    cirkels = alle(met_klasse(root, "reeks")[0], "circle")
    assert len(cirkels) == 1 and not alle(root, "polyline")
    assert 200 < float(cirkels[0].get("cx") or 0) < 440


def test_all_equal_values_get_a_scale_around_them() -> None:
    root = parse(chart([jaren([7, 7, 7])]))

    ticks = [t.tekst for t in teksten(root) if t.tekst.replace(",", "").isdigit()]
    assert len(set(ticks)) >= 3
    ys = {y for _, y in punten(alle(root, "polyline")[0])}
    assert len(ys) == 1
    tick_ys = [float(e.get("y") or 0) for e in met_klasse(root, "tick")]
    assert min(tick_ys) < ys.pop() < max(tick_ys)


def test_huge_values_get_short_tick_labels_and_full_numbers_in_the_table() -> None:
    reeks = jaren([10**9, 1.2 * 10**9, 1.5 * 10**9])
    root = parse(chart([reeks]))

    ticks = [e.text or "" for e in met_klasse(root, "tick")]
    assert all(t.endswith(" mld") for t in ticks), ticks
    assert tabel_rijen([reeks])[0].waarden == ["1.000.000.000"]


def test_negative_values_are_drawn_below_a_zero_line() -> None:
    root = parse(chart([jaren([-5, -2.5, 3])], lager_is_beter=False))

    ticks = [e.text for e in met_klasse(root, "tick")]
    assert "0" in ticks or "0,0" in ticks
    assert any((t or "").startswith("-") for t in ticks)


def test_numbers_are_written_the_dutch_way() -> None:
    assert getal(Decimal("1234567.891")) == "1.234.567,89"
    assert getal(1234.5, 2) == "1.234,50"
    assert getal(Decimal("-0.5")) == "-0,5"
    assert getal(10**9) == "1.000.000.000"
    assert getal(0.1 + 0.2) == "0,3"
    assert getal(Decimal("2.005")) == "2,01"


# --- labels ---------------------------------------------------------------------------------------


MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def test_120_monthly_points_get_thinned_labels_that_do_not_overlap() -> None:
    reeks = Reeks(
        "Meldingen", [Punt(f"{MAANDEN[i % 12]} {2015 + i // 12}", 100 + 20 * math.sin(i)) for i in range(120)]
    )
    root = parse(chart([reeks]))

    labels = sorted((t for t in teksten(root) if t.klasse == "periode"), key=lambda t: t.x)
    assert 3 <= len(labels) < 30
    for links, rechts in itertools.pairwise(labels):
        assert links.rechts <= rechts.x, (links, rechts)
    assert labels[-1].tekst == "dec 2024"  # the latest period is always labelled


@pytest.mark.parametrize(
    "reeksen",
    [
        [Reeks("x", [Punt(f"{k} kwartaal van het jaar 2024 (voorlopige cijfers)", 1) for k in ("Eerste", "Tweede")])],
        [jaren([10**9, -(10**9), 3])],
        [Reeks("Een heel erg lange naam van een reeks " * 4, [Punt("2024", 1), Punt("2025", 2)])],
        [jaren(list(range(40)), van=1980)],
    ],
    ids=["long-periods", "huge-and-negative", "long-series-name", "forty-years"],
)
def test_all_text_stays_inside_the_chart(reeksen: list[Reeks]) -> None:
    root = parse(chart(reeksen, titel="Een titel die veel te lang is voor één regel in een grafiek " * 3))
    _, _, breedte, hoogte = viewbox(root)

    for tekst in teksten(root):
        assert tekst.x >= 0 and tekst.rechts <= breedte, tekst
        assert tekst.boven >= 0 and tekst.onder <= hoogte, tekst


# --- colour and more than colour --------------------------------------------------------------------


def test_lines_have_3_to_1_and_text_4_5_to_1_contrast_on_white() -> None:
    reeksen = [jaren([1, 2, 3]), jaren([2, 3, 4], naam="Wijk"), jaren([3, 3, 3], naam="NL", referentie=True)]
    root = parse(chart(reeksen, streefwaarde=2))

    strepen = {e.get("stroke") for e in [*alle(root, "polyline"), *met_klasse(root, "streefwaarde")]}
    assert len(strepen) == 4
    assert all(contrast(kleur or "", WIT) >= 3 for kleur in strepen)
    kleuren = {t.kleur or root.get("fill") for t in teksten(root)}
    assert all(contrast(kleur or "", WIT) >= 4.5 for kleur in kleuren)


def test_series_differ_by_dash_pattern_and_marker_shape_not_only_colour() -> None:
    reeksen = [jaren([1, 2]), jaren([2, 3], naam="Wijk"), jaren([3, 4], naam="Nederland", referentie=True)]
    root = parse(chart(reeksen))

    groepen = met_klasse(root, "reeks")
    patronen = [alle(g, "polyline")[0].get("stroke-dasharray") for g in groepen]
    vormen = [(g[-1].tag, g[-1].get("fill")) for g in groepen]
    assert len(set(patronen)) == 3
    assert len(set(vormen)) == 3
    assert "referentie" in (groepen[2].get("class") or "") and patronen[2]


def test_the_target_line_appears_only_when_there_is_a_target() -> None:
    met = parse(chart([jaren([4, 3])], streefwaarde=Decimal("2.5")))
    zonder = parse(chart([jaren([4, 3])]))

    assert len(met_klasse(met, "streefwaarde")) == 1
    assert "Streefwaarde: 2,5 per 1.000 inwoners" in [t.tekst for t in teksten(met)]
    assert not met_klasse(zonder, "streefwaarde")


def test_the_target_line_sits_at_its_value_on_the_scale() -> None:
    root = parse(chart([jaren([4, 3])], streefwaarde=2))

    lijn = met_klasse(root, "streefwaarde")[0]
    tick = next(e for e in met_klasse(root, "tick") if e.text in ("2", "2,0"))
    assert float(lijn.get("y1") or 0) == pytest.approx(float(tick.get("y") or 0) - 4, abs=0.01)


# --- the summary sentence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("waarden", "lager_is_beter", "verwacht"),
    [
        ([5, 4, 3], True, "gedaald van 5 in 2020 naar 3 in 2022; dat is gunstig, want lager is beter"),
        ([5, 4, 3], False, "gedaald van 5 in 2020 naar 3 in 2022; dat is ongunstig, want hoger is beter"),
        ([3, None, 6], True, "gestegen van 3 in 2020 naar 6 in 2022; dat is ongunstig, want lager is beter"),
        ([3, 6], False, "gestegen van 3 in 2020 naar 6 in 2021; dat is gunstig, want hoger is beter"),
        ([4, 9, 4], True, "gelijk gebleven op 4 van 2020 tot 2022"),
        ([None, 8], True, "één meting, 8 in 2021"),
    ],
)
def test_the_summary_says_which_way_it_went_and_whether_that_is_good(
    waarden: list[Any], lager_is_beter: bool, verwacht: str
) -> None:
    assert zin([jaren(waarden)], lager_is_beter=lager_is_beter) == f"Woninginbraken: {verwacht}."


def test_the_summary_compares_the_latest_value_with_the_reference_series() -> None:
    reeksen = [jaren([5, 4]), jaren([3, 3.5, 3.8], naam="Nederland", van=2019, referentie=True)]

    tekst = zin(reeksen, eenheid="%")

    assert tekst.startswith("Woninginbraken (Utrecht): gedaald van 5,0% in 2020 naar 4,0% in 2021")
    assert "de laatste waarde ligt boven die van Nederland (3,8% in 2021), wat ongunstig is" in tekst


def test_the_summary_uses_the_latest_reference_value_when_the_period_is_missing_there() -> None:
    reeksen = [jaren([5, 4, 3]), jaren([4], naam="Regio", referentie=True)]

    assert "onder die van Regio (4 in 2020), wat gunstig is" in zin(reeksen)


def test_the_target_keeps_its_own_decimals_and_the_values_keep_theirs() -> None:
    tekst = zin([jaren([5, 3])], streefwaarde=Decimal("2.5"))

    assert tekst == (
        "Woninginbraken: gedaald van 5 in 2020 naar 3 in 2021; dat is gunstig, want lager is beter; "
        "de streefwaarde is 2,5 en is nog niet gehaald."
    )
    assert [r.waarden for r in tabel_rijen([jaren([5, 3])])] == [["5"], ["3"]]


def test_the_summary_says_whether_the_target_is_reached() -> None:
    assert zin([jaren([5, 3])], streefwaarde=3).endswith("; de streefwaarde is 3 en is gehaald.")
    assert zin([jaren([3, 5])], streefwaarde=3).endswith("; de streefwaarde is 3 en is nog niet gehaald.")
    assert zin([jaren([3, 5])], streefwaarde=5, lager_is_beter=False).endswith("en is gehaald.")
    assert zin([jaren([3, 5])], streefwaarde=6, lager_is_beter=False).endswith("en is nog niet gehaald.")


def test_values_equal_as_shown_count_as_unchanged() -> None:
    assert "gelijk gebleven op 3,4" in zin([jaren([Decimal("3.4"), 3.4 + 1e-12])])


# --- the table alternative ------------------------------------------------------------------------------


def test_the_table_has_a_row_per_period_and_a_column_per_series() -> None:
    reeksen = [
        jaren([Decimal("4.10"), None, Decimal("3.25")]),
        jaren([4, 3.9, 3.8, 3.7], naam="Nederland", van=2019, referentie=True),
    ]

    assert tabel_rijen(reeksen) == [
        TabelRij("2019", ["geen meting", "4,00"]),
        TabelRij("2020", ["4,10", "3,90"]),
        TabelRij("2021", ["geen meting", "3,80"]),
        TabelRij("2022", ["3,25", "3,70"]),
    ]


def test_table_rows_follow_the_periods_of_the_series_when_they_are_not_years() -> None:
    reeksen = [
        Reeks("Gemeente", [Punt("voorjaar", 1), Punt("najaar", 3)]),
        Reeks("Regio", [Punt("voorjaar", 2), Punt("zomer", 2), Punt("najaar", 2)], referentie=True),
    ]

    assert [r.periode for r in tabel_rijen(reeksen)] == ["voorjaar", "zomer", "najaar"]


def test_every_table_value_is_a_point_in_the_chart() -> None:
    reeksen = [jaren([4, None, 3, 2]), jaren([5, 5, 4, 4], naam="NL", referentie=True)]
    root = parse(chart(reeksen))

    rijen = tabel_rijen(reeksen)
    bekend = sum(1 for rij in rijen for w in rij.waarden if w != "geen meting")
    markers = [m for g in met_klasse(root, "reeks") for m in g if m.tag != f"{NS}polyline"]
    assert len(markers) == bekend == 7


def test_a_period_twice_in_one_series_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        tabel_rijen([Reeks("x", [Punt("2024", 1), Punt("2024", 2)])])
