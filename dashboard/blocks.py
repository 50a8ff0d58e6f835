"""The blocks of the start page: per capability, what a member needs to act on today.

The start page calls every function in :data:`BLOCKS` with the active membership. Each returns a
:class:`Block` (a heading, items, small tables of numbers, links, and the template that renders
it), or None when the member's role may not see that capability (``lib.permissions.allowed``). A
block is built from a documented read function of the capability itself
(``kader.progress.standing``, ``risicos.stand``, ``ivp.programma.koers``, ``acties.stand``,
``incidenten.stand``, ``pdca.stand``, ``oefenen.stand``, ``quickscan.stand``,
``audit.history.newest_actions``): the capability knows nothing of the
dashboard, the dashboard reads it (docs/adr/0007-layers.md).

A later capability adds its block like this:

1. its own app offers a read function with a fixed number of queries, documented there;
2. a function ``<capability>_block(membership) -> Block | None`` here returns None for roles
   without its view capability and turns that data into items, tables and links (Dutch texts);
3. it joins :data:`BLOCKS` where the page should show it, and its queries join the budget of
   ``dashboard:home`` in tests/test_query_budgets.py.

The shared template renders a short intro, a list (one level of sub-items), tables (a label that
may link, and a number) and links; a block that needs more names a template of its own in
``templates/dashboard/blocks/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode

from acties import stand as actie_stand
from audit.history import newest_actions, summarise_actions
from incidenten import stand as incident_stand
from incidenten.rode_draden import scope
from ivp import programma as plan_koers
from kader import progress
from kader.models import KaderVersie, Status
from lib.permissions import allowed
from oefenen import stand as oefen_stand
from organisations.models import Membership
from pdca import stand as pdca_stand
from quickscan import stand as scan_stand
from risicos import stand as risico_stand

RECENT_CHANGES = 5  # changes shown in the block "Recente wijzigingen"
OPEN_POINTS = 5  # open points of the next step shown before "and N more"
STAAF = 120  # the longest bar in a block's table, in pixels


@dataclass(frozen=True)
class Link:
    """A link under a block; ``post`` makes it a button that posts to ``url`` (an action)."""

    text: str
    url: str
    post: bool = False


@dataclass(frozen=True)
class Item:
    """One line of a block: ``text`` (a link when ``url`` is set), a plain ``note`` after it."""

    text: str
    url: str = ""
    note: str = ""
    items: tuple[Item, ...] = ()  # a list under this line


@dataclass(frozen=True)
class Rij:
    """A row of a block's table: a label (a link when ``url`` is set) and a number."""

    label: str
    aantal: float  # a count, or a value on a scale (:attr:`Tabel.schaal`)
    url: str = ""
    kleur: str = ""  # the colour of a risk level, shown as a square beside the label
    tekst: str = ""  # how the number reads, when not as is ("2,4"; "nog niet gemeten")


@dataclass(frozen=True)
class Tabel:
    """A small table of numbers in a block: a caption, the two column headings and the rows."""

    caption: str
    kolom: str
    waarde: str
    rijen: tuple[Rij, ...]
    schaal: float | None = None  # the top of the scale (a level of 1 to 5); else the largest number

    @property
    def staven(self) -> list[tuple[Rij, int]]:
        """Each row with the length of its bar (0 to :data:`STAAF` pixels, the top of the scale or the
        largest number the longest): the chart beside the numbers, which stay the text every reader gets."""
        hoogste = self.schaal or max((rij.aantal for rij in self.rijen), default=0)
        return [(rij, round(STAAF * rij.aantal / hoogste) if hoogste else 0) for rij in self.rijen]


@dataclass(frozen=True)
class Block:
    slug: str  # the id of its heading
    heading: str
    items: list[Item] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    intro: str = ""
    template: str = "dashboard/blocks/block.html"
    tables: tuple[Tabel, ...] = ()


def _date(value: dt.date) -> str:
    return date_format(value, "j F Y")


def _open_points(n: int) -> str:
    return f"{n} open punt{'en' if n != 1 else ''}"


# --- strategisch kader ------------------------------------------------------------------------


def _concept(versie: KaderVersie) -> tuple[list[Item], list[Link]]:
    """How far a concept is, its next step with the open points to fix, or the offer to submit it."""
    states = progress.steps(versie)
    complete = sum(1 for state in states if state.complete)
    summary = Item(
        f"Versie {versie.nummer} (concept)",
        versie.get_absolute_url(),
        f"{complete} van {len(states)} stappen compleet.",
    )
    volgende = progress.next_step(states)
    if volgende is None:
        submit = reverse("kader:submit", kwargs={"pk": versie.pk})
        return [summary], [Link(f"Versie {versie.nummer} ter besluitvorming aanbieden", submit, post=True)]
    url = reverse("kader:step", kwargs={"pk": versie.pk, "stap": volgende.stap.key})
    points = volgende.open_points
    if points:
        note = f"{_open_points(len(points))}."
    else:
        note = f"hoofdactiviteiten afvinken ({volgende.gedaan} van {volgende.totaal} gedaan)."
    shown = [Item(point.text, f"{url}#{point.anchor}") for point in points[:OPEN_POINTS]]
    if len(points) > OPEN_POINTS:
        shown.append(Item(f"Nog {_open_points(len(points) - OPEN_POINTS)} bij {volgende.stap.titel}", url))
    return [summary, Item(f"Volgende stap: {volgende.stap.titel}", url, note, tuple(shown))], []


def _open_item(versie: KaderVersie) -> Item:
    if versie.status == Status.TER_BESLUITVORMING:
        since = f"aangeboden op {_date(timezone.localdate(versie.ingediend_op))}; " if versie.ingediend_op else ""
        return Item(
            f"Versie {versie.nummer} (ter besluitvorming)",
            versie.get_absolute_url(),
            f"{since}wacht op de vaststelling.",
        )
    return Item(
        f"Versie {versie.nummer} (concept)",
        versie.get_absolute_url(),
        "wordt opgesteld door de coördinator en de thema-eigenaren.",
    )


def _adopted_item(versie: KaderVersie) -> Item:
    on = f" op {_date(versie.vastgesteld_op)}" if versie.vastgesteld_op else ""
    note = f"vastgesteld{on} door {versie.vastgesteld_door}."
    return Item(f"Versie {versie.nummer} (geldend)", versie.get_absolute_url(), note)


def kader_block(membership: Membership) -> Block | None:
    """The open and the adopted version; editors get the next step, adopters the vaststelling."""
    role = membership.role
    if not allowed("kader.view", role=role):
        return None
    now = progress.standing(membership)
    overview = Link("Alle versies en stappen van het strategisch kader", reverse("kader:overview"))
    if not now.started:
        if allowed("kader.edit", role=role):
            intro = "Er is nog geen strategisch kader. U stelt het op in vijf stappen, met voorbeelden bij elke stap."
            return Block(
                "kader",
                "Strategisch kader",
                intro=intro,
                links=[Link("Kader starten", reverse("kader:start"), post=True)],
            )
        return Block("kader", "Strategisch kader", intro="Er is nog geen strategisch kader; een coördinator start het.")
    items: list[Item] = []
    links: list[Link] = []
    if now.open is not None:
        if now.open.status == Status.CONCEPT and allowed("kader.edit", role=role):
            items, links = _concept(now.open)
        else:
            items.append(_open_item(now.open))
        if now.open.status == Status.TER_BESLUITVORMING and allowed("kader.adopt", role=role):
            links.append(
                Link(
                    f"Vaststelling van versie {now.open.nummer} vastleggen",
                    reverse("kader:adopt", kwargs={"pk": now.open.pk}),
                )
            )
    if now.adopted is not None:
        items.append(_adopted_item(now.adopted))
    return Block("kader", "Strategisch kader", items, [*links, overview])


# --- risks, measures, actions, incidents ------------------------------------------------------------


def _aantal(n: int, een: str, meer: str) -> str:
    return f"{n} {een if n == 1 else meer}"


def risicos_block(membership: Membership) -> Block | None:
    """Risks per level of the current matrix, late and asked-for reviews, expiring acceptances and
    measures per status (risicos.stand), each number linking to the filtered list behind it."""
    if not allowed("risicos.view", role=membership.role):
        return None
    now = risico_stand.stand(membership, timezone.localdate())
    overview = Link("Naar het risicoregister", reverse("risicos:overzicht"))
    if not now.started:
        return Block(
            "risicos", "Risico's en maatregelen", intro="Het risicoregister is nog niet ingericht.", links=[overview]
        )
    register = reverse("risicos:risicos")
    maatregelen = reverse("risicos:maatregelen")
    items = [
        Item(
            _aantal(
                now.te_laat, "risico waarvan de beoordeling te laat is", "risico's waarvan de beoordeling te laat is"
            ),
            f"{register}?review=te-laat" if now.te_laat else "",
        ),
        Item(
            _aantal(
                now.opnieuw,
                "risico dat opnieuw beoordeeld moet worden",
                "risico's die opnieuw beoordeeld moeten worden",
            ),
            f"{register}?review=opnieuw" if now.opnieuw else "",
        ),
        Item(
            f"1 acceptatie die verlopen is of binnen {risico_stand.ACCEPTATIE_DAGEN} dagen verloopt"
            if now.acceptaties == 1
            else f"{now.acceptaties} acceptaties die verlopen zijn of binnen {risico_stand.ACCEPTATIE_DAGEN} dagen verlopen"
        ),
    ]
    tables = (
        Tabel(
            "Risico's per niveau (netto, anders bruto): " + _aantal(now.risicos, "risico", "risico's"),
            "Niveau",
            "Risico's",
            tuple(Rij(n.naam, n.aantal, f"{register}?niveau={n.index}", n.kleur) for n in reversed(now.niveaus)),
        ),
        Tabel(
            "Maatregelen per status",
            "Status",
            "Maatregelen",
            tuple(Rij(label.capitalize(), n, f"{maatregelen}?status={value}") for value, label, n in now.maatregelen),
        ),
    )
    return Block("risicos", "Risico's en maatregelen", items, [overview], tables=tables)


def acties_block(membership: Membership) -> Block | None:
    """The running actions the member reads and the late ones (acties.stand)."""
    if not allowed("acties.view", role=membership.role):
        return None
    now = actie_stand.stand(membership, timezone.localdate())
    lijst = reverse("acties:lijst")
    items = [
        Item(_aantal(now.lopend, "lopende actie", "lopende acties"), lijst if now.lopend else ""),
        Item(
            _aantal(now.te_laat, "actie is te laat", "acties zijn te laat"),
            f"{lijst}?te_laat=on" if now.te_laat else "",
        ),
    ]
    return Block(
        "acties", "Verbeteracties", items, [Link("Alle acties", lijst), Link("Mijn acties", reverse("acties:mijn"))]
    )


def incidenten_block(membership: Membership) -> Block | None:
    """The reports of the last twelve whole months against the twelve before (incidenten.stand)."""
    if not allowed("incidenten.view", role=membership.role):
        return None
    now = incident_stand.trend(membership, timezone.localdate())
    rode_draden = reverse("incidenten:rode_draden")
    periode = f"?van={now.periode.van.isoformat()}&tot={now.periode.tot.isoformat()}"
    verschil = now.nu - now.toen
    if verschil == 0:
        vergelijking = f"evenveel als in de twaalf maanden ervoor ({now.toen})"
    else:
        vergelijking = (
            f"{abs(verschil)} {'meer' if verschil > 0 else 'minder'} dan in de twaalf maanden ervoor ({now.toen})"
        )
    intro = (
        f"{scope(membership)} {_aantal(now.nu, 'incident', 'incidenten')} in {now.periode.label}, {vergelijking}; "
        f"daarvan {_aantal(now.ernstig, 'was', 'waren')} ernstig of zeer ernstig."
    )
    table = Tabel(
        "Incidenten per periode van twaalf maanden",
        "Periode",
        "Incidenten",
        (Rij(now.periode.label, now.nu, f"{rode_draden}{periode}"), Rij(now.periode.vorige().label, now.toen)),
    )
    links = [
        Link("Rode draden van de laatste twaalf maanden", f"{rode_draden}{periode}"),
        Link("Alle incidenten", reverse("incidenten:lijst")),
    ]
    return Block("incidenten", "Incidenten", intro=intro, links=links, tables=(table,))


def ivp_block(membership: Membership) -> Block | None:
    """Whether the veiligheidsplan's goals are on track and how many actions of its programme are late
    (ivp.programma.koers); the numbers link to the monitoring."""
    if not allowed("ivp.view", role=membership.role):
        return None
    now = plan_koers.koers(membership, timezone.localdate())
    monitoring = reverse("ivp:monitoring")
    if now.plan is None:
        return Block(
            "ivp",
            "Integraal veiligheidsplan",
            intro="Er is nog geen veiligheidsplan.",
            links=[Link("Naar het veiligheidsplan", reverse("ivp:overzicht"))],
        )
    items = []
    if now.programma is not None:
        items = [
            Item(
                f"{_aantal(now.te_laat, 'actie', 'acties')} van het uitvoeringsprogramma {now.programma.jaar} "
                f"{'is' if now.te_laat == 1 else 'zijn'} te laat (van {now.acties})",
                monitoring if now.te_laat else "",
            )
        ]
    table = Tabel(
        f"Doelen van het veiligheidsplan {now.plan.startjaar}–{now.plan.eindjaar}",
        "Doelen",
        "Aantal",
        tuple(Rij(label, n, monitoring if n else "") for label, n in now.doelen),
    )
    return Block(
        "ivp",
        "Integraal veiligheidsplan",
        items,
        [Link("Naar de monitoring", monitoring)],
        tables=(table,),
    )


# --- PDCA, exercises, maturity --------------------------------------------------------------------


def pdca_block(membership: Membership) -> Block | None:
    """This year's PDCA cycle per phase: done against what is not cancelled, the late ones and the next
    activity (pdca.stand)."""
    if not allowed("pdca.view", role=membership.role):
        return None
    jaar = timezone.localdate().year
    now = pdca_stand.jaar_stand(membership, jaar)
    kalender = f"{reverse('pdca:kalender')}?{urlencode({'jaar': jaar})}"
    if not any(fase.totaal for fase in now.fasen):
        return Block(
            "pdca",
            "PDCA-cyclus",
            intro=f"Voor {jaar} staan nog geen activiteiten in de jaarkalender.",
            links=[Link("Naar de jaarkalender", kalender)],
        )
    uitgevoerd, totaal = sum(f.uitgevoerd for f in now.fasen), sum(f.totaal for f in now.fasen)
    items = [
        Item(
            _aantal(now.te_laat, "activiteit is te laat", "activiteiten zijn te laat"), kalender if now.te_laat else ""
        )
    ]
    if now.volgende is not None:
        items.append(
            Item(f"Volgende: {now.volgende.titel}", now.volgende.url, f"gepland op {_date(now.volgende.datum)}.")
        )
    table = Tabel(
        f"Activiteiten {jaar} per fase: uitgevoerd van gepland",
        "Fase",
        "Uitgevoerd",
        tuple(Rij(f.label, f.uitgevoerd, kalender, tekst=f"{f.uitgevoerd} van {f.totaal}") for f in now.fasen),
        schaal=max(f.totaal for f in now.fasen),
    )
    intro = f"In {jaar} {'is' if uitgevoerd == 1 else 'zijn'} {uitgevoerd} van de {totaal} activiteiten uitgevoerd."
    return Block("pdca", "PDCA-cyclus", items, [Link("Naar de jaarkalender", kalender)], intro, tables=(table,))


def oefenen_block(membership: Membership) -> Block | None:
    """This year's exercises and tests, done against planned, and the share of employees who took part in
    awareness (oefenen.stand)."""
    if not allowed("oefenen.view", role=membership.role):
        return None
    jaar = timezone.localdate().year
    now = oefen_stand.uitvoering(membership, jaar)
    programma = reverse("oefenen:programma")
    bewustwording = f"{reverse('oefenen:bewustwording')}?{urlencode({'jaar': jaar})}"

    def lijst(**filters: str) -> str:
        query: dict[str, str | int] = {"jaar": jaar, **filters}
        return f"{programma}?{urlencode(query)}"

    gepland = now.uitgevoerd + now.gepland
    if now.bereik is None:
        deelname = Item(f"Voor {jaar} is nog geen deelname aan bewustwording vastgelegd.", bewustwording)
    else:
        afdelingen = (
            _aantal(now.afdelingen_onder, "afdeling heeft", "afdelingen hebben") + " nog niet iedereen bereikt"
            if now.afdelingen_onder
            else "iedereen heeft meegedaan"
        )
        deelname = Item(
            f"{now.percentage} % van de medewerkers deed in {jaar} mee aan bewustwording",
            bewustwording,
            f"{now.deelgenomen} van de {now.medewerkers}; {afdelingen}.",
        )
    items = [
        Item(
            _aantal(now.te_laat, "oefening of test is te laat", "oefeningen of tests zijn te laat"),
            lijst(teLaat="true") if now.te_laat else "",
        ),
        deelname,
    ]
    table = Tabel(
        f"Oefeningen en tests {jaar}: {now.uitgevoerd} van {gepland} uitgevoerd",
        "Status",
        "Aantal",
        (
            Rij("Uitgevoerd", now.uitgevoerd, lijst(status="uitgevoerd")),
            Rij("Nog gepland", now.gepland, lijst(status="gepland")),
            Rij("Vervallen", now.vervallen, lijst(status="vervallen")),
        ),
    )
    links = [Link("Naar het meerjarenprogramma", programma), Link("Bewustwording en deelname", bewustwording)]
    return Block("oefenen", "Trainen, oefenen en testen", items, links, tables=(table,))


def quickscan_block(membership: Membership) -> Block | None:
    """The maturity of the latest completed quickscan per theme, with the change against the one before
    (quickscan.stand)."""
    if not allowed("quickscan.view", role=membership.role):
        return None
    now = scan_stand.volwassenheid(membership)
    overzicht = Link("Alle quickscans", reverse("quickscan:overzicht"))
    if now is None:
        return Block("volwassenheid", "Volwassenheid", intro="Er is nog geen afgeronde quickscan.", links=[overzicht])
    vergeleken = f", {now.verschil} ten opzichte van {now.vorige_titel}" if now.verschil and now.vorige_titel else ""
    intro = f"{now.titel} ({_date(now.peildatum)}): gemiddeld niveau {now.tekst} van 5{vergeleken}."
    table = Tabel(
        "Gemiddeld niveau per thema (1 tot en met 5)",
        "Thema",
        "Niveau",
        tuple(
            Rij(
                t.label,
                float(t.gemiddelde or 0),
                tekst=f"{t.tekst} ({t.verschil})" if t.verschil else t.tekst,
            )
            for t in now.themas
        ),
        schaal=5,
    )
    links = [
        Link(f"Naar {now.titel}", now.url),
        Link("Ontwikkeling door de tijd", reverse("quickscan:ontwikkeling")),
        overzicht,
    ]
    return Block("volwassenheid", "Volwassenheid", intro=intro, links=links, tables=(table,))


# --- recent changes ---------------------------------------------------------------------------


def history_block(membership: Membership) -> Block | None:
    """The last actions in the gemeente (who did what), each linking to its changes (audit.history)."""
    if not allowed("history.view", role=membership.role):
        return None
    history = reverse("audit:history")
    items = []
    for action in summarise_actions(membership, list(newest_actions(membership)[:RECENT_CHANGES])):
        changes = "1 wijziging" if action.count == 1 else f"{action.count} wijzigingen"
        note = f"{action.actor.name}, {_date(action.at)} om {date_format(action.at, 'H:i')} ({changes})."
        url = f"{history}?{urlencode({'handeling': action.context_id})}" if action.context_id else history
        items.append(Item(action.description, url, note))
    intro = "" if items else "Er zijn nog geen wijzigingen vastgelegd."
    return Block("wijzigingen", "Recente wijzigingen", items, [Link("Alle wijzigingen in de historie", history)], intro)


# --- roles without a register of their own ----------------------------------------------------------

WELCOME = {
    "melder": (
        "Als melder meldt u hier incidenten, zoals agressie tegen een collega, een inbraak of een datalek, "
        "en volgt u wat er met uw eigen meldingen gebeurt. Acties die aan u zijn toegewezen, vindt u bij Mijn acties."
    ),
    "ketenpartner": (
        "Als ketenpartner ziet u hier het integraal veiligheidsplan van de gemeente en werkt u de voortgang bij "
        "van de acties die aan uw organisatie zijn toegewezen."
    ),
}
# Where each of those roles starts: (link text, URL name).
WELCOME_LINKS = {
    "melder": (
        ("Incident melden", "incidenten:melden"),
        ("Mijn meldingen", "incidenten:mijn"),
        ("Mijn acties", "acties:mijn"),
    ),
    "ketenpartner": (("Het integraal veiligheidsplan", "ivp:overzicht"),),
}


def welcome_block(membership: Membership) -> Block | None:
    """What a melder or ketenpartner can do here, with a link to each."""
    text = WELCOME.get(membership.role)
    if text is None:
        return None
    links = [Link(label, reverse(name)) for label, name in WELCOME_LINKS[membership.role]]
    account = Link("Uw account en tweestapsverificatie", reverse("accounts:profile"))
    return Block("welkom", "Wat u hier kunt doen", intro=text, links=[*links, account])


BLOCKS: list[Callable[[Membership], Block | None]] = [
    kader_block,
    risicos_block,
    ivp_block,
    acties_block,
    incidenten_block,
    pdca_block,
    oefenen_block,
    quickscan_block,
    history_block,
    welcome_block,
]


def blocks_for(membership: Membership) -> list[Block]:
    """The blocks the member may see, in the order of :data:`BLOCKS`."""
    return [block for make in BLOCKS if (block := make(membership)) is not None]
