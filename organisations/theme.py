"""A gemeente's colours as NL Design System theme variables (served as a stylesheet)."""

from __future__ import annotations

from .models import Gemeente


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme_css(gemeente: Gemeente) -> str:
    """Override the voorbeeld theme's basis tokens with the gemeente's own colours."""
    primary, accent = gemeente.primary_colour, gemeente.accent_colour
    return f""".kapstok-gemeente-theme {{
  --basis-color-action-1-inverse-bg-default: {primary};
  --basis-color-action-1-inverse-bg-hover: {primary};
  --basis-color-action-1-inverse-bg-active: {primary};
  --basis-color-action-1-color-default: {primary};
  --basis-color-action-1-color-hover: {primary};
  --basis-color-accent-1-inverse-bg-default: {accent};
  --kapstok-primary: {primary};
  --kapstok-accent: {accent};
}}
"""
