"""The incidents linked to a risk, on the risk's page (``risicos.extensions.RISICO_SECTIONS``): whoever
handles or reads incidents sees there which reports showed the risk, newest first."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from organisations.models import Membership
from risicos.extensions import first_with_count

from .models import Incident

GETOOND = 10


def section(member: Membership, risico: Any) -> SafeString | str:
    """The newest ``GETOOND`` reports linked to ``risico`` that ``member`` reads, and their number (one
    query; none for a member who reads no incidents)."""
    found = Incident.objects.voor_behandeling(member)
    if found.query.is_empty():
        return ""
    found = found.filter(risico_links__risico=risico).select_related("soort").order_by("-datum", "-created_at")
    incidenten, totaal = first_with_count(found, GETOOND)
    context = {"risico": risico, "incidenten": incidenten, "totaal": totaal, "getoond": GETOOND}
    return render_to_string("incidenten/_bij_risico.html", context)
