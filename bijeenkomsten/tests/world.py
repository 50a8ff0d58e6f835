"""The world of the bijeenkomsten tests: a session on gemeente A's plan with one question of each
kind, opened, and participants who joined through the real pages (a cookie each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Inbreng, Soort, Vraag
from bijeenkomsten.views_deelnemer import COOKIE
from ivp.models import Thema
from lib import tenancy

CODES = ("1.1", "1.3", "2.1", "4.2")


@dataclass
class Sessie:
    personas: Any
    bijeenkomst: Bijeenkomst
    vragen: dict[str, Vraag]
    themas: list[str]  # ids of the themes asked about
    deelnemers: list[Client] = field(default_factory=list)

    def bound(self) -> Any:
        by = self.personas.members["coordinator"]
        return tenancy.bound(gemeente=self.personas.gemeente_a.pk, user=by.user_id)

    @property
    def by(self) -> Any:
        return self.personas.members["coordinator"]

    def url(self, name: str = "meedoen_code", **kwargs: Any) -> str:
        return reverse(f"bijeenkomsten:{name}", kwargs={"code": self.bijeenkomst.code, **kwargs})

    def join(self, naam: str = "") -> Client:
        client = Client()
        response = client.post(self.url(), {"naam": naam, "organisatie": ""})
        assert response.status_code == 302, response.content.decode()[:500]
        assert COOKIE in response.cookies
        self.deelnemers.append(client)
        return client

    def open(self, soort: str) -> Vraag:
        with self.bound():
            return services.open_vraag(by=self.by, vraag=self.fresh(self.vragen[soort]))

    def fresh(self, obj: Any) -> Any:
        with tenancy.bound(gemeente=self.personas.gemeente_a.pk):
            return (
                type(obj).objects.select_related("bijeenkomst__plan").get(pk=obj.pk)
                if isinstance(obj, Vraag)
                else type(obj).objects.get(pk=obj.pk)
            )

    def close(self) -> Bijeenkomst:
        with self.bound():
            return services.close_session(by=self.by, bijeenkomst=self.fresh(self.bijeenkomst))


def sessie_of(personas: Any, *, open_it: bool = True) -> Sessie:
    plan = personas.ivp_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        themas = [str(t.pk) for t in Thema.objects.filter(code__in=CODES).order_by("code")]
        bijeenkomst = services.prepare(
            by=by, plan=plan, titel="Startbijeenkomst veiligheidsplan", datum=timezone.localdate(), doelgroep="partners"
        )
        onderwerpen = services.onderwerpen_of(by, thema_ids=themas)
        vragen = {
            Soort.SCHAAL: services.add_vraag(
                by=by,
                bijeenkomst=bijeenkomst,
                soort=Soort.SCHAAL,
                tekst="Hoe ernstig is dit?",
                onderwerpen=onderwerpen,
                criterium="ernst",
            ),
            Soort.PUNTEN: services.add_vraag(
                by=by, bijeenkomst=bijeenkomst, soort=Soort.PUNTEN, tekst="Verdeel 100 punten", onderwerpen=onderwerpen
            ),
            Soort.RANGORDE: services.add_vraag(
                by=by, bijeenkomst=bijeenkomst, soort=Soort.RANGORDE, tekst="Zet op volgorde", onderwerpen=onderwerpen
            ),
            Soort.MATRIX: services.add_vraag(
                by=by, bijeenkomst=bijeenkomst, soort=Soort.MATRIX, tekst="Impact en invloed", onderwerpen=onderwerpen
            ),
            Soort.OPEN: services.add_vraag(by=by, bijeenkomst=bijeenkomst, soort=Soort.OPEN, tekst="Wat moet beter?"),
        }
        if open_it:
            services.open_session(by=by, bijeenkomst=bijeenkomst)
    return Sessie(personas, bijeenkomst, {str(k): v for k, v in vragen.items()}, themas)


# --- objects for the sweeps (tests/routes.py) ----------------------------------------------------


def _cached(personas: Any) -> Sessie:
    found = getattr(personas, "_sessie", None)
    if found is None:
        # Through the services, not the pages: a request would close the connection of a transactional test.
        found = sessie_of(personas)
        vraag = found.open(Soort.OPEN)
        with tenancy.bound(join_code=found.bijeenkomst.code):
            deelnemer, secret = services.join(bijeenkomst=found.bijeenkomst, naam="Sweep")
        with tenancy.bound(participant=services.secret_hash(secret)):
            services.add_inbreng(deelnemer=deelnemer, vraag=vraag, tekst="Meer licht in het park")
        personas._sessie = found
    return found


def bijeenkomst_pk(personas: Any) -> Any:
    return _cached(personas).bijeenkomst.pk


def code(personas: Any) -> str:
    return _cached(personas).bijeenkomst.code


def open_vraag_pk(personas: Any) -> Any:
    return _cached(personas).vragen[Soort.OPEN].pk


def vraag_pk(personas: Any) -> Any:
    return _cached(personas).vragen[Soort.SCHAAL].pk


def inbreng_pk(personas: Any) -> Any:
    sessie = _cached(personas)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Inbreng.objects.filter(vraag__bijeenkomst=sessie.bijeenkomst).values_list("pk", flat=True)[0]


def past(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
