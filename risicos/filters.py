"""The filters of the risk list: one FilterSet, used by the page (and by the API when it comes).

Named as query parameters in camelCase, like the other registers (``?thema=…&niveau=2&gat=…``).
``cel`` is the drill-down of the heat map: ``bruto-4-5`` is every risk scored kans 4, impact 5
inherent.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from lib.forms import Form
from organisations.models import Membership
from organisations.models import Thema as BeveiligingsThema

from . import analysis
from .models import Behandeling, Functie, Maatregel, MaatregelSoort, MaatregelStatus, Matrix, Risico, Schakel

CEL = re.compile(r"^(bruto|netto)-([1-7])-([1-7])$")
ORDERS: dict[str, tuple[Any, ...]] = {
    "titel": ("titel",),
    "niveau": (F("effectief_niveau").desc(nulls_last=True), "titel"),
    "review": (F("volgende_review").asc(nulls_last=True), "titel"),
}


def _eigenaren(request: HttpRequest | None) -> QuerySet[Membership]:
    member = getattr(request, "membership", None)
    return Membership.objects.visible_to(member).select_related("user").order_by("user__email")


class RisicoFilter(django_filters.FilterSet):
    thema = django_filters.ChoiceFilter(
        field_name="themas",
        lookup_expr="contains",
        method="filter_thema",
        choices=BeveiligingsThema.choices,
        label="Thema",
        empty_label="Alle thema's",
    )
    niveau = django_filters.ChoiceFilter(
        method="filter_niveau",
        label="Niveau",
        empty_label="Alle niveaus",
        choices=[],
        help_text="Het netto niveau; bij een risico zonder netto score het bruto niveau.",
    )
    eigenaar = django_filters.ModelChoiceFilter(
        field_name="eigenaar", queryset=_eigenaren, label="Eigenaar", empty_label="Alle eigenaren"
    )
    behandeling = django_filters.ChoiceFilter(
        choices=Behandeling.choices, label="Behandeling", empty_label="Alle behandelingen"
    )
    gat = django_filters.ChoiceFilter(
        method="filter_gat",
        choices=[(key, text.split(":")[0]) for key, text in analysis.GAPS.items()],
        label="Gat in de beveiligingsketen",
        empty_label="Alle risico's",
    )
    review = django_filters.ChoiceFilter(
        method="filter_review",
        choices=[("te-laat", "De beoordeling is te laat"), ("opnieuw", "Opnieuw beoordelen")],
        label="Beoordeling",
        empty_label="Alle risico's",
    )
    zoek = django_filters.CharFilter(
        method="filter_zoek", label="Zoeken", max_length=200, help_text="In de titel en het scenario."
    )
    cel = django_filters.CharFilter(
        method="filter_cel",
        label="Cel van de matrix",
        max_length=12,
        widget=forms.HiddenInput,
        validators=[RegexValidator(CEL, "Deze cel van de matrix bestaat niet; kies een cel in de heatmap.")],
    )
    sorteer = django_filters.ChoiceFilter(
        method="filter_sorteer",  # the order itself is applied in ``qs``, also without a choice
        choices=[("titel", "Titel"), ("niveau", "Niveau, hoogste eerst"), ("review", "Volgende beoordeling")],
        label="Sorteren op",
        empty_label="Titel",
    )

    class Meta:
        model = Risico
        fields: list[str] = []
        form = Form

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Risico] | None = None,
        *,
        request: HttpRequest,
        matrix: Matrix,
        today: datetime.date | None = None,
    ) -> None:
        super().__init__(data, queryset=queryset, request=request)
        self.matrix = matrix
        self.today = today or timezone.localdate()
        self.filters["niveau"].extra["choices"] = [(str(i), n["naam"]) for i, n in enumerate(matrix.niveaus)]
        owners = self.form.fields["eigenaar"]
        owners.label_from_instance = lambda m: m.user.full_name or m.user.email

    @property
    def qs(self) -> QuerySet[Risico]:
        chosen = self.form.cleaned_data.get("sorteer") if self.is_bound and self.form.is_valid() else ""
        found = super().qs.annotate(effectief_niveau=Coalesce("netto_niveau", "bruto_niveau"))
        return found.order_by(*ORDERS.get(chosen or "titel", ORDERS["titel"]), "pk")

    def filter_thema(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        return queryset.filter(themas__contains=[value]) if value else queryset

    def filter_niveau(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        if value == "":
            return queryset
        level = int(value)
        return queryset.filter(Q(netto_niveau=level) | Q(netto_niveau__isnull=True, bruto_niveau=level))

    def filter_gat(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        return queryset.filter(analysis.gap_filter(value)) if value else queryset

    def filter_review(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        if value == "te-laat":
            return queryset.filter(volgende_review__lt=self.today)
        if value == "opnieuw":
            return queryset.filter(herbeoordelen=True)
        return queryset

    def filter_zoek(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        value = value.strip()
        return queryset.filter(Q(titel__icontains=value) | Q(scenario__icontains=value)) if value else queryset

    def filter_cel(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        if not value:
            return queryset
        found = CEL.match(value)
        if found is None:
            return queryset.none()
        prefix, kans, impact = found.group(1), int(found.group(2)), int(found.group(3))
        return queryset.filter(matrix=self.matrix, **{f"{prefix}_kans": kans, f"{prefix}_impact": impact})

    def filter_sorteer(self, queryset: QuerySet[Risico], name: str, value: str) -> QuerySet[Risico]:
        return queryset

    def filtered(self) -> QuerySet[Risico]:
        """The filtered risks; none while a filter is invalid (the form shows why)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs


class MaatregelFilter(django_filters.FilterSet):
    thema = django_filters.ChoiceFilter(
        method="filter_thema", choices=BeveiligingsThema.choices, label="Thema", empty_label="Alle thema's"
    )
    soort = django_filters.ChoiceFilter(choices=MaatregelSoort.choices, label="Soort", empty_label="Alle soorten")
    functie = django_filters.ChoiceFilter(choices=Functie.choices, label="Functie", empty_label="Alle functies")
    status = django_filters.ChoiceFilter(choices=MaatregelStatus.choices, label="Status", empty_label="Alle statussen")
    schakel = django_filters.ChoiceFilter(
        method="filter_schakel", choices=Schakel.choices, label="Schakel in de keten", empty_label="Alle schakels"
    )
    zoek = django_filters.CharFilter(
        method="filter_zoek", label="Zoeken", max_length=200, help_text="In de titel en de omschrijving."
    )

    class Meta:
        model = Maatregel
        fields: list[str] = []
        form = Form

    def filter_thema(self, queryset: QuerySet[Maatregel], name: str, value: str) -> QuerySet[Maatregel]:
        return queryset.filter(themas__contains=[value]) if value else queryset

    def filter_schakel(self, queryset: QuerySet[Maatregel], name: str, value: str) -> QuerySet[Maatregel]:
        return queryset.filter(schakels__contains=[value]) if value else queryset

    def filter_zoek(self, queryset: QuerySet[Maatregel], name: str, value: str) -> QuerySet[Maatregel]:
        value = value.strip()
        return queryset.filter(Q(titel__icontains=value) | Q(omschrijving__icontains=value)) if value else queryset

    def filtered(self) -> QuerySet[Maatregel]:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs.order_by("titel", "pk")
