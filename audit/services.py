"""Writing the security log."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import ipaddress
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from lib.history import request_origin

from .history import HistoryFilter, events_for, present
from .models import SecurityEvent, SecurityEventKind

if TYPE_CHECKING:
    # A type only: the request type lives in accounts, above this app (docs/adr/0007-layers.md).
    from accounts.http import AuthenticatedHttpRequest


log = logging.getLogger("kapstok.security")


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in trusted)


def _address(value: str) -> IPAddress | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's IP address: for the security log and the lockout (``AXES_CLIENT_IP_CALLABLE``).

    The connection's address (``REMOTE_ADDR``), unless that is one of ``TRUSTED_PROXIES``:
    then ``X-Forwarded-For`` is read from the right (each proxy appends the address it was
    connected from) and the first address that is not itself a trusted proxy is the client.
    Entries left of it were written by the client and are never believed. If the header
    runs out or holds garbage, the last trusted hop reached is the answer. Without trusted
    proxies (the default) the header is ignored entirely.
    """
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    client = remote
    if any(client in network for network in networks):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for entry in reversed(forwarded.split(",")):
            hop = _address(entry)
            if hop is None:
                break
            client = hop
            if not any(hop in network for network in networks):
                break
    return str(client)


def record_security_event(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    gemeente_id: Any = None,
    username: str = "",
    origin: str = "web",
    detail: str = "",
) -> SecurityEvent | None:
    """Emit a security event as a JSON log line and store it for its gemeente.

    Events without a gemeente (a failed login for an unknown name) only go to the log stream:
    no gemeente may read them. Never pass secrets (passwords, tokens, codes) in ``detail``.
    """
    if request is not None and gemeente_id is None:
        membership = getattr(request, "membership", None)
        gemeente_id = membership.gemeente_id if membership else None
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    username = (username or (user.email if user else ""))[:254]
    ip_address = client_ip(request)
    log.info(
        json.dumps(
            {
                "event": kind,
                "gemeente": str(gemeente_id) if gemeente_id else None,
                "user": user.pk if user else None,
                "username": username,
                "ip": ip_address,
                "origin": origin,
                "detail": detail[:300],
            },
            ensure_ascii=True,
        )
    )
    if gemeente_id is None:
        return None
    return SecurityEvent.objects.create(
        kind=kind,
        gemeente_id=gemeente_id,
        user=user,
        username=username,
        ip_address=ip_address,
        origin=origin,
        detail=detail[:300],
    )


# --- refused access ---------------------------------------------------------------------------

# A refusal (403) of a logged-in user is recorded at most once per user, method and path within
# this window, and at most this many times per user and gemeente per hour, so that a script
# (or a user clicking around) cannot flood the log. Both limits are checked in the database.
ACCESS_DENIED_REPEAT_WINDOW = dt.timedelta(minutes=10)
ACCESS_DENIED_HOURLY_CAP = 20
# URL parameters that are secrets (the invitation code): never written to the log.
SECRET_URL_KWARGS = frozenset({"code", "token"})


def denied_request_detail(request: HttpRequest) -> str:
    """``METHOD /path`` of a request: no query string, secret path parameters blanked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name, value in match.kwargs.items() if match is not None else ():
        if name in SECRET_URL_KWARGS and str(value):
            path = path.replace(str(value), "…")
    return f"{request.method} {path}"[:300]


def record_access_denied(request: HttpRequest) -> SecurityEvent | None:
    """Record that a logged-in user was refused (403), for their active gemeente, rate-limited.

    Returns the event, or None when nothing was stored: no active gemeente (a platform-beheerder
    or a user without membership — no gemeente may read it), the same refusal within
    ``ACCESS_DENIED_REPEAT_WINDOW``, or ``ACCESS_DENIED_HOURLY_CAP`` refusals of this user in
    the last hour. A transaction-scoped advisory lock per user and gemeente makes the check and
    the write one step across processes and app servers.
    """
    user = request.user
    membership = getattr(request, "membership", None)
    if not user.is_authenticated or membership is None:
        return None
    gemeente_id = membership.gemeente_id
    detail = denied_request_detail(request)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"kapstok.access_denied:{gemeente_id}:{user.pk}"],
            )
        now = timezone.now()
        recent = SecurityEvent.objects.filter(
            gemeente_id=gemeente_id, kind=SecurityEventKind.ACCESS_DENIED, user=user, at__gt=now - dt.timedelta(hours=1)
        ).aggregate(
            total=Count("id"),
            same=Count("id", filter=Q(detail=detail, at__gt=now - ACCESS_DENIED_REPEAT_WINDOW)),
        )
        if recent["same"] or recent["total"] >= ACCESS_DENIED_HOURLY_CAP:
            return None
        return record_security_event(
            SecurityEventKind.ACCESS_DENIED,
            request=request,
            user=user,
            gemeente_id=gemeente_id,
            origin=request_origin(request),
            detail=detail,
        )


# --- reading and exporting the history and the security log ---------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_CAP = 50_000
PAGE_SIZE = 25  # actions of the history (each with its changes), events of the security log


def escape_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection).

    Cells starting with ``= + - @``, a tab or a carriage return get a leading apostrophe.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_body(headers: list[str], rows: Iterable[list[object]], *, note: str = "") -> bytes:
    """A ``;``-separated UTF-8 CSV with byte order mark (so Excel reads it as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    if note:
        writer.writerow([escape_cell(note)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filename(prefix: str, gemeente: Any) -> str:
    slug = slugify(gemeente.name) or "gemeente"
    return f"{prefix}-{slug}-{timezone.localdate():%Y-%m-%d}.csv"


def cap_note(total_shown: int) -> str:
    return (
        f"Let op: deze export is afgekapt na {total_shown} regels. "
        "Verfijn de filters (bijvoorbeeld de periode) om de rest te exporteren."
    )


HISTORY_HEADERS = [
    "Tijdstip",
    "Naam",
    "E-mailadres",
    "Herkomst",
    "Actie",
    "Actie-id",
    "Soort gegeven",
    "Id",
    "Omschrijving",
    "Soort wijziging",
    "Wijzigingen",
]


def history_export(*, request: AuthenticatedHttpRequest, flt: HistoryFilter) -> HttpResponse:
    """The whole filtered history as CSV (capped), built inside the request; logged as export.

    One row per change, with the same readable values as the page and the action (its
    description and id) it belongs to; people outside the gemeente as on the page.
    """
    membership = request.membership
    events = list(events_for(membership, flt)[: EXPORT_CAP + 1])
    capped = len(events) > EXPORT_CAP
    rows = present(events[:EXPORT_CAP], gemeente_id=membership.gemeente_id)
    body = csv_body(
        HISTORY_HEADERS,
        (
            [
                f"{r.at:%d-%m-%Y %H:%M:%S}",
                r.actor.name,
                r.actor.email,
                r.origin,
                r.action,
                r.context_id,
                r.object_type,
                r.object_id,
                r.object_label,
                r.kind,
                " | ".join(f"{c.label}: {c.before} → {c.after}" for c in r.changes),
            ]
            for r in rows
        ),
        note=cap_note(EXPORT_CAP) if capped else "",
    )
    record_security_event(
        SecurityEventKind.EXPORT, request=request, user=request.user, detail=f"historie ({len(rows)} regels)"
    )
    return csv_response(body, export_filename("historie", membership.gemeente))


def security_events_for(
    membership: Any, *, kind: str = "", start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[SecurityEvent]:
    """The gemeente's security log, newest first, narrowed by kind and period."""
    qs = SecurityEvent.objects.visible_to(membership).select_related("user")
    tz = timezone.get_current_timezone()
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz))
    if end:
        qs = qs.filter(at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    return qs.order_by("-at", "-id")


SECURITY_HEADERS = ["Tijdstip", "Gebeurtenis", "Gebruiker", "IP-adres", "Herkomst", "Toelichting"]


def security_log_export(
    *, request: AuthenticatedHttpRequest, kind: str, start: dt.date | None, end: dt.date | None
) -> HttpResponse:
    membership = request.membership
    events = list(security_events_for(membership, kind=kind, start=start, end=end)[: EXPORT_CAP + 1])
    capped = len(events) > EXPORT_CAP
    events = events[:EXPORT_CAP]
    body = csv_body(
        SECURITY_HEADERS,
        (
            [
                f"{timezone.localtime(e.at):%d-%m-%Y %H:%M:%S}",
                e.get_kind_display(),
                e.username,
                e.ip_address or "",
                e.origin,
                e.detail,
            ]
            for e in events
        ),
        note=cap_note(EXPORT_CAP) if capped else "",
    )
    record_security_event(
        SecurityEventKind.EXPORT, request=request, user=request.user, detail=f"beveiligingslog ({len(events)} regels)"
    )
    return csv_response(body, export_filename("beveiligingslog", membership.gemeente))
