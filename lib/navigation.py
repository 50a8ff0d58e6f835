"""The main menu: only pages that exist and that the user may open."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.http import HttpRequest
from django.urls import reverse

from lib.permissions import has


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str


NAV = [
    NavItem("Overzicht", "dashboard:home", "dashboard.view"),
    NavItem("Strategisch kader", "kader:overview", "kader.view"),
    NavItem("Veiligheidsplan", "ivp:overzicht", "ivp.view"),
    NavItem("Risico's en maatregelen", "risicos:overzicht", "risicos.view"),
    NavItem("Incidenten", "incidenten:lijst", "incidenten.view"),
    NavItem("Incident melden", "incidenten:melden", "incidenten.melden"),
    NavItem("PDCA-cyclus", "pdca:kalender", "pdca.view"),
    NavItem("Oefenen", "oefenen:programma", "oefenen.view"),
    NavItem("Quickscan", "quickscan:overzicht", "quickscan.view"),
    NavItem("Acties", "acties:lijst", "acties.view"),
    NavItem("Mijn acties", "acties:mijn", "acties.lezen"),
    NavItem("Leden", "organisations:members", "members.view"),
    NavItem("Partnerorganisaties", "organisations:partners", "partners.view"),
    NavItem("Historie", "audit:history", "history.view"),
    NavItem("Beveiligingslog", "audit:security_log", "securitylog.view"),
    NavItem("Instellingen", "organisations:gemeente_settings", "gemeente.settings"),
    NavItem("Gemeenten", "organisations:platform_gemeenten", "platform.gemeenten"),
    NavItem("Mijn account", "accounts:profile", "user.self"),
]


@cache
def _url(url_name: str) -> str:
    """A menu URL takes no parameters, so it is the same on every request: reversed once."""
    return reverse(url_name)


def nav_items(request: HttpRequest) -> list[dict[str, object]]:
    if not request.user.is_authenticated:
        return []
    items = []
    for item in NAV:
        if has(request, item.capability):
            url = _url(item.url_name)
            items.append({"label": item.label, "url": url, "current": request.path == url})
    return items


Crumb = tuple[str, str | None]


def breadcrumbs(*steps: Crumb, home: bool = True) -> list[dict[str, str | None]]:
    """The breadcrumb trail of a page: Overzicht (unless ``home`` is false), then ``steps``.

    The last step is the current page (usually without a URL); a step before it without a URL
    (a page that does not exist, or may not be opened) is left out.
    """
    trail = [("Overzicht", _url("dashboard:home")), *steps] if home else list(steps)
    shown = [(label, url) for label, url in trail[:-1] if url] + trail[-1:]
    return [{"label": label, "url": url} for label, url in shown]
