"""Reading the change history (django-pghistory events) of one gemeente.

The events of all tracked gemeente models are aggregated with pghistory's ``Events`` query
(one CTE over the event tables). Two walls keep gemeenten apart, as everywhere:

1. :func:`events_for` adds an explicit ``gemeente_id = <active gemeente>`` condition inside the
   scan of every event table (``pgh_obj_id`` for the gemeente's own history), so the query is
   correct even without row-level security;
2. row-level security on the event tables limits the rows again in the database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from pghistory.models import Event, Events, EventsQuery, EventsQueryCompiler, EventsQuerySet

from lib.querysets import Member
from lib.tenancy import policy_for, tenant_model

# Fields never shown in the change table: bookkeeping, or hashes of secrets.
HIDDEN_FIELDS = frozenset({"version", "updated_at", "key_hash", "code_hash"})
# Also left out of a full snapshot (insert/delete): shown elsewhere in the row.
SNAPSHOT_HIDDEN = HIDDEN_FIELDS | {"id", "gemeente_id"}
LABEL_FIELDS = ("name", "title", "titel", "naam", "email", "cbs_code")

ACTIONS = {"insert": "aangemaakt", "update": "gewijzigd", "delete": "verwijderd"}
# How a person outside the gemeente appears: never by name or e-mail address.
PLATFORMBEHEER = "platformbeheer"
SYSTEEM = "systeem"
ORIGINS = {"web": "webapplicatie", "api": "API", "command": "beheeropdracht"}


# --- the scoped Events query ------------------------------------------------------------------


class _ScopedCompiler(EventsQueryCompiler):
    """Adds the gemeente (and optional object id) to the WHERE of each event table's scan."""

    def _get_where_clause(self, event_model: type[models.Model]) -> str:
        base = super()._get_where_clause(event_model)
        scope = getattr(self.query, "scope", None)
        if scope is None:
            return base
        column = _scope_column(event_model)
        conditions = []
        with self.connection.cursor() as cursor:
            if column is None:
                conditions.append("FALSE")
            else:
                conditions.append(cursor.mogrify(f"_event.{column} = %s", [str(scope["gemeente"])]))
            if scope.get("object_id") is not None:
                if _has_uuid_pk(event_model):
                    conditions.append(cursor.mogrify("_event.pgh_obj_id = %s", [str(scope["object_id"])]))
                else:
                    conditions.append("FALSE")
        sql = " AND ".join(c.decode() if isinstance(c, bytes) else c for c in conditions)
        if base:
            return f"{base} AND {sql}"
        return f"WHERE {sql}"


class _ScopedQuery(EventsQuery):
    scope: dict[str, Any] | None = None

    def get_compiler(self, *args: Any, **kwargs: Any) -> Any:
        compiler = super().get_compiler(*args, **kwargs)
        compiler.__class__ = _ScopedCompiler
        return compiler


class _ScopedQuerySet(EventsQuerySet):
    def __init__(self, model: Any = None, query: Any = None, using: Any = None, hints: Any = None) -> None:
        super().__init__(model, query if query is not None else _ScopedQuery(model), using, hints)


def _scope_column(event_model: type[models.Model]) -> str | None:
    """The column holding the gemeente in an event table, or None if it has none."""
    if event_model.pgh_tracked_model is tenant_model():  # type: ignore[attr-defined]
        return "pgh_obj_id"
    names = {f.column for f in event_model._meta.concrete_fields}
    return "gemeente_id" if "gemeente_id" in names else None


def _has_uuid_pk(event_model: type[models.Model]) -> bool:
    return isinstance(event_model.pgh_tracked_model._meta.pk, models.UUIDField)  # type: ignore[attr-defined]


def tracked_event_models() -> list[type[models.Model]]:
    """Event models of every tracked model that holds gemeente data, by verbose name."""
    found = [
        model
        for model in apps.get_models()
        if issubclass(model, Event)
        and not model._meta.abstract
        and not model._meta.proxy
        and hasattr(model, "pgh_obj")
        and policy_for(model) is not None
        and _scope_column(model) is not None
    ]
    return sorted(found, key=lambda m: str(m.pgh_tracked_model._meta.verbose_name))  # type: ignore[attr-defined]


def object_type_choices() -> list[tuple[str, str]]:
    """(label_lower, Dutch verbose name) of every tracked gemeente model."""
    result = []
    for model in tracked_event_models():
        tracked = model.pgh_tracked_model  # type: ignore[attr-defined]
        result.append((tracked._meta.label_lower, str(tracked._meta.verbose_name).capitalize()))
    return result


@dataclass(frozen=True)
class HistoryFilter:
    """Cleaned filter values; every field optional."""

    object_type: str = ""
    object_id: uuid.UUID | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    action: str = ""
    actor_id: int | None = None
    actor_unknown: bool = False  # an e-mail address that matches nobody: empty result
    origin: str = ""


def events_for(membership: Member | None, flt: HistoryFilter | None = None) -> EventsQuerySet:
    """The events of the membership's gemeente, newest first, narrowed by ``flt``."""
    flt = flt or HistoryFilter()
    if membership is None or flt.actor_unknown:
        return Events.objects.none()  # type: ignore[no-any-return]
    event_models = tracked_event_models()
    if flt.object_type:
        event_models = [m for m in event_models if m.pgh_tracked_model._meta.label_lower == flt.object_type]  # type: ignore[attr-defined]
    if not event_models:
        return Events.objects.none()  # type: ignore[no-any-return]
    qs = _ScopedQuerySet(Events).across(*event_models)
    qs.query.scope = {"gemeente": membership.gemeente_id, "object_id": flt.object_id}
    tz = timezone.get_current_timezone()
    if flt.start:
        qs = qs.filter(pgh_created_at__gte=dt.datetime.combine(flt.start, dt.time.min, tzinfo=tz))
    if flt.end:
        qs = qs.filter(pgh_created_at__lt=dt.datetime.combine(flt.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    if flt.action:
        qs = qs.filter(pgh_label=flt.action)
    if flt.actor_id is not None:
        qs = qs.filter(pgh_context__user=flt.actor_id)
    if flt.origin:
        qs = qs.filter(pgh_context__origin=flt.origin)
    return qs.order_by("-pgh_created_at", "pgh_model", "-pgh_id")  # type: ignore[no-any-return]


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """Someone in the history as the gemeente may see them.

    A member of the gemeente (or a former one) by name and e-mail address; anybody else only as
    "platformbeheer" (a platform-beheerder) or "systeem" (a command, or a person of another
    gemeente that a change of ours should never have named).
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
    events = [m for m in tracked_event_models() if m.pgh_tracked_model is membership]  # type: ignore[attr-defined]
    return membership, (events[0] if events else None)  # type: ignore[return-value]


def _of_gemeente(gemeente_id: Any) -> models.Q:
    """A user with a membership in the gemeente now, or one its history records (who left)."""
    membership, membership_events = _membership_models()
    condition = models.Q(Exists(membership._base_manager.filter(user=OuterRef("pk"), gemeente_id=gemeente_id)))
    if membership_events is not None:
        condition |= models.Q(
            Exists(membership_events._base_manager.filter(user_id=OuterRef("pk"), gemeente_id=gemeente_id))
        )
    return condition


def people(ids: set[int], gemeente_id: Any) -> dict[int, Person]:
    """Every id in ``ids`` as the gemeente may see the person, in one query."""
    if not ids:
        return {}
    rows = (
        get_user_model()
        ._base_manager.filter(pk__in=ids)
        .annotate(named=models.ExpressionWrapper(_of_gemeente(gemeente_id), output_field=models.BooleanField()))
        .values_list("pk", "full_name", "email", "is_platform_admin", "named")
    )
    found = {}
    for pk, full_name, email, is_platform_admin, named in rows:
        if named:
            found[pk] = Person(full_name or email, email)
        else:
            found[pk] = Person(PLATFORMBEHEER if is_platform_admin else SYSTEEM)
    return {pk: found.get(pk, NOBODY) for pk in ids}


def person_id_by_email(email: str, gemeente_id: Any) -> int | None:
    """The id of the member (or former member) of the gemeente with this e-mail address."""
    users = get_user_model()._base_manager.filter(_of_gemeente(gemeente_id), email__iexact=email)
    return users.values_list("pk", flat=True).first()  # type: ignore[no-any-return]


# --- presenting events ------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class EventRow:
    at: dt.datetime
    actor_name: str
    actor_email: str
    origin: str
    object_type: str
    object_model: str
    object_id: str
    object_label: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _model_for(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _fields_by_column(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.column: f for f in model._meta.concrete_fields if f.column}


def format_value(value: Any, model_field: models.Field[Any, Any] | None) -> str:
    """A stored JSON value as a Dutch reader sees it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if model_field is not None:
        base = getattr(model_field, "base_field", None)
        choices = dict((base or model_field).flatchoices or [])
        if choices and isinstance(value, list):
            return ", ".join(str(choices.get(v, v)) for v in value)
        if choices:
            return str(choices.get(value, value))
        if isinstance(model_field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                return timezone.localtime(parsed).strftime("%d-%m-%Y %H:%M")
        if isinstance(model_field, models.DateField) and isinstance(value, str):
            parsed_date = parse_date(value)
            if parsed_date is not None:
                return parsed_date.strftime("%d-%m-%Y")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changes(event: Events, fields: dict[str, models.Field[Any, Any]], users: dict[int, Person]) -> list[Change]:
    def show(column: str, value: Any) -> str:
        f = fields.get(column)
        if f is not None and f.is_relation and f.related_model is get_user_model() and value in users:
            return users[value].label
        return format_value(value, f)

    def label(column: str) -> str:
        f = fields.get(column)
        return str(f.verbose_name).capitalize() if f is not None else column

    if event.pgh_label == "update":
        diff = event.pgh_diff or {}
        return [
            Change(label(col), show(col, old), show(col, new))
            for col, (old, new) in diff.items()
            if col not in HIDDEN_FIELDS
        ]
    data = event.pgh_data or {}
    rows = [(col, show(col, val)) for col, val in data.items() if col not in SNAPSHOT_HIDDEN]
    if event.pgh_label == "delete":
        return [Change(label(col), val, "—") for col, val in rows]
    return [Change(label(col), "—", val) for col, val in rows]


def _object_label(data: dict[str, Any], users: dict[int, Person], fields: dict[str, models.Field[Any, Any]]) -> str:
    for name in LABEL_FIELDS:
        if data.get(name):
            return str(data[name])
    parts = []
    user = users.get(data.get("user_id"))  # type: ignore[arg-type]
    if user is not None:
        parts.append(user.label)
    if data.get("role"):
        parts.append(format_value(data["role"], fields.get("role")))
    return " — ".join(parts)


def _user_ids(events: list[Events]) -> set[int]:
    """Every user id on the page: the actors and the values of fields pointing at a user."""
    user_model = get_user_model()
    ids: set[int] = set()
    for event in events:
        values = [(event.pgh_context or {}).get("user")]
        for column, f in _fields_by_column(_model_for(event.pgh_obj_model)).items():
            if f.is_relation and f.related_model is user_model:
                values.append((event.pgh_data or {}).get(column))
                values.extend((event.pgh_diff or {}).get(column) or [])
        ids.update(value for value in values if isinstance(value, int) and not isinstance(value, bool))
    return ids


def present(events: list[Events], *, gemeente_id: Any) -> list[EventRow]:
    """Turn a page of events into rows; resolves every person on the page in ONE query.

    People are named only if they are (or were) members of the gemeente: see :class:`Person`.
    """
    users = people(_user_ids(events), gemeente_id)
    rows = []
    for event in events:
        model = _model_for(event.pgh_obj_model)
        fields = _fields_by_column(model)
        context = event.pgh_context or {}
        actor = users.get(context.get("user"), NOBODY)  # type: ignore[arg-type]
        origin = context.get("origin") or ("command" if context.get("command") else "")
        rows.append(
            EventRow(
                at=timezone.localtime(event.pgh_created_at),
                actor_name=actor.name,
                actor_email=actor.email,
                origin=ORIGINS.get(origin, origin or "onbekend"),
                object_type=str(model._meta.verbose_name).capitalize() if model else event.pgh_obj_model,
                object_model=model._meta.label_lower if model else "",
                object_id=event.pgh_obj_id or "",
                object_label=_object_label(event.pgh_data or {}, users, fields),
                action=ACTIONS.get(event.pgh_label, event.pgh_label),
                changes=_changes(event, fields, users),
            )
        )
    return rows
