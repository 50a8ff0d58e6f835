"""Spreadsheets of the risk register: export with the list's filters, import with a preview, all or nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import SecurityEvent
from lib import tenancy
from risicos import services
from risicos.models import Bedrijfsmiddel, Maatregel, MaatregelRisico, Risico, RisicoBedrijfsmiddel
from risicos.spreadsheets import imports, reading
from risicos.spreadsheets.models import Registerimport
from risicos.tests import world

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def w(personas: Any, settings: Any) -> Any:
    settings.TASKS = IMMEDIATE
    world.risico_pk(personas)  # the register with Stadhuis, a risk on it and a measure
    return personas


def login(p: Any, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(p.user(role))
    return client


def export(client: Client, register: str, formaat: str = "csv", query: str = "") -> Any:
    return client.get(reverse(f"risicos:{register}_export_{formaat}") + query)


def table(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def upload(client: Client, register: str, data: bytes, name: str = "bestand.csv") -> Any:
    return client.post(reverse(f"risicos:{register}_import"), {"bestand": SimpleUploadedFile(name, data)})


def latest(p: Any) -> Registerimport:
    with tenancy.bound(gemeente=p.gemeente_a.pk):
        return Registerimport.objects.order_by("-created_at")[0]


def risks(p: Any) -> dict[str, Risico]:
    with tenancy.bound(gemeente=p.gemeente_a.pk):
        return {r.titel: r for r in Risico.objects.select_related("matrix")}


def history_of(p: Any, risico: Risico) -> list[Any]:
    with tenancy.bound(gemeente=p.gemeente_a.pk):
        events = apps.get_model("risicos", "RisicoEvent")
        return list(events.objects.filter(pgh_obj_id=risico.pk).order_by("pgh_id"))


def column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


# --- export -----------------------------------------------------------------------------------


def test_the_csv_export_has_a_bom_semicolons_dutch_headers_and_only_the_own_gemeentes_rows(w: Any) -> None:
    by_b = w.coordinator_b
    with tenancy.bound(gemeente=w.gemeente_b.pk, user=by_b.user_id):
        services.start_register(by=by_b)
        services.add_risico(by=by_b, titel="Risico van Beedorp", scenario="Elders.")
    response = export(login(w), "risicos")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert b";" in response.content.splitlines()[0]
    rows = table(response.content)
    assert rows[0][:4] == ["Kenmerk", "Titel", "Scenario", "Dreiging"]
    assert "Bruto kans" in rows[0] and "Volgende beoordeling" in rows[0]
    [row] = rows[1:]
    assert row[column(rows, "Titel")] == "Inbraak in het stadhuis"
    assert row[column(rows, "Bedrijfsmiddelen")] == "Stadhuis"
    assert row[column(rows, "Thema's")] == "Fysieke beveiliging"
    assert row[column(rows, "Volgende beoordeling")].count("-") == 2  # dd-mm-jjjj
    assert "Risico van Beedorp" not in response.content.decode("utf-8-sig")
    assert SecurityEvent.objects.filter(detail__startswith="risico's (1 rijen, csv)").exists()


def test_the_export_takes_the_filters_of_the_list_page(w: Any) -> None:
    with world.bound(w):
        services.add_risico(
            by=w.members["coordinator"], titel="Datalek", scenario="Een mail aan de verkeerde.", themas=["integriteit"]
        )
    client = login(w)
    everything = table(export(client, "risicos").content)
    filtered = table(export(client, "risicos", query="?thema=integriteit").content)
    assert len(everything) == 3 and [r[1] for r in filtered[1:]] == ["Datalek"]
    measures = table(export(client, "maatregelen", query="?status=vervallen").content)
    assert measures[1:] == []
    assert export(client, "risicos", query="?cel=bruto-9-9").status_code == 302  # invalid: the list says why


def test_a_formula_in_a_text_is_escaped_in_csv_and_a_text_cell_in_xlsx(w: Any) -> None:
    with world.bound(w):
        services.add_bedrijfsmiddel(by=w.members["coordinator"], naam='=HYPERLINK("x")', soort="overig")
    client = login(w)
    rows = table(export(client, "bedrijfsmiddelen").content)
    assert [r[1] for r in rows[1:] if "HYPERLINK" in r[1]] == ['\'=HYPERLINK("x")']
    response = export(client, "bedrijfsmiddelen", "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [c.data_type for c in cells] == ["s"] and cells[0].value.startswith("'=")
    assert sheet.freeze_panes == "B2"
    assert any(
        dv.formula1 == "1"
        for dv in load_workbook(
            io.BytesIO(export(client, "risicos", "xlsx").content)
        ).active.data_validations.dataValidation
    )


# --- the round trip ---------------------------------------------------------------------------


def test_an_exported_file_edited_in_one_cell_previews_exactly_that_change_and_stores_it_with_history(w: Any) -> None:
    client = login(w)
    rows = table(export(client, "risicos").content)
    rows[1][column(rows, "Netto kans")] = "1"
    response = upload(client, "risicos", as_csv(rows))
    imp = latest(w)
    assert response.status_code == 302 and response["Location"] == imp.get_absolute_url()
    preview = imp.voorbeeld or {}
    assert (preview["nieuw"], preview["gewijzigd"], preview["ongewijzigd"], preview["fout"]) == (0, 1, 0, 0)
    assert preview["regels"][0]["wijzigingen"] == [["Netto kans", "2", "1"]]
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "Netto kans: 2 → 1" in page
    risico = risks(w)["Inbraak in het stadhuis"]
    assert risico.netto_kans == 2  # nothing before the confirmation
    before = len(history_of(w, risico))
    response = client.post(reverse("risicos:import_confirm", kwargs={"pk": imp.pk}))
    assert response.status_code == 302
    risico = risks(w)["Inbraak in het stadhuis"]
    assert risico.netto_kans == 1 and risico.netto_niveau == risico.matrix.niveau(1, 3) and risico.version == 2
    events = history_of(w, risico)
    assert len(events) == before + 1 and events[-1].pgh_context["action"] == "risicos.import.risicos"
    assert latest(w).status == "opgeslagen"


def test_the_xlsx_export_round_trips_unchanged_and_new_rows_are_added_with_levels_and_review_date(w: Any) -> None:
    client = login(w)
    workbook = load_workbook(io.BytesIO(export(client, "risicos", "xlsx").content))
    sheet = workbook.active
    headers = [c.value for c in sheet[1]]
    new = dict.fromkeys(headers)
    new.update(
        {
            "Titel": "Brand in het archief",
            "Scenario": "Kortsluiting.",
            "Dreiging": "brand",
            "Bedrijfsmiddelen": "stadhuis",
            "Thema's": "Fysieke beveiliging",
            "Bruto kans": 3,
            "Bruto impact": 5,
            "Behandeling": "Verminderen",
            "Eigenaar": "coordinator@aastad.example",
        }
    )
    sheet.append([new[h] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, "risicos", buffer.getvalue(), "risicos.xlsx")
    preview = latest(w).voorbeeld or {}
    assert (preview["nieuw"], preview["gewijzigd"], preview["ongewijzigd"], preview["fout"]) == (1, 0, 1, 0), preview
    client.post(reverse("risicos:import_confirm", kwargs={"pk": latest(w).pk}))
    brand = risks(w)["Brand in het archief"]
    assert brand.bruto_niveau == brand.matrix.niveau(3, 5) and brand.volgende_review is not None
    assert (
        brand.eigenaar_id == w.members["coordinator"].pk
        and brand.dreiging is not None
        and brand.dreiging.naam.lower() == "brand"
    )
    with world.bound(w):
        assert RisicoBedrijfsmiddel.objects.filter(risico=brand, bedrijfsmiddel__naam="Stadhuis").exists()
    created = history_of(w, brand)  # the new row's history names the import and who confirmed it
    assert [(e.pgh_label, e.pgh_context["action"], e.pgh_context["user"]) for e in created] == [
        ("insert", "risicos.import.risicos", w.user("coordinator").pk)
    ]


def test_measures_name_their_risks_by_title_or_by_kenmerk_when_titles_are_shared(w: Any) -> None:
    with world.bound(w):
        twin = services.add_risico(by=w.members["coordinator"], titel="Inbraak in het stadhuis", scenario="Nog een.")
        services.add_risico(by=w.members["coordinator"], titel="Diefstal", scenario="Uit de kluis.")
    client = login(w)
    rows = table(export(client, "maatregelen").content)
    cell = rows[1][column(rows, "Risico's")]
    assert cell != "Inbraak in het stadhuis" and len(cell) == 36  # the kenmerk: the title is shared
    rows[1][column(rows, "Risico's")] = f"{cell}\nDiefstal\n{twin.pk}"
    upload(client, "maatregelen", as_csv(rows))
    assert (latest(w).voorbeeld or {})["gewijzigd"] == 1
    client.post(reverse("risicos:import_confirm", kwargs={"pk": latest(w).pk}))
    with world.bound(w):
        linked = set(MaatregelRisico.objects.values_list("risico__titel", flat=True))
    assert linked == {"Inbraak in het stadhuis", "Diefstal"} and MaatregelRisico.objects.count() == 3


# --- bad files and rows -----------------------------------------------------------------------


def _errors(p: Any) -> list[str]:
    imp = latest(p)
    found = list(imp.fouten)
    for regel in (imp.voorbeeld or {}).get("regels", []):
        found += [f"{kolom}: {melding}" for kolom, melding in regel["fouten"]]
    return found


def _stored(p: Any) -> tuple[int, int, int, list[int]]:
    with tenancy.bound(gemeente=p.gemeente_a.pk):
        return (
            Risico.objects.count(),
            Bedrijfsmiddel.objects.count(),
            Maatregel.objects.count(),
            sorted(Risico.objects.values_list("version", flat=True)),
        )


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({"Bruto kans": "6"}, "Bruto kans: Kies een klasse van 1 tot 5"),
        ({"Bruto kans": "drie"}, "Bruto kans: ‘drie’ is geen geheel getal"),
        ({"Netto impact": ""}, "Geef bij de netto score zowel de kans als de impact"),
        ({"Dreiging": "Meteorietinslag"}, "Dreiging: De dreiging ‘Meteorietinslag’ staat niet in de lijst"),
        ({"Behandeling": "negeren"}, "Behandeling: ‘negeren’ is geen keuze van deze kolom; kies uit: verminderen"),
        ({"Eigenaar": "iemand@elders.example"}, "Eigenaar: ‘iemand@elders.example’ is geen lid van uw gemeente"),
        ({"Volgende beoordeling": "morgen"}, "Volgende beoordeling: ‘morgen’ is geen datum"),
        ({"Titel": ""}, "Titel: Dit veld kan niet leeg zijn"),
        (
            {"Kenmerk": "00000000-0000-0000-0000-000000000000"},
            "Kenmerk: Het kenmerk ‘00000000-0000-0000-0000-000000000000’ hoort bij geen risico",
        ),
        ({"Scenario": "=1+1"}, "Scenario: Een formule wordt niet ingelezen"),
        ({"Scenario": "@SUM(A1)"}, "Scenario: Een formule wordt niet ingelezen"),
    ],
)
def test_a_bad_row_gets_its_dutch_message_per_column_and_nothing_is_stored(
    w: Any, edit: dict[str, str], expected: str
) -> None:
    client = login(w)
    rows = table(export(client, "risicos").content)
    before = _stored(w)
    for header, value in edit.items():
        rows[1][column(rows, header)] = value
    upload(client, "risicos", as_csv(rows))
    assert any(expected in e for e in _errors(w)), _errors(w)
    assert client.post(reverse("risicos:import_confirm", kwargs={"pk": latest(w).pk})).status_code == 302
    assert _stored(w) == before


def test_a_link_to_another_gemeentes_objects_is_refused(w: Any) -> None:
    by_b = w.coordinator_b
    with tenancy.bound(gemeente=w.gemeente_b.pk, user=by_b.user_id):
        services.start_register(by=by_b)
        elders = services.add_risico(by=by_b, titel="Risico van Beedorp", scenario="Elders.")
        services.add_bedrijfsmiddel(by=by_b, naam="Gemeentehuis Beedorp", soort="gebouw")
    client = login(w)
    rows = table(export(client, "risicos").content)
    rows[1][column(rows, "Bedrijfsmiddelen")] = "Gemeentehuis Beedorp"
    rows.append([str(elders.pk), "Overgenomen", "Scenario", *[""] * (len(rows[0]) - 3)])
    rows[2][column(rows, "Behandeling")] = "verminderen"
    upload(client, "risicos", as_csv(rows))
    errors = _errors(w)
    assert any(
        "Het bedrijfsmiddel ‘Gemeentehuis Beedorp’ staat niet in het register van uw gemeente" in e for e in errors
    )
    assert any(f"Het kenmerk ‘{elders.pk}’ hoort bij geen risico van uw gemeente" in e for e in errors)
    with tenancy.bound(gemeente=w.gemeente_b.pk):
        assert Risico.objects.get(pk=elders.pk).titel == "Risico van Beedorp"


def test_a_formula_cell_in_a_workbook_is_refused(w: Any) -> None:
    client = login(w)
    workbook = load_workbook(io.BytesIO(export(client, "bedrijfsmiddelen", "xlsx").content))
    workbook.active["E2"] = "=A1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, "bedrijfsmiddelen", buffer.getvalue(), "middelen.xlsx")
    assert _errors(w) == ["Eigenaar: " + reading.FORMULA]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.4 binary\x00\x01", reading.NOT_A_SPREADSHEET),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "Dit is een oud Excel-bestand (.xls)"),
        (b"PK\x03\x04not really a zip", reading.NOT_A_SPREADSHEET),
        ("Naam;Soort\nStadhuis;gebouw\n".encode("latin-1") + b"\xe9", "Dit bestand is geen UTF-8-tekst"),
        (b"Kenmerk;Naam;Kleur\n;Stadhuis;rood\n", "Deze kolommen ontbreken: Soort, Omschrijving"),
        (
            b"Kenmerk;Naam;Kleur\n;Stadhuis;rood\n",
            "Deze kolommen kent Kapstok niet in een bestand van bedrijfsmiddelen: Kleur",
        ),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_of_the_register_is_refused_with_a_dutch_message(
    w: Any, data: bytes, expected: str
) -> None:
    before = _stored(w)
    upload(login(w), "bedrijfsmiddelen", data)
    imp = latest(w)
    assert imp.status == "mislukt" and any(expected in e for e in imp.fouten), imp.fouten
    assert _stored(w) == before


def test_an_oversized_file_and_too_many_rows_are_refused(w: Any, monkeypatch: Any) -> None:
    client = login(w)
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["Kenmerk", "Naam"], *([["", f"Middel {i}"] for i in range(5)])]
    upload(client, "bedrijfsmiddelen", as_csv(rows))
    assert any("meer dan 3 rijen" in e for e in latest(w).fouten)
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    response = upload(client, "bedrijfsmiddelen", as_csv(rows))
    assert response.status_code == 400 and "Het bestand is groter dan" in response.content.decode()


def test_one_bad_row_among_good_ones_stores_nothing(w: Any) -> None:
    client = login(w)
    rows = table(export(client, "bedrijfsmiddelen").content)
    empty = [""] * len(rows[0])
    for i in range(5):
        rows.append(["", f"Middel {i}", "gebouw", *empty[3:]])
    rows.append(["", "Middel 5", "kasteel", *empty[3:]])
    rows.append(["", "stadhuis", "gebouw", *empty[3:]])  # the name of an existing asset, in another case
    before = _stored(w)
    upload(client, "bedrijfsmiddelen", as_csv(rows))
    preview = latest(w).voorbeeld or {}
    assert (preview["nieuw"], preview["fout"]) == (5, 2)
    assert "Naam: Er is al een bedrijfsmiddel met deze naam." in _errors(w)
    response = client.post(reverse("risicos:import_confirm", kwargs={"pk": latest(w).pk}))
    assert _stored(w) == before
    assert imports.HAS_ERRORS in client.get(response["Location"]).content.decode()


def test_a_preview_made_stale_by_an_edit_is_refused_instead_of_overwriting(w: Any) -> None:
    client = login(w)
    rows = table(export(client, "risicos").content)
    rows[1][column(rows, "Titel")] = "Inbraak via de achterdeur"
    upload(client, "risicos", as_csv(rows))
    risico = risks(w)["Inbraak in het stadhuis"]
    with world.bound(w):
        services.edit_risico(
            by=w.members["coordinator"], risico=risico, expected_version=risico.version, scenario="Anders."
        )
    response = client.post(reverse("risicos:import_confirm", kwargs={"pk": latest(w).pk}))
    assert "gewijzigd sinds dit voorbeeld" in client.get(response["Location"]).content.decode()
    stored = risks(w)["Inbraak in het stadhuis"]
    assert stored.scenario == "Anders." and latest(w).status == "mislukt"


def test_a_big_file_is_checked_and_stored_as_background_tasks(
    w: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(imports, "INLINE_BYTES", 10)
    monkeypatch.setattr(imports, "INLINE_ROWS", 1)
    client = login(w)
    rows = [table(export(client, "bedrijfsmiddelen").content)[0]]
    rows += [["", f"Middel {i}", "overig", *[""] * (len(rows[0]) - 3)] for i in range(30)]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "bedrijfsmiddelen", as_csv(rows))
    imp = latest(w)
    assert imp.taak is not None and response["Location"] == imp.taak.get_absolute_url()
    assert imp.status == "te_controleren" and (imp.voorbeeld or {})["nieuw"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("risicos:import_confirm", kwargs={"pk": imp.pk}))
    imp = latest(w)
    assert imp.taak is not None
    assert response["Location"] == imp.taak.get_absolute_url() and imp.status == "opgeslagen"
    assert imp.taak.status == "klaar"
    assert _stored(w)[1] == 31


# --- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "melder"])
def test_readers_may_export_but_not_import(w: Any, role: str) -> None:
    client = login(w, role)
    if role != "melder":
        assert export(client, "risicos").status_code == 200
    assert client.get(reverse("risicos:risicos_import")).status_code == 403
    assert upload(client, "risicos", b"Kenmerk\n").status_code == 403


def test_a_thema_eigenaar_imports_only_rows_of_their_themes(w: Any) -> None:
    client = login(w, "thema_eigenaar")
    rows = table(export(client, "risicos").content)
    rows[1][column(rows, "Titel")] = "Anders genoemd"
    upload(client, "risicos", as_csv(rows))
    assert _errors(w) == [f"Thema's: {services.NOT_YOUR_THEME}"]
