"""The world of the uitvoeringsprogramma tests: gemeente A's plan with its 2027 programme.

``tests.factories.add_ivp`` gives the programme two actions: one carried out by partner A (the
ketenpartner persona's organisation, theme 1.3 of veld 1) and one by the gemeente itself (theme 4.2
of veld 4). The thema-eigenaar persona owns veld 1 here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ivp import services
from ivp.models import Actie, Plan, Programma, Thema
from lib import tenancy

# Every authenticated request: session, user, savepoint, set_config, membership, release (see
# tests/test_query_budgets.py).
BASE = 6


@dataclass
class World:
    personas: Any
    plan: Plan
    programma: Programma
    own: Actie  # carried out by partner A, the ketenpartner's organisation
    gemeente: Actie  # carried out by the gemeente itself

    def bound(self, role: str = "coordinator") -> Any:
        return tenancy.bound(gemeente=self.personas.gemeente_a.pk, user=self.personas.members[role].user_id)

    def member(self, role: str) -> Any:
        return self.personas.members[role]

    def fresh(self, obj: Any) -> Any:
        with tenancy.bound(gemeente=self.personas.gemeente_a.pk):
            return type(obj)._default_manager.get(pk=obj.pk)

    def thema(self, code: str) -> Thema:
        with tenancy.bound(gemeente=self.personas.gemeente_a.pk):
            return Thema.objects.select_related("veld").get(code=code)

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.personas.user(role))
        client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
        return client

    def add(self, actiepunt: str, code: str = "1.3", **fields: Any) -> Actie:
        with self.bound():
            return services.add_actie(
                by=self.member("coordinator"),
                programma=self.programma,
                thema=self.thema(code),
                actiepunt=actiepunt,
                **fields,
            )

    def add_many(self, n: int) -> None:
        """``n`` more actions in several themes, some late and some stalled."""
        late = datetime.date(2020, 1, 31)
        for i in range(n):
            code = ("1.1", "2.1", "3.2", "4.2", "5.3")[i % 5]
            organisatie = self.personas.partner_a if i % 2 else None
            actie = self.add(
                f"Extra actie {i}", code, organisatie=organisatie, status="lopend", eind=late if i % 3 else None
            )
            if i % 4 == 0:
                with self.bound():
                    old = timezone.now() - datetime.timedelta(days=200)
                    Actie.objects.filter(pk=actie.pk).update(voortgang_op=old)


def world_of(personas: Any) -> World:
    """Gemeente A's IVP world; the thema-eigenaar owns veld 1 (veilige woon- en leefomgeving)."""
    plan = personas.ivp_of()
    te = personas.members["thema_eigenaar"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        te.themes = [*te.themes, "veilige_woon_leefomgeving"]
        te.save(update_fields=["themes"])
        programma = Programma.objects.get(jaar=2027)
        own = Actie.objects.get(programma=programma, organisatie=personas.partner_a)
        gemeente = Actie.objects.get(programma=programma, organisatie__isnull=True)
    return World(personas, plan, programma, own, gemeente)


# --- objects for the sweeps (tests/routes.py, tests/test_api_sweep.py, tests/test_api_fuzz.py) -----


def programma_pk(personas: Any) -> Any:
    """Gemeente A's 2027 programme."""
    personas.ivp_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Programma.objects.get(jaar=2027).pk


def actie_pk(personas: Any) -> Any:
    """The action of gemeente A's 2027 programme carried out by partner A (the ketenpartner's organisation)."""
    personas.ivp_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Actie.objects.get(programma__jaar=2027, organisatie=personas.partner_a).pk
