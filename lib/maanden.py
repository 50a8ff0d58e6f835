"""The Dutch names of the months, written out and short, for the texts of pages and documents."""

MAANDNAMEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MAANDEN_KORT = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def maandnaam(maand: int) -> str:
    """The written-out name of month ``maand`` (1 to 12): ``maart``."""
    return MAANDNAMEN[maand - 1]
