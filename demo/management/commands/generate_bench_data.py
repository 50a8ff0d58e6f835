"""Generate a large, recognisable dataset for the benchmark harness (bench/run.py).

Gemeenten get CBS codes from GM8001 upwards and every account an e-mail address under
``bench.example``, so bench data never mixes with real or demo data. Each gemeente gets one
known login per role (``coordinator@g0001.bench.example`` ...), further members, partner
organisations, open invitations, some history (updates recorded by pghistory) and security
events. The coordinator of each gemeente gets an API token; the raw tokens are written to
``var/bench-tokens.json`` for the load script.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import ApiToken, User
from audit.models import SecurityEvent, SecurityEventKind
from demo.bench_incidenten import load_bench_incidenten
from demo.bench_ivp import load_bench_ivp
from demo.bench_risicos import load_bench_risicos
from demo.bijeenkomsten import load_demo_bijeenkomsten
from demo.kader import load_demo_kader
from demo.oefenen import load_demo_oefenen
from demo.pdca import load_demo_pdca
from demo.quickscan import load_demo_quickscan
from lib import tenancy
from oefenen.models import Oefening
from organisations.models import Gemeente, Invitation, Membership, PartnerOrganisatie, Role, Thema, hash_code
from pdca.models import Activiteit
from quickscan.models import Quickscan

BENCH_DOMAIN = "bench.example"
BENCH_PASSWORD = "bench-Kapstok-belasting-2026"  # noqa: S105 - bench accounts only, on loopback
FIRST_CBS = 8001
MAX_GEMEENTEN = 1999  # GM8001 .. GM9999
PARTNERS_PER_GEMEENTE = 5
INVITATIONS_PER_GEMEENTE = 3
KNOWN_ROLES = [
    Role.COORDINATOR,
    Role.THEMA_EIGENAAR,
    Role.BESTUURDER,
    Role.KETENPARTNER,
    Role.MELDER,
    Role.AUDITOR,
]
IVP_OTHERS = (26, 1, 20)  # the veiligheidsplan of every gemeente but the first
RISICOS_OTHERS = (100, 200)  # the risk register of every gemeente but the first: risks, measures
INCIDENTEN_OTHERS = 200  # the reports of every gemeente but the first
TOKENS_FILE = Path(settings.BASE_DIR) / "var" / "bench-tokens.json"


def gemeente_slug(number: int) -> str:
    return f"g{number:04d}"


def bench_users() -> QuerySet[User]:
    """Every bench account: ``platform@bench.example`` and ``...@gNNNN.bench.example``."""
    return User.objects.filter(Q(email__iendswith=f"@{BENCH_DOMAIN}") | Q(email__iendswith=f".{BENCH_DOMAIN}"))


def platform_admin_email() -> str:
    return f"platform@{BENCH_DOMAIN}"


class Command(BaseCommand):
    help = "Maak een grote benchmarkdataset: N gemeenten met elk M leden (CBS-codes vanaf GM8001)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--gemeenten", type=int, default=50, help="Aantal gemeenten (standaard 50).")
        parser.add_argument("--members", type=int, default=40, help="Leden per gemeente (standaard 40, minimaal 6).")
        parser.add_argument(
            "--ivp",
            default="26x1x20",
            help="Veiligheidsplan van de eerste gemeente: THEMA'SxJARENxACTIES (standaard 26x1x20; de andere 26x1x20).",
        )
        parser.add_argument(
            "--risicos",
            default="100x200",
            help="Risicoregister van de eerste gemeente: RISICO'SxMAATREGELEN (standaard 100x200; de andere 100x200).",
        )
        parser.add_argument(
            "--incidenten",
            type=int,
            default=INCIDENTEN_OTHERS,
            help=f"Incidenten van de eerste gemeente (standaard {INCIDENTEN_OTHERS}; de andere {INCIDENTEN_OTHERS}).",
        )
        parser.add_argument("--tokens-file", default=str(TOKENS_FILE), help="Waar de API-tokens heen gaan.")

    def handle(self, *args: Any, **options: Any) -> None:
        n, m = options["gemeenten"], options["members"]
        try:
            themes, years, actions = (int(part) for part in options["ivp"].split("x"))
        except ValueError as error:
            raise CommandError("Geef het veiligheidsplan als THEMA'SxJARENxACTIES, bijvoorbeeld 60x10x2000.") from error
        self.ivp_first = (themes, years, actions)
        try:
            risks, measures = (int(part) for part in options["risicos"].split("x"))
        except ValueError as error:
            raise CommandError("Geef het risicoregister als RISICO'SxMAATREGELEN, bijvoorbeeld 5000x10000.") from error
        if risks < 1 or measures < 1:
            raise CommandError("Geef minstens één risico en één maatregel.")
        self.risicos_first = (risks, measures)
        if not 0 <= options["incidenten"] <= 1_000_000:
            raise CommandError("Kies tussen 0 en 1.000.000 incidenten.")
        self.incidenten_first = options["incidenten"]
        if not 1 <= n <= MAX_GEMEENTEN:
            raise CommandError(f"Kies tussen 1 en {MAX_GEMEENTEN} gemeenten.")
        if m < len(KNOWN_ROLES):
            raise CommandError(f"Kies minstens {len(KNOWN_ROLES)} leden per gemeente: één per rol.")
        if bench_users().exists():
            raise CommandError("Er staan al benchmarkgegevens in deze database. Gebruik een lege database.")
        password = make_password(BENCH_PASSWORD)  # hashed once, shared by every bench account
        with transaction.atomic():
            tokens = [self._gemeente(number, m, password) for number in range(1, n + 1)]
            User.objects.create(
                email=platform_admin_email(), password=password, full_name="Benchplatform", is_platform_admin=True
            )
        path = Path(options["tokens_file"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            json.dumps(
                {"password": BENCH_PASSWORD, "platform_admin": platform_admin_email(), "gemeenten": tokens}, indent=2
            )
        )
        self.stdout.write(self.style.SUCCESS(f"{n} gemeenten met elk {m} leden aangemaakt; tokens in {path}."))

    def _gemeente(self, number: int, members: int, password: str) -> dict[str, str]:
        slug = gemeente_slug(number)
        gemeente = Gemeente(name=f"Benchgemeente {number:04d}", cbs_code=f"GM{FIRST_CBS + number - 1:04d}")
        with tenancy.bound(platform=True, gemeente=gemeente.pk):
            gemeente.save()
            partners = PartnerOrganisatie.objects.bulk_create(
                [
                    PartnerOrganisatie(gemeente=gemeente, name=f"Partner {i} van {gemeente.name}")
                    for i in range(1, PARTNERS_PER_GEMEENTE + 1)
                ]
            )
            users = User.objects.bulk_create([self._user(slug, i, password) for i in range(members)])
            memberships = Membership.objects.bulk_create(
                [self._membership(gemeente, user, i, partners) for i, user in enumerate(users)]
            )
            Invitation.objects.bulk_create(
                [
                    Invitation(
                        gemeente=gemeente,
                        email=f"uitgenodigd{i}@{slug}.{BENCH_DOMAIN}",
                        role=Role.MELDER,
                        code_hash=hash_code(Invitation.new_code()),
                        invited_by=users[0],
                    )
                    for i in range(INVITATIONS_PER_GEMEENTE)
                ]
            )
            # Some history: pghistory's triggers record these updates as events.
            Membership.objects.filter(gemeente=gemeente, role=Role.THEMA_EIGENAAR).update(
                themes=[Thema.INFORMATIEBEVEILIGING, Thema.CONTINUITEIT], version=2
            )
            gemeente.primary_colour = "#0b4f6c"
            gemeente.save(update_fields=["primary_colour", "updated_at"])
            SecurityEvent.objects.bulk_create(
                [
                    SecurityEvent(gemeente=gemeente, kind=SecurityEventKind.LOGIN, user=user, username=user.email)
                    for user in users
                ]
            )
            raw, key_hash, hint = ApiToken.generate()
            ApiToken.objects.create(
                gemeente=gemeente,
                membership=memberships[0],
                name="benchmark",
                key_hash=key_hash,
                key_hint=hint,
                expires_at=timezone.now() + timedelta(days=1),
            )
        with tenancy.bound(gemeente=gemeente.pk, user=users[0].pk):
            _adopted, concept = load_demo_kader(memberships[0])
            themes, years, actions = self.ivp_first if number == 1 else IVP_OTHERS
            plan = load_bench_ivp(memberships[0], themes=themes, years=years, actions=actions, seed=number)
            bijeenkomst = load_demo_bijeenkomsten(memberships[0], plan)
            risks, measures = self.risicos_first if number == 1 else RISICOS_OTHERS
            risico = load_bench_risicos(memberships[0], risks=risks, measures=measures, seed=number)
            incidents = self.incidenten_first if number == 1 else INCIDENTEN_OTHERS
            analyse = load_bench_incidenten(memberships[0], incidents=incidents, seed=number)
            # The cycle as in the demo: four years of exercises, three quickscans and a concept, three
            # years of the PDCA calendar with findings (the same in every gemeente).
            load_demo_oefenen(memberships[0])
            load_demo_quickscan(memberships[0])
            load_demo_pdca(memberships[0])
            cycle_ids = {
                "oefening_id": str(Oefening.objects.filter(gemeente=gemeente).order_by("-gepland_op")[0].pk),
                "quickscan_id": str(
                    Quickscan.objects.filter(gemeente=gemeente, status="afgerond").order_by("-peildatum")[0].pk
                ),
                "activiteit_id": str(
                    Activiteit.objects.filter(gemeente=gemeente, bevindingen__isnull=False)
                    .order_by("-gepland_op")[0]
                    .pk
                ),
            }
            ivp_ids = {
                "bijeenkomst_id": str(bijeenkomst.pk),
                "risico_id": str(risico.pk),
                "analyse_id": str(analyse.pk),
                # the rode draden of the last three years, the longest period the reports span
                "drie_jaar_terug": str(timezone.localdate() - timedelta(days=3 * 365)),
                "vandaag": str(timezone.localdate()),
                "plan_id": str(plan.pk),
                "programma_id": str(plan.programmas.get().pk),
                "thema_id": str(plan.doelstellingen.order_by("volgorde")[0].thema_id),
                **cycle_ids,
            }
        return {
            "cbs_code": gemeente.cbs_code,
            "coordinator": users[0].email,
            "token": raw,
            "lid_id": str(memberships[-1].pk),
            "kader_id": str(concept.pk),
            **ivp_ids,
        }

    def _user(self, slug: str, index: int, password: str) -> User:
        local = KNOWN_ROLES[index].value if index < len(KNOWN_ROLES) else f"lid{index:04d}"
        return User(email=f"{local}@{slug}.{BENCH_DOMAIN}", password=password, full_name=f"{local.title()} {slug}")

    def _membership(self, gemeente: Gemeente, user: User, index: int, partners: list[PartnerOrganisatie]) -> Membership:
        role = KNOWN_ROLES[index % len(KNOWN_ROLES)]
        return Membership(
            gemeente=gemeente,
            user=user,
            role=role,
            themes=[Thema.INFORMATIEBEVEILIGING] if role == Role.THEMA_EIGENAAR else [],
            partner=partners[index % len(partners)] if role == Role.KETENPARTNER else None,
        )
