"""The Kapstok REST API instance: the shared base, token authentication and every app's router.

Each app writes its own operations (``<app>/api.py``); only this module knows them all, so the
foundation (``api``) never imports an app.
"""

from __future__ import annotations

from django.conf import settings

from accounts.api_auth import TokenAuth
from acties.api import router as acties_router
from api.api import KapstokAPI
from bijeenkomsten.api import router as bijeenkomsten_router
from incidenten.api import router as incidenten_router
from ivp.api import router as ivp_router
from kader.api import router as kader_router
from oefenen.api import router as oefenen_router
from organisations.api import router as organisations_router
from pdca.api import router as pdca_router
from quickscan.api import router as quickscan_router
from risicos.api import router as risicos_router

api = KapstokAPI(
    title="Kapstok API",
    version=settings.API_VERSION,
    description=(
        "De API van Kapstok: integrale beveiliging en integraal veiligheidsbeleid van een "
        "gemeente. Authenticatie met een persoonlijk API-token (Authorization: Bearer ...). "
        "Elk token hoort bij één lidmaatschap en ziet alleen de gegevens van die gemeente. "
        "Fouten komen als application/problem+json (RFC 9457); wijzigingen vragen de ETag "
        "van de laatst opgehaalde versie in If-Match."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    openapi_extra={
        "info": {"license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}},
        "tags": [
            {"name": "gemeenten", "description": "De gemeente van het token en haar leden."},
            {
                "name": "veiligheidsplan",
                "description": (
                    "Het integraal veiligheidsplan: de versies van het plan met hun hoofdstukken, stappen en "
                    "besluitvorming, de toets aan de CCV-checklist, en de thema's, analyse, prioriteiten, doelen "
                    "en uitvoeringsprogramma's."
                ),
            },
            {
                "name": "risico's",
                "description": (
                    "Het risicoregister: bedrijfsmiddelen, dreigingen, de risicomatrix en haar versies, risico's met "
                    "hun beveiligingsketen en acceptaties, maatregelen met hun koppelingen en toetsen, en de analyses "
                    "(heatmap, gaten in de keten, het kader zonder maatregel, kosten)."
                ),
            },
            {
                "name": "incidenten",
                "description": (
                    "Incidenten: melden en de eigen meldingen, de soorten om uit te kiezen, en de incidenten die "
                    "een behandelaar of lezer ziet met hun behandeling, datalekstatus en koppelingen."
                ),
            },
            {
                "name": "acties",
                "description": (
                    "Verbeteracties uit incidenten, audits, evaluaties, oefeningen en managementreviews: SMART, met "
                    "een eigenaar en een deadline."
                ),
            },
            {
                "name": "oefenen",
                "description": (
                    "Trainen, oefenen en testen: het meerjarenprogramma met per oefening of test het scenario, de "
                    "deelnemers, het resultaat en de bevindingen, en de bewustwordingsactiviteiten met hun deelname."
                ),
            },
            {
                "name": "quickscan",
                "description": (
                    "De quickscan volwassenheid: per thema en managementaspect een niveau op een schaal van vijf, "
                    "herhaald zodat de ontwikkeling zichtbaar wordt."
                ),
            },
            {
                "name": "pdca",
                "description": (
                    "De PDCA-cyclus: de jaarkalender van het kwaliteitssysteem, evaluaties, audits en "
                    "managementreviews met hun bevindingen, en wat het kader ervan overneemt."
                ),
            },
        ],
    },
)
api.add_router("", organisations_router)
api.add_router("", kader_router)
api.add_router("", ivp_router)
api.add_router("", bijeenkomsten_router)
api.add_router("", risicos_router)
api.add_router("", incidenten_router)
api.add_router("", acties_router)
api.add_router("", oefenen_router)
api.add_router("", quickscan_router)
api.add_router("", pdca_router)
