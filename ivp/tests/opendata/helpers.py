"""Fixture files and small builders of files for the open-data tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

BULK_47018_HEADER = (
    '"ID","SoortMisdrijf","WijkenEnBuurten","Perioden","GeregistreerdeMisdrijven_1","Gemeentenaam_2","SoortRegio_3"'
)
STATLINE_47018_HEADER = '"Soort misdrijf";"Wijken en buurten";"Perioden";"Geregistreerde misdrijven (aantal)"'


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def bulk_47018(*rows: str) -> bytes:
    """A 47018NED bulk CSV: the header, then each row as written (line 2 is the first row)."""
    return "\r\n".join([BULK_47018_HEADER, *rows]).encode()


def bulk_row(
    code: str = "1.1.1 ",
    regio: str = "GM1680    ",
    periode: str = "2023JJ00",
    waarde: str = "12",
    naam: str = "Aa en Hunze",
    soort: str = "Gemeente",
    id: int = 0,
) -> str:
    return f'{id},"{code}","{regio}","{periode}",{waarde},"{naam.ljust(30)}","{soort.ljust(8)}"'


def statline_47018(*rows: str, header: str = STATLINE_47018_HEADER) -> bytes:
    """A StatLine export of 47018NED: the header, then each row as written (line 2 is the first row)."""
    return "\r\n".join([header, *rows]).encode()
