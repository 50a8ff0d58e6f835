"""Incidents of a chosen number for the benchmark (demo/management/commands/generate_bench_data.py).

The registration is set up through ``incidenten.services``; the reports themselves, spread over the
last three years across every kind, 60 places and some of the register's assets, are written with
``bulk_create`` so 20,000 are made in seconds. Last year's rode-dradenanalyse is kept, for its
page. Call inside a tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from incidenten import services
from incidenten.models import ApMelding, Ernst, Incident, IncidentSoort, RodeDraden, Status
from incidenten.rode_draden import Periode
from organisations.models import Membership
from risicos.models import Bedrijfsmiddel

PLACES = 60
DAYS = 3 * 365
BATCH = 2_000
ERNST = (Ernst.GERING,) * 5 + (Ernst.AANZIENLIJK,) * 3 + (Ernst.ERNSTIG, Ernst.ZEER_ERNSTIG)
STATUS = (Status.AFGEHANDELD,) * 8 + (Status.IN_BEHANDELING, Status.GEMELD)


def load_bench_incidenten(by: Membership, *, incidents: int, seed: int = 1) -> RodeDraden:
    """``incidents`` reports of the last three years, reported by ``by``; returns last year's analysis."""
    rng = random.Random(seed)
    services.start(by=by, bewaartermijn_maanden=36)
    soorten = list(IncidentSoort.objects.filter(gemeente_id=by.gemeente_id))
    middelen = list(Bedrijfsmiddel.objects.filter(gemeente_id=by.gemeente_id)[:20])
    today = timezone.localdate()
    rows = []
    for i in range(incidents):
        soort = rng.choice(soorten)
        datum = today - datetime.timedelta(days=rng.randrange(DAYS))
        gemeld = soort.meldplicht
        rows.append(
            Incident(
                gemeente_id=by.gemeente_id,
                soort=soort,
                thema=soort.thema,
                datum=datum,
                locatie=f"Locatie {rng.randrange(PLACES) + 1}",
                bedrijfsmiddel=rng.choice(middelen) if middelen and rng.random() < 0.2 else None,
                omschrijving=f"Benchmelding {i + 1}",
                ernst=rng.choice(ERNST),
                politie=rng.random() < 0.15,
                melder=by,
                status=rng.choice(STATUS),
                datalek=gemeld,
                ap_melding=ApMelding.GEMELD if gemeld else ApMelding.OPEN,
                ap_gemeld_op=min(datum + datetime.timedelta(days=1), today) if gemeld else None,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=BATCH)
    vorig_jaar = Periode(datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31))
    return services.rode_draden(by=by, periode=vorig_jaar)
