"""Build the neutral default Word templates of the three documents of the veiligheidsplan.

    .venv/bin/python scripts/build_ivp_templates.py

Writes ``ivp/document_templates/ivp.docx``, ``uitvoeringsprogramma.docx`` and
``voortgangsrapportage.docx`` the way ``build_kader_template.py`` writes the kader's (and with
its helpers): Word's own styles (Title, Heading 1–2, Table Grid) so the navigation pane and the
table of contents work, a TOC field that Word fills when the document is opened, page numbers in
the footer, a running header, table header rows repeated on every page, Dutch as the language,
and docxtpl tags for the placeholders of ``ivp.documents.plan``, ``.programma`` and
``.rapportage``. The uitvoeringsprogramma is on A4 landscape for its wide tables. A gemeente can
download each from the template page and make it its own. After changing this script, run it
and commit both the script and the .docx files.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from build_kader_template import LANGUAGE, _field, _language, _p, _table, _tag, _update_fields_on_open
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "ivp" / "document_templates"


# --- what every document has ---------------------------------------------------------------------------


def _start(title: str, subject: str, keywords: str, header: str, *, landscape: bool = False) -> DocumentType:
    """A document with its properties, language, page setup, running header and page numbers."""
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.language = LANGUAGE
    properties.subject = subject
    properties.author = "{{ gemeente }}"
    properties.last_modified_by = "Kapstok"
    properties.comments = ""
    properties.keywords = keywords
    properties.created = properties.modified = datetime.datetime(2026, 1, 1)
    properties.revision = 1
    document.styles["Normal"].font.size = Pt(10)
    _language(document)
    _update_fields_on_open(document)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = Cm(21.0), Cm(29.7)
    else:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    paragraph = section.header.paragraphs[0]
    paragraph.text = header
    paragraph.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")
    return document


def _contents(document: DocumentType) -> None:
    document.add_paragraph("Inhoud", style="TOC Heading")
    _field(
        document.add_paragraph(),
        'TOC \\o "1-2" \\h \\z \\u',
        "De inhoudsopgave verschijnt als Word de velden bijwerkt (rechtermuisknop, ‘Veld bijwerken’).",
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _chapter(document: DocumentType, heading: str, field: str, missing: str) -> None:
    """A chapter of free text, or a sentence saying it is not written yet."""
    document.add_heading(heading, level=1)
    _p(document, f"{{{{ {field} or '{missing}' }}}}")


def _goals_table(document: DocumentType, loop: str) -> None:
    _table(
        document,
        ["Doel", "Nulmeting", "Streefwaarde", "Te bereiken op", "Eigenaar", "Laatste meting", "Oordeel"],
        loop,
        [
            "{{ doel.wat }}{% if doel.indicator %} (indicator: {{ doel.indicator }}){% endif %}",
            "{{ doel.nulmeting or '—' }}{% if doel.nulmeting_periode %} ({{ doel.nulmeting_periode }}){% endif %}",
            "{{ doel.streefwaarde or '—' }}",
            "{{ doel.deadline or '—' }}",
            "{{ doel.eigenaar or '—' }}",
            "{{ doel.laatste or '—' }}{% if doel.laatste_periode %} ({{ doel.laatste_periode }}){% endif %}",
            "{{ doel.oordeel }}",
        ],
    )


# --- the integraal veiligheidsplan ---------------------------------------------------------------------------


def _plan_title_page(document: DocumentType) -> None:
    document.add_paragraph("{{ titel }} {{ plan.periode }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(document, "Versie {{ plan.nummer }} – {{ plan.status }}")
    _tag(document, "if plan.is_concept")
    _p(document, bold="CONCEPT – deze versie is nog niet vastgesteld en kan nog veranderen.")
    _tag(document, "endif")
    _tag(document, "if plan.vastgesteld_op")
    _p(
        document,
        "Vastgesteld op {{ plan.vastgesteld_op }} door {{ plan.vastgesteld_door }}"
        "{% if plan.besluitkenmerk %}, besluitkenmerk {{ plan.besluitkenmerk }}{% endif %}.",
    )
    _tag(document, "endif")
    _tag(document, "if plan.gebaseerd_op")
    _p(document, "Deze versie bouwt voort op versie {{ plan.gebaseerd_op }}.")
    _tag(document, "endif")
    _p(document, "Gemaakt op {{ datum }}.")
    _contents(document)


def _plan_analysis(document: DocumentType) -> None:
    document.add_heading("4 Veiligheidsanalyse", level=1)
    _p(document, "Per thema met prioriteit: het verhaal achter de cijfers en de laatste cijfers van de indicatoren.")
    _tag(document, "for thema in analyse")
    document.add_heading("{{ thema.thema }}", level=2)
    _p(document, "{{ thema.veld }}", bold="Veld: ")
    _p(document, "{{ thema.verhaal or 'Het verhaal achter de cijfers is nog niet beschreven.' }}")
    _tag(document, "if thema.indicatoren")
    _table(
        document,
        ["Indicator", "Laatste cijfer", "Vergelijking", "Bron"],
        "indicator in thema.indicatoren",
        [
            "{{ indicator.naam }} ({{ indicator.soort|lower }})",
            "{{ indicator.laatste or 'nog geen meting' }}"
            "{% if indicator.laatste_periode %} ({{ indicator.laatste_periode }}){% endif %}",
            "{% if indicator.referentie %}{{ indicator.referentie_naam or 'Referentie' }}: "
            "{{ indicator.referentie }}{% else %}—{% endif %}",
            "{{ indicator.bron or '—' }}",
        ],
    )
    _tag(document, "else")
    _p(document, "Dit thema heeft nog geen indicatoren.")
    _tag(document, "endif")
    _tag(document, "endfor")
    _tag(document, "if not analyse")
    _p(document, "Er zijn nog geen thema's met prioriteit gekozen.")
    _tag(document, "endif")


def _plan_priorities(document: DocumentType) -> None:
    document.add_heading("5 Prioriteiten", level=1)
    _p(
        document,
        "Elk thema is gescoord op omvang, ernst, trend, beleving en beïnvloedbaarheid (1 tot 5) en op een van "
        "drie niveaus geplaatst. Weging van de score: {{ weging }}.",
    )
    _tag(document, "for niveau in prioriteiten")
    document.add_heading("{{ niveau.niveau }}", level=2)
    _p(document, "{{ niveau.uitleg }}")
    _tag(document, "if niveau.themas")
    _table(
        document,
        ["Thema", "Score", "Omvang", "Ernst", "Trend", "Beleving", "Beïnvloedbaarheid", "Onderbouwing"],
        "thema in niveau.themas",
        [
            "{{ thema.thema }}",
            "{{ thema.score or '—' }}",
            "{{ thema.omvang or '—' }}",
            "{{ thema.ernst or '—' }}",
            "{{ thema.trend or '—' }}",
            "{{ thema.beleving or '—' }}",
            "{{ thema.invloed or '—' }}",
            "{{ thema.onderbouwing or '—' }}",
        ],
    )
    _tag(document, "else")
    _p(document, "Geen thema's op dit niveau.")
    _tag(document, "endif")
    _tag(document, "endfor")
    _tag(document, "if niet_ingedeeld")
    document.add_heading("Nog niet ingedeeld", level=2)
    _p(document, "{{ niet_ingedeeld|join(', ') }}.")
    _tag(document, "endif")


def build_plan() -> DocumentType:
    document = _start(
        "Integraal veiligheidsplan",
        "{{ gemeente }}, {{ titel|lower }} {{ plan.periode }}, versie {{ plan.nummer }} ({{ plan.status|lower }})",
        "integraal veiligheidsplan; veiligheidsbeleid",
        "{{ titel }} {{ plan.periode }} – {{ gemeente }} – versie {{ plan.nummer }}"
        "{% if plan.is_concept %} – CONCEPT{% endif %}",
    )
    _plan_title_page(document)
    _chapter(document, "1 Afbakening en leeswijzer", "hoofdstukken.afbakening", "De afbakening is nog niet beschreven.")
    _chapter(document, "2 Visie en ambitie", "hoofdstukken.visie", "De visie is nog niet beschreven.")
    _chapter(
        document,
        "3 Evaluatie van de vorige periode",
        "hoofdstukken.evaluatie_vorige",
        "De evaluatie van de vorige periode is nog niet beschreven.",
    )
    _tag(document, "if evaluatie_invoer")
    _p(document, "De resultaten van de doelen van het vorige plan:")
    _table(
        document,
        ["Thema", "Doel", "Nulmeting", "Streefwaarde", "Laatste meting", "Oordeel"],
        "rij in evaluatie_invoer",
        [
            "{{ rij.thema or '—' }}",
            "{{ rij.wat or '—' }}{% if rij.indicator %} (indicator: {{ rij.indicator }}){% endif %}",
            "{{ rij.nulmeting or '—' }}",
            "{{ rij.streefwaarde or '—' }}",
            "{{ rij.laatste or '—' }}{% if rij.laatste_periode %} ({{ rij.laatste_periode }}){% endif %}",
            "{{ rij.oordeel or '—' }}",
        ],
    )
    _tag(document, "endif")
    _plan_analysis(document)
    _plan_priorities(document)
    document.add_heading("6 Doelen", level=1)
    _p(document, "De SMART-doelen per thema: wat, van welke nulmeting naar welke streefwaarde, wanneer en door wie.")
    _tag(document, "for groep in doelen")
    document.add_heading("{{ groep.thema }}", level=2)
    _tag(document, "if groep.niveau")
    _p(document, "{{ groep.niveau }}", bold="Niveau: ")
    _tag(document, "endif")
    _goals_table(document, "doel in groep.doelen")
    _tag(document, "endfor")
    _tag(document, "if not doelen")
    _p(document, "Er zijn nog geen doelen geformuleerd.")
    _tag(document, "endif")
    _chapter(
        document,
        "7 Organisatie en regie",
        "hoofdstukken.organisatie",
        "De organisatie en regie zijn nog niet beschreven.",
    )
    _chapter(
        document, "8 Middelen en budget", "hoofdstukken.budget", "De middelen en het budget zijn nog niet beschreven."
    )
    _chapter(
        document,
        "9 Monitoren en evalueren",
        "hoofdstukken.evaluatieaanpak",
        "Hoe het plan wordt gemonitord en geëvalueerd, is nog niet beschreven.",
    )
    return document


# --- the uitvoeringsprogramma ----------------------------------------------------------------------------------


def build_programma() -> DocumentType:
    document = _start(
        "Uitvoeringsprogramma",
        "{{ gemeente }}, {{ titel|lower }} onder het {{ plan.titel|lower }} {{ plan.periode }}",
        "uitvoeringsprogramma; integraal veiligheidsplan",
        "{{ titel }} – {{ gemeente }}{% if programma.is_concept %} – CONCEPT{% endif %}",
        landscape=True,
    )
    document.add_paragraph("{{ titel }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(
        document,
        "Onder het {{ plan.titel|lower }} {{ plan.periode }} (versie {{ plan.nummer }}, {{ plan.status|lower }}).",
    )
    _p(
        document,
        "{{ programma.status }}{% if programma.vastgesteld_op %}, op {{ programma.vastgesteld_op }}{% endif %}.",
        bold="Status: ",
    )
    _tag(document, "if programma.is_concept")
    _p(document, bold="CONCEPT – dit programma is nog niet vastgesteld door het college.")
    _tag(document, "endif")
    _tag(document, "if programma.gebaseerd_op")
    _p(document, "Het programma bouwt voort op het uitvoeringsprogramma {{ programma.gebaseerd_op }}.")
    _tag(document, "endif")
    _tag(document, "if programma.toelichting")
    _p(document, "{{ programma.toelichting }}")
    _tag(document, "endif")
    _p(document, "Gemaakt op {{ datum }}.")
    _contents(document)
    document.add_heading("Het programma in cijfers", level=1)
    table = _table(
        document,
        ["Veld", "Acties", "Budget"],
        "veld in velden",
        ["{{ veld.veld }}", "{{ veld.aantal }}", "{{ veld.budget }}"],
    )
    total = table.add_row().cells
    for cell, value in zip(total, ("Totaal", "{{ totaal.acties }}", "{{ totaal.budget }}"), strict=True):
        cell.paragraphs[0].add_run(value).bold = True
    _p(
        document,
        "{{ totaal.lokaal }} lokale en {{ totaal.bovenlokaal }} bovenlokale acties; "
        "{{ totaal.zonder_budget }} zonder budget.",
    )
    _table(document, ["Status", "Acties"], "regel in statussen", ["{{ regel.status }}", "{{ regel.aantal }}"])
    _tag(document, "for veld in velden")
    document.add_heading("{{ veld.veld }}", level=1)
    _p(
        document,
        "{{ veld.aantal }} {% if veld.aantal == 1 %}actie{% else %}acties{% endif %}, samen {{ veld.budget }}.",
    )
    _tag(document, "for thema in veld.themas")
    document.add_heading("{{ thema.thema }}", level=2)
    _p(document, "{{ thema.budget }}", bold="Budget: ")
    _table(
        document,
        [
            "Actiepunt",
            "Activiteit of maatregel",
            "Soort",
            "Uitvoering",
            "Schaal",
            "Periode",
            "Budget",
            "Status",
            "Voortgang",
        ],
        "actie in thema.acties",
        [
            "{{ actie.actiepunt }}{% if actie.overgenomen %} (overgenomen){% endif %}",
            "{{ actie.activiteit or '—' }}{% if actie.doel %} (doel: {{ actie.doel }}){% endif %}",
            "{{ actie.soort_maatregel or '—' }}",
            "{{ actie.organisatie }}{% if actie.eigenaar %}; eigenaar: {{ actie.eigenaar }}{% endif %}"
            "{% if actie.partners %}; met: {{ actie.partners }}{% endif %}",
            "{{ actie.schaal }}",
            "{{ actie.periode or '—' }}",
            "{{ actie.budget or '—' }}",
            "{{ actie.status }}",
            "{{ actie.voortgang }}%",
        ],
    )
    _tag(document, "endfor")
    _tag(document, "endfor")
    _tag(document, "if not velden")
    _p(document, "Het programma heeft nog geen acties.")
    _tag(document, "endif")
    return document


# --- the voortgangsrapportage -----------------------------------------------------------------------------------

GROUPS = (("te_laat", "Te laat"), ("stil", "Staan stil"), ("lopend", "Lopen op tijd"), ("afgerond", "Afgerond"))


def _summary_table(document: DocumentType) -> None:
    rows = [
        ("Bereikt", "{{ samenvatting.bereikt }}"),
        ("Op koers", "{{ samenvatting.op_koers }}"),
        ("Niet op koers", "{{ samenvatting.niet_op_koers }}"),
        ("Nog niet te beoordelen", "{{ samenvatting.niet_te_beoordelen }}"),
    ]
    table = document.add_table(rows=len(rows) + 1, cols=2)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, ("Doelen", "Aantal"), strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row, (label, value) in zip(table.rows[1:], rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(value)


def build_rapportage() -> DocumentType:
    document = _start(
        "Voortgangsrapportage veiligheidsplan",
        "{{ gemeente }}, {{ plan.titel|lower }} {{ plan.periode }}{% if jaar %}, uitvoeringsprogramma {{ jaar }}{% endif %}",
        "voortgangsrapportage; integraal veiligheidsplan",
        "{{ titel }} – {{ gemeente }} – peildatum {{ datum }}",
    )
    document.add_paragraph("{{ titel }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(
        document,
        "{{ plan.titel }} {{ plan.periode }}, versie {{ plan.nummer }} ({{ plan.status|lower }})"
        "{% if jaar %}; uitvoeringsprogramma {{ jaar }} ({{ programma_status|lower }}){% endif %}.",
    )
    _p(document, "{{ datum }}.", bold="Peildatum: ")
    document.add_heading("Samenvatting", level=1)
    _p(document, "{{ samenvatting.tekst }}")
    _summary_table(document)
    document.add_heading("1 Doelen", level=1)
    _p(document, "Per thema elk doel met de laatste meting tegenover de streefwaarde.")
    _tag(document, "for groep in themas")
    document.add_heading("{{ groep.thema }}", level=2)
    _tag(document, "if groep.niveau")
    _p(document, "{{ groep.niveau }}", bold="Niveau: ")
    _tag(document, "endif")
    _goals_table(document, "doel in groep.doelen")
    _tag(document, "endfor")
    _tag(document, "if not themas")
    _p(document, "Het plan heeft nog geen doelen.")
    _tag(document, "endif")
    document.add_heading("2 Acties{% if jaar %} van het uitvoeringsprogramma {{ jaar }}{% endif %}", level=1)
    _tag(document, "if jaar")
    for group, title in GROUPS:
        document.add_heading(f"{title} ({{{{ acties.{group}|length }}}})", level=2)
        _tag(document, f"if acties.{group}")
        _table(
            document,
            ["Actiepunt", "Thema", "Uitvoering", "Einde", "Voortgang", "Evaluatie"],
            f"actie in acties.{group}",
            [
                "{{ actie.actiepunt }}",
                "{{ actie.thema }}",
                "{{ actie.organisatie }}{% if actie.eigenaar %}; {{ actie.eigenaar }}{% endif %}",
                "{{ actie.eind or '—' }}",
                "{{ actie.voortgang }}%{% if actie.bijgewerkt_op %} ({{ actie.bijgewerkt_op }}){% endif %}",
                "{{ actie.evaluatie or '—' }}",
            ],
        )
        _tag(document, "else")
        _p(document, "Geen.")
        _tag(document, "endif")
    _tag(document, "else")
    _p(document, "Er is nog geen uitvoeringsprogramma, dus nog geen acties om over te rapporteren.")
    _tag(document, "endif")
    return document


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (
        ("ivp.docx", build_plan),
        ("uitvoeringsprogramma.docx", build_programma),
        ("voortgangsrapportage.docx", build_rapportage),
    ):
        build().save(str(OUT / name))
        print(f"written {(OUT / name).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
