"""Who may do what: one matrix of capabilities × roles (DESIGN.md, "Who uses it").

Every view declares its capability with :func:`requires`; the role sweep test walks all URL
patterns and checks each persona against this matrix, so the matrix is the single source.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from lib.querysets import Member

ALL_ROLES = frozenset({"coordinator", "thema_eigenaar", "bestuurder", "ketenpartner", "melder", "auditor"})
READERS = frozenset({"coordinator", "thema_eigenaar", "bestuurder", "auditor"})

# capability -> roles of a gemeente that have it. "platform" capabilities belong to the
# platform-beheerder, who has no role in any gemeente.
MATRIX: dict[str, frozenset[str]] = {
    "dashboard.view": ALL_ROLES,
    "account.self": ALL_ROLES,  # own profile, MFA, tokens, switching gemeente
    "members.view": frozenset({"coordinator", "bestuurder", "auditor"}),
    "members.manage": frozenset({"coordinator"}),
    "partners.view": frozenset({"coordinator", "bestuurder", "auditor", "thema_eigenaar"}),
    "partners.manage": frozenset({"coordinator"}),
    "gemeente.settings": frozenset({"coordinator"}),
    "history.view": frozenset({"coordinator", "auditor"}),
    "securitylog.view": frozenset({"coordinator", "auditor"}),
    "kader.view": READERS,
    "kader.edit": frozenset({"coordinator", "thema_eigenaar"}),
    "kader.adopt": frozenset({"coordinator", "bestuurder"}),  # record the vaststelling
    "kader.template": frozenset({"coordinator"}),  # the gemeente's own Word template
    # The integraal veiligheidsplan: chain partners read it and update the actions of their organisation.
    "ivp.view": READERS | {"ketenpartner"},
    "ivp.edit": frozenset({"coordinator", "thema_eigenaar"}),  # the services narrow to owned velden
    "ivp.adopt": frozenset({"coordinator", "bestuurder"}),  # record the vaststelling (raad, college)
    "ivp.actie": frozenset({"coordinator", "thema_eigenaar", "ketenpartner"}),  # progress of actions
    # Follow the background tasks (imports, fetches, heavy documents) of the gemeente; only who
    # may follow a task can start one (background.services.enqueue).
    "taken.view": READERS,
    "ivp.template": frozenset({"coordinator"}),  # the gemeente's own Word templates of the IVP documents
    # Bijeenkomsten: live sessions for the IVP. Participants need no role (they join with a code).
    "bijeenkomsten.view": READERS,
    "bijeenkomsten.prepare": frozenset({"coordinator", "thema_eigenaar"}),  # prepare and facilitate
    # Risico's en maatregelen: thema-eigenaren keep what has one of their themes (the services narrow).
    "risicos.view": READERS,
    "risicos.edit": frozenset({"coordinator", "thema_eigenaar"}),
    "risicos.accept": frozenset({"coordinator", "bestuurder"}),  # record an acceptance of a risk
    "risicos.matrix": frozenset({"coordinator"}),  # the risk matrix and the threat catalogue
    "risicos.flag": frozenset({"coordinator", "thema_eigenaar"}),  # mark a risk for review (from an incident)
    "risicos.template": frozenset({"coordinator"}),  # the gemeente's own Word template of the risicorapportage
    # Incidenten: every employee reports and sees only their own reports; an auditor changes nothing.
    "incidenten.melden": frozenset({"coordinator", "thema_eigenaar", "bestuurder", "melder"}),
    "incidenten.beheer": frozenset({"coordinator"}),  # set up the registration, its kinds and retention
    "incidenten.template": frozenset({"coordinator"}),  # the gemeente's own Word template of the rode draden
    # Read the reports (a thema-eigenaar those of their themes: Incident.objects.voor_behandeling).
    "incidenten.view": READERS,
    "incidenten.behandelen": frozenset({"coordinator", "thema_eigenaar"}),
    # Actions from findings (incidents, evaluations, audits, exercises): one model, one "mijn acties".
    "acties.view": READERS,  # the gemeente's actions (a thema-eigenaar: of their themes)
    "acties.lezen": READERS | {"melder"},  # the own actions and one action
    "acties.maken": frozenset({"coordinator", "thema_eigenaar"}),  # make and change (a thema-eigenaar: own themes)
    "acties.bijwerken": frozenset(
        {"coordinator", "thema_eigenaar", "bestuurder", "melder"}
    ),  # an owner's progress  # status, aangifte, nazorg
    # The PDCA cycle: the year calendar, its evaluations, audits and management reviews, their findings.
    "pdca.view": READERS,
    "pdca.edit": frozenset({"coordinator"}),  # plan the year, keep its activities, every finding
    "pdca.bevindingen": frozenset({"coordinator", "thema_eigenaar"}),  # findings (a thema-eigenaar: own themes)
    "pdca.kader": frozenset({"coordinator"}),  # take findings into the next version of the kader
    # Trainen, oefenen en testen and awareness: a thema-eigenaar changes what has one of their themes
    # (oefenen.services narrows; the participation per afdeling: the owner of personele beveiliging).
    "oefenen.view": READERS,
    "oefenen.edit": frozenset({"coordinator", "thema_eigenaar"}),
    # The quickscan volwassenheid: a thema-eigenaar scores the rows of their themes; the coördinator
    # scores every row and starts, completes and removes a scan (quickscan.services narrows).
    "quickscan.view": READERS,
    "quickscan.edit": frozenset({"coordinator", "thema_eigenaar"}),
    "quickscan.niveaus": frozenset({"coordinator"}),  # the names of the levels and the questions per aspect
}
PLATFORM_CAPABILITIES = frozenset({"platform.gemeenten"})
# Reachable by any logged-in user, also one without a membership (a platform-beheerder).
USER_CAPABILITIES = frozenset({"user.self"})


# What a member is told when their role does not have the capability (pages and API).
REFUSALS: dict[str, str] = {
    "kader.view": "Uw rol geeft geen inzage in het strategisch kader.",
    "kader.edit": "Uw rol mag het strategisch kader niet wijzigen; dat doen coördinatoren en thema-eigenaren.",
    "kader.adopt": "Alleen een coördinator of bestuurder legt de vaststelling van het kader vast.",
    "kader.template": "Alleen een coördinator beheert het eigen Word-sjabloon van de gemeente.",
    "ivp.view": "Uw rol geeft geen inzage in het integraal veiligheidsplan.",
    "ivp.edit": "Uw rol mag het integraal veiligheidsplan niet wijzigen; dat doen coördinatoren en thema-eigenaren.",
    "ivp.adopt": "Alleen een coördinator of bestuurder legt de vaststelling van het veiligheidsplan vast.",
    "ivp.actie": "Uw rol mag de voortgang van acties niet bijwerken.",
    "ivp.template": "Alleen een coördinator beheert de eigen Word-sjablonen van de gemeente.",
    "members.manage": "Alleen een coördinator mag leden beheren.",
    "partners.manage": "Alleen een coördinator beheert de partnerorganisaties.",
    "gemeente.settings": "Alleen een coördinator wijzigt de instellingen van de gemeente.",
    "taken.view": "Uw rol geeft geen inzage in de achtergrondtaken van de gemeente.",
    "bijeenkomsten.view": "Uw rol geeft geen inzage in de bijeenkomsten van de gemeente.",
    "bijeenkomsten.prepare": "Alleen een coördinator of thema-eigenaar bereidt bijeenkomsten voor en leidt ze.",
    "risicos.view": "Uw rol geeft geen inzage in de risico's en maatregelen van de gemeente.",
    "risicos.edit": "Uw rol mag risico's en maatregelen niet wijzigen; dat doen coördinatoren en thema-eigenaren.",
    "risicos.accept": "Alleen een coördinator of bestuurder legt de acceptatie van een risico vast.",
    "risicos.matrix": "Alleen een coördinator beheert de risicomatrix en de lijst van dreigingen.",
    "risicos.flag": "Alleen een coördinator of thema-eigenaar zet een risico op opnieuw beoordelen.",
    "risicos.template": "Alleen een coördinator beheert het eigen Word-sjabloon van de risicorapportage.",
    "incidenten.melden": "Uw rol kan geen incidenten melden; dat doen medewerkers van de gemeente.",
    "incidenten.beheer": "Alleen een coördinator richt de incidentregistratie in.",
    "incidenten.template": "Alleen een coördinator beheert het eigen Word-sjabloon van de rode-dradenanalyse.",
    "incidenten.view": "Uw rol geeft geen inzage in de gemelde incidenten; u ziet alleen uw eigen meldingen.",
    "incidenten.behandelen": "Alleen een coördinator of de thema-eigenaar van het thema behandelt een incident.",
    "acties.view": "Uw rol geeft geen inzage in alle acties van de gemeente; u ziet uw eigen acties.",
    "acties.lezen": "Uw rol heeft geen acties van de gemeente.",
    "acties.maken": "Alleen een coördinator of thema-eigenaar legt acties vast.",
    "acties.bijwerken": "Uw rol wijzigt geen acties.",
    "pdca.view": "Uw rol geeft geen inzage in de PDCA-cyclus van de gemeente.",
    "pdca.edit": "Alleen een coördinator plant de PDCA-cyclus en legt de activiteiten vast.",
    "pdca.bevindingen": "Alleen een coördinator of thema-eigenaar legt bevindingen vast.",
    "pdca.kader": "Alleen een coördinator neemt bevindingen op in het kader.",
    "oefenen.view": "Uw rol geeft geen inzage in de oefeningen en de bewustwording van de gemeente.",
    "oefenen.edit": "Alleen een coördinator of thema-eigenaar legt oefeningen en bewustwording vast.",
    "quickscan.view": "Uw rol geeft geen inzage in de quickscan volwassenheid van de gemeente.",
    "quickscan.edit": "Alleen een coördinator of thema-eigenaar vult de quickscan volwassenheid in.",
    "quickscan.niveaus": "Alleen een coördinator wijzigt de niveaus en vragen van de quickscan.",
}


def allowed(capability: str, *, role: str | None, platform_admin: bool = False) -> bool:
    if capability in PLATFORM_CAPABILITIES:
        return platform_admin
    if capability in USER_CAPABILITIES:
        return True
    return role is not None and role in MATRIX[capability]


def require(member: Member, capability: str) -> None:
    """Refuse (PermissionDenied, with a Dutch reason) what the member's role may not do.

    Services call this for the acting membership, so no page or API operation has to remember it.
    """
    if not allowed(capability, role=member.role):
        raise PermissionDenied(REFUSALS.get(capability, "Uw rol staat deze handeling niet toe."))


def require_same_gemeente(member: Member, gemeente_id: Any) -> None:
    """Refuse acting on an object of another gemeente (a second wall besides ``visible_to``)."""
    if member.gemeente_id != gemeente_id:
        raise PermissionDenied("Dit hoort niet bij uw gemeente.")


def has(request: HttpRequest, capability: str) -> bool:
    membership = getattr(request, "membership", None)
    user = request.user
    return allowed(
        capability,
        role=membership.role if membership else None,
        platform_admin=bool(user.is_authenticated and user.is_platform_admin),
    )


_V = TypeVar("_V", bound=Callable[..., HttpResponseBase])


def requires(capability: str) -> Callable[[_V], _V]:
    """Login required, then the capability; otherwise 403. Recorded on the view for sweeps."""
    if capability not in MATRIX and capability not in PLATFORM_CAPABILITIES | USER_CAPABILITIES:
        raise ValueError(f"unknown capability {capability}")

    def decorator(view: _V) -> _V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not has(request, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capability  # type: ignore[attr-defined]  # read by the URL sweeps
        return wrapped  # type: ignore[return-value]  # the same signature as `view`

    return decorator


def public(view: _V) -> _V:
    """Mark a view as reachable without logging in (login page, invitation, errors)."""
    view.capability = "public"  # type: ignore[attr-defined]  # read by the URL sweeps
    return view
