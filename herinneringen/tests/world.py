"""The world of the reminder tests: owners of risks in gemeente A and B with points that are due."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lib import tenancy
from risicos import services
from risicos.models import Acceptatie, Risico
from risicos.tests import world as risicos_world


@dataclass
class Register:
    expiring: Risico  # owned by the bestuurder; its acceptance ends in 10 days
    overdue: Risico  # owned by the coördinator; its review was 5 days ago
    later: Risico  # owned by the coördinator; nothing due within 30 days
    elsewhere: Risico  # gemeente B's, owned by its coördinator; review overdue
    acceptatie: Acceptatie


def _risico(by: Any, titel: str, eigenaar: Any, review: datetime.date) -> Risico:
    return services.add_risico(
        by=by,
        titel=titel,
        scenario="Kort scenario.",
        bruto_kans=3,
        bruto_impact=3,
        eigenaar=eigenaar,
        volgende_review=review,
    )


def build(personas: Any) -> Register:
    today = timezone.localdate()
    risicos_world.register_of(personas)
    coordinator = personas.members["coordinator"]
    with risicos_world.bound(personas):
        expiring = _risico(
            coordinator, "Inbraak in het stadhuis", personas.members["bestuurder"], today + datetime.timedelta(400)
        )
        acceptatie = services.accept(
            by=coordinator,
            risico=expiring,
            geaccepteerd_door="College van B en W",
            geldig_tot=today + datetime.timedelta(days=10),
            motivering="Maatregelen zijn te duur voor het restrisico.",
        )
        overdue = _risico(coordinator, "Phishing bij de balie", coordinator, today - datetime.timedelta(days=5))
        later = _risico(coordinator, "Stroomuitval", coordinator, today + datetime.timedelta(days=200))
    b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=b.user_id):
        services.start_register(by=b, methode="standaard")
        elsewhere = _risico(b, "Geheim risico van Beedorp", b, today - datetime.timedelta(days=1))
    return Register(expiring, overdue, later, elsewhere, acceptatie)
