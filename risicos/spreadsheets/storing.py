"""A checked plan stored in the register: all rows in one transaction, or none.

New rows and links through ``lib.bulk.copy_create`` (``COPY``, then ``INSERT … SELECT``), changed
rows with ``bulk_update`` in batches, so 10,000 rows take seconds (bench/risicos.py);
the history triggers record every row, under the audit context ``risicos.import.<register>``.
A risk's levels and (for a new risk without one) its review date are computed as
``services.add_risico``/``edit_risico`` compute them, and a change of scores clears "opnieuw
beoordelen" as an edit does. Before writing, the rows the plan changes are locked and their
versions compared with the plan's: a row edited meanwhile refuses the whole import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pghistory
from django.db import IntegrityError, transaction
from django.utils import timezone

from lib.bulk import copy_create
from lib.errors import StateConflict
from organisations.models import Membership

from .. import services
from ..models import Risico
from .plan import LINKS, STALE, Plan

BATCH = 1000
DERIVED = {"risicos": ["bruto_niveau", "netto_niveau", "herbeoordelen"]}
LINK_FIELDS = {"bedrijfsmiddelen", "risicos"}


def store(by: Membership, plan: Plan, progress: Callable[[int, int], None] | None = None) -> None:
    if not plan.foutloos:
        raise StateConflict(
            "Dit bestand bevat fouten; er is niets opgeslagen. Verbeter het bestand en lees het opnieuw in."
        )
    register = plan.register
    model: Any = register.model
    total = len(plan.nieuw) + len(plan.gewijzigd)
    with transaction.atomic(), pghistory.context(user=by.user_id, action=f"risicos.import.{register.key}"):
        _lock(model, plan.versies)
        if register.key == "risicos":
            _levels(plan)
        now = timezone.now()
        try:
            copy_create(plan.nieuw, progress=(lambda done, _n: progress(done, total)) if progress else None)
            fields = sorted({f for _obj, changed in plan.gewijzigd for f in changed} - LINK_FIELDS)
            fields += [*DERIVED.get(register.key, []), "version", "updated_at"]
            for obj, _changed in plan.gewijzigd:
                obj.version += 1
                obj.updated_at = now
            for start in range(0, len(plan.gewijzigd), BATCH):
                batch = [obj for obj, _changed in plan.gewijzigd[start : start + BATCH]]
                model.objects.bulk_update(batch, fields)
                if progress:
                    progress(len(plan.nieuw) + start + len(batch), total)
            _links(plan)
        except IntegrityError:
            raise StateConflict(STALE) from None


def _lock(model: Any, versies: dict[str, int]) -> None:
    if not versies:
        return
    found = {
        str(pk): version
        for pk, version in model.objects.select_for_update().filter(pk__in=list(versies)).values_list("pk", "version")
    }
    if found != versies:
        raise StateConflict(STALE)


def _levels(plan: Plan) -> None:
    for obj in plan.nieuw:
        services.score_levels(obj)  # the services' own computation of the levels
        if obj.volgende_review is None:
            obj.volgende_review = services.review_date(obj.matrix, obj.niveau)
    for obj, changed in plan.gewijzigd:
        services.score_levels(obj)
        if changed & set(Risico.SCORE_FIELDS):
            obj.herbeoordelen = False


def _links(plan: Plan) -> None:
    """The wanted links of the rows whose links change: the others removed, the new ones added."""
    if plan.register.key not in LINKS or not plan.links:
        return
    model, own, other = LINKS[plan.register.key]
    gemeente_id = next(iter([*plan.nieuw, *(obj for obj, _c in plan.gewijzigd)])).gemeente_id
    have: dict[Any, set[Any]] = {}
    remove = []
    changed = [obj.pk for obj, _changed in plan.gewijzigd if obj.pk in plan.links]  # new rows have no links yet
    for pk, mine, theirs in model.objects.filter(**{f"{own}__in": changed}).values_list("pk", own, other):
        if theirs in plan.links[mine]:
            have.setdefault(mine, set()).add(theirs)
        else:
            remove.append(pk)
    if remove:
        model.objects.filter(pk__in=remove).delete()
    copy_create(
        [
            model(gemeente_id=gemeente_id, **{own: mine, other: theirs})
            for mine, wanted in plan.links.items()
            for theirs in wanted - have.get(mine, set())
        ]
    )
