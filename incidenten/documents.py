"""The rode-dradenanalyse as a document: Word (the shared ``documents`` app) and PDF/A-2a.

:func:`document_context` gives, as plain data documented in :data:`PLACEHOLDERS`, the figures of
the kept analysis's period beside the period before (``incidenten.rode_draden``: kinds, themes,
places, months and the patterns in sentences), the coördinator's conclusions and the actions
drawn from them. Six queries whatever the number of incidents: the counts are grouped and the
tables bounded, so the document is made in the request. The default Word template is
``incidenten/document_templates/rode_draden.docx``, made by ``scripts/build_incidenten_template.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron
from documents import http, pdf
from documents.data import Placeholder, text
from documents.models import Documentsoort
from documents.word import WordTemplates
from ivp.documents.common import date
from organisations.models import Membership

from .models import RodeDraden
from .rode_draden import Periode, Rij, analyse, times

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "document_templates" / "rode_draden.docx"
TITEL = "Rode draden in de incidenten"

_ROW = (
    ("naam", "de naam;"),
    ("nu", "het aantal incidenten in de periode;"),
    ("toen", "het aantal in de periode ervoor;"),
    ("verschil", "het verschil, bijvoorbeeld ‘+4 (+50%)’;"),
    ("signaal", "het patroon: ‘stijging’, ‘daling’, ‘komt terug’, ‘piek’ of leeg."),
)


def _rows(name: str, what: str) -> tuple[Placeholder, ...]:
    return (Placeholder(f"{name}[]", what), *(Placeholder(f"{name}[].{key}", say) for key, say in _ROW))


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document: ‘Rode draden in de incidenten’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop het document is gemaakt."),
    Placeholder("periode", "De periode van de analyse, bijvoorbeeld ‘2026’."),
    Placeholder("vorige", "De periode ervoor, even lang, waarmee vergeleken wordt."),
    Placeholder("scope", "Welke incidenten meetellen: die van de hele gemeente of van enkele thema's."),
    Placeholder("samenvatting.tekst", "De aantallen in een paar zinnen."),
    Placeholder("samenvatting.totaal", "Het aantal incidenten in de periode."),
    Placeholder("samenvatting.totaal_vorige", "Het aantal incidenten in de periode ervoor."),
    Placeholder("samenvatting.ernstig", "Het aantal ernstige en zeer ernstige incidenten in de periode."),
    Placeholder("samenvatting.ernstig_vorige", "Dat aantal in de periode ervoor."),
    Placeholder("signalen[]", "De patronen die opvallen, elk in een zin, de grootste verandering eerst."),
    *_rows("soorten", "Per soort incident, de meeste eerst:"),
    *_rows("themas", "Per thema, de meeste eerst:"),
    *_rows("plaatsen", "De 15 plaatsen of bedrijfsmiddelen met de meeste incidenten:"),
    *_rows("maanden", "Elke maand van de periode, naast dezelfde maand van de periode ervoor:"),
    Placeholder("conclusies[]", "De conclusies van de coördinator, per alinea."),
    Placeholder("acties[]", "De acties die uit de conclusies volgen; per actie:"),
    Placeholder("acties[].titel", "wat er gebeurt;"),
    Placeholder("acties[].resultaat", "waaraan te zien is dat de actie af is;"),
    Placeholder("acties[].eigenaar", "de eigenaar, of leeg;"),
    Placeholder("acties[].deadline", "de datum waarop de actie uiterlijk klaar is, in woorden;"),
    Placeholder("acties[].status", "de status."),
)


def _row(row: Rij) -> dict[str, Any]:
    return {
        "naam": text(row.label),
        "nu": row.nu,
        "toen": row.toen,
        "verschil": row.verschil_tekst,
        "signaal": row.signaal_tekst,
    }


def summary(periode: Periode, vorige: Periode, totaal: Rij, ernstig: Rij, signalen: int) -> str:
    patterns = (
        "geen patroon valt op"
        if not signalen
        else ("1 patroon valt op" if signalen == 1 else f"{signalen} patronen vallen op")
    )
    return (
        f"In {periode.label} zijn {times(totaal.nu)} gemeld, in {vorige.label} {totaal.toen}. "
        f"Ernstig of zeer ernstig waren er {ernstig.nu}, tegen {ernstig.toen} in de periode ervoor; {patterns}."
    )


def document_context(membership: Membership, kept: RodeDraden) -> dict[str, Any]:
    """The analysis ``kept`` as plain data: what ``membership`` may read of the incidents (5 queries)."""
    found = analyse(membership, Periode(kept.van, kept.tot))
    acties = acties_services.van_bron(Bron.RODE_DRADEN, kept.pk)
    return {
        "titel": TITEL,
        "gemeente": text(membership.gemeente.name),
        "datum": date(timezone.localdate()),
        "periode": found.periode.label,
        "vorige": found.vorige.label,
        "scope": found.scope,
        "samenvatting": {
            "tekst": summary(found.periode, found.vorige, found.totaal, found.ernstig, len(found.signalen)),
            "totaal": found.totaal.nu,
            "totaal_vorige": found.totaal.toen,
            "ernstig": found.ernstig.nu,
            "ernstig_vorige": found.ernstig.toen,
        },
        "signalen": [text(s) for s in found.signalen],
        "soorten": [_row(r) for r in found.soorten],
        "themas": [_row(r) for r in found.themas],
        "plaatsen": [_row(r) for r in found.plaatsen],
        "maanden": [_row(r) for r in found.maanden],
        "conclusies": [text(p.strip()) for p in kept.conclusies.split("\n") if p.strip()],
        "acties": [
            {
                "titel": text(a.titel),
                "resultaat": text(a.resultaat),
                "eigenaar": text(a.eigenaar.user.full_name or a.eigenaar.user.email) if a.eigenaar else None,
                "deadline": date(a.deadline),
                "status": str(a.get_status_display()),
            }
            for a in acties
        ],
    }


def sample_context() -> dict[str, Any]:
    """A complete made-up analysis with every list filled."""
    row = {"naam": "Agressie tegen medewerkers", "nu": 12, "toen": 6, "verschil": "+6 (+100%)", "signaal": "stijging"}
    return {
        "titel": TITEL,
        "gemeente": "Gemeente Voorbeeld",
        "datum": "2 februari 2028",
        "periode": "2027",
        "vorige": "2026",
        "scope": "Alle incidenten van de gemeente.",
        "samenvatting": {
            "tekst": "In 2027 zijn 30 incidenten gemeld, in 2026 24.",
            "totaal": 30,
            "totaal_vorige": 24,
            "ernstig": 4,
            "ernstig_vorige": 2,
        },
        "signalen": ["Agressie tegen medewerkers: 12 incidenten, in de periode ervoor 6 (een stijging van 100%)."],
        "soorten": [row],
        "themas": [{**row, "naam": "Sociale veiligheid"}],
        "plaatsen": [{**row, "naam": "Publieksbalie stadhuis", "signaal": "komt terug"}],
        "maanden": [{**row, "naam": "maart 2027", "signaal": "piek"}],
        "conclusies": ["De agressie aan de balie neemt toe, vooral in de ochtend."],
        "acties": [
            {
                "titel": "Training omgaan met agressie voor de balie",
                "resultaat": "Alle baliemedewerkers hebben de training gevolgd.",
                "eigenaar": "A. de Vries",
                "deadline": "1 juni 2028",
                "status": "Open",
            }
        ],
    }


WORD = WordTemplates(soort=Documentsoort.RODE_DRADEN, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def filename(kept: RodeDraden, formaat: str) -> str:
    return http.filename("rode-draden", kept.gemeente.name, f"{kept.van}-{kept.tot}", extension=formaat)


def render_pdf(doc: dict[str, Any]) -> bytes:
    """The analysis ``doc`` (from :func:`document_context`) as tagged PDF/A-2a."""
    fonts = pdf.font_faces()
    tabellen = [
        ("Per soort incident", "Soort", doc["soorten"]),
        ("Per thema", "Thema", doc["themas"]),
        ("De plaatsen met de meeste incidenten", "Plaats of bedrijfsmiddel", doc["plaatsen"]),
        ("Per maand, naast dezelfde maand van de periode ervoor", "Maand", doc["maanden"]),
    ]
    context = {"doc": doc, "tabellen": tabellen, "fonts": fonts}
    return pdf.render_pdf(render_to_string("incidenten/document/rode_draden.html", context), fonts)
