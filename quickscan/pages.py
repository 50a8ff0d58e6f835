"""What the pages of the quickscan read and how the grid is saved, so the views stay thin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.http import AuthenticatedHttpRequest
from lib.concurrency import StaleVersionError
from lib.errors import StateConflict
from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed

from . import services
from .content import NIVEAUS, VRAGEN
from .forms import RoosterForm, cel_naam, cel_van
from .models import Quickscan, Score
from .results import rooster

TITEL = "Quickscan volwassenheid"
CONFLICT = (
    "Iemand anders heeft intussen een of meer van dezelfde cellen gescoord; uw scores zijn nog niet opgeslagen. "
    "Uw eigen keuze staat nog in het formulier, en bij elke cel die intussen is veranderd staat wat er nu is "
    "opgeslagen. Pas zo nodig aan en sla opnieuw op: dan gaat uw keuze over de huidige heen."
)
POGINGEN = 3  # saves of the grid tried while others save other cells of the same scan


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs((TITEL, reverse("quickscan:overzicht")), *items)


def scan_crumbs(scan: Quickscan, *items: Crumb) -> list[dict[str, str | None]]:
    if not items:
        return crumbs((str(scan), None))
    return crumbs((str(scan), reverse("quickscan:scan", args=[scan.pk])), *items)


def get_scan(request: AuthenticatedHttpRequest, pk: UUID) -> Quickscan:
    """A scan the member reads, with who completed it (one query)."""
    found = Quickscan.objects.voor(request.membership).select_related("afgerond_door__user")
    return get_object_or_404(found, pk=pk)


def get_score(request: AuthenticatedHttpRequest, pk: UUID) -> Score:
    """A cell of a scan the member reads, with its scan (one query)."""
    return get_object_or_404(Score.objects.voor(request.membership).select_related("scan"), pk=pk)


def vorige_scores(scan: Quickscan) -> list[Score]:
    """The cells of the completed scan before ``scan``, with that scan (one query; empty: none)."""
    vorige = Quickscan.objects.voor_scan(scan).values("pk")[:1]
    return list(Score.objects.filter(scan__in=vorige).select_related("scan"))


def scan_context(request: AuthenticatedHttpRequest, scan: Quickscan, form: RoosterForm | None) -> dict[str, Any]:
    """What the page of a scan shows (queries: its cells, the previous scan's cells, the levels, the
    questions, its actions)."""
    member = request.membership
    scores = list(Score.objects.filter(scan=scan).in_rooster())
    vorige = vorige_scores(scan)
    niveaus = services.niveaus(member)
    if form is None and scan.is_concept and any(services.may_score(member, s.thema) for s in scores):
        form = RoosterForm(scores=scores, niveaus=niveaus, may=lambda t: services.may_score(member, t))
    return {
        "scan": scan,
        "rooster": rooster(scores, vorige, niveaus),
        "invullen": invullen(form, scores) if form is not None else [],
        "vorige": vorige[0].scan if vorige else None,
        "niveaus": niveaus,
        "vragen": services.vragen(member),
        "form": form,
        "acties": services.acties_van(scan),
        "may_manage": services.may_manage(member),
        "may_act": allowed("quickscan.edit", role=member.role),
        "breadcrumbs": scan_crumbs(scan),
    }


@dataclass(frozen=True)
class InvulCel:
    score: Score
    field: Any  # the cell's BoundField, or None when the member may not score it
    was: Any  # the hidden field with the level the form showed
    nu: str  # after a lost race: what is stored now


def invullen(form: RoosterForm, scores: list[Score]) -> list[tuple[str, list[InvulCel]]]:
    """The rows of the grid to fill in: per theme its cells, each with its select where the member may score."""
    conflict = getattr(form, "conflict", {})
    rows: dict[str, list[InvulCel]] = {}
    for score in scores:
        name = cel_naam(score.thema, score.aspect)
        field, was = (form[name], form[f"was_{name}"]) if name in form.fields else (None, None)
        rows.setdefault(str(score.get_thema_display()), []).append(InvulCel(score, field, was, conflict.get(name, "")))
    return list(rows.items())


def save_rooster(request: AuthenticatedHttpRequest, scan: Quickscan) -> tuple[RoosterForm, str | None]:
    """Save the posted grid: the cells the member changed, unless someone else changed one of those
    meanwhile (then the form shows which). Returns the form and the success message, or None."""
    member = request.membership
    scores = list(Score.objects.filter(scan=scan).in_rooster())
    niveaus = services.niveaus(member)
    form = RoosterForm(request.POST, scores=scores, niveaus=niveaus, may=lambda t: services.may_score(member, t))
    if not form.is_valid():
        return form, None
    changes = form.gewijzigd()
    if not changes:
        return form, "Er was niets veranderd."
    for _attempt in range(POGINGEN):
        current = Quickscan.objects.voor(member).filter(pk=scan.pk).first() or scan
        stored = {cel_naam(s.thema, s.aspect): s.niveau for s in Score.objects.filter(scan=scan)}
        conflicts = form.conflicten(stored)
        if conflicts:
            form.toon_conflict(stored, conflicts, CONFLICT)
            return form, None
        cells = {cel_van(name): {"niveau": level} for name, level in changes.items()}
        try:
            with transaction.atomic():
                services.scoren(by=member, scan=current, expected_version=current.version, scores=cells)
        except StaleVersionError:
            continue  # another cell was saved in between: look again
        except ValidationError as error:
            form.add_error(None, error.messages)
            return form, None
        except StateConflict as error:
            form.add_error(None, error.message)
            return form, None
        count = len(changes)
        return form, f"{count} {'score is' if count == 1 else 'scores zijn'} opgeslagen."
    form.add_error(None, "Het lukte niet om op te slaan omdat anderen tegelijk scoorden. Probeer het opnieuw.")
    return form, None


def score_context(request: AuthenticatedHttpRequest, shown: Score, form: Any, niveaus: list[Any]) -> dict[str, Any]:
    """What the page of one cell shows (queries: the questions, the same cell in the previous scan)."""
    member = request.membership
    eerder = Quickscan.objects.voor_scan(shown.scan).values("pk")[:1]
    vorige = Score.objects.filter(scan__in=eerder, thema=shown.thema, aspect=shown.aspect).select_related("scan")
    vraag = next(v for v in services.vragen(member) if v.aspect == shown.aspect)
    namen = {n.nummer: f"{n.nummer} {n.naam}" for n in niveaus}
    eerdere = vorige.first()
    return {
        "score": shown,
        "scan": shown.scan,
        "form": form,
        "niveau": namen.get(shown.niveau or 0, "Nog niet gescoord"),
        "gewenst": namen.get(shown.gewenst_niveau or 0, "—"),
        "vraag": vraag,
        "vorige": eerdere,
        "vorige_niveau": namen.get(eerdere.niveau or 0, "—") if eerdere else "",
        "may_act": allowed("quickscan.edit", role=member.role),
        "breadcrumbs": scan_crumbs(shown.scan, (str(shown), None)),
    }


def standaard_context(request: AuthenticatedHttpRequest, refusal: str) -> dict[str, Any]:
    """The levels and questions now and by default, and their versions (queries: levels, questions)."""
    levels, questions = services.niveaus(request.membership), services.vragen(request.membership)
    return {
        "niveaus": [(n, *NIVEAUS[n.nummer]) for n in levels],
        "vragen": [(v, VRAGEN[v.aspect]) for v in questions],
        "versies": services.stand_van(levels, questions),
        "refusal": refusal,
        "breadcrumbs": crumbs(("Niveaus en vragen", reverse("quickscan:instellingen")), ("Standaard", None)),
    }
