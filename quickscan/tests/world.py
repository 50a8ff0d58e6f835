"""The world of the quickscan tests: gemeente A's completed scan of half a year ago and its concept of today,
started by its coördinator from the completed one."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pgtrigger
from django.utils import timezone

from lib import tenancy
from quickscan import services
from quickscan.models import Aspect, Aspectvraag, Niveau, Quickscan, Score, Status, Thema

CELLEN = [(t, a) for t in Thema.values for a in Aspect.values]


def bound(personas: Any, role: str = "coordinator") -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members[role].user_id)


def trap(thema: str, aspect: str) -> int:
    """A level for every cell: 2 or 3, so averages and changes are visible."""
    return 2 + (Thema.values.index(thema) + Aspect.values.index(aspect)) % 2


def maak_afgerond(
    personas: Any, peildatum: datetime.date, titel: str = "Quickscan", level: Callable[[str, str], int] = trap
) -> Quickscan:
    """A completed scan of gemeente A written straight to the tables (beside a concept, which the services
    would not allow to be started): the test's own shortcut, the services are tested on their own."""
    coordinator = personas.members["coordinator"]
    with bound(personas), pgtrigger.ignore("quickscan.Score:quickscan_score_frozen"):
        scan = Quickscan.objects.create(
            gemeente_id=personas.gemeente_a.pk,
            titel=titel,
            peildatum=peildatum,
            status=Status.AFGEROND,
            afgerond_op=peildatum,
            afgerond_door=coordinator,
        )
        Score.objects.bulk_create(
            Score(gemeente_id=personas.gemeente_a.pk, scan=scan, thema=t, aspect=a, niveau=level(t, a))
            for t, a in CELLEN
        )
    return scan


def afgerond(personas: Any) -> Quickscan:
    """Gemeente A's completed scan of half a year ago (made once)."""
    with bound(personas):
        found = Quickscan.objects.filter(gemeente_id=personas.gemeente_a.pk, status=Status.AFGEROND).first()
    if found is not None:
        return found
    peildatum = timezone.localdate() - datetime.timedelta(days=182)
    return maak_afgerond(personas, peildatum, titel="Quickscan vorig halfjaar")


def concept(personas: Any) -> Quickscan:
    """Gemeente A's concept of today, started from the completed scan, with one cell raised (made once)."""
    afgerond(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        found = Quickscan.objects.filter(gemeente_id=personas.gemeente_a.pk, status=Status.CONCEPT).first()
        if found is not None:
            return found
        scan = services.start(by=by, titel="Quickscan dit jaar", peildatum=timezone.localdate(), vanaf_vorige=True)
        services.scoren(
            by=by,
            scan=scan,
            expected_version=scan.version,
            scores={("informatiebeveiliging", "beleid"): {"niveau": 4, "toelichting": "Beleid vastgesteld."}},
        )
        scan.refresh_from_db()
        return scan


def concept_pk(personas: Any) -> Any:
    return concept(personas).pk


def score_pk(personas: Any, thema: str = "informatiebeveiliging", aspect: str = "beleid") -> Any:
    """A cell of the concept; by default of the theme the persona thema-eigenaar owns."""
    scan = concept(personas)
    with bound(personas):
        return Score.objects.get(scan=scan, thema=thema, aspect=aspect).pk


def niveau_pk(personas: Any, nummer: int = 1) -> Any:
    with bound(personas):
        services.inrichten(personas.members["coordinator"])
        return Niveau.objects.get(gemeente_id=personas.gemeente_a.pk, nummer=nummer).pk


def aspect_pk(personas: Any, aspect: str = "beleid") -> Any:
    with bound(personas):
        services.inrichten(personas.members["coordinator"])
        return Aspectvraag.objects.get(gemeente_id=personas.gemeente_a.pk, aspect=aspect).pk


def grow(personas: Any, n: int) -> None:
    """``n`` more completed scans of the years before, and ``n`` actions from the concept if there is one."""
    today = timezone.localdate()
    for i in range(n):
        maak_afgerond(
            personas, today - datetime.timedelta(days=400 + 30 * i), titel=f"Quickscan {i}", level=_wisselend(i)
        )
    with bound(personas):
        scan = Quickscan.objects.filter(gemeente_id=personas.gemeente_a.pk, status=Status.CONCEPT).first()
        for i in range(n if scan is not None else 0):
            assert scan is not None
            services.actie(
                by=personas.members["coordinator"],
                scan=scan,
                titel=f"Verbeterpunt {i}",
                resultaat="Het niveau is met één gestegen",
                eigenaar=personas.members["melder"],
                deadline=today + datetime.timedelta(days=60),
            )


def _wisselend(i: int) -> Callable[[str, str], int]:
    """Levels that differ from scan to scan, so some cells go down."""
    return lambda thema, aspect: 1 + (i + len(thema) + len(aspect)) % 5
