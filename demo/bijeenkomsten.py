"""The demo bijeenkomsten of Zuiderveen: the start meeting of the IVP 2027–2030, held and closed,
with the answers of 25 partners, and the yearly review of the programme, prepared and ready to open.

The start meeting is held while the plan is a concept, before the priorities are scored. Its
participants join and answer through ``bijeenkomsten.services`` bound as themselves, as their
phones would; the answers are drawn from a fixed seed around the demo's own priorities, so every
load gives the same results. Call inside a tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

import pghistory
from django.utils import timezone

from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Deelnemer, Soort, Vraag
from ivp.models import Plan, Thema
from lib import tenancy
from organisations.models import Membership

from .ivp import PRIORITEITEN

PARTICIPANTS = 25
ORGANISATIES = ["Politie", "Brandweer", "Woonstichting Zuiderveen", "Welzijn Zuiderveen", "Openbaar Ministerie", ""]
IDEEEN = [
    ("Buurtpreventie-app in elke wijk, met de wijkagent erbij", 14),
    ("Meer licht op de fietsroute langs het kanaal", 9),
    ("Eén meldpunt voor signalen van ondermijning bij ondernemers", 11),
    ("Jongerenwerk ook in het weekend op straat", 12),
    ("Huisbezoeken na een inbraak in de straat", 6),
    ("Een gezamenlijk overleg zorg en veiligheid per maand", 8),
]


def _question(by: Membership, bijeenkomst: Bijeenkomst, onderwerpen: list[dict[str, str]], **fields: Any) -> Vraag:
    return services.add_vraag(by=by, bijeenkomst=bijeenkomst, onderwerpen=onderwerpen, **fields)


def _as_participant(bijeenkomst: Bijeenkomst, n: int) -> tuple[Deelnemer, str]:
    with tenancy.bound(join_code=bijeenkomst.code):
        naam = f"Deelnemer {n + 1}" if n % 3 == 0 else ""
        return services.join(bijeenkomst=bijeenkomst, naam=naam, organisatie=ORGANISATIES[n % len(ORGANISATIES)])


def _answers(vraag: Vraag, codes: list[str], rnd: random.Random) -> Any:
    ids = [o["id"] for o in vraag.onderwerpen]
    base = {i: PRIORITEITEN[code][0] for i, code in zip(ids, codes, strict=True)}
    if vraag.soort == Soort.SCHAAL:  # ernst, a tenth "weet niet"
        return {i: None if rnd.random() < 0.1 else max(1, min(5, base[i][1] + rnd.choice((-1, 0, 0, 1)))) for i in ids}
    weight = {i: sum(base[i]) + rnd.randint(-3, 3) for i in ids}
    if vraag.soort == Soort.RANGORDE:
        return sorted(ids, key=lambda i: -weight[i])
    if vraag.soort == Soort.PUNTEN:
        total = sum(weight.values())
        points = {i: weight[i] * 100 // total for i in ids}
        points[ids[0]] += 100 - sum(points.values())
        return points
    return {
        i: [max(1, min(5, base[i][1] + rnd.choice((-1, 0, 1)))), max(1, min(5, base[i][4] + rnd.choice((-1, 0, 1))))]
        for i in ids
    }


def load_demo_bijeenkomsten(by: Membership, plan: Plan) -> Bijeenkomst:
    """Hold and close the start meeting; prepare the yearly review as a copy. Returns the start meeting."""
    today = timezone.localdate()
    codes = list(PRIORITEITEN)
    themas = {t.code: t for t in Thema.objects.filter(gemeente_id=by.gemeente_id, code__in=codes)}
    onderwerpen = services.onderwerpen_of(by, thema_ids=[themas[c].pk for c in codes])
    start = services.prepare(
        by=by, plan=plan, titel="Startbijeenkomst veiligheidsplan 2027–2030", datum=today, doelgroep="partners"
    )
    vragen = [
        _question(
            by, start, onderwerpen, soort=Soort.SCHAAL, tekst="Hoe ernstig is dit voor Zuiderveen?", criterium="ernst"
        ),
        _question(by, start, onderwerpen, soort=Soort.PUNTEN, tekst="Waar moet de aandacht de komende vier jaar heen?"),
        _question(by, start, onderwerpen, soort=Soort.RANGORDE, tekst="Zet de thema's in volgorde van belang"),
        _question(
            by, start, onderwerpen, soort=Soort.MATRIX, tekst="Hoe groot is de impact, en hoeveel invloed hebben wij?"
        ),
        _question(by, start, [], soort=Soort.OPEN, tekst="Wat moet er volgens u anders of beter?"),
    ]
    services.open_session(by=by, bijeenkomst=start)
    people = [_as_participant(start, n) for n in range(PARTICIPANTS)]
    rnd = random.Random(2027)
    for vraag in vragen:
        services.open_vraag(by=by, vraag=vraag)
        if vraag.soort == Soort.OPEN:
            _ideas(vraag, people)
            continue
        for deelnemer, secret in people:
            with tenancy.bound(participant=services.secret_hash(secret)):
                services.answer(deelnemer=deelnemer, vraag=vraag, waarde=_answers(vraag, codes, rnd))
    services.close_session(by=by, bijeenkomst=start)
    held = today - datetime.timedelta(days=120)
    with pghistory.context(action="demo.dates"):
        Bijeenkomst.objects.filter(pk=start.pk).update(datum=held)
    services.copy(
        by=by, source=start, titel="Jaarbespreking uitvoeringsprogramma 2027", datum=today + datetime.timedelta(days=30)
    )
    return start


def _ideas(vraag: Vraag, people: list[tuple[Deelnemer, str]]) -> None:
    for n, (tekst, votes) in enumerate(IDEEEN):
        author, secret = people[n]
        with tenancy.bound(participant=services.secret_hash(secret)):
            inbreng = services.add_inbreng(deelnemer=author, vraag=vraag, tekst=tekst)
        for voter, voter_secret in people[len(IDEEEN) : len(IDEEEN) + votes]:
            with tenancy.bound(participant=services.secret_hash(voter_secret)):
                services.vote(deelnemer=voter, inbreng=inbreng)
