"""The world of the oefenen tests: gemeente A's exercises, awareness activities and participation, made by
its coördinator. The exercise and activity have the theme informatiebeveiliging, which the persona
thema-eigenaar owns, so the sweeps see a thema-eigenaar who may change them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lib import tenancy
from oefenen import services
from oefenen.models import Bewustwordingsactiviteit, Deelname, Oefening


def bound(personas: Any, role: str = "coordinator") -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members[role].user_id)


def oefening(personas: Any, by: str = "coordinator", **fields: Any) -> Oefening:
    """A tabletop exercise of gemeente A on a ransomware scenario, planned for next month."""
    values: dict[str, Any] = {
        "titel": "Tabletop ransomware",
        "soort": "tabletop",
        "thema": "informatiebeveiliging",
        "gepland_op": timezone.localdate() + datetime.timedelta(days=30),
        "deelnemers": "Crisisteam, servicedesk, leverancier",
        **fields,
    }
    with bound(personas, by):
        return services.add_oefening(by=personas.members[by], **values)


def uitgevoerd(personas: Any, **fields: Any) -> Oefening:
    """An exercise done last week, partly successful, with findings."""
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    values: dict[str, Any] = {
        "titel": "Back-up terugzetten",
        "soort": "technische_test",
        "gepland_op": last_week,
        "status": "uitgevoerd",
        "uitgevoerd_op": last_week,
        "resultaat": "deels_geslaagd",
        "bevindingen": "Het terugzetten duurde zes uur in plaats van twee.",
        **fields,
    }
    return oefening(personas, **values)


def activiteit(personas: Any, **fields: Any) -> Bewustwordingsactiviteit:
    values: dict[str, Any] = {
        "titel": "Phishingsimulatie voorjaar",
        "soort": "phishingsimulatie",
        "thema": "informatiebeveiliging",
        "datum": timezone.localdate() - datetime.timedelta(days=14),
        "doelgroep": "Alle medewerkers",
        "aantal_deelnemers": 180,
        **fields,
    }
    with bound(personas):
        return services.add_activiteit(by=personas.members["coordinator"], **values)


def deelname(personas: Any, afdeling: str = "Publiekszaken", jaar: int | None = None, **fields: Any) -> Deelname:
    """Gemeente A's participation of ``afdeling`` in ``jaar`` (this year), made once."""
    jaar = jaar or timezone.localdate().year
    with bound(personas):
        found = Deelname.objects.filter(gemeente_id=personas.gemeente_a.pk, jaar=jaar, afdeling=afdeling).first()
        if found is not None:
            return found
        values = {"medewerkers": 40, "deelgenomen": 31, **fields}
        return services.add_deelname(by=personas.members["coordinator"], jaar=jaar, afdeling=afdeling, **values)


def vorig_jaar(personas: Any) -> None:
    """Two afdelingen of last year, so that this year can be started from them."""
    jaar = timezone.localdate().year - 1
    deelname(personas, "Publiekszaken", jaar, medewerkers=40, deelgenomen=40)
    deelname(personas, "Sociaal Domein", jaar, medewerkers=25, deelgenomen=20)


def grow(personas: Any, n: int) -> None:
    """``n`` more exercises over the programme's years, ``n`` activities and ``n`` afdelingen this year."""
    today = timezone.localdate()
    for i in range(n):
        day = today + datetime.timedelta(days=(i * 97) % 1200 - 300)
        if i % 3 == 0 and day <= today:
            uitgevoerd(personas, titel=f"Oefening {i}", gepland_op=day, uitgevoerd_op=day, thema="continuiteit")
        else:
            status = "vervallen" if i % 5 == 0 else "gepland"
            oefening(
                personas, titel=f"Oefening {i}", gepland_op=day, status=status, soort=["training", "crisis"][i % 2]
            )
        activiteit(personas, titel=f"Activiteit {i}", datum=today - datetime.timedelta(days=i % 200))
        deelname(personas, f"Afdeling {i}", medewerkers=10 + i, deelgenomen=i % 10)
