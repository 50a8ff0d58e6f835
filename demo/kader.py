"""A complete demo kader: version 1 adopted by the college, version 2 a concept with changes.

Everything goes through ``kader.services``, so the demo is what a coördinator could have done
by hand; history records it like any other change. Call inside a tenancy binding of the gemeente.
"""

from __future__ import annotations

import datetime
from typing import Any

from kader import content, services
from kader.models import Deelplan, Doel, KaderVersie, StapActiviteit, WetOfNorm

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


def _fill(versie: KaderVersie, by: Any) -> None:
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
        bedrijfsmiddelen=[value for value, _label in services.Bedrijfsmiddel.choices],
        governance="domeinen",
        governance_toelichting=content.GOVERNANCE["domeinen"],
    )
    for wet in WetOfNorm.objects.filter(versie=versie):
        reden = NIET_VAN_TOEPASSING.get(wet.naam)
        services.edit_part(
            part="wetten", obj=wet, by=by, expected_version=wet.version, van_toepassing=reden is None, reden=reden
        )
    for doel in Doel.objects.filter(versie=versie):
        services.edit_doel(
            doel=doel,
            by=by,
            expected_version=doel.version,
            titel=doel.titel,
            toelichting=doel.toelichting,
            relevant=True,
        )
    for groep in content.VOORBEELD_UITGANGSPUNTEN:
        services.adopt_example_uitgangspunten(versie=versie, by=by, groep=groep)
    for thema, titel, eigenaar, status in DEELPLANNEN:
        services.add_part(
            part="deelplannen",
            versie=versie,
            by=by,
            thema=thema,
            titel=titel,
            eigenaar=eigenaar,
            status=status,
            link=f"https://intranet.zuiderveen.example/plannen/{thema}" if status != "in_ontwikkeling" else None,
        )
    services.adopt_example_rows(versie=versie, by=by, part="pdca")
    services.adopt_example_rows(versie=versie, by=by, part="verantwoordelijkheden")


def load_demo_kader(
    gemeente: Any, by: Any, *, adopted_on: datetime.date | None = None
) -> tuple[KaderVersie, KaderVersie]:
    """Version 1 complete and adopted, version 2 a concept with a sharper vision and a new plan."""
    adopted_on = adopted_on or datetime.date(2026, 3, 10)
    eerste = services.start_kader(gemeente=gemeente, by=by)
    _fill(eerste, by)
    for activiteit in StapActiviteit.objects.filter(versie=eerste):
        services.mark_activity(activiteit=activiteit, by=by, on=adopted_on - datetime.timedelta(days=30))
    eerste.refresh_from_db()
    services.submit_for_decision(versie=eerste, by=by)
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
    services.edit_part(part="deelplannen", obj=plan, by=by, expected_version=plan.version, status="in_ontwikkeling")
    services.add_part(
        part="verantwoordelijkheden",
        versie=tweede,
        by=by,
        rol="Ketenpartners",
        activiteit="Interne audit uitvoeren",
        aard="I",
    )
    return eerste, tweede
