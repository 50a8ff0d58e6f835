"""Filter forms of the history and the security log (GET forms: bad input empties the list)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from lib.forms import DateField, Form

from .history import ACTIONS, ORIGINS, HistoryFilter, object_type_choices
from .models import SecurityEventKind


class _PeriodMixin:
    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        start, end = data.get("van"), data.get("tot")
        if start and end and start > end:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")  # type: ignore[attr-defined]
        return data


def _date_field(label: str) -> forms.DateField:
    return DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2025-03-31."},
    )


class HistoryFilterForm(_PeriodMixin, Form):
    type = forms.ChoiceField(label="Soort gegeven", required=False)
    object = forms.UUIDField(
        label="Id van het gegeven",
        required=False,
        error_messages={"invalid": "Een id bestaat uit 32 hexadecimale tekens met streepjes (een UUID)."},
    )
    van = _date_field("Vanaf datum")
    tot = _date_field("Tot en met datum")
    actie = forms.ChoiceField(
        label="Actie", required=False, choices=[("", "Alle acties"), *((k, v.capitalize()) for k, v in ACTIONS.items())]
    )
    door = forms.EmailField(
        label="Gedaan door (e-mailadres)",
        required=False,
        error_messages={"invalid": "Vul een geldig e-mailadres in."},
    )
    herkomst = forms.ChoiceField(
        label="Herkomst", required=False, choices=[("", "Alle"), *((k, v.capitalize()) for k, v in ORIGINS.items())]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Alle soorten"), *object_type_choices()]  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Kies een van de mogelijkheden uit de lijst."

    def to_filter(self) -> HistoryFilter:
        """The cleaned filter; looks up the actor's e-mail (one query, only if given)."""
        data = self.cleaned_data
        actor_id = None
        unknown = False
        if data.get("door"):
            actor_id = get_user_model().objects.filter(email__iexact=data["door"]).values_list("pk", flat=True).first()
            unknown = actor_id is None
        return HistoryFilter(
            object_type=data.get("type") or "",
            object_id=data.get("object"),
            start=data.get("van"),
            end=data.get("tot"),
            action=data.get("actie") or "",
            actor_id=actor_id,
            actor_unknown=unknown,
            origin=data.get("herkomst") or "",
        )


class SecurityLogFilterForm(_PeriodMixin, Form):
    soort = forms.ChoiceField(
        label="Gebeurtenis",
        required=False,
        choices=[("", "Alle gebeurtenissen"), *SecurityEventKind.choices],
        error_messages={"invalid_choice": "Kies een van de mogelijkheden uit de lijst."},
    )
    van = _date_field("Vanaf datum")
    tot = _date_field("Tot en met datum")
