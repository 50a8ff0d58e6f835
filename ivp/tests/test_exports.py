"""The exports of a programme: .xlsx and CSV with Dutch headers, the page's filters, dates as
dd-mm-jjjj, no formula a spreadsheet would run, and a line in the security log."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import SecurityEvent
from ivp.exports import HEADERS
from ivp.models import Actie
from lib import tenancy

from .programma_world import BASE, World, world_of

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("https://aanval.example","Klik")',
    "+31 20 123 4567",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab vooraan",
    "\rHarde return vooraan",
]


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


def export(world: World, formaat: str, role: str = "coordinator", **query: Any) -> Any:
    url = reverse("ivp:programma_export", kwargs={"pk": world.programma.pk, "formaat": formaat})
    return world.client(role).get(url, query)


def csv_rows(response: Any) -> list[list[str]]:
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, so Excel reads it as UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def xlsx_rows(response: Any) -> tuple[Any, list[list[Any]]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_has_a_bom_semicolons_dutch_headers_and_dutch_dates(world: World) -> None:
    world.add(
        "Cameratoezicht", "2.1", start=datetime.date(2027, 3, 1), eind=datetime.date(2027, 9, 30), budget="1250.5"
    )
    response = export(world, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="uitvoeringsprogramma-2027-gemeente-aastad-'
    )
    rows = csv_rows(response)
    assert rows[0] == HEADERS
    assert b";" in response.content.splitlines()[0]
    row = next(r for r in rows if r[0] == "Cameratoezicht")
    by_header = dict(zip(HEADERS, row, strict=True))
    assert (by_header["Start"], by_header["Einde"], by_header["Budget (euro)"]) == (
        "01-03-2027",
        "30-09-2027",
        "1250,50",
    )
    assert by_header["Uitvoerende organisatie"] == "De gemeente zelf"
    assert by_header["Thema"] == "2.1 Veilig ondernemen en winkelgebieden"


def test_the_xlsx_has_dutch_headers_real_dates_and_amounts(world: World) -> None:
    world.add("Cameratoezicht", "2.1", eind=datetime.date(2027, 9, 30), budget="1250.5", voortgang=20, status="lopend")
    response = export(world, "xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet, rows = xlsx_rows(response)
    assert rows[0] == HEADERS
    row = dict(zip(HEADERS, next(r for r in rows if r[0] == "Cameratoezicht"), strict=True))
    assert row["Einde"] == datetime.datetime(2027, 9, 30)
    assert float(row["Budget (euro)"]) == 1250.5 and row["Voortgang (%)"] == 20
    end_cell = sheet.cell(row=[r[0] for r in rows].index("Cameratoezicht") + 1, column=HEADERS.index("Einde") + 1)
    assert end_cell.number_format == "DD-MM-YYYY"


def hostile_action(world: World, text: str) -> None:
    """An action whose texts begin with ``text`` (stored directly: the services trim tabs and returns)."""
    actie = world.add("Vijandig")
    with world.bound():
        Actie.objects.filter(pk=actie.pk).update(actiepunt=text, eigenaar=text, partners=text, evaluatie=text)


@pytest.mark.parametrize("hostile", HOSTILE, ids=["is", "plus", "min", "at", "tab", "cr"])
def test_no_cell_of_the_csv_starts_a_formula(world: World, hostile: str) -> None:
    hostile_action(world, hostile)
    rows = csv_rows(export(world, "csv"))
    row = dict(zip(HEADERS, next(r for r in rows if r[0].startswith("'")), strict=True))
    for column in ("Actiepunt", "Eigenaar", "Betrokken partners", "Evaluatie"):
        assert row[column] == "'" + hostile, column
    for line in rows:
        for cell in line:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("hostile", HOSTILE, ids=["is", "plus", "min", "at", "tab", "cr"])
def test_no_cell_of_the_xlsx_is_a_formula(world: World, hostile: str) -> None:
    hostile_action(world, hostile)
    sheet, _rows = xlsx_rows(export(world, "xlsx"))
    cells = [cell for line in sheet.iter_rows() for cell in line if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    texts = [cell.value for cell in cells if cell.data_type == "s"]
    assert texts.count("'" + hostile) == 4, "actiepunt, eigenaar, partners and evaluatie keep their text"
    assert not any(str(text).startswith(("=", "+", "-", "@", "\t", "\r")) for text in texts)


def test_the_export_uses_the_filters_of_the_page(world: World) -> None:
    world.add("Zelf gedaan", status="afgerond", voortgang=100)
    query = {"organisatieId": "gemeente", "status": "afgerond"}
    assert [r[0] for r in csv_rows(export(world, "csv", **query))[1:]] == ["Zelf gedaan"]
    assert [r[0] for r in xlsx_rows(export(world, "xlsx", **query))[1][1:]] == ["Zelf gedaan"]
    everything = csv_rows(export(world, "csv"))[1:]
    assert len(everything) == 3


def test_the_page_links_to_the_exports_with_its_filters(world: World) -> None:
    page = world.client("coordinator").get(world.programma.get_absolute_url(), {"status": "lopend", "pagina": "1"})
    html = page.content.decode()
    assert "export.xlsx?status=lopend" in html and "export.csv?status=lopend" in html
    assert "pagina=1" not in html.split("export.xlsx")[1].split('"')[0]


def test_an_invalid_filter_gives_the_page_with_its_errors_instead_of_a_file(world: World) -> None:
    response = export(world, "csv", themaId="geen")
    assert response.status_code == 400
    assert "Deze filters kunnen niet worden toegepast" in response.content.decode()


def test_an_unknown_format_is_not_found(world: World) -> None:
    assert export(world, "pdf").status_code == 404


def test_every_export_is_recorded_in_the_security_log(world: World) -> None:
    export(world, "csv")
    export(world, "xlsx", role="ketenpartner", status="gepland")
    with tenancy.bound(gemeente=world.personas.gemeente_a.pk):
        events = list(SecurityEvent.objects.filter(kind="export").order_by("at").values_list("username", "detail"))
    assert events == [
        ("coordinator@aastad.example", "uitvoeringsprogramma 2027 (2 acties, csv)"),
        ("ketenpartner@aastad.example", "uitvoeringsprogramma 2027 (2 acties, xlsx)"),
    ]


def test_the_export_costs_the_same_queries_with_30_more_actions(world: World) -> None:
    client = world.client("coordinator")
    url = reverse("ivp:programma_export", kwargs={"pk": world.programma.pk, "formaat": "xlsx"})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    world.add_many(30)
    assert count() == small == BASE + 3  # programme + plan, the actions with everything shown, the log entry


@pytest.mark.parametrize("role", ["melder"])
def test_a_melder_exports_nothing(world: World, role: str) -> None:
    assert export(world, "csv", role=role).status_code == 403
