"""E-mail each member a digest of what is due or overdue (docs/herinneringen.md); meant for cron.

Safe to run as often as wanted: a point is e-mailed to a person once (per date), so a second run
on the same day sends nothing. Exits with status 1 when an e-mail could not be sent; those points
are sent by the next run.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from herinneringen import services
from organisations import commands


def _dagen(value: str) -> int:
    try:
        dagen = int(value)
    except ValueError:
        raise CommandError(f"--dagen verwacht een aantal dagen, niet {value!r}.") from None
    if not 0 <= dagen <= services.MAX_DAGEN:
        raise CommandError(f"--dagen ligt tussen 0 en {services.MAX_DAGEN}.")
    return dagen


class Command(BaseCommand):
    help = "Stuur ieder lid één e-mail met de nieuwe punten die binnenkort of te laat zijn (elk punt één keer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dagen",
            type=_dagen,
            default=services.STANDAARD_DAGEN,
            help=f"hoeveel dagen vooruit (standaard {services.STANDAARD_DAGEN})",
        )
        parser.add_argument(
            "--datum", type=commands.datum, default=None, help="peildatum, standaard vandaag (JJJJ-MM-DD)"
        )
        parser.add_argument(
            "--gemeente", action="append", default=[], metavar="CBS-CODE", help="alleen deze gemeente(n), bv. GM0363"
        )
        parser.add_argument("--proef", action="store_true", help="alleen tonen wat verstuurd zou worden")

    def handle(
        self, *args: Any, dagen: int, datum: datetime.date | None, gemeente: list[str], proef: bool, **_: Any
    ) -> None:
        today = datum or timezone.localdate()
        gemeenten = commands.gemeenten({code.upper() for code in gemeente})
        emails = punten = mislukt = 0
        for index, g in enumerate(gemeenten, start=1):
            uitkomst = services.versturen(g, today=today, dagen=dagen, proef=proef)
            emails, punten, mislukt = emails + uitkomst.emails, punten + uitkomst.punten, mislukt + uitkomst.mislukt
            werkwoord = "zou versturen" if proef else "verstuurd"
            line = f"[{index}/{len(gemeenten)}] {g.name}: {uitkomst.emails} e-mail(s) {werkwoord}, {uitkomst.punten} punt(en)"
            if uitkomst.mislukt:
                line += f", {uitkomst.mislukt} mislukt"
            if proef and uitkomst.ontvangers:
                line += f" aan {', '.join(sorted(uitkomst.ontvangers))}"
            self.stdout.write(line)
        total = f"Klaar: {emails} e-mail(s) met {punten} punt(en){' (proef: niets verstuurd)' if proef else ''}."
        self.stdout.write(total)
        if mislukt:
            raise CommandError(
                f"{mislukt} e-mail(s) konden niet worden verstuurd; de volgende run probeert het opnieuw."
            )
