"""API operations of the veiligheidsplan: plan."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["veiligheidsplan"], by_alias=True)
