"""Build the neutral default Word template of the rode-dradenanalyse of incidents.

    .venv/bin/python scripts/build_incidenten_template.py

Writes ``incidenten/document_templates/rode_draden.docx`` with the helpers of the other templates:
Word's own styles, a table of contents field, page numbers, a running header, repeated table
header rows, Dutch as the language, and docxtpl tags for the placeholders of
``incidenten.documents``. After changing this script, run it and commit both the script and the
.docx file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_ivp_templates import _contents, _start
from build_kader_template import _p, _table, _tag
from docx.document import Document as DocumentType

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "incidenten" / "document_templates" / "rode_draden.docx"
TABLES = (
    ("Per soort incident", "Soort", "soorten"),
    ("Per thema", "Thema", "themas"),
    ("De plaatsen met de meeste incidenten", "Plaats of bedrijfsmiddel", "plaatsen"),
    ("Per maand, naast dezelfde maand van de periode ervoor", "Maand", "maanden"),
)


def build() -> DocumentType:
    document = _start(
        "Rode draden in de incidenten",
        "{{ gemeente }}, {{ periode }}",
        "rode draden; incidenten; integrale beveiliging",
        "{{ titel }} – {{ gemeente }} – {{ periode }}",
    )
    document.add_paragraph("{{ titel }}", style="Title")
    document.add_paragraph("{{ gemeente }}", style="Subtitle")
    _p(document, "{{ periode }}, vergeleken met {{ vorige }}. {{ scope }}", bold="Periode: ")
    _p(document, "{{ datum }}.", bold="Gemaakt op: ")
    _contents(document)
    document.add_heading("Samenvatting", level=1)
    _p(document, "{{ samenvatting.tekst }}")
    document.add_heading("1 Wat opvalt", level=1)
    _tag(document, "for zin in signalen")
    _p(document, "{{ zin }}", style="List Bullet")
    _tag(document, "endfor")
    _tag(document, "if not signalen")
    _p(document, "Geen patroon valt op.")
    _tag(document, "endif")
    document.add_heading("2 Conclusies", level=1)
    _tag(document, "for alinea in conclusies")
    _p(document, "{{ alinea }}")
    _tag(document, "endfor")
    _tag(document, "if not conclusies")
    _p(document, "Nog geen conclusies.")
    _tag(document, "endif")
    document.add_heading("3 Acties", level=1)
    _tag(document, "if acties")
    _table(
        document,
        ["Actie", "Klaar als", "Eigenaar", "Uiterlijk", "Status"],
        "a in acties",
        ["{{ a.titel }}", "{{ a.resultaat }}", "{{ a.eigenaar or '—' }}", "{{ a.deadline }}", "{{ a.status }}"],
    )
    _tag(document, "else")
    _p(document, "Nog geen acties.")
    _tag(document, "endif")
    document.add_heading("4 De cijfers", level=1)
    _p(
        document,
        "Het aantal incidenten in {{ periode }} (‘periode’) naast {{ vorige }} (‘ervoor’). Een patroon vraagt ten "
        "minste drie incidenten: een stijging of daling met de helft of meer, een plaats waar het steeds weer "
        "gebeurt, of een maand met twee keer het gemiddelde.",
    )
    for title, column, name in TABLES:
        document.add_heading(title, level=2)
        _table(
            document,
            [column, "Periode", "Ervoor", "Verschil", "Patroon"],
            f"r in {name}",
            ["{{ r.naam }}", "{{ r.nu }}", "{{ r.toen }}", "{{ r.verschil }}", "{{ r.signaal or '' }}"],
        )
    return document


def main() -> int:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(OUT))
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
