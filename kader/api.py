"""Placeholder while the kader API is rewritten on its own branch (feat/kader-api)."""

from ninja import Router

router = Router(tags=["kader"])
