"""The world of the PDCA tests: gemeente A's calendar, kept by its coördinator: an internal audit done a
month ago with a finding of the theme informatiebeveiliging (the thema-eigenaar persona's) marked for the
kader, and a management review still planned."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from kader.models import KaderVersie
from lib import tenancy
from pdca import services
from pdca.models import Activiteit, Bevinding

AUDIT = "Interne audit informatiebeveiliging"
REVIEW = "Managementreview integrale beveiliging"
BEVINDING = "Het wachtwoordbeleid is niet bij alle afdelingen bekend."


def bound(personas: Any, role: str = "coordinator") -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members[role].user_id)


def activiteit(personas: Any, **fields: Any) -> Activiteit:
    """A new activity of gemeente A's calendar, planned a month from today unless told otherwise."""
    values: dict[str, Any] = {
        "titel": REVIEW,
        "fase": "act",
        "soort": "managementreview",
        "gepland_op": timezone.localdate() + datetime.timedelta(days=30),
        **fields,
    }
    with bound(personas):
        return services.add_activiteit(by=personas.members["coordinator"], **values)


def audit(personas: Any) -> Activiteit:
    """The internal audit, done a month ago (made once)."""
    with bound(personas):
        found = Activiteit.objects.filter(gemeente_id=personas.gemeente_a.pk, titel=AUDIT).first()
    if found is not None:
        return found
    month_ago = timezone.localdate() - datetime.timedelta(days=30)
    return activiteit(
        personas,
        titel=AUDIT,
        fase="check",
        soort="interne_audit",
        gepland_op=month_ago,
        status="uitgevoerd",
        uitgevoerd_op=month_ago,
        conclusie="Het beleid is op orde; de uitvoering blijft achter bij twee afdelingen.",
    )


def audit_pk(personas: Any) -> Any:
    return audit(personas).pk


def review_pk(personas: Any) -> Any:
    """The management review, planned (made once)."""
    with bound(personas):
        found = Activiteit.objects.filter(gemeente_id=personas.gemeente_a.pk, titel=REVIEW).first()
    return (found or activiteit(personas)).pk


def bevinding(personas: Any, **fields: Any) -> Bevinding:
    """A new finding of the internal audit, by the coördinator."""
    values: dict[str, Any] = {
        "tekst": BEVINDING,
        "soort": "tekortkoming",
        "thema": "informatiebeveiliging",
        "voor_kader": True,
        **fields,
    }
    activiteit_ = audit(personas)
    with bound(personas):
        return services.add_bevinding(by=personas.members["coordinator"], activiteit=activiteit_, **values)


def bevinding_pk(personas: Any) -> Any:
    """The audit's finding of the theme informatiebeveiliging, marked for the kader (made once)."""
    activiteit_ = audit(personas)
    with bound(personas):
        found = Bevinding.objects.filter(activiteit=activiteit_, tekst=BEVINDING).first()
    return (found or bevinding(personas)).pk


def grow(personas: Any, n: int) -> None:
    """``n`` more activities this year and findings of the audit marked for the kader; once gemeente A has a
    kader concept, half of those findings taken up into it (no kader is started here: that would
    change what other pages read; nor is one ter besluitvorming sent back)."""
    today = timezone.localdate()
    for i in range(n):
        activiteit(personas, titel=f"Evaluatie {i}", fase="check", soort="evaluatie", gepland_op=today.replace(day=1))
        bevinding(personas, tekst=f"Bevinding {i}", thema="")
    with bound(personas):
        if KaderVersie.objects.filter(gemeente_id=personas.gemeente_a.pk, status="concept").exists():
            ids = Bevinding.objects.filter(tekst__startswith="Bevinding ").values_list("pk", flat=True)[: n // 2]
            services.neem_op(by=personas.members["coordinator"], ids=list(ids))
