"""Objects of gemeente A for the sweeps (tests/routes.py, tests/test_api_sweep.py, tests/test_api_fuzz.py):
theme 1.3 with the BBV indicator of ``factories.add_ivp``, one of its figures, a police code and a year
with a population."""

from __future__ import annotations

from typing import Any

from lib import tenancy


def _bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members["coordinator"].user_id)


def thema(p: Any) -> Any:
    """Theme 1.3 (veelvoorkomende criminaliteit) of gemeente A's plan."""
    from ivp.models import Thema

    p.ivp_of()
    with _bound(p):
        return Thema.objects.get(gemeente_id=p.gemeente_a.pk, code="1.3").pk


def indicator(p: Any) -> Any:
    """The indicator diefstallen uit woning (bbv:woninginbraak), with two figures and a goal."""
    from ivp.models import Indicator

    p.ivp_of()
    with _bound(p):
        return Indicator.objects.get(gemeente_id=p.gemeente_a.pk, bronsleutel="bbv:woninginbraak").pk


def meting(p: Any) -> Any:
    """The oldest figure of that indicator."""
    from ivp.models import Meting

    pk = indicator(p)
    with _bound(p):
        return Meting.objects.filter(indicator_id=pk).order_by("jaar").values_list("pk", flat=True)[0]


def koppeling(p: Any) -> Any:
    """The police code 1.1.1 (diefstal/inbraak woning) and its theme."""
    from ivp.models import Misdrijfkoppeling

    p.ivp_of()
    with _bound(p):
        return Misdrijfkoppeling.objects.get(gemeente_id=p.gemeente_a.pk, dimensie="misdrijf", code="1.1.1").pk


def jaar(p: Any) -> int:
    """A year with a population (2025)."""
    p.ivp_of()
    return 2025


def geimporteerde_indicator(p: Any) -> Any:
    """An indicator of theme 1.3 as the import of police figures makes it, with figures of two buurten (made once)."""
    from decimal import Decimal

    from ivp import services
    from ivp.models import Indicator, Thema

    p.ivp_of()
    by = p.members["coordinator"]
    sleutel = "politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1"
    with _bound(p):
        bestaand = Indicator.objects.filter(gemeente_id=p.gemeente_a.pk, bronsleutel=sleutel).first()
        if bestaand is not None:
            return bestaand.pk
        thema_ = Thema.objects.select_related("veld").get(gemeente_id=p.gemeente_a.pk, code="1.3")
        nieuw = Indicator.objects.create(
            gemeente_id=p.gemeente_a.pk,
            thema=thema_,
            naam="Diefstal/inbraak woning (geregistreerde misdrijven, politie 1.1.1)",
            bron="Politie / CBS open data",
            per_1000=True,
            bronsleutel=sleutel,
        )
        for gebied, naam, waarde in (("", "", "120"), ("BU90010001", "Centrum", "14"), ("BU90010002", "Noord", "9")):
            services.set_meting(
                by=by, indicator=nieuw, jaar=2024, gebied=gebied, gebied_naam=naam, waarde=Decimal(waarde)
            )
        return nieuw.pk
