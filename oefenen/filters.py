"""The filters of the programme: one FilterSet, used by the page (``/oefenen``) and by ``GET /oefeningen``.

Named as the API's query parameters (camelCase), so ``?jaar=2027&thema=continuiteit&teLaat=true``
selects the same exercises on the page and in the API.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lib.forms import Form
from organisations.models import Thema

from .models import JAAR_MAX, JAAR_MIN, Oefening, Soort, Status, in_jaren

TE_LAAT_CHOICES = [("", "Alle oefeningen"), ("true", "Ja, gepland en de datum is voorbij"), ("false", "Nee")]
JAAR_ERRORS = {
    "invalid": "Vul een jaartal in, zoals 2027.",
    "min_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
    "max_value": f"Kies een jaar van {JAAR_MIN} tot en met {JAAR_MAX}.",
}


class JaarFilter(django_filters.Filter):
    field_class = forms.IntegerField


class OefeningFilter(django_filters.FilterSet):
    """The exercises by year, theme, kind, status and lateness."""

    jaar = JaarFilter(
        method="filter_jaar",
        label="Jaar",
        min_value=JAAR_MIN,
        max_value=JAAR_MAX,
        help_text="Leeg: de jaren van het programma hieronder.",
        error_messages=JAAR_ERRORS,
    )
    thema = django_filters.ChoiceFilter(choices=Thema.choices, label="Thema", empty_label="Alle thema's")
    soort = django_filters.ChoiceFilter(choices=Soort.choices, label="Soort", empty_label="Alle soorten")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status", empty_label="Alle statussen")
    teLaat = django_filters.BooleanFilter(
        method="filter_te_laat", label="Te laat", widget=forms.Select(choices=TE_LAAT_CHOICES)
    )

    class Meta:
        model = Oefening
        fields: list[str] = []
        form = Form

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Oefening] | None = None,
        *,
        request: HttpRequest | None = None,
        today: datetime.date | None = None,
    ) -> None:
        super().__init__(data, queryset=queryset, request=request)
        self.today = today or timezone.localdate()
        self.form.fields["thema"].error_messages["invalid_choice"] = "Kies een van de thema's."
        self.form.fields["soort"].error_messages["invalid_choice"] = "Kies een van de soorten."
        self.form.fields["status"].error_messages["invalid_choice"] = "Kies een van de statussen."

    def filter_jaar(self, queryset: QuerySet[Oefening], name: str, value: int | None) -> QuerySet[Oefening]:
        if value is None:
            return queryset
        return queryset.filter(in_jaren(value, value))

    def filter_te_laat(self, queryset: QuerySet[Oefening], name: str, value: bool | None) -> QuerySet[Oefening]:
        if value is None:
            return queryset
        late = Q(status=Status.GEPLAND, gepland_op__lt=self.today)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filtered(self) -> QuerySet[Oefening]:
        """The filtered exercises; none while a filter is invalid (the form shows why)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs

    @property
    def gekozen_jaar(self) -> int | None:
        """The year chosen, when the filters are valid."""
        if self.is_bound and self.is_valid():
            value = self.form.cleaned_data.get("jaar")
            return int(value) if value is not None else None
        return None
