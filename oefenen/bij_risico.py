"""The exercises that play or test a risk (their scenario), on the risk's page
(``risicos.extensions.RISICO_SECTIONS``): whether the gemeente has practised what it fears."""

from __future__ import annotations

from typing import Any

from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from organisations.models import Membership
from risicos.extensions import first_with_count

from .models import Oefening

GETOOND = 10


def section(member: Membership, risico: Any) -> SafeString | str:
    """The latest ``GETOOND`` exercises with ``risico`` as their scenario, and their number (one query;
    none for a member who does not read the programme)."""
    found = Oefening.objects.voor(member)
    if found.query.is_empty():
        return ""
    found = found.filter(scenario=risico).order_by(Coalesce("uitgevoerd_op", "gepland_op").desc(), "titel")
    oefeningen, totaal = first_with_count(found, GETOOND)
    context = {"oefeningen": oefeningen, "totaal": totaal, "getoond": GETOOND}
    return render_to_string("oefenen/_bij_risico.html", context)
