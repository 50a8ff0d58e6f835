"""Files that are not what they say: each refusal is Dutch and says where (line, column)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ivp.opendata import OpendataFout, parse_file

from .helpers import bulk_47018, bulk_row, fixture, statline_47018

TYPED_47018 = "https://dataderden.cbs.nl/ODataApi/OData/47018NED/$metadata#Cbs.OData.WebAPI.TypedDataSet"


def _refusal(data: bytes, **kwargs: Any) -> OpendataFout:
    with pytest.raises(OpendataFout) as caught:
        parse_file(data, **kwargs)
    return caught.value


def _record(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "ID": 0,
        "SoortMisdrijf": "1.1.1 ",
        "WijkenEnBuurten": "GM1680    ",
        "Perioden": "2023JJ00",
        "GeregistreerdeMisdrijven_1": 12,
        "Gemeentenaam_2": "Aa en Hunze".ljust(30),
        "SoortRegio_3": "Gemeente",
    }
    record.update(changes)
    return record


def _typed(*records: dict[str, object], metadata: str = TYPED_47018) -> bytes:
    return json.dumps({"odata.metadata": metadata, "value": list(records)}).encode()


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf  \r\n\r\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert str(_refusal(data)) == "Het bestand is leeg."


def test_a_binary_file_is_refused_with_the_line_of_the_first_nul() -> None:
    error = _refusal(b'"ID","Perioden"\n\x00\x01\x02\x03')

    assert error.regel == 2
    assert str(error).startswith("Regel 2: Dit is geen tekstbestand: het bevat binaire gegevens (NUL-tekens).")


def test_an_excel_file_is_refused_with_a_hint() -> None:
    error = _refusal(b"PK\x03\x04\x14\x00\x06\x00rest of a workbook")

    assert str(error) == (
        "Dit is een Excel- of zipbestand, geen CSV of JSON. Kies bij het downloaden in StatLine voor CSV."
    )


def test_a_text_that_is_no_table_is_refused() -> None:
    error = _refusal(b"Beste collega,\nhierbij de cijfers.\nGroet, Jan")

    assert (error.regel, error.kolom) == (1, None)
    assert "geen kopregel met de kolom 'Perioden'" in error.message


def test_broken_json_names_line_and_position() -> None:
    error = _refusal(b'{"value": [\n  {"ID": 0,, "Perioden": "2023JJ00"}\n]}')

    assert (error.regel, error.kolom) == (2, 12)
    assert str(error).startswith("Regel 2, positie 12: Het bestand begint als JSON, maar is geen geldige JSON")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"rows": []}, "Dit is geen OData-bestand van een tabel: de lijst 'value' met rijen ontbreekt."),
        (
            {"odata.error": {"code": "", "message": {"lang": "en-US", "value": "Invalid filter"}}},
            "Dit is een foutmelding van de open-data-API, geen tabel: Invalid filter.",
        ),
        (
            {"@odata.context": "https://datasets.cbs.nl/odata/v1/CBS/85618NED/$metadata#Observations", "value": []},
            "OData versie 4",
        ),
        (
            {
                "odata.metadata": "https://dataderden.cbs.nl/ODataApi/OData/47018NED/$metadata#Cbs.OData.WebAPI.Perioden",
                "value": [],
            },
            "Dit is het onderdeel 'Perioden' van tabel 47018NED, niet de cijfers.",
        ),
        (
            {
                "odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/85618NED/$metadata#Cbs.OData.WebAPI.TypedDataSet",
                "value": [{}],
            },
            "Dit is tabel 85618NED; die kan Kapstok niet inlezen.",
        ),
        ({"odata.metadata": TYPED_47018, "value": []}, "Het bestand bevat geen rijen: de lijst 'value' is leeg."),
    ],
)
def test_json_that_is_no_table_of_figures_is_refused(document: object, expected: str) -> None:
    assert expected in str(_refusal(json.dumps(document).encode()))


@pytest.mark.parametrize("name", ["47021NED_untyped.json", "47021NED_bulk.csv", "47021NED_statline.csv"])
def test_a_file_of_another_table_than_expected_is_refused_saying_which_table_it_is(name: str) -> None:
    error = _refusal(fixture(name), expected_table="47018NED")

    assert error.message == (
        "Dit bestand is tabel 47021NED (Geregistreerde overlast; soort overlast, gemeente), niet de verwachte tabel "
        "47018NED (Geregistreerde misdrijven; soort misdrijf, wijk, buurt, jaarcijfers)."
    )


def test_the_expected_table_is_accepted() -> None:
    assert parse_file(fixture("47018NED_bulk.csv"), expected_table="47018NED").tabel == "47018NED"


def test_a_missing_dimension_column_is_named() -> None:
    data = b'"ID","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1"\n0,"GM1680    ","2023JJ00",1\n'

    error = _refusal(data)

    assert error.regel == 1
    assert "de kolom 'SoortMisdrijf' of 'Overlast' ontbreekt" in error.message


def test_every_missing_required_column_of_a_declared_table_is_named() -> None:
    record = _record()
    del record["WijkenEnBuurten"], record["Perioden"]

    error = _refusal(_typed(record))

    assert [(f.kolom, f.message) for f in error.fouten] == [
        ("WijkenEnBuurten", "De verplichte kolom 'WijkenEnBuurten' ontbreekt."),
        ("Perioden", "De verplichte kolom 'Perioden' ontbreekt."),
    ]


def test_a_statline_export_without_a_column_of_figures_is_refused() -> None:
    data = b'"Soort misdrijf";"Wijken en buurten";"Perioden"\n"Totaal misdrijven";"Aa en Hunze";"2023"\n'

    error = _refusal(data)

    assert str(error) == "Regel 1: Er is geen kolom met cijfers, zoals 'Geregistreerde misdrijven (aantal)'."


def test_a_statline_export_without_its_region_column_is_refused_naming_it() -> None:
    data = b'"Soort misdrijf";"Gemeente";"Perioden";"Geregistreerde misdrijven (aantal)"\n'

    error = _refusal(data)

    assert str(error) == "Regel 1, kolom 'Wijken en buurten': De kolom 'Wijken en buurten' (of 'Regio's') ontbreekt."


def test_an_unknown_crime_code_is_named_with_its_line_and_column() -> None:
    error = _refusal(bulk_47018(bulk_row(), bulk_row(code="9.9.9 ", id=1)))

    assert str(error) == (
        "Regel 3, kolom 'SoortMisdrijf': Onbekende soort misdrijf '9.9.9': deze code staat niet in de codelijst "
        "van de politie."
    )


def test_an_unknown_overlast_code_in_json_names_the_record() -> None:
    document = json.loads(fixture("47021NED_untyped.json"))
    document["value"][3]["Overlast"] = "Z99   "

    error = _refusal(json.dumps(document).encode())

    assert (error.record, error.kolom) == (4, "Overlast")
    assert str(error).startswith("Record 4, kolom 'Overlast': Onbekende soort overlast 'Z99'")


def test_an_unknown_crime_label_in_a_statline_export_is_named() -> None:
    error = _refusal(statline_47018('"9.9.9 Ruimtepiraterij";"Aa en Hunze";"2023";"1"'))

    assert str(error) == (
        "Regel 2, kolom 'Soort misdrijf': Onbekende soort misdrijf '9.9.9 Ruimtepiraterij': deze staat niet in de "
        "codelijst van de politie."
    )


def test_an_unreadable_period_is_named() -> None:
    error = _refusal(bulk_47018(bulk_row(periode="2023XX99")))

    assert str(error) == (
        "Regel 2, kolom 'Perioden': Onleesbare periode '2023XX99': verwacht bijvoorbeeld 2023JJ00 (jaar) of "
        "2025MM11 (maand)."
    )


def test_quarters_are_refused_with_a_message_naming_them() -> None:
    keyed = _refusal(bulk_47018(bulk_row(periode="2023KW01")))
    labelled = _refusal(statline_47018('"Totaal misdrijven";"Aa en Hunze";"2023 1e kwartaal";"4"'))

    assert str(keyed).startswith("Regel 2, kolom 'Perioden': Kwartaalcijfers (2023KW01) worden niet ondersteund")
    assert "Kwartaalcijfers (2023 1e kwartaal) worden niet ondersteund" in str(labelled)
    assert labelled.kolom == "Perioden"


def test_a_month_in_a_yearly_table_is_refused() -> None:
    data = _typed(_record(), _record(Perioden="2023MM04"))

    error = _refusal(data)

    assert str(error) == (
        "Record 2, kolom 'Perioden': Maandperiode '2023MM04' in tabel 47018NED, die alleen jaarcijfers heeft."
    )


@pytest.mark.parametrize(
    ("waarde", "expected"),
    [
        ('"veel"', "Geen getal: 'veel'."),
        ("-5", "Negatief aantal '-5': een aantal registraties kan niet negatief zijn."),
        ("2000000000", "Onwaarschijnlijk groot aantal '2000000000': meer dan een miljard."),
        ('"1,5"', "Geen getal: '1,5'."),
    ],
)
def test_a_value_that_is_no_count_is_named(waarde: str, expected: str) -> None:
    error = _refusal(bulk_47018(bulk_row(waarde=waarde)))

    assert str(error) == f"Regel 2, kolom 'GeregistreerdeMisdrijven_1': {expected}"


@pytest.mark.parametrize("value", [True, -1, 1e12, "NaN", [3]])
def test_a_typed_value_that_is_no_count_is_refused(value: object) -> None:
    error = _refusal(_typed(_record(GeregistreerdeMisdrijven_1=value)))

    assert (error.record, error.kolom) == (1, "GeregistreerdeMisdrijven_1")


def test_an_ambiguous_number_in_a_statline_export_is_refused() -> None:
    error = _refusal(statline_47018('"Totaal misdrijven";"Aa en Hunze";"2023";"1.5"'))

    assert str(error) == "Regel 2, kolom 'Geregistreerde misdrijven (aantal)': Geen getal: '1.5'."


def test_an_unreadable_region_key_is_named() -> None:
    error = _refusal(bulk_47018(bulk_row(regio="Annen     ")))

    assert str(error).startswith("Regel 2, kolom 'WijkenEnBuurten': Onleesbare regiocode 'Annen'")


def test_a_line_with_too_few_or_too_many_columns_is_named() -> None:
    short = _refusal(bulk_47018(bulk_row(), '1,"1.1.1 ","GM1680    ","2022JJ00",4'))
    long = _refusal(bulk_47018(bulk_row(), bulk_row(periode="2022JJ00", id=1) + ',"extra"'))

    assert str(short) == "Regel 3: Deze regel heeft 5 kolommen, de kopregel 7."
    assert str(long) == "Regel 3: Deze regel heeft 8 kolommen, de kopregel 7."


def test_a_row_that_appears_twice_is_refused_naming_both_lines() -> None:
    error = _refusal(bulk_47018(bulk_row(id=0), bulk_row(code="1.1.2 ", id=1), bulk_row(id=2)))

    assert str(error) == (
        "Regel 4: Code 1.1.1, gebied GM1680 en periode 2023JJ00 staan er twee keer in (eerder op regel 2)."
    )


def test_line_numbers_count_the_lines_of_a_quoted_value_over_several_lines() -> None:
    data = bulk_47018(bulk_row(naam="Aa en\nHunze"), bulk_row(code="9.9.9 "))

    assert _refusal(data).regel == 4


def test_it_shows_several_errors_at_once_each_with_line_and_column() -> None:
    data = bulk_47018(
        bulk_row(code="9.9.9 ", id=0),
        bulk_row(code="1.1.2 ", id=1),
        bulk_row(code="1.2.1 ", periode="2023XX99", waarde='"veel"', id=2),
    )

    error = _refusal(data)

    assert error.message == "Het bestand is niet ingelezen: 3 fouten."
    assert [(f.regel, f.kolom) for f in error.fouten] == [
        (2, "SoortMisdrijf"),
        (4, "Perioden"),
        (4, "GeregistreerdeMisdrijven_1"),
    ]
    assert str(error).splitlines()[1].startswith("Regel 2, kolom 'SoortMisdrijf': Onbekende soort misdrijf")


def test_it_gives_up_after_twenty_errors() -> None:
    data = bulk_47018(*(bulk_row(periode=f"2023XX{n:02d}", id=n) for n in range(30)))

    error = _refusal(data)

    assert len(error.fouten) == 20
    assert error.fouten[-1].regel == 21
    assert error.message == "Het bestand is niet ingelezen: na 20 fouten is het lezen gestopt. Herstel deze eerst."


def test_one_bad_row_refuses_the_whole_file() -> None:
    rows = [bulk_row(code=code, id=n) for n, code in enumerate(("0.0.0 ", "1.1.1 ", "1.1.2 ", "1.2.1 "))]

    error = _refusal(bulk_47018(*rows, bulk_row(code="1.2.2 ", waarde="-1", id=9)))

    assert error.regel == 6  # and no result with the four good rows


def test_a_file_larger_than_the_limit_is_refused() -> None:
    data = fixture("47018NED_bulk.csv")

    error = _refusal(data, max_bytes=500)

    assert error.message.startswith("Het bestand is groter dan 500 bytes.")
    assert parse_file(data, max_bytes=len(data)).tabel == "47018NED"


def test_a_file_with_more_rows_than_the_limit_is_refused_at_the_first_row_too_many() -> None:
    csv_error = _refusal(fixture("47018NED_bulk.csv"), max_rows=5)
    json_error = _refusal(fixture("47018NED_typed.json"), max_rows=5)

    assert str(csv_error).startswith("Regel 7: Het bestand heeft meer dan 5 rijen.")
    assert json_error.record == 6
    assert len(parse_file(fixture("47018NED_bulk.csv"), max_rows=10).cijfers) == 10


def test_an_unsupported_expected_table_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unsupported table"):
        parse_file(fixture("47018NED_bulk.csv"), expected_table="85618NED")
