"""Forms of the veiligheidsanalyse: validation only; the services do the writing.

A figure is checked by :func:`ivp.analysis.meting_fouten`, the same rules as the API, so a year
1800, month 13 or a number of 10^15 gets the same Dutch message on the page as in the API.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from lib.forms import Form, NldsFormMixin
from lib.maanden import MAANDNAMEN

from .analysis import JAREN, getal_fout, meting_fouten
from .models import Indicator, Inwonertal, Misdrijfkoppeling, Thema

MAX_GETAL_TEKENS = 40  # a figure is never longer than this as text
GEEN_THEMA = ""


class GetalField(forms.Field):
    """A figure as people type it: ``12``, ``3,5`` or ``3.5``, ``1.234,5``; at most three decimals."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": "Vul een getal in, bijvoorbeeld 12 of 3,5."}

    def to_python(self, value: Any) -> Decimal | None:
        text = str(value if value is not None else "").strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if len(text) > MAX_GETAL_TEKENS or "\x00" in text:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if "," in text and "." in text:  # the last separator is the decimal one
            text = (
                text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
            )
        else:
            text = text.replace(",", ".")
        try:
            getal = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        fout = getal_fout(getal)
        if fout is not None:
            raise ValidationError(fout, code="invalid")
        return getal


def _jaar_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label="Jaar",
        error_messages={"invalid": "Vul een jaar in, bijvoorbeeld 2024.", "required": "Vul het jaar in."},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


def _check_jaar(jaar: int | None) -> int | None:
    if jaar is not None and not JAREN[0] <= jaar <= JAREN[1]:
        raise ValidationError(f"Kies een jaar van {JAREN[0]} tot en met {JAREN[1]}.")
    return jaar


# --- indicators ---------------------------------------------------------------------------------

INDICATOR_FIELDS = ["naam", "soort", "bron", "eenheid", "lager_is_beter", "per_1000", "referentie_naam"]


class IndicatorForm(NldsFormMixin, forms.Form):
    """An indicator of a theme; when it exists, also the theme it moves to (the member's own themes)."""

    def __init__(self, *args: Any, obj: Indicator | None = None, themas: list[Thema] | None = None, **kw: Any) -> None:
        if obj is not None:
            kw.setdefault("initial", {**self.stored_values(obj), "version": obj.version})
        super().__init__(*args, **kw)
        self.obj = obj
        fields = forms.fields_for_model(Indicator, fields=INDICATOR_FIELDS)
        fields["naam"].error_messages["required"] = "Geef de indicator een naam."
        fields["eenheid"].help_text = "Bijvoorbeeld aantal (leeg), %, per 1.000 inwoners of rapportcijfer."
        fields["eenheid"].required = False
        fields["lager_is_beter"].help_text = "Uit: een hoger cijfer is beter (zoals tevredenheid)."
        self.fields.update(fields)
        if obj is not None and themas:
            choices = [(str(t.pk), f"{t.veld.nummer}. {t}") for t in themas]
            self.fields["thema"] = forms.ChoiceField(label="Thema", choices=choices)
            self.order_fields(["thema", *INDICATOR_FIELDS])
            self.themas = {str(t.pk): t for t in themas}
        if obj is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        self.style_widgets()

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {**{name: getattr(obj, name) for name in INDICATOR_FIELDS}, "thema": str(obj.thema_id)}

    def changes(self) -> dict[str, Any]:
        """The fields for ``services.add_indicator`` / ``edit_indicator``."""
        data = {name: self.cleaned_data.get(name) for name in INDICATOR_FIELDS}
        for name in ("bron", "referentie_naam"):
            data[name] = data[name] or ""
        data["eenheid"] = data["eenheid"] or "aantal"
        if "thema" in self.fields and self.obj is not None and self.cleaned_data["thema"] != str(self.obj.thema_id):
            data["thema"] = self.themas[self.cleaned_data["thema"]]
        return data


# --- measurements -------------------------------------------------------------------------------


class MetingForm(Form):
    """A figure of an indicator for a year or month, for the whole gemeente or a wijk or buurt."""

    jaar = _jaar_field()
    maand = forms.TypedChoiceField(
        label="Maand",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Geen: een cijfer van het hele jaar"), *((i, naam) for i, naam in enumerate(MAANDNAMEN, 1))],
    )
    waarde = GetalField(label="Waarde", error_messages={"required": "Vul de waarde in."})
    referentiewaarde = GetalField(
        label="Referentiewaarde", required=False, help_text="De waarde van de vergelijking (zoals Nederland)."
    )
    gebied = forms.CharField(
        label="Gebiedscode",
        required=False,
        max_length=10,
        help_text="Leeg voor de hele gemeente; anders de CBS-code van een wijk (WK…) of buurt (BU…).",
    )
    gebied_naam = forms.CharField(label="Naam van de wijk of buurt", required=False, max_length=100)
    voorlopig = forms.BooleanField(label="Voorlopig cijfer", required=False)
    bron = forms.CharField(label="Bron", required=False, max_length=200, help_text="Leeg: de bron van de indicator.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        fouten = meting_fouten(
            jaar=data.get("jaar"),
            maand=data.get("maand"),
            waarde=data.get("waarde"),
            referentiewaarde=data.get("referentiewaarde"),
            gebied=data.get("gebied") or "",
        )
        for name, fout in fouten.items():
            self.add_error(name, fout)
        return data

    def changes(self) -> dict[str, Any]:
        """The arguments of ``services.set_meting``."""
        fields = ("jaar", "maand", "waarde", "referentiewaarde", "gebied", "gebied_naam", "voorlopig", "bron")
        data = {name: self.cleaned_data.get(name) for name in fields}
        for name in ("gebied", "gebied_naam", "bron"):
            data[name] = data[name] or ""
        return data


# --- population ---------------------------------------------------------------------------------


class InwonertalForm(Form):
    """The number of inwoners of a year (replaces what is stored for that year)."""

    jaar = _jaar_field(help_text="Een inwonertal dat er al is voor dit jaar, wordt vervangen.")
    aantal = forms.IntegerField(
        label="Aantal inwoners",
        min_value=1,
        max_value=20_000_000,
        error_messages={
            "invalid": "Vul een aantal in, zonder punten.",
            "required": "Vul het aantal inwoners in.",
            "min_value": "Een inwonertal is minstens 1.",
            "max_value": "Een inwonertal ligt onder de 20 miljoen.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    bron = forms.CharField(
        label="Bron",
        required=False,
        max_length=Inwonertal._meta.get_field("bron").max_length,
        help_text="Leeg: CBS.",
        initial="CBS",
    )

    def clean_jaar(self) -> int | None:
        return _check_jaar(self.cleaned_data.get("jaar"))


# --- the story behind the numbers -----------------------------------------------------------------


class VerhaalForm(Form):
    """The story behind the numbers of a theme."""

    verhaal = forms.CharField(
        label="Het verhaal achter de cijfers",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=Thema._meta.get_field("verhaal").help_text,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {"verhaal": obj.verhaal or ""}


# --- the mapping of police codes to themes ------------------------------------------------------------


class KoppelingenForm(NldsFormMixin, forms.Form):
    """Every police code with its theme: one choice and one version per row, posted at once."""

    def __init__(self, *args: Any, koppelingen: list[Misdrijfkoppeling], themas: list[Thema], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.conflict = {}
        self.koppelingen = koppelingen
        self.themas = {str(t.pk): t for t in themas}
        choices = [(GEEN_THEMA, "Geen thema (overslaan bij import)")] + [
            (str(t.pk), f"{t.veld.nummer}. {t}") for t in themas
        ]
        for k in koppelingen:
            self.fields[f"{k.pk}-thema"] = forms.ChoiceField(
                label=f"Thema voor {k.get_dimensie_display().lower()} {k.code}", choices=choices, required=False
            )
            self.fields[f"{k.pk}-version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            self.initial[f"{k.pk}-thema"] = str(k.thema_id or GEEN_THEMA)
            self.initial[f"{k.pk}-version"] = k.version
        self.style_widgets()

    def rows(self) -> list[tuple[Misdrijfkoppeling, forms.BoundField, forms.BoundField, str | None]]:
        """Per code: the code, its theme field, its version field, what is stored now after a conflict."""
        return [
            (k, self[f"{k.pk}-thema"], self[f"{k.pk}-version"], self.conflict.get(str(k.pk))) for k in self.koppelingen
        ]

    def show_conflicts(self, stale: list[Misdrijfkoppeling]) -> None:
        """Someone else changed these rows meanwhile: keep the member's choices, show what is stored now,
        and let the next save go on top of the stored versions."""
        codes = ", ".join(k.code for k in stale)
        self.add_error(
            None,
            f"Iemand anders heeft intussen de koppeling van {codes} gewijzigd; er is nog niets opgeslagen. "
            "Uw eigen keuzes staan nog in het formulier, en bij elke gewijzigde code staat wat er nu is "
            "opgeslagen. Sla opnieuw op om uw keuzes over de huidige heen op te slaan.",
        )
        self.conflict = {str(k.pk): str(k.thema) if k.thema else "geen thema" for k in stale}
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        for k in stale:
            data[f"{k.pk}-version"] = str(k.version)
        self.data = data

    def changed_rows(self) -> list[tuple[Misdrijfkoppeling, Thema | None, int]]:
        """The rows whose theme the member changed: (row, new theme, the version they saw)."""
        changed = []
        for k in self.koppelingen:
            chosen = cast(str, self.cleaned_data.get(f"{k.pk}-thema") or GEEN_THEMA)
            if chosen != str(k.thema_id or GEEN_THEMA):
                changed.append((k, self.themas.get(chosen), self.cleaned_data[f"{k.pk}-version"]))
        return changed
