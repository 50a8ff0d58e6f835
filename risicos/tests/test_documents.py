"""The risicorapportage as Word and PDF/A, at once or made in the background.

One render per format in the request and one in the background; the rest checks the data, the
queries and the refusals without rendering.
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from background.models import Achtergrondtaak
from documents.data import image, is_image, placeholder_paths, placeholders_markdown
from documents.models import Documentsoort, Sjabloon
from documents.tests.busy import slots_taken_elsewhere
from kader.tests.test_documents import (
    docx_text,
    pdf_pages,
    pdf_table_problems,
    plain_types,
    squash,
    struct_types,
    template_with,
)
from lib import tenancy
from risicos import documents, services
from risicos.models import Dreiging, Maatregel, Matrix, Rapport, Risico

from . import world

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SECRET = "Geheim risico van Beedorp"


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


@pytest.fixture
def register(personas: Any) -> Any:
    """Gemeente A's register (world: a risk with only detection) with a measure with costs, a measure on
    paper, an acceptance that ends within 90 days, an overdue review; gemeente B has a register of its own."""
    personas.kader_of()
    risico_pk = world.risico_pk(personas)
    by = personas.members["coordinator"]
    today = timezone.localdate()
    with world.bound(personas):
        risico = Risico.objects.select_related("matrix").get(pk=risico_pk)
        services.add_maatregel(
            by=by,
            titel="Hekwerk om het stadhuis",
            soort="B",
            functie="preventief",
            schakels=["afschermen"],
            themas=["fysieke_beveiliging"],
            status="gepland",
            kosten_eenmalig=Decimal("12500"),
            kosten_jaarlijks=Decimal("300"),
            risicos=[risico],
        )
        Maatregel.objects.filter(titel="Inbraakalarm met doormelding").update(
            kosten_eenmalig=Decimal("2000"), kosten_jaarlijks=Decimal("450.50")
        )
        services.accept(
            by=by,
            risico=risico,
            geaccepteerd_door="College van B&W",
            geldig_tot=today + datetime.timedelta(days=30),
            motivering="Tijdelijk, tot het hekwerk er staat.",
        )
        Risico.objects.filter(pk=risico_pk).update(volgende_review=today - datetime.timedelta(days=3))
    b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=b.user_id):
        services.start_register(by=b)
        services.add_risico(by=b, titel=SECRET, scenario="Alleen voor Beedorp.", bruto_kans=5, bruto_impact=5)
    return risico_pk


def context(personas: Any, *, png: bool = False) -> dict[str, Any]:
    with world.bound(personas):
        matrix = Matrix.objects.select_related("gemeente").get(gemeente=personas.gemeente_a, status="actueel")
        return documents.document_context(personas.members["coordinator"], matrix, png=png)


# --- the data ------------------------------------------------------------------------------------


def test_the_sample_has_exactly_the_documented_placeholders_and_a_picture_per_heat_map() -> None:
    sample = documents.sample_context()
    assert placeholder_paths(sample) == {p.naam for p in documents.PLACEHOLDERS}
    assert len({p.naam for p in documents.PLACEHOLDERS}) == len(documents.PLACEHOLDERS)
    assert all(is_image(kaart["afbeelding"]) for kaart in sample["heatmaps"])


def test_the_data_of_the_register_is_plain_documented_and_tells_the_facts(personas: Any, register: Any) -> None:
    data = context(personas)
    assert json.loads(json.dumps(data)) == data
    assert plain_types(data) <= {dict, list, str, int, bool, type(None)}
    assert placeholder_paths(data) <= {p.naam for p in documents.PLACEHOLDERS}
    summary = data["samenvatting"]
    assert (summary["bedrijfsmiddelen"], summary["risicos"], summary["maatregelen"]) == (1, 1, 2)
    assert (summary["boven"], summary["reviews_te_laat"], summary["acceptaties_binnenkort"]) == (0, 1, 1)
    assert summary["acceptaties_verlopen"] == 0
    assert "Het register telt 1 bedrijfsmiddel, 1 risico en 2 maatregelen." in summary["tekst"]
    (risk,) = data["risicos"]
    assert risk["titel"] == "Inbraak in het stadhuis" and risk["schakels"] == "detecteren"
    assert risk["gaten"][0].startswith("Detectie zonder interventie")
    assert risk["op_papier"] == ["Hekwerk om het stadhuis (gepland)"]
    assert data["kosten"]["eenmalig"] == "€ 14.500" and data["kosten"]["jaarlijks"] == "€ 750,50"
    bouwkundig = next(t for t in data["kosten"]["soort_totalen"] if t["soort"] == "bouwkundig")
    assert bouwkundig == {"soort": "bouwkundig", "maatregelen": 1, "eenmalig": "€ 12.500", "jaarlijks": "€ 300"}
    assert [a["geaccepteerd_door"] for a in data["acceptaties"]] == ["College van B&W"]
    bruto = data["heatmaps"][0]
    assert sum(c["aantal"] for rij in bruto["rijen"] for c in rij["cellen"]) == 1
    assert bruto["afbeelding"].startswith("<svg")
    assert SECRET not in json.dumps(data)


def test_the_placeholder_documentation_is_the_generated_table() -> None:
    text = (Path(settings.BASE_DIR) / "docs" / "risicos.md").read_text()
    assert placeholders_markdown(documents.PLACEHOLDERS) in text


def test_the_default_template_passes_its_own_check() -> None:
    documents.WORD.check_upload("risicorapportage.docx", documents.WORD.default_bytes())


def test_gathering_the_data_needs_the_same_queries_for_a_small_and_a_grown_register(
    personas: Any, register: Any
) -> None:
    def count() -> int:
        with world.bound(personas):
            matrix = Matrix.objects.select_related("gemeente").get(status="actueel")
            with CaptureQueriesContext(connection) as queries:
                documents.document_context(personas.members["coordinator"], matrix)
        return len(queries)

    small = count()
    world.grow(personas, 8)
    with world.bound(personas):
        brand = Dreiging.objects.get(sleutel="brand")
        by = personas.members["coordinator"]
        for i in range(3):
            services.add_risico(
                by=by, titel=f"Brand {i}", scenario="Vuur.", dreiging=brand, bruto_kans=2, bruto_impact=2
            )
    assert count() == small == 15  # see documents.document_context


# --- the documents ---------------------------------------------------------------------------------


def test_the_report_as_word_holds_the_numbers_a_gap_the_heat_maps_and_the_costs(personas: Any, register: Any) -> None:
    response = client_for(personas, "bestuurder").get(reverse("risicos:rapportage_docx"))
    assert response.status_code == 200
    today = timezone.localdate()
    assert response["Content-Disposition"] == f'attachment; filename="risicorapportage-gemeente-aastad-{today}.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.title == "Risicorapportage"
    pictures = document.inline_shapes
    assert len(pictures) == 2
    assert pictures[0]._inline.docPr.get("descr").startswith("Bruto risico (zonder maatregelen): 1 gescoorde")
    text = docx_text(response.content)
    for line in (
        "Risicorapportage – Gemeente Aastad",
        "Bedrijfsmiddelen | 1",
        "Risico's | 1",
        "Boven de risicobereidheid | 0",
        "Beoordeling te laat | 1",
        "Acceptaties die binnen 90 dagen verlopen | 1",
        "Inbraak in het stadhuis | College van B&W",
        "Gat in de keten: Detectie zonder interventie",
        "Alleen op papier: Hekwerk om het stadhuis (gepland)",
        "Samen: eenmalig € 14.500, per jaar € 750,50.",
        "bouwkundig | 1 | € 12.500 | € 300",
        "Fysieke beveiliging | € 14.500 | € 750,50",
    ):
        assert line in text, line
    assert SECRET not in text


def test_the_report_as_pdf_is_tagged_pdf_a_with_the_same_facts(personas: Any, register: Any) -> None:
    response = client_for(personas, "auditor").get(reverse("risicos:rapportage_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = pikepdf.open(io.BytesIO(response.content))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    assert str(pdf.Root.Lang) == "nl" and meta["dc:title"].startswith("Risicorapportage – Gemeente Aastad")
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Figure"} <= struct_types(pdf)
    body = squash(" ".join(pdf_pages(response.content)))
    for line in (
        "Het register telt 1 bedrijfsmiddel, 1 risico en 2 maatregelen.",
        "Acceptaties die binnen 90 dagen verlopen 1",
        "Bruto risico (zonder maatregelen): 1 gescoorde risico's, waarvan 1 boven de risicobereidheid.",
        "Gat in de keten: Detectie zonder interventie",
        "Alleen op papier: Hekwerk om het stadhuis (gepland)",
        "Samen: eenmalig € 14.500, per jaar € 750,50.",
    ):
        assert squash(line) in body, line
    assert squash(SECRET) not in body


def test_the_tables_of_the_pdf_fit_the_page_and_keep_their_words_and_captions_together(
    personas: Any, register: Any
) -> None:
    world.grow(personas, 12)
    with world.bound(personas):
        matrix = Matrix.objects.select_related("gemeente").get(status="actueel")
        assert pdf_table_problems(documents.layout_pdf(personas.members["coordinator"], matrix)) == []


def test_the_report_in_the_background_reports_its_progress_and_is_then_downloaded(
    personas: Any, register: Any, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE
    reported: list[tuple[int, int | None, str]] = []
    monkeypatch.setattr(
        "background.progress.ProgressWriter.write",
        lambda self, *, voortgang, totaal, stap: reported.append((voortgang, totaal, stap)),
    )
    client = client_for(personas, "bestuurder")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("risicos:rapportage_maken"), {"formaat": "pdf"})
    with world.bound(personas):
        rapport = Rapport.objects.select_related("taak").get()
    assert rapport.taak is not None and response["Location"] == rapport.taak.get_absolute_url()
    assert [stap for _done, _total, stap in reported] == [
        "Gegevens verzamelen",
        "Aantallen tellen",
        "Heatmaps maken",
        "De beveiligingsketen van elk risico nalopen",
        "Kader en kosten",
        "Het document opmaken",
        "Klaar",
    ]
    assert [done for done, _total, _stap in reported] == [0, 1, 2, 3, 4, 5, 6] and reported[-1][1] == 6
    assert rapport.taak.status == "klaar"
    page = client.get(rapport.taak.get_absolute_url()).content.decode()
    download = reverse("risicos:rapportage_download", kwargs={"pk": rapport.pk})
    assert f'href="{download}"' in page
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert squash("Gat in de keten: Detectie zonder interventie") in squash(" ".join(pdf_pages(response.content)))


def test_a_report_that_is_not_ready_sends_to_its_task_and_a_bad_format_changes_nothing(
    personas: Any, register: Any
) -> None:
    client = client_for(personas, "coordinator")
    response = client.post(reverse("risicos:rapportage_maken"), {"formaat": "exe"})
    assert response.status_code == 302 and response["Location"] == reverse("risicos:overzicht")
    assert (
        "Kies of u de rapportage als Word-document of als PDF wilt."
        in client.get(response["Location"]).content.decode()
    )
    with world.bound(personas):
        assert not Rapport.objects.exists() and not Achtergrondtaak.objects.filter(soort="risicos.rapportage").exists()
        matrix = Matrix.objects.select_related("gemeente").get(status="actueel")
        rapport = documents.start_report(by=personas.members["coordinator"], matrix=matrix, formaat="docx")
    assert rapport.taak is not None
    response = client.get(reverse("risicos:rapportage_download", kwargs={"pk": rapport.pk}))
    assert response.status_code == 302 and response["Location"] == rapport.taak.get_absolute_url()


# --- who may -------------------------------------------------------------------------------------


def test_the_overview_links_to_the_report(personas: Any, register: Any) -> None:
    page = client_for(personas, "auditor").get(reverse("risicos:overzicht")).content.decode()
    for name in ("risicos:rapportage_docx", "risicos:rapportage_pdf", "risicos:rapportage_maken"):
        assert reverse(name) in page, name


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_who_may_not_read_the_register_gets_no_report(personas: Any, register: Any, role: str) -> None:
    client = client_for(personas, role)
    for name in ("risicos:rapportage_docx", "risicos:rapportage_pdf"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("risicos:rapportage_maken"), {"formaat": "docx"}).status_code == 403
    with world.bound(personas):
        assert not Rapport.objects.exists()


def test_another_gemeente_gets_its_own_report_and_none_of_gemeente_a(personas: Any, register: Any) -> None:
    with world.bound(personas):
        matrix = Matrix.objects.select_related("gemeente").get(status="actueel")
        rapport = documents.start_report(by=personas.members["coordinator"], matrix=matrix, formaat="docx")
    client = client_for(personas, "coordinator_b")
    assert client.get(reverse("risicos:rapportage_download", kwargs={"pk": rapport.pk})).status_code == 404
    text = docx_text(client.get(reverse("risicos:rapportage_docx")).content)
    assert SECRET in text and "Inbraak in het stadhuis" not in text and "Gemeente Aastad" not in text


def test_when_every_render_slot_is_taken_the_report_is_refused_at_once(personas: Any, register: Any) -> None:
    client = client_for(personas, "coordinator")
    with slots_taken_elsewhere():
        for name in ("risicos:rapportage_docx", "risicos:rapportage_pdf"):
            response = client.get(reverse(name))
            assert response.status_code == 503 and response["Retry-After"] == "5", name


# --- the gemeente's own template ----------------------------------------------------------------------


def upload(client: Client, name: str, data: bytes, version: int | str = 0) -> Any:
    bestand = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("risicos:sjabloon"), {"bestand": bestand, "version": version})


def own_templates(personas: Any) -> list[tuple[str, int]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return [(s.bestandsnaam, s.version) for s in Sjabloon.objects.filter(soort=Documentsoort.RISICORAPPORTAGE)]


def test_the_template_page_shows_the_placeholders_and_gives_the_default_template(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    body = client.get(reverse("risicos:sjabloon")).content.decode()
    for placeholder in documents.PLACEHOLDERS:
        assert f'<code class="utrecht-code">{escape(placeholder.naam)}</code>' in body
    download = client.get(reverse("risicos:sjabloon_download"))
    assert download.content == documents.WORD.default_bytes()
    assert download["Content-Disposition"] == 'attachment; filename="risicorapportage-standaardsjabloon.docx"'


def test_an_own_template_is_checked_stored_and_used_and_a_bad_one_changes_nothing(personas: Any, register: Any) -> None:
    client = client_for(personas, "coordinator")
    bad = upload(client, "fout.docx", template_with("{{ samenvatting.wethouder }}"))
    assert bad.status_code == 200 and "veld dat niet bestaat: ‘wethouder’" in bad.content.decode()
    assert own_templates(personas) == []
    own = template_with("Huisstijl Aastad", "{{ titel }} van {{ gemeente }}: {{ samenvatting.risicos }} risico")
    assert upload(client, "huisstijl.docx", own).status_code == 302
    assert own_templates(personas) == [("huisstijl.docx", 1)]
    text = docx_text(client_for(personas, "auditor").get(reverse("risicos:rapportage_docx")).content)
    assert text.split("\n")[-2:] == ["Huisstijl Aastad", "Risicorapportage van Gemeente Aastad: 1 risico"]


def test_a_template_that_fails_on_the_real_data_gets_a_page_that_says_why(personas: Any, register: Any) -> None:
    data = template_with("{{ risicos[3].titel }}")  # the sample has one risk, but so has gemeente A
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        Sjabloon.objects.create(
            gemeente=personas.gemeente_a,
            soort=Documentsoort.RISICORAPPORTAGE,
            bestand=data,
            bestandsnaam="oud.docx",
            grootte=len(data),
            geupload_door=personas.user("coordinator"),
        )
    response = client_for(personas, "bestuurder").get(reverse("risicos:rapportage_docx"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "Het Word-document kon niet worden gemaakt met het eigen sjabloon van de gemeente." in body
    assert "Vraag de coördinator van uw gemeente om het sjabloon na te kijken." in body


def test_a_picture_in_the_data_must_be_png_and_is_one_placeholder() -> None:
    with pytest.raises(ValueError):
        image(b"<svg/>", "Geen PNG")
    picture = image(b"\x89PNG\r\n\x1a\n" + bytes(20), "Een heatmap")
    assert placeholder_paths({"kaart": {"afbeelding": picture}}) == {"kaart.afbeelding"}
