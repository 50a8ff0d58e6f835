"""API operations of the veiligheidsplan: themas."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["veiligheidsplan"], by_alias=True)
