"""Load the demo: Gemeente Zuiderveen with one login per role, and Gemeente Noorderhaven."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.incidenten import load_demo_incidenten
from demo.incidenten_historie import load_demo_rode_draden
from demo.ivp import load_demo_ivp
from demo.kader import load_demo_kader
from demo.oefenen import load_demo_oefenen
from demo.pdca import load_demo_pdca
from demo.quickscan import load_demo_quickscan
from demo.risicos import load_demo_risicos
from lib import tenancy
from lib.devserver import DEMO_PASSWORD
from lib.history import command_context
from organisations.models import Gemeente, Membership, PartnerOrganisatie

ZUIDERVEEN: dict[str, Any] = {
    "name": "Gemeente Zuiderveen",
    "cbs_code": "GM9901",
    "kader": True,  # an adopted strategisch kader and a newer concept (demo.kader), the IVP (demo.ivp)
    "partners": [
        "Politie Eenheid Oost-Nederland",
        "Veiligheidsregio Zuiderveen-Vallei",
        "Openbaar Ministerie",
        "Woonstichting De Veenhorst",
        "GGD Vallei",
        "RIEC Oost-Nederland",
    ],
    "members": [
        ("coordinator@zuiderveen.example", "Inge Bosman", "coordinator", {}),
        ("ciso@zuiderveen.example", "Rachid El Amrani", "thema_eigenaar", {"themes": ["informatiebeveiliging"]}),
        ("facilitair@zuiderveen.example", "Petra de Wit", "thema_eigenaar", {"themes": ["fysieke_beveiliging"]}),
        (
            "hr@zuiderveen.example",
            "Sanne Veldkamp",
            "thema_eigenaar",
            {"themes": ["personele_beveiliging", "integriteit"]},
        ),
        (
            "oov@zuiderveen.example",
            "Tom Hendriks",
            "thema_eigenaar",
            {"themes": ["veilige_woon_leefomgeving", "jeugd_veiligheid"]},
        ),
        ("burgemeester@zuiderveen.example", "Marieke van Dalen", "bestuurder", {}),
        ("wijkagent@zuiderveen.example", "Kees Mulder", "ketenpartner", {"partner": "Politie Eenheid Oost-Nederland"}),
        (
            "brandweer@zuiderveen.example",
            "Anouk Smit",
            "ketenpartner",
            {"partner": "Veiligheidsregio Zuiderveen-Vallei"},
        ),
        ("medewerker@zuiderveen.example", "Jeroen Bakker", "melder", {}),
        ("auditor@zuiderveen.example", "Fatma Yilmaz", "auditor", {}),
    ],
}
NOORDERHAVEN: dict[str, Any] = {
    "name": "Gemeente Noorderhaven",
    "cbs_code": "GM9902",
    "partners": ["Politie Eenheid Noord-Nederland"],
    "members": [("coordinator@noorderhaven.example", "Wouter Kramer", "coordinator", {})],
}


class Command(BaseCommand):
    help = "Laad de demogemeenten Zuiderveen en Noorderhaven met een login per rol."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Niets doen als de demo er al is.")

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        if options["if_empty"] and User.objects.filter(email="coordinator@zuiderveen.example").exists():
            self.stdout.write("Demo is al geladen.")
            return
        # One history context per gemeente and per step that acts as another person: what is
        # recorded for one never carries the metadata (the person) of the other (lib.history).
        with transaction.atomic():
            for spec in (ZUIDERVEEN, NOORDERHAVEN):
                gemeente = self._load(spec, User)
                if spec.get("kader"):
                    self._load_kader(gemeente, User.objects.get(email=spec["members"][0][0]))
            with command_context("load_demo"):
                if not User.objects.filter(email="beheer@kapstok.example").exists():
                    User.objects.create_user(
                        "beheer@kapstok.example", DEMO_PASSWORD, full_name="Platformbeheer", is_platform_admin=True
                    )
        self.stdout.write(self.style.SUCCESS("Demo geladen."))

    def _load(self, spec: dict[str, Any], User: Any) -> Any:
        """The gemeente, its partners and members: done by the command, not by a person."""
        gemeente = Gemeente(name=spec["name"], cbs_code=spec["cbs_code"])
        with command_context("load_demo"), tenancy.bound(platform=True, gemeente=gemeente.pk):
            gemeente.save()
            partners = {
                name: PartnerOrganisatie.objects.create(gemeente=gemeente, name=name) for name in spec["partners"]
            }
            for email, full_name, role, extra in spec["members"]:
                user = User.objects.filter(email=email).first() or User.objects.create_user(
                    email, DEMO_PASSWORD, full_name=full_name
                )
                if "partner" in extra:
                    extra = {**extra, "partner": partners[extra["partner"]]}
                Membership.objects.create(gemeente=gemeente, user=user, role=role, **extra)
        return gemeente

    def _load_kader(self, gemeente: Any, coordinator: Any) -> None:
        """The kader, made by the gemeente's coördinator (each service call is an action)."""
        with (
            command_context("load_demo", user=coordinator.pk),
            tenancy.bound(gemeente=gemeente.pk, user=coordinator.pk),
        ):
            load_demo_kader(Membership.objects.get(gemeente=gemeente, user=coordinator))
            members = Membership.objects.filter(gemeente=gemeente).select_related("gemeente")
            load_demo_ivp(members.get(user=coordinator), members.get(role="bestuurder"))
            load_demo_risicos(members.get(user=coordinator), members.get(role="bestuurder"))
            load_demo_oefenen(members.get(user=coordinator))
            load_demo_quickscan(members.get(user=coordinator))
            load_demo_incidenten(members.get(user=coordinator), members.get(role="melder"))
            load_demo_rode_draden(members.get(user=coordinator), members.get(role="melder"))
            load_demo_pdca(members.get(user=coordinator))
