"""Reminders by e-mail: per gemeente, each person a digest of their new open points, each point once.

``manage.py herinneringen`` (meant for cron or a systemd timer, docs/herinneringen.md) calls
:func:`versturen` for every gemeente. A run

1. asks every source (:data:`BRONNEN`) for the gemeente's open points, bound to that gemeente
   by row-level security, in a fixed number of queries;
2. keeps the points of members who want reminders (``Membership.herinneringen``), are active
   and have an e-mail address, and that were not sent before (:class:`VerstuurdeHerinnering`);
3. per person, in a transaction of its own: locks the person's membership row (a second run at
   the same moment waits here, then finds the points recorded and sends nothing), records the
   points and sends one e-mail. If sending fails, the transaction is rolled back: nothing is
   recorded and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation

from acties import herinneringen as acties_herinneringen
from lib import history, tenancy
from lib.herinneringen import Punt
from organisations.models import Gemeente, Membership
from risicos import herinneringen as risicos_herinneringen

from .models import VerstuurdeHerinnering

log = logging.getLogger("kapstok.herinneringen")

# Where the open points come from: (today, days ahead, one membership or None for all) -> points.
BRONNEN: tuple[Callable[[datetime.date, int, Any], Iterable[Punt]], ...] = (
    risicos_herinneringen.open_punten,
    acties_herinneringen.open_punten,
)
STANDAARD_DAGEN = 30
MAX_DAGEN = 365


@dataclass
class Uitkomst:
    """What a run did for one gemeente."""

    emails: int = 0
    punten: int = 0
    mislukt: int = 0
    ontvangers: list[str] = field(default_factory=list)  # e-mail addresses, for a dry run's report


def open_punten(today: datetime.date, dagen: int, membership: Any = None) -> Iterator[Punt]:
    """Every open point of the bound gemeente (or of ``membership``), from every source."""
    for bron in BRONNEN:
        yield from bron(today, dagen, membership)


def per_kop(punten: Iterable[Punt]) -> list[tuple[str, list[Punt]]]:
    """The points grouped under their heading, in the order the headings first appear."""
    groups: dict[str, list[Punt]] = {}
    for punt in punten:
        groups.setdefault(punt.kop, []).append(punt)
    return list(groups.items())


def versturen(gemeente: Gemeente, *, today: datetime.date, dagen: int, proef: bool = False) -> Uitkomst:
    """Send the gemeente's members their new open points (see the module's description).

    ``proef``: only count what would be sent; nothing is sent or recorded.
    """
    uitkomst = Uitkomst()
    with tenancy.bound(gemeente=gemeente.pk):
        nieuw = _nieuwe_punten(today, dagen)
        ontvangers = {
            m.pk: m
            for m in Membership.objects.filter(pk__in=nieuw, herinneringen=True, user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
        }
    for membership_id, punten in nieuw.items():
        ontvanger = ontvangers.get(membership_id)
        if ontvanger is None:  # does not want reminders, is blocked, or has no e-mail address
            continue
        if proef:
            uitkomst.emails += 1
            uitkomst.punten += len(punten)
            uitkomst.ontvangers.append(ontvanger.user.email)
            continue
        try:
            verstuurd = _versturen_aan(ontvanger, gemeente, punten, today)
        except Exception:
            log.exception("reminder to membership %s of gemeente %s could not be sent", membership_id, gemeente.pk)
            uitkomst.mislukt += 1
            continue
        if verstuurd:
            uitkomst.emails += 1
            uitkomst.punten += verstuurd
    return uitkomst


def _nieuwe_punten(today: datetime.date, dagen: int) -> dict[UUID, list[Punt]]:
    """The open points per person that were not sent before (three queries with one source)."""
    punten = list(open_punten(today, dagen))
    if not punten:
        return {}
    verstuurd = _al_verstuurd({p.membership_id for p in punten}, {p.object_id for p in punten})
    nieuw: dict[UUID, list[Punt]] = {}
    for punt in punten:
        if (punt.membership_id, *punt.sleutel) not in verstuurd:
            nieuw.setdefault(punt.membership_id, []).append(punt)
    return nieuw


def _al_verstuurd(memberships: Iterable[UUID], objecten: Iterable[UUID]) -> set[tuple[Any, ...]]:
    return set(
        VerstuurdeHerinnering.objects.filter(membership_id__in=memberships, object_id__in=objecten).values_list(
            "membership_id", "soort", "object_id", "datum"
        )
    )


def _versturen_aan(ontvanger: Membership, gemeente: Gemeente, punten: list[Punt], today: datetime.date) -> int:
    """Record and send the points not yet sent to this person; how many were sent (0: none left)."""
    with (
        history.command_context("herinneringen", user=ontvanger.user_id),
        tenancy.bound(gemeente=gemeente.pk),
    ):
        # A second run at the same moment waits on this lock, then sees what this one recorded.
        Membership.objects.select_for_update(of=("self",)).filter(pk=ontvanger.pk).values_list("pk").first()
        verstuurd = _al_verstuurd([ontvanger.pk], {p.object_id for p in punten})
        punten = [p for p in punten if (ontvanger.pk, *p.sleutel) not in verstuurd]
        if not punten:
            return 0
        VerstuurdeHerinnering.objects.bulk_create(
            VerstuurdeHerinnering(
                gemeente_id=gemeente.pk,
                membership_id=ontvanger.pk,
                soort=p.soort,
                object_id=p.object_id,
                datum=p.datum,
                titel=p.titel[:200],
            )
            for p in punten
        )
        bericht(ontvanger, gemeente, punten, today).send()
    return len(punten)


def bericht(
    ontvanger: Membership, gemeente: Gemeente, punten: list[Punt], today: datetime.date
) -> EmailMultiAlternatives:
    """The digest for one person, in Dutch, as plain text with an HTML alternative."""
    site = settings.SITE_URL.rstrip("/")
    context = {
        "naam": ontvanger.user.full_name or ontvanger.user.email,
        "gemeente": gemeente.name,
        "groepen": per_kop(punten),
        "site": site,
        "today": today,
    }
    with translation.override("nl"):
        onderwerp = f"Kapstok: {len(punten)} {'punt vraagt' if len(punten) == 1 else 'punten vragen'} uw aandacht"
        tekst = render_to_string("herinneringen/email.txt", context)
        html = render_to_string("herinneringen/email.html", context)
    email = EmailMultiAlternatives(f"{onderwerp} ({gemeente.name})", tekst, to=[ontvanger.user.email])
    email.attach_alternative(html, "text/html")
    return email


def zet_voorkeur(by: Membership, *, aan: bool) -> None:
    """A member switches their own reminders by e-mail on or off (recorded in the history)."""
    Membership.objects.filter(pk=by.pk).update(herinneringen=aan, version=F("version") + 1)
    by.herinneringen = aan
