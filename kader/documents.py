"""The document "Strategisch kader integrale beveiliging" of one version, as Word and as PDF/A.

What is the kader's own lives here; rendering is the shared ``documents`` app.

* :func:`document_context` gathers everything the document shows as plain data (dicts, lists,
  strings, numbers, booleans, ``None``). Its shape is documented once, in :data:`PLACEHOLDERS`,
  which the template page and ``docs/kader-documenten.md`` both show.
* :data:`WORD` describes the kader's Word documents to ``documents.word``: the neutral default
  template in ``document_templates/`` and :func:`sample_context`, the complete made-up kader
  every uploaded template is tried on. :func:`render_docx` fills the default or the gemeente's
  own template in a separate process with hard limits (documents.worker).
* :func:`render_pdf` renders ``kader/document/kader.html`` and lays it out as tagged PDF/A-2a
  with the vendored Noto fonts embedded (documents.pdf), also in a separate process.
* The template page (upload, download, delete the gemeente's own template) is shared by every
  capability: ``documents.pages`` and ``documents.services``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from documents import data, http, pdf
from documents.data import Placeholder
from documents.data import placeholder_paths as placeholder_paths  # (re-exported for the tests)
from documents.models import Documentsoort
from documents.word import WordTemplates

from . import content
from .models import (
    Bedrijfsmiddel,
    Deelplan,
    DeelplanStatus,
    DeelplanThema,
    Doel,
    Fase,
    Governance,
    KaderVersie,
    Mensgroep,
    MensgroepSoort,
    PdcaFase,
    Status,
    Uitgangspunt,
    UitgangspuntDoel,
    UitgangspuntGroep,
    Verantwoordelijkheid,
    WetOfNorm,
    WetThema,
)

TITEL = "Strategisch kader integrale beveiliging"
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "document_templates" / "kader.docx"


# --- the placeholders -----------------------------------------------------------------------------


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document: ‘Strategisch kader integrale beveiliging’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop het document is gemaakt, bijvoorbeeld ‘3 maart 2026’."),
    Placeholder("versie.nummer", "Het versienummer van het kader (1, 2, …)."),
    Placeholder("versie.status", "De status in woorden: Concept, Ter besluitvorming, Vastgesteld of Vervallen."),
    Placeholder(
        "versie.is_concept", "Waar (true) als de versie nog een concept is; gebruik het om ‘CONCEPT’ te tonen."
    ),
    Placeholder("versie.is_vastgesteld", "Waar (true) als de versie vastgesteld of vervallen is."),
    Placeholder("versie.vastgesteld_op", "De datum van vaststelling in woorden, of leeg."),
    Placeholder("versie.vastgesteld_door", "Het orgaan dat de versie vaststelde, of leeg."),
    Placeholder("versie.besluitkenmerk", "Het kenmerk van het besluit, of leeg."),
    Placeholder("versie.gebaseerd_op", "Het nummer van de versie waarop deze versie voortbouwt, of leeg."),
    Placeholder("visie.tekst", "Stap 1: de visie van de gemeente op integrale beveiliging."),
    Placeholder("visie.minimaal", "De minimale variant van de visie."),
    Placeholder("visie.maximaal", "De maximale variant van de visie."),
    Placeholder("visie.onderbouwing", "Waarom de gemeente voor deze visie heeft gekozen."),
    Placeholder("scope.bedrijfsmiddelen[]", "Stap 2: de categorieën bedrijfsmiddelen binnen de scope (tekst)."),
    Placeholder("scope.bedrijfsmiddelen_buiten[]", "De categorieën bedrijfsmiddelen die buiten de scope vallen."),
    Placeholder("scope.mensgroepen[]", "De groepen mensen binnen de scope; per groep:"),
    Placeholder("scope.mensgroepen[].groep", "de naam van de groep, bijvoorbeeld ‘Medewerkers’;"),
    Placeholder("scope.mensgroepen[].moet_weten", "wat deze groep van het kader moet weten."),
    Placeholder("scope.deelplannen[]", "De bestaande deelplannen per thema; per deelplan:"),
    Placeholder("scope.deelplannen[].thema", "het thema, bijvoorbeeld ‘Informatiebeveiliging’;"),
    Placeholder("scope.deelplannen[].titel", "de titel van het plan;"),
    Placeholder("scope.deelplannen[].eigenaar", "de eigenaar van het plan, of leeg;"),
    Placeholder("scope.deelplannen[].status", "de status: Ontbreekt, In ontwikkeling, Vastgesteld of Verouderd;"),
    Placeholder("scope.deelplannen[].link", "de link naar het plan, of leeg;"),
    Placeholder(
        "scope.deelplannen[].bestandsnaam", "de naam van het bestand dat bij het deelplan is opgeslagen, of leeg;"
    ),
    Placeholder("scope.deelplannen[].vindplaats", "waar het plan te vinden is: de link, anders de bestandsnaam."),
    Placeholder("scope.wetten[]", "Het wettelijk kader per thema; per thema:"),
    Placeholder("scope.wetten[].thema", "de naam van het thema, bijvoorbeeld ‘Cameratoezicht’;"),
    Placeholder("scope.wetten[].wetten[]", "de wetten en normen van dat thema; per wet of norm:"),
    Placeholder("scope.wetten[].wetten[].naam", "de naam van de wet of norm;"),
    Placeholder("scope.wetten[].wetten[].van_toepassing", "‘Ja’, ‘Nee’ of ‘Nog niet bepaald’;"),
    Placeholder("scope.wetten[].wetten[].reden", "de reden van die keuze, of leeg."),
    Placeholder("doelen.relevant[]", "Stap 3: de beveiligingsdoelen die voor de gemeente gelden; per doel:"),
    Placeholder("doelen.relevant[].titel", "de titel van het doel;"),
    Placeholder("doelen.relevant[].toelichting", "de toelichting, of leeg;"),
    Placeholder("doelen.relevant[].eigen_doel", "waar (true) als de gemeente het doel zelf heeft toegevoegd."),
    Placeholder("doelen.niet_relevant[]", "De doelen die de gemeente niet relevant heeft geacht; per doel:"),
    Placeholder("doelen.niet_relevant[].titel", "de titel van het doel;"),
    Placeholder("doelen.niet_relevant[].toelichting", "de toelichting, of leeg;"),
    Placeholder("doelen.niet_relevant[].eigen_doel", "waar (true) als de gemeente het doel zelf heeft toegevoegd."),
    Placeholder("doelen.niet_beoordeeld[]", "De doelen waarvan nog niet is beoordeeld of ze relevant zijn; per doel:"),
    Placeholder("doelen.niet_beoordeeld[].titel", "de titel van het doel;"),
    Placeholder("doelen.niet_beoordeeld[].toelichting", "de toelichting, of leeg;"),
    Placeholder("doelen.niet_beoordeeld[].eigen_doel", "waar (true) als de gemeente het doel zelf heeft toegevoegd."),
    Placeholder("uitgangspunten[]", "Stap 4: de zes groepen uitgangspunten; per groep:"),
    Placeholder("uitgangspunten[].groep", "de naam van de groep, bijvoorbeeld ‘Governance’;"),
    Placeholder("uitgangspunten[].omschrijving", "waar de groep over gaat;"),
    Placeholder("uitgangspunten[].punten[]", "de uitgangspunten van de groep; per uitgangspunt:"),
    Placeholder("uitgangspunten[].punten[].tekst", "de tekst van het uitgangspunt;"),
    Placeholder("uitgangspunten[].punten[].doelen[]", "de titels van de doelen die het uitgangspunt dient."),
    Placeholder("kwaliteitssysteem.governance", "Stap 5: de gekozen governancevariant, of leeg."),
    Placeholder("kwaliteitssysteem.governance_uitleg", "Wat de gekozen governancevariant inhoudt, of leeg."),
    Placeholder("kwaliteitssysteem.governance_toelichting", "De toelichting van de gemeente op de governance."),
    Placeholder("kwaliteitssysteem.pdca[]", "De vier fasen van de PDCA-cyclus; per fase:"),
    Placeholder("kwaliteitssysteem.pdca[].fase", "de naam van de fase: Plan, Do, Check of Act;"),
    Placeholder("kwaliteitssysteem.pdca[].uitleg", "waar de fase in het algemeen voor is;"),
    Placeholder("kwaliteitssysteem.pdca[].wat", "wat er in deze fase gebeurt;"),
    Placeholder("kwaliteitssysteem.pdca[].wanneer", "wanneer dat gebeurt;"),
    Placeholder("kwaliteitssysteem.pdca[].wie", "door wie."),
    Placeholder("kwaliteitssysteem.rollen[]", "De rollen in de verantwoordelijkhedenmatrix (de kolommen)."),
    Placeholder("kwaliteitssysteem.matrix[]", "De rijen van de verantwoordelijkhedenmatrix; per activiteit:"),
    Placeholder("kwaliteitssysteem.matrix[].activiteit", "de naam van de activiteit;"),
    Placeholder(
        "kwaliteitssysteem.matrix[].cellen[]", "per rol (in de volgorde van ‘rollen’) de letter R, A, C of I, of leeg."
    ),
    Placeholder("kwaliteitssysteem.verantwoordelijkheden[]", "Dezelfde verdeling als lijst; per regel:"),
    Placeholder("kwaliteitssysteem.verantwoordelijkheden[].rol", "de rol;"),
    Placeholder("kwaliteitssysteem.verantwoordelijkheden[].activiteit", "de activiteit;"),
    Placeholder("kwaliteitssysteem.verantwoordelijkheden[].aard", "de letter R, A, C of I;"),
    Placeholder("kwaliteitssysteem.verantwoordelijkheden[].aard_uitleg", "die letter in woorden."),
    Placeholder("kwaliteitssysteem.legenda[]", "De betekenis van de letters; per letter:"),
    Placeholder("kwaliteitssysteem.legenda[].letter", "R, A, C of I;"),
    Placeholder("kwaliteitssysteem.legenda[].betekenis", "de betekenis, bijvoorbeeld ‘Voert uit’."),
    Placeholder("definities[]", "De begrippen van integrale beveiliging; per begrip:"),
    Placeholder("definities[].begrip", "het begrip;"),
    Placeholder("definities[].omschrijving", "wat het betekent."),
    Placeholder("bijlage[]", "Bijlage: de volledige lijst wetten en normen per thema; per thema:"),
    Placeholder("bijlage[].thema", "de naam van het thema;"),
    Placeholder("bijlage[].wetten[]", "de wetten en normen van dat thema; per wet of norm:"),
    Placeholder("bijlage[].wetten[].naam", "de naam;"),
    Placeholder("bijlage[].wetten[].toelichting", "waarom de wet of norm van belang is;"),
    Placeholder("bijlage[].wetten[].van_toepassing", "‘Ja’, ‘Nee’ of ‘Nog niet bepaald’."),
)


def placeholders_markdown() -> str:
    """The table of placeholders as Markdown (docs/kader-documenten.md holds this table)."""
    return data.placeholders_markdown(PLACEHOLDERS)


# --- the data of the document ----------------------------------------------------------------------

_text = data.text


def _date(value: datetime.date | None) -> str | None:
    return formats.date_format(value, "j F Y") if value else None


def _ja_nee(value: bool | None) -> str:
    return "Nog niet bepaald" if value is None else ("Ja" if value else "Nee")


def _order(choices: Any) -> dict[str, int]:
    return {value: i for i, value in enumerate(choices.values)}


@dataclass
class _Rows:
    """The rows of one version, as ``values()`` dictionaries (or made up for the sample)."""

    mensgroepen: list[dict[str, Any]]
    deelplannen: list[dict[str, Any]]
    wetten: list[dict[str, Any]]
    doelen: list[dict[str, Any]]
    uitgangspunten: list[dict[str, Any]]
    koppelingen: list[tuple[Any, Any]]  # (uitgangspunt id, doel id)
    pdca: list[dict[str, Any]]
    verantwoordelijkheden: list[dict[str, Any]]


def _wetten_per_thema(
    wetten: list[dict[str, Any]], fields: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[dict[str, Any]]:
    order = _order(WetThema)
    groups: dict[str, list[dict[str, Any]]] = {}
    for wet in sorted(wetten, key=lambda w: (order.get(w["thema"], 99), w["volgorde"], w["naam"])):
        groups.setdefault(wet["thema"], []).append(fields(wet))
    return [{"thema": str(WetThema(thema).label), "wetten": rows} for thema, rows in groups.items()]


def _doel(row: dict[str, Any]) -> dict[str, Any]:
    return {"titel": _text(row["titel"]), "toelichting": _text(row["toelichting"]), "eigen_doel": not row["sleutel"]}


def _matrix(rows: list[dict[str, Any]]) -> dict[str, Any]:
    rollen = list(dict.fromkeys(r["rol"] for r in rows))
    activiteiten = list(dict.fromkeys(r["activiteit"] for r in rows))
    cell = {(r["activiteit"], r["rol"]): r["aard"] for r in rows}
    return {
        "rollen": [_text(r) for r in rollen],
        "matrix": [
            {"activiteit": _text(a), "cellen": [cell.get((a, rol), "") for rol in rollen]} for a in activiteiten
        ],
        "verantwoordelijkheden": [
            {
                "rol": _text(r["rol"]),
                "activiteit": _text(r["activiteit"]),
                "aard": r["aard"],
                "aard_uitleg": _AARD_UITLEG.get(r["aard"], ""),
            }
            for r in rows
        ],
        "legenda": [{"letter": letter, "betekenis": uitleg} for letter, uitleg in _AARD_UITLEG.items()],
    }


_AARD_UITLEG = {
    "R": "Voert uit",
    "A": "Eindverantwoordelijk",
    "C": "Wordt geraadpleegd",
    "I": "Wordt geïnformeerd",
}


def _assemble(meta: dict[str, Any], rows: _Rows) -> dict[str, Any]:
    """The document's data from the version's own fields (``meta``) and its parts (``rows``)."""
    plan_order, groep_order = _order(DeelplanThema), _order(UitgangspuntGroep)
    doel_titel = {d["id"]: d for d in rows.doelen}
    dient: dict[Any, list[dict[str, Any]]] = {}
    for punt_id, doel_id in rows.koppelingen:
        if doel_id in doel_titel:
            dient.setdefault(punt_id, []).append(doel_titel[doel_id])
    punten: dict[str, list[dict[str, Any]]] = {groep: [] for groep in UitgangspuntGroep.values}
    for punt in sorted(rows.uitgangspunten, key=lambda p: (groep_order.get(p["groep"], 99), p["volgorde"])):
        doelen = sorted(dient.get(punt["id"], []), key=lambda d: (d["volgorde"], d["titel"]))
        punten.setdefault(punt["groep"], []).append(
            {"tekst": _text(punt["tekst"]), "doelen": [_text(d["titel"]) for d in doelen]}
        )
    pdca_uitleg = dict(content.PDCA)
    governance = meta["governance"]
    chosen = meta["bedrijfsmiddelen"]
    return {
        "titel": TITEL,
        "gemeente": _text(meta["gemeente"]),
        "datum": _date(meta["datum"]),
        "versie": {
            "nummer": meta["nummer"],
            "status": str(Status(meta["status"]).label),
            "is_concept": meta["status"] == Status.CONCEPT,
            "is_vastgesteld": meta["status"] in {Status.VASTGESTELD, Status.VERVALLEN},
            "vastgesteld_op": _date(meta["vastgesteld_op"]),
            "vastgesteld_door": _text(meta["vastgesteld_door"]),
            "besluitkenmerk": _text(meta["besluitkenmerk"]),
            "gebaseerd_op": meta["gebaseerd_op"],
        },
        "visie": {
            "tekst": _text(meta["visie"]),
            "minimaal": _text(meta["visie_minimaal"]),
            "maximaal": _text(meta["visie_maximaal"]),
            "onderbouwing": _text(meta["visie_onderbouwing"]),
        },
        "scope": {
            "bedrijfsmiddelen": [str(m.label) for m in Bedrijfsmiddel if m.value in chosen],
            "bedrijfsmiddelen_buiten": [str(m.label) for m in Bedrijfsmiddel if m.value not in chosen],
            "mensgroepen": [
                {"groep": str(MensgroepSoort(g["soort"]).label), "moet_weten": _text(g["moet_weten"])}
                for g in sorted(rows.mensgroepen, key=lambda g: g["volgorde"])
            ],
            "deelplannen": [
                {
                    "thema": str(DeelplanThema(p["thema"]).label),
                    "titel": _text(p["titel"]),
                    "eigenaar": _text(p["eigenaar"]),
                    "status": str(DeelplanStatus(p["status"]).label),
                    "link": _text(p["link"]),
                    "bestandsnaam": _text(p["bestandsnaam"]),
                    "vindplaats": _text(p["link"] or p["bestandsnaam"]),
                }
                for p in sorted(rows.deelplannen, key=lambda p: (plan_order.get(p["thema"], 99), p["titel"]))
            ],
            "wetten": _wetten_per_thema(
                rows.wetten,
                lambda w: {
                    "naam": _text(w["naam"]),
                    "van_toepassing": _ja_nee(w["van_toepassing"]),
                    "reden": _text(w["reden"]),
                },
            ),
        },
        "doelen": {
            "relevant": [_doel(d) for d in rows.doelen if d["relevant"] is True],
            "niet_relevant": [_doel(d) for d in rows.doelen if d["relevant"] is False],
            "niet_beoordeeld": [_doel(d) for d in rows.doelen if d["relevant"] is None],
        },
        "uitgangspunten": [
            {
                "groep": str(UitgangspuntGroep(groep).label),
                "omschrijving": content.UITGANGSPUNT_GROEPEN.get(groep, ""),
                "punten": punten[groep],
            }
            for groep in UitgangspuntGroep.values
        ],
        "kwaliteitssysteem": {
            "governance": str(Governance(governance).label) if governance else None,
            "governance_uitleg": content.GOVERNANCE.get(governance) if governance else None,
            "governance_toelichting": _text(meta["governance_toelichting"]),
            "pdca": [
                {
                    "fase": str(Fase(f["fase"]).label),
                    "uitleg": pdca_uitleg.get(f["fase"], ""),
                    "wat": _text(f["wat"]),
                    "wanneer": _text(f["wanneer"]),
                    "wie": _text(f["wie"]),
                }
                for f in sorted(rows.pdca, key=lambda f: f["volgorde"])
            ],
            **_matrix(sorted(rows.verantwoordelijkheden, key=lambda r: (r["volgorde"], r["activiteit"], r["rol"]))),
        },
        "definities": [
            {"begrip": begrip[:1].upper() + begrip[1:], "omschrijving": uitleg}
            for begrip, uitleg in content.DEFINITIES.items()
        ],
        "bijlage": _wetten_per_thema(
            rows.wetten,
            lambda w: {
                "naam": _text(w["naam"]),
                "toelichting": _text(w["toelichting"]),
                "van_toepassing": _ja_nee(w["van_toepassing"]),
            },
        ),
    }


_META_FIELDS = (
    "nummer",
    "status",
    *KaderVersie.EDIT_FIELDS,
    "vastgesteld_op",
    "vastgesteld_door",
    "besluitkenmerk",
)


def document_context(versie: KaderVersie) -> dict[str, Any]:
    """Everything the document shows, as plain data: one query per part (8).

    Runs inside the caller's tenancy binding; ``versie`` must come from ``visible_to`` with
    ``select_related("gemeente", "gebaseerd_op")`` (otherwise each costs a query more).
    """
    of = {"versie": versie}
    rows = _Rows(
        mensgroepen=list(Mensgroep.objects.filter(**of).values("soort", "moet_weten", "volgorde")),
        deelplannen=list(
            Deelplan.objects.filter(**of).values("thema", "titel", "eigenaar", "status", "link", "bestandsnaam")
        ),
        wetten=list(
            WetOfNorm.objects.filter(**of).values("thema", "naam", "toelichting", "van_toepassing", "reden", "volgorde")
        ),
        doelen=list(Doel.objects.filter(**of).values("id", "sleutel", "titel", "toelichting", "relevant", "volgorde")),
        uitgangspunten=list(Uitgangspunt.objects.filter(**of).values("id", "groep", "tekst", "volgorde")),
        koppelingen=list(UitgangspuntDoel.objects.filter(**of).values_list("uitgangspunt_id", "doel_id")),
        pdca=list(PdcaFase.objects.filter(**of).values("fase", "wat", "wanneer", "wie", "volgorde")),
        verantwoordelijkheden=list(
            Verantwoordelijkheid.objects.filter(**of).values("rol", "activiteit", "aard", "volgorde")
        ),
    )
    meta = {name: getattr(versie, name) for name in _META_FIELDS}
    meta |= {
        "gemeente": versie.gemeente.name,
        "datum": timezone.localdate(),
        "gebaseerd_op": versie.gebaseerd_op.nummer if versie.gebaseerd_op else None,
    }
    with translation.override("nl"):
        return _assemble(meta, rows)


def sample_context() -> dict[str, Any]:
    """A complete made-up kader with every list filled: what an uploaded template is tried on."""
    ids = iter(range(1, 10_000))
    doelen = [
        {"id": next(ids), "sleutel": key, "titel": titel, "toelichting": uitleg, "relevant": i != 1, "volgorde": i}
        for i, (key, titel, uitleg) in enumerate(content.DOELEN)
    ]
    doelen.append(
        {"id": 0, "sleutel": None, "titel": "Eigen doel", "toelichting": None, "relevant": None, "volgorde": 99}
    )
    by_key = {d["sleutel"]: d["id"] for d in doelen}
    punten, koppelingen = [], []
    for groep, voorbeelden in content.VOORBEELD_UITGANGSPUNTEN.items():
        for i, (tekst, keys) in enumerate(voorbeelden):
            punten.append({"id": next(ids), "groep": groep, "tekst": tekst, "volgorde": i})
            koppelingen += [(punten[-1]["id"], by_key[k]) for k in keys]
    rows = _Rows(
        mensgroepen=[
            {"soort": soort, "moet_weten": tekst, "volgorde": i}
            for i, (soort, tekst) in enumerate(content.MENSGROEPEN_MOET_WETEN.items())
        ],
        deelplannen=[
            {
                "thema": thema,
                "titel": f"Plan {label.lower()}",
                "eigenaar": "Teamleider",
                "status": "vastgesteld",
                "link": "https://intranet.example/plan" if i % 2 else None,
                "bestandsnaam": None if i % 2 else "plan.pdf",
            }
            for i, (thema, label) in enumerate(DeelplanThema.choices)
        ],
        wetten=[
            {
                "thema": thema,
                "naam": naam,
                "toelichting": uitleg,
                "van_toepassing": i != 1,
                "reden": "Toelichting.",
                "volgorde": i,
            }
            for thema, wetten in content.WETTELIJK_KADER.items()
            for i, (naam, uitleg) in enumerate(wetten)
        ],
        doelen=doelen,
        uitgangspunten=punten,
        koppelingen=koppelingen,
        pdca=[
            {"fase": fase, "wat": uitleg, "wanneer": "Jaarlijks", "wie": "Coördinator", "volgorde": i}
            for i, (fase, uitleg) in enumerate(content.PDCA)
        ],
        verantwoordelijkheden=[
            {"rol": rol, "activiteit": activiteit, "aard": aard, "volgorde": i}
            for i, (rol, activiteit, aard) in enumerate(
                [
                    ("Coördinator", "Jaarplan opstellen", "R"),
                    ("Directie", "Jaarplan opstellen", "A"),
                    ("Thema-eigenaar", "Jaarplan opstellen", "C"),
                    ("Thema-eigenaar", "Maatregelen uitvoeren", "R"),
                    ("Coördinator", "Maatregelen uitvoeren", "I"),
                ]
            )
        ],
    )
    meta: dict[str, Any] = dict.fromkeys(_META_FIELDS, "Voorbeeldtekst.")
    meta |= {
        "nummer": 2,
        "status": Status.VASTGESTELD,
        "bedrijfsmiddelen": [Bedrijfsmiddel.MENSEN, Bedrijfsmiddel.GEBOUWEN],
        "governance": Governance.CENTRAAL,
        "vastgesteld_op": datetime.date(2026, 3, 3),
        "vastgesteld_door": "College van burgemeester en wethouders",
        "besluitkenmerk": "B-2026-001",
        "gemeente": "Gemeente Voorbeeld",
        "datum": datetime.date(2026, 3, 3),
        "gebaseerd_op": 1,
    }
    with translation.override("nl"):
        return _assemble(meta, rows)


# --- rendering ------------------------------------------------------------------------------------------

# The kader's kind of Word document: its default template and the sample uploads are tried on
# (documents.word; the budget of every render is measured from these two).
WORD = WordTemplates(soort=Documentsoort.KADER, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def render_docx(versie: KaderVersie, template_bytes: bytes | None = None) -> bytes:
    """The kader of ``versie`` as .docx, on ``template_bytes`` or the default template.

    Raises a ``documents.errors.DocumentError`` if the template cannot be filled, ``RenderBusy``
    if every render slot is taken.
    """
    return WORD.render(document_context(versie), template_bytes)


def _pdf_html(versie: KaderVersie) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    return render_to_string("kader/document/kader.html", {"doc": document_context(versie), "fonts": fonts}), fonts


def layout_pdf(versie: KaderVersie) -> Any:
    """The kader of ``versie`` laid out on pages in this process (a WeasyPrint ``Document``), to inspect."""
    return pdf.layout(*_pdf_html(versie))


def render_pdf(versie: KaderVersie) -> bytes:
    """The kader of ``versie`` as tagged PDF/A-2a (Dutch, with title, contents and page numbers)."""
    return pdf.render_pdf(*_pdf_html(versie))


def document_filename(versie: KaderVersie, extension: str) -> str:
    """E.g. ``strategisch-kader-gemeente-aastad-versie-2-concept.docx``."""
    gemeente = slugify(versie.gemeente.name) or "gemeente"
    status = "" if versie.status == Status.VASTGESTELD else str(versie.get_status_display())
    return http.filename("strategisch kader", gemeente, f"versie {versie.nummer}", status, extension=extension)
