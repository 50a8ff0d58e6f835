"""The risicorapportage: the register summed up for college, directie or auditor, as Word and PDF/A.

:func:`document_context` gathers, for the gemeente's current matrix, the title page data, the
summary in numbers (assets, risks per level inherent and residual, treatments, acceptances that
have expired or expire within :data:`ACCEPTATIE_DAGEN` days, overdue reviews), both heat maps
(a picture for Word, the SVG for the PDF, and the same counts as a table), the security chain of
every risk with its gaps, measures on paper only, overlap and conflicts (``risicos.analysis``),
the kader's goals and uitgangspunten that no measure serves, and the measures per type and theme
with their costs. Plain data documented in :data:`PLACEHOLDERS` (and in docs/risicos.md); a fixed
number of queries, whatever the size of the register.

Rendering is the shared ``documents`` app: :data:`WORD` (the default template in
``risicos/document_templates/``, made by ``scripts/build_risicos_template.py``, or the gemeente's
own) and :func:`render_pdf`. A big register's report is made by a background task
(:func:`start_report`, :func:`rapport_task`) whose page shows the progress; the result is a
:class:`~risicos.models.Rapport` to download.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from background.services import enqueue
from background.tasks import TaskRun, background_task
from documents import http, pdf
from documents.data import Placeholder, image, text
from documents.models import Documentsoort
from documents.word import WordTemplates
from ivp.documents.common import date, money
from ivp.infographic import svg_to_png
from lib import permissions
from lib.errors import UserError
from organisations.models import Membership

from . import analysis, heatmap
from .models import (
    Acceptatie,
    Bedrijfsmiddel,
    Behandeling,
    Formaat,
    Maatregel,
    MaatregelSoort,
    Matrix,
    Rapport,
    Risico,
    Schakel,
)

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "document_templates" / "risicorapportage.docx"
TITEL = "Risicorapportage"
ACCEPTATIE_DAGEN = 90  # an acceptance that ends within this many days is reported
HEATMAP_PNG_PX = 1240  # the heat map in Word: 1240 pixels at 150 dpi (about 16 cm)
HEATMAPS = (
    ("bruto", "Bruto risico (zonder maatregelen)"),
    ("netto", "Netto risico (met de maatregelen van nu)"),
)

PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("titel", "De titel van het document: ‘Risicorapportage’."),
    Placeholder("gemeente", "De naam van de gemeente."),
    Placeholder("datum", "De datum waarop de rapportage is gemaakt: de peildatum."),
    Placeholder("matrix.versie", "Het versienummer van de risicomatrix waarop de risico's zijn gescoord."),
    Placeholder("matrix.omvang", "Het aantal klassen van kans en impact, bijvoorbeeld ‘5 × 5’."),
    Placeholder("matrix.risicobereidheid", "Het hoogste niveau dat de gemeente aanvaardt, bijvoorbeeld ‘Laag’."),
    Placeholder("samenvatting.tekst", "Een korte samenvatting in zinnen van de aantallen hieronder."),
    Placeholder("samenvatting.bedrijfsmiddelen", "Het aantal bedrijfsmiddelen."),
    Placeholder("samenvatting.risicos", "Het aantal risico's."),
    Placeholder("samenvatting.ongescoord", "Het aantal risico's zonder bruto score."),
    Placeholder("samenvatting.boven", "Het aantal risico's boven de risicobereidheid (netto, anders bruto)."),
    Placeholder("samenvatting.maatregelen", "Het aantal maatregelen dat niet is vervallen."),
    Placeholder("samenvatting.reviews_te_laat", "Het aantal risico's waarvan de beoordeling te laat is."),
    Placeholder("samenvatting.opnieuw", "Het aantal risico's dat opnieuw beoordeeld moet worden."),
    Placeholder("samenvatting.acceptaties_verlopen", "Het aantal acceptaties dat is verlopen en niet is ingetrokken."),
    Placeholder("samenvatting.acceptaties_binnenkort", "Het aantal acceptaties dat binnen 90 dagen verloopt."),
    Placeholder("niveaus[]", "Per niveau van de matrix, van hoog naar laag:"),
    Placeholder("niveaus[].niveau", "de naam van het niveau;"),
    Placeholder("niveaus[].bruto", "het aantal risico's met dit bruto niveau;"),
    Placeholder("niveaus[].netto", "het aantal risico's met dit netto niveau;"),
    Placeholder("niveaus[].boven", "waar (true) als het niveau boven de risicobereidheid ligt."),
    Placeholder("behandelingen[]", "Per behandeling:"),
    Placeholder("behandelingen[].behandeling", "de behandeling: verminderen, accepteren, vermijden of overdragen;"),
    Placeholder("behandelingen[].aantal", "het aantal risico's met die behandeling."),
    Placeholder("acceptaties[]", "De acceptaties die zijn verlopen of binnen 90 dagen verlopen; per acceptatie:"),
    Placeholder("acceptaties[].risico", "het risico;"),
    Placeholder("acceptaties[].geaccepteerd_door", "wie het risico accepteerde;"),
    Placeholder("acceptaties[].geldig_tot", "tot wanneer de acceptatie geldt, in woorden;"),
    Placeholder("acceptaties[].verlopen", "waar (true) als die datum voorbij is."),
    Placeholder("reviews[]", "De risico's waarvan de beoordeling te laat is; per risico:"),
    Placeholder("reviews[].risico", "het risico;"),
    Placeholder("reviews[].volgende_review", "de datum waarop het beoordeeld had moeten zijn, in woorden;"),
    Placeholder("reviews[].eigenaar", "de eigenaar van het risico, of leeg."),
    Placeholder("heatmaps[]", "De heatmaps, bruto en netto; per heatmap:"),
    Placeholder("heatmaps[].kop", "de kop, bijvoorbeeld ‘Bruto risico (zonder maatregelen)’;"),
    Placeholder("heatmaps[].samenvatting", "het aantal gescoorde risico's en hoeveel boven de risicobereidheid;"),
    Placeholder("heatmaps[].afbeelding", "de heatmap als afbeelding (met die samenvatting als beschrijving);"),
    Placeholder("heatmaps[].impact[]", "de namen van de impactklassen, van laag naar hoog;"),
    Placeholder("heatmaps[].rijen[]", "per kansklasse, van hoog naar laag:"),
    Placeholder("heatmaps[].rijen[].kans", "het nummer van de kansklasse;"),
    Placeholder("heatmaps[].rijen[].label", "de naam van de kansklasse;"),
    Placeholder("heatmaps[].rijen[].cellen[]", "per impactklasse:"),
    Placeholder("heatmaps[].rijen[].cellen[].aantal", "het aantal risico's in de cel;"),
    Placeholder("heatmaps[].rijen[].cellen[].niveau", "het niveau van de cel;"),
    Placeholder("heatmaps[].rijen[].cellen[].boven", "waar (true) als de cel boven de risicobereidheid ligt."),
    Placeholder("risicos[]", "Alle risico's, de hoogste niveaus eerst; per risico:"),
    Placeholder("risicos[].titel", "de titel;"),
    Placeholder("risicos[].dreiging", "de dreiging, of leeg;"),
    Placeholder("risicos[].bruto", "het bruto niveau, of leeg als het risico nog niet is gescoord;"),
    Placeholder("risicos[].netto", "het netto niveau, of leeg;"),
    Placeholder("risicos[].boven", "waar (true) als het risico boven de risicobereidheid ligt;"),
    Placeholder("risicos[].behandeling", "de behandeling;"),
    Placeholder("risicos[].eigenaar", "de eigenaar, of leeg;"),
    Placeholder("risicos[].schakels", "de schakels van de keten die een werkende maatregel dekt, of leeg;"),
    Placeholder("risicos[].gaten[]", "de gaten in de keten, in zinnen;"),
    Placeholder("risicos[].op_papier[]", "de maatregelen die er alleen op papier zijn (nog niet ingevoerd);"),
    Placeholder("risicos[].werkt_niet[]", "de ingevoerde maatregelen waarvan de laatste toets faalde;"),
    Placeholder("risicos[].overlap[]", "de schakels met meer dan één maatregel, met die maatregelen;"),
    Placeholder("risicos[].tegenstrijdig[]", "de maatregelen die elkaar tegenwerken, met de toelichting."),
    Placeholder("kader.versie", "Het versienummer van het strategisch kader, of leeg als er geen kader is."),
    Placeholder("kader.status", "De status van die versie, of leeg."),
    Placeholder("kader.doelen[]", "De beveiligingsdoelen zonder maatregel (hun titels)."),
    Placeholder("kader.uitgangspunten[]", "De uitgangspunten zonder maatregel (hun teksten)."),
    Placeholder("kosten.soorten[]", "De soorten maatregelen (organisatorisch, bouwkundig, elektronisch, reactie)."),
    Placeholder("kosten.themas[]", "De kosten per thema, maatregelen die niet zijn vervallen; per thema:"),
    Placeholder("kosten.themas[].thema", "het thema, of ‘Zonder thema’;"),
    Placeholder("kosten.themas[].cellen[]", "per soort, in de volgorde van kosten.soorten:"),
    Placeholder("kosten.themas[].cellen[].eenmalig", "de eenmalige kosten, bijvoorbeeld ‘€ 12.500’;"),
    Placeholder("kosten.themas[].cellen[].jaarlijks", "de jaarlijkse kosten;"),
    Placeholder("kosten.themas[].eenmalig", "de eenmalige kosten van het thema;"),
    Placeholder("kosten.themas[].jaarlijks", "de jaarlijkse kosten van het thema."),
    Placeholder("kosten.soort_totalen[]", "Per soort de kosten over alle thema's:"),
    Placeholder("kosten.soort_totalen[].soort", "de soort;"),
    Placeholder("kosten.soort_totalen[].maatregelen", "het aantal maatregelen van die soort;"),
    Placeholder("kosten.soort_totalen[].eenmalig", "de eenmalige kosten;"),
    Placeholder("kosten.soort_totalen[].jaarlijks", "de jaarlijkse kosten."),
    Placeholder("kosten.eenmalig", "De eenmalige kosten van alle maatregelen samen (elke maatregel één keer)."),
    Placeholder("kosten.jaarlijks", "De jaarlijkse kosten van alle maatregelen samen (elke maatregel één keer)."),
)


# --- gathering --------------------------------------------------------------------------------


def _euro(value: Decimal | None) -> str:
    return money(value or Decimal("0")) or "€ 0"


def _counts(risicos: Any, matrix: Matrix, today: datetime.date) -> dict[str, Any]:
    """The counts of the risks in one query: totals, per level inherent and residual, per treatment."""
    tolerance = matrix.tolerantie
    per_level = {
        f"{prefix}_{index}": Count("pk", filter=Q(**{f"{prefix}_niveau": index}))
        for prefix in ("bruto", "netto")
        for index in range(len(matrix.niveaus))
    }
    per_treatment = {f"behandeling_{b.value}": Count("pk", filter=Q(behandeling=b.value)) for b in Behandeling}
    return risicos.aggregate(
        risicos=Count("pk"),
        ongescoord=Count("pk", filter=Q(bruto_kans__isnull=True)),
        boven=Count(
            "pk", filter=Q(netto_niveau__gt=tolerance) | Q(netto_niveau__isnull=True, bruto_niveau__gt=tolerance)
        ),
        reviews_te_laat=Count("pk", filter=Q(volgende_review__lt=today)),
        opnieuw=Count("pk", filter=Q(herbeoordelen=True)),
        **per_level,
        **per_treatment,
    )


def _acceptaties(membership: Any, today: datetime.date) -> list[Acceptatie]:
    """The latest acceptance of each risk that is not withdrawn and ends within the horizon (one query)."""
    newer = Acceptatie.objects.filter(risico=OuterRef("risico"), geaccepteerd_op__gt=OuterRef("geaccepteerd_op"))
    return list(
        Acceptatie.objects.visible_to(membership)
        .filter(ingetrokken_op__isnull=True, geldig_tot__lte=today + datetime.timedelta(days=ACCEPTATIE_DAGEN))
        .exclude(Exists(newer))
        .select_related("risico")
        .order_by("geldig_tot", "risico__titel")
    )


def _name(member: Membership | None) -> str | None:
    return text(member.user.full_name or member.user.email) if member is not None else None


def _risk_row(risico: Risico, matrix: Matrix, chain: analysis.Keten) -> dict[str, Any]:
    label = {s.value: str(s.label) for s in Schakel}
    return {
        "titel": text(risico.titel),
        "dreiging": text(risico.dreiging.naam) if risico.dreiging else None,
        "bruto": matrix.niveau_naam(risico.bruto_niveau) or None,
        "netto": matrix.niveau_naam(risico.netto_niveau) or None,
        "boven": matrix.boven_tolerantie(risico.niveau),
        "behandeling": str(risico.get_behandeling_display()),
        "eigenaar": _name(risico.eigenaar),
        "schakels": ", ".join(label[s] for s in label if s in chain.covered) or None,
        "gaten": [tekst for _key, tekst in chain.gaps],
        "op_papier": [f"{text(m.titel)} ({m.get_status_display()})" for m in chain.op_papier],
        "werkt_niet": [text(m.titel) for m in chain.werkt_niet],
        "overlap": [
            f"{label[s]}: {', '.join(str(text(m.titel)) for m in measures)}" for s, measures in chain.overlap.items()
        ],
        "tegenstrijdig": [f"{text(a.titel)} en {text(b.titel)}: {text(why)}" for a, b, why in chain.tegenstrijdig],
    }


def _heatmaps(matrix: Matrix, grids: dict[str, list[list[int]]], png: bool) -> list[dict[str, Any]]:
    maps = []
    for prefix, kop in HEATMAPS:
        grid = grids[prefix]
        summary = heatmap.summary(matrix, grid, kop)
        svg = heatmap.svg(matrix, grid, kop, f"heatmap-{prefix}")
        rows = [
            {
                "kans": row["kans"],
                "label": text(row["label"]),
                "cellen": [{"aantal": c["n"], "niveau": text(c["niveau"]), "boven": c["boven"]} for c in row["cells"]],
            }
            for row in heatmap.rows(matrix, grid, prefix)
        ]
        maps.append(
            {
                "kop": kop,
                "samenvatting": summary,
                "afbeelding": image(svg_to_png(svg, breedte_px=HEATMAP_PNG_PX), summary) if png else svg,
                "impact": [text(label) for label in matrix.impact_labels],
                "rijen": rows,
            }
        )
    return maps


def _costs(maatregelen: Any) -> dict[str, Any]:
    """The costs per theme and type (``analysis.costs``), per type and in total (two queries)."""
    rows = analysis.cost_rows(analysis.costs(maatregelen))
    live = maatregelen.exclude(status="vervallen")
    per_soort = {
        row["soort"]: row
        for row in live.values("soort").annotate(
            n=Count("pk"), eenmalig=Sum("kosten_eenmalig"), jaarlijks=Sum("kosten_jaarlijks")
        )
    }
    zero = {"n": 0, "eenmalig": None, "jaarlijks": None}
    totals = [per_soort.get(s.value, zero) for s in MaatregelSoort]
    return {
        "soorten": [str(s.label) for s in MaatregelSoort],
        "themas": [
            {
                "thema": row["thema"],
                "cellen": [
                    {"eenmalig": _euro(c["eenmalig"]), "jaarlijks": _euro(c["jaarlijks"])} for c in row["cells"]
                ],
                "eenmalig": _euro(row["eenmalig"]),
                "jaarlijks": _euro(row["jaarlijks"]),
            }
            for row in rows
        ],
        "soort_totalen": [
            {
                "soort": str(s.label),
                "maatregelen": t["n"],
                "eenmalig": _euro(t["eenmalig"]),
                "jaarlijks": _euro(t["jaarlijks"]),
            }
            for s, t in zip(MaatregelSoort, totals, strict=True)
        ],
        "eenmalig": _euro(sum((t["eenmalig"] or Decimal("0") for t in totals), Decimal("0"))),
        "jaarlijks": _euro(sum((t["jaarlijks"] or Decimal("0") for t in totals), Decimal("0"))),
    }


def _summary(counts: dict[str, Any], bedrijfsmiddelen: int, maatregelen: int, acceptaties: list[Any]) -> dict[str, Any]:
    verlopen = sum(1 for a in acceptaties if a["verlopen"])
    numbers = {
        "bedrijfsmiddelen": bedrijfsmiddelen,
        "risicos": counts["risicos"],
        "ongescoord": counts["ongescoord"],
        "boven": counts["boven"],
        "maatregelen": maatregelen,
        "reviews_te_laat": counts["reviews_te_laat"],
        "opnieuw": counts["opnieuw"],
        "acceptaties_verlopen": verlopen,
        "acceptaties_binnenkort": len(acceptaties) - verlopen,
    }
    n = numbers

    def times(count: int, one: str, more: str) -> str:
        return f"{count} {one if count == 1 else more}"

    risico, risicos = "risico", "risico's"
    tekst = " ".join(
        (
            f"Het register telt {times(n['bedrijfsmiddelen'], 'bedrijfsmiddel', 'bedrijfsmiddelen')},",
            f"{times(n['risicos'], risico, risicos)} en {times(n['maatregelen'], 'maatregel', 'maatregelen')}.",
            f"{times(n['boven'], 'risico ligt', 'risico' + chr(39) + 's liggen')} boven de risicobereidheid en",
            f"{times(n['ongescoord'], 'is', 'zijn')} nog niet gescoord.",
            f"Bij {times(n['reviews_te_laat'], risico, risicos)} is de beoordeling te laat;",
            f"{times(n['opnieuw'], 'moet', 'moeten')} opnieuw worden beoordeeld.",
            f"{times(verlopen, 'acceptatie is', 'acceptaties zijn')} verlopen en",
            f"{times(n['acceptaties_binnenkort'], 'acceptatie verloopt', 'acceptaties verlopen')}",
            f"binnen {ACCEPTATIE_DAGEN} dagen.",
        )
    )
    return {"tekst": tekst, **numbers}


def document_context(membership: Any, matrix: Matrix, *, png: bool = True, progress: Any = None) -> dict[str, Any]:
    """Everything the report shows, as plain data; 13 queries (15 with a kader) whatever the register's size.

    ``matrix`` is the gemeente's current matrix (with its ``gemeente``); ``png`` gives the heat maps
    as pictures for Word (else as SVG for the PDF); ``progress(step)`` is told what is being done.
    """
    say = progress or (lambda step: None)
    today = timezone.localdate()
    risicos = Risico.objects.visible_to(membership)
    maatregelen = Maatregel.objects.visible_to(membership)
    say("Aantallen tellen")
    counts = _counts(risicos, matrix, today)
    bedrijfsmiddelen = Bedrijfsmiddel.objects.visible_to(membership).count()
    n_maatregelen = maatregelen.exclude(status="vervallen").count()
    acceptaties = [
        {
            "risico": text(a.risico.titel),
            "geaccepteerd_door": text(a.geaccepteerd_door),
            "geldig_tot": date(a.geldig_tot),
            "verlopen": a.geldig_tot < today,
        }
        for a in _acceptaties(membership, today)
    ]
    overdue = risicos.filter(volgende_review__lt=today).select_related("eigenaar__user").order_by("volgende_review")
    say("Heatmaps maken")
    grids = {prefix: analysis.heatmap(risicos, matrix, prefix) for prefix, _kop in HEATMAPS}
    say("De beveiligingsketen van elk risico nalopen")
    rows = list(risicos.select_related("dreiging", "eigenaar__user"))
    rows.sort(key=lambda r: (-(r.niveau if r.niveau is not None else -1), r.titel.lower()))
    chains = analysis.ketens([r.pk for r in rows])
    say("Kader en kosten")
    versie = analysis.kader_versie(membership)
    untraced = analysis.untraced(membership.gemeente_id, versie) if versie is not None else None
    levels = range(len(matrix.niveaus) - 1, -1, -1)
    with translation.override("nl"):
        return {
            "titel": TITEL,
            "gemeente": text(matrix.gemeente.name),
            "datum": date(today),
            "matrix": {
                "versie": matrix.nummer,
                "omvang": f"{matrix.kans_size} × {matrix.impact_size}",
                "risicobereidheid": matrix.niveau_naam(matrix.tolerantie),
            },
            "samenvatting": _summary(counts, bedrijfsmiddelen, n_maatregelen, acceptaties),
            "niveaus": [
                {
                    "niveau": matrix.niveau_naam(i),
                    "bruto": counts[f"bruto_{i}"],
                    "netto": counts[f"netto_{i}"],
                    "boven": matrix.boven_tolerantie(i),
                }
                for i in levels
            ],
            "behandelingen": [
                {"behandeling": str(b.label), "aantal": counts[f"behandeling_{b.value}"]} for b in Behandeling
            ],
            "acceptaties": acceptaties,
            "reviews": [
                {"risico": text(r.titel), "volgende_review": date(r.volgende_review), "eigenaar": _name(r.eigenaar)}
                for r in overdue
            ],
            "heatmaps": _heatmaps(matrix, grids, png),
            "risicos": [_risk_row(r, matrix, chains[r.pk]) for r in rows],
            "kader": {
                "versie": versie.nummer if versie else None,
                "status": str(versie.get_status_display()).lower() if versie else None,
                "doelen": [text(d.titel) for d in untraced["doelen"]] if untraced else [],
                "uitgangspunten": [text(u.tekst) for u in untraced["uitgangspunten"]] if untraced else [],
            },
            "kosten": _costs(maatregelen),
        }


def sample_context() -> dict[str, Any]:
    """A complete made-up report with every list filled: what an uploaded template is tried on."""
    matrix = Matrix(
        nummer=1,
        kans_labels=["Zelden", "Soms", "Vaak"],
        impact_labels=["Klein", "Groot", "Zeer groot"],
        niveaus=[
            {"naam": "Laag", "kleur": "#c8e6c9", "maanden": 24},
            {"naam": "Midden", "kleur": "#fff3b0", "maanden": 12},
            {"naam": "Hoog", "kleur": "#f4b6b6", "maanden": 6},
        ],
        raster=[[0, 0, 1], [0, 1, 2], [1, 2, 2]],
        tolerantie=0,
    )
    grid = [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    zin = "Detectie zonder interventie: er wordt iets opgemerkt, maar niemand grijpt in."
    return {
        "titel": TITEL,
        "gemeente": "Gemeente Voorbeeld",
        "datum": "1 oktober 2028",
        "matrix": {"versie": 1, "omvang": "3 × 3", "risicobereidheid": "Laag"},
        "samenvatting": {
            "tekst": "Het register telt 2 bedrijfsmiddelen, 3 risico's en 4 maatregelen.",
            "bedrijfsmiddelen": 2,
            "risicos": 3,
            "ongescoord": 0,
            "boven": 2,
            "maatregelen": 4,
            "reviews_te_laat": 1,
            "opnieuw": 1,
            "acceptaties_verlopen": 1,
            "acceptaties_binnenkort": 1,
        },
        "niveaus": [{"niveau": "Hoog", "bruto": 2, "netto": 1, "boven": True}],
        "behandelingen": [{"behandeling": "verminderen", "aantal": 3}],
        "acceptaties": [
            {"risico": "Inbraak", "geaccepteerd_door": "College", "geldig_tot": "1 juli 2028", "verlopen": True}
        ],
        "reviews": [{"risico": "Inbraak", "volgende_review": "1 september 2028", "eigenaar": "A. de Vries"}],
        "heatmaps": _heatmaps(matrix, {"bruto": grid, "netto": grid}, png=True),
        "risicos": [
            {
                "titel": "Inbraak in het stadhuis",
                "dreiging": "Inbraak",
                "bruto": "Hoog",
                "netto": "Midden",
                "boven": True,
                "behandeling": "verminderen",
                "eigenaar": "A. de Vries",
                "schakels": "detecteren",
                "gaten": [zin],
                "op_papier": ["Camerabewaking (gepland)"],
                "werkt_niet": ["Alarmopvolging"],
                "overlap": ["detecteren: Alarm, Camera"],
                "tegenstrijdig": ["Nooduitgang open en Toegangspas: de deur moet dicht."],
            }
        ],
        "kader": {"versie": 1, "status": "vastgesteld", "doelen": ["Vertragen"], "uitgangspunten": ["Need to know."]},
        "kosten": {
            "soorten": ["organisatorisch", "bouwkundig", "elektronisch", "reactie"],
            "themas": [
                {
                    "thema": "Fysieke beveiliging",
                    "cellen": [{"eenmalig": "€ 1.000", "jaarlijks": "€ 200"}],
                    "eenmalig": "€ 1.000",
                    "jaarlijks": "€ 200",
                }
            ],
            "soort_totalen": [
                {"soort": "organisatorisch", "maatregelen": 1, "eenmalig": "€ 1.000", "jaarlijks": "€ 200"}
            ],
            "eenmalig": "€ 1.000",
            "jaarlijks": "€ 200",
        },
    }


# --- rendering ------------------------------------------------------------------------------------

WORD = WordTemplates(soort=Documentsoort.RISICORAPPORTAGE, default_template=DEFAULT_TEMPLATE, sample=sample_context)


def filename(matrix: Matrix, formaat: str) -> str:
    return http.filename("risicorapportage", matrix.gemeente.name, str(timezone.localdate()), extension=formaat)


def _pdf_html(doc: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    fonts = pdf.font_faces()
    return render_to_string("risicos/document/risicorapportage.html", {"doc": doc, "fonts": fonts}), fonts


def layout_pdf(membership: Any, matrix: Matrix) -> Any:
    """The report laid out on pages in this process (a WeasyPrint ``Document``), to inspect."""
    return pdf.layout(*_pdf_html(document_context(membership, matrix, png=False)))


def render_pdf(doc: dict[str, Any]) -> bytes:
    """The report ``doc`` (from :func:`document_context` with ``png=False``) as tagged PDF/A-2a."""
    return pdf.render_pdf(*_pdf_html(doc))


# --- in the background ------------------------------------------------------------------------------


def start_report(*, by: Membership, matrix: Matrix, formaat: str) -> Rapport:
    """Ask for the report as ``formaat`` (docx or pdf); a background task makes it (:func:`rapport_task`)."""
    permissions.require_same_gemeente(by, matrix.gemeente_id)
    permissions.require(by, "risicos.view")
    if formaat not in Formaat.values:
        raise ValueError(f"unknown format {formaat!r}")
    rapport = Rapport.objects.create(
        gemeente_id=by.gemeente_id, formaat=formaat, bestandsnaam=filename(matrix, formaat), aangemaakt_door=by
    )
    label = Formaat(formaat).label
    rapport.taak = enqueue(
        by=by,
        soort="risicos.rapportage",
        titel=f"Risicorapportage ({label})",
        task=rapport_task,
        rapport=str(rapport.pk),
    )
    rapport.save(update_fields=["taak", "updated_at"])
    return rapport


STEPS = 6  # the steps of document_context, then rendering


@background_task
def rapport_task(run: TaskRun, *, rapport: str) -> dict[str, str]:
    """Make the report asked for as ``rapport`` and keep it for download."""
    found = Rapport.objects.visible_to(run.by).get(pk=rapport)
    matrix = Matrix.objects.visible_to(run.by).select_related("gemeente").filter(status="actueel").first()
    if matrix is None:
        raise UserError("Het risicoregister van deze gemeente is nog niet begonnen.")
    done = 0

    def step(stap: str) -> None:
        nonlocal done
        run.report(done, STEPS, stap)
        done += 1

    step("Gegevens verzamelen")
    doc = document_context(run.by, matrix, png=found.formaat == Formaat.DOCX, progress=step)
    step("Het document opmaken")
    if found.formaat == Formaat.DOCX:
        from documents import services

        own = services.template_bytes_of(run.by, WORD.soort)
        found.bestand = WORD.render(doc, own[1] if own else None)
    else:
        found.bestand = render_pdf(doc)
    run.report(STEPS, STEPS, "Klaar")
    found.save(update_fields=["bestand", "updated_at"])
    return {"url": reverse("risicos:rapportage_download", kwargs={"pk": found.pk}), "label": "Rapport downloaden"}
