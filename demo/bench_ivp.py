"""A veiligheidsplan of a chosen size for the benchmark (demo/management/commands/generate_bench_data.py).

The plan is started through ``ivp.services`` (velden, themes, mapping, first plan); the bulk —
extra themes, monthly figures and actions — is written with ``bulk_create`` so a large dataset
is made in seconds. History triggers record those rows like any other. Call inside a tenancy
binding of the gemeente.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from ivp import services
from ivp.choices import ActieStatus, ObeType, Schaal
from ivp.models import Actie, Doelstelling, Indicator, Meting, Plan, Thema, Veld
from organisations.models import Membership, PartnerOrganisatie

STATUSES = [ActieStatus.GEPLAND, ActieStatus.LOPEND, ActieStatus.LOPEND, ActieStatus.AFGEROND, ActieStatus.UITGESTELD]


def load_bench_ivp(by: Membership, *, themes: int, years: int, actions: int, seed: int = 1) -> Plan:
    """A plan 2027–2030 with ``themes`` themes (each one indicator with ``years`` × 12 monthly
    figures up to 2025) and a 2027 programme of ``actions`` actions spread over the themes and the
    gemeente's partner organisations."""
    rng = random.Random(seed)
    plan = services.start_ivp(by=by, startjaar=2027)
    gemeente_id = by.gemeente_id
    velden = list(Veld.objects.filter(gemeente_id=gemeente_id))
    have = Thema.objects.filter(gemeente_id=gemeente_id).count()
    Thema.objects.bulk_create(
        Thema(
            gemeente_id=gemeente_id,
            veld=velden[i % len(velden)],
            code=f"B.{i}",
            naam=f"Benchthema {i}",
            volgorde=100 + i,
        )
        for i in range(max(themes - have, 0))
    )
    all_themes = list(Thema.objects.filter(gemeente_id=gemeente_id).order_by("veld__nummer", "volgorde")[:themes])
    indicators = Indicator.objects.bulk_create(
        Indicator(gemeente_id=gemeente_id, thema=t, naam=f"Registraties {t.naam}", bronsleutel=f"bench:{t.pk}")
        for t in all_themes
    )
    first_year = 2025 - years + 1
    Meting.objects.bulk_create(
        (
            Meting(
                gemeente_id=gemeente_id,
                indicator=indicator,
                jaar=jaar,
                maand=maand,
                waarde=Decimal(rng.randint(0, 400)),
                bron="Benchmark",
            )
            for indicator in indicators
            for jaar in range(first_year, 2026)
            for maand in range(1, 13)
        ),
        batch_size=5000,
    )
    doelen = Doelstelling.objects.bulk_create(
        Doelstelling(
            gemeente_id=gemeente_id,
            plan=plan,
            thema=indicator.thema,
            wat=f"Minder {indicator.naam.lower()}",
            indicator=indicator,
            nulmeting=Decimal(200),
            streefwaarde=Decimal(150),
            deadline=datetime.date(2030, 12, 31),
            volgorde=i,
        )
        for i, indicator in enumerate(indicators)
    )
    programma = services.start_programma(by=by, plan=plan, jaar=2027)
    partners: list[Any] = [*PartnerOrganisatie.objects.filter(gemeente_id=gemeente_id), None]
    Actie.objects.bulk_create(
        (
            Actie(
                gemeente_id=gemeente_id,
                programma=programma,
                thema=doelen[i % len(doelen)].thema,
                doelstelling=doelen[i % len(doelen)],
                actiepunt=f"Actie {i:05d}",
                activiteit="Benchmarkactiviteit",
                obe_type=list(ObeType)[i % len(ObeType)],
                organisatie=partners[i % len(partners)],
                schaal=Schaal.LOKAAL if i % 3 else Schaal.BOVENLOKAAL,
                start=datetime.date(2026, 1 + i % 12, 1),
                eind=datetime.date(2026 + i % 2, 1 + i % 12, 28),
                budget=Decimal(1000 * (i % 50)),
                status=(status := STATUSES[i % len(STATUSES)]),
                voortgang=100 if status == ActieStatus.AFGEROND else rng.randint(0, 90),
            )
            for i in range(actions)
        ),
        batch_size=2000,
    )
    return plan
