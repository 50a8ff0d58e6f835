"""What the kader pages show: prepared data for the templates, so the views stay thin.

Templates receive rows, forms and flags made here and never start a query of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from lib.navigation import Crumb, breadcrumbs
from lib.permissions import allowed
from organisations.models import Membership

from . import content, hooks, progress
from .compare import model_field
from .forms import GovernanceForm, PartForm, ScopeForm, VisieForm, part_form
from .models import (
    Bedrijfsmiddel,
    Deelplan,
    DeelplanThema,
    Doel,
    Fase,
    KaderOnderdeel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Uitgangspunt,
    UitgangspuntGroep,
    Verantwoordelijkheid,
    WetOfNorm,
)
from .services import may_change_theme

VOORBEELD_TITELS = {"minimaal": "Minimale variant", "maximaal": "Maximale variant", "samenhang": "Nadruk op samenhang"}
# The single-valued form of each step page that has one.
STEP_FORMS: dict[str, type[Any]] = {"visie": VisieForm, "scope": ScopeForm, "kwaliteitssysteem": GovernanceForm}


def crumbs(*items: Crumb) -> list[dict[str, str | None]]:
    return breadcrumbs(("Strategisch kader", reverse("kader:overview")), *items)


def step_url(versie_pk: Any, stap: str, anchor: str = "") -> str:
    url = reverse("kader:step", kwargs={"pk": versie_pk, "stap": stap})
    return f"{url}#{anchor}" if anchor else url


def editor(membership: Membership, versie: KaderVersie) -> Membership | None:
    """The member as editor of this version's content, or None when they may only read it."""
    return membership if versie.is_concept and allowed("kader.edit", role=membership.role) else None


# --- the rows of a part -----------------------------------------------------------------------


@dataclass
class Row:
    obj: Any
    can_change: bool
    template: str  # the row's own summary: kader/rij/<slug>.html

    @property
    def is_open(self) -> bool:
        """A field the version needs before submitting is still empty."""
        return any(getattr(self.obj, name) is None for name in self.obj.required_to_submit)


@dataclass
class Group:
    value: str
    label: str
    rows: list[Row]

    @property
    def open(self) -> int:
        return sum(1 for row in self.rows if row.is_open)


@dataclass
class Part:
    """One part on a step page: its rows, whether the reader may change each, and the add form."""

    model: type[KaderOnderdeel]
    versie: KaderVersie
    rows: list[Row]
    nieuw: PartForm | None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.model.slug

    @property
    def label(self) -> str:
        return self.model.label()

    @property
    def naam(self) -> str:
        """The name of one row without article, for buttons: "Deelplan toevoegen"."""
        return str(self.model._meta.verbose_name)

    @property
    def groups(self) -> list[Group]:
        """The rows per value of the part's ``group_by`` field (a long list, shown collapsed)."""
        if not self.model.group_by:
            return []
        field = model_field(self.model, self.model.group_by)
        groups = [
            Group(value, str(label), [row for row in self.rows if getattr(row.obj, field.name) == value])
            for value, label in field.choices or []
        ]
        return [group for group in groups if group.rows]


def form_kwargs(model: type[KaderOnderdeel], versie: KaderVersie, rows: list[Any] | None = None) -> dict[str, Any]:
    """What the form of a part needs beyond its data: the version's goals, the matrix's own lists."""
    if model is Uitgangspunt:
        return {"model": model, "doelen": list(Doel.objects.filter(versie=versie))}
    if model is not Verantwoordelijkheid:
        return {"model": model}
    cells = rows if rows is not None else list(Verantwoordelijkheid.objects.filter(versie=versie))
    return {
        "model": model,
        "rollen": sorted({c.rol for c in cells}, key=str.lower),
        "activiteiten": sorted({c.activiteit for c in cells}, key=str.lower),
    }


def row_of(obj: Any, member: Membership | None) -> Row:
    can_change = member is not None and may_change_theme(member, obj.owner_theme())
    return Row(obj, can_change, f"kader/rij/{obj.slug}.html")


def part(
    model: type[KaderOnderdeel], versie: KaderVersie, member: Membership | None, *, nieuw: PartForm | None = None
) -> Part:
    """A part of a step page (one query for its rows)."""
    queryset = model.objects.filter(versie=versie)
    if model is Deelplan:
        queryset = queryset.defer("bestand")
    if model.linked_doelen:
        queryset = queryset.prefetch_related("doelen")
    objs = list(queryset)
    form = None
    if member is not None and model.can_add:
        form = nieuw or part_form(model)(**form_kwargs(model, versie, objs))
    return Part(model, versie, [row_of(obj, member) for obj in objs], form)


# --- the step pages ---------------------------------------------------------------------------


def _scope(versie: KaderVersie, member: Membership | None, bound: dict[str, Any]) -> dict[str, Any]:
    return {
        "bedrijfsmiddelen": [Bedrijfsmiddel(value).label for value in versie.bedrijfsmiddelen],
        "mensgroepen": part(Mensgroep, versie, member, nieuw=bound.get("mensgroepen")),
        "deelplannen": part(Deelplan, versie, member, nieuw=bound.get("deelplannen")),
        "wetten": part(WetOfNorm, versie, member, nieuw=bound.get("wetten")),
        "voorbeeld_deelplannen": [
            (thema, DeelplanThema(thema).label, titel) for thema, titel in content.VOORBEELD_DEELPLANNEN
        ],
    }


def _doelen(versie: KaderVersie, member: Membership | None, bound: dict[str, Any]) -> dict[str, Any]:
    return {"doelen": part(Doel, versie, member, nieuw=bound.get("doelen"))}


def _uitgangspunten(versie: KaderVersie, member: Membership | None, bound: dict[str, Any]) -> dict[str, Any]:
    return {
        "uitgangspunten": part(Uitgangspunt, versie, member, nieuw=bound.get("uitgangspunten")),
        "voorbeelden": [
            (groep, UitgangspuntGroep(groep).label, [tekst for tekst, _doelen in items])
            for groep, items in content.VOORBEELD_UITGANGSPUNTEN.items()
        ],
        "gaten": progress.gaps(versie),
    }


def matrix(cells: list[Verantwoordelijkheid]) -> dict[str, Any]:
    """The responsibility matrix: activities as rows, roles as columns, the aard in each cell."""
    rollen = sorted({v.rol for v in cells}, key=str.lower)
    activiteiten = sorted({v.activiteit for v in cells}, key=str.lower)
    cell = {(v.activiteit, v.rol): v.aard for v in cells}
    return {
        "rollen": rollen,
        "regels": [{"activiteit": a, "cellen": [cell.get((a, r), "") for r in rollen]} for a in activiteiten],
    }


def _kwaliteitssysteem(versie: KaderVersie, member: Membership | None, bound: dict[str, Any]) -> dict[str, Any]:
    verantwoordelijkheden = part(Verantwoordelijkheid, versie, member, nieuw=bound.get("verantwoordelijkheden"))
    return {
        "pdca": part(PdcaFase, versie, member),
        "verantwoordelijkheden": verantwoordelijkheden,
        "matrix": matrix([row.obj for row in verantwoordelijkheden.rows]),
        "governance_voorbeelden": list(content.GOVERNANCE.items()),
        "voorbeeld_pdca": [(Fase(f).label, *rest) for f, rest in content.VOORBEELD_PDCA.items()],
        "voorbeeld_matrix": content.VOORBEELD_VERANTWOORDELIJKHEDEN,
    }


def _visie(versie: KaderVersie, member: Membership | None, bound: dict[str, Any]) -> dict[str, Any]:
    return {
        "voorbeelden": [
            (key, VOORBEELD_TITELS.get(key, key), tekst) for key, tekst in content.VOORBEELDEN_VISIE.items()
        ]
    }


STEP_CONTENT = {
    "visie": _visie,
    "scope": _scope,
    "doelen": _doelen,
    "uitgangspunten": _uitgangspunten,
    "kwaliteitssysteem": _kwaliteitssysteem,
}


def step_context(
    membership: Membership, versie: KaderVersie, stap: str, *, form: Any = None, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything a step page shows; ``form`` or ``bound`` (part slug → form) carry a refused save."""
    member = editor(membership, versie)
    if form is None and stap in STEP_FORMS and member is not None:
        form = STEP_FORMS[stap](instance=versie)
    teksten = dict(content.STAP_BY_KEY[stap].activiteiten)
    activiteiten = StapActiviteit.objects.filter(versie=versie, stap=stap).select_related("gedaan_door")
    rows = [{"obj": a, "tekst": teksten.get(a.sleutel, a.sleutel)} for a in activiteiten]
    return {
        "versie": versie,
        "stap": content.STAP_BY_KEY[stap],
        "stappen": content.STAPPEN,
        "begrippen": content.begrippen(stap),
        "activiteiten": rows,
        "activiteiten_gedaan": sum(1 for row in rows if row["obj"].gedaan),
        "form": form if member else None,
        "can_mark": versie.is_open and allowed("kader.edit", role=membership.role),
        "can_edit": member is not None,
        "error_focus": bool(form is not None and form.is_bound and form.errors) or bool(bound),
        "breadcrumbs": crumbs((f"Versie {versie.nummer}: {content.STAP_BY_KEY[stap].titel}", None)),
        **STEP_CONTENT[stap](versie, member, bound or {}),
    }


# --- the overview -----------------------------------------------------------------------------


def overview_context(membership: Membership, *, missing: list[str] | None = None) -> dict[str, Any]:
    """The versions, and for the open and the adopted one: each step's state and the next step."""
    versies = list(KaderVersie.objects.visible_to(membership))
    open_ = next((v for v in versies if v.is_open), None)
    adopted = next((v for v in versies if v.status == "vastgesteld"), None)
    shown = []
    for versie in (open_, adopted):
        if versie is not None:
            states = progress.steps(versie)
            shown.append({"versie": versie, "stappen": states, "volgende": progress.next_step(states)})
    if shown and open_ is not None:  # what the apps above took up into the open version (kader.hooks)
        shown[0]["opgenomen"] = hooks.contributions(open_)
    return {
        "versies": versies,
        "shown": shown,
        "open": open_,
        "missing": missing,
        "can_edit": allowed("kader.edit", role=membership.role),
        "can_adopt": allowed("kader.adopt", role=membership.role),
        "can_template": allowed("kader.template", role=membership.role),
        "breadcrumbs": [*crumbs()[:1], {"label": "Strategisch kader", "url": None}],
    }
