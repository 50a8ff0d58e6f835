"""The filters of the IVP lists: one FilterSet per register, used by the page and by the API.

The filters carry the names the API gives its query parameters (camelCase, NL API Design Rules),
and the page uses the same names in its address, so ``?themaId=…&teLaat=true`` selects the same
actions on the page of a programme, in its exports and in ``GET /acties``.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lib.forms import Form
from organisations.models import PartnerOrganisatie

from .choices import ActieStatus
from .models import Actie, Programma, Thema
from .querysets import overdue, stalled

# The value of ``organisatieId`` for the actions the gemeente carries out itself (no partner).
GEMEENTE_ZELF = "gemeente"
TE_LAAT_CHOICES = [("", "Alle acties"), ("true", "Ja, te laat"), ("false", "Nee, niet te laat")]
STILGEVALLEN_CHOICES = [("", "Alle acties"), ("true", "Ja, stilgevallen"), ("false", "Nee, niet stilgevallen")]


def _programmas(request: HttpRequest | None) -> QuerySet[Programma]:
    return Programma.objects.visible_to(getattr(request, "membership", None)).order_by("-jaar")


def _themas(request: HttpRequest | None) -> QuerySet[Thema]:
    return Thema.objects.visible_to(getattr(request, "membership", None)).order_by("veld__nummer", "volgorde", "naam")


def _partners(request: HttpRequest | None) -> QuerySet[PartnerOrganisatie]:
    return PartnerOrganisatie.objects.visible_to(getattr(request, "membership", None))


class ActieFilter(django_filters.FilterSet):
    """The actions of the uitvoeringsprogramma: by programme, theme, organisation, status, lateness and text."""

    # Named as the API's query parameters (camelCase).
    programmaId = django_filters.ModelChoiceFilter(
        field_name="programma", queryset=_programmas, label="Uitvoeringsprogramma", empty_label="Alle programma's"
    )
    themaId = django_filters.ModelChoiceFilter(
        field_name="thema", queryset=_themas, label="Thema", empty_label="Alle thema's"
    )
    organisatieId = django_filters.ModelChoiceFilter(
        field_name="organisatie",
        queryset=_partners,
        label="Uitvoerende organisatie",
        empty_label="Alle organisaties",
        null_label="De gemeente zelf",
        null_value=GEMEENTE_ZELF,
    )
    status = django_filters.ChoiceFilter(choices=ActieStatus.choices, label="Status", empty_label="Alle statussen")
    teLaat = django_filters.BooleanFilter(
        method="filter_te_laat", label="Te laat", widget=forms.Select(choices=TE_LAAT_CHOICES)
    )
    stilgevallen = django_filters.BooleanFilter(
        method="filter_stilgevallen",
        label="Stilgevallen",
        help_text="Lopend, maar al 90 dagen niet bijgewerkt.",
        widget=forms.Select(choices=STILGEVALLEN_CHOICES),
    )
    zoek = django_filters.CharFilter(
        field_name="actiepunt",
        lookup_expr="icontains",
        label="Zoeken in actiepunt",
        max_length=200,
        help_text="Een woord of een deel van de tekst van het actiepunt.",
    )

    class Meta:
        model = Actie
        fields: list[str] = []
        form = Form

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Actie] | None = None,
        *,
        request: HttpRequest,
        programma: Programma | None = None,
        today: datetime.date | None = None,
    ) -> None:
        super().__init__(data, queryset=queryset, request=request)
        self.today = today or timezone.localdate()
        if programma is not None:  # the page of one programme: its actions only, no choice of programme
            del self.filters["programmaId"]

    def filter_te_laat(self, queryset: QuerySet[Actie], name: str, value: bool | None) -> QuerySet[Actie]:
        if value is None:
            return queryset
        late = overdue(self.today)
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_stilgevallen(self, queryset: QuerySet[Actie], name: str, value: bool | None) -> QuerySet[Actie]:
        if value is None:
            return queryset
        still = stalled(timezone.now())
        return queryset.filter(still) if value else queryset.exclude(still)

    def filtered(self) -> QuerySet[Actie]:
        """The filtered actions; none while a filter is invalid (the form shows why)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs
