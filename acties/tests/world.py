"""The world of the action tests: actions of gemeente A, made by its coördinator."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from acties import services
from acties.models import Verbeteractie
from lib import tenancy


def actie(personas: Any, eigenaar: str = "melder", by: str = "coordinator", **fields: Any) -> Verbeteractie:
    """An action from an audit, owned by the persona ``eigenaar``."""
    values: dict[str, Any] = {
        "titel": "Bezoekersregistratie bij de personeelsingang invoeren",
        "resultaat": "Elke bezoeker staat in het register en draagt een pas",
        "eigenaar": personas.members[eigenaar],
        "deadline": timezone.localdate() + datetime.timedelta(days=30),
        "thema": "fysieke_beveiliging",
        **fields,
    }
    member = personas.members[by]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=member.user_id):
        return services.add(by=member, bron="audit", bron_titel="Interne audit 2026", **values)


def actie_pk(personas: Any, persona: str = "melder") -> Any:
    """For the sweeps: an action the persona owns where it may own one, else one of the melder."""
    eigenaar = persona if persona in services.OWNER_ROLES else "melder"
    return actie(personas, eigenaar=eigenaar).pk


def grow(personas: Any, n: int) -> None:
    for i in range(n):
        actie(personas, eigenaar="melder", titel=f"Actie {i}")
        actie(personas, eigenaar="coordinator", titel=f"Andere actie {i}", thema="informatiebeveiliging")
