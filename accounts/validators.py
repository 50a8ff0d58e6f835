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


# Dutch wording for Django's own validators, by error code (Django's Dutch catalogue lacks
# some of the current messages).
_DUTCH = {
    "password_too_short": "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
    "password_too_similar": "Dit wachtwoord lijkt te veel op uw %(verbose_name)s.",
    "password_too_common": "Dit wachtwoord wordt te vaak gebruikt en is daardoor makkelijk te raden.",
    "password_entirely_numeric": "Dit wachtwoord bestaat alleen uit cijfers.",
}


def validate_password_dutch(password: str, user: Any = None) -> None:
    """Run the configured password validators; raise their errors in Dutch."""
    from django.contrib.auth import password_validation

    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError([_dutch(error) for error in exc.error_list]) from None


def _dutch(error: ValidationError) -> ValidationError:
    template = _DUTCH.get(error.code or "")
    if template is None:
        return error
    return ValidationError(template % (error.params or {}), code=error.code)
