"""Starting sets and guidance of the integraal veiligheidsplan, in Kapstok's own words.

The facts (the five veiligheidsvelden and their themes, the cross-cutting themes of Kernbeleid
Veiligheid 2021, the six steps, the CCV checklist sections, the BBV beleidsindicatoren) follow
VNG, CCV and CBS; every sentence here is written for Kapstok. Plain data: the services seed a
gemeente from it, the pages show it as help.
"""

from __future__ import annotations

from dataclasses import dataclass

from organisations.models import Thema as EigenaarThema

# --- velden and themes ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemaInhoud:
    code: str
    naam: str
    omschrijving: str
    rol_gemeente: str
    partners: str
    maatregelen: str


@dataclass(frozen=True)
class VeldInhoud:
    nummer: int
    naam: str
    eigenaar_thema: str | None
    themas: tuple[ThemaInhoud, ...]


VELDEN: tuple[VeldInhoud, ...] = (
    VeldInhoud(
        1,
        "Veilige woon- en leefomgeving",
        EigenaarThema.WOON_LEEFOMGEVING,
        (
            ThemaInhoud(
                "1.1",
                "Sociale kwaliteit",
                "Overlast tussen buren, van mensen met verward gedrag, van verslaafden of daklozen, en intimidatie.",
                "Regisseur: brengt zorg, wonen en handhaving bij elkaar en zet bestuurlijke instrumenten in.",
                "Politie, woningcorporaties, GGD en zorgpartners, buurtbemiddeling, wijkteams.",
                "Buurtbemiddeling, een meldpunt voor zorgwekkend gedrag, een persoonsgerichte aanpak, "
                "gedragsaanwijzingen en sluiting van panden bij overlast.",
            ),
            ThemaInhoud(
                "1.2",
                "Fysieke kwaliteit",
                "Vernieling, graffiti, zwerfvuil en verloedering van de openbare ruimte.",
                "Eigenaar van de openbare ruimte: beheer, onderhoud en toezicht door boa's.",
                "Politie, woningcorporaties, bewonersorganisaties.",
                "Snel herstel en schoonmaak, verlichting, cameratoezicht waar nodig, schouwen met bewoners.",
            ),
            ThemaInhoud(
                "1.3",
                "Veelvoorkomende criminaliteit",
                "Woninginbraak, fietsdiefstal, geweld, straatroof en andere high impact crimes.",
                "Partner en aanjager: preventie, voorlichting en de verbinding tussen politie en inwoners.",
                "Politie, Openbaar Ministerie, Slachtofferhulp, buurtpreventie-teams.",
                "Preventieadvies en het politiekeurmerk voor woningen, buurtpreventie en WhatsApp-groepen, "
                "gerichte voorlichting na een inbraakgolf.",
            ),
            ThemaInhoud(
                "1.4",
                "Veiligheidsgevoel",
                "Hoe veilig inwoners zich voelen in hun buurt, los van de geregistreerde criminaliteit.",
                "Luisteraar en communicator: de beleving serieus nemen en uitleggen wat er gebeurt.",
                "Politie, bewonersorganisaties, welzijnswerk.",
                "Buurtschouwen, zichtbare handhaving, communicatie over resultaten, aanpak van donkere plekken.",
            ),
        ),
    ),
    VeldInhoud(
        2,
        "Bedrijvigheid en veiligheid",
        EigenaarThema.BEDRIJVIGHEID,
        (
            ThemaInhoud(
                "2.1",
                "Veilig ondernemen en winkelgebieden",
                "Winkeldiefstal, overvallen en inbraak bij bedrijven in winkelgebieden.",
                "Partner van ondernemers: stimuleert samenwerking en het Keurmerk Veilig Ondernemen.",
                "Ondernemersverenigingen, politie, brandweer, Centrum voor Criminaliteitspreventie en Veiligheid.",
                "Keurmerk Veilig Ondernemen, collectieve beveiliging, winkelverbod, overvaltrainingen.",
            ),
            ThemaInhoud(
                "2.2",
                "Veilige bedrijventerreinen",
                "Inbraak, diefstal, brandstichting en misbruik van panden op bedrijventerreinen.",
                "Stimuleert parkmanagement en houdt zicht op wat er in de panden gebeurt.",
                "Parkmanagement, ondernemers, politie, brandweer, RIEC.",
                "Keurmerk Veilig Ondernemen voor bedrijventerreinen, collectieve beveiliging, integrale controles.",
            ),
            ThemaInhoud(
                "2.3",
                "Veilig uitgaan",
                "Geweld, overlast en drugsgebruik rond horeca en uitgaansgebieden.",
                "Vergunningverlener en handhaver (Alcoholwet, APV), regisseur van het uitgaansoverleg.",
                "Horecaondernemers, politie, GGD, portiers.",
                "Een horecaconvenant, collectieve horecaontzegging, toezicht op leeftijdsgrenzen, cameratoezicht.",
            ),
            ThemaInhoud(
                "2.4",
                "Veilige evenementen",
                "Veiligheid en overlast bij evenementen, groot en klein.",
                "Vergunningverlener: eist een veiligheidsplan en stemt af met de hulpdiensten.",
                "Organisatoren, politie, brandweer, GHOR, veiligheidsregio.",
                "Een evenementenbeleid met risicoscan, veiligheidsplannen, evaluatie na afloop.",
            ),
            ThemaInhoud(
                "2.5",
                "Veilig toerisme en recreatie",
                "Veiligheid op campings, recreatieparken, in natuurgebieden en op het water.",
                "Toezichthouder op vergunningen en op bewoning van recreatieparken.",
                "Recreatieondernemers, politie, brandweer, terreinbeheerders.",
                "Integrale controles op recreatieparken, toezicht door boa's, voorlichting aan bezoekers.",
            ),
        ),
    ),
    VeldInhoud(
        3,
        "Jeugd en veiligheid",
        EigenaarThema.JEUGD,
        (
            ThemaInhoud(
                "3.1",
                "Jeugdoverlast",
                "Hinderlijke of intimiderende groepen jongeren en overlast op hangplekken.",
                "Regisseur: verbindt jongerenwerk, politie en handhaving rond een groep of plek.",
                "Jongerenwerk, politie, scholen, ouders.",
                "Een groepsaanpak, jongerenwerk op straat, gesprekken met ouders, een alternatieve ontmoetingsplek.",
            ),
            ThemaInhoud(
                "3.2",
                "Jeugdcriminaliteit en risicojongeren",
                "Jongeren die strafbare feiten plegen of dreigen af te glijden, ook richting ondermijning.",
                "Regisseur van de persoonsgerichte aanpak en partner in het Zorg- en Veiligheidshuis.",
                "Politie, Openbaar Ministerie, Halt, Raad voor de Kinderbescherming, jeugdhulp, Zorg- en Veiligheidshuis.",
                "Een persoonsgerichte aanpak, Halt-afdoeningen, preventie van drugsronselen op scholen.",
            ),
            ThemaInhoud(
                "3.3",
                "Alcohol en drugs bij jongeren",
                "Alcohol- en drugsgebruik door jongeren en de gevolgen daarvan.",
                "Toezichthouder op de Alcoholwet en aanjager van preventie.",
                "GGD, verslavingszorg, scholen, sportverenigingen, horeca.",
                "Nalevingsonderzoek, voorlichting op scholen, afspraken met sportkantines.",
            ),
            ThemaInhoud(
                "3.4",
                "Veilig in en om de school",
                "Veiligheid in en rond schoolgebouwen, pesten, wapenbezit en verkeersveiligheid rond de school.",
                "Partner van de scholen: maakt afspraken over signalering en opvolging.",
                "Scholen, politie (schoolagent), leerplicht, jongerenwerk.",
                "Een convenant veilige school, een schoolagent, verkeersprojecten rond de school.",
            ),
        ),
    ),
    VeldInhoud(
        4,
        "Fysieke veiligheid",
        EigenaarThema.FYSIEKE_VEILIGHEID,
        (
            ThemaInhoud(
                "4.1",
                "Verkeersveiligheid",
                "Ongevallen, rijden onder invloed en gevaarlijk verkeersgedrag.",
                "Wegbeheerder: inrichting van wegen, en partner in handhaving en gedragscampagnes.",
                "Politie, Openbaar Ministerie, provincie, Veilig Verkeer Nederland, scholen.",
                "Herinrichting van gevaarlijke punten, snelheidscontroles, verkeerseducatie.",
            ),
            ThemaInhoud(
                "4.2",
                "Brandveiligheid",
                "Branden in woningen en gebouwen, en de brandveiligheid van bouwwerken.",
                "Bevoegd gezag voor het Besluit bouwwerken leefomgeving; partner in brandpreventie.",
                "Brandweer, veiligheidsregio, woningcorporaties, zorginstellingen.",
                "Toezicht op brandveilig gebruik, voorlichting over rookmelders, aandacht voor verminderd zelfredzamen.",
            ),
            ThemaInhoud(
                "4.3",
                "Externe veiligheid",
                "Risico's van opslag, productie en vervoer van gevaarlijke stoffen, en milieudelicten.",
                "Bevoegd gezag onder de Omgevingswet; weegt risico's in ruimtelijke plannen.",
                "Omgevingsdienst, veiligheidsregio, brandweer, bedrijven.",
                "Risicokaarten bijhouden, vergunningen en toezicht, afstand tussen risicobronnen en woningen.",
            ),
            ThemaInhoud(
                "4.4",
                "Rampenbestrijding en crisisbeheersing",
                "Voorbereiding op rampen en crises, samen met de veiligheidsregio.",
                "De burgemeester heeft het opperbevel; de gemeente zorgt voor bevolkingszorg.",
                "Veiligheidsregio, brandweer, GHOR, politie, waterschap.",
                "Crisisplannen, oefenen van de gemeentelijke crisisorganisatie, risicocommunicatie.",
            ),
        ),
    ),
    VeldInhoud(
        5,
        "Integriteit en veiligheid",
        EigenaarThema.INTEGRITEIT_VEILIGHEID,
        (
            ThemaInhoud(
                "5.1",
                "Polarisatie en radicalisering",
                "Spanningen tussen groepen, radicalisering en extremisme, discriminatie.",
                "Regisseur van het lokale netwerk dat signalen weegt en opvolgt.",
                "Politie, welzijnswerk, scholen, maatschappelijke organisaties, Rijksoverheid.",
                "Een signaleringsnetwerk, training van professionals, een casusoverleg radicalisering.",
            ),
            ThemaInhoud(
                "5.2",
                "Ondermijning en georganiseerde criminaliteit",
                "Vermenging van onder- en bovenwereld: drugs, mensenhandel, witwassen, misbruik van vastgoed.",
                "Eigen bestuurlijke aanpak: Wet Bibob, sluiting van panden, integrale controles; partner in het RIEC.",
                "RIEC, politie, Openbaar Ministerie, Belastingdienst, woningcorporaties.",
                "Bibob-beleid, een meldpunt en weerbaarheidstrainingen, barrièremodellen, integrale controles.",
            ),
            ThemaInhoud(
                "5.3",
                "Informatieveiligheid",
                "De veiligheid van de informatie en systemen van de gemeente zelf.",
                "Eigenaar: de gemeente beveiligt haar eigen informatie volgens de BIO.",
                "Informatiebeveiligingsdienst (IBD), leveranciers, ketenpartners.",
                "Zie het strategisch kader integrale beveiliging: doelen en uitgangspunten voor informatiebeveiliging.",
            ),
            ThemaInhoud(
                "5.4",
                "Veilige publieke taak",
                "Agressie en geweld tegen medewerkers en ambtsdragers.",
                "Werkgever: beschermt medewerkers en bestuurders en zorgt voor opvolging en nazorg.",
                "Politie, Openbaar Ministerie, Netwerk Weerbaar Bestuur.",
                "Een protocol agressie en geweld, trainingen, aangifte op naam van de werkgever.",
            ),
            ThemaInhoud(
                "5.5",
                "Bestuurlijke en ambtelijke integriteit",
                "De integriteit van bestuurders en medewerkers en de weerbaarheid van het bestuur.",
                "Werkgever en bestuursorgaan: basisnormen integriteit en een meldregeling.",
                "Vertrouwenspersonen, Huis voor Klokkenluiders, accountant.",
                "Een integriteitsbeleid, risicoanalyses van kwetsbare functies, een meldregeling.",
            ),
        ),
    ),
    VeldInhoud(
        6,
        "Dwarsdoorsnijdende thema's",
        None,
        (
            ThemaInhoud(
                "D.1",
                "Gedigitaliseerde criminaliteit",
                "Cybercrime en online fraude waarvan inwoners en ondernemers slachtoffer worden.",
                "Aanjager van preventie en bewustwording; de opsporing is aan politie en OM.",
                "Politie, Openbaar Ministerie, ondernemersverenigingen, bibliotheken, Fraudehelpdesk.",
                "Voorlichting aan kwetsbare groepen, een digitale wijkagent, weerbaarheid van ondernemers.",
            ),
            ThemaInhoud(
                "D.2",
                "Zorg en veiligheid",
                "Verward gedrag, huiselijk geweld en nazorg aan ex-gedetineerden: waar zorg en veiligheid elkaar raken.",
                "Regisseur van de persoonsgerichte aanpak en van het Zorg- en Veiligheidshuis.",
                "Zorg- en Veiligheidshuis, GGZ, Veilig Thuis, politie, reclassering.",
                "Een meldpunt niet-acuut zorgwekkend gedrag, casusoverleg, afspraken over nazorg.",
            ),
            ThemaInhoud(
                "D.3",
                "Informatiepositie",
                "Wat de gemeente weet van de veiligheid in haar gebied, en hoe zij informatie deelt met partners.",
                "Verzamelt en duidt informatie; zorgt voor een rechtmatige uitwisseling.",
                "Politie, RIEC, Zorg- en Veiligheidshuis, CBS.",
                "Een jaarlijks veiligheidsbeeld, convenanten voor gegevensdeling, analisten.",
            ),
            ThemaInhoud(
                "D.4",
                "Digitale veiligheid",
                "De gemeente zelf digitaal weerbaar, digitale ontwrichting als crisis, en de bestrijding van "
                "digitale criminaliteit.",
                "Eigenaar van de eigen weerbaarheid, burgemeester bij ontwrichting, partner bij criminaliteit.",
                "Informatiebeveiligingsdienst (IBD), veiligheidsregio, politie.",
                "Oefenen met digitale ontwrichting, de eigen informatiebeveiliging op orde, voorlichting.",
            ),
        ),
    ),
)


# --- the six steps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StapInhoud:
    key: str
    uitleg: str
    checklist: tuple[tuple[str, str], ...]  # (key, text)


STAPPEN: tuple[StapInhoud, ...] = (
    StapInhoud(
        "evaluatie_informatie",
        "Kijk terug op het vorige plan en verzamel wat u nodig hebt: de resultaten van de doelen, de "
        "evaluaties van de jaarprogramma's en de cijfers van politie, CBS en de Veiligheidsmonitor.",
        (
            ("startnotitie", "Een startnotitie voor de raad: afbakening, proces, rol van raad en partners."),
            ("evaluatie", "Het vorige plan en de uitvoeringsprogramma's geëvalueerd: wat ging goed, wat kan beter."),
            ("cijfers", "De cijfers van politie en CBS opgehaald of geüpload."),
            ("beleving", "De uitkomsten van de Veiligheidsmonitor of een eigen enquête verzameld."),
        ),
    ),
    StapInhoud(
        "probleemanalyse",
        "Duid de cijfers: welke problemen spelen er, waar, bij wie, en wat is het verhaal achter de cijfers? "
        "Vergelijk met de regio of vergelijkbare gemeenten en vraag partners om hun beeld.",
        (
            ("trends", "Per thema de trend en de vergelijking met een referentie bekeken."),
            ("verhaal", "Per thema het verhaal achter de cijfers beschreven."),
            ("partners", "Het beeld besproken met politie, OM, brandweer en andere partners."),
            ("raad", "Een sessie met de raad over het veiligheidsbeeld gehouden."),
        ),
    ),
    StapInhoud(
        "prioriteiten",
        "Kies een beperkt aantal prioriteiten. Scoor de thema's op omvang, ernst, trend, beleving en "
        "beïnvloedbaarheid en onderbouw elke keuze.",
        (
            ("scores", "Alle thema's gescoord."),
            ("niveaus", "Per thema het niveau gekozen en onderbouwd."),
            ("afstemming", "Afgestemd met buurgemeenten, het basisteam en het regionale beleidsplan van de politie."),
        ),
    ),
    StapInhoud(
        "aanpak",
        "Werk per prioriteit SMART-doelen uit en beschrijf de aanpak op hoofdlijnen: rol van de gemeente, "
        "partners, instrumenten, organisatie en budget.",
        (
            ("doelen", "Per prioriteit SMART-doelen met indicator, nulmeting en streefwaarde."),
            ("aanpak", "Per prioriteit de aanpak en de partners beschreven."),
            ("budget", "Organisatie, regie en budget beschreven."),
            ("besluit", "Het plan via het college aan de raad aangeboden (Politiewet art. 38b)."),
        ),
    ),
    StapInhoud(
        "uitvoering",
        "Zet het plan om in een jaarlijks uitvoeringsprogramma met acties, eigenaren, partners, planning en "
        "budget, en houd de voortgang bij met de partners.",
        (
            ("programma", "Een uitvoeringsprogramma voor dit jaar opgesteld."),
            ("partners", "De acties met de partners afgestemd (bilateraal en in een gezamenlijke sessie)."),
            ("college", "Het uitvoeringsprogramma door het college vastgesteld."),
            ("voortgang", "De voortgang van de acties is dit kwartaal bijgewerkt."),
        ),
    ),
    StapInhoud(
        "evaluatie",
        "Meet jaarlijks of de doelen dichterbij komen, rapporteer aan college en raad, stel bij, en neem de "
        "resultaten mee in het volgende plan.",
        (
            ("rapportage", "Een voortgangsrapportage voor college en raad gemaakt."),
            ("tussentijds", "Een tussentijdse evaluatie gehouden."),
            ("eind", "Een eindevaluatie gehouden als basis voor het volgende plan."),
        ),
    ),
)


# --- the analysis -----------------------------------------------------------------------------

# BBV beleidsindicatoren for veiligheid: a ready starting set (source CBS, Waarstaatjegemeente).
# (key, theme code, name, unit)
BBV_INDICATOREN: tuple[tuple[str, str, str, str], ...] = (
    ("halt", "3.2", "Verwijzingen Halt", "per 10.000 jongeren van 12–17 jaar"),
    ("winkeldiefstal", "2.1", "Winkeldiefstallen", "per 1.000 inwoners"),
    ("geweld", "1.3", "Geweldsmisdrijven", "per 1.000 inwoners"),
    ("woninginbraak", "1.3", "Diefstallen uit woning", "per 1.000 inwoners"),
    ("vernieling", "1.2", "Vernielingen en beschadigingen in de openbare ruimte", "per 1.000 inwoners"),
)
BBV_BRON = "CBS, beleidsindicatoren BBV (Waarstaatjegemeente)"

# Veiligheidsmonitor: the subjective side. (key, theme code, name, unit, lower is better)
VEILIGHEIDSMONITOR: tuple[tuple[str, str, str, str, bool], ...] = (
    ("onveilig-buurt", "1.4", "Voelt zich weleens onveilig in de eigen buurt", "%", True),
    ("overlast-sociaal", "1.1", "Ervaart sociale overlast in de buurt", "%", True),
    ("overlast-fysiek", "1.2", "Ervaart fysieke verloedering in de buurt", "%", True),
    ("slachtoffer", "1.3", "Slachtoffer van traditionele criminaliteit", "%", True),
    ("slachtoffer-online", "D.1", "Slachtoffer van online criminaliteit", "%", True),
)
VEILIGHEIDSMONITOR_BRON = "CBS, Veiligheidsmonitor (tabel 85146NED)"

# The default mapping of the police crime codes (SoortMisdrijf) to themes; a code not listed
# (such as the total) stays unmapped until the gemeente chooses. Editable per gemeente.
MISDRIJF_THEMA: dict[str, str] = {
    **dict.fromkeys(["1.1.1", "1.1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.5.2", "1.6.2"], "1.3"),
    **dict.fromkeys(["1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "3.2.1", "3.2.2"], "1.3"),
    "1.4.7": "2.1",
    "2.5.1": "2.1",
    "2.5.2": "2.1",
    **dict.fromkeys(["1.3.1", "3.3.2", "3.3.5", "3.4.2", "3.5.2", "3.5.5"], "4.1"),
    "1.6.1": "4.2",
    **dict.fromkeys(
        ["2.6.1", "2.6.2", "2.6.3", "2.6.4", "2.6.5", "2.6.7", "2.6.8", "2.6.9", "2.6.10", "2.6.11", "2.6.12"], "4.3"
    ),
    **dict.fromkeys(["2.6.13", "2.6.14"], "4.3"),
    **dict.fromkeys(["2.1.1", "2.4.1", "2.4.2", "2.7.2", "2.7.3", "3.6.4"], "1.1"),
    "2.2.1": "1.2",
    **dict.fromkeys(["1.6.3", "3.1.1", "3.1.2", "3.1.3"], "5.2"),
    "3.7.1": "5.1",
    **dict.fromkeys(["3.7.4", "3.9.1", "3.9.3"], "D.1"),
    "3.9.2": "5.2",
}
OVERLAST_THEMA: dict[str, str] = {
    "E33": "D.2",
    "E35": "3.1",
    "E38": "1.1",
    "E41": "1.1",
    "F010": "1.1",
    "M061": "2.3",
    "M062": "2.4",
    "M22": "1.1",
}


# --- the CCV checklist ------------------------------------------------------------------------

# The sections of the CCV checklist for an IVP; ivp.checklist holds the checks of each.
CCV_SECTIES: tuple[tuple[str, str], ...] = (
    ("afbakening", "Afbakening, structuur en leesbaarheid"),
    ("evaluatie_vorige", "Evaluatie van de vorige periode"),
    ("analyse", "Veiligheidsanalyse"),
    ("prioriteiten", "Lokale prioriteiten"),
    ("doelen", "Doelen"),
    ("aanpak", "Aanpak"),
    ("organisatie", "Organisatie en budget"),
    ("evaluatie", "Evaluatie"),
)

# More priorities than this and focus is lost.
MAX_PRIORITEITEN = 5
FOCUS_WAARSCHUWING = (
    "U hebt {n} prioriteiten gekozen. Een plan met meer dan {max} prioriteiten verliest focus: extra inzet en "
    "geld raken verdeeld, partners weten niet meer wat voorgaat en de raad kan minder goed sturen. Overweeg "
    "thema's als overig strategisch thema of op beheersniveau op te nemen."
)
