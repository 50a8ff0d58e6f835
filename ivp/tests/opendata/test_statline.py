"""The StatLine website's CSV export: labels instead of keys, Dutch notation, marks after periods."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ivp.opendata import parse_file
from ivp.opendata.values import period_of_label

from .helpers import STATLINE_47018_HEADER, fixture, statline_47018


def test_it_maps_crime_labels_back_to_their_keys() -> None:
    result = parse_file(fixture("47018NED_statline.csv"))

    assert list(result.per_code) == ["0.0.0", "1.1.1", "1.4.1", "2.6.10"]


def test_it_maps_overlast_labels_back_to_their_keys() -> None:
    result = parse_file(fixture("47021NED_statline.csv"))

    assert list(result.per_code) == ["0.0.0", "E33", "E35", "F010", "M062"]


def test_a_label_with_a_known_key_in_front_is_accepted_when_its_title_changed() -> None:
    data = statline_47018('"2.2.1 Vernieling c.q. zaakbeschadiging";"Aa en Hunze";"2023";"4"')

    assert parse_file(data).cijfers[0].code == "2.2.1"


def test_region_labels_keep_their_name_and_have_no_key() -> None:
    result = parse_file(fixture("47018NED_statline.csv"))

    assert {c.gebied for c in result.cijfers} == {""}
    assert {c.gebied_naam for c in result.cijfers} == {
        "Nederland",
        "Aa en Hunze",
        "Wijk 00 Annen",
        "Annen",
        "Verspreide huizen Annen",
    }


def test_the_soort_regio_column_gives_the_kind_also_to_rows_where_it_is_blank() -> None:
    result = parse_file(fixture("47018NED_statline.csv"))

    kinds = {(c.gebied_naam, c.code): c.gebied_soort for c in result.cijfers}
    assert kinds[("Wijk 00 Annen", "1.1.1")] == "wijk"
    assert kinds[("Annen", "1.4.1")] == "buurt"  # blank there, 'Buurt' on the row of 1.1.1
    assert kinds[("Verspreide huizen Annen", "1.1.1")] == "buurt"
    assert result.waarschuwingen == ()


def test_without_a_soort_regio_column_it_guesses_only_obvious_kinds() -> None:
    rows = [
        '"Totaal misdrijven";"Nederland";"2023";"785.000"',
        '"Totaal misdrijven";"Aa en Hunze";"2023";"1.301"',
        '"Totaal misdrijven";"Wijk 01 Eext";"2023";"40"',
        '"Totaal misdrijven";"Eext";"2023";"21"',
    ]

    told = parse_file(statline_47018(*rows), gemeente_naam="Aa en Hunze")
    not_told = parse_file(statline_47018(*rows))

    assert [c.gebied_soort for c in told.cijfers] == ["land", "gemeente", "wijk", "regio"]
    assert [c.gebied_soort for c in not_told.cijfers] == ["land", "regio", "wijk", "regio"]
    assert told.waarschuwingen == (
        "Van 1 gebied ('Eext') is niet bekend of het een gemeente, wijk of buurt is; het telt als 'regio'. "
        "Exporteer de kolom 'Soort regio' mee of geef de gemeentenaam op.",
    )
    assert not_told.waarschuwingen[0].startswith("Van 2 gebieden ('Aa en Hunze', 'Eext') is niet bekend")


def test_in_a_gemeente_table_the_labels_are_gemeenten_apart_from_the_land_and_regions() -> None:
    data = (
        b'"Soort misdrijf";"Regio\'s";"Perioden";"Geregistreerde misdrijven (aantal)"\n'
        b'"Totaal misdrijven";"Nederland";"2024";"795.320"\n'
        b'"Totaal misdrijven";"Drenthe (PV)";"2024";"21.000"\n'
        b'"Totaal misdrijven";"Assen";"2024";"3.100"\n'
    )

    result = parse_file(data)

    assert result.tabel == "47013NED"
    assert [c.gebied_soort for c in result.cijfers] == ["land", "regio", "gemeente"]


def test_it_reads_dutch_thousands_separators_and_decimal_commas() -> None:
    data = statline_47018(
        '"Totaal misdrijven";"Aa en Hunze";"2020";"1.234"',
        '"Totaal misdrijven";"Aa en Hunze";"2021";"12,5"',
        '"Totaal misdrijven";"Aa en Hunze";"2022";"1.234.567,25"',
        '"Totaal misdrijven";"Aa en Hunze";"2023";"785000"',
    )

    values = [c.waarde for c in parse_file(data).cijfers]

    assert values == [Decimal(1234), Decimal("12.5"), Decimal("1234567.25"), Decimal(785000)]


def test_a_star_after_a_period_marks_the_figure_provisional() -> None:
    data = statline_47018(
        '"Totaal misdrijven";"Aa en Hunze";"2011";"1"',
        '"Totaal misdrijven";"Aa en Hunze";"2012*";"2"',
        '"Totaal misdrijven";"Aa en Hunze";"2013**";"3"',
    )

    result = parse_file(data)

    assert [(c.jaar, c.voorlopig) for c in result.cijfers] == [(2011, False), (2012, True), (2013, True)]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2023", (2023, None, False)),
        ("2011*", (2011, None, True)),
        ("2025 november*", (2025, 11, True)),
        ("2025 januari", (2025, 1, False)),
        ("2024  Maart **", (2024, 3, True)),
    ],
)
def test_it_reads_statline_period_labels(label: str, expected: tuple[int, int | None, bool]) -> None:
    assert period_of_label(label) == expected


def test_it_reads_a_long_export_with_onderwerp_and_waarde_columns() -> None:
    result = parse_file(fixture("47013NED_statline.csv"))

    assert result.formaat_detail == "lang"
    assert len(result.cijfers) == 18
    november = {
        c.onderwerp: c.waarde
        for c in result.cijfers
        if (c.code, c.maand, c.gebied_naam) == ("1.1.1", 11, "Aa en Hunze")
    }
    assert november == {
        "GeregistreerdeMisdrijven_1": Decimal(3),
        "Aangiften_2": Decimal(3),
        "Internetaangiften_3": None,
    }


def test_a_long_export_takes_the_gemeente_name_and_kind_from_their_own_rows() -> None:
    data = (
        b'"Soort misdrijf";"Wijken en buurten";"Perioden";"Onderwerp";"Waarde"\n'
        b'"Totaal misdrijven";"Annen";"2023";"Geregistreerde misdrijven (aantal)";"15"\n'
        b'"Totaal misdrijven";"Annen";"2023";"Gemeentenaam (naam)";"Aa en Hunze"\n'
        b'"Totaal misdrijven";"Annen";"2023";"Soort regio (omschrijving)";"Buurt"\n'
    )

    result = parse_file(data)

    assert [(c.gebied_naam, c.gebied_soort, c.gemeente_naam, c.waarde) for c in result.cijfers] == [
        ("Annen", "buurt", "Aa en Hunze", Decimal(15))
    ]


def test_it_reads_a_bom_a_title_line_and_skips_the_note_under_the_table() -> None:
    raw = fixture("47018NED_statline.csv")
    assert raw.startswith(b"\xef\xbb\xbf")

    result = parse_file(raw)

    assert result.rijen == 11
    assert [(s.regel, s.reden) for s in result.overgeslagen] == [(13, "toelichting zonder kolommen")]


def test_a_title_line_naming_the_table_decides_it() -> None:
    data = (
        '"Tabel 47022NED"\n' + STATLINE_47018_HEADER + '\n"Totaal misdrijven";"Aa en Hunze";"2025 mei";"4"\n'
    ).encode()

    assert parse_file(data).tabel == "47022NED"


def test_an_export_separated_by_commas_is_read_as_well() -> None:
    data = statline_47018(
        '"Totaal misdrijven","Aa en Hunze","2023","4"',
        header=STATLINE_47018_HEADER.replace(";", ","),
    )

    result = parse_file(data)

    assert (result.formaat, result.cijfers[0].waarde) == ("statline-csv", Decimal(4))
