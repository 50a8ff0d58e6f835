"""The world of the risk register tests: gemeente A's register, started by its coördinator."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from lib import tenancy
from risicos import services
from risicos.models import Dreiging, Maatregel, Matrix, Risico


def bound(personas: Any, role: str = "coordinator") -> Any:
    by = personas.members[role]
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id)


def register_of(personas: Any, methode: str = "standaard") -> Matrix:
    """Gemeente A's current matrix (the register is started once, by its coördinator)."""
    with bound(personas):
        found = services.current_matrix(personas.gemeente_a.pk)
        return found or services.start_register(by=personas.members["coordinator"], methode=methode)


def dreiging(personas: Any, sleutel: str = "inbraak") -> Dreiging:
    register_of(personas)
    with bound(personas):
        return Dreiging.objects.get(gemeente_id=personas.gemeente_a.pk, sleutel=sleutel)


def fresh(personas: Any, obj: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return type(obj).objects.get(pk=obj.pk)


# --- objects for the sweeps (tests/routes.py) ----------------------------------------------------


def _cached(personas: Any) -> dict[str, Any]:
    """Gemeente A's register with an asset, a risk on it (theme fysieke beveiliging) and a measure."""
    found = getattr(personas, "_risicos", None)
    if found is None:
        register_of(personas)
        by = personas.members["coordinator"]
        with bound(personas):
            stadhuis = services.add_bedrijfsmiddel(
                by=by, naam="Stadhuis", soort="gebouw", themas=["fysieke_beveiliging"], locatie="Markt 1"
            )
            risico = services.add_risico(
                by=by,
                titel="Inbraak in het stadhuis",
                scenario="Inbrekers forceren 's nachts de achterdeur.",
                dreiging=Dreiging.objects.get(sleutel="inbraak"),
                themas=["fysieke_beveiliging"],
                bruto_kans=4,
                bruto_impact=4,
                netto_kans=2,
                netto_impact=3,
                bedrijfsmiddelen=[stadhuis],
            )
            maatregel = services.add_maatregel(
                by=by,
                titel="Inbraakalarm met doormelding",
                soort="E",
                functie="repressief",
                schakels=["detecteren"],
                themas=["fysieke_beveiliging"],
                status="geimplementeerd",
                risicos=[risico],
            )
        found = {
            "risico": risico.pk,
            "bedrijfsmiddel": stadhuis.pk,
            "maatregel": maatregel.pk,
            "dreiging": dreiging(personas, "brand").pk,
        }
        personas._risicos = found
    return found


def risico_pk(personas: Any) -> Any:
    return _cached(personas)["risico"]


def maatregel_pk(personas: Any) -> Any:
    return _cached(personas)["maatregel"]


def bedrijfsmiddel_pk(personas: Any) -> Any:
    return _cached(personas)["bedrijfsmiddel"]


def dreiging_pk(personas: Any) -> Any:
    """A threat no risk uses (brand)."""
    return _cached(personas)["dreiging"]


def veld_5_thema(personas: Any, code: str = "5.3") -> Any:
    """A theme of gemeente A's veiligheidsplan (5.3, informatieveiligheid, is in veld 5)."""
    from ivp.models import Thema

    personas.ivp_of()
    with bound(personas):
        return Thema.objects.select_related("veld").get(gemeente_id=personas.gemeente_a.pk, code=code)


def _thema_links(personas: Any) -> dict[str, Any]:
    """Theme 5.3 pointing to the sweep's risk and measure (made once)."""
    found = getattr(personas, "_risicos_thema", None)
    if found is None:
        thema = veld_5_thema(personas)
        objs = _cached(personas)
        by = personas.members["coordinator"]
        with bound(personas):
            risico = Risico.objects.get(pk=objs["risico"])
            maatregel = Maatregel.objects.get(pk=objs["maatregel"])
            found = {
                "risico": services.link_thema(by=by, obj=risico, thema=thema).pk,
                "maatregel": services.link_thema(by=by, obj=maatregel, thema=thema).pk,
            }
        personas._risicos_thema = found
    return found


def thema_risico_pk(personas: Any) -> Any:
    return _thema_links(personas)["risico"]


def thema_maatregel_pk(personas: Any) -> Any:
    return _thema_links(personas)["maatregel"]


def grow(personas: Any, n: int) -> None:
    """``n`` more assets, risks (each on an asset) and measures (each on a risk) in gemeente A's
    register, when it was started; for the sweeps that check a page costs the same with more data."""
    with bound(personas):
        if services.current_matrix(personas.gemeente_a.pk) is None:
            return
        by = personas.members["coordinator"]
        for i in range(n):
            middel = services.add_bedrijfsmiddel(by=by, naam=f"Extra middel {i}", soort="overig")
            risico = services.add_risico(
                by=by,
                titel=f"Extra risico {i}",
                scenario="Meer van hetzelfde.",
                bruto_kans=1 + i % 5,
                bruto_impact=1 + (i * 2) % 5,
                bedrijfsmiddelen=[middel],
                eigenaar=by,
                volgende_review=timezone.localdate() - datetime.timedelta(days=1 + i),  # due: reminded of
            )
            services.add_maatregel(
                by=by,
                titel=f"Extra maatregel {i}",
                soort="O",
                functie="preventief",
                schakels=["ontmoedigen"],
                status="geimplementeerd",
                risicos=[risico],
            )


# --- objects for the API sweeps (tests/test_api_sweep.py, tests/test_api_fuzz.py) ----------------


def matrix_pk(personas: Any) -> Any:
    """Gemeente A's current matrix."""
    _cached(personas)
    return register_of(personas).pk


def _api_objects(personas: Any) -> dict[str, Any]:
    """Besides the register of :func:`_cached`: an acceptance of its risk, a check of its measure, and
    a second measure marked as working against it (made once)."""
    found = getattr(personas, "_risicos_api", None)
    if found is None:
        from risicos.models import Acceptatie, Maatregel

        objects = _cached(personas)
        by = personas.members["coordinator"]
        with bound(personas):
            risico = Risico.objects.get(pk=objects["risico"])
            maatregel = Maatregel.objects.get(pk=objects["maatregel"])
            acceptatie: Acceptatie = services.accept(
                by=by,
                risico=risico,
                geaccepteerd_door="College van B en W",
                geldig_tot=services.add_months(timezone.localdate(), 12),
                motivering="Het restrisico past binnen de risicobereidheid.",
            )
            toets = services.add_toets(
                by=by, maatregel=maatregel, datum=timezone.localdate(), door="Beveiliger", resultaat="deels"
            )
            slot = services.add_maatregel(
                by=by,
                titel="Slot op de nooduitgang",
                soort="B",
                functie="preventief",
                schakels=["tegenhouden"],
                themas=["fysieke_beveiliging"],
                status="geimplementeerd",
                risicos=[risico],
            )
            conflict = services.mark_conflict(
                by=by, maatregel=maatregel, andere=slot, toelichting="Een slot houdt ook wie vlucht tegen."
            )
        found = {"acceptatie": acceptatie.pk, "toets": toets.pk, "tegenstrijdigheid": conflict.pk}
        personas._risicos_api = found
    return found


def acceptatie_pk(personas: Any) -> Any:
    return _api_objects(personas)["acceptatie"]


def toets_pk(personas: Any) -> Any:
    return _api_objects(personas)["toets"]


def tegenstrijdigheid_pk(personas: Any) -> Any:
    return _api_objects(personas)["tegenstrijdigheid"]


def rapport_pk(personas: Any) -> Any:
    """A risk report of gemeente A made in the background, ready to download (a PDF's first bytes)."""
    from risicos.models import Rapport

    register_of(personas)
    with bound(personas):
        rapport = Rapport.objects.create(
            gemeente_id=personas.gemeente_a.pk,
            formaat="pdf",
            bestandsnaam="risicorapportage-gemeente-aastad.pdf",
            bestand=b"%PDF-1.7\n%%EOF\n",
            aangemaakt_door=personas.members["coordinator"],
        )
    return rapport.pk
