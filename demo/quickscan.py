"""Zuiderveen's quickscan volwassenheid over two years: three completed scans with levels that mostly
rise, one cell that went down (awareness of physical security, after the new access passes), an
improvement action for it, and this season's scan in concept, started from the last one.

Everything goes through the services, as the coördinator would do it; a completed scan is recorded
on the day it was completed (``afronden(op=...)``), a week or two after its peildatum.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from lib.maanden import maandnaam
from organisations.models import Membership
from quickscan import services
from quickscan.models import Aspect, Quickscan, Score, Thema

# The first scan: per theme the levels of beleid, organisatie, risicoanalyse, maatregelen, bewustwording,
# monitoring en verbetering.
EERSTE: dict[str, tuple[int, ...]] = {
    "informatiebeveiliging": (2, 2, 2, 2, 1, 1),
    "fysieke_beveiliging": (1, 2, 1, 2, 2, 1),
    "personele_beveiliging": (1, 1, 1, 2, 1, 1),
    "integriteit": (2, 2, 1, 1, 2, 1),
    "continuiteit": (1, 1, 1, 1, 1, 1),
}
# What rose (or fell) in each next scan: (thema, aspect) -> the new level.
TWEEDE = {
    ("informatiebeveiliging", "risicoanalyse"): 3,
    ("informatiebeveiliging", "bewustwording"): 2,
    ("fysieke_beveiliging", "risicoanalyse"): 2,
    ("fysieke_beveiliging", "bewustwording"): 3,
    ("personele_beveiliging", "beleid"): 2,
    ("integriteit", "risicoanalyse"): 2,
    ("continuiteit", "beleid"): 2,
    ("continuiteit", "organisatie"): 2,
}
DERDE = {
    ("informatiebeveiliging", "beleid"): 3,
    ("informatiebeveiliging", "monitoring"): 2,
    ("fysieke_beveiliging", "maatregelen"): 3,
    ("fysieke_beveiliging", "bewustwording"): 2,  # the dip: the new passes are lent and left in doors
    ("personele_beveiliging", "organisatie"): 2,
    ("integriteit", "bewustwording"): 3,
    ("continuiteit", "risicoanalyse"): 2,
    ("continuiteit", "maatregelen"): 2,
}
IN_CONCEPT = {("informatiebeveiliging", "monitoring"): 3, ("continuiteit", "monitoring"): 2}
# Explanations given in the second and the third scan.
UITLEG_TWEEDE = {
    ("informatiebeveiliging", "risicoanalyse"): "De BIO-risicoanalyse is dit jaar voor alle kritieke systemen gedaan.",
    ("continuiteit", "beleid"): "Het BCM-beleid is vastgesteld; de plannen per proces volgen.",
}
UITLEG_DERDE = {
    ("fysieke_beveiliging", "bewustwording"): (
        "Sinds de nieuwe toegangspassen worden passen uitgeleend en blijven deuren openstaan; de rondgang na de "
        "zomer vond dat op drie verdiepingen."
    ),
}


def _dag(today: datetime.date, maanden_terug: int) -> datetime.date:
    """The 15th of the month ``maanden_terug`` months before today's."""
    index = today.year * 12 + today.month - 1 - maanden_terug
    return datetime.date(index // 12, index % 12 + 1, 15)


def _titel(peildatum: datetime.date) -> str:
    return f"Quickscan {maandnaam(peildatum.month)} {peildatum.year}"


def _scoren(
    by: Membership, scan: Quickscan, levels: dict[tuple[str, str], int], uitleg: dict[tuple[str, str], str]
) -> None:
    scan.refresh_from_db()
    scores = {
        cel: {"niveau": niveau, **({"toelichting": uitleg[cel]} if cel in uitleg else {})}
        for cel, niveau in levels.items()
    }
    services.scoren(by=by, scan=scan, expected_version=scan.version, scores=scores)
    scan.refresh_from_db()


def _ronde(
    by: Membership,
    maanden_terug: int,
    levels: dict[tuple[str, str], int],
    uitleg: dict[tuple[str, str], str] | None = None,
) -> Quickscan:
    """A scan ``maanden_terug`` months ago, from the one before (if any), with ``levels`` changed; completed."""
    peildatum = _dag(timezone.localdate(), maanden_terug)
    vanaf_vorige = services.laatste_afgeronde(by) is not None
    scan = services.start(by=by, titel=_titel(peildatum), peildatum=peildatum, vanaf_vorige=vanaf_vorige)
    _scoren(by, scan, levels, uitleg or {})
    services.afronden(by=by, scan=scan, expected_version=scan.version, op=peildatum + datetime.timedelta(days=12))
    return scan


def load_demo_quickscan(by: Membership) -> None:
    """Three completed scans (21, 13 and 2 months ago), an action for the cell that went down, and a concept
    of this month; all done by the coördinator ``by``."""
    eerste = {(t, a): EERSTE[t][i] for t in Thema.values for i, a in enumerate(Aspect.values)}
    _ronde(by, 21, eerste)
    _ronde(by, 13, TWEEDE, UITLEG_TWEEDE)
    derde = _ronde(by, 2, DERDE, UITLEG_DERDE)
    dip = Score.objects.get(scan=derde, thema="fysieke_beveiliging", aspect="bewustwording")
    today = timezone.localdate()
    services.actie(
        by=by,
        scan=derde,
        score=dip,
        titel="Campagne: uw pas is persoonlijk, deuren dicht",
        resultaat="Bij de rondgang staat geen deur meer open en wordt geen pas uitgeleend",
        eigenaar=by,
        deadline=today + datetime.timedelta(days=90),
    )
    concept = services.start(by=by, titel=_titel(today), peildatum=today, vanaf_vorige=True)
    _scoren(by, concept, IN_CONCEPT, {})
