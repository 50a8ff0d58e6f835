"""Forms of the kader pages: validation only; the services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import Form, NldsFormMixin

from .models import KaderVersie


def _not_in_future(value: datetime.date | None) -> datetime.date | None:
    if value and value > datetime.date.today():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
    return value


class VisieForm(NldsFormMixin, VersionedModelForm):
    """Step 1: the vision, its minimal and maximal variant and why this variant was chosen."""

    class Meta:
        model = KaderVersie
        fields = ["visie", "visie_minimaal", "visie_maximaal", "visie_onderbouwing"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "visie": _("Waarom beveiligt de gemeente haar organisatie en wat wil zij daarmee bereiken?"),
            "visie_onderbouwing": _("Waarom kiest de gemeente voor deze variant tussen minimaal en maximaal?"),
        }

    def validate_unique(self) -> None:
        """The service checks the version; no constraint covers these text fields."""


class ActiviteitForm(Form):
    """Tick off a main activity of a step: a date marks it done, an empty date reopens it."""

    gedaan_op = forms.DateField(
        label=_("Gedaan op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Laat leeg als de activiteit nog niet is gedaan."),
    )
    notitie = forms.CharField(label=_("Notitie"), required=False, max_length=2000)

    def clean_gedaan_op(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data["gedaan_op"])


class VaststellenForm(Form):
    """The decision that adopts a version."""

    vastgesteld_op = forms.DateField(label=_("Vastgesteld op"), widget=forms.DateInput(attrs={"type": "date"}))
    vastgesteld_door = forms.CharField(
        label=_("Vastgesteld door"),
        max_length=150,
        help_text=_("Het orgaan dat de versie heeft vastgesteld, bijvoorbeeld het college van B en W."),
    )
    besluitkenmerk = forms.CharField(label=_("Besluitkenmerk"), max_length=100, required=False)

    def clean_vastgesteld_op(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data["vastgesteld_op"])


class VergelijkForm(Form):
    """Pick two versions of the kader to compare."""

    van = forms.TypedChoiceField(label=_("Van versie"), coerce=str)
    naar = forms.TypedChoiceField(label=_("Naar versie"), coerce=str)

    def __init__(self, *args: Any, versies: list[KaderVersie], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(v.pk), str(v)) for v in versies]
        for name in ("van", "naar"):
            self.fields[name].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("van") == data.get("naar"):
            raise forms.ValidationError(_("Kies twee verschillende versies."))
        return data
