"""The defaults a gemeente starts with: five maturity levels and a guiding question per management aspect.

No instrument text of BZK was found for a maturity quickscan (../shared/DOMAIN.md); these follow the
common five-level pattern and are the gemeente's to change (``quickscan.niveaus``).
"""

from __future__ import annotations

# nummer -> (naam, omschrijving)
NIVEAUS: dict[int, tuple[str, str]] = {
    1: ("Initieel", "Er gebeurt iets als het nodig is, afhankelijk van personen; niets is vastgelegd."),
    2: ("Herhaalbaar", "Het werk gaat steeds op dezelfde manier, maar is nog niet overal beschreven of afgesproken."),
    3: (
        "Gedefinieerd",
        "Werkwijze en verantwoordelijkheden zijn vastgelegd, vastgesteld en bekend bij wie het aangaat.",
    ),
    4: ("Beheerst", "De afspraken worden gevolgd en gemeten; afwijkingen worden gezien en opgepakt."),
    5: (
        "Geoptimaliseerd",
        "De gemeente verbetert doorlopend op basis van metingen, evaluaties en ervaringen van anderen.",
    ),
}

# aspect -> the question that guides the score
VRAGEN: dict[str, str] = {
    "beleid": "Is er voor dit thema vastgesteld beleid met doelen, en is het actueel?",
    "organisatie": "Zijn taken, bevoegdheden en verantwoordelijkheden belegd, en is er tijd en budget voor?",
    "risicoanalyse": "Worden de risico's van dit thema periodiek in kaart gebracht en beoordeeld?",
    "maatregelen": "Zijn er passende maatregelen genomen die aansluiten op de risico's, en werken ze?",
    "bewustwording": "Weten medewerkers en bestuurders wat van hen verwacht wordt, en oefenen ze ermee?",
    "monitoring": "Wordt gemeten en geëvalueerd of het werkt, en leidt dat tot verbeteringen?",
}
