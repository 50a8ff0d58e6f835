"""API resources of the strategisch kader: versions, their parts, the checklist and the workflow.

Every operation calls the same services and scoping as the kader pages (``kader.services``,
``visible_to``), so the rules are the same: only a concept can be changed, an adopted version
never. The services refuse what the token's membership may not do (its role, a thema-eigenaar
outside their themes), a version in the wrong state and a stale version; ``api.api`` turns each
refusal into its problem (403, 409, 412). Reading needs ``kader.view``, which the read operations
check themselves. One object comes with its ETag; every change of an existing object needs that
ETag in If-Match.

Transitions of a version are sub-resources that take a POST (NL API Design Rules,
/core/resource-operations): ``indiening`` (ter besluitvorming), ``terugzetting`` (back to
concept) and ``vaststelling`` (adopted).

One module per step, each with its own router of plain operations; this one joins them.
"""

from __future__ import annotations

from ninja import Router

from . import activiteiten, doelen, kwaliteitssysteem, scope, versies

router = Router()
router.add_router("", versies.router)
router.add_router("", scope.router)
router.add_router("", kwaliteitssysteem.router)
router.add_router("", doelen.router)
router.add_router("", activiteiten.router)

__all__ = ["router"]
