"""Act: what the findings of the PDCA cycle bring into the kader, as the kader's own pages show it."""

from __future__ import annotations

from django.urls import reverse

from kader.hooks import Contribution
from kader.models import KaderVersie

from .models import Bevinding


def opgenomen_in(versie: KaderVersie) -> list[Contribution]:
    """The findings taken up into ``versie``, with their activity (one query); registered in ``kader.hooks``
    by ``PdcaConfig.ready``."""
    found = (
        Bevinding.objects.filter(gemeente_id=versie.gemeente_id, verwerkt_in=versie)
        .select_related("activiteit")
        .order_by("activiteit__gepland_op", "created_at")
    )
    return [
        Contribution(
            tekst=bevinding.tekst,
            bron=f"{bevinding.activiteit.titel}, {bevinding.get_soort_display().lower()}",
            url=reverse("pdca:activiteit", args=[bevinding.activiteit_id]) + f"#bevinding-{bevinding.pk}",
        )
        for bevinding in found
    ]
