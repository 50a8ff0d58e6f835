"""The world of the incident tests: gemeente A's registration, set up by its coördinator, and reports."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from incidenten import services
from incidenten.models import Incident, IncidentSoort, Instelling
from lib import tenancy
from lib.permissions import allowed


def bound(personas: Any, role: str = "coordinator") -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members[role].user_id)


def started(personas: Any) -> Instelling:
    """Gemeente A's registration (set up once)."""
    with bound(personas):
        return services.instelling(personas.gemeente_a.pk) or services.start(
            by=personas.members["coordinator"], bewaartermijn_maanden=24
        )


def soort(personas: Any, sleutel: str = "agressie") -> IncidentSoort:
    started(personas)
    with bound(personas):
        return IncidentSoort.objects.get(gemeente_id=personas.gemeente_a.pk, sleutel=sleutel)


def melding(personas: Any, role: str = "melder", **fields: Any) -> Incident:
    """A report by the persona's membership in gemeente A."""
    values: dict[str, Any] = {
        "soort": soort(personas, fields.pop("sleutel", "agressie")),
        "datum": timezone.localdate() - datetime.timedelta(days=1),
        "omschrijving": "Een bezoeker schreeuwde aan de balie en gooide een stoel om.",
        "ernst": "aanzienlijk",
        "locatie": "Publieksbalie stadhuis",
        **fields,
    }
    with bound(personas, role):
        return services.meld(by=personas.members[role], **values)


def eigen_melding_pk(personas: Any, persona: str) -> Any:
    """For the sweeps: a report of the persona itself where it may report, else one of the melder."""
    role = persona if persona in personas.members and allowed("incidenten.melden", role=persona) else "melder"
    return melding(personas, role).pk


def grow(personas: Any, n: int) -> None:
    """``n`` more reports of the melder and of the coördinator, once the registration is set up."""
    with bound(personas):
        if services.instelling(personas.gemeente_a.pk) is None:
            return
    for i in range(n):
        melding(personas, "melder", omschrijving=f"Melding {i}", sleutel=["agressie", "datalek", "inbraak"][i % 3])
        melding(personas, "coordinator", omschrijving=f"Andere melding {i}")


def linked_incident_pk(personas: Any) -> Any:
    """A data-breach report linked to gemeente A's risk."""
    from incidenten.models import IncidentRisico

    with bound(personas):
        return IncidentRisico.objects.get(pk=link_pk(personas, "risico")).incident_id


def link_pk(personas: Any, kind: str) -> Any:
    """A link of a data-breach report (theme informatiebeveiliging) to gemeente A's risk or measure."""
    from risicos.models import Maatregel, Risico
    from risicos.tests import world as risicos_world

    incident = melding(personas, sleutel="datalek")
    model, pk = (
        (Risico, risicos_world.risico_pk(personas))
        if kind == "risico"
        else (
            Maatregel,
            risicos_world.maatregel_pk(personas),
        )
    )
    with bound(personas):
        return services.koppel(by=personas.members["coordinator"], incident=incident, obj=model.objects.get(pk=pk)).pk


def analyse_pk(personas: Any) -> Any:
    """Gemeente A's rode-dradenanalyse of the last year up to today (so the reports of ``grow`` count)."""
    from incidenten.rode_draden import Periode

    started(personas)
    today = timezone.localdate()
    with bound(personas):
        periode = Periode(today - datetime.timedelta(days=364), today)
        return services.rode_draden(by=personas.members["coordinator"], periode=periode).pk


def last_year() -> datetime.date:
    """A day of last year: the period the rode-draden page shows first."""
    return datetime.date(timezone.localdate().year - 1, 6, 15)
