"""The filter of the scans: one FilterSet, used by the page (``/quickscan``) and by ``GET /quickscans``."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from lib.forms import Form

from .models import Quickscan, Status


class QuickscanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status", empty_label="Alle quickscans")

    class Meta:
        model = Quickscan
        fields: list[str] = []
        form = Form

    def filtered(self) -> QuerySet[Quickscan]:
        """The filtered scans, newest first; none while a filter is invalid (the form shows why)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs.order_by("-peildatum", "-created_at")
