"""API resources of the integraal veiligheidsplan: velden and themes, indicators and measurements,
the analysis import, plans with their steps, priorities and goals, programmes and actions.

Every operation calls the same services and scoping as the pages (``ivp.services``,
``visible_to``); ``api.api`` turns each refusal into its problem (403, 409, 412). A ketenpartner's
token reads the plan and changes only the progress of its organisation's actions.

One module per part, each with its own router of plain operations; this one joins them.
"""

from __future__ import annotations

from ninja import Router

from . import analyse, imports, plan, programma, themas

router = Router()
router.add_router("", plan.router)
router.add_router("", themas.router)
router.add_router("", analyse.router)
router.add_router("", imports.router)
router.add_router("", programma.router)

__all__ = ["router"]
