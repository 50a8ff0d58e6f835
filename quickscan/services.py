"""Running the quickscan: its levels and questions, a scan from start to completion, its actions.

Every page, API operation and the demo call these. They check the capability and the theme
themselves, set the history context, and refuse a stale edit (compare-and-swap on ``version``).
Every write to a scan's scores first takes the scan's row (an UPDATE of its version), so writers
of one scan queue up in the same order and a completion sees every score that was saved before it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from acties import services as acties_services
from acties.models import Bron, Verbeteractie
from lib import permissions
from lib.concurrency import StaleVersionError, save_versioned
from lib.errors import NotYourTheme, StateConflict
from organisations.models import Membership

from .content import NIVEAUS, VRAGEN
from .models import HOOGSTE, LAAGSTE, TOELICHTING_MAX, Aspect, Aspectvraag, Niveau, Quickscan, Score, Status, Thema

NOT_YOUR_THEME = "U bent thema-eigenaar van andere thema's: u scoort alleen de rijen van uw eigen thema's."
ONLY_COORDINATOR = (
    "Alleen de coördinator start, wijzigt, rondt af of verwijdert een quickscan; een thema-eigenaar scoort de rijen "
    "van zijn thema's."
)
AFGEROND = "Deze quickscan is afgerond en verandert niet meer. Begin een nieuwe quickscan om opnieuw te scoren."
EEN_CONCEPT = "Er is al een quickscan in concept; rond die eerst af of verwijder haar voordat u een nieuwe begint."
JAREN_TERUG, JAREN_VOORUIT = 10, 2
CELLEN = [(thema, aspect) for thema in Thema.values for aspect in Aspect.values]


def _context(by: Membership, action: str) -> Any:
    return pghistory.context(user=by.user_id, action=f"quickscan.{action}")


def may_score(by: Membership, thema: str) -> bool:
    """The coördinator scores every theme, a thema-eigenaar their own."""
    if not permissions.allowed("quickscan.edit", role=by.role):
        return False
    return by.role == "coordinator" or thema in by.themes


def may_manage(by: Membership) -> bool:
    """Who starts, changes, completes and removes a scan: the coördinator."""
    return by.role == "coordinator" and permissions.allowed("quickscan.edit", role=by.role)


def _require_manage(by: Membership, scan: Quickscan | None = None) -> None:
    permissions.require(by, "quickscan.edit")
    if scan is not None:
        permissions.require_same_gemeente(by, scan.gemeente_id)
    if not may_manage(by):
        raise PermissionDenied(ONLY_COORDINATOR)


def _require_concept(scan: Quickscan) -> None:
    if scan.status != Status.CONCEPT:
        raise StateConflict(AFGEROND)


# --- the levels and questions ------------------------------------------------------------------------


def inrichten(by: Membership) -> None:
    """Make the default levels and questions of ``content.py`` that the gemeente does not have yet
    (on first use; idempotent, also when two requests do it at the same moment)."""
    have_levels = set(Niveau.objects.filter(gemeente_id=by.gemeente_id).values_list("nummer", flat=True))
    have_questions = set(Aspectvraag.objects.filter(gemeente_id=by.gemeente_id).values_list("aspect", flat=True))
    levels = [
        Niveau(gemeente_id=by.gemeente_id, nummer=nummer, naam=naam, omschrijving=omschrijving)
        for nummer, (naam, omschrijving) in NIVEAUS.items()
        if nummer not in have_levels
    ]
    questions = [
        Aspectvraag(gemeente_id=by.gemeente_id, aspect=aspect, vraag=VRAGEN[aspect])
        for aspect in Aspect.values
        if aspect not in have_questions
    ]
    if not levels and not questions:
        return
    with transaction.atomic(), _context(by, "inrichten"):
        Niveau.objects.bulk_create(levels, ignore_conflicts=True)
        Aspectvraag.objects.bulk_create(questions, ignore_conflicts=True)


def niveaus(by: Membership) -> list[Niveau]:
    """The gemeente's five levels, lowest first (made on first use; one query once they exist)."""
    found = list(Niveau.objects.visible_to(by).order_by("nummer"))
    if len(found) < len(NIVEAUS):
        inrichten(by)
        found = list(Niveau.objects.visible_to(by).order_by("nummer"))
    return found


def vragen(by: Membership) -> list[Aspectvraag]:
    """The gemeente's question per management aspect, in the aspects' order (made on first use)."""
    found = {v.aspect: v for v in Aspectvraag.objects.visible_to(by)}
    if len(found) < len(Aspect.values):
        inrichten(by)
        found = {v.aspect: v for v in Aspectvraag.objects.visible_to(by)}
    return [found[aspect] for aspect in Aspect.values]


def wijzig_niveau(*, by: Membership, niveau: Niveau, expected_version: int, **fields: Any) -> Niveau:
    """Rename a level or change its description. Compare-and-swap on its version."""
    permissions.require(by, "quickscan.niveaus")
    permissions.require_same_gemeente(by, niveau.gemeente_id)
    unknown = set(fields) - set(Niveau.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(niveau, name, value)
    niveau.full_clean(exclude=["gemeente"], validate_constraints=False)
    with transaction.atomic(), _context(by, "niveau"):
        save_versioned(niveau, expected_version=expected_version, fields=list(fields))
    return niveau


def wijzig_vraag(*, by: Membership, vraag: Aspectvraag, expected_version: int, tekst: str) -> Aspectvraag:
    """Change the question of a management aspect. Compare-and-swap on its version."""
    permissions.require(by, "quickscan.niveaus")
    permissions.require_same_gemeente(by, vraag.gemeente_id)
    vraag.vraag = tekst
    vraag.full_clean(exclude=["gemeente"], validate_constraints=False)
    with transaction.atomic(), _context(by, "vraag"):
        save_versioned(vraag, expected_version=expected_version, fields=["vraag"])
    return vraag


def instellingen(
    *,
    by: Membership,
    niveaus: Mapping[Niveau, tuple[int, dict[str, Any]]],
    vragen: Mapping[Aspectvraag, tuple[int, str]],
) -> int:
    """Save the levels and questions of the settings page at once: each changed row with the version it was
    shown with (``{row: (version, new values)}``). All or nothing; returns how many rows changed."""
    permissions.require(by, "quickscan.niveaus")
    changed = 0
    with transaction.atomic():
        for niveau, (version, fields) in niveaus.items():
            if any(getattr(niveau, name) != value for name, value in fields.items()):
                wijzig_niveau(by=by, niveau=niveau, expected_version=version, **fields)
                changed += 1
        for vraag, (version, tekst) in vragen.items():
            if vraag.vraag != tekst:
                wijzig_vraag(by=by, vraag=vraag, expected_version=version, tekst=tekst)
                changed += 1
    return changed


def standaard(*, by: Membership, versies: str) -> None:
    """Set every level and question back to the defaults, if they are still as shown (``versies``, see
    :func:`stand_van`); otherwise refuse (StaleVersionError)."""
    permissions.require(by, "quickscan.niveaus")
    levels, questions = niveaus(by), vragen(by)
    if stand_van(levels, questions) != versies:
        raise StaleVersionError
    with transaction.atomic(), _context(by, "standaard"):
        for niveau in levels:
            naam, omschrijving = NIVEAUS[niveau.nummer]
            if (niveau.naam, niveau.omschrijving) != (naam, omschrijving):
                niveau.naam, niveau.omschrijving = naam, omschrijving
                save_versioned(niveau, expected_version=niveau.version, fields=["naam", "omschrijving"])
        for vraag in questions:
            if vraag.vraag != VRAGEN[vraag.aspect]:
                vraag.vraag = VRAGEN[vraag.aspect]
                save_versioned(vraag, expected_version=vraag.version, fields=["vraag"])


def stand_van(levels: list[Niveau], questions: list[Aspectvraag]) -> str:
    """The versions of the levels and questions as shown, so a confirmation can tell they did not change."""
    return ",".join(str(row.version) for row in [*levels, *questions])


# --- a scan ----------------------------------------------------------------------------------------


def _check_peildatum(peildatum: datetime.date) -> None:
    today = timezone.localdate()
    earliest = today.replace(year=today.year - JAREN_TERUG, day=min(today.day, 28))
    latest = today.replace(year=today.year + JAREN_VOORUIT, day=min(today.day, 28))
    if not earliest <= peildatum <= latest:
        raise ValidationError(
            {"peildatum": "Kies een peildatum van hoogstens tien jaar geleden tot hoogstens twee jaar vooruit."}
        )


def laatste_afgeronde(by: Membership) -> Quickscan | None:
    """The latest completed scan of the gemeente (one query)."""
    return Quickscan.objects.visible_to(by).afgerond().order_by("-peildatum", "-created_at").first()


def start(*, by: Membership, titel: str, peildatum: datetime.date, vanaf_vorige: bool = False) -> Quickscan:
    """A new scan in concept with all its cells: empty, or with the scores of the latest completed scan
    as the starting point (``vanaf_vorige``). One concept at a time."""
    _require_manage(by)
    scan = Quickscan(gemeente_id=by.gemeente_id, titel=titel, peildatum=peildatum)
    scan.full_clean(exclude=["gemeente"], validate_constraints=False)
    _check_peildatum(peildatum)
    if Quickscan.objects.visible_to(by).filter(status=Status.CONCEPT).exists():
        raise ValidationError(EEN_CONCEPT)
    basis = laatste_afgeronde(by) if vanaf_vorige else None
    if vanaf_vorige and basis is None:
        raise ValidationError({"vanaf_vorige": "Er is nog geen afgeronde quickscan om de scores van over te nemen."})
    vorige = {s.cel: s for s in Score.objects.filter(scan=basis)} if basis else {}
    cellen = []
    for thema, aspect in CELLEN:
        old = vorige.get((thema, aspect))
        copied = {name: getattr(old, name) for name in Score.EDIT_FIELDS} if old else {}
        cellen.append(Score(gemeente_id=by.gemeente_id, thema=thema, aspect=aspect, **copied))
    try:
        with transaction.atomic(), _context(by, "start"):
            scan.save(force_insert=True)
            for cel in cellen:
                cel.scan = scan
            Score.objects.bulk_create(cellen)
    except IntegrityError as error:  # another concept was started at the same moment
        raise ValidationError(EEN_CONCEPT) from error
    return scan


def wijzig(*, by: Membership, scan: Quickscan, expected_version: int, **fields: Any) -> Quickscan:
    """Change the title or peildatum of a concept. Compare-and-swap."""
    _require_manage(by, scan)
    _require_concept(scan)
    unknown = set(fields) - set(Quickscan.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(scan, name, value)
    scan.full_clean(exclude=["gemeente"], validate_constraints=False)
    if "peildatum" in fields:
        _check_peildatum(scan.peildatum)
    with transaction.atomic(), _context(by, "wijzig"):
        save_versioned(scan, expected_version=expected_version, fields=list(fields))
    return scan


def _check_cell(by: Membership, score: Score, fields: Mapping[str, Any]) -> None:
    if not may_score(by, score.thema):
        raise NotYourTheme(NOT_YOUR_THEME)
    unknown = set(fields) - set(Score.EDIT_FIELDS)
    if unknown:
        raise ValueError(sorted(unknown))
    for name, value in fields.items():
        setattr(score, name, value)
    if len(score.toelichting) > TOELICHTING_MAX:
        raise ValidationError({"toelichting": f"Gebruik hoogstens {TOELICHTING_MAX} tekens."})
    for name in ("niveau", "gewenst_niveau"):
        value = getattr(score, name)
        if value is not None and not (isinstance(value, int) and LAAGSTE <= value <= HOOGSTE):
            raise ValidationError({name: f"Kies een niveau van {LAAGSTE} tot en met {HOOGSTE}, of laat het leeg."})
    score.full_clean(exclude=["gemeente", "scan"], validate_constraints=False)


def scoren(
    *, by: Membership, scan: Quickscan, expected_version: int, scores: Mapping[tuple[str, str], Mapping[str, Any]]
) -> list[Score]:
    """Change cells of a concept, ``{(thema, aspect): {"niveau": 3, ...}}``: a thema-eigenaar only the
    rows of their themes. Compare-and-swap on the scan's version (the API's ETag of the scores)."""
    permissions.require(by, "quickscan.edit")
    permissions.require_same_gemeente(by, scan.gemeente_id)
    _require_concept(scan)
    unknown = set(scores) - set(CELLEN)
    if unknown:
        raise ValidationError({"scores": "Kies een thema en managementaspect van de quickscan."})
    cellen = {s.cel: s for s in Score.objects.filter(scan=scan)}
    changed = []
    for cel, fields in scores.items():
        score = cellen[cel]
        _check_cell(by, score, fields)
        changed.append(score)
    with transaction.atomic(), _context(by, "scoren"):
        save_versioned(scan, expected_version=expected_version, fields=[])
        for score in changed:
            save_versioned(score, expected_version=score.version, fields=list(Score.EDIT_FIELDS))
    return changed


def wijzig_score(*, by: Membership, score: Score, expected_version: int, **fields: Any) -> Score:
    """Change one cell of a concept (its page). Compare-and-swap on the cell's own version."""
    permissions.require(by, "quickscan.edit")
    permissions.require_same_gemeente(by, score.gemeente_id)
    _require_concept(score.scan)
    _check_cell(by, score, fields)
    with transaction.atomic(), _context(by, "score"):
        # The scan's row first, as every writer of its scores does; it also moves the scan's ETag.
        taken = Quickscan.objects.filter(pk=score.scan_id, status=Status.CONCEPT).update(version=F("version") + 1)
        if not taken:
            raise StateConflict(AFGEROND)
        save_versioned(score, expected_version=expected_version, fields=list(fields))
    return score


def ontbrekend(scan: Quickscan) -> list[Score]:
    """The cells of ``scan`` without a level yet, in the grid's order (one query)."""
    return list(Score.objects.filter(scan=scan, niveau__isnull=True).in_rooster())


def afronden(*, by: Membership, scan: Quickscan, expected_version: int, op: datetime.date | None = None) -> Quickscan:
    """Complete a concept whose every cell is scored, on ``op`` (today; the demo records older scans).
    From then on it never changes."""
    _require_manage(by, scan)
    _require_concept(scan)
    today = timezone.localdate()
    op = op or today
    if not scan.peildatum <= op <= today:
        raise ValidationError(
            {"peildatum": "De peildatum ligt na vandaag. Rond de quickscan af op of na de peildatum, of pas haar aan."}
        )
    with transaction.atomic(), _context(by, "afronden"):
        scan.status, scan.afgerond_op, scan.afgerond_door = Status.AFGEROND, op, by
        try:
            save_versioned(scan, expected_version=expected_version, fields=["status", "afgerond_op", "afgerond_door"])
            missing = ontbrekend(scan)  # read after taking the row: no score can be saved in between
            if missing:
                names = ", ".join(str(s) for s in missing)
                raise ValidationError({"scores": f"Nog niet gescoord ({len(missing)} van {len(CELLEN)}): {names}."})
        except (ValidationError, StaleVersionError):
            scan.status, scan.afgerond_op, scan.afgerond_door = Status.CONCEPT, None, None
            scan.version = expected_version
            raise
    return scan


def verwijder(*, by: Membership, scan: Quickscan, expected_version: int) -> None:
    """Remove a concept with its scores (the history keeps them). A completed scan stays."""
    _require_manage(by, scan)
    _require_concept(scan)
    with transaction.atomic(), _context(by, "verwijder"):
        taken = Quickscan.objects.select_for_update().filter(pk=scan.pk, status=Status.CONCEPT)
        if list(taken.values_list("version", flat=True)) != [expected_version]:
            raise StaleVersionError
        scan.delete()


# --- actions from the improvement points -----------------------------------------------------------


def actie(*, by: Membership, scan: Quickscan, score: Score | None = None, **fields: Any) -> Verbeteractie:
    """An improvement action from a scan or one of its cells (concept or completed); the scan lists it.
    A cell's theme is the action's theme unless another is given."""
    permissions.require(by, "quickscan.edit")
    permissions.require_same_gemeente(by, scan.gemeente_id)
    titel = f"{scan}: {score}" if score is not None else str(scan)
    if score is not None:
        fields.setdefault("thema", score.thema)
    return acties_services.add(by=by, bron=Bron.QUICKSCAN, bron_id=scan.pk, bron_titel=titel[:200], **fields)


def acties_van(scan: Quickscan) -> list[Verbeteractie]:
    """The actions made from ``scan`` (one query)."""
    return acties_services.van_bron(Bron.QUICKSCAN, scan.pk)
