"""Forms of the pages of velden and themes, priorities and SMART goals: validation only.

The services do the writing and decide who may (``ivp.services``); these forms turn what was
typed into the values the services take, with Dutch messages for what cannot be read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, NldsFormMixin

from .choices import Niveau
from .models import MAX_VALUE, Doelstelling, Indicator, Plan, Prioritering, Thema, Veld
from .smart import number

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def _label(model: type[models.Model], name: str) -> str:
    """The Dutch label of a model field, capitalised."""
    return str(next(f.verbose_name for f in model._meta.concrete_fields if f.name == name)).capitalize()


class NoUniqueCheck:
    """The services check uniqueness (with the gemeente) and the constraints; the form does not query."""

    def validate_unique(self) -> None:
        """Nothing: see the class."""


class GetalField(forms.CharField):
    """A figure typed as a Dutch reader does (2,5 or 2.5), with at most three decimals."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return number(value) if isinstance(value, Decimal) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return bool(self.clean(data) != initial)
        except forms.ValidationError:
            return True

    def clean(self, value: Any) -> Decimal | None:
        text = (super().clean(value) or "").replace(" ", "")
        if not text:
            return None
        if not _NUMBER.match(text):
            raise forms.ValidationError(
                _("Vul een getal in, zonder eenheid of tekst, bijvoorbeeld 2,5 of 40."), code="invalid"
            )
        result = Decimal(text.replace(",", "."))
        if abs(result) >= MAX_VALUE:
            raise forms.ValidationError(_("Dit getal is te groot."), code="too_large")
        if result.quantize(Decimal("0.001")) != result:
            raise forms.ValidationError(_("Gebruik hoogstens drie cijfers achter de komma."), code="decimals")
        return result


# --- velden and themes ------------------------------------------------------------------------


class VeldForm(NoUniqueCheck, NldsFormMixin, VersionedModelForm):
    """Rename or hide a veld."""

    class Meta:
        model = Veld
        fields = ["naam", "verborgen"]
        labels = {"verborgen": _("Verbergen (het veld en zijn thema's komen niet meer in het plan)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["naam"].error_messages["required"] = _("Geef het veld een naam.")

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


THEMA_TEXTS = ["omschrijving", "rol_gemeente", "partners", "maatregelen"]


class ThemaNieuwForm(NoUniqueCheck, NldsFormMixin, forms.ModelForm):
    """A new theme in a veld."""

    class Meta:
        model = Thema
        fields = ["code", "naam", *THEMA_TEXTS]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in THEMA_TEXTS}
        help_texts = {"code": _("Bijvoorbeeld 1.5; laat leeg als het thema geen nummer heeft.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["naam"].error_messages["required"] = _("Geef het thema een naam.")

    def changes(self) -> dict[str, Any]:
        """The new theme's fields; a theme without a code gets none (rather than an empty one)."""
        return {name: value for name, value in self.cleaned_data.items() if value or name != "code"}


class ThemaForm(NoUniqueCheck, NldsFormMixin, VersionedModelForm):
    """A theme: its name, the guidance, the story behind the numbers; hidden instead of deleted."""

    class Meta:
        model = Thema
        fields = ["code", "naam", *THEMA_TEXTS, "verhaal", "verborgen"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in [*THEMA_TEXTS, "verhaal"]}
        labels = {"verborgen": _("Verbergen (het thema komt niet meer in het plan; de historie blijft bewaard)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["naam"].error_messages["required"] = _("Geef het thema een naam.")

    def changes(self) -> dict[str, Any]:
        """Every field; a theme that had no code and still has none is left without (not emptied)."""
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "code" or self.cleaned_data["code"] or self.initial.get("code")
        }


class KoppelingForm(Form):
    """Link a theme to a goal or an uitgangspunt of the strategisch kader."""

    doel = forms.ChoiceField(label=_("Beveiligingsdoel of uitgangspunt van het kader"))

    def __init__(
        self, *args: Any, doelen: Sequence[Any] = (), uitgangspunten: Sequence[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {f"doel:{d.pk}": d for d in doelen} | {f"uitgangspunt:{u.pk}": u for u in uitgangspunten}
        field = self.fields["doel"]
        assert isinstance(field, forms.ChoiceField)
        field.error_messages["required"] = _("Kies een doel of uitgangspunt.")
        field.error_messages["invalid_choice"] = _("Kies een doel of uitgangspunt uit de lijst.")
        field.choices = [
            ("", _("— kies —")),
            (_("Beveiligingsdoelen"), [(f"doel:{d.pk}", f"{d.titel} (versie {d.versie.nummer})") for d in doelen]),
            (
                _("Uitgangspunten"),
                [(f"uitgangspunt:{u.pk}", f"{u.tekst[:100]} (versie {u.versie.nummer})") for u in uitgangspunten],
            ),
        ]

    def target(self) -> dict[str, Any]:
        """The chosen goal or uitgangspunt as the service's argument."""
        key = self.cleaned_data["doel"]
        return {key.split(":", 1)[0]: self.targets[key]}


# --- priorities -------------------------------------------------------------------------------

SCORES = [("", _("Niet gescoord")), *((str(i), str(i)) for i in range(1, 6))]
CRITERIA_HELP = {
    "omvang": _("Hoe vaak komt het voor? 1 = zelden, 5 = zeer vaak."),
    "ernst": _("Hoe groot is de schade of impact? 1 = klein, 5 = zeer groot."),
    "trend": _("Hoe ontwikkelt het zich? 1 = sterk dalend, 5 = sterk stijgend."),
    "beleving": _("Hoe onveilig voelen inwoners zich erdoor? 1 = nauwelijks, 5 = zeer."),
    "invloed": _("Hoeveel kan de gemeente eraan doen? 1 = weinig, 5 = veel."),
}


class PrioriteringForm(NoUniqueCheck, NldsFormMixin, VersionedModelForm):
    """The five scores of a theme, the tier chosen and why."""

    class Meta:
        model = Prioritering
        fields = [*Prioritering.CRITERIA, "niveau", "onderbouwing"]
        widgets = {"onderbouwing": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"onderbouwing": _("Waarom dit niveau: uit de analyse, de evaluatie of afspraken met partners.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Prioritering.CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=_label(Prioritering, name),
                choices=SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=CRITERIA_HELP[name],
            )
        self.fields["niveau"] = forms.TypedChoiceField(
            label=_("Gekozen niveau"),
            choices=[("", _("Nog niet gekozen")), *Niveau.choices],
            empty_value=None,
            required=False,
        )
        self.order_fields(self.Meta.fields)
        self.style_widgets()

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class GewichtenForm(NoUniqueCheck, NldsFormMixin, VersionedModelForm):
    """How much each criterion weighs in the score (0 leaves it out)."""

    class Meta:
        model = Plan
        fields = list(Plan.WEIGHT_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in Plan.WEIGHT_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_label(Plan, name),
                min_value=0,
                max_value=5,
                error_messages={
                    "required": _("Geef een gewicht van 0 tot en met 5."),
                    "invalid": _("Geef een geheel getal van 0 tot en met 5."),
                    "min_value": _("Een gewicht ligt tussen 0 en 5."),
                    "max_value": _("Een gewicht ligt tussen 0 en 5."),
                },
            )
        self.style_widgets()

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in Plan.WEIGHT_FIELDS}


# --- SMART goals ------------------------------------------------------------------------------

DOEL_FIELDS = ["thema", "wat", "indicator", "nulmeting", "nulmeting_periode", "streefwaarde", "deadline", "eigenaar"]


class DoelFields(NoUniqueCheck, NldsFormMixin, forms.ModelForm):
    """A SMART goal: the theme is chosen among the plan's priorities first, the indicator per theme."""

    thema = forms.ChoiceField(label=_("Thema"))
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        required=False,
        help_text=_("Waaraan u meet of het doel wordt bereikt. Kies bij voorkeur een indicator van hetzelfde thema."),
    )
    nulmeting = GetalField(
        label=_("Nulmeting"),
        help_text=_(
            "Laat leeg: Kapstok neemt dan de laatste meting van de gekozen indicator voor de hele gemeente als "
            "nulmeting, met haar periode."
        ),
    )
    streefwaarde = GetalField(
        label=_("Streefwaarde"), help_text=_("Het getal dat u wilt bereiken, in de eenheid van de indicator.")
    )
    deadline = DateField(
        label=_("Te bereiken op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Een datum binnen de looptijd van het plan."),
    )

    class Meta:
        model = Doelstelling
        fields = DOEL_FIELDS
        widgets = {"wat": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "wat": _("Wat verandert er, voor wie of waar, en hoeveel? Bijvoorbeeld: minder woninginbraken in Noord."),
            "eigenaar": _("Wie staat ervoor aan de lat: een team, een functie of een partner."),
        }

    def __init__(
        self,
        *args: Any,
        prioriteiten: Sequence[Thema] = (),
        overige: Sequence[Thema] = (),
        indicatoren: Sequence[Indicator] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.themas = {str(t.pk): t for t in [*prioriteiten, *overige]}
        self.indicatoren = {str(i.pk): i for i in indicatoren}
        thema, indicator = self.fields["thema"], self.fields["indicator"]
        assert isinstance(thema, forms.ChoiceField) and isinstance(indicator, forms.ChoiceField)
        thema.choices = [
            ("", _("— kies een thema —")),
            (_("Prioriteiten van het plan"), [(str(t.pk), str(t)) for t in prioriteiten]),
            (_("Andere thema's"), [(str(t.pk), str(t)) for t in overige]),
        ]
        thema.error_messages["required"] = _("Kies het thema van het doel.")
        by_theme: dict[str, list[tuple[str, str]]] = {}
        for i in indicatoren:
            by_theme.setdefault(str(i.thema), []).append((str(i.pk), f"{i.naam} ({i.eenheid})"))
        indicator.choices = [("", _("Geen indicator")), *by_theme.items()]
        self.fields["wat"].error_messages["required"] = _("Beschrijf wat u wilt bereiken.")
        if self.instance.pk is not None:  # as the fields hold them, so changed_data compares like with like
            self.initial["thema"] = str(self.instance.thema_id)
            self.initial["indicator"] = str(self.instance.indicator_id or "")
        self.order_fields(DOEL_FIELDS)
        self.style_widgets()

    def clean_thema(self) -> Thema:
        return self.themas[self.cleaned_data["thema"]]

    def clean_indicator(self) -> Indicator | None:
        return self.indicatoren.get(self.cleaned_data.get("indicator") or "")

    def stored_values(self, obj: Any) -> dict[str, Any]:
        stored = {**super().stored_values(obj), "thema": str(obj.thema_id), "indicator": str(obj.indicator_id or "")}
        for name in ("nulmeting", "streefwaarde"):
            stored[name] = number(stored[name]) if stored[name] is not None else None
        return stored

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DOEL_FIELDS}

    def changed_fields(self) -> dict[str, Any]:
        """What the user changed: a new indicator without a new baseline takes the indicator's latest figure."""
        return {name: self.cleaned_data[name] for name in DOEL_FIELDS if name in self.changed_data}


class DoelNieuwForm(DoelFields):
    pass


class DoelForm(DoelFields, VersionedModelForm):
    pass
