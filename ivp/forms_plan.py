"""Forms of the plan pages: validation only; the services in ``ivp.services`` do the writing."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, NldsFormMixin

from .choices import StapStatus
from .models import Plan, PlanStap
from .plannen import FIRST_YEAR, LAST_YEAR, STAP_BY_KEY, START_LAST_YEAR, next_period_refusal


def _not_in_future(value: datetime.date | None) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
    return value


class StartForm(Form):
    """Start the veiligheidsplan: the first year of the first plan (it runs four years)."""

    startjaar = forms.IntegerField(
        label=_("Eerste jaar van het plan"),
        min_value=FIRST_YEAR,
        max_value=START_LAST_YEAR,
        help_text=_("Het plan beslaat vier jaar; de periode kunt u daarna nog aanpassen."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"startjaar": timezone.localdate().year + 1})
        super().__init__(*args, **kwargs)


class PlanForm(NldsFormMixin, VersionedModelForm):
    """The chapters of a plan; a member sees only the fields they may change (``plannen.editable_fields``)."""

    startjaar = forms.IntegerField(label=_("Eerste jaar"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    eindjaar = forms.IntegerField(label=_("Laatste jaar"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    class Meta:
        model = Plan
        fields = list(Plan.EDIT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in ("afbakening", "visie", "evaluatie_vorige", "organisatie", "budget", "evaluatieaanpak")
        }
        help_texts = {
            "visie": _(
                "Wat wil de gemeente met haar partners bereiken voor de veiligheid van inwoners en ondernemers?"
            ),
            "organisatie": _("Wie heeft de regie, wie overlegt met wie, en hoe zijn de taken verdeeld?"),
            "budget": _("Welke middelen zijn er voor de uitvoering, en waar komen ze vandaan?"),
        }

    def __init__(self, *args: Any, editable: tuple[str, ...] = Plan.EDIT_FIELDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "version" and name not in editable:
                del self.fields[name]

    def validate_unique(self) -> None:
        """The service checks the plan; no constraint covers these fields."""

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class StapForm(NldsFormMixin, VersionedModelForm):
    """The progress of one step: its status, the checklist, who, by when, notes."""

    afgevinkt = forms.MultipleChoiceField(
        label=_("Afgevinkt"), required=False, widget=forms.CheckboxSelectMultiple, choices=[]
    )
    wanneer = DateField(label=_("Wanneer gereed"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = PlanStap
        fields = ["status", "afgevinkt", "wie", "wanneer", "notities"]
        widgets = {"status": forms.RadioSelect, "notities": forms.Textarea(attrs={"rows": 5})}
        labels = {"wie": _("Wie"), "notities": _("Notities")}
        help_texts = {"wie": _("Wie trekt deze stap, bijvoorbeeld een naam of een team.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stap = self.instance.stap
        cast(forms.ChoiceField, self.fields["afgevinkt"]).choices = list(STAP_BY_KEY[stap].checklist)
        self.fields["afgevinkt"].label = _("Checklist van deze stap")
        cast(forms.ChoiceField, self.fields["status"]).choices = StapStatus.choices
        self.style_widgets()

    def validate_unique(self) -> None:
        """The service checks the step; no constraint covers these fields."""

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class VaststellenForm(Form):
    """The decision by which the raad adopted the plan (the service checks the dates against it)."""

    vastgesteld_op = DateField(label=_("Vastgesteld op"), widget=forms.DateInput(attrs={"type": "date"}))
    vastgesteld_door = forms.CharField(
        label=_("Vastgesteld door"),
        max_length=150,
        initial="gemeenteraad",
        help_text=_("Het orgaan dat het plan heeft vastgesteld; de raad stelt het integraal veiligheidsplan vast."),
    )
    besluitkenmerk = forms.CharField(label=_("Besluitkenmerk"), max_length=100, required=False)

    def clean_vastgesteld_op(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data["vastgesteld_op"])


VERSIE, PERIODE = "versie", "periode"


class NieuwPlanForm(Form):
    """A new concept from a plan: a new version of it (same period) or the plan of the next period."""

    soort = forms.ChoiceField(
        label=_("Wat wilt u beginnen?"),
        widget=forms.RadioSelect,
        choices=[
            (VERSIE, _("Een nieuwe versie van dit plan, voor dezelfde periode (bijvoorbeeld om het bij te stellen)")),
            (PERIODE, _("Het plan voor de volgende periode, met de resultaten van dit plan als evaluatie")),
        ],
    )
    startjaar = forms.IntegerField(
        label=_("Eerste jaar van het nieuwe plan"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Alleen voor het plan van de volgende periode; het duurt even lang als dit plan."),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"soort": PERIODE, "startjaar": plan.eindjaar + 1})
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("soort") != PERIODE:
            data["startjaar"] = None
            return data
        startjaar = data.get("startjaar")
        if startjaar is None:
            if "startjaar" not in self.errors:
                self.add_error("startjaar", _("Vul het eerste jaar van het nieuwe plan in."))
            return data
        refusal = next_period_refusal(self.plan, startjaar)
        if refusal:
            self.add_error("startjaar", refusal)
        return data
