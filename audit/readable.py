"""Stored history values as a person reads them: Dutch labels, descriptions, names.

The event rows of pghistory hold column values as JSON: choice codes (``in_ontwikkeling``),
ids of related rows (a UUID, a user number) and the names of actions (``kader.new_version``).
This module turns them into Dutch:

* :func:`field_label` — the field's ``verbose_name``;
* :func:`format_value` — choice labels (also inside arrays), ja/nee, dates, and for a foreign
  key the description of the related row through :class:`References`;
* :class:`References` — the related rows and the people of a page, fetched in one query
  (never one per row or per kind of row);
* :func:`describe` — a row's own description (its ``__str__``) from the snapshot in the event;
* :func:`action_description` — what a person did, from the context of the change.

Nobody outside the gemeente is named: see :class:`Person`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.fields.related import RelatedField
from django.db.models.functions import Cast, JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from lib.tenancy import tenant_model

# How a person outside the gemeente appears: never by name or e-mail address.
PLATFORMBEHEER = "platformbeheer"
SYSTEEM = "systeem"

ORIGINS = {"web": "webapplicatie", "api": "API", "command": "beheeropdracht", "task": "achtergrondtaak"}
KINDS = {"insert": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd"}

# What the services record as ``action`` in their history context (grep for
# ``pghistory.context`` in the capability apps), in Dutch. An action not listed here is
# described by where it came from (:func:`action_description`);
# audit/tests/test_action_descriptions.py finds the actions in the code and fails on one
# without a description.
ACTION_DESCRIPTIONS: dict[str, str] = {
    "kader.start": "Strategisch kader begonnen",
    "kader.new_version": "Nieuwe versie van het kader begonnen",
    "kader.edit": "Visie, scope of governance van het kader gewijzigd",
    "kader.add_doel": "Beveiligingsdoel toegevoegd",
    "kader.edit_doel": "Beveiligingsdoel gewijzigd",
    "kader.add_uitgangspunt": "Uitgangspunt toegevoegd",
    "kader.edit_uitgangspunt": "Uitgangspunt gewijzigd",
    "kader.add.mensgroepen": "Groep mensen toegevoegd aan de scope",
    "kader.edit.mensgroepen": "Groep mensen in de scope gewijzigd",
    "kader.delete.mensgroepen": "Groep mensen uit de scope verwijderd",
    "kader.add.deelplannen": "Deelplan toegevoegd",
    "kader.edit.deelplannen": "Deelplan gewijzigd",
    "kader.delete.deelplannen": "Deelplan verwijderd",
    "kader.add.wetten": "Wet of norm toegevoegd",
    "kader.edit.wetten": "Wet of norm gewijzigd",
    "kader.delete.wetten": "Wet of norm verwijderd",
    "kader.edit.pdca": "PDCA-fase gewijzigd",
    "kader.add.verantwoordelijkheden": "Verantwoordelijkheid toegevoegd",
    "kader.edit.verantwoordelijkheden": "Verantwoordelijkheid gewijzigd",
    "kader.delete.verantwoordelijkheden": "Verantwoordelijkheid verwijderd",
    "kader.add.doelen": "Eigen beveiligingsdoel toegevoegd",
    "kader.edit.doelen": "Beveiligingsdoel gewijzigd",
    "kader.delete.doelen": "Eigen beveiligingsdoel verwijderd",
    "kader.add.uitgangspunten": "Uitgangspunt toegevoegd",
    "kader.edit.uitgangspunten": "Uitgangspunt gewijzigd",
    "kader.delete.uitgangspunten": "Uitgangspunt verwijderd",
    "kader.submit": "Kader ter besluitvorming aangeboden",
    "kader.send_back": "Kader teruggezet naar concept",
    "kader.adopt": "Kader vastgesteld",
    "kader.activity": "Hoofdactiviteit van het kader bijgewerkt",
    "kader.template.upload": "Eigen Word-sjabloon voor het kader geüpload",
    "kader.template.delete": "Eigen Word-sjabloon voor het kader verwijderd",
    "ivp.start": "Veiligheidsplan begonnen (velden, thema's, koppelingen en indicatoren klaargezet)",
    "ivp.veld.edit": "Veiligheidsveld gewijzigd",
    "ivp.thema.add": "Thema van het veiligheidsplan toegevoegd",
    "ivp.thema.edit": "Thema van het veiligheidsplan gewijzigd",
    "ivp.thema.link": "Thema gekoppeld aan het strategisch kader",
    "ivp.thema.unlink": "Koppeling van een thema met het strategisch kader verwijderd",
    "ivp.koppeling.edit": "Koppeling van een politiecode aan een thema gewijzigd",
    "ivp.indicator.add": "Indicator toegevoegd",
    "ivp.indicator.edit": "Indicator gewijzigd",
    "ivp.indicator.delete": "Indicator verwijderd",
    "ivp.meting.set": "Cijfer van een indicator vastgelegd",
    "ivp.meting.delete": "Cijfer van een indicator verwijderd",
    "ivp.inwonertal.set": "Inwonertal vastgelegd",
    "ivp.import": "Cijfers van politie of CBS geïmporteerd",
    "ivp.plan.edit": "Veiligheidsplan gewijzigd",
    "ivp.plan.new": "Nieuwe versie van het veiligheidsplan begonnen",
    "ivp.plan.submit": "Veiligheidsplan ter besluitvorming aangeboden",
    "ivp.plan.send_back": "Veiligheidsplan teruggezet naar concept",
    "ivp.plan.adopt": "Veiligheidsplan vastgesteld",
    "ivp.stap.edit": "Stap van het veiligheidsplan bijgewerkt",
    "ivp.prioritering.edit": "Prioritering van een thema gewijzigd",
    "ivp.doel.add": "Doel van het veiligheidsplan toegevoegd",
    "ivp.doel.edit": "Doel van het veiligheidsplan gewijzigd",
    "ivp.doel.delete": "Doel van het veiligheidsplan verwijderd",
    "ivp.programma.start": "Uitvoeringsprogramma opgesteld",
    "ivp.programma.adopt": "Uitvoeringsprogramma vastgesteld",
    "ivp.actie.add": "Actie toegevoegd aan het uitvoeringsprogramma",
    "ivp.actie.edit": "Actie van het uitvoeringsprogramma gewijzigd",
    "ivp.actie.voortgang": "Voortgang van een actie bijgewerkt",
    "ivp.actie.delete": "Actie uit het uitvoeringsprogramma verwijderd",
    "bijeenkomsten.prepare": "Bijeenkomst voorbereid",
    "bijeenkomsten.edit": "Bijeenkomst gewijzigd",
    "bijeenkomsten.copy": "Bijeenkomst gekopieerd",
    "bijeenkomsten.open": "Bijeenkomst geopend voor deelnemers",
    "bijeenkomsten.close": "Bijeenkomst gesloten; resultaten bewaard bij het veiligheidsplan",
    "bijeenkomsten.vraag.add": "Vraag toegevoegd aan een bijeenkomst",
    "bijeenkomsten.vraag.edit": "Vraag van een bijeenkomst gewijzigd",
    "bijeenkomsten.vraag.delete": "Vraag van een bijeenkomst verwijderd",
    "bijeenkomsten.vraag.open": "Vraag van een bijeenkomst geopend",
    "bijeenkomsten.vraag.close": "Vraag van een bijeenkomst gesloten",
    "bijeenkomsten.inbreng.hide": "Inbreng van een deelnemer verborgen",
    "bijeenkomsten.inbreng.show": "Inbreng van een deelnemer weer getoond",
    "bijeenkomsten.inbreng.actie": "Idee uit een bijeenkomst als actie in het uitvoeringsprogramma gezet",
    "risicos.start": "Risicoregister begonnen: risicomatrix en lijst van dreigingen",
    "risicos.bedrijfsmiddel.add": "Bedrijfsmiddel toegevoegd",
    "risicos.bedrijfsmiddel.edit": "Bedrijfsmiddel gewijzigd",
    "risicos.bedrijfsmiddel.delete": "Bedrijfsmiddel verwijderd",
    "risicos.dreiging.add": "Dreiging toegevoegd",
    "risicos.dreiging.edit": "Dreiging gewijzigd",
    "risicos.dreiging.delete": "Dreiging verwijderd",
    "risicos.risico.add": "Risico toegevoegd",
    "risicos.risico.edit": "Risico gewijzigd",
    "risicos.risico.delete": "Risico verwijderd",
    "risicos.risico.flag": "Risico op opnieuw beoordelen gezet",
    "risicos.acceptatie.add": "Acceptatie van een risico vastgelegd",
    "risicos.acceptatie.withdraw": "Acceptatie van een risico ingetrokken",
    "risicos.maatregel.add": "Maatregel toegevoegd",
    "risicos.maatregel.edit": "Maatregel gewijzigd",
    "risicos.maatregel.risicos": "Risico's van een maatregel gewijzigd",
    "risicos.maatregel.kader": "Maatregel gekoppeld aan doelen, uitgangspunten of wetten van het kader",
    "risicos.maatregel.delete": "Maatregel verwijderd",
    "risicos.import.bedrijfsmiddelen": "Bedrijfsmiddelen ingelezen uit een spreadsheet",
    "risicos.import.risicos": "Risico's ingelezen uit een spreadsheet",
    "risicos.import.maatregelen": "Maatregelen ingelezen uit een spreadsheet",
    "risicos.risico.thema": "Risico gekoppeld aan een thema van het veiligheidsplan",
    "risicos.risico.thema_delete": "Koppeling van een risico met een thema van het veiligheidsplan verwijderd",
    "risicos.maatregel.thema": "Maatregel gekoppeld aan een thema van het veiligheidsplan",
    "risicos.maatregel.thema_delete": "Koppeling van een maatregel met een thema van het veiligheidsplan verwijderd",
    "risicos.toets.add": "Werking van een maatregel getoetst",
    "risicos.tegenstrijdigheid.add": "Maatregelen als tegenstrijdig gemarkeerd",
    "risicos.matrix.change": "Risicomatrix gewijzigd; scores van de risico's omgezet",
    "incidenten.start": "Incidentregistratie ingericht: bewaartermijn en lijst van soorten incidenten",
    "incidenten.meld": "Incident gemeld",
    "incidenten.behandel": "Behandeling van een incident bijgewerkt",
    "incidenten.instelling": "Bewaartermijn van persoonsgegevens in incidenten gewijzigd",
    "incidenten.soort": "Soort incident toegevoegd",
    "incidenten.soort_edit": "Soort incident gewijzigd",
    "incidenten.koppel_risico": "Incident gekoppeld aan een risico",
    "incidenten.koppel_maatregel": "Incident gekoppeld aan een maatregel",
    "incidenten.ontkoppel_risico": "Koppeling van een incident met een risico verwijderd",
    "incidenten.ontkoppel_maatregel": "Koppeling van een incident met een maatregel verwijderd",
    "incidenten.bewaartermijn": "Persoonsgegevens uit incidenten verwijderd na de bewaartermijn",
    "incidenten.rode_draden": "Rode-dradenanalyse van incidenten vastgelegd",
    "incidenten.conclusies": "Conclusies van een rode-dradenanalyse gewijzigd",
    "acties.add": "Actie vastgelegd",
    "acties.edit": "Actie gewijzigd",
    "quickscan.inrichten": "Standaardniveaus en -vragen van de quickscan volwassenheid klaargezet",
    "quickscan.niveau": "Volwassenheidsniveau van de quickscan gewijzigd",
    "quickscan.vraag": "Vraag bij een managementaspect van de quickscan gewijzigd",
    "quickscan.standaard": "Niveaus en vragen van de quickscan teruggezet naar de standaard",
    "quickscan.start": "Quickscan volwassenheid gestart",
    "quickscan.wijzig": "Titel of peildatum van een quickscan gewijzigd",
    "quickscan.scoren": "Scores van een quickscan ingevuld",
    "quickscan.score": "Score, gewenst niveau of toelichting van een quickscan gewijzigd",
    "quickscan.afronden": "Quickscan afgerond",
    "quickscan.verwijder": "Quickscan in concept verwijderd",
    "pdca.activiteit": "Activiteit in de PDCA-kalender gezet",
    "pdca.activiteit_edit": "Activiteit van de PDCA-kalender gewijzigd of als uitgevoerd vastgelegd",
    "pdca.plan_jaar": "Jaar van de PDCA-cyclus gepland",
    "pdca.bevinding": "Bevinding uit een evaluatie, audit of managementreview vastgelegd",
    "pdca.bevinding_edit": "Bevinding gewijzigd",
    "pdca.kader": "Bevindingen opgenomen in de volgende versie van het kader",
    "oefenen.oefening_add": "Oefening, test of training in het programma gezet",
    "oefenen.oefening_edit": "Oefening, test of training gewijzigd",
    "oefenen.activiteit_add": "Bewustwordingsactiviteit vastgelegd",
    "oefenen.activiteit_edit": "Bewustwordingsactiviteit gewijzigd",
    "oefenen.activiteit_delete": "Bewustwordingsactiviteit verwijderd",
    "oefenen.deelname_add": "Afdeling toegevoegd aan de deelname aan bewustwording",
    "oefenen.deelname_edit": "Deelname van een afdeling aan bewustwording gewijzigd",
    "oefenen.deelname_delete": "Afdeling verwijderd uit de deelname aan bewustwording",
    "oefenen.nieuw_jaar": "Nieuw jaar van de deelname begonnen met de afdelingen van het jaar ervoor",
    "demo.dates": "Demogegevens: datums in het verleden gezet",
}
# Management commands that record their name (lib.history.command_context).
COMMAND_DESCRIPTIONS: dict[str, str] = {
    "load_demo": "Demogegevens geladen",
    "generate_bench_data": "Testgegevens voor de prestatiemeting aangemaakt",
}
BY_ORIGIN = {
    "web": "Wijziging via de webapplicatie",
    "api": "Wijziging via de API",
    "command": "Wijziging door een beheeropdracht",
    "task": "Wijziging door een achtergrondtaak",
}
WITHOUT_CONTEXT = "Wijziging zonder vastgelegde aanleiding"

# Stored values that are no description of a row (``__str__`` fell back to Django's default).
_DEFAULT_STR = " object ("


def origin_of(context: dict[str, Any]) -> str:
    """``web``, ``api``, ``command``, ``task`` or "" (no context)."""
    return str(context.get("origin") or ("command" if context.get("command") else ""))


def origin_label(context: dict[str, Any]) -> str:
    origin = origin_of(context)
    return ORIGINS.get(origin, origin or "onbekend")


def is_named_action(context: dict[str, Any]) -> bool:
    """Whether the context names an action this module can describe."""
    return context.get("action") in ACTION_DESCRIPTIONS


def action_description(context: dict[str, Any]) -> str:
    """What was done, in Dutch: the service's action, else the command, else the origin."""
    action = context.get("action")
    if isinstance(action, str) and action in ACTION_DESCRIPTIONS:
        return ACTION_DESCRIPTIONS[action]
    command = context.get("command")
    if isinstance(command, str) and command in COMMAND_DESCRIPTIONS and not action:
        return COMMAND_DESCRIPTIONS[command]
    origin = origin_of(context)
    if origin in BY_ORIGIN:
        return BY_ORIGIN[origin]
    return WITHOUT_CONTEXT


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone in the history as the gemeente may see them.

    A member of the gemeente (or a former one) by name and e-mail address; anybody else only as
    "platformbeheer" (a platform-beheerder) or "systeem" (a command without a person, or a
    person of another gemeente that a change of ours should never have named).
    """

    name: str
    email: str = ""

    @property
    def label(self) -> str:
        if self.email and self.name and self.name != self.email:
            return f"{self.name} ({self.email})"
        return self.name or self.email


NOBODY = Person(SYSTEEM)


def _membership_models() -> tuple[type[models.Model], type[models.Model] | None]:
    """The membership model (reverse ``memberships`` of the user model) and its event model."""
    membership = get_user_model()._meta.get_field("memberships").related_model
    events = [
        model
        for model in apps.get_models()
        if getattr(model, "pgh_tracked_model", None) is membership and hasattr(model, "pgh_obj")
    ]
    return membership, (events[0] if events else None)


def _of_gemeente(gemeente_id: Any) -> models.Q:
    """A user with a membership in the gemeente now, or one its history records (who left)."""
    membership, membership_events = _membership_models()
    condition = models.Q(Exists(membership._base_manager.filter(user=OuterRef("pk"), gemeente_id=gemeente_id)))
    if membership_events is not None:
        condition |= models.Q(
            Exists(membership_events._base_manager.filter(user_id=OuterRef("pk"), gemeente_id=gemeente_id))
        )
    return condition


def person_id_by_email(email: str, gemeente_id: Any) -> int | None:
    """The id of the member (or former member) of the gemeente with this e-mail address."""
    users = get_user_model()._base_manager.filter(_of_gemeente(gemeente_id), email__iexact=email)
    return users.values_list("pk", flat=True).first()


def user_id(value: Any) -> int | None:
    """A user id as stored in a context or a column (an int), else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- fields and values ------------------------------------------------------------------------


def fields_by_column(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.column: f for f in model._meta.concrete_fields if f.column}


def field_label(column: str, model_field: models.Field[Any, Any] | None) -> str:
    """The Dutch label of a stored column (a column the model no longer has: its name)."""
    if model_field is not None:
        return _capital(str(model_field.verbose_name))
    return column.replace("_", " ").capitalize()


def _choices(model_field: models.Field[Any, Any] | None) -> dict[Any, str]:
    if model_field is None:
        return {}
    for candidate in (model_field, getattr(model_field, "base_field", None)):
        if candidate is not None and getattr(candidate, "choices", None):
            return {value: str(label) for value, label in candidate.flatchoices}
    return {}


def _is_user_model(model: Any) -> bool:
    return model is not None and model is get_user_model()


def format_value(value: Any, model_field: models.Field[Any, Any] | None, refs: References | None = None) -> str:
    """A stored JSON value as a Dutch reader sees it."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    choices = _choices(model_field)
    if isinstance(value, list):
        element = getattr(model_field, "base_field", None)
        if element is None and choices:  # a list of choice values in a field that is not an array
            return ", ".join(choices.get(v, str(v)) if _hashable(v) else format_value(v, None) for v in value)
        return ", ".join(format_value(v, element, refs) for v in value)
    if choices and _hashable(value) and value in choices:
        return choices[value]
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if model_field is not None and model_field.is_relation and refs is not None:
        return refs.label(model_field.related_model, value)
    if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            return timezone.localtime(parsed).strftime("%d-%m-%Y %H:%M")
    if isinstance(model_field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        if parsed_date is not None:
            return parsed_date.strftime("%d-%m-%Y")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# --- related rows -----------------------------------------------------------------------------


class _QueryRefused(Exception):
    pass


@contextmanager
def _no_queries() -> Iterator[None]:
    """Refuse every query in the block: a description must come from what is already loaded."""

    def refuse(*_args: Any) -> Any:
        raise _QueryRefused

    with connection.execute_wrapper(refuse):
        yield


def _safe_str(obj: models.Model) -> str:
    """``str(obj)`` if it needs nothing from the database and is a real description, else ""."""
    try:
        with _no_queries():
            text = str(obj)
    except Exception:
        return ""
    return "" if _DEFAULT_STR in text else text


class References:
    """The rows the foreign keys on a page point at, and their descriptions.

    :meth:`add` collects (model, id) pairs; :meth:`resolve` fetches all of them, and every
    person on the page, in ONE query (a ``UNION ALL`` of one part per related model), however
    many rows and kinds of rows the page holds. Users are named only if they belong to the
    gemeente (:class:`Person`); rows holding gemeente data only of this gemeente (the explicit
    condition besides row-level security); the gemeente itself by name. A row that no longer
    exists is described from a snapshot on the page (:meth:`add_snapshot`), else as removed.
    """

    def __init__(self, gemeente_id: Any) -> None:
        self.gemeente_id = gemeente_id
        self.wanted: dict[type[models.Model], set[Any]] = {}
        self.users: set[int] = set()
        self.people: dict[int, Person] = {}
        self.objects: dict[tuple[type[models.Model], str], models.Model] = {}
        self.snapshots: dict[tuple[type[models.Model], str], dict[str, Any]] = {}

    def add(self, model: type[models.Model] | None, value: Any) -> None:
        if model is None or value is None or isinstance(value, list | dict | bool):
            return
        if _is_user_model(model):
            if user_id(value) is not None:
                self.users.add(value)
            return
        if _valid_pk(model, value):
            self.wanted.setdefault(model, set()).add(value)

    def add_snapshot(self, model: type[models.Model], pk: Any, data: dict[str, Any]) -> None:
        """The last known values of a row (from its event on this page)."""
        if pk is not None:
            self.snapshots[(model, str(pk))] = data

    def add_event_values(
        self,
        fields: dict[str, models.Field[Any, Any]],
        data: dict[str, Any],
        diff: dict[str, Any],
        *,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        """Collect what the foreign keys in an event's snapshot and diff point at."""
        for column, model_field in fields.items():
            if not model_field.is_relation or column in skip:
                continue
            related = model_field.related_model
            self.add(related, data.get(column))
            for value in diff.get(column) or []:
                self.add(related, value)

    def resolve(self) -> None:
        """Fetch every collected row and person in one query (none if nothing was collected).

        A fetched row's own foreign keys to people are filled with the people of the page (the
        people part of the query includes them), so its description names them as the page
        does; its other foreign keys stay empty and a description that needs them falls back
        to a name field.
        """
        parts = [self._rows_of(model, ids) for model, ids in self.wanted.items()]
        people_part = self._people_rows()
        if people_part is not None:
            parts.append(people_part)
        if not parts:
            return
        query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
        models_by_label = {_label(model): model for model in self.wanted}
        user_model = get_user_model()
        fetched = []
        for label, pk, data in query:
            if label == _label(user_model):
                found = Person(data["full_name"] or data["email"], data["email"]) if data["named"] else None
                self.people[int(pk)] = found or Person(PLATFORMBEHEER if data["is_platform_admin"] else SYSTEEM)
                continue
            model = models_by_label[label]
            obj = _rebuild(model, data)
            if obj is not None:
                self.objects[(model, pk)] = obj
                fetched.append(obj)
        for obj in fetched:
            for f in _user_fields(type(obj)):
                value = getattr(obj, f.attname)
                if value is not None:
                    f.set_cached_value(obj, self.stand_in(f.related_model, value))

    def _rows_of(self, model: type[models.Model], ids: set[Any]) -> models.QuerySet[Any]:
        """(label, pk, the row's columns as JSON) of the wanted rows of one model."""
        qs = model._base_manager.filter(pk__in=ids)
        if model is tenant_model():
            qs = qs.filter(pk=self.gemeente_id)
        elif "gemeente_id" in {f.attname for f in model._meta.concrete_fields}:
            qs = qs.filter(gemeente_id=self.gemeente_id)
        columns = {
            f.attname: F(f.attname) for f in model._meta.concrete_fields if not isinstance(f, models.BinaryField)
        }
        return qs.order_by().values_list(
            Value(_label(model), output_field=models.TextField()),
            Cast("pk", output_field=models.TextField()),
            JSONObject(**columns),
        )

    def _people_rows(self) -> models.QuerySet[Any] | None:
        """(label, id, name, e-mail address, platform-beheerder, belongs to the gemeente) as JSON.

        The ids collected, and the people the wanted rows point at (subqueries, no extra query).
        """
        user_model = get_user_model()
        wanted = models.Q(pk__in=self.users) if self.users else models.Q(pk__in=[])
        for model, ids in self.wanted.items():
            for f in _user_fields(model):
                wanted |= models.Q(pk__in=model._base_manager.filter(pk__in=ids).values(f.attname))
        if not self.users and not any(_user_fields(model) for model in self.wanted):
            return None
        named = models.ExpressionWrapper(_of_gemeente(self.gemeente_id), output_field=models.BooleanField())
        return (
            user_model._base_manager.filter(wanted)
            .order_by()
            .values_list(
                Value(_label(user_model), output_field=models.TextField()),
                Cast("pk", output_field=models.TextField()),
                JSONObject(full_name="full_name", email="email", is_platform_admin="is_platform_admin", named=named),
            )
        )

    def person(self, value: Any) -> Person:
        found = self.people.get(value) if user_id(value) is not None else None
        return found or NOBODY

    def label(self, model: type[models.Model] | None, value: Any) -> str:
        """The description of the row ``value`` of ``model``."""
        if model is None:
            return str(value)
        if _is_user_model(model):
            return self.person(value).label
        obj = self.objects.get((model, str(value)))
        if obj is not None:
            text = _safe_str(obj)
            if text:
                return text
        snapshot = self.snapshots.get((model, str(value)))
        if snapshot is not None:
            text = describe(model, snapshot, self, depth=1)
            if text:
                return text
        return f"{_verbose_name(model)} (verwijderd of onbekend)"

    def stand_in(self, model: type[models.Model], value: Any) -> models.Model | None:
        """An object to put in a foreign-key cache so that ``__str__`` reads no database."""
        if _is_user_model(model):
            return get_user_model()(pk=value, full_name=self.person(value).label, email="")
        return self.objects.get((model, str(value)))


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _user_fields(model: type[models.Model]) -> list[RelatedField[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, RelatedField) and _is_user_model(f.related_model)]


def _rebuild(model: type[models.Model], data: dict[str, Any]) -> models.Model | None:
    """A row from its columns as JSON, to describe it (``__str__``); never saved."""
    try:
        obj = model(**{f.attname: data[f.attname] for f in model._meta.concrete_fields if f.attname in data})
    except Exception:
        return None
    obj._state.adding = False
    return obj


def _valid_pk(model: type[models.Model], value: Any) -> bool:
    """Whether ``value`` can be a primary key of ``model`` (a damaged row must not break the page)."""
    try:
        if isinstance(model._meta.pk, models.UUIDField):
            uuid.UUID(str(value))
        else:
            model._meta.pk.to_python(value)
    except Exception:
        return False
    return True


def _verbose_name(model: type[models.Model]) -> str:
    return _capital(str(model._meta.verbose_name))


def _capital(text: str) -> str:
    """The text with a capital first letter; the rest as written (``IP-adres``, not ``Ip-adres``)."""
    return text[:1].upper() + text[1:]


LABEL_FIELDS = ("name", "naam", "title", "titel", "email", "cbs_code")


def describe(model: type[models.Model] | None, data: dict[str, Any], refs: References, *, depth: int = 0) -> str:
    """The description of a row from its stored values: its ``__str__``, else a name field.

    The row is rebuilt from the snapshot with its foreign keys filled from ``refs``, so the
    description costs no query (one that would is refused, and a name field is used).
    """
    if model is None:
        return ""
    fields = fields_by_column(model)
    try:
        values = {f.attname: data[column] for column, f in fields.items() if column in data}
        obj = model(**values)
    except Exception:
        obj = None
    if obj is not None:
        for column, model_field in fields.items():
            if isinstance(model_field, RelatedField) and data.get(column) is not None:
                target = refs.stand_in(model_field.related_model, data[column])
                if target is None and depth == 0:
                    target = _snapshot_object(model_field.related_model, data[column], refs)
                if target is not None:
                    model_field.set_cached_value(obj, target)
        text = _safe_str(obj)
        if text:
            return text
    for name in LABEL_FIELDS:
        if data.get(name):
            return str(data[name])
    return ""


def _snapshot_object(model: type[models.Model], value: Any, refs: References) -> models.Model | None:
    """A removed related row rebuilt from its snapshot on the page (for ``__str__`` only)."""
    snapshot = refs.snapshots.get((model, str(value)))
    if snapshot is None:
        return None
    fields = fields_by_column(model)
    try:
        return model(**{f.attname: snapshot[c] for c, f in fields.items() if c in snapshot and not f.is_relation})
    except Exception:
        return None


def field_order(model: type[models.Model] | None) -> Callable[[str], tuple[int, str]]:
    """A sort key for columns: the order in which the model declares its fields."""
    positions = {f.column: index for index, f in enumerate(model._meta.concrete_fields)} if model else {}
    return lambda column: (positions.get(column, len(positions)), column)


def verbose_name(model: type[models.Model]) -> str:
    """The model's Dutch name with a capital (``API-token`` stays ``API-token``)."""
    return _verbose_name(model)
