"""Reading the change history (django-pghistory events) of one gemeente, per action.

The events of all tracked gemeente models are aggregated with pghistory's ``Events`` query
(one CTE over the event tables). Two walls keep gemeenten apart, as everywhere:

1. :func:`events_for` adds an explicit ``gemeente_id = <active gemeente>`` condition inside the
   scan of every event table (``pgh_obj_id`` for the gemeente's own history), so the query is
   correct even without row-level security;
2. row-level security on the event tables limits the rows again in the database.

**Actions.** Every change carries the history context of what caused it (a request, a
service call, a command step: ``pgh_context_id`` with its metadata). A new version of the kader
copies hundreds of rows in one context, so the page shows one entry per context — an action:
who, what (:func:`audit.readable.action_description`), when, how many changes — with its
changes collapsible. :func:`actions_for` pages through actions; :func:`present_actions` loads
the changes of the actions on a page (at most :data:`CHANGES_SHOWN` each) in two queries (the
ids of those changes, then those changes with their before and after, so an action of 100,000
changes costs the diffs of the ones shown); filtering on one action (``handeling``) pages through all its changes instead. A change made
outside any context is an action of its own.

**The newest actions** without a filter come from ``audit.Handeling``: one row per action, kept by
a trigger on every history table (:mod:`audit.handelingen`), read through one index. The changes
of those actions are then read from the history tables they touched only, so neither query plans
or scans the union of all of them. A filter (object, type, period, person, origin, kind) groups
the events themselves, as above.

**Queries per page** do not grow with the data: the count and the page of actions, the changes
of those actions (two), the people on the page, and one query per model that foreign keys on the
page point at (:class:`audit.readable.References`).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models import Count, F, Max, Min, TextField, Window
from django.db.models.functions import Cast, Coalesce, RowNumber
from django.utils import timezone
from pghistory.models import Event, Events, EventsQuery, EventsQueryCompiler, EventsQuerySet

from lib.querysets import Member
from lib.tenancy import policy_for, tenant_model
from lib.textdiff import TextDiff, diff_words, worth_diffing

from .models import Handeling
from .readable import (
    KINDS,
    NOBODY,
    Person,
    References,
    action_description,
    describe,
    field_label,
    field_order,
    fields_by_column,
    format_value,
    is_named_action,
    origin_label,
    verbose_name,
)

# Fields never shown in the change table: bookkeeping, or hashes of secrets.
HIDDEN_FIELDS = frozenset({"version", "updated_at", "key_hash", "code_hash"})
# Also left out of a full snapshot (insert/delete): shown elsewhere on the page.
SNAPSHOT_HIDDEN = HIDDEN_FIELDS | {"id", "gemeente_id", "created_at"}

EMPTY: tuple[Any, ...] = (None, "", [], {})

# Changes of one action shown on the page of actions; the rest behind a link to that action.
CHANGES_SHOWN = 5
# Changes per page when the page shows the changes of one action.
CHANGES_PAGE_SIZE = 50


# --- the scoped Events query ------------------------------------------------------------------


class _ScopedCompiler(EventsQueryCompiler):
    """Adds the gemeente (and optional object id and actions) to the WHERE of each event table's scan.

    Conditions inside the scan keep the work of the CTE (the previous version of every row,
    for the diff) to the rows that can match.
    """

    def _get_where_clause(self, event_model: type[Event]) -> str:
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
            if scope.get("actions") is not None:
                context_ids, event_ids = scope["actions"]
                own_ids = event_ids.get(event_model._meta.label, [])
                either = []
                if context_ids:
                    either.append(cursor.mogrify("_event.pgh_context_id = ANY(%s::uuid[])", [context_ids]))
                if own_ids:
                    either.append(cursor.mogrify("_event.pgh_id = ANY(%s::bigint[])", [own_ids]))
                decoded = [c.decode() if isinstance(c, bytes) else c for c in either]
                conditions.append("(" + " OR ".join(decoded) + ")" if decoded else "FALSE")
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


def tracked_model(event_model: type[Event]) -> type[models.Model]:
    """The model whose changes ``event_model`` records (pghistory sets it on every event model)."""
    tracked = event_model.pgh_tracked_model
    assert tracked is not None, event_model
    return tracked


def _scope_column(event_model: type[Event]) -> str | None:
    """The column holding the gemeente in an event table, or None if it has none."""
    if tracked_model(event_model) is tenant_model():
        return "pgh_obj_id"
    names = {f.column for f in event_model._meta.concrete_fields}
    return "gemeente_id" if "gemeente_id" in names else None


def _has_uuid_pk(event_model: type[Event]) -> bool:
    return isinstance(tracked_model(event_model)._meta.pk, models.UUIDField)


def tracked_event_models() -> list[type[Event]]:
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
    return sorted(found, key=lambda m: str(tracked_model(m)._meta.verbose_name))


def object_type_choices() -> list[tuple[str, str]]:
    """(label_lower, Dutch verbose name) of every tracked gemeente model."""
    result = []
    for model in tracked_event_models():
        tracked = tracked_model(model)
        result.append((tracked._meta.label_lower, verbose_name(tracked)))
    return result


@dataclass(frozen=True)
class HistoryFilter:
    """Cleaned filter values; every field optional."""

    object_type: str = ""
    object_id: uuid.UUID | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    action: str = ""  # the kind of change: insert, update or delete
    actor_id: int | None = None
    actor_unknown: bool = False  # an e-mail address that matches nobody of the gemeente: empty result
    origin: str = ""
    context_id: uuid.UUID | None = None  # one action (history context)


def events_for(
    membership: Member | None,
    flt: HistoryFilter | None = None,
    *,
    action_keys: list[str] | None = None,
    event_ids: dict[str, list[int]] | None = None,
    event_labels: set[str] | None = None,
) -> EventsQuerySet:
    """The events of the membership's gemeente, newest first, narrowed by ``flt``.

    ``action_keys`` (see :func:`actions_for`) narrows to the changes of those actions;
    ``event_ids`` to these events (``pgh_id`` per event model label); ``event_labels`` to the
    history tables of these event models.
    """
    flt = flt or HistoryFilter()
    if membership is None or flt.actor_unknown:
        return Events.objects.none()
    event_models = tracked_event_models()
    if flt.object_type:
        event_models = [m for m in event_models if tracked_model(m)._meta.label_lower == flt.object_type]
    if event_labels is not None:
        event_models = [m for m in event_models if m._meta.label in event_labels]
    if not event_models:
        return Events.objects.none()
    qs = _ScopedQuerySet(Events).across(*event_models)
    keys = [str(flt.context_id)] if flt.context_id is not None else action_keys
    actions = ([], event_ids) if event_ids is not None else _split(keys)
    qs.query.scope = {"gemeente": membership.gemeente_id, "object_id": flt.object_id, "actions": actions}
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
    return qs.order_by("-pgh_created_at", "pgh_model", "-pgh_id")


# --- actions ----------------------------------------------------------------------------------


def _split(keys: list[str] | None) -> tuple[list[str], dict[str, list[int]]] | None:
    """Action keys as context ids, and as event ids per event table (changes without context)."""
    if keys is None:
        return None
    context_ids: list[str] = []
    event_ids: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        if _is_uuid(key):
            context_ids.append(key)
        else:
            label, _, pgh_id = key.rpartition(":")
            if pgh_id.isdigit():
                event_ids[label].append(int(pgh_id))
    return context_ids, dict(event_ids)


# The action of a change: its history context, or the change itself when it has none.
_ACTION_KEY = Coalesce(Cast("pgh_context_id", TextField()), "pgh_slug")
# Within an action: in the order the changes were recorded (per table; one transaction shares
# one timestamp).
_CHANGE_ORDER = (F("pgh_created_at").asc(), F("pgh_model").asc(), F("pgh_id").asc())


def actions_for(membership: Member | None, flt: HistoryFilter | None = None) -> models.QuerySet[Any]:
    """One row per action with changes matching ``flt``, newest first (for the paginator).

    Each row: ``key``, ``at`` (latest change), ``changes`` (how many match), and the number of
    object types and kinds of change with the first of each (to summarise a uniform action);
    without a filter, the history tables and kinds of change of each and no count (:func:`newest_actions`;
    the actions shown are counted with their first changes).
    """
    flt = flt or HistoryFilter()
    if membership is not None and flt == HistoryFilter():
        return newest_actions(membership)
    return grouped_actions(membership, flt)


def grouped_actions(membership: Member | None, flt: HistoryFilter) -> models.QuerySet[Any]:
    """The rows of :func:`actions_for`, grouped from the events themselves (one query over the
    history tables): for a filter, which the table of actions does not know."""
    return (
        events_for(membership, flt)
        .order_by()
        .annotate(key=_ACTION_KEY)
        .values("key")
        .annotate(
            at=Max("pgh_created_at"),
            changes=Count("pgh_slug"),
            object_types=Count("pgh_obj_model", distinct=True),
            object_type=Min("pgh_obj_model"),
            kinds=Count("pgh_label", distinct=True),
            kind=Min("pgh_label"),
            # Actions of one transaction share a timestamp; the event ids (per table) still
            # tell which came last.
            last_id=Max("pgh_id"),
        )
        .order_by("-at", "-last_id", "-key")
    )


def newest_actions(membership: Member) -> models.QuerySet[Any]:
    """Every action of the gemeente, newest first (of one transaction's, the one recorded last),
    from the table the history triggers keep (:mod:`audit.handelingen`): the rows of :func:`actions_for` without a filter, with the history
    tables (``modellen``) and kinds of change (``soorten``) of each instead of their counts."""
    return (
        Handeling.objects.filter(gemeente_id=membership.gemeente_id)
        .order_by("-tijdstip", "-id")
        .values("modellen", "soorten", key=F("sleutel"), at=F("tijdstip"))
    )


def _event_labels(actions: list[dict[str, Any]]) -> set[str] | None:
    """The history tables the actions touched, when the rows say so (:func:`newest_actions`)."""
    if not actions or any("modellen" not in row for row in actions):
        return None
    return {label for row in actions for label in row["modellen"]}


def _changes_of(
    membership: Member, flt: HistoryFilter, keys: list[str], limit: int, event_labels: set[str] | None = None
) -> tuple[list[Events], dict[str, int] | None]:
    """The first ``limit`` matching changes of each action in ``keys``, in two queries, and for
    rows of :func:`newest_actions` how many changes each action has (else ``None``).

    The first query ranks the changes of those actions and keeps only their ids (no diffs are
    computed); the second reads those changes with their diffs. An import that changed 100,000
    rows in one action so costs its first ``limit`` diffs, not all of them.
    """
    if not keys:
        return [], None
    counts: dict[str, int] | None = None
    if event_labels is not None and flt == HistoryFilter():
        chosen, counts = _first_changes(membership, keys, event_labels, limit)
    else:
        chosen = _ranked_changes(membership, flt, keys, limit, event_labels)
    if not chosen:
        return [], counts
    found = (
        events_for(membership, flt, event_ids=dict(chosen), event_labels=event_labels)
        .annotate(key=_ACTION_KEY)
        .order_by(*_CHANGE_ORDER)
    )
    return list(found), counts


def _ranked_changes(
    membership: Member, flt: HistoryFilter, keys: list[str], limit: int, event_labels: set[str] | None
) -> dict[str, list[int]]:
    """The ids of the first ``limit`` changes matching ``flt`` of each action, per event model."""
    ranked = (
        events_for(membership, flt, action_keys=keys, event_labels=event_labels)
        .annotate(key=_ACTION_KEY)
        .filter(key__in=keys)
        .annotate(rank=Window(RowNumber(), partition_by=[F("key")], order_by=list(_CHANGE_ORDER)))
        .filter(rank__lte=limit)
        .order_by()
        .values_list("pgh_model", "pgh_id")
    )
    chosen: dict[str, list[int]] = defaultdict(list)
    for label, pgh_id in ranked:
        chosen[label].append(pgh_id)
    return chosen


def _first_changes(
    membership: Member, keys: list[str], event_labels: set[str], limit: int
) -> tuple[dict[str, list[int]], dict[str, int]]:
    """The ids of the first ``limit`` changes of each action, per event model, and the number of
    changes of each action (:func:`_first_events`)."""
    chosen: dict[str, list[int]] = defaultdict(list)
    counts: dict[str, int] = {}
    for first in _first_events(membership, keys, event_labels, limit):
        chosen[first.label].append(first.pgh_id)
        counts[first.key] = first.count
    return chosen, counts


@dataclass(frozen=True)
class FirstEvent:
    """One of the first changes of an action (:func:`_first_events`), with the action's count."""

    label: str  # the event model
    pgh_id: int
    key: str  # the action
    context: dict[str, Any] | None
    count: int  # how many changes the action has, over every history table


def _first_events(membership: Member, keys: list[str], event_labels: set[str], limit: int) -> list[FirstEvent]:
    """The first ``limit`` changes of each action, in the order recorded, with the number of changes
    of each action, read from the history tables the actions touched only: per table and context
    the count and the first ``limit`` by time (from the index of :func:`audit.handelingen.index_name`,
    which holds the gemeente, so counting needs no table rows), then ranked per action. No diffs, no
    union of every history table; one query."""
    split = _split(keys)
    assert split is not None
    context_ids, own_ids = split
    parts: list[str] = []
    params: list[Any] = []
    for model in tracked_event_models():
        label = model._meta.label
        if label not in event_labels:
            continue
        table, scope = connection.ops.quote_name(model._meta.db_table), _scope_column(model)
        if context_ids:
            # n: the action's changes in this table, on its first row here only (summed below).
            parts.append(
                "SELECT %s::text AS model, x.pgh_id, x.pgh_created_at, k.id::text AS sleutel, x.pgh_context, "  # noqa: S608
                "CASE WHEN x.eerste THEN c.n ELSE 0 END AS n "
                f"FROM unnest(%s::uuid[]) AS k(id) CROSS JOIN LATERAL (SELECT count(*) AS n FROM {table} e "
                f"WHERE e.{scope} = %s AND e.pgh_context_id = k.id) c CROSS JOIN LATERAL (SELECT e.pgh_id, "
                "e.pgh_created_at, e.pgh_context, row_number() OVER (ORDER BY e.pgh_created_at, e.pgh_id) = 1 "
                f"AS eerste FROM {table} e WHERE e.{scope} = %s AND e.pgh_context_id = k.id "
                "ORDER BY e.pgh_created_at, e.pgh_id LIMIT %s) x"
            )
            params += [label, context_ids, membership.gemeente_id, membership.gemeente_id, limit]
        if own_ids.get(label):
            parts.append(
                f"SELECT %s::text AS model, pgh_id, pgh_created_at, %s || ':' || pgh_id AS sleutel, pgh_context, 1 AS n "  # noqa: S608
                f"FROM {table} WHERE {scope} = %s AND pgh_id = ANY(%s::bigint[])"
            )
            params += [label, label, membership.gemeente_id, own_ids[label]]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT model, pgh_id, sleutel, pgh_context, totaal FROM (SELECT *, row_number() OVER "  # noqa: S608
            "(PARTITION BY sleutel ORDER BY pgh_created_at, model, pgh_id) AS rang, "
            "sum(n) OVER (PARTITION BY sleutel) AS totaal FROM ("
            + " UNION ALL ".join(parts)
            + ") AS u) AS r WHERE rang <= %s ORDER BY sleutel, rang",
            [*params, limit],
        )
        return [
            FirstEvent(label, pgh_id, key, json.loads(context) if isinstance(context, str) else context, int(total))
            for label, pgh_id, key, context, total in cursor.fetchall()
        ]


# --- presenting changes -----------------------------------------------------------------------


@dataclass
class Change:
    """One field of a change: its label and the value before and after, readable.

    ``diff`` marks the words that changed when the field is a long text (lib.textdiff).
    """

    label: str
    before: str
    after: str
    diff: TextDiff | None = None


@dataclass
class EventRow:
    """One change of one row (an event), ready for the page and the CSV export."""

    at: dt.datetime
    actor: Person
    origin: str
    action: str  # what the person did (the action's description)
    context_id: str
    context: dict[str, Any]
    object_type: str
    object_model: str
    object_id: str
    object_label: str
    kind: str  # aangemaakt, gewijzigd, verwijderd
    changes: list[Change] = field(default_factory=list)

    @property
    def actor_name(self) -> str:
        return self.actor.name

    @property
    def actor_email(self) -> str:
        return self.actor.email


def _model_for(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _changes(event: Events, model: type[models.Model] | None, refs: References) -> list[Change]:
    fields = fields_by_column(model)
    order = field_order(model)

    def change(column: str, before: Any, after: Any) -> Change:
        f = fields.get(column)
        diff = diff_words(before, after) if worth_diffing(before, after) else None
        return Change(field_label(column, f), format_value(before, f, refs), format_value(after, f, refs), diff)

    if event.pgh_label == "update":
        diff = event.pgh_diff or {}
        return [change(col, *diff[col]) for col in sorted(diff, key=order) if col not in HIDDEN_FIELDS]
    data = event.pgh_data or {}
    # A new or removed row: the fields that have a value.
    columns = sorted((col for col in data if col not in SNAPSHOT_HIDDEN and data[col] not in EMPTY), key=order)
    if event.pgh_label == "delete":
        return [change(col, data[col], None) for col in columns]
    return [change(col, None, data[col]) for col in columns]


def present(events: list[Events], *, gemeente_id: Any) -> list[EventRow]:
    """Turn changes into readable rows.

    Costs one query for every person on the page (named only if they are, or were, members of
    the gemeente: see :class:`audit.readable.Person`) and one per model that the foreign keys
    on the page point at, however many changes there are.
    """
    refs = References(gemeente_id)
    models_of = [_model_for(event.pgh_obj_model) for event in events]
    for event, model in zip(events, models_of, strict=True):
        refs.add(get_user_model(), (event.pgh_context or {}).get("user"))
        refs.add_event_values(fields_by_column(model), event.pgh_data or {}, event.pgh_diff or {}, skip=SNAPSHOT_HIDDEN)
        if model is not None:
            refs.add_snapshot(model, event.pgh_obj_id, event.pgh_data or {})
    refs.resolve()
    rows = []
    for event, model in zip(events, models_of, strict=True):
        context = event.pgh_context or {}
        rows.append(
            EventRow(
                at=timezone.localtime(event.pgh_created_at),
                actor=refs.person(context.get("user")),
                origin=origin_label(context),
                action=action_description(context),
                context_id=str(event.pgh_context_id or ""),
                context=context,
                object_type=verbose_name(model) if model else event.pgh_obj_model,
                object_model=model._meta.label_lower if model else "",
                object_id=event.pgh_obj_id or "",
                object_label=describe(model, event.pgh_data or {}, refs),
                kind=KINDS.get(event.pgh_label, event.pgh_label),
                changes=_changes(event, model, refs),
            )
        )
    return rows


# --- presenting actions -----------------------------------------------------------------------


@dataclass
class Action:
    """One action: who did what and when, how many changes, and (some of) those changes."""

    key: str
    context_id: str  # "" for a change made outside any history context
    at: dt.datetime
    actor: Person
    origin: str
    description: str
    count: int
    summary: str  # "Partnerorganisatie aangemaakt" when every change is of one kind, else ""
    changes: list[EventRow]

    @property
    def more(self) -> int:
        """How many of the action's changes are not on this page."""
        return max(self.count - len(self.changes), 0)


def _merged_context(rows: list[EventRow]) -> dict[str, Any]:
    """The metadata of an action: the first value of each key over its changes, in order."""
    merged: dict[str, Any] = {}
    for row in rows:
        for key, value in row.context.items():
            merged.setdefault(key, value)
    return merged


def _summary(row: dict[str, Any]) -> str:
    """ "<type> <kind>" when every change of the action is of one kind of one object type."""
    if "modellen" in row:  # a row of newest_actions
        if len(row["modellen"]) != 1 or len(row["soorten"]) != 1:
            return ""
        event_model = apps.get_model(row["modellen"][0])
        object_type, kind = tracked_model(event_model)._meta.label, row["soorten"][0]
    else:
        if row.get("object_types") != 1 or row.get("kinds") != 1:
            return ""
        object_type, kind = row["object_type"], row["kind"]
    model = _model_for(object_type)
    name = verbose_name(model) if model else object_type
    return f"{name} {KINDS.get(kind, kind)}"


def _action(key: str, rows: list[EventRow], *, count: int, at: dt.datetime, summary: str) -> Action:
    context = _merged_context(rows)
    if is_named_action(context):
        summary = ""  # the description says it already
    actor = next((row.actor for row in rows if "user" in row.context), NOBODY)
    return Action(
        key=key,
        context_id=key if _is_uuid(key) else "",
        at=timezone.localtime(at),
        actor=actor,
        origin=origin_label(context),
        description=action_description(context),
        count=count,
        summary=summary,
        changes=rows,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def present_actions(actions: list[dict[str, Any]], membership: Member, flt: HistoryFilter) -> list[Action]:
    """The actions of a page (rows of :func:`actions_for`) with their first changes."""
    keys = [row["key"] for row in actions]
    events, counts = _changes_of(membership, flt, keys, CHANGES_SHOWN, _event_labels(actions))
    rows_by_key: dict[str, list[EventRow]] = defaultdict(list)
    for event, row in zip(events, present(events, gemeente_id=membership.gemeente_id), strict=True):
        rows_by_key[event.key].append(row)  # type: ignore[attr-defined]  # the action key annotated in _changes_of
    return [
        _action(
            row["key"],
            rows_by_key[row["key"]],
            count=counts.get(row["key"], 0) if counts is not None else row["changes"],
            at=row["at"],
            summary=_summary(row),
        )
        for row in actions
    ]


def summarise_actions(membership: Member, actions: list[dict[str, Any]]) -> list[Action]:
    """Rows of :func:`newest_actions` as actions without their changes — who did what, when, how
    many changes — for the start page: the contexts of their first changes and their counts (one
    query over the history tables they touched) and the people (one query); no diffs."""
    if not actions:
        return []
    first = _first_events(membership, [row["key"] for row in actions], _event_labels(actions) or set(), CHANGES_SHOWN)
    refs = References(membership.gemeente_id)
    contexts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    counts: dict[str, int] = {}
    for event in first:
        contexts[event.key].append(event.context or {})
        counts[event.key] = event.count
        refs.add(get_user_model(), (event.context or {}).get("user"))
    refs.resolve()
    found = []
    for row in actions:
        merged: dict[str, Any] = {}
        for context in contexts[row["key"]]:
            for name, value in context.items():
                merged.setdefault(name, value)
        user = next((context["user"] for context in contexts[row["key"]] if "user" in context), None)
        found.append(
            Action(
                key=row["key"],
                context_id=row["key"] if _is_uuid(row["key"]) else "",
                at=timezone.localtime(row["at"]),
                actor=refs.person(user) if user is not None else NOBODY,
                origin=origin_label(merged),
                description=action_description(merged),
                count=counts.get(row["key"], 0),
                summary="" if is_named_action(merged) else _summary(row),
                changes=[],
            )
        )
    return found


def changes_of_action(membership: Member | None, flt: HistoryFilter) -> EventsQuerySet:
    """The matching changes of the one action ``flt.context_id``, in the order recorded."""
    return events_for(membership, flt).order_by(*_CHANGE_ORDER)


def present_one_action(events: list[Events], *, count: int, gemeente_id: Any) -> list[Action]:
    """A page of the changes of one action (filter ``handeling``), as that one action."""
    if not events:
        return []
    rows = present(events, gemeente_id=gemeente_id)
    key = str(events[0].pgh_context_id or events[0].pgh_slug)
    return [_action(key, rows, count=count, at=max(event.pgh_created_at for event in events), summary="")]
