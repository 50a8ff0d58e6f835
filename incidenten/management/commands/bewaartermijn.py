"""Remove personal data from incidents older than each gemeente's retention period; meant for cron.

Safe to run as often as wanted: a report whose personal data is gone is not touched again. The
removal is recorded in the history as done by this command (docs/incidenten.md).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from incidenten import services
from lib import history, tenancy
from organisations import commands


class Command(BaseCommand):
    help = "Verwijder namen en andere persoonsgegevens uit incidenten waarvan de bewaartermijn verstreken is."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--datum", type=commands.datum, default=None, help="peildatum, standaard vandaag")
        parser.add_argument(
            "--gemeente", action="append", default=[], metavar="CBS-CODE", help="alleen deze gemeente(n), bv. GM0363"
        )

    def handle(self, *args: Any, datum: datetime.date | None, gemeente: list[str], **_: Any) -> None:
        today = datum or timezone.localdate()
        gemeenten = commands.gemeenten({code.upper() for code in gemeente})
        totaal = 0
        for index, g in enumerate(gemeenten, start=1):
            with tenancy.bound(gemeente=g.pk), history.command_context("bewaartermijn"):
                aantal = services.verwijder_persoonsgegevens(g.pk, today=today)
            totaal += aantal
            self.stdout.write(f"[{index}/{len(gemeenten)}] {g.name}: {aantal} incident(en) geschoond")
        self.stdout.write(f"Klaar: uit {totaal} incident(en) zijn de persoonsgegevens verwijderd.")
