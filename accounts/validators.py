from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PRODUCT_WORDS = ("kapstok", "gemeente", "wachtwoord", "welkom", "veiligheid")


class ProductWordsValidator:
    """Refuse passwords built around words everyone here would guess first."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        for word in PRODUCT_WORDS:
            if word in lowered and len(lowered) - len(word) < 8:
                raise ValidationError(
                    _("Dit wachtwoord lijkt te veel op '%(word)s'. Kies iets dat moeilijker te raden is."),
                    code="password_product_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Uw wachtwoord mag niet vooral bestaan uit voor de hand liggende woorden als 'Kapstok'.")
