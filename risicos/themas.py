"""The link between the veiligheidsplan (IVP) and the risk register: a theme of veld 5
(integriteit en veiligheid) points to the risks and measures that make it concrete.

The link is kept on the register's side: whoever may change a risk or measure links it to a
theme of veld 5 or removes the link (``services.link_thema``, ``services.unlink_thema``); the IVP's theme page shows the linked risks
and measures through ``ivp.extensions.THEMA_SECTIONS`` (:func:`section`), without the IVP
importing this app.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from ivp.models import Thema
from lib.permissions import allowed
from organisations.models import Membership

from .models import Maatregel, Risico, ThemaMaatregel, ThemaRisico
from .services import link_model


def veld_5_themas(member: Membership) -> Any:
    """The themes of veld 5 of the member's gemeente, in the veld's order (one query when listed)."""
    return Thema.objects.visible_to(member).filter(veld__nummer=5).select_related("veld").order_by("volgorde", "naam")


def links_of(member: Membership, obj: Risico | Maatregel) -> list[Any]:
    """The links of a risk or measure with their themes (one query)."""
    model, field = link_model(obj)
    return list(
        model.objects.visible_to(member).filter(**{field: obj}).select_related("thema__veld").order_by("thema__naam")
    )


def section(member: Membership, thema: Any) -> SafeString | str:
    """The risks and measures a theme of veld 5 points to, for the IVP's theme page (two queries)."""
    if not thema.links_to_kader or not allowed("risicos.view", role=member.role):
        return ""
    risicos = (
        ThemaRisico.objects.visible_to(member)
        .filter(thema=thema)
        .select_related("risico__matrix")
        .order_by("risico__titel")
    )
    maatregelen = (
        ThemaMaatregel.objects.visible_to(member)
        .filter(thema=thema)
        .select_related("maatregel")
        .order_by("maatregel__titel")
    )
    context = {"risicos": [k.risico for k in risicos], "maatregelen": [k.maatregel for k in maatregelen]}
    return render_to_string("risicos/thema_sectie.html", context)
