"""Build the neutral default Word template of the risicorapportage.

    .venv/bin/python scripts/build_risicos_template.py

Writes ``risicos/document_templates/risicorapportage.docx`` the way ``build_ivp_templates.py``
writes the veiligheidsplan's (and with its helpers): Word's own styles, a table of contents
field, page numbers, a running header, repeated table header rows, Dutch as the language, and
docxtpl tags for the placeholders of ``risicos.documents``. The heat maps are pictures with
their summary as alt text, each followed by the same counts as a table. A gemeente can use its
own template instead. After changing this script, run it and commit both the script and the
.docx file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_ivp_templates import _contents, _start
from build_kader_template import _p, _table, _tag
from docx.document import Document as DocumentType
from docx.oxml import OxmlElement

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "risicos" / "document_templates" / "risicorapportage.docx"


def _pairs(document: DocumentType, headers: tuple[str, str], rows: list[tuple[str, str]]) -> None:
    """A fixed table of two columns: a label and a number."""
    table = document.add_table(rows=len(rows) + 1, cols=2)
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row, (label, value) in zip(table.rows[1:], rows, strict=True):
        row.cells[0].paragraphs[0].add_run(label)
        row.cells[1].paragraphs[0].add_run(value)


def _grid(document: DocumentType) -> None:
    """The counts of a heat map: kans classes as rows ({%tr %}), impact classes as columns ({%tc %})."""
    table = document.add_table(rows=4, cols=4)
    table.style = document.styles["Table Grid"]
    head = ["Kans \\ impact", "{%tc for label in kaart.impact %}", "{{ label }}", "{%tc endfor %}"]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for rij in kaart.rijen %}")
    row = [
        "{{ rij.kans }}: {{ rij.label }}",
        "{%tc for cel in rij.cellen %}",
        "{{ cel.aantal }} ({{ cel.niveau|lower }}{% if cel.boven %}, boven{% endif %})",
        "{%tc endfor %}",
    ]
    for cell, text in zip(table.rows[2].cells, row, strict=True):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _summary(document: DocumentType) -> None:
    document.add_heading("1 Samenvatting", level=1)
    _p(document, "{{ samenvatting.tekst }}")
    _pairs(
        document,
        ("Register", "Aantal"),
        [
            ("Bedrijfsmiddelen", "{{ samenvatting.bedrijfsmiddelen }}"),
            ("Risico's", "{{ samenvatting.risicos }}"),
            ("Boven de risicobereidheid", "{{ samenvatting.boven }}"),
            ("Nog niet gescoord", "{{ samenvatting.ongescoord }}"),
            ("Maatregelen", "{{ samenvatting.maatregelen }}"),
            ("Beoordeling te laat", "{{ samenvatting.reviews_te_laat }}"),
            ("Opnieuw te beoordelen", "{{ samenvatting.opnieuw }}"),
            ("Acceptaties verlopen", "{{ samenvatting.acceptaties_verlopen }}"),
            ("Acceptaties die binnen 90 dagen verlopen", "{{ samenvatting.acceptaties_binnenkort }}"),
        ],
    )
    document.add_heading("Risico's per niveau", level=2)
    _table(
        document,
        ["Niveau", "Bruto", "Netto"],
        "niveau in niveaus",
        [
            "{{ niveau.niveau }}{% if niveau.boven %} (boven de risicobereidheid){% endif %}",
            "{{ niveau.bruto }}",
            "{{ niveau.netto }}",
        ],
    )
    document.add_heading("Behandeling", level=2)
    _table(document, ["Behandeling", "Risico's"], "b in behandelingen", ["{{ b.behandeling }}", "{{ b.aantal }}"])
    document.add_heading("Acceptaties die aflopen", level=2)
    _tag(document, "if acceptaties")
    _table(
        document,
        ["Risico", "Geaccepteerd door", "Geldig tot"],
        "a in acceptaties",
        [
            "{{ a.risico }}",
            "{{ a.geaccepteerd_door }}",
            "{{ a.geldig_tot }}{% if a.verlopen %} (verlopen){% endif %}",
        ],
    )
    _tag(document, "else")
    _p(document, "Geen acceptatie is verlopen of verloopt binnen 90 dagen.")
    _tag(document, "endif")
    document.add_heading("Beoordelingen die te laat zijn", level=2)
    _tag(document, "if reviews")
    _table(
        document,
        ["Risico", "Had beoordeeld moeten zijn op", "Eigenaar"],
        "r in reviews",
        ["{{ r.risico }}", "{{ r.volgende_review }}", "{{ r.eigenaar or '—' }}"],
    )
    _tag(document, "else")
    _p(document, "Geen.")
    _tag(document, "endif")


def _heatmaps(document: DocumentType) -> None:
    document.add_heading("2 Heatmaps", level=1)
    _p(
        document,
        "Het aantal risico's per cel van de risicomatrix, bruto (zonder maatregelen) en netto (met de "
        "maatregelen van nu). De tabel onder elke heatmap geeft dezelfde aantallen; ‘boven’ betekent boven "
        "de risicobereidheid.",
    )
    _tag(document, "for kaart in heatmaps")
    document.add_heading("{{ kaart.kop }}", level=2)
    _p(document, "{{ kaart.afbeelding }}")
    _p(document, "{{ kaart.samenvatting }}")
    _grid(document)
    _tag(document, "endfor")


def _chains(document: DocumentType) -> None:
    document.add_heading("3 De beveiligingsketen per risico", level=1)
    _p(
        document,
        "Per risico de schakels die een ingevoerde maatregel dekt, de gaten in de keten, de maatregelen die er "
        "alleen op papier zijn of bij de laatste toets niet werkten, overlap en maatregelen die elkaar tegenwerken.",
    )
    _tag(document, "for r in risicos")
    document.add_heading("{{ r.titel }}", level=2)
    _p(
        document,
        "bruto {{ r.bruto or 'niet gescoord' }}, netto {{ r.netto or 'niet gescoord' }}"
        "{% if r.boven %} (boven de risicobereidheid){% endif %}; behandeling: {{ r.behandeling }}"
        "{% if r.dreiging %}; dreiging: {{ r.dreiging }}{% endif %}{% if r.eigenaar %}; eigenaar: {{ r.eigenaar }}"
        "{% endif %}.",
        bold="Niveau: ",
    )
    _p(document, "{{ r.schakels or 'geen' }}.", bold="Gedekte schakels: ")
    for field, label in (
        ("gaten", "Gat in de keten: "),
        ("op_papier", "Alleen op papier: "),
        ("werkt_niet", "Werkte niet bij de laatste toets: "),
        ("overlap", "Overlap: "),
        ("tegenstrijdig", "Tegenstrijdig: "),
    ):
        _tag(document, f"for regel in r.{field}")
        _p(document, "{{ regel }}", style="List Bullet", bold=label)
        _tag(document, "endfor")
    _tag(document, "endfor")
    _tag(document, "if not risicos")
    _p(document, "Het register heeft nog geen risico's.")
    _tag(document, "endif")


def _kader_and_costs(document: DocumentType) -> None:
    document.add_heading("4 Van kader naar maatregel", level=1)
    _tag(document, "if kader.versie")
    _p(
        document,
        "Doelen en uitgangspunten van het strategisch kader (versie {{ kader.versie }}, {{ kader.status }}) "
        "waar nog geen maatregel bij hoort.",
    )
    document.add_heading("Beveiligingsdoelen zonder maatregel", level=2)
    _tag(document, "for doel in kader.doelen")
    _p(document, "{{ doel }}", style="List Bullet")
    _tag(document, "endfor")
    _tag(document, "if not kader.doelen")
    _p(document, "Elk doel heeft ten minste één maatregel.")
    _tag(document, "endif")
    document.add_heading("Uitgangspunten zonder maatregel", level=2)
    _tag(document, "for punt in kader.uitgangspunten")
    _p(document, "{{ punt }}", style="List Bullet")
    _tag(document, "endfor")
    _tag(document, "if not kader.uitgangspunten")
    _p(document, "Elk uitgangspunt heeft ten minste één maatregel.")
    _tag(document, "endif")
    _tag(document, "else")
    _p(document, "De gemeente heeft nog geen strategisch kader.")
    _tag(document, "endif")
    document.add_heading("5 Maatregelen en kosten", level=1)
    _p(
        document,
        "Eenmalige en jaarlijkse kosten van de maatregelen die niet zijn vervallen. Samen: eenmalig "
        "{{ kosten.eenmalig }}, per jaar {{ kosten.jaarlijks }}.",
    )
    document.add_heading("Per soort", level=2)
    _table(
        document,
        ["Soort", "Maatregelen", "Eenmalig", "Per jaar"],
        "t in kosten.soort_totalen",
        ["{{ t.soort }}", "{{ t.maatregelen }}", "{{ t.eenmalig }}", "{{ t.jaarlijks }}"],
    )
    document.add_heading("Per thema", level=2)
    _p(document, "Een maatregel met twee thema's telt bij beide.")
    _table(
        document,
        ["Thema", "Eenmalig", "Per jaar"],
        "t in kosten.themas",
        ["{{ t.thema }}", "{{ t.eenmalig }}", "{{ t.jaarlijks }}"],
    )


def build() -> DocumentType:
    document = _start(
        "Risicorapportage",
        "{{ gemeente }}, risicoregister op {{ datum }}",
        "risicorapportage; risicoregister; integrale beveiliging",
        "{{ titel }} – {{ gemeente }} – peildatum {{ datum }}",
    )
    document.add_paragraph("{{ titel }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(
        document,
        "Risicomatrix versie {{ matrix.versie }} ({{ matrix.omvang }}); risicobereidheid: "
        "{{ matrix.risicobereidheid }} of lager is aanvaardbaar.",
    )
    _p(document, "{{ datum }}.", bold="Peildatum: ")
    _contents(document)
    _summary(document)
    _heatmaps(document)
    _chains(document)
    _kader_and_costs(document)
    return document


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(OUT))
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
