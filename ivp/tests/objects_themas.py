"""Objects of gemeente A for the sweeps (tests/routes.py, tests/test_api_sweep.py, tests/test_api_fuzz.py):
a veld, a theme of veld 5 with a link to the kader, a priority and the goal of ``factories.add_ivp``."""

from __future__ import annotations

from typing import Any

from lib import tenancy


def _bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members["coordinator"].user_id)


def veld(p: Any) -> Any:
    """Veld 1 (veilige woon- en leefomgeving) of gemeente A's plan."""
    from ivp.models import Veld

    p.ivp_of()
    with _bound(p):
        return Veld.objects.get(gemeente_id=p.gemeente_a.pk, nummer=1).pk


def thema(p: Any, code: str = "5.3") -> Any:
    """A theme of gemeente A; 5.3 (informatieveiligheid) links to the kader, whose goals exist too."""
    from ivp.models import Thema

    p.ivp_of()
    p.kader_of()
    with _bound(p):
        return Thema.objects.get(gemeente_id=p.gemeente_a.pk, code=code).pk


def koppeling(p: Any) -> Any:
    """The link of theme 5.3 to the first goal of gemeente A's kader (made once)."""
    from ivp import services
    from ivp.models import Thema, ThemaKoppeling
    from kader.models import Doel

    thema_pk = thema(p)
    with _bound(p):
        existing = ThemaKoppeling.objects.filter(gemeente_id=p.gemeente_a.pk).first()
        if existing is not None:
            return existing.pk
        doel = Doel.objects.filter(versie=p.kader_of()).order_by("volgorde").first()
        target = Thema.objects.select_related("veld").get(pk=thema_pk)
        return services.link_kader(by=p.members["coordinator"], thema=target, doel=doel).pk


def plan(p: Any) -> Any:
    return p.ivp_of().pk


def prioritering(p: Any) -> Any:
    """The priority of theme 1.3 in gemeente A's plan."""
    from ivp.models import Prioritering

    plan_ = p.ivp_of()
    with _bound(p):
        return Prioritering.objects.get(plan=plan_, thema__code="1.3").pk


def doelstelling(p: Any) -> Any:
    """The goal of gemeente A's plan (factories.add_ivp)."""
    from ivp.models import Doelstelling

    plan_ = p.ivp_of()
    with _bound(p):
        return Doelstelling.objects.filter(plan=plan_).order_by("volgorde").values_list("pk", flat=True)[0]
