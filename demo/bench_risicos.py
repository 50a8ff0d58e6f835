"""A risk register of a chosen size for the benchmark (demo/management/commands/generate_bench_data.py).

The register is started through ``risicos.services`` (matrix and threats); the bulk — assets,
risks with their levels, measures and the links between them — is written with ``bulk_create``
so 5,000 risks and 10,000 measures are made in seconds. History triggers record those rows like
any other. Call inside a tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from organisations.models import Membership
from organisations.models import Thema as BeveiligingsThema
from risicos import services
from risicos.models import (
    Bedrijfsmiddel,
    Behandeling,
    Dreiging,
    Functie,
    Maatregel,
    MaatregelRisico,
    MaatregelSoort,
    MaatregelStatus,
    Risico,
    RisicoBedrijfsmiddel,
    Schakel,
    Soort,
)

ASSETS = 200
BATCH = 2_000


def load_bench_risicos(by: Membership, *, risks: int, measures: int, seed: int = 1) -> Risico:
    """A register with ``risks`` risks (each on one of 200 assets) and ``measures`` measures (each on
    one or two risks, of every status, type and link of the chain); returns the risk with the most
    measures, for the detail page."""
    rng = random.Random(seed)
    matrix = services.start_register(by=by)
    gemeente_id = by.gemeente_id
    today = datetime.date(2027, 1, 1)
    themas = [t.value for t in BeveiligingsThema]
    dreigingen = list(Dreiging.objects.filter(gemeente_id=gemeente_id))
    soorten_middel = [s.value for s in Soort]
    middelen = Bedrijfsmiddel.objects.bulk_create(
        Bedrijfsmiddel(
            gemeente_id=gemeente_id,
            naam=f"Benchmiddel {i}",
            soort=soorten_middel[i % len(soorten_middel)],
            themas=[themas[i % len(themas)]],
        )
        for i in range(ASSETS)
    )
    behandelingen = [b.value for b in Behandeling]
    risicos = []
    for i in range(risks):
        risico = Risico(
            gemeente_id=gemeente_id,
            titel=f"Benchrisico {i}",
            scenario="Een scenario van de benchmark: wie of wat, hoe, met welk gevolg.",
            dreiging=dreigingen[i % len(dreigingen)],
            themas=[themas[i % len(themas)]],
            matrix=matrix,
            bruto_kans=rng.randint(1, 5),
            bruto_impact=rng.randint(1, 5),
            behandeling=behandelingen[i % len(behandelingen)],
            eigenaar=by,
        )
        if i % 4:
            risico.netto_kans = max(1, risico.bruto_kans - rng.randint(0, 2))
            risico.netto_impact = max(1, risico.bruto_impact - rng.randint(0, 1))
        services.score_levels(risico)
        risico.volgende_review = services.review_date(matrix, risico.niveau, today)
        risicos.append(risico)
    Risico.objects.bulk_create(risicos, batch_size=BATCH)
    RisicoBedrijfsmiddel.objects.bulk_create(
        (
            RisicoBedrijfsmiddel(gemeente_id=gemeente_id, risico=r, bedrijfsmiddel=middelen[i % ASSETS])
            for i, r in enumerate(risicos)
        ),
        batch_size=BATCH,
    )
    schakels = [s.value for s in Schakel]
    statuses = [s.value for s in MaatregelStatus]
    soorten = [s.value for s in MaatregelSoort]
    functies = [f.value for f in Functie]
    maatregelen = Maatregel.objects.bulk_create(
        (
            Maatregel(
                gemeente_id=gemeente_id,
                titel=f"Benchmaatregel {i}",
                soort=soorten[i % len(soorten)],
                functie=functies[i % len(functies)],
                schakels=sorted(set(rng.sample(schakels, rng.randint(1, 2)))),
                themas=[themas[i % len(themas)]],
                status=statuses[i % len(statuses)],
                eigenaar=by,
                kosten_eenmalig=Decimal(rng.randint(0, 50) * 100),
                kosten_jaarlijks=Decimal(rng.randint(0, 20) * 50),
            )
            for i in range(measures)
        ),
        batch_size=BATCH,
    )
    links = {(i % risks, i) for i in range(measures)} | {((i * 7 + 3) % risks, i) for i in range(0, measures, 3)}
    # The first risk gets extra measures: the detail page then shows a long chain.
    links |= {(0, i) for i in range(0, min(measures, 40))}
    MaatregelRisico.objects.bulk_create(
        (MaatregelRisico(gemeente_id=gemeente_id, risico=risicos[r], maatregel=maatregelen[m]) for r, m in links),
        batch_size=BATCH,
    )
    return risicos[0]
