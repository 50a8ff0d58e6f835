"""The starting content of a risk register: the threat catalogue and the matrices to choose from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (key, name, moedwillig, description)
DREIGINGEN: tuple[tuple[str, str, bool, str], ...] = (
    ("inbraak", "Inbraak", True, "Onbevoegd binnendringen in een gebouw, ruimte of terrein."),
    ("diefstal", "Diefstal", True, "Wegnemen van spullen, apparatuur, documenten of gegevensdragers."),
    ("vandalisme", "Vandalisme", True, "Opzettelijk vernielen of beschadigen van eigendommen van de gemeente."),
    (
        "agressie",
        "Agressie en geweld tegen medewerkers",
        True,
        "Verbaal of fysiek geweld tegen medewerkers, aan de balie, op straat of online.",
    ),
    (
        "bedreiging_ambtsdragers",
        "Bedreiging en intimidatie van ambtsdragers",
        True,
        "Bedreigen, intimideren of onder druk zetten van de burgemeester, wethouders of raadsleden.",
    ),
    (
        "ondermijning",
        "Ondermijning door georganiseerde criminaliteit",
        True,
        "Criminelen die de gemeente, haar vergunningen of haar medewerkers voor hun doelen proberen te gebruiken.",
    ),
    ("spionage", "Spionage", True, "Heimelijk verzamelen van vertrouwelijke informatie door een ander land of partij."),
    ("sabotage", "Sabotage", True, "Opzettelijk verstoren van systemen, installaties of processen."),
    (
        "phishing",
        "Phishing en social engineering",
        True,
        "Medewerkers misleiden om gegevens, toegang of geld af te staan.",
    ),
    ("ransomware", "Ransomware", True, "Gijzelsoftware die systemen en gegevens versleutelt of buitmaakt."),
    ("datalek_opzet", "Opzettelijk datalek", True, "Gegevens bewust naar buiten brengen of verkopen."),
    ("fraude", "Fraude en corruptie", True, "Misbruik van bevoegdheden, omkoping of valsheid voor eigen gewin."),
    (
        "misbruik_insider",
        "Misbruik door eigen medewerkers of inhuur",
        True,
        "Wie binnen is, gebruikt zijn toegang voor iets waarvoor die niet bedoeld is.",
    ),
    ("brand", "Brand", False, "Brand in of bij een gebouw, ook door een technische oorzaak."),
    ("stroomuitval", "Stroomuitval", False, "Langere uitval van elektriciteit, in het gebouw of in de regio."),
    ("technisch_falen", "Technisch falen", False, "Uitval of storing van systemen, netwerken of installaties."),
    ("natuur", "Natuurgeweld", False, "Storm, overstroming, extreme hitte of droogte."),
    ("epidemie", "Epidemie of pandemie", False, "Een besmettelijke ziekte waardoor veel medewerkers uitvallen."),
    (
        "menselijke_fout",
        "Menselijke fout",
        False,
        "Een vergissing, zoals een e-mail aan de verkeerde ontvanger of een verkeerd ingestelde toegang.",
    ),
)


@dataclass(frozen=True)
class MatrixVoorstel:
    """A matrix to start with or choose from."""

    methode: str
    naam: str
    kans_labels: tuple[str, ...]
    impact_labels: tuple[str, ...]
    impactcriteria: tuple[str, ...]

    def as_fields(self) -> dict[str, Any]:
        return {
            "methode": self.methode,
            "kans_labels": list(self.kans_labels),
            "impact_labels": list(self.impact_labels),
            "impactcriteria": list(self.impactcriteria),
            "niveaus": [dict(n) for n in NIVEAUS],
            "raster": raster_by_product(len(self.kans_labels), len(self.impact_labels), len(NIVEAUS)),
            "tolerantie": TOLERANTIE,
        }


# Level bands with a light background on which dark text is readable (contrast well above 4.5:1),
# so the name in a cell stays readable in print and for people who do not see colour.
NIVEAUS: tuple[dict[str, Any], ...] = (
    {"naam": "Laag", "kleur": "#cde9d4", "maanden": 12},
    {"naam": "Midden", "kleur": "#fdf0b5", "maanden": 6},
    {"naam": "Hoog", "kleur": "#f9cfa6", "maanden": 3},
    {"naam": "Zeer hoog", "kleur": "#f4b1b1", "maanden": 1},
)
TOLERANTIE = 1  # up to "Midden" the gemeente may accept a risk

STANDAARD = MatrixVoorstel(
    methode="standaard",
    naam="Standaard 5 × 5",
    kans_labels=("Zeer onwaarschijnlijk", "Onwaarschijnlijk", "Mogelijk", "Waarschijnlijk", "Zeer waarschijnlijk"),
    impact_labels=("Beperkt", "Aanzienlijk", "Ernstig", "Zeer ernstig", "Catastrofaal"),
    impactcriteria=(),
)

# The classes A–E and the impact criteria of the national risk assessment (Nationale
# Risicobeoordeling), for a gemeente that scores like its veiligheidsregio does.
NRB = MatrixVoorstel(
    methode="nrb",
    naam="Nationale risicobeoordeling (klassen A–E)",
    kans_labels=(
        "A – zeer onwaarschijnlijk",
        "B – onwaarschijnlijk",
        "C – mogelijk",
        "D – waarschijnlijk",
        "E – zeer waarschijnlijk",
    ),
    impact_labels=("A – beperkt", "B – aanzienlijk", "C – ernstig", "D – zeer ernstig", "E – catastrofaal"),
    impactcriteria=(
        "Aantasting van de integriteit van het grondgebied",
        "Aantasting van de internationale positie",
        "Doden",
        "Ernstig gewonden en chronisch zieken",
        "Lichamelijk lijden (gebrek aan primaire levensbehoeften)",
        "Kosten (economische schade)",
        "Langdurige aantasting van milieu en natuur",
        "Verstoring van het dagelijks leven",
        "Aantasting van de democratische rechtsstaat",
        "Sociaal-psychologische impact (maatschappelijke onrust)",
    ),
)

VOORSTELLEN = {v.methode: v for v in (STANDAARD, NRB)}


def raster_by_product(kans: int, impact: int, niveaus: int) -> list[list[int]]:
    """Cells banded by kans × impact relative to the largest product, in ``niveaus`` equal steps.

    For 5 × 5 with four levels: products 1–4 low, 5–9 middle, 10–15 high, 16–25 very high.
    """
    top = kans * impact
    bounds = [0.16, 0.36, 0.6][: niveaus - 1] if niveaus == 4 else [(i + 1) / niveaus for i in range(niveaus - 1)]
    return [[sum(1 for b in bounds if (k * i) / top > b) for i in range(1, impact + 1)] for k in range(1, kans + 1)]
