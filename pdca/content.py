"""The default year of the PDCA cycle: what a gemeente plans in its first year (``services.plan_jaar``).

Each row: title, phase, kind, month, day, description. The dates follow the usual rhythm of a
gemeente: the year plan and the risk analysis in the first quarter, the internal audit in the
third, the evaluation and the management review at the end of the year, so that its outcome
feeds the next year's plan and the next version of the kader.
"""

from __future__ import annotations

STANDAARD: tuple[tuple[str, str, str, int, int, str], ...] = (
    (
        "Jaarplan integrale beveiliging opstellen",
        "plan",
        "jaarplanning",
        1,
        31,
        "Met de thema-eigenaren de doelen, maatregelen en activiteiten van dit jaar vastleggen.",
    ),
    (
        "Risicoanalyse actualiseren",
        "plan",
        "risicoanalyse",
        3,
        31,
        "De risico's en maatregelen opnieuw bekijken in het licht van nieuwe dreigingen en de incidenten van "
        "vorig jaar.",
    ),
    (
        "Maatregelen uit het jaarplan uitvoeren",
        "do",
        "uitvoering",
        6,
        30,
        "De thema-eigenaren voeren de maatregelen het hele jaar uit; halverwege het jaar bespreken zij de "
        "voortgang met de coördinator.",
    ),
    (
        "Rode draden van de incidenten van vorig jaar",
        "check",
        "rode_draden",
        2,
        28,
        "De incidenten van vorig jaar naast die van het jaar ervoor leggen: welke patronen keren terug?",
    ),
    (
        "Halfjaarrapportage aan het college",
        "check",
        "rapportage",
        7,
        15,
        "Het college hoort hoe de maatregelen en de acties ervoor staan.",
    ),
    (
        "Interne audit van het kwaliteitssysteem",
        "check",
        "interne_audit",
        9,
        30,
        "Werkt het kwaliteitssysteem zoals het kader het beschrijft? De auditor toetst steekproefsgewijs.",
    ),
    (
        "Evaluatie van het jaarplan",
        "check",
        "evaluatie",
        11,
        15,
        "Wat is bereikt, wat niet en waarom? De uitkomst gaat naar de managementreview.",
    ),
    (
        "Managementreview integrale beveiliging",
        "act",
        "managementreview",
        12,
        1,
        "De directie beoordeelt de uitkomsten van audit en evaluatie en besluit over verbeteringen.",
    ),
    (
        "Kader bijstellen",
        "act",
        "kader_bijstellen",
        12,
        15,
        "De bevindingen die het kader raken, opnemen in de volgende versie van het kader.",
    ),
)
