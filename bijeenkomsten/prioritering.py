"""The results of a plan's closed sessions on the IVP's priorities page (``ivp.extensions``).

Two queries: the closed sessions of the plan with their questions, and their results.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from lib.permissions import allowed

from .models import Bijeenkomst, Resultaat, Soort, Status


def section(member: Any, plan: Any) -> SafeString | str:
    sessions = list(Bijeenkomst.objects.visible_to(member).filter(plan=plan, status=Status.GESLOTEN).order_by("-datum"))
    if not sessions:
        return ""
    results = (
        Resultaat.objects.visible_to(member)
        .filter(bijeenkomst__in=sessions)
        .exclude(vraag__soort=Soort.OPEN)
        .select_related("vraag")
        .order_by("vraag__volgorde", "naam")
    )
    per_session: dict[Any, dict[Any, dict[str, Any]]] = {b.pk: {} for b in sessions}
    for r in results:
        vragen = per_session[r.bijeenkomst_id]
        vragen.setdefault(r.vraag_id, {"vraag": r.vraag, "resultaten": []})["resultaten"].append(r)
    context = {
        "plan": plan,
        "sessies": [{"bijeenkomst": b, "vragen": list(per_session[b.pk].values())} for b in sessions],
        "mag_overnemen": plan.is_concept and allowed("ivp.edit", role=member.role),
    }
    return render_to_string("bijeenkomsten/_prioritering.html", context)
