"""API resources of the risk register: assets, threats, the risk matrix and its changes, risks with
their chain and acceptances, measures with their links, checks and conflicts, and the analyses.

Every operation calls the same services, scoping and filters as the pages (``risicos.services``,
``visible_to``, ``risicos.filters``), so the rules are the same: reading needs ``risicos.view``
(a ketenpartner or melder gets 403), a thema-eigenaar changes only what has one of their themes,
an acceptance is the coördinator's or bestuurder's, the matrix and the threats the coördinator's.
One object comes with its ETag; every change of an existing object needs that ETag in If-Match.

One module per part, each with its own router of plain operations; this one joins them. Every read
is kept per gemeente revision (api.kept), as the register's pages are.
"""

from __future__ import annotations

from ninja import Router

from api.kept import kept_reads

from . import analyse, maatregelen, register, risicos

router = Router()
router.add_router("", register.router)
router.add_router("", risicos.router)
router.add_router("", maatregelen.router)
router.add_router("", analyse.router)
router.add_decorator(kept_reads, mode="operation")

__all__ = ["router"]
