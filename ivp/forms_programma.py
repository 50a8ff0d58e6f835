"""Forms of the uitvoeringsprogramma pages: validation only; the services do the writing.

An action has two forms: the whole action (coördinator, owner of the theme's veld) and its
progress only (the ketenpartner of the organisation that carries it out).
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils import timezone

from lib.forms import DateField, Form, NldsFormMixin
from organisations.models import Membership, PartnerOrganisatie

from .choices import ActieStatus, ObeType
from .models import Actie, Doelstelling, Plan, Programma, Thema
from .models.programma import BUDGET_RANGE, VOORTGANG_RANGE

DATE_WIDGET = {"type": "date"}
# The foreign keys of an action, by the id the stored object holds.
FOREIGN_KEYS = ("thema", "doelstelling", "organisatie")


def _date_field(label: str) -> DateField:
    return DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        help_text="Een datum tussen 2000 en 2100.",
    )


def voortgang_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Voortgang (%)",
        validators=VOORTGANG_RANGE,
        error_messages={"invalid": "Vul een heel getal in tussen 0 en 100.", "required": "Vul de voortgang in."},
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        help_text="Van 0 tot 100 procent; een afgeronde actie staat op 100.",
    )


def _status_field() -> forms.ChoiceField:
    return forms.ChoiceField(label="Status", choices=ActieStatus.choices)


def _evaluatie_field() -> forms.CharField:
    return forms.CharField(
        label="Evaluatie",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text="Wat werkte, wat niet, en wat dat betekent voor het vervolg.",
    )


class StartForm(Form):
    """The programme of a year under a plan; it starts from the previous year's programme."""

    plan = forms.ModelChoiceField(label="Onder het plan", queryset=Plan.objects.none(), empty_label=None)
    jaar = forms.IntegerField(
        label="Jaar",
        validators=[
            MinValueValidator(2000, "Kies een jaar tussen 2000 en 2100."),
            MaxValueValidator(2100, "Kies een jaar tussen 2000 en 2100."),
        ],
        error_messages={"invalid": "Vul een jaartal in, bijvoorbeeld 2027.", "required": "Vul het jaar in."},
        help_text="Een jaar binnen de looptijd van het plan.",
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["plan"])
        field.queryset = plans
        # Read once: the select renders this list and checks its first option without another query.
        cast(forms.Select, field.widget).choices = [(plan.pk, str(plan)) for plan in plans]

    @property
    def has_plans(self) -> bool:
        return bool(cast(forms.Select, self.fields["plan"].widget).choices)


class VaststellenForm(Form):
    """The day the college adopted the programme."""

    vastgesteld_op = DateField(
        label="Vastgesteld op",
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum van het besluit van het college in."},
    )

    def clean_vastgesteld_op(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["vastgesteld_op"]
        if value > timezone.localdate():
            raise forms.ValidationError("De datum van vaststelling ligt in de toekomst.")
        return value


class VoortgangForm(Form):
    """What the organisation carrying out an action updates: status, progress and evaluation."""

    status = _status_field()
    voortgang = voortgang_field()
    evaluatie = _evaluatie_field()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, obj: Actie, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {**self.stored(obj), "version": obj.version})
        super().__init__(*args, **kwargs)

    @staticmethod
    def stored(obj: Actie) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in Actie.PROGRESS_FIELDS}

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return self.stored(obj)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in Actie.PROGRESS_FIELDS}


class ActieForm(NldsFormMixin, forms.Form):
    """A whole action: the model's fields and labels, the theme, goal and organisation of this gemeente."""

    def __init__(
        self, *args: Any, programma: Programma, member: Membership, obj: Actie | None = None, **kwargs: Any
    ) -> None:
        if obj is not None:
            kwargs.setdefault("initial", {**self.stored_values(obj), "version": obj.version})
        else:
            kwargs.setdefault("initial", {"voortgang": 0, "status": ActieStatus.GEPLAND})
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(Actie, fields=list(Actie.EDIT_FIELDS)))
        self._limit_choices(programma, member)
        self.fields["actiepunt"].error_messages["required"] = "Beschrijf het actiepunt."
        self.fields["thema"].error_messages["required"] = "Kies het thema van de actie."
        self.fields["activiteit"].widget.attrs["rows"] = 3
        self.fields["start"] = _date_field("Start")
        self.fields["eind"] = _date_field("Einde")
        self.fields["budget"] = forms.DecimalField(
            label="Budget (euro)",
            required=False,
            max_digits=12,
            decimal_places=2,
            localize=True,
            validators=BUDGET_RANGE,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            help_text="In euro, bijvoorbeeld 12500 of 12500,50.",
        )
        self.fields["status"], self.fields["voortgang"] = _status_field(), voortgang_field()
        self.fields["evaluatie"] = _evaluatie_field()
        cast(forms.ChoiceField, self.fields["obe_type"]).choices = [("", "Nog niet gekozen"), *ObeType.choices]
        self.order_fields(["actiepunt", "thema", "doelstelling", "activiteit", "obe_type"])
        if obj is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        self.style_widgets()

    def _limit_choices(self, programma: Programma, member: Membership) -> None:
        themas = Thema.objects.visible_to(member).order_by("veld__nummer", "volgorde", "naam")
        if member.role != "coordinator":  # a thema-eigenaar chooses among the themes of the velden they own
            themas = themas.filter(veld__eigenaar_thema__in=member.themes)
        fields = cast(dict[str, forms.ModelChoiceField], self.fields)
        fields["thema"].queryset = themas
        fields["thema"].empty_label = "Kies een thema"
        fields["doelstelling"].queryset = Doelstelling.objects.visible_to(member).filter(plan_id=programma.plan_id)
        fields["doelstelling"].empty_label = "Geen (nog) gekozen doel"
        fields["doelstelling"].help_text = "Een SMART-doel uit het plan waaronder dit programma valt."
        fields["organisatie"].queryset = PartnerOrganisatie.objects.visible_to(member)
        fields["organisatie"].empty_label = "De gemeente zelf"
        fields["organisatie"].help_text = (
            "De ketenpartners van deze organisatie werken de voortgang bij; kies een partnerorganisatie van de "
            "gemeente, of de gemeente zelf."
        )

    def stored_values(self, obj: Any) -> dict[str, Any]:
        values = {name: getattr(obj, name) for name in Actie.EDIT_FIELDS if name not in FOREIGN_KEYS}
        return {**values, **{name: getattr(obj, f"{name}_id") for name in FOREIGN_KEYS}}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in Actie.EDIT_FIELDS}
