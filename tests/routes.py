"""The inventory of every HTML route, for the isolation, role and query-budget sweeps.

A new URL pattern must be known here: either it takes no object (and then the sweeps open it
directly), or ``OBJECT_FOR`` says which object of gemeente A fills its parameters, or it is in
``EXEMPT`` with a reason. The sweeps fail on any route that is none of these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from acties.tests import world as acties_world
from bijeenkomsten.tests import world as bijeenkomsten_world
from incidenten.tests import world as incidenten_world
from ivp.tests import objects_analyse, objects_import, objects_themas, programma_world
from oefenen.tests import world as oefenen_world
from pdca.tests import world as pdca_world
from quickscan.tests import world as quickscan_world
from risicos.tests import spreadsheet_world as risicos_sheets
from risicos.tests import world as risicos_world

# Routes the sweeps do not open, with the reason.
EXEMPT: dict[str, str] = {
    "api:*": "the API is swept operation by operation in tests/test_api_sweep.py",
    "accounts:accept_invitation": "takes a secret invitation code, not an object id; tested in accounts/tests",
    "accessibility": "public static page",
}


@dataclass(frozen=True)
class Route:
    name: str  # namespaced url name
    params: tuple[str, ...]
    view: Any

    @property
    def capability(self) -> str | None:
        return getattr(self.view, "capability", None)

    def url(self, **kwargs: Any) -> str:
        return reverse(self.name, kwargs=kwargs or None)


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            if not entry.name:
                continue
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            params = tuple(entry.pattern.converters) if hasattr(entry.pattern, "converters") else ()
            yield Route(name=name, params=params, view=entry.callback)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def is_exempt(route: Route) -> bool:
    return route.name in EXEMPT or any(key.endswith(":*") and route.name.startswith(key[:-1]) for key in EXEMPT)


def swept_routes() -> list[Route]:
    return [r for r in all_routes() if not is_exempt(r)]


def _first_activity(personas: Any) -> Any:
    """The first main activity of gemeente A's kader (step visie)."""
    from kader.models import StapActiviteit
    from lib import tenancy

    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return StapActiviteit.objects.filter(versie=versie).order_by("volgorde").values_list("pk", flat=True)[0]


def _first_doel(personas: Any) -> Any:
    """The first beveiligingsdoel of gemeente A's kader."""
    from kader.models import Doel
    from lib import tenancy

    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Doel.objects.filter(versie=versie).order_by("volgorde").values_list("pk", flat=True)[0]


def _first_uitgangspunt(personas: Any) -> Any:
    """An uitgangspunt of gemeente A's kader (the examples of one group, adopted once)."""
    from kader import services
    from kader.models import Uitgangspunt
    from lib import tenancy

    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        punt = Uitgangspunt.objects.filter(versie=versie).order_by("groep", "volgorde").first()
        if punt is None:
            punt = services.adopt_example_uitgangspunten(versie=versie, by=by, groep="beleid")[0]
        return punt.pk


def _first_mensgroep(personas: Any) -> Any:
    """The first group of people in the scope of gemeente A's kader."""
    from kader.models import Mensgroep
    from lib import tenancy

    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Mensgroep.objects.filter(versie=versie).order_by("volgorde").values_list("pk", flat=True)[0]


def _deelplan_with_file(personas: Any) -> Any:
    """A deelplan of gemeente A's kader with the plan stored as a PDF file (added once)."""
    from kader import services
    from kader.models import Deelplan
    from lib import tenancy

    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        plan = Deelplan.objects.filter(versie=versie, bestandsnaam__isnull=False).first()
        if plan is None:
            plan = services.add_part(
                model=Deelplan,
                versie=versie,
                by=by,
                bestand=("integriteit.pdf", b"%PDF-1.7\n%%EOF\n"),
                thema="integriteit",
                titel="Integriteitsbeleid",
                status="vastgesteld",
            )
        return plan.pk


def _running_taak(personas: Any) -> Any:
    """A background task of gemeente A, started by its coördinator and halfway (made once)."""
    from background.models import Achtergrondtaak, Status
    from lib import tenancy
    from tests import factories

    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        taak = Achtergrondtaak.objects.filter(soort="test.sweep").first()
    if taak is None:
        taak = factories.make_taak(
            personas.members["coordinator"],
            titel="Cijfers van de politie importeren",
            soort="test.sweep",
            status=Status.BEZIG,
            voortgang=3,
            totaal=8,
            stap="Regels controleren",
        )
    return taak.pk


def _documenten_programma(personas: Any) -> Any:
    """The uitvoeringsprogramma 2027 of gemeente A's plan (tests.factories.add_ivp)."""
    from ivp.models import Programma
    from lib import tenancy

    plan = personas.ivp_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Programma.objects.filter(plan=plan).values_list("pk", flat=True).get()


# url name -> function(personas, persona) returning the URL kwargs pointing at an object of
# gemeente A. ``persona`` is the role of whoever will open the URL: objects that belong to a
# person (their own API token) are that persona's own (gemeente A's coordinator's otherwise).
OBJECT_FOR: dict[str, Callable[[Any, str], dict[str, Any]]] = {
    "organisations:member_edit": lambda p, _: {"pk": p.members["melder"].pk},
    "organisations:member_remove": lambda p, _: {"pk": p.members["melder"].pk},
    "organisations:invitation_revoke": lambda p, _: {"pk": p.invitation_a.pk},
    "accounts:token_revoke": lambda p, who: {"pk": p.token_of(who if who in p.members else "coordinator").pk},
    "kader:step": lambda p, _: {"pk": p.kader_of().pk, "stap": "visie"},
    "kader:activity": lambda p, _: {"pk": _first_activity(p)},
    "kader:adopt_example": lambda p, _: {"pk": p.kader_of().pk},
    "kader:adopt_examples": lambda p, _: {"pk": p.kader_of().pk},
    "kader:new_version": lambda p, _: {"pk": p.kader_of().pk},
    "kader:submit": lambda p, _: {"pk": p.kader_of().pk},
    "kader:adopt": lambda p, _: {"pk": p.kader_of().pk},
    "kader:send_back": lambda p, _: {"pk": p.kader_of().pk},
    "kader:part_add": lambda p, _: {"pk": p.kader_of().pk, "part": "mensgroepen"},
    "kader:part_edit": lambda p, _: {"part": "mensgroepen", "pk": _first_mensgroep(p)},
    "kader:part_delete": lambda p, _: {"part": "mensgroepen", "pk": _first_mensgroep(p)},
    "kader:part_row": lambda p, _: {"part": "mensgroepen", "pk": _first_mensgroep(p)},
    "kader:deelplan_file": lambda p, _: {"pk": _deelplan_with_file(p)},
    "kader:document_docx": lambda p, _: {"pk": p.kader_of().pk},
    "kader:document_pdf": lambda p, _: {"pk": p.kader_of().pk},
    "background:taak": lambda p, _: {"pk": _running_taak(p)},
    # ivp: analyse
    "ivp:analyse_thema": lambda p, _: {"pk": objects_analyse.thema(p)},
    "ivp:indicator_add": lambda p, _: {"pk": objects_analyse.thema(p)},
    "ivp:indicator_edit": lambda p, _: {"pk": objects_analyse.indicator(p)},
    "ivp:indicator_delete": lambda p, _: {"pk": objects_analyse.indicator(p)},
    "ivp:meting_add": lambda p, _: {"pk": objects_analyse.indicator(p)},
    "ivp:indicator_gebieden": lambda p, _: {"pk": objects_analyse.geimporteerde_indicator(p)},
    "ivp:meting_delete": lambda p, _: {"pk": objects_analyse.meting(p)},
    # ivp: import
    "ivp:import_detail": lambda p, _: {"pk": objects_import.an_import(p)},
    "ivp:import_confirm": lambda p, _: {"pk": objects_import.an_import(p)},
    "ivp:import_cancel": lambda p, _: {"pk": objects_import.an_import(p)},
    # ivp: plan
    "ivp:plan": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:stap": lambda p, _: {"pk": p.ivp_of().pk, "stap": "evaluatie_informatie"},
    "ivp:checklist": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:submit": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:send_back": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:adopt": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:new_plan": lambda p, _: {"pk": p.ivp_of().pk},
    # ivp: themas
    "ivp:thema": lambda p, _: {"pk": objects_themas.thema(p)},
    "ivp:thema_link": lambda p, _: {"pk": objects_themas.thema(p)},
    "ivp:thema_unlink": lambda p, _: {"pk": objects_themas.koppeling(p)},
    "ivp:veld_edit": lambda p, _: {"pk": objects_themas.veld(p)},
    "ivp:thema_add": lambda p, _: {"pk": objects_themas.veld(p)},
    "ivp:prioriteiten": lambda p, _: {"pk": objects_themas.plan(p)},
    "ivp:gewichten": lambda p, _: {"pk": objects_themas.plan(p)},
    "ivp:prioritering_edit": lambda p, _: {"pk": objects_themas.prioritering(p)},
    "ivp:doelen": lambda p, _: {"pk": objects_themas.plan(p)},
    "ivp:doel_add": lambda p, _: {"pk": objects_themas.plan(p)},
    "ivp:doel_edit": lambda p, _: {"pk": objects_themas.doelstelling(p)},
    "ivp:doel_delete": lambda p, _: {"pk": objects_themas.doelstelling(p)},
    # ivp: programma (gemeente A's 2027 programme and the action of the ketenpartner's organisation, from
    # ivp/tests/programma_world.py)
    "ivp:programma": lambda p, _: {"pk": programma_world.programma_pk(p)},
    "ivp:programma_adopt": lambda p, _: {"pk": programma_world.programma_pk(p)},
    "ivp:programma_export": lambda p, _: {
        "pk": programma_world.programma_pk(p),
        "formaat": "xlsx",
    },
    "ivp:actie_add": lambda p, _: {"pk": programma_world.programma_pk(p)},
    "ivp:actie": lambda p, _: {"pk": programma_world.actie_pk(p)},
    "ivp:actie_delete": lambda p, _: {"pk": programma_world.actie_pk(p)},
    # ivp: documenten
    "ivp:document_docx": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:document_pdf": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:rapportage_docx": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:rapportage_pdf": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:infographic": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:infographic_svg": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:infographic_png": lambda p, _: {"pk": p.ivp_of().pk},
    "ivp:programma_docx": lambda p, _: {"pk": _documenten_programma(p)},
    "ivp:programma_pdf": lambda p, _: {"pk": _documenten_programma(p)},
    # bijeenkomsten: gemeente A's open session (bijeenkomsten/tests/world.py), its open question
    # of open input with one remark
    **{
        f"bijeenkomsten:{name}": lambda p, _: {"pk": bijeenkomsten_world.bijeenkomst_pk(p)}
        for name in (
            "detail",
            "edit",
            "copy",
            "open",
            "close",
            "qr",
            "vraag_add",
            "presentatie",
            "presentatie_stand",
            "resultaten",
        )
    },
    **{
        f"bijeenkomsten:{name}": lambda p, _: {"pk": bijeenkomsten_world.vraag_pk(p)}
        for name in ("vraag_edit", "vraag_delete", "overnemen")
    },
    "bijeenkomsten:rapport_pdf": lambda p, _: {"pk": bijeenkomsten_world.bijeenkomst_pk(p)},
    "bijeenkomsten:resultaten_export": lambda p, _: {"pk": bijeenkomsten_world.bijeenkomst_pk(p), "formaat": "xlsx"},
    "bijeenkomsten:vraag_status": lambda p, _: {"pk": bijeenkomsten_world.vraag_pk(p), "actie": "sluiten"},
    "bijeenkomsten:inbreng_actie": lambda p, _: {"pk": bijeenkomsten_world.inbreng_pk(p)},
    "bijeenkomsten:inbreng_hide": lambda p, _: {"pk": bijeenkomsten_world.inbreng_pk(p)},
    "bijeenkomsten:meedoen_code": lambda p, _: {"code": bijeenkomsten_world.code(p)},
    "bijeenkomsten:antwoorden": lambda p, _: {
        "code": bijeenkomsten_world.code(p),
        "pk": bijeenkomsten_world.vraag_pk(p),
    },
    "bijeenkomsten:inbreng_add": lambda p, _: {
        "code": bijeenkomsten_world.code(p),
        "pk": bijeenkomsten_world.open_vraag_pk(p),
    },
    "bijeenkomsten:stemmen": lambda p, _: {
        "code": bijeenkomsten_world.code(p),
        "pk": bijeenkomsten_world.inbreng_pk(p),
    },
    # risicos: gemeente A's register with a risk on an asset (theme fysieke beveiliging), and a
    # threat no risk uses (risicos/tests/world.py)
    **{
        f"risicos:{name}": lambda p, _: {"pk": risicos_world.risico_pk(p)}
        for name in ("risico", "risico_edit", "risico_delete", "acceptatie_add", "risico_thema_link")
    },
    **{
        f"risicos:{name}": lambda p, _: {"pk": risicos_world.maatregel_pk(p)}
        for name in (
            "maatregel",
            "maatregel_edit",
            "maatregel_delete",
            "toets_add",
            "tegenstrijdig_add",
            "maatregel_thema_link",
        )
    },
    "risicos:risico_thema_unlink": lambda p, _: {"pk": risicos_world.thema_risico_pk(p)},
    "risicos:maatregel_thema_unlink": lambda p, _: {"pk": risicos_world.thema_maatregel_pk(p)},
    "risicos:bedrijfsmiddel": lambda p, _: {"pk": risicos_world.bedrijfsmiddel_pk(p)},
    "risicos:bedrijfsmiddel_delete": lambda p, _: {"pk": risicos_world.bedrijfsmiddel_pk(p)},
    "risicos:dreiging": lambda p, _: {"pk": risicos_world.dreiging_pk(p)},
    "risicos:dreiging_delete": lambda p, _: {"pk": risicos_world.dreiging_pk(p)},
    # a report of gemeente A made in the background, ready to download
    "risicos:rapportage_download": lambda p, _: {"pk": risicos_world.rapport_pk(p)},
    # risicos: an import of the risks waiting for its confirmation (risicos/tests/spreadsheet_world.py)
    **{
        f"risicos:{name}": lambda p, _: {"pk": risicos_sheets.an_import(p)}
        for name in ("import_detail", "import_confirm", "import_cancel")
    },
    # incidenten: a report of the persona itself where it may report (a melder sees only their own)
    "incidenten:mijn_incident": lambda p, persona: {"pk": incidenten_world.eigen_melding_pk(p, persona)},
    # a report on a data breach: theme informatiebeveiliging, which the persona thema-eigenaar owns
    **{
        f"incidenten:{name}": lambda p, _: {"pk": incidenten_world.melding(p, sleutel="datalek").pk}
        for name in ("incident", "koppel", "actie")
    },
    "incidenten:ontkoppel_risico": lambda p, _: {"pk": incidenten_world.link_pk(p, "risico")},
    "incidenten:ontkoppel_maatregel": lambda p, _: {"pk": incidenten_world.link_pk(p, "maatregel")},
    "incidenten:soort": lambda p, _: {"pk": incidenten_world.soort(p, "datalek").pk},
    # a rode-dradenanalyse of gemeente A over the last year
    **{
        f"incidenten:{name}": lambda p, _: {"pk": incidenten_world.analyse_pk(p)}
        for name in ("analyse", "analyse_actie", "analyse_docx", "analyse_pdf")
    },
    # acties: an action of gemeente A (theme fysieke beveiliging) the persona owns where it may own one
    "acties:actie": lambda p, persona: {"pk": acties_world.actie_pk(p, persona)},
    # pdca: gemeente A's internal audit, done, with a finding of the theme informatiebeveiliging (the persona
    # thema-eigenaar's) marked for the kader (pdca/tests/world.py)
    **{f"pdca:{name}": lambda p, _: {"pk": pdca_world.audit_pk(p)} for name in ("activiteit", "bevinding_nieuw")},
    **{f"pdca:{name}": lambda p, _: {"pk": pdca_world.bevinding_pk(p)} for name in ("bevinding", "actie")},
    # oefenen: an exercise and an activity of gemeente A (theme informatiebeveiliging, which the persona
    # thema-eigenaar owns), and the participation of an afdeling this year
    **{
        f"oefenen:{name}": lambda p, _: {"pk": oefenen_world.oefening(p).pk}
        for name in ("oefening", "oefening_wijzigen", "oefening_actie")
    },
    **{
        f"oefenen:{name}": lambda p, _: {"pk": oefenen_world.activiteit(p).pk}
        for name in ("activiteit", "activiteit_verwijderen")
    },
    **{
        f"oefenen:{name}": lambda p, _: {"pk": oefenen_world.deelname(p).pk}
        for name in ("deelname", "deelname_verwijderen")
    },
    # quickscan: gemeente A's concept, started from its completed scan, and its cell informatiebeveiliging ×
    # beleid (the persona thema-eigenaar's theme) (quickscan/tests/world.py)
    **{
        f"quickscan:{name}": lambda p, _: {"pk": quickscan_world.concept_pk(p)}
        for name in ("scan", "gegevens", "afronden", "verwijderen", "scan_actie")
    },
    **{f"quickscan:{name}": lambda p, _: {"pk": quickscan_world.score_pk(p)} for name in ("score", "actie")},
}

# Public routes keyed by a session's join code: whoever holds the code may join and answer, which
# is what they are for. For these the isolation sweep checks that nothing else of gemeente A leaks
# or changes; the participants' wall itself is tested in bijeenkomsten/tests/test_walls.py.
CODE_ROUTES = frozenset(
    {"bijeenkomsten:meedoen_code", "bijeenkomsten:antwoorden", "bijeenkomsten:inbreng_add", "bijeenkomsten:stemmen"}
)
# What a participant of gemeente A's session may add through those routes.
PARTICIPANT_MODELS = frozenset(
    {"bijeenkomsten.Deelnemer", "bijeenkomsten.Antwoord", "bijeenkomsten.Inbreng", "bijeenkomsten.Stem"}
)


# Routes whose parameter selects one of several different pages: the browser sweep opens
# every variant (the other sweeps the one of OBJECT_FOR).
VARIANTS: dict[str, Callable[[Any], list[dict[str, Any]]]] = {
    "kader:step": lambda p: [{"pk": p.kader_of().pk, "stap": stap} for stap in _kader_steps()],
    # ivp: plan
    "ivp:stap": lambda p: [{"pk": p.ivp_of().pk, "stap": stap} for stap in _ivp_steps()],
    # ivp: themas
    "ivp:thema": lambda p: [{"pk": objects_themas.thema(p, code)} for code in ("5.3", "1.3")],
    # ivp: programma
    "ivp:programma_export": lambda p: [
        {"pk": programma_world.programma_pk(p), "formaat": formaat} for formaat in ("xlsx", "csv")
    ],
    "bijeenkomsten:resultaten_export": lambda p: [
        {"pk": bijeenkomsten_world.bijeenkomst_pk(p), "formaat": formaat} for formaat in ("xlsx", "csv")
    ],
}


def _kader_steps() -> list[str]:
    from kader.models import Stap

    return list(Stap.values)


def _ivp_steps() -> list[str]:
    from ivp.choices import Stap

    return list(Stap.values)


# Routes without an object that show more once gemeente A has data: that data is made first.
STATE_FOR: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(
        ("risicos:overzicht", "risicos:risicos", "risicos:maatregelen", "risicos:analyse"), risicos_world.risico_pk
    ),
    # the form to report and the own reports, once the registration is set up (the start page stays open)
    **dict.fromkeys(
        ("incidenten:melden", "incidenten:mijn", "incidenten:instellingen", "incidenten:soort_nieuw"),
        incidenten_world.started,
    ),
    # the figures of last year, with a report to count
    "incidenten:rode_draden": lambda p: incidenten_world.melding(p, datum=incidenten_world.last_year()),
    # pdca: the calendar with a done audit and its finding and a planned review; Act with that finding
    "pdca:kalender": lambda p: (pdca_world.bevinding_pk(p), pdca_world.review_pk(p)),
    "pdca:act": pdca_world.bevinding_pk,
    # oefenen: the programme with a planned and a done exercise; the year's activities and participation
    "oefenen:programma": lambda p: (oefenen_world.oefening(p), oefenen_world.uitgevoerd(p)),
    "oefenen:bewustwording": lambda p: (oefenen_world.activiteit(p), oefenen_world.deelname(p)),
    # quickscan: a completed scan and a concept to list and compare; the levels and questions made
    **dict.fromkeys(("quickscan:overzicht", "quickscan:ontwikkeling"), quickscan_world.concept_pk),
    **dict.fromkeys(("quickscan:instellingen", "quickscan:standaard"), quickscan_world.niveau_pk),
}


def url_for(route: Route, personas: Any, persona: str = "coordinator") -> str:
    if not route.params:
        if route.name in STATE_FOR:
            STATE_FOR[route.name](personas)
        return route.url()
    if route.name not in OBJECT_FOR:
        raise LookupError(
            f"Route {route.name} takes {route.params}: add it to tests/routes.py OBJECT_FOR "
            "(or EXEMPT with a reason) so the sweeps cover it."
        )
    return route.url(**OBJECT_FOR[route.name](personas, persona))
