"""Reading the three shapes of the police tables: what a user brings, what comes out."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest

from ivp.opendata import Cijfer, ParseResult, parse_file

from .helpers import bulk_47018, bulk_row, fixture, statline_47018

SHAPES = [
    ("47013NED_typed.json", "47013NED", "odata-json", "TypedDataSet"),
    ("47013NED_bulk.csv", "47013NED", "bulk-csv", ""),
    ("47013NED_statline.csv", "47013NED", "statline-csv", "lang"),
    ("47018NED_typed.json", "47018NED", "odata-json", "TypedDataSet"),
    ("47018NED_bulk.csv", "47018NED", "bulk-csv", ""),
    ("47018NED_statline.csv", "47018NED", "statline-csv", "breed"),
    ("47021NED_untyped.json", "47021NED", "odata-json", "UntypedDataSet"),
    ("47021NED_bulk.csv", "47021NED", "bulk-csv", ""),
    ("47021NED_statline.csv", "47021NED", "statline-csv", "breed"),
]

# What the keyed shapes cannot know by themselves: names of areas and provisional periods.
AREA_NAMES = {
    "NL00": "Nederland",
    "NL01": "Nederland",
    "GM1680": "Aa en Hunze",
    "WK168000": "Wijk 00 Annen",
    "BU16800000": "Annen",
    "BU16800009": "Verspreide huizen Annen",
}
PROVISIONAL = {"47013NED": {"2025MM10", "2025MM11"}, "47018NED": {"2023JJ00"}, "47021NED": {"2024MM01"}}


def _essence(c: Cijfer) -> tuple[object, ...]:
    """Everything of a figure except the region key, which a StatLine export does not have."""
    return (
        c.tabel,
        c.onderwerp,
        c.dimensie,
        c.code,
        c.gebied_naam,
        c.gebied_soort,
        c.jaar,
        c.maand,
        c.waarde,
        c.voorlopig,
        c.gemeente_naam,
    )


def _by_code(result: ParseResult, code: str, gebied: str = "GM1680") -> list[Cijfer]:
    return [c for c in result.cijfers if c.code == code and c.gebied == gebied]


@pytest.mark.parametrize(("name", "tabel", "formaat", "detail"), SHAPES)
def test_it_recognises_the_table_and_the_shape_from_the_bytes(name: str, tabel: str, formaat: str, detail: str) -> None:
    result = parse_file(fixture(name))

    assert (result.tabel, result.formaat, result.formaat_detail) == (tabel, formaat, detail)


@pytest.mark.parametrize("tabel", ["47013NED", "47018NED", "47021NED"])
def test_the_three_shapes_of_a_table_give_the_same_figures(tabel: str) -> None:
    json_name = "47021NED_untyped.json" if tabel == "47021NED" else f"{tabel}_typed.json"
    keyed: dict[str, Any] = {"voorlopige_perioden": PROVISIONAL[tabel], "gebied_namen": AREA_NAMES}

    from_json = parse_file(fixture(json_name), **keyed)
    from_bulk = parse_file(fixture(f"{tabel}_bulk.csv"), **keyed)
    from_statline = parse_file(fixture(f"{tabel}_statline.csv"))

    assert from_json.cijfers == from_bulk.cijfers
    assert [_essence(c) for c in from_json.cijfers] == [_essence(c) for c in from_statline.cijfers]
    assert len(from_json.cijfers) >= 6


def test_it_strips_padded_keys_of_different_widths() -> None:
    wijk_table = parse_file(fixture("47018NED_typed.json"))  # keys of 6 and 10 characters
    gemeente_table = parse_file(fixture("47013NED_bulk.csv"))  # region keys of 6 characters

    assert {c.code for c in wijk_table.cijfers} == {"0.0.0", "1.1.1", "1.4.1", "2.6.10"}
    assert {c.gebied for c in wijk_table.cijfers} == {"NL00", "GM1680", "WK168000", "BU16800000", "BU16800009"}
    assert {c.gebied for c in gemeente_table.cijfers} == {"NL01", "GM1680"}


def test_the_kind_of_area_follows_from_the_region_key() -> None:
    result = parse_file(fixture("47018NED_bulk.csv"))

    kinds = {c.gebied: c.gebied_soort for c in result.cijfers}
    assert kinds == {
        "NL00": "land",
        "GM1680": "gemeente",
        "WK168000": "wijk",
        "BU16800000": "buurt",
        "BU16800009": "buurt",
    }


def test_other_two_letter_areas_and_the_pseudo_gemeenten_are_regions() -> None:
    data = (
        b'"ID","SoortMisdrijf","RegioS","Perioden","GeregistreerdeMisdrijven_1"\n'
        b'0,"0.0.0 ","PV20  ","2024JJ00",10\n'
        b'1,"0.0.0 ","GM0999","2024JJ00",11\n'
        b'2,"0.0.0 ","LD01  ","2024JJ00",12\n'
    )

    result = parse_file(data)

    assert [(c.gebied, c.gebied_soort) for c in result.cijfers] == [
        ("PV20", "regio"),
        ("GM0999", "regio"),
        ("LD01", "regio"),
    ]


def test_each_numeric_topic_becomes_its_own_figures() -> None:
    result = parse_file(fixture("47013NED_typed.json"))

    november = {c.onderwerp: c.waarde for c in _by_code(result, "0.0.0") if (c.jaar, c.maand) == (2025, 11)}
    assert november == {
        "GeregistreerdeMisdrijven_1": Decimal(97),
        "Aangiften_2": Decimal(80),
        "Internetaangiften_3": None,
    }
    assert result.per_onderwerp == {"GeregistreerdeMisdrijven_1": 6, "Aangiften_2": 6, "Internetaangiften_3": 6}


def test_text_topics_give_the_gemeente_name_not_figures() -> None:
    result = parse_file(fixture("47018NED_typed.json"))

    assert result.per_onderwerp == {"GeregistreerdeMisdrijven_1": 10}
    wijk = next(c for c in result.cijfers if c.gebied == "WK168000")
    assert (wijk.gemeente_naam, wijk.gebied_naam) == ("Aa en Hunze", "")  # the wijk's own name is not in the rows
    gemeente = _by_code(result, "1.1.1")[0]
    assert (gemeente.gebied_naam, gemeente.gemeente_naam) == ("Aa en Hunze", "Aa en Hunze")


def test_a_buurt_without_registrations_is_a_zero_with_its_gemeente_from_other_rows() -> None:
    result = parse_file(fixture("47018NED_bulk.csv"))  # the row has 0 and a blank name and type

    empty = _by_code(result, "1.1.1", gebied="BU16800009")[0]
    assert (empty.waarde, empty.gebied_soort, empty.gemeente_naam) == (Decimal(0), "buurt", "Aa en Hunze")


def test_a_nameless_buurt_before_any_named_row_of_its_gemeente_still_gets_the_name() -> None:
    data = bulk_47018(
        bulk_row(regio="BU16800009", waarde="0", naam="", soort="", id=0),
        bulk_row(regio="BU01060000", waarde="0", naam="", soort="", id=1),
        bulk_row(regio="WK168000  ", naam="Aa en Hunze", soort="Wijk", id=2),
    )

    result = parse_file(data)

    assert [(c.gebied, c.gemeente_naam) for c in result.cijfers] == [
        ("BU16800009", "Aa en Hunze"),
        ("BU01060000", ""),  # no row names the gemeente of this buurt
        ("WK168000", "Aa en Hunze"),
    ]


def test_area_names_given_by_the_caller_name_the_wijken_and_buurten() -> None:
    result = parse_file(fixture("47018NED_bulk.csv"), gebied_namen={"WK168000  ": "Wijk 00 Annen"})

    wijk = next(c for c in result.cijfers if c.gebied == "WK168000")
    assert wijk.gebied_naam == "Wijk 00 Annen"


def test_it_reads_yearly_and_monthly_period_keys() -> None:
    result = parse_file(fixture("47013NED_bulk.csv"))

    assert sorted({(c.jaar, c.maand) for c in result.cijfers}, key=str) == [(2024, None), (2025, 10), (2025, 11)]
    assert result.per_periode == {"2024": 6, "2025-10": 3, "2025-11": 9}


def test_provisional_periods_of_a_keyed_file_come_from_the_period_dimension() -> None:
    plain = parse_file(fixture("47018NED_bulk.csv"))
    told = parse_file(fixture("47018NED_bulk.csv"), voorlopige_perioden=["2023JJ00"])

    assert not any(c.voorlopig for c in plain.cijfers)
    assert {(c.jaar, c.voorlopig) for c in told.cijfers} == {(2022, False), (2023, True)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("null", None), ('"."', None), ('"x"', None), ('""', None), ('"       ."', None), ('"-"', Decimal(0))],
)
def test_unknown_figures_become_none_and_a_dash_is_nil(typed: str, expected: Decimal | None) -> None:
    data = (
        '{"odata.metadata": "https://dataderden.cbs.nl/ODataApi/OData/47021NED/$metadata#Cbs.OData.WebAPI.UntypedDataSet",'
        ' "value": [{"ID": 0, "Overlast": "E33   ", "RegioS": "GM1680", "Perioden": "2023JJ00",'
        f' "GeregistreerdeOverlast_1": {typed}}}]}}'
    ).encode()

    assert parse_file(data).cijfers[0].waarde == expected


def test_unknown_figures_are_counted_for_the_preview() -> None:
    result = parse_file(fixture("47018NED_statline.csv"))  # '.' and 'x'

    assert result.onbekend == 2
    assert [c.code for c in result.cijfers if c.waarde is None] == ["1.4.1", "2.6.10"]


def test_the_bulk_csv_reads_a_dot_as_decimal_point_and_quoted_numbers() -> None:
    result = parse_file(bulk_47018(bulk_row(waarde='"12.5"'), bulk_row(code="1.1.2 ", waarde="7")))

    assert [c.waarde for c in result.cijfers] == [Decimal("12.5"), Decimal(7)]


def test_without_metadata_the_table_follows_from_the_columns() -> None:
    document = json.loads(fixture("47021NED_untyped.json"))
    del document["odata.metadata"]

    result = parse_file(json.dumps(document).encode())

    assert result.tabel == "47021NED"


def test_it_tells_yearly_from_monthly_wijk_tables_by_their_periods() -> None:
    yearly = parse_file(bulk_47018(bulk_row(periode="2023JJ00")))
    monthly = parse_file(bulk_47018(bulk_row(periode="2025MM11")))

    assert (yearly.tabel, monthly.tabel) == ("47018NED", "47022NED")
    assert (monthly.cijfers[0].jaar, monthly.cijfers[0].maand) == (2025, 11)


def test_the_overlast_tables_use_the_overlast_codes() -> None:
    result = parse_file(fixture("47021NED_bulk.csv"))

    assert {c.dimensie for c in result.cijfers} == {"overlast"}
    assert list(result.per_code) == ["0.0.0", "E33", "E35", "F010", "M062"]


def test_a_wijk_table_of_overlast_is_read_as_47024NED() -> None:
    data = (
        b'"ID","Overlast","WijkenEnBuurten","Perioden","GeregistreerdeOverlast_1","Gemeentenaam_2","SoortRegio_3"\n'
        b'0,"E35   ","WK168000  ","2023JJ00",4,"Aa en Hunze                   ","Wijk    "\n'
    )

    result = parse_file(data)

    assert (result.tabel, result.cijfers[0].code, result.cijfers[0].gebied_soort) == ("47024NED", "E35", "wijk")


def test_the_result_counts_rows_codes_periods_and_area_kinds_for_a_preview() -> None:
    result = parse_file(fixture("47018NED_bulk.csv"))

    assert result.rijen == 10
    assert result.per_code == {"0.0.0": 4, "1.1.1": 4, "1.4.1": 1, "2.6.10": 1}
    assert result.per_periode == {"2022": 1, "2023": 9}
    assert result.per_gebied_soort == {"land": 1, "gemeente": 4, "wijk": 1, "buurt": 4}
    assert result.overgeslagen == ()
    assert result.samenvatting.startswith("Tabel 47018NED (Geregistreerde misdrijven; soort misdrijf, wijk, buurt")
    assert "10 rijen, 10 cijfers, 4 codes, 2 perioden, 0 rijen overgeslagen" in result.samenvatting


def test_with_a_gemeente_code_it_skips_other_gemeenten_and_says_why() -> None:
    data = bulk_47018(
        bulk_row(regio="GM1680    ", id=0),
        bulk_row(regio="GM0106    ", naam="Assen", id=1),
        bulk_row(regio="BU01060000", naam="Assen", soort="Buurt", id=2),
        bulk_row(regio="WK168000  ", soort="Wijk", id=3),
        bulk_row(regio="NL00      ", naam="Nederland", soort="Land", id=4),
    )

    result = parse_file(data, gemeente_code="GM1680")

    assert [c.gebied for c in result.cijfers] == ["GM1680", "WK168000", "NL00"]
    assert [(s.regel, s.reden) for s in result.overgeslagen] == [(3, "buiten GM1680"), (4, "buiten GM1680")]
    assert result.overgeslagen_per_reden == {"buiten GM1680": 2}
    assert result.rijen == 5


def test_it_ignores_the_id_column_and_warns_about_unknown_columns() -> None:
    data = (
        b'"ID","SoortMisdrijf","RegioS","Perioden","GeregistreerdeMisdrijven_1","Opmerking"\n'
        b'99999,"0.0.0 ","GM1680","2024JJ00",10,"zelf toegevoegd"\n'
    )

    result = parse_file(data)

    assert len(result.cijfers) == 1
    assert result.waarschuwingen == ("Niet gebruikte kolommen: Opmerking.",)


def test_it_reads_an_uploaded_file_object() -> None:
    result = parse_file(io.BytesIO(fixture("47021NED_bulk.csv")))

    assert (result.tabel, len(result.cijfers)) == ("47021NED", 6)


def test_a_file_that_is_not_utf8_is_read_as_windows_text_with_a_warning() -> None:
    data = statline_47018('"Totaal misdrijven";"Café de Sluis";"2023";"4"').replace("é".encode(), b"\xe9")

    result = parse_file(data)

    assert result.cijfers[0].gebied_naam == "Café de Sluis"
    assert "niet in UTF-8" in result.waarschuwingen[0]


def test_a_figure_is_immutable() -> None:
    cijfer = parse_file(fixture("47021NED_bulk.csv")).cijfers[0]

    with pytest.raises(AttributeError):
        setattr(cijfer, "waarde", Decimal(1))  # noqa: B010  # the frozen dataclass refuses it at run time


def test_a_json_file_that_is_one_page_of_more_warns_that_figures_are_missing() -> None:
    document = json.loads(fixture("47018NED_typed.json"))
    document["odata.nextLink"] = "https://dataderden.cbs.nl/ODataApi/OData/47018NED/TypedDataSet?$skip=10000"

    result = parse_file(json.dumps(document).encode())

    assert len(result.cijfers) == 10
    assert result.waarschuwingen == (
        "Dit bestand is één pagina van 10 rijen; de API heeft er meer (odata.nextLink). Haal de tabel in Kapstok op "
        "bij de API of gebruik de bulk-CSV, anders ontbreken cijfers.",
    )


def test_a_statline_export_cannot_be_filtered_on_a_gemeente_code_and_says_so() -> None:
    result = parse_file(fixture("47018NED_statline.csv"), gemeente_code="GM1680")

    assert len(result.cijfers) == 10
    assert result.waarschuwingen == ("Een StatLine-export heeft geen regiocodes: er is niet op GM1680 gefilterd.",)
