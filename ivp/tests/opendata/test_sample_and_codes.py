"""The shipped code lists, and the synthetic files for benchmarks and the demo."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources

from ivp.opendata import codelijst, parse_file
from ivp.opendata.sample import sample_bulk_csv, sample_typed_json


def test_the_crime_code_list_has_the_59_police_keys_stripped() -> None:
    codes = codelijst("misdrijf").titels

    assert len(codes) == 59
    assert list(codes)[:3] == ["0.0.0", "1.1.1", "1.1.2"]
    assert codes["2.6.10"] == "2.6.10 Bestrijdingsmiddelen"
    assert codes["0.0.0"] == "Totaal misdrijven"


def test_the_overlast_code_list_has_its_nine_keys() -> None:
    assert list(codelijst("overlast").titels) == ["0.0.0", "E33", "E35", "E38", "E41", "F010", "M061", "M062", "M22"]


def test_the_shipped_code_lists_name_their_source() -> None:
    for name in ("soort_misdrijf.csv", "overlast.csv"):
        first_line = resources.files("ivp.opendata").joinpath("data", name).read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# Bron: Politie / CBS, open data.")


def test_the_synthetic_bulk_csv_has_the_real_47018ned_layout() -> None:
    data = sample_bulk_csv(1000)

    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == [
        "ID",
        "SoortMisdrijf",
        "WijkenEnBuurten",
        "Perioden",
        "GeregistreerdeMisdrijven_1",
        "Gemeentenaam_2",
        "SoortRegio_3",
    ]
    assert rows[1][:4] == ["0", "0.0.0 ", "GM1680    ", "2012JJ00"]
    assert {len(row[2]) for row in rows[1:]} == {10}
    assert {len(row[5]) for row in rows[1:]} == {30}
    assert len(rows) == 1001


def test_the_synthetic_files_are_the_same_for_the_same_seed_and_differ_for_another() -> None:
    assert sample_bulk_csv(500, seed=1) == sample_bulk_csv(500, seed=1)
    assert sample_bulk_csv(500, seed=1) != sample_bulk_csv(500, seed=2)


def test_the_synthetic_files_hold_wijken_and_buurten_of_the_given_gemeente() -> None:
    result = parse_file(sample_bulk_csv(20_000, gemeente_code="GM0363", gemeente_naam="Amsterdam"))

    assert result.rijen == 20_000
    assert {c.gebied[:6] for c in result.cijfers} >= {"GM0363", "WK0363", "BU0363"}
    assert set(result.per_gebied_soort) == {"gemeente", "wijk", "buurt"}
    assert {c.gemeente_naam for c in result.cijfers} == {"Amsterdam"}


def test_the_synthetic_json_holds_the_same_rows_as_the_csv() -> None:
    document = json.loads(sample_typed_json(300))

    assert document["odata.metadata"].endswith("/47018NED/$metadata#Cbs.OData.WebAPI.TypedDataSet")
    assert parse_file(sample_typed_json(300)).cijfers == parse_file(sample_bulk_csv(300)).cijfers
