"""The kader as Word and PDF/A document, and the gemeente's own Word template (checked, sandboxed)."""

from __future__ import annotations

import io
import itertools
import json
import re
import time
from pathlib import Path
from typing import Any

import docx
import pikepdf
import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from demo.kader import load_demo_kader
from documents import word
from documents.errors import DocumentError, TemplateSyntaxProblem, UnknownPlaceholder
from documents.models import Documentsoort, Sjabloon
from documents.tests.busy import slots_taken_elsewhere
from kader import content, documents, services
from kader.models import (
    Deelplan,
    Doel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    Uitgangspunt,
    Verantwoordelijkheid,
    WetOfNorm,
)
from lib import tenancy
from lib.concurrency import STALE_MESSAGE

pytestmark = pytest.mark.django_db


# --- helpers --------------------------------------------------------------------------------------


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


@pytest.fixture
def kader(personas: Any) -> tuple[KaderVersie, KaderVersie]:
    """Gemeente A's demo kader (1 adopted, 2 a concept), with in the concept a goal judged not
    relevant and a plan kept as a file."""
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        adopted, concept = load_demo_kader(by)
        doel = Doel.objects.get(versie=concept, sleutel="afschermen")
        services.edit_part(obj=doel, by=by, expected_version=doel.version, toelichting=None, relevant=False)
        plan = Deelplan.objects.get(versie=concept, thema="technische_beveiliging")
        services.edit_part(
            obj=plan,
            by=by,
            expected_version=plan.version,
            bestand=("programma-van-eisen.pdf", b"%PDF-1.4 plan"),
        )
    return adopted, concept


def docx_text(data: bytes) -> str:
    """All text of a .docx: header, paragraphs and table cells, in document order."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.sections[0].header.paragraphs]
    body = document.element.body
    for block in body.iterchildren():
        if block.tag.endswith("}p"):
            parts.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif block.tag.endswith("}tbl"):
            for row in block.iter():
                if row.tag.endswith("}tr"):
                    cells = [c for c in row if c.tag.endswith("}tc")]
                    parts.append(
                        " | ".join("".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in cells)
                    )
    return "\n".join(parts)


def _to_unicode(font: Any) -> dict[int, str]:
    """The glyph → text map of a font's ToUnicode CMap (bfchar and bfrange)."""
    cmap = bytes(font.ToUnicode.read_bytes()).decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = int(dst, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


def pdf_pages(data: bytes) -> list[str]:
    """The text of every page (two-byte glyph codes decoded with the fonts' ToUnicode maps)."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = []
    for page in pdf.pages:
        fonts = {str(name): _to_unicode(font) for name, font in page.Resources.Font.items()}
        current: dict[int, str] = {}
        out: list[str] = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, name = instruction.operands, str(instruction.operator)
            if name == "Tf":
                current = fonts.get(str(operands[0]), {})
            elif name in ("Tj", "TJ"):
                items = operands[0] if name == "TJ" else [operands[0]]
                for item in items:
                    if isinstance(item, pikepdf.String):
                        raw = bytes(item)
                        out.append(
                            "".join(current.get(int.from_bytes(raw[i : i + 2]), "") for i in range(0, len(raw), 2))
                        )
            elif name == "ET":
                out.append(" ")
        pages.append(" ".join("".join(out).split()))
    return pages


def squash(text: str) -> str:
    """Text without spaces, colons and cell separators, and without the hyphens (U+2010) and zero-width
    spaces (of <wbr>) that line breaks add: comparable whatever the line breaks and layout."""
    return re.sub(r"[\s:|\u2010\u200b]", "", text)


def struct_types(pdf: pikepdf.Pdf) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.add(str(node.S))
            kids = node.get("/K")
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    walk(kid)
            elif kids is not None:
                walk(kids)

    walk(pdf.Root.StructTreeRoot)
    return found


def template_with(*paragraphs: str) -> bytes:
    """A small Word template: one paragraph per argument."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def sjabloon_state(personas: Any) -> list[tuple[Any, ...]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return [
            (s.bestandsnaam, bytes(s.bestand), s.version)
            for s in Sjabloon.objects.filter(gemeente=personas.gemeente_a, soort=Documentsoort.KADER)
        ]


def plain_types(data: Any) -> set[type]:
    """The exact types of every value in ``data``."""
    if isinstance(data, dict):
        return {dict}.union(*(plain_types(v) for v in data.values()), *(plain_types(k) for k in data))
    if isinstance(data, list):
        return {list}.union(*(plain_types(v) for v in data))
    return {type(data)}


def upload(client: Client, name: str, data: bytes, version: int | str = 0) -> Any:
    bestand = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("kader:template"), {"bestand": bestand, "version": version})


# --- the data of the document ----------------------------------------------------------------------


def test_the_document_data_is_plain_data_and_exactly_the_documented_placeholders(personas: Any, kader: Any) -> None:
    _adopted, concept = kader
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        data = documents.document_context(KaderVersie.objects.get(pk=concept.pk))
    assert json.loads(json.dumps(data)) == data
    assert plain_types(data) <= {dict, list, str, int, bool, type(None)}  # not even str subclasses (enums)
    documented = {p.naam for p in documents.PLACEHOLDERS}
    assert documents.placeholder_paths(documents.sample_context()) == documented
    assert documents.placeholder_paths(data) <= documented  # (of an empty list the item fields are unknown)
    assert data["gemeente"] == "Gemeente Aastad"
    assert data["versie"]["is_concept"] is True and data["versie"]["gebaseerd_op"] == 1
    assert [d["titel"] for d in data["doelen"]["niet_relevant"]] == ["Afschermen"]
    assert [g["groep"] for g in data["uitgangspunten"]] == [
        "Beleid",
        "Kwaliteitsborging",
        "Governance",
        "Preparatie",
        "Draagvlak en awareness",
        "Borging en lerend vermogen",
    ]


def test_the_placeholder_documentation_is_the_generated_table() -> None:
    text = (Path(settings.BASE_DIR) / "docs" / "kader-documenten.md").read_text()
    assert documents.placeholders_markdown() in text


# --- Word -----------------------------------------------------------------------------------------


def expected_lines(personas: Any, versie: KaderVersie) -> list[str]:
    """Lines (table rows as ``a | b``) every document of ``versie`` must show, read from the database."""
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = KaderVersie.objects.get(pk=versie.pk)
        groep = Mensgroep.objects.get(versie=versie, soort="leveranciers")
        plan = Deelplan.objects.filter(versie=versie, link__isnull=False).order_by("titel").first()
        nee = WetOfNorm.objects.filter(versie=versie, van_toepassing=False).first()
        ja = WetOfNorm.objects.filter(versie=versie, van_toepassing=True).order_by("naam").first()
        doel = Doel.objects.filter(versie=versie, relevant=True, toelichting__isnull=False).first()
        punt = Uitgangspunt.objects.filter(versie=versie, groep="governance").order_by("volgorde").last()
        assert plan and nee and ja and doel and punt
        dient = [d.titel for d in punt.doelen.order_by("volgorde")]
        check = PdcaFase.objects.get(versie=versie, fase="check")
        matrix = list(
            Verantwoordelijkheid.objects.filter(versie=versie)
            .order_by("volgorde")
            .values_list("rol", "activiteit", "aard")
        )
    rollen = list(dict.fromkeys(rol for rol, _a, _x in matrix))
    activiteit = matrix[0][1]
    aard = {(a, rol): x for rol, a, x in matrix}
    return [
        f"Minimale variant: {versie.visie_minimaal}",
        f"Maximale variant: {versie.visie_maximaal}",
        str(versie.visie_onderbouwing),
        f"Leveranciers | {groep.moet_weten}",
        f"{plan.get_thema_display()} | {plan.titel} | {plan.eigenaar} | {plan.get_status_display()} | {plan.link}",
        f"{nee.naam} | Nee | {nee.reden}",
        f"{ja.naam} | Ja",
        f"{doel.titel}: {doel.toelichting}",
        f"{punt.tekst} | {', '.join(dient)}",
        f"Gekozen variant: {versie.get_governance_display()}.",
        f"Check | {check.wat} | {check.wanneer} | {check.wie}",
        "Activiteit | " + " | ".join(rollen),
        f"{activiteit} | " + " | ".join(aard.get((activiteit, rol), "") for rol in rollen),
        "R = voert uit; A = eindverantwoordelijk; C = wordt geraadpleegd; I = wordt geïnformeerd.",
        "Integrale beveiliging: " + content.DEFINITIES["integrale beveiliging"],
        f"{ja.naam} | {ja.toelichting} | Ja",  # the annex
    ]


def test_the_word_document_of_an_adopted_version_holds_every_part(personas: Any, kader: Any) -> None:
    adopted, _concept = kader
    response = client_for(personas, "bestuurder").get(reverse("kader:document_docx", kwargs={"pk": adopted.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == word.DOCX_TYPE
    assert response["Content-Disposition"] == ('attachment; filename="strategisch-kader-gemeente-aastad-versie-1.docx"')
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.title == "Strategisch kader integrale beveiliging"
    assert document.core_properties.language == "nl-NL"
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [
        "1 Visie",
        "2 Scope",
        "3 Beveiligingsdoelen",
        "4 Uitgangspunten",
        "5 Kwaliteitssysteem",
        "Begrippen",
        "Bijlage: wettelijk kader",
    ]
    text = docx_text(response.content)
    assert "Gemeente Aastad" in text and "Versie 1 – Vastgesteld" in text
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        besluit = KaderVersie.objects.values_list("vastgesteld_door", "besluitkenmerk").get(pk=adopted.pk)
    assert f"Vastgesteld op 10 maart 2026 door {besluit[0]}, besluitkenmerk {besluit[1]}." in text
    assert "CONCEPT" not in text
    assert "Geen enkel doel is als niet relevant beoordeeld." in text
    for line in expected_lines(personas, adopted):
        assert line in text, line


def test_the_word_document_of_a_concept_is_marked_as_concept(personas: Any, kader: Any) -> None:
    _adopted, concept = kader
    response = client_for(personas, "auditor").get(reverse("kader:document_docx", kwargs={"pk": concept.pk}))
    assert response["Content-Disposition"].endswith(
        'filename="strategisch-kader-gemeente-aastad-versie-2-concept.docx"'
    )
    text = docx_text(response.content)
    assert "versie 2 – CONCEPT" in text  # header of every page
    assert "CONCEPT – deze versie is nog niet vastgesteld" in text
    assert "Vastgesteld op" not in text
    assert "Deze versie bouwt voort op versie 1." in text
    assert "Deze doelen zijn afgewogen en voor de gemeente niet relevant geacht:\nAfschermen" in text
    assert (
        "Technische beveiliging | Programma van eisen toegang en camera's | Facilitair manager | In ontwikkeling | programma-van-eisen.pdf"
        in text
    )


def test_the_documents_of_a_new_kader_say_what_is_still_missing(personas: Any) -> None:
    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = KaderVersie.objects.select_related("gemeente", "gebaseerd_op").get(pk=versie.pk)
        word = docx_text(documents.render_docx(versie))
        pdf = squash(" ".join(pdf_pages(documents.render_pdf(versie))))
    for missing in (
        "De visie is nog niet beschreven.",
        "Er zijn nog geen bedrijfsmiddelen gekozen.",
        "Er zijn nog geen deelplannen vastgelegd.",
        "Er zijn nog geen doelen als relevant gemarkeerd.",
        "Nog niet beoordeeld",
        "In deze groep zijn nog geen uitgangspunten vastgelegd.",
        "Gekozen variant: nog niet gekozen.",
        "De verantwoordelijkheden zijn nog niet verdeeld.",
    ):
        assert missing in word, missing
        assert squash(missing) in pdf, missing
    assert "Arbeidsomstandighedenwet | Nog niet bepaald" in word


def test_the_document_needs_the_same_queries_for_an_empty_and_a_complete_kader(personas: Any, kader: Any) -> None:
    client = client_for(personas, "coordinator")
    _adopted, concept = kader
    with CaptureQueriesContext(connection) as full:
        assert client.get(reverse("kader:document_docx", kwargs={"pk": concept.pk})).status_code == 200
    by = personas.coordinator_b  # gemeente B's fresh kader, seen by its own coördinator
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        fresh = services.start_kader(by=by)
    client_b = client_for(personas, "coordinator_b")
    with CaptureQueriesContext(connection) as small:
        assert client_b.get(reverse("kader:document_docx", kwargs={"pk": fresh.pk})).status_code == 200
    assert len(full.captured_queries) == len(small.captured_queries)


# --- PDF ------------------------------------------------------------------------------------------


def test_the_pdf_is_tagged_pdf_a_2a_in_dutch_with_contents_page_numbers_and_embedded_fonts(
    personas: Any, kader: Any
) -> None:
    _adopted, concept = kader
    response = client_for(personas, "thema_eigenaar").get(reverse("kader:document_pdf", kwargs={"pk": concept.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('filename="strategisch-kader-gemeente-aastad-versie-2-concept.pdf"')
    pdf = pikepdf.open(io.BytesIO(response.content))
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    title = "Strategisch kader integrale beveiliging – Gemeente Aastad – versie 2 (concept)"
    assert meta["dc:title"] == title and str(pdf.docinfo.Title) == title
    assert str(pdf.Root.Lang) == "nl"
    assert bool(pdf.Root.MarkInfo.Marked)
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/Link"} <= struct_types(pdf)
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor if font.Subtype == "/Type0" else font.FontDescriptor
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
    base_fonts = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert any("Noto-Sans" in f for f in base_fonts) and any("Noto-Serif" in f for f in base_fonts)

    pages = pdf_pages(response.content)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van {total}" in text
        assert "CONCEPT" in text
    assert "Gemeente Aastad" in pages[0] and "deze versie is nog niet vastgesteld" in pages[0]
    contents = pages[1]
    assert contents.startswith("Inhoud") or "Inhoud" in contents
    for entry in ("1 Visie", "2 Scope", "3 Beveiligingsdoelen", "4 Uitgangspunten", "5 Kwaliteitssysteem", "Begrippen"):
        found = re.search(re.escape(entry) + r"[ .]*?(\d+)", contents)
        assert found, entry
        target = int(found.group(1))
        assert entry in pages[target - 1], f"{entry} is not on page {target}"
    squashed = squash("".join(pages))  # table cells wrap over lines: compare without spaces
    for line in [*expected_lines(personas, concept), "Niet relevant geacht", "Afschermen", "programma-van-eisen.pdf"]:
        assert squash(line) in squashed, line


def test_the_pdf_of_an_adopted_version_shows_the_decision_and_no_concept_mark(personas: Any, kader: Any) -> None:
    adopted, _concept = kader
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        versie = KaderVersie.objects.select_related("gemeente").get(pk=adopted.pk)
        pages = pdf_pages(documents.render_pdf(versie))
    assert "Vastgesteld op 10 maart 2026 door College van B en W, besluitkenmerk B&W 2026/0142." in pages[0]
    assert not any("CONCEPT" in page for page in pages)


# --- PDF layout: tables fit the page, captions stay with their table, links break between parts ----

LONG_LINK = (
    "https://intranet.zuiderveen.example/sites/integrale-beveiliging/gedeelde-documenten/deelplannen/"
    "{thema}/beleid-2025-2028-definitief.pdf?versie=3&weergave=volledig&taal=nl"
)
LONG_TITLE = "Informatiebeveiligingsbeleid, bedrijfscontinuïteitsplan en crisisbeheersingsdocumentatie"


@pytest.fixture
def long_kader(personas: Any, kader: Any) -> KaderVersie:
    """The demo concept with long links and titles in its deelplannen and a long role in its matrix."""
    _adopted, concept = kader
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        for plan in Deelplan.objects.filter(versie=concept).order_by("thema"):
            services.edit_part(
                obj=plan,
                by=by,
                expected_version=plan.version,
                titel=f"{LONG_TITLE} ({plan.get_thema_display().lower()})",
                eigenaar="Coördinator integrale beveiliging en bedrijfscontinuïteitsmanagement",
                link=LONG_LINK.format(thema=plan.thema),
            )
        services.add_part(
            model=Verantwoordelijkheid,
            versie=concept,
            by=by,
            rol="Functionaris gegevensbescherming",
            activiteit="Verwerkingsregister en gegevensbeschermingseffectbeoordelingen bijhouden",
            aard="R",
        )
        return KaderVersie.objects.select_related("gemeente", "gebaseerd_op").get(pk=concept.pk)


def text_of(box: Any) -> str:
    return "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox)).replace("\u200b", "")


def right_edge(box: Any) -> float:
    return float(box.border_box_x() + box.border_width())


def words_of(element: Any) -> str:
    """The text of an HTML element as a reader sees it: a line break (<br>) separates words."""
    parts = [element.text or ""]
    for child in element:
        tag = str(child.tag).rsplit("}", 1)[-1]  # without the XHTML namespace
        parts += [" " if tag == "br" else "", words_of(child), child.tail or ""]
    return "".join(parts)


def pdf_table_problems(document: Any) -> list[str]:
    """What is wrong with the tables of a laid-out PDF, page by page, in words a reader would use."""
    problems: list[str] = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        content_right = page_box.content_box_x() + page_box.width
        for table in (b for b in page_box.descendants() if isinstance(b, boxes.TableBox)):
            if right_edge(table) > content_right + 0.5:
                problems.append(f"p. {number}: a table runs {right_edge(table) - content_right:.0f}px into the margin")
        for cell in (b for b in page_box.descendants() if isinstance(b, boxes.TableCellBox)):
            for text in (b for b in cell.descendants() if isinstance(b, boxes.TextBox)):
                if text.position_x + text.width > right_edge(cell) + 0.5:
                    problems.append(f"p. {number}: {text.text!r} sticks out of its cell")
            source = " ".join(words_of(cell.element).split())
            lines = [text_of(line).strip() for line in cell.descendants() if isinstance(line, boxes.LineBox)]
            for before, after in itertools.pairwise(lines):
                if before and after and before[-1].isalnum() and after[0].isalnum():
                    joined = before[-8:] + after.replace("\u2010", "")[:8]  # (a hyphen of the next line's end)
                    if joined in source:  # no space or hyphen where the line broke: a word was cut
                        problems.append(f"p. {number}: a line break cuts a word: {before[-12:]}|{after[:12]}")
        for wrapper in (b for b in page_box.descendants() if getattr(b, "is_table_wrapper", False)):
            captions = [b for b in wrapper.children if isinstance(b, boxes.TableCaptionBox)]
            rows = [
                row
                for group in wrapper.descendants()
                if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
                for row in group.children
            ]
            if captions and not rows:
                problems.append(f"p. {number}: caption {text_of(captions[0])!r} without any row of its table")
    return problems


def test_the_tables_of_the_pdf_fit_the_page_and_keep_their_caption_and_words_together(
    personas: Any, long_kader: KaderVersie
) -> None:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        document = documents.layout_pdf(long_kader)
    captions = [
        text_of(b)
        for page in document.pages
        for b in page._page_box.descendants()
        if isinstance(b, boxes.TableCaptionBox)
    ]
    assert "Deelplannen per thema" in captions and "Verantwoordelijkheden per rol en activiteit" in captions
    problems = pdf_table_problems(document)
    assert not problems, "\n".join(problems)


def test_a_link_in_the_pdf_may_wrap_after_its_separators_and_stays_escaped() -> None:
    from kader.templatetags.kader_document import breakable_url

    assert breakable_url("https://a.example/plan-2026.pdf?x=1&y=<2>") == (
        "https://<wbr>a.<wbr>example/<wbr>plan-<wbr>2026.<wbr>pdf?<wbr>x=<wbr>1&amp;<wbr>y=<wbr>&lt;2&gt;<wbr>"
    )
    # A part too long for any cell may wrap inside, as a last resort: after every 18 characters.
    assert breakable_url("/" + "a" * 40) == "/<wbr>" + "a" * 18 + "<wbr>" + "a" * 18 + "<wbr>aaaa<wbr>"


def test_the_table_check_of_the_pdf_reports_a_wide_table_a_cut_word_a_lonely_caption_and_overflowing_text() -> None:
    """The check of the test above can fail: a made-up page with each of its faults."""
    style = (
        "@page { size: A4; margin: 2cm } div { height: 24.5cm } table { width: 100% } tr { break-inside: avoid }"
        " .smal { width: 3cm } .breed { width: 120% } .vast { table-layout: fixed } .overal { overflow-wrap: anywhere }"
    )
    html = (
        f'<html lang="nl"><style>{style}</style><div>Tekst</div>'
        "<table><caption>Alleen het bijschrift</caption><thead><tr><th>Kop</th></tr></thead>"
        "<tbody><tr><td>" + "Ruimte<br>" * 8 + "</td></tr></tbody></table>"
        '<table class="smal"><tr><td class="overal">https://intranet.zuiderveen.example/plannen</td></tr></table>'
        '<table class="breed"><tr><td>Breed</td></tr></table>'
        '<table class="smal vast"><tr><td>Bedrijfscontinuïteitsmanagement</td></tr></table></html>'
    )
    problems = "\n".join(pdf_table_problems(HTML(string=html).render()))
    assert "caption 'Alleen het bijschrift' without any row" in problems
    assert "a line break cuts a word" in problems
    assert "a table runs" in problems
    assert "'Bedrijfscontinuïteitsmanagement' sticks out of its cell" in problems


# --- checking a template (the sandbox itself: documents/tests) ------------------------------------------


def test_the_default_template_passes_its_own_check() -> None:
    documents.WORD.check_upload("kader.docx", documents.DEFAULT_TEMPLATE.read_bytes())


GOOD = template_with("{{ titel }} – {{ gemeente }}")

PLACEHOLDER_ERRORS = [
    ("{{ gemeente }", TemplateSyntaxProblem, "fout in een veld of opdracht in de tekst ‘{{ gemeente }’"),
    ("{{ burgemeester }}", UnknownPlaceholder, "veld dat niet bestaat: ‘burgemeester’"),
    ("{{ versie.wethouder }}", UnknownPlaceholder, "veld dat niet bestaat: ‘wethouder’"),
]


@pytest.mark.parametrize(("text", "kind", "message"), PLACEHOLDER_ERRORS, ids=[e[0] for e in PLACEHOLDER_ERRORS])
def test_an_upload_is_tried_on_the_complete_sample_kader(text: str, kind: type[DocumentError], message: str) -> None:
    documents.WORD.check_upload("kader.docx", template_with("{{ versie.nummer }} {{ scope.deelplannen[5].titel }}"))
    with pytest.raises(DocumentError) as error:
        documents.WORD.check_upload("kader.docx", template_with("Aanhef", text))
    assert type(error.value) is kind
    assert message in error.value.message


def test_the_budget_of_the_kader_is_ten_times_its_default_template_within_floor_and_ceiling() -> None:
    budget = documents.WORD.cpu_budget()
    assert word.CPU_FLOOR <= budget <= word.CPU_CEILING


# --- the template page: upload, replace, delete, download ------------------------------------------


def test_the_template_page_lists_every_placeholder_and_offers_the_default_template(personas: Any) -> None:
    response = client_for(personas, "coordinator").get(reverse("kader:template"))
    assert response.status_code == 200
    body = response.content.decode()
    for placeholder in documents.PLACEHOLDERS:
        assert f'<code class="utrecht-code">{escape(placeholder.naam)}</code>' in body
    assert "De gemeente gebruikt het standaardsjabloon." in body
    download = client_for(personas, "coordinator").get(reverse("kader:template_download"))
    assert download.content == documents.DEFAULT_TEMPLATE.read_bytes()
    assert download["Content-Disposition"] == 'attachment; filename="kader-standaardsjabloon.docx"'


def test_an_uploaded_template_is_used_for_the_word_documents(personas: Any, kader: Any) -> None:
    _adopted, concept = kader
    client = client_for(personas, "coordinator")
    own = template_with("Huisstijl Aastad", "{{ titel }} van {{ gemeente }}, versie {{ versie.nummer }}")
    response = upload(client, "huisstijl.docx", own)
    assert response.status_code == 302
    assert sjabloon_state(personas) == [("huisstijl.docx", own, 1)]
    page = client.get(reverse("kader:template")).content.decode()
    assert "huisstijl.docx" in page and "Coordinator" in page  # who uploaded it
    assert client.get(reverse("kader:template_download")).content == own
    text = docx_text(
        client_for(personas, "bestuurder").get(reverse("kader:document_docx", kwargs={"pk": concept.pk})).content
    )
    assert "Huisstijl Aastad" in text
    assert "Strategisch kader integrale beveiliging van Gemeente Aastad, versie 2" in text
    Event = apps.get_model("documents", "SjabloonEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = Event.objects.get()
    assert event.pgh_context["action"] == "kader.template.upload"
    assert event.pgh_context["user"] == personas.user("coordinator").pk


BAD_UPLOADS = [
    ("kader.txt", b"tekst", "extensie .docx"),
    ("kader.docx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "Het sjabloon is groter dan 5 MB."),
    ("kader.docx", template_with("{{ gemeente }"), "fout in een veld of opdracht"),
    ("kader.docx", template_with("{{ wethouder }}"), "veld dat niet bestaat: ‘wethouder’"),
    ("kader.docx", template_with("{{ ''.__class__.__mro__ }}"), "niet is toegestaan: ‘__class__’"),
    ("kader.docx", template_with("{% for i in range(99999999) %}{% endfor %}"), "te veel rekentijd"),
]

# Nested loops within the sandbox's caps: 100 million empty iterations, about 3 s of CPU time.
NESTED_LOOPS = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"


def test_an_upload_with_nested_loops_is_refused_within_the_budget(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    budget = documents.WORD.cpu_budget()
    started = time.monotonic()
    response = upload(client, "lussen.docx", template_with("Aanhef", NESTED_LOOPS))
    assert time.monotonic() - started < word.limits_for(budget).wall_seconds + 2
    assert response.status_code == 200
    assert any("te veel rekentijd" in error for error in response.context["form"].errors["bestand"])
    assert sjabloon_state(personas) == []


@pytest.mark.parametrize(("name", "data", "message"), BAD_UPLOADS, ids=[b[2] for b in BAD_UPLOADS])
def test_a_bad_upload_changes_nothing_and_says_why_at_the_field(
    personas: Any, name: str, data: bytes, message: str
) -> None:
    client = client_for(personas, "coordinator")
    assert upload(client, "eerste.docx", GOOD).status_code == 302
    before = sjabloon_state(personas)
    response = upload(client, name, data, version=1)
    assert response.status_code == 200
    errors = response.context["form"].errors["bestand"]
    assert any(message in error for error in errors), errors
    body = response.content.decode()
    assert 'id="id_bestand_error"' in body and escape(errors[0]) in body
    assert sjabloon_state(personas) == before


def test_replacing_the_template_needs_the_version_that_was_shown(personas: Any) -> None:
    client, other = client_for(personas, "coordinator"), client_for(personas, "coordinator")
    assert upload(client, "eerste.docx", GOOD).status_code == 302
    second = template_with("Tweede", "{{ gemeente }}")
    assert upload(other, "tweede.docx", second, version=1).status_code == 302
    stale = upload(client, "derde.docx", template_with("Derde"), version=1)
    assert stale.status_code == 200
    assert str(STALE_MESSAGE) in stale.context["form"].non_field_errors()
    assert sjabloon_state(personas) == [("tweede.docx", second, 2)]
    # and someone who saw no template cannot silently replace one that appeared meanwhile
    assert upload(client, "vierde.docx", GOOD, version=0).status_code == 200
    assert sjabloon_state(personas) == [("tweede.docx", second, 2)]


def test_deleting_the_template_asks_first_and_brings_back_the_default(personas: Any) -> None:
    client = client_for(personas, "coordinator")
    url = reverse("kader:template_delete")
    assert "er is niets te verwijderen" in client.get(url).content.decode().lower()
    upload(client, "eigen.docx", GOOD)
    page = client.get(url)
    assert page.status_code == 200 and "eigen.docx" in page.content.decode()
    assert client.post(url, {"version": 7}).status_code == 302  # stale
    assert len(sjabloon_state(personas)) == 1
    assert client.post(url, {"version": 1}).status_code == 302
    assert sjabloon_state(personas) == []
    assert client.get(reverse("kader:template_download")).content == documents.DEFAULT_TEMPLATE.read_bytes()


def test_a_template_that_fails_on_the_real_data_gives_a_message_not_an_error_page(personas: Any) -> None:
    versie = personas.kader_of()  # a fresh kader: no deelplannen yet
    client = client_for(personas, "coordinator")
    assert upload(client, "eerste-plan.docx", template_with("{{ scope.deelplannen[0].titel }}")).status_code == 302
    response = client.get(reverse("kader:document_docx", kwargs={"pk": versie.pk}), follow=True)
    assert response.redirect_chain == [(reverse("kader:overview"), 302)]
    body = response.content.decode()
    assert "Het Word-document kon niet worden gemaakt met het eigen sjabloon van de gemeente." in body
    assert "Het sjabloon vraagt om onderdeel 0 van een lijst die in dit document minder onderdelen heeft." in body


def test_a_costly_template_stored_before_the_budget_existed_fails_at_download_within_the_limit(
    personas: Any,
) -> None:
    versie = personas.kader_of()
    data = template_with("Huisstijl", NESTED_LOOPS)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):  # stored directly: no upload check
        Sjabloon.objects.create(
            gemeente=personas.gemeente_a,
            soort=Documentsoort.KADER,
            bestand=data,
            bestandsnaam="oud.docx",
            grootte=len(data),
            geupload_door=personas.user("coordinator"),
        )
    client = client_for(personas, "bestuurder")
    budget = documents.WORD.cpu_budget()
    started = time.monotonic()
    response = client.get(reverse("kader:document_docx", kwargs={"pk": versie.pk}), follow=True)
    assert time.monotonic() - started < word.limits_for(budget).wall_seconds + 2
    assert response.redirect_chain == [(reverse("kader:overview"), 302)]
    body = response.content.decode()
    assert "Het Word-document kon niet worden gemaakt met het eigen sjabloon van de gemeente." in body
    assert "Het sjabloon kost te veel rekentijd" in body


def test_when_every_render_slot_is_taken_a_download_is_told_to_wait_and_pages_still_answer(
    personas: Any,
) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    with slots_taken_elsewhere():
        for name in ("kader:document_docx", "kader:document_pdf"):
            started = time.monotonic()
            response = client.get(reverse(name, kwargs={"pk": versie.pk}))
            assert time.monotonic() - started < 2  # no render started
            assert response.status_code == 503
            assert response["Retry-After"] == "5"
            assert "Probeer het over enkele ogenblikken opnieuw" in response.content.decode()
        assert client.get(reverse("kader:overview")).status_code == 200
        busy = upload(client, "eigen.docx", GOOD)
        assert busy.status_code == 503 and sjabloon_state(personas) == []
    assert client.get(reverse("kader:document_docx", kwargs={"pk": versie.pk})).status_code == 200


# --- who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor", "ketenpartner", "melder"])
def test_only_the_coordinator_manages_the_template(personas: Any, role: str) -> None:
    client = client_for(personas, role)
    for name in ("kader:template", "kader:template_download", "kader:template_delete"):
        assert client.get(reverse(name)).status_code == 403
    assert upload(client, "eigen.docx", GOOD).status_code == 403
    assert sjabloon_state(personas) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("coordinator", 200),
        ("thema_eigenaar", 200),
        ("bestuurder", 200),
        ("auditor", 200),
        ("ketenpartner", 403),
        ("melder", 403),
    ],
)
def test_readers_of_the_kader_download_its_documents(personas: Any, role: str, status: int) -> None:
    versie = personas.kader_of()
    client = client_for(personas, role)
    assert client.get(reverse("kader:document_docx", kwargs={"pk": versie.pk})).status_code == status
    assert client.get(reverse("kader:document_pdf", kwargs={"pk": versie.pk})).status_code == status


def test_another_gemeente_gets_nothing_of_the_documents_or_the_template(personas: Any) -> None:
    versie = personas.kader_of()
    upload(client_for(personas, "coordinator"), "aastad.docx", template_with("Geheim van Aastad"))
    client = client_for(personas, "coordinator_b")
    for name in ("kader:document_docx", "kader:document_pdf"):
        assert client.get(reverse(name, kwargs={"pk": versie.pk})).status_code == 404
    assert "aastad.docx" not in client.get(reverse("kader:template")).content.decode()
    assert client.get(reverse("kader:template_download")).content == documents.DEFAULT_TEMPLATE.read_bytes()
    assert client.post(reverse("kader:template_delete"), {"version": 1}).status_code == 302
    assert [row[0] for row in sjabloon_state(personas)] == ["aastad.docx"]
