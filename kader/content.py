"""Guidance, starting sets and examples for the strategisch kader, in Kapstok's own words.

The facts (the five steps, the nine goals, the six groups of uitgangspunten, the PDCA phases,
the names of laws and norms) follow the BZK guide for integrale beveiliging; every sentence
here is written for Kapstok. Plain data: the services seed new versions from it, the views
show it as help.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- the five steps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Stap:
    key: str
    titel: str
    doel: str
    activiteiten: tuple[tuple[str, str], ...]  # (key, text)


STAPPEN: tuple[Stap, ...] = (
    Stap(
        "visie",
        "Visie",
        "Leg in een paar zinnen vast waarom de gemeente haar organisatie beveiligt en wat zij daarmee wil "
        "bereiken. Een gedeelde visie geeft richting, maakt keuzes uitlegbaar en verbindt de thema's.",
        (
            ("vaststeller", "Bepalen wie de visie vaststelt en langs welke weg."),
            ("opstellers", "Bepalen wie de visie schrijven."),
            ("betrokkenen", "Ambtelijke, bestuurlijke en politieke betrokkenen en de thema-eigenaren erbij halen."),
            ("gemeentebeleid", "Meerjarenplannen en bestaand gemeentelijk beleid naast de visie leggen."),
            ("deelplannen", "Visies en plannen van de deelthema's naast de visie leggen."),
            (
                "werksessie",
                "In een werksessie de context en de ambitie bepalen, met een minimale en een maximale variant.",
            ),
            ("formuleren", "De visie formuleren en onderbouwen waarom voor deze variant is gekozen."),
            ("vaststellen", "De visie bestuurlijk laten vaststellen."),
        ),
    ),
    Stap(
        "scope",
        "Scope",
        "Baken af waarop het kader van toepassing is: welke bedrijfsmiddelen, welke groepen mensen, welke "
        "bestaande deelplannen en welke wetten en normen.",
        (
            ("missie", "Nagaan wat de gemeentelijke organisatie minimaal moet waarmaken (missie en wettelijke taken)."),
            ("deelplannen", "De scope van de bestaande deelplannen per thema verzamelen."),
            ("afleiden", "Daaruit de scope van het kader afleiden, inclusief de wettelijke eisen."),
            ("vastleggen", "De scope vastleggen in het kader."),
        ),
    ),
    Stap(
        "doelen",
        "Beveiligingsdoelen",
        "Beschrijf welk effect de beveiligingsmaatregelen moeten hebben. Elke maatregel moet aan minstens "
        "één doel bijdragen en mag andere belangen van de organisatie niet onnodig hinderen.",
        (
            ("selecteren", "Uit de startset kiezen welke doelen voor de gemeente gelden, en eigen doelen toevoegen."),
            ("vastleggen", "De doelen in eigen woorden vastleggen in het kader."),
        ),
    ),
    Stap(
        "uitgangspunten",
        "Uitgangspunten",
        "Leg de randvoorwaarden en keuzes vast waarmee de doelen worden bereikt. Een uitgangspunt hoort bij "
        "één of meer doelen en dient later ook als toetssteen voor maatregelen.",
        (
            ("afleiden", "Uit visie, scope en doelen de uitgangspunten afleiden."),
            ("koppelen", "Elk uitgangspunt aan de doelen koppelen die het dient."),
            ("vastleggen", "De uitgangspunten vastleggen in het kader."),
        ),
    ),
    Stap(
        "kwaliteitssysteem",
        "Kwaliteitssysteem",
        "Richt de cyclus van voortdurend verbeteren in (Plan, Do, Check, Act): wat er in elke fase gebeurt, "
        "wanneer en door wie, met een passende governance en een verdeling van verantwoordelijkheden.",
        (
            ("governance", "Een governancevariant kiezen die past bij de organisatie."),
            ("pdca", "Per fase van de PDCA-cyclus vastleggen wat er gebeurt, wanneer en door wie."),
            ("matrix", "De verantwoordelijkheden per rol en activiteit verdelen."),
        ),
    ),
)

STAP_BY_KEY = {stap.key: stap for stap in STAPPEN}

# --- step 1: example visions ------------------------------------------------------------------

VOORBEELDEN_VISIE: dict[str, str] = {
    "minimaal": (
        "Wij zorgen dat medewerkers, bestuurders en bezoekers veilig kunnen werken en de dienstverlening "
        "kunnen gebruiken. Daarvoor brengen wij de bestaande beveiligingsplannen samen onder één kader, "
        "zodat maatregelen elkaar aanvullen in plaats van tegenwerken."
    ),
    "maximaal": (
        "Wij zijn een weerbare gemeente die opzettelijke verstoring van haar organisatie tijdig ziet aankomen, "
        "tegenhoudt en te boven komt. Beveiliging is onderdeel van hoe wij werken: alle thema's sturen vanuit "
        "één visie, één set doelen en één kwaliteitscyclus, en wij blijven daarbij een open en gastvrije "
        "gemeente voor inwoners."
    ),
    "samenhang": (
        "Met één kader voor integrale beveiliging brengen wij preventieve, repressieve en herstellende "
        "maatregelen van alle thema's bij elkaar, zodat onze aanpak overal even duidelijk en consequent is."
    ),
}

# --- step 2: scope ----------------------------------------------------------------------------

MENSGROEPEN_MOET_WETEN: dict[str, str] = {
    "medewerkers": "Houden zich aan de richtlijnen van dit kader en worden erdoor beschermd.",
    "gasten": "Worden beschermd door het kader en volgen de aanwijzingen bij bezoek.",
    "vrijwilligers": "Houden zich aan de richtlijnen van dit kader en worden erdoor beschermd.",
    "leveranciers": "Kennen de uitgangspunten en de maatregelen en voorschriften die voor hen gelden.",
    "inhuur": "Kennen de uitgangspunten en de maatregelen en voorschriften die voor hen gelden.",
    "derden": "Kennen de uitgangspunten en de maatregelen en voorschriften die voor hen gelden.",
}

# Bijlage I of the guide: names of laws and norms per theme (facts), why each matters (ours).
WETTELIJK_KADER: dict[str, tuple[tuple[str, str], ...]] = {
    "beveiligingsplan": (("Arbeidsomstandighedenwet", "De werkgever moet zorgen voor een veilige werkplek."),),
    "brandveiligheid": (
        ("Besluit bouwwerken leefomgeving (Bbl)", "Eisen aan de brandveiligheid van gebouwen en het gebruik ervan."),
        ("Omgevingswet en Omgevingsbesluit", "Vergunningen en meldingen voor brandveilig gebruik."),
        ("Handleiding Brandveilig Gebruik", "Praktische uitleg bij brandveilig gebruik van gebouwen."),
        ("Arbeidsomstandighedenwet", "Vluchtwegen, bedrijfshulpverlening en veilig werken."),
        ("Woningwet", "Grondslag voor de bouwregels."),
        ("Richtlijn 92/58/EEG", "Europese eisen aan veiligheidssignalering op het werk."),
        ("NEN-normen", "Technische normen voor onder meer brandmeld- en ontruimingsinstallaties."),
    ),
    "informatiebeveiliging": (
        (
            "Baseline Informatiebeveiliging Overheid (BIO)",
            "Het normenkader voor informatiebeveiliging bij de overheid.",
        ),
        ("Wet basisregistratie personen", "Eisen aan het beheer en de beveiliging van de BRP."),
        ("Besluit basisregistratie personen", "Uitwerking van de beveiligingseisen voor de BRP."),
        (
            "Algemene verordening gegevensbescherming (AVG)",
            "Passende beveiliging van persoonsgegevens en melden van datalekken.",
        ),
        (
            "Richtlijn (EU) 2022/2555 (NIS2) en de Cyberbeveiligingswet",
            "Zorgplicht en meldplicht voor de beveiliging van netwerk- en informatiesystemen.",
        ),
        ("Regeling SUWI", "Beveiligingseisen voor de keten van werk en inkomen."),
        ("Leidraad Coordinated Vulnerability Disclosure", "Hoe de gemeente omgaat met gemelde kwetsbaarheden."),
        ("Archiefwet", "Duurzaam en betrouwbaar bewaren van informatie."),
        ("NEN-EN-ISO/IEC 27001 en 27002", "Internationale norm voor een managementsysteem voor informatiebeveiliging."),
    ),
    "cameratoezicht": (
        ("Gemeentewet", "Grondslag voor cameratoezicht in de openbare ruimte."),
        ("Richtlijn (EU) 2016/680", "Verwerking van persoonsgegevens voor opsporing en handhaving."),
        ("Algemene verordening gegevensbescherming (AVG)", "Regels voor het opnemen en bewaren van beelden."),
        ("Wet politiegegevens", "Regels wanneer beelden politiegegevens worden."),
        ("Wet justitiële en strafvorderlijke gegevens", "Regels voor gegevens in strafzaken."),
        ("EDPB Guidelines 3/2019 (videoapparatuur)", "Europese uitleg over camerabeelden en privacy."),
    ),
    "personele_veiligheid": (
        ("Burgerlijk Wetboek", "Zorgplicht van de werkgever voor de werknemer."),
        ("Arbeidsomstandighedenwet", "Beleid tegen agressie en geweld als psychosociale arbeidsbelasting."),
        ("Arbeidsomstandighedenbesluit", "Uitwerking van de zorg voor psychosociale arbeidsbelasting."),
        (
            "Handreiking Voorkomen en beperken van agressie en geweld (2013)",
            "Praktische aanpak van agressie tegen medewerkers.",
        ),
        ("Gemeentewet", "Taken en bevoegdheden van burgemeester en college."),
        ("Richtlijnen 89/391/EEG en 92/58/EEG", "Europese kaders voor veiligheid en gezondheid op het werk."),
        ("Wet particuliere beveiligingsorganisaties en recherchebureaus", "Eisen aan ingehuurde beveiligers."),
        ("Richtlijn 2014/24/EU", "Europese regels voor aanbesteding, ook van beveiligingsdiensten."),
        (
            "Circulaire bewaking en beveiliging van personen, objecten en diensten (2019)",
            "Hoe het stelsel bewaken en beveiligen werkt en wie wat doet.",
        ),
        (
            "Regeling rechtspositie decentrale politieke ambtsdragers",
            "Voorzieningen voor de veiligheid van ambtsdragers.",
        ),
        ("Algemene verordening gegevensbescherming (AVG)", "Zorgvuldig omgaan met gegevens van medewerkers."),
        ("Normenkader Beveiliging Rijkskantoren (NKBR)", "Referentie voor het beveiligingsniveau van kantoren."),
    ),
    "integriteit": (
        ("Gemeentewet", "Verplichtingen rond integriteit van bestuurders."),
        ("Ambtenarenwet 2017", "Integriteitsbeleid, eed of belofte en melden van misstanden."),
        ("Modelaanpak basisnormen integriteit", "Minimale onderdelen van integriteitsbeleid bij de overheid."),
        (
            "Handreiking integriteit politieke ambtsdragers (gemeenten, provincies, waterschappen)",
            "Hoe integriteit van ambtsdragers wordt bevorderd en getoetst.",
        ),
        ("Handreiking registratie integriteitsschendingen (2008)", "Eenduidig vastleggen van schendingen."),
        ("12 principes van goed democratisch bestuur (Raad van Europa)", "Europese maatstaf voor goed bestuur."),
    ),
}

# Laws and norms of the legal framework whose name changed since the guide was written: the
# current name → the name it replaced (shown beside it, so readers of older documents find it).
VERVANGT: dict[str, str] = {
    "Besluit bouwwerken leefomgeving (Bbl)": "Bouwbesluit 2012 (tot 1 januari 2024)",
    "Omgevingswet en Omgevingsbesluit": "Besluit omgevingsrecht (tot 1 januari 2024)",
    "Richtlijn (EU) 2022/2555 (NIS2) en de Cyberbeveiligingswet": (
        "Richtlijn (EU) 2016/1148 (NIB) en de Wet beveiliging netwerk- en informatiesystemen (Wbni)"
    ),
}

# --- step 3: the nine goals -------------------------------------------------------------------

DOELEN: tuple[tuple[str, str, str], ...] = (
    (
        "beschermen",
        "Medewerkers en bezoekers beschermen",
        "Medewerkers kunnen zo veilig mogelijk werken en bezoekers kunnen zonder zorgen gebruikmaken van de dienstverlening.",
    ),
    (
        "ontmoedigen",
        "Kwaadwillenden ontmoedigen",
        "Wie kwaad wil, van binnen of van buiten, merkt dat de beveiliging op orde is en ziet ervan af.",
    ),
    (
        "informatie",
        "Onbevoegde toegang tot gevoelige informatie voorkomen",
        "Persoonsgegevens en vertrouwelijke bedrijfsinformatie komen niet op straat of op internet terecht.",
    ),
    (
        "tegenhouden",
        "Tegenhouden",
        "Barrières maken het een kwaadwillende fysiek of digitaal onmogelijk om zijn plan uit te voeren.",
    ),
    (
        "afschermen",
        "Afschermen",
        "Aantrekkelijke en kwetsbare onderdelen zijn zo afgeschermd dat verkennen en kennisnemen moeilijk is.",
    ),
    (
        "detecteren",
        "Detecteren",
        "Lukt een inbreuk toch, dan wordt die zo vroeg mogelijk opgemerkt.",
    ),
    (
        "vertragen",
        "Vertragen",
        "Barrières tussen de kwaadwillende en zijn doel kosten hem tijd, bij binnenkomen én bij vluchten.",
    ),
    (
        "interveniëren",
        "Interveniëren",
        "Beveiliging grijpt op tijd in en houdt de kwaadwillende tegen; overdracht aan de politie is mogelijk.",
    ),
    (
        "continuiteit",
        "Continuïteit",
        "De dienstverlening loopt zo goed mogelijk door; gaat het toch mis, dan sluit de aanpak aan op het "
        "continuïteitsplan en de crisisorganisatie.",
    ),
)

# --- step 4: the six groups of uitgangspunten, with examples (goal keys they serve) -----------

UITGANGSPUNT_GROEPEN: dict[str, str] = {
    "beleid": "Hoe het beveiligingsbeleid is ingebed in het beleid en de begroting van de gemeente.",
    "kwaliteitsborging": "Hoe de gemeente zorgt dat beveiliging aan eisen blijft voldoen en meegroeit.",
    "governance": "Wie waarvoor verantwoordelijk is en hoe wordt samengewerkt, ook met ketenpartners.",
    "preparatie": "Hoe de gemeente zich voorbereidt: plannen, trainen, oefenen en testen.",
    "draagvlak": "Hoe bestuur, management en medewerkers beveiliging dragen en uitdragen.",
    "borging": "Hoe taken belegd zijn en hoe de organisatie leert van incidenten en oefeningen.",
}

ALLE_DOELEN = tuple(key for key, _titel, _uitleg in DOELEN)

VOORBEELD_UITGANGSPUNTEN: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "beleid": (
        (
            "Het beveiligingsbeleid wordt periodiek geactualiseerd en sluit aan op het algemene beleid van de gemeente.",
            ALLE_DOELEN,
        ),
        (
            "Beveiliging past zo veel mogelijk bij het open en gastvrije karakter van de gemeente.",
            ("beschermen", "ontmoedigen"),
        ),
        ("Er is een jaarlijks budget voor beveiliging, voor eenmalige en terugkerende kosten.", ALLE_DOELEN),
        (
            "De aanpak is risicogericht: maatregelen zijn evenredig aan het risicoprofiel van de gemeente.",
            ("tegenhouden", "afschermen", "vertragen"),
        ),
    ),
    "kwaliteitsborging": (
        (
            "De gemeente voldoet aan de wet- en regelgeving die eisen stelt aan beveiliging.",
            ("informatie", "beschermen"),
        ),
        (
            "Beveiliging volgt de Plan-Do-Check-Act-cyclus en is opgenomen in de planning- en controlcyclus.",
            ALLE_DOELEN,
        ),
        (
            "Risico's die zich nog niet voordeden, zijn uitgewerkt in korte scenario's.",
            ("detecteren", "interveniëren", "continuiteit"),
        ),
    ),
    "governance": (
        ("Verantwoordelijkheid en aansturing liggen zo veel mogelijk in de lijn.", ALLE_DOELEN),
        ("Met ketenpartners zijn heldere afspraken gemaakt over taken en grenzen.", ("interveniëren",)),
        (
            "Een responsorganisatie sluit aan op BHV en crisisorganisatie en beperkt de gevolgen van incidenten.",
            ("interveniëren", "continuiteit"),
        ),
    ),
    "preparatie": (
        ("Er is een meerjarig programma voor trainen, oefenen en testen.", ("detecteren", "interveniëren")),
        ("Medewerkers doen elk jaar mee aan een activiteit over beveiliging.", ("beschermen", "ontmoedigen")),
        (
            "Maatregelen overlappen elkaar niet, werken elkaar niet tegen en voelen logisch op de werkvloer.",
            ALLE_DOELEN,
        ),
    ),
    "draagvlak": (
        ("Bestuur en directie geven zichtbaar het goede voorbeeld.", ALLE_DOELEN),
        (
            "Medewerkers kennen de voorschriften en dragen bij aan een veilige werkomgeving.",
            ("beschermen", "informatie"),
        ),
        ("Bezoekers merken aan communicatie en sfeer wat de gemeente van hen verwacht.", ("ontmoedigen",)),
    ),
    "borging": (
        ("Taken, verantwoordelijkheden en bevoegdheden voor beveiliging zijn duidelijk toegewezen.", ALLE_DOELEN),
        (
            "Incidenten worden vastgelegd en jaarlijks geanalyseerd op terugkerende patronen.",
            ("detecteren", "continuiteit"),
        ),
        ("Na incidenten en oefeningen worden maatregelen tijdig bijgesteld.", ("tegenhouden", "interveniëren")),
    ),
}

# --- step 5: kwaliteitssysteem ----------------------------------------------------------------

PDCA: tuple[tuple[str, str], ...] = (
    ("plan", "Activiteiten plannen en doelen stellen voor de komende periode."),
    ("do", "Het plan uitvoeren, in kleine stappen en onder controle."),
    ("check", "Resultaten meten en analyseren: wat werkte, wat niet?"),
    ("act", "Verbeteren of vastleggen wat goed werkt, en dat meenemen in het volgende plan."),
)

GOVERNANCE: dict[str, str] = {
    "centraal": (
        "Eén coördinator integrale beveiliging stuurt alle thema's aan, bewaakt de samenhang en rapporteert "
        "aan directie en bestuur."
    ),
    "domeinen": (
        "De eigenaren van de thema's blijven verantwoordelijk voor hun domein; een coördinator brengt hen "
        "samen, bewaakt de samenhang en zorgt voor één cyclus."
    ),
}

# --- more examples: rows a step can adopt ------------------------------------------------------

# Typical deelplannen per theme: (theme, title). Adopted with status "ontbreekt"; the gemeente
# then fills in the owner and links or uploads its own plan.
VOORBEELD_DEELPLANNEN: tuple[tuple[str, str], ...] = (
    ("informatiebeveiliging", "Informatiebeveiligingsbeleid"),
    ("fysieke_beveiliging", "Beveiligingsplan gebouwen en terreinen"),
    ("technische_beveiliging", "Toegangsbeheer, alarmopvolging en cameratoezicht"),
    ("personele_beveiliging", "Protocol agressie en geweld"),
    ("integriteit", "Integriteitsbeleid en gedragscode"),
    ("continuiteit", "Bedrijfscontinuïteitsplan"),
)

# A worked-out PDCA cycle: phase → (what, when, by whom).
VOORBEELD_PDCA: dict[str, tuple[str, str, str]] = {
    "plan": ("Jaarplan integrale beveiliging opstellen met de thema-eigenaren.", "September", "Coördinator"),
    "do": ("Maatregelen uit het jaarplan uitvoeren en incidenten vastleggen.", "Doorlopend", "Thema-eigenaren"),
    "check": ("Kwartaalrapportage en een jaarlijkse interne audit.", "Elk kwartaal", "Auditor en coördinator"),
    "act": ("Verbeteracties vaststellen in het managementteam.", "December", "Gemeentesecretaris"),
}

# A starting responsibility matrix: (role, activity, R/A/C/I).
VOORBEELD_VERANTWOORDELIJKHEDEN: tuple[tuple[str, str, str], ...] = (
    ("Gemeentesecretaris", "Kader ter besluitvorming voorbereiden", "A"),
    ("Coördinator integrale beveiliging", "Kader ter besluitvorming voorbereiden", "R"),
    ("Thema-eigenaren", "Kader ter besluitvorming voorbereiden", "C"),
    ("Coördinator integrale beveiliging", "Jaarplan opstellen", "A"),
    ("Thema-eigenaren", "Jaarplan opstellen", "R"),
    ("Ondernemingsraad", "Jaarplan opstellen", "I"),
    ("Auditor", "Interne audit uitvoeren", "R"),
    ("Gemeentesecretaris", "Interne audit uitvoeren", "A"),
)

# --- definitions (help texts) -----------------------------------------------------------------

DEFINITIES: dict[str, str] = {
    "integrale beveiliging": (
        "Het in samenhang kiezen, invoeren en regelmatig toetsen van beveiligingsmaatregelen voor organisatie, "
        "mensen, middelen, informatie en gebouwen, op basis van de risico's voor de doelen van de gemeente."
    ),
    "beveiligingsthema's": (
        "Informatiebeveiliging, fysieke en technische beveiliging en personele beveiliging. Integrale "
        "beveiliging verbindt ze; de inhoud blijft bij de thema's."
    ),
    "informatiebeveiliging": (
        "Bepalen welke eisen gelden voor de betrouwbaarheid van informatie en systemen, en de maatregelen "
        "treffen, bijhouden en toetsen die daarvoor nodig zijn."
    ),
    "fysieke en technische beveiliging": (
        "Organisatorische, bouwkundige en elektronische barrières die mensen en informatie beschermen tegen "
        "ongewenste handelingen."
    ),
    "personele beveiliging": "Maatregelen waardoor mensen veilig en integer hun werk kunnen doen.",
    "beveiligingsrisico's": (
        "Risico's door opzettelijk, kwaadwillig handelen van mensen dat de gemeente schaadt. Beveiliging "
        "richt zich op het voorkomen ervan; herstel volgt via continuïteits- en crisismanagement."
    ),
    "niet-moedwillige risico's": (
        "Risico's zonder kwade opzet, zoals natuurgeweld, storingen, stroomuitval, brand of een epidemie."
    ),
    "beveiligingsproces": (
        "Het doorlopende proces dat beveiliging beheersbaar houdt: visie en beleid, governance, "
        "kwaliteitsborging met PDCA, preparatie en draagvlak."
    ),
    "beveiligingsmaatregelen": (
        "Alle maatregelen tegen inbreuken op de doelen van de gemeente: barrières, zichtbare beveiliging en "
        "tijdig en passend optreden."
    ),
    "bedrijfsmiddelen": (
        "Alles wat de gemeente na een risicoanalyse wil beschermen: mensen, gebouwen, terreinen, locaties, "
        "systemen, instrumenten, installaties en informatie."
    ),
}

# The terms that appear in each step; its page shows their definitions as help.
BEGRIPPEN_PER_STAP: dict[str, tuple[str, ...]] = {
    "visie": ("integrale beveiliging", "beveiligingsthema's", "beveiligingsrisico's", "niet-moedwillige risico's"),
    "scope": (
        "bedrijfsmiddelen",
        "informatiebeveiliging",
        "fysieke en technische beveiliging",
        "personele beveiliging",
    ),
    "doelen": ("beveiligingsrisico's", "beveiligingsmaatregelen", "bedrijfsmiddelen"),
    "uitgangspunten": ("beveiligingsproces", "beveiligingsmaatregelen"),
    "kwaliteitssysteem": ("beveiligingsproces", "integrale beveiliging"),
}


def begrippen(stap: str) -> list[tuple[str, str]]:
    """(term, definition) of the terms used in a step."""
    return [(term, DEFINITIES[term]) for term in BEGRIPPEN_PER_STAP.get(stap, ())]


# --- example library: what ``adopt_example`` can copy into which part ----------------------------

VOORBEELDEN: dict[str, dict[str, str]] = {
    "visie": VOORBEELDEN_VISIE,
    "visie_minimaal": {"minimaal": VOORBEELDEN_VISIE["minimaal"]},
    "visie_maximaal": {"maximaal": VOORBEELDEN_VISIE["maximaal"]},
    "governance_toelichting": GOVERNANCE,
}
