"""A complete demo kader: version 1 adopted by the college, version 2 a concept with changes.

Everything goes through ``kader.services`` as the given member (a coördinator), so the demo is what
a coördinator could have done by hand; history records it like any other change. Call inside a
tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime

import pghistory
from django.utils import timezone

from kader import content, services
from kader.models import (
    Bedrijfsmiddel,
    Deelplan,
    Doel,
    KaderVersie,
    PdcaFase,
    StapActiviteit,
    Verantwoordelijkheid,
    WetOfNorm,
)
from organisations.models import Membership

NIET_VAN_TOEPASSING = {
    "Regeling SUWI": "De gemeente voert de taken van werk en inkomen uit via een gemeenschappelijke regeling.",
    "Wet justitiële en strafvorderlijke gegevens": "De gemeente verwerkt geen justitiële gegevens bij cameratoezicht.",
}

DEELPLANNEN = (
    ("informatiebeveiliging", "Informatiebeveiligingsbeleid 2025–2028", "CISO", "vastgesteld"),
    ("fysieke_beveiliging", "Beveiligingsplan stadhuis en stadswinkels", "Facilitair manager", "vastgesteld"),
    ("technische_beveiliging", "Programma van eisen toegang en camera's", "Facilitair manager", "in_ontwikkeling"),
    ("personele_beveiliging", "Protocol agressie en geweld", "Manager HR", "vastgesteld"),
    ("integriteit", "Integriteitsbeleid en gedragscode", "Integriteitscoördinator", "vastgesteld"),
    ("continuiteit", "Bedrijfscontinuïteitsplan", "Coördinator integrale beveiliging", "verouderd"),
)


def _fill(versie: KaderVersie, by: Membership) -> None:
    services.edit(
        versie=versie,
        by=by,
        expected_version=versie.version,
        visie=content.VOORBEELDEN_VISIE["samenhang"],
        visie_minimaal=content.VOORBEELDEN_VISIE["minimaal"],
        visie_maximaal=content.VOORBEELDEN_VISIE["maximaal"],
        visie_onderbouwing=(
            "In de werksessie koos het managementteam voor een variant tussen minimaal en maximaal: "
            "samenhang tussen de thema's is het belangrijkste wat de gemeente nu mist."
        ),
        bedrijfsmiddelen=list(Bedrijfsmiddel.values),
        governance="domeinen",
        governance_toelichting=content.GOVERNANCE["domeinen"],
    )
    for wet in WetOfNorm.objects.filter(versie=versie):
        reden = NIET_VAN_TOEPASSING.get(wet.naam)
        services.edit_part(by=by, obj=wet, expected_version=wet.version, van_toepassing=reden is None, reden=reden)
    for doel in Doel.objects.filter(versie=versie):
        services.edit_part(by=by, obj=doel, expected_version=doel.version, relevant=True)
    for groep in content.VOORBEELD_UITGANGSPUNTEN:
        services.adopt_example_uitgangspunten(versie=versie, by=by, groep=groep)
    for thema, titel, eigenaar, status in DEELPLANNEN:
        services.add_part(
            model=Deelplan,
            versie=versie,
            by=by,
            thema=thema,
            titel=titel,
            eigenaar=eigenaar,
            status=status,
            link=f"https://intranet.zuiderveen.example/plannen/{thema}" if status != "in_ontwikkeling" else None,
        )
    services.adopt_example_rows(versie=versie, by=by, model=PdcaFase)
    services.adopt_example_rows(versie=versie, by=by, model=Verantwoordelijkheid)


def load_demo_kader(by: Membership, *, adopted_on: datetime.date | None = None) -> tuple[KaderVersie, KaderVersie]:
    """Version 1 complete and adopted, version 2 a concept with a sharper vision and a new plan.

    ``by`` is the coördinator who does it all; the submission is dated the day before ``adopted_on``.
    """
    adopted_on = adopted_on or datetime.date(2026, 3, 10)
    eerste = services.start_kader(by=by)
    _fill(eerste, by)
    for activiteit in StapActiviteit.objects.filter(versie=eerste):
        services.mark_activity(activiteit=activiteit, by=by, on=adopted_on - datetime.timedelta(days=30))
    eerste.refresh_from_db()
    services.submit_for_decision(versie=eerste, by=by)
    # The demo tells a story that happened before today: the submission is dated two weeks
    # before the decision (recorded in the history as what it is).
    submitted = datetime.datetime.combine(adopted_on - datetime.timedelta(days=14), datetime.time(10))
    with pghistory.context(action="demo.dates"):
        KaderVersie.objects.filter(pk=eerste.pk).update(ingediend_op=timezone.make_aware(submitted))
    eerste.refresh_from_db()
    services.adopt(versie=eerste, on=adopted_on, body="College van B en W", reference="B&W 2026/0142", by=by)
    tweede = services.new_version(from_version=eerste, by=by)
    services.edit(
        versie=tweede,
        by=by,
        expected_version=tweede.version,
        visie=(
            f"{tweede.visie} Vanaf dit jaar betrekt de gemeente ook haar ketenpartners bij de oefeningen "
            "en de evaluatie van incidenten."
        ),
    )
    plan = Deelplan.objects.get(versie=tweede, thema="continuiteit")
    services.edit_part(obj=plan, by=by, expected_version=plan.version, status="in_ontwikkeling")
    services.add_part(
        model=Verantwoordelijkheid,
        versie=tweede,
        by=by,
        rol="Ketenpartners",
        activiteit="Interne audit uitvoeren",
        aard="I",
    )
    return eerste, tweede
