"""Build the neutral default Word template of the kader document.

    .venv/bin/python scripts/build_kader_template.py

Writes ``kader/document_templates/kader.docx``: real Word styles (Title, Heading 1–3, List
Bullet, Table Grid), a table of contents field that Word fills when the document is opened,
page numbers in the footer, Dutch as the document language, and docxtpl tags
(``{{ … }}``, ``{%p … %}`` around paragraphs, ``{%tr … %}`` around table rows, ``{%tc … %}``
around table columns) for the placeholders of ``kader.documents.PLACEHOLDERS``. A gemeente can
download this file from the template page and make it its own.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kader" / "document_templates" / "kader.docx"
TITLE = "Strategisch kader integrale beveiliging"
LANGUAGE = "nl-NL"


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A complex field (PAGE, NUMPAGES, TOC) with the text Word shows until it updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _p(document: DocumentType, text: str = "", style: str | None = None, bold: str = "") -> Paragraph:
    """A paragraph; ``bold`` is a leading bold part (e.g. a label or a term)."""
    paragraph = document.add_paragraph(style=style)
    if bold:
        paragraph.add_run(bold).bold = True
    if text:
        paragraph.add_run(text)
    return paragraph


def _tag(document: DocumentType, tag: str) -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag (removed when the document is filled)."""
    document.add_paragraph(f"{{%p {tag} %}}")


def _table(document: DocumentType, headers: list[str], loop: str, cells: list[str]) -> Table:
    """A table with a header row (repeated on every page) and one row per item of ``loop``."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return table


def _matrix(document: DocumentType) -> None:
    """Roles as columns ({%tc %}), activities as rows ({%tr %}): the responsibility matrix."""
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles["Table Grid"]
    head = ["Activiteit", "{%tc for rol in kwaliteitssysteem.rollen %}", "{{ rol }}", "{%tc endfor %}"]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for rij in kwaliteitssysteem.matrix %}")
    row = ["{{ rij.activiteit }}", "{%tc for cel in rij.cellen %}", "{{ cel }}", "{%tc endfor %}"]
    for cell, text in zip(table.rows[2].cells, row, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _language(document: DocumentType) -> None:
    """Dutch as the language of every style (spelling check, hyphenation, screen readers)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults is not None
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _update_fields_on_open(document: DocumentType) -> None:
    """Ask Word to fill the table of contents and page count when the document is opened."""
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def _header_footer(document: DocumentType) -> None:
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    header = section.header.paragraphs[0]
    header.text = (
        "{{ titel }} – {{ gemeente }} – versie {{ versie.nummer }}{% if versie.is_concept %} – CONCEPT{% endif %}"
    )
    header.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")


def _title_page(document: DocumentType) -> None:
    document.add_paragraph("{{ titel }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(document, "Versie {{ versie.nummer }} – {{ versie.status }}")
    _tag(document, "if versie.is_concept")
    _p(document, bold="CONCEPT – deze versie is nog niet vastgesteld en kan nog veranderen.")
    _tag(document, "endif")
    _tag(document, "if versie.vastgesteld_op")
    _p(
        document,
        "Vastgesteld op {{ versie.vastgesteld_op }} door {{ versie.vastgesteld_door }}"
        "{% if versie.besluitkenmerk %}, besluitkenmerk {{ versie.besluitkenmerk }}{% endif %}.",
    )
    _tag(document, "endif")
    _tag(document, "if versie.gebaseerd_op")
    _p(document, "Deze versie bouwt voort op versie {{ versie.gebaseerd_op }}.")
    _tag(document, "endif")
    _p(document, "Gemaakt op {{ datum }}.")
    document.add_paragraph("Inhoud", style="TOC Heading")
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "De inhoudsopgave verschijnt als Word de velden bijwerkt (rechtermuisknop, ‘Veld bijwerken’).",
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _visie(document: DocumentType) -> None:
    document.add_heading("1 Visie", level=1)
    _p(document, "{{ visie.tekst or 'De visie is nog niet beschreven.' }}")
    document.add_heading("Minimale en maximale variant", level=2)
    _p(document, "{{ visie.minimaal or 'niet beschreven' }}", bold="Minimale variant: ")
    _p(document, "{{ visie.maximaal or 'niet beschreven' }}", bold="Maximale variant: ")
    document.add_heading("Waarom deze visie", level=2)
    _p(document, "{{ visie.onderbouwing or 'De keuze is nog niet onderbouwd.' }}")


def _scope(document: DocumentType) -> None:
    document.add_heading("2 Scope", level=1)
    document.add_heading("Bedrijfsmiddelen", level=2)
    _tag(document, "if scope.bedrijfsmiddelen")
    _p(document, "Het kader is van toepassing op deze bedrijfsmiddelen:")
    _tag(document, "endif")
    _tag(document, "for middel in scope.bedrijfsmiddelen")
    _p(document, "{{ middel }}", style="List Bullet")
    _tag(document, "endfor")
    _tag(document, "if not scope.bedrijfsmiddelen")
    _p(document, "Er zijn nog geen bedrijfsmiddelen gekozen.")
    _tag(document, "endif")
    _tag(document, "if scope.bedrijfsmiddelen_buiten")
    _p(document, "Buiten de scope vallen: {{ scope.bedrijfsmiddelen_buiten|join(', ')|lower }}.")
    _tag(document, "endif")
    document.add_heading("Groepen mensen", level=2)
    _table(
        document,
        ["Groep", "Wat zij van het kader moeten weten"],
        "groep in scope.mensgroepen",
        ["{{ groep.groep }}", "{{ groep.moet_weten or '—' }}"],
    )
    document.add_heading("Deelplannen", level=2)
    _p(document, "Het kader verwijst naar de bestaande plannen per thema; die blijven de uitwerking.")
    _tag(document, "if scope.deelplannen")
    _table(
        document,
        ["Thema", "Deelplan", "Eigenaar", "Status", "Vindplaats"],
        "plan in scope.deelplannen",
        [
            "{{ plan.thema }}",
            "{{ plan.titel }}",
            "{{ plan.eigenaar or '—' }}",
            "{{ plan.status }}",
            "{{ plan.vindplaats or '—' }}",
        ],
    )
    _tag(document, "else")
    _p(document, "Er zijn nog geen deelplannen vastgelegd.")
    _tag(document, "endif")
    document.add_heading("Wettelijk kader", level=2)
    _p(
        document,
        "Per thema staat hieronder welke wetten en normen van toepassing zijn, en waarom. "
        "De bijlage geeft bij elke wet of norm aan waarom die van belang is.",
    )
    _tag(document, "for thema in scope.wetten")
    document.add_heading("{{ thema.thema }}", level=3)
    _table(
        document,
        ["Wet of norm", "Van toepassing", "Reden"],
        "wet in thema.wetten",
        ["{{ wet.naam }}", "{{ wet.van_toepassing }}", "{{ wet.reden or '—' }}"],
    )
    _tag(document, "endfor")


def _doelen(document: DocumentType) -> None:
    document.add_heading("3 Beveiligingsdoelen", level=1)
    _p(document, "Elke beveiligingsmaatregel van de gemeente draagt bij aan minstens één van deze doelen.")
    _tag(document, "for doel in doelen.relevant")
    _p(
        document,
        "{% if doel.toelichting %}: {{ doel.toelichting }}{% endif %}",
        style="List Bullet",
        bold="{{ doel.titel }}",
    )
    _tag(document, "endfor")
    _tag(document, "if not doelen.relevant")
    _p(document, "Er zijn nog geen doelen als relevant gemarkeerd.")
    _tag(document, "endif")
    document.add_heading("Niet relevant geacht", level=2)
    _tag(document, "if doelen.niet_relevant")
    _p(document, "Deze doelen zijn afgewogen en voor de gemeente niet relevant geacht:")
    _tag(document, "else")
    _p(document, "Geen enkel doel is als niet relevant beoordeeld.")
    _tag(document, "endif")
    _tag(document, "for doel in doelen.niet_relevant")
    _p(document, "{{ doel.titel }}", style="List Bullet")
    _tag(document, "endfor")
    _tag(document, "if doelen.niet_beoordeeld")
    document.add_heading("Nog niet beoordeeld", level=2)
    _tag(document, "endif")
    _tag(document, "for doel in doelen.niet_beoordeeld")
    _p(document, "{{ doel.titel }}", style="List Bullet")
    _tag(document, "endfor")


def _uitgangspunten(document: DocumentType) -> None:
    document.add_heading("4 Uitgangspunten", level=1)
    _p(
        document,
        "De uitgangspunten zijn de randvoorwaarden en keuzes waarmee de doelen worden bereikt. Ze zijn "
        "ingedeeld in zes groepen; bij elk uitgangspunt staat welke doelen het dient.",
    )
    _tag(document, "for groep in uitgangspunten")
    document.add_heading("{{ groep.groep }}", level=2)
    paragraph = _p(document, "{{ groep.omschrijving }}")
    paragraph.runs[0].italic = True
    _tag(document, "if groep.punten")
    _table(
        document,
        ["Uitgangspunt", "Dient de doelen"],
        "punt in groep.punten",
        ["{{ punt.tekst }}", "{{ punt.doelen|join(', ') or '—' }}"],
    )
    _tag(document, "else")
    _p(document, "In deze groep zijn nog geen uitgangspunten vastgelegd.")
    _tag(document, "endif")
    _tag(document, "endfor")


def _kwaliteitssysteem(document: DocumentType) -> None:
    document.add_heading("5 Kwaliteitssysteem", level=1)
    document.add_heading("Governance", level=2)
    _p(document, "{{ kwaliteitssysteem.governance or 'nog niet gekozen' }}.", bold="Gekozen variant: ")
    _tag(document, "if kwaliteitssysteem.governance_uitleg")
    _p(document, "{{ kwaliteitssysteem.governance_uitleg }}")
    _tag(document, "endif")
    _tag(document, "if kwaliteitssysteem.governance_toelichting")
    _p(document, "{{ kwaliteitssysteem.governance_toelichting }}")
    _tag(document, "endif")
    document.add_heading("De PDCA-cyclus", level=2)
    _table(
        document,
        ["Fase", "Wat gebeurt er", "Wanneer", "Door wie"],
        "fase in kwaliteitssysteem.pdca",
        ["{{ fase.fase }}", "{{ fase.wat or '—' }}", "{{ fase.wanneer or '—' }}", "{{ fase.wie or '—' }}"],
    )
    document.add_heading("Verantwoordelijkheden", level=2)
    _tag(document, "if kwaliteitssysteem.matrix")
    _p(document, "Wie welk aandeel heeft in de activiteiten van het kwaliteitssysteem:")
    _matrix(document)
    _p(
        document,
        "{% for regel in kwaliteitssysteem.legenda %}{{ regel.letter }} = {{ regel.betekenis|lower }}"
        "{% if not loop.last %}; {% endif %}{% endfor %}.",
    )
    _tag(document, "else")
    _p(document, "De verantwoordelijkheden zijn nog niet verdeeld.")
    _tag(document, "endif")


def _begrippen_en_bijlage(document: DocumentType) -> None:
    document.add_heading("Begrippen", level=1)
    _tag(document, "for begrip in definities")
    _p(document, "{{ begrip.omschrijving }}", bold="{{ begrip.begrip }}: ")
    _tag(document, "endfor")
    document.add_heading("Bijlage: wettelijk kader", level=1)
    _p(document, "De wetten en normen die bij de scope zijn afgewogen, per thema, met waarom ze van belang zijn.")
    _tag(document, "for thema in bijlage")
    document.add_heading("{{ thema.thema }}", level=2)
    _table(
        document,
        ["Wet of norm", "Waarom van belang", "Van toepassing"],
        "wet in thema.wetten",
        ["{{ wet.naam }}", "{{ wet.toelichting or '—' }}", "{{ wet.van_toepassing }}"],
    )
    _tag(document, "endfor")


def build() -> DocumentType:
    document = Document()
    properties = document.core_properties
    properties.title = TITLE
    properties.language = LANGUAGE
    properties.subject = "{{ gemeente }}, versie {{ versie.nummer }} ({{ versie.status|lower }})"
    properties.author = "{{ gemeente }}"
    properties.last_modified_by = "Kapstok"
    properties.comments = ""
    properties.keywords = "integrale beveiliging; strategisch kader"
    properties.created = properties.modified = datetime.datetime(2026, 1, 1)
    properties.revision = 1
    document.styles["Normal"].font.size = Pt(10.5)
    _language(document)
    _update_fields_on_open(document)
    _header_footer(document)
    _title_page(document)
    _visie(document)
    _scope(document)
    _doelen(document)
    _uitgangspunten(document)
    _kwaliteitssysteem(document)
    _begrippen_en_bijlage(document)
    return document


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(OUT))
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
