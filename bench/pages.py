"""What the benchmark drives: the main pages and API endpoints.

A new capability adds its list, detail and dashboard pages here; ``make bench`` then measures
their latency and checks that their query count does not grow with the data size.

``who`` says how the request is made: ``coordinator`` (a logged-in coördinator session),
``platform`` (a logged-in platform-beheerder), ``token`` (the coördinator's API token) or
``anonymous``. ``{lid_id}`` in a path is replaced by a member of the client's gemeente,
``{kader_id}`` by the concept version of its kader (every bench gemeente has the demo kader),
``{plan_id}``, ``{programma_id}`` and ``{thema_id}`` by its veiligheidsplan, that plan's 2027
programme and the theme of its first goal (demo/bench_ivp.py), ``{bijeenkomst_id}`` by its closed
start meeting with 25 participants (demo/bijeenkomsten.py; the first gemeente's plan is the
large one: 60 themes with 10 years of monthly figures, 2,000 actions), ``{analyse_id}`` by its
rode-dradenanalyse of last year and ``{drie_jaar_terug}``/``{vandaag}`` by the dates of the three
years its reports span (demo/bench_incidenten.py), ``{oefening_id}``, ``{quickscan_id}`` and
``{activiteit_id}`` by its latest exercise, completed quickscan and PDCA activity with findings
(the demo's cycle, demo/oefenen.py, demo/quickscan.py, demo/pdca.py). ``{n}`` becomes a new
number on every request: the start page's blocks, the history, the programme, monitoring and
analysis pages, the risk register's pages and its API reads, and the figures of the rode draden are
kept per gemeente revision, member and query string (lib.revisions, api.kept), so a page with
``?n={n}`` is rendered anew each time and shows what a visit after a change costs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: str


PAGES: list[Page] = [
    # Only the shell (menu, header, footer) around a static text: the cost every page pays.
    Page("shell (alleen de opmaak)", "/toegankelijkheid", "coordinator"),
    Page("overzicht", "/", "coordinator"),
    Page("overzicht, opnieuw opgebouwd", "/?n={n}", "coordinator"),
    Page("leden", "/leden", "coordinator"),
    Page("strategisch kader", "/kader", "coordinator"),
    Page("kader vergelijken", "/kader/vergelijken", "coordinator"),
    Page("kader: visie", "/kader/versies/{kader_id}/visie", "coordinator"),
    Page("kader: scope", "/kader/versies/{kader_id}/scope", "coordinator"),
    Page("kader: doelen", "/kader/versies/{kader_id}/doelen", "coordinator"),
    Page("kader: uitgangspunten", "/kader/versies/{kader_id}/uitgangspunten", "coordinator"),
    Page("kader: kwaliteitssysteem", "/kader/versies/{kader_id}/kwaliteitssysteem", "coordinator"),
    Page("veiligheidsplan", "/veiligheidsplan", "coordinator"),
    Page("veiligheidsanalyse", "/veiligheidsplan/analyse", "coordinator"),
    Page("analyse van een thema", "/veiligheidsplan/analyse/themas/{thema_id}", "coordinator"),
    Page("prioriteiten", "/veiligheidsplan/plannen/{plan_id}/prioriteiten", "coordinator"),
    Page("doelen", "/veiligheidsplan/plannen/{plan_id}/doelen", "coordinator"),
    Page("uitvoeringsprogramma", "/veiligheidsplan/programmas/{programma_id}", "coordinator"),
    Page("monitoring", "/veiligheidsplan/monitoring", "coordinator"),
    Page("veiligheidsanalyse, opnieuw opgebouwd", "/veiligheidsplan/analyse?n={n}", "coordinator"),
    Page("uitvoeringsprogramma, opnieuw opgebouwd", "/veiligheidsplan/programmas/{programma_id}?n={n}", "coordinator"),
    Page("monitoring, opnieuw opgebouwd", "/veiligheidsplan/monitoring?n={n}", "coordinator"),
    Page("bijeenkomsten", "/bijeenkomsten", "coordinator"),
    Page("bijeenkomst", "/bijeenkomsten/{bijeenkomst_id}", "coordinator"),
    Page("bijeenkomst: resultaten", "/bijeenkomsten/{bijeenkomst_id}/resultaten", "coordinator"),
    Page("bijeenkomst: presentatie (stand)", "/bijeenkomsten/{bijeenkomst_id}/presentatie/stand", "coordinator"),
    # The risk register: 5,000 risks and 10,000 measures in the first gemeente of the large dataset;
    # {risico_id} is its risk with the most measures (demo/bench_risicos.py).
    Page("risico's: overzicht met heatmaps", "/risicos", "coordinator"),
    Page("risico's: register", "/risicos/register", "coordinator"),
    Page("risico's: register, gat in de keten", "/risicos/register?gat=detectie_zonder_interventie", "coordinator"),
    Page("risico's: register, cel van de heatmap", "/risicos/register?cel=netto-3-4", "coordinator"),
    Page("risico", "/risicos/register/{risico_id}", "coordinator"),
    Page("maatregelen", "/risicos/maatregelen", "coordinator"),
    Page("risico's: analyses", "/risicos/analyse", "coordinator"),
    # The same pages built afresh each time, as after a change in the gemeente (lib.revisions.cached).
    Page("risico's: overzicht, opnieuw opgebouwd", "/risicos?n={n}", "coordinator"),
    Page("risico's: register, opnieuw opgebouwd", "/risicos/register?n={n}", "coordinator"),
    Page(
        "risico's: gat in de keten, opnieuw opgebouwd",
        "/risicos/register?gat=detectie_zonder_interventie&n={n}",
        "coordinator",
    ),
    Page("risico, opnieuw opgebouwd", "/risicos/register/{risico_id}?n={n}", "coordinator"),
    Page("maatregelen, opnieuw opgebouwd", "/risicos/maatregelen?n={n}", "coordinator"),
    Page("risico's: analyses, opnieuw opgebouwd", "/risicos/analyse?n={n}", "coordinator"),
    # Incidents: 20,000 reports over three years in the first gemeente of the large dataset;
    # {analyse_id} is its rode-dradenanalyse of last year (demo/bench_incidenten.py).
    Page("incidenten", "/incidenten", "coordinator"),
    Page("rode draden: vorig jaar", "/incidenten/rode-draden", "coordinator"),
    Page("rode draden: drie jaar", "/incidenten/rode-draden?van={drie_jaar_terug}&tot={vandaag}", "coordinator"),
    Page("rode-dradenanalyse", "/incidenten/rode-draden/{analyse_id}", "coordinator"),
    Page(
        "rode draden: drie jaar, opnieuw opgebouwd",
        "/incidenten/rode-draden?van={drie_jaar_terug}&tot={vandaag}&n={n}",
        "coordinator",
    ),
    Page("rode-dradenanalyse, opnieuw opgebouwd", "/incidenten/rode-draden/{analyse_id}?n={n}", "coordinator"),
    # The cycle, as in the demo in every bench gemeente; {oefening_id} is its latest exercise,
    # {quickscan_id} its latest completed quickscan and {activiteit_id} its latest PDCA activity
    # with findings.
    Page("acties", "/acties", "coordinator"),
    Page("mijn acties", "/acties/mijn", "coordinator"),
    Page("PDCA-cyclus", "/pdca", "coordinator"),
    Page("PDCA: act", "/pdca/act", "coordinator"),
    Page("PDCA-activiteit", "/pdca/activiteiten/{activiteit_id}", "coordinator"),
    Page("oefenprogramma", "/oefenen", "coordinator"),
    Page("oefening", "/oefenen/{oefening_id}", "coordinator"),
    Page("bewustwording", "/oefenen/bewustwording", "coordinator"),
    Page("quickscans", "/quickscan", "coordinator"),
    Page("quickscan", "/quickscan/{quickscan_id}", "coordinator"),
    Page("quickscan: ontwikkeling", "/quickscan/ontwikkeling", "coordinator"),
    Page("partnerorganisaties", "/partnerorganisaties", "coordinator"),
    Page("instellingen", "/instellingen", "coordinator"),
    Page("historie", "/historie", "coordinator"),
    Page("historie, opnieuw opgebouwd", "/historie?n={n}", "coordinator"),
    Page("beveiligingslog", "/beveiligingslog", "coordinator"),
    Page("account", "/account", "coordinator"),
    Page("platform/gemeenten", "/platform/gemeenten", "platform"),
    Page("api gemeenten", "/api/v1/gemeenten", "token"),
    Page("api leden", "/api/v1/leden", "token"),
    Page("api lid", "/api/v1/leden/{lid_id}", "token"),
    Page("api kader-versies", "/api/v1/kader-versies", "token"),
    Page("api kader-versie", "/api/v1/kader-versies/{kader_id}", "token"),
    Page("api uitgangspunten", "/api/v1/kader-versies/{kader_id}/uitgangspunten", "token"),
    Page("api acties", "/api/v1/acties?programmaId={programma_id}", "token"),
    Page("api indicatoren", "/api/v1/indicatoren", "token"),
    Page("api bijeenkomsten", "/api/v1/bijeenkomsten", "token"),
    Page("api risico's", "/api/v1/risicos", "token"),
    Page("api risico's met een gat in de keten", "/api/v1/risicos?gat=detectie_zonder_interventie", "token"),
    Page("api risico", "/api/v1/risicos/{risico_id}", "token"),
    Page("api maatregelen", "/api/v1/maatregelen", "token"),
    Page("api heatmap", "/api/v1/risico-analyse/heatmap", "token"),
    Page("api gaten in de keten", "/api/v1/risico-analyse/keten", "token"),
    # The same reads built afresh each time, as after a change in the gemeente (api.kept).
    Page("api risico's, opnieuw opgebouwd", "/api/v1/risicos?n={n}", "token"),
    Page(
        "api risico's met een gat in de keten, opnieuw opgebouwd",
        "/api/v1/risicos?gat=detectie_zonder_interventie&n={n}",
        "token",
    ),
    Page("api risico, opnieuw opgebouwd", "/api/v1/risicos/{risico_id}?n={n}", "token"),
    Page("api maatregelen, opnieuw opgebouwd", "/api/v1/maatregelen?n={n}", "token"),
    Page("api heatmap, opnieuw opgebouwd", "/api/v1/risico-analyse/heatmap?n={n}", "token"),
    Page("api gaten in de keten, opnieuw opgebouwd", "/api/v1/risico-analyse/keten?n={n}", "token"),
    Page("api incidenten", "/api/v1/incidenten", "token"),
    Page("api verbeteracties", "/api/v1/verbeteracties", "token"),
    Page("api PDCA-activiteiten", "/api/v1/pdca-activiteiten", "token"),
    Page("api oefeningen", "/api/v1/oefeningen", "token"),
    Page("api quickscans", "/api/v1/quickscans", "token"),
    Page("api resultaten van een bijeenkomst", "/api/v1/bijeenkomsten/{bijeenkomst_id}/resultaten", "token"),
    Page("api openapi.json", "/api/v1/openapi.json", "anonymous"),
]
