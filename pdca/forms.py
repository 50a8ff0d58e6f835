"""The forms of the PDCA cycle: an activity, a finding, the year to plan, and the calendar's filter (one
FilterSet, used by the page and by the API)."""

from __future__ import annotations

import uuid
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from kader.choices import Fase
from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, ModelChoiceField, NldsFormMixin
from organisations.models import Membership, Thema

from .models import CONCLUSIE_MAX, OMSCHRIJVING_MAX, SOORT_FASE, TEKST_MAX, Activiteit, Bevinding, Soort, Status
from .services import EARLIEST_YEAR, OWNER_ROLES, YEARS_AHEAD

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"required": "Vul de datum in.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."}
JAAR_ERRORS = {
    "required": "Vul een jaar in.",
    "invalid": "Vul een jaar in, zoals 2027.",
    "min_value": f"Kies een jaar vanaf {EARLIEST_YEAR}.",
    "max_value": "Kies een jaar vóór 10000.",
}


class JaarFilter(django_filters.NumberFilter):
    """A whole year (2026), not a number with decimals."""

    field_class = forms.IntegerField


class OwnerField(ModelChoiceField):
    """A member of the gemeente, by name (or e-mail address)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name or obj.user.email)


class ActiviteitForm(NldsFormMixin, VersionedModelForm):
    """An activity of the calendar; a new one is planned, an existing one can be recorded as done."""

    gepland_op = DateField(label="Gepland op", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    uitgevoerd_op = DateField(
        label="Uitgevoerd op",
        required=False,
        widget=DATE_WIDGET,
        help_text="Vul in als de status Uitgevoerd is.",
        error_messages=DATE_ERRORS,
    )

    class Meta:
        model = Activiteit
        fields = Activiteit.EDIT_FIELDS
        field_classes = {"eigenaar": OwnerField}
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3, "maxlength": OMSCHRIJVING_MAX}),
            "conclusie": forms.Textarea(attrs={"rows": 5, "maxlength": CONCLUSIE_MAX}),
        }
        error_messages = {
            "titel": {"required": "Geef de activiteit een titel.", "max_length": "Gebruik hoogstens 200 tekens."},
            "fase": {"required": "Kies een fase.", "invalid_choice": "Kies een van de vier fasen."},
            "soort": {"required": "Kies een soort.", "invalid_choice": "Kies een van de soorten."},
            "eigenaar": {"invalid_choice": "Kies een eigenaar uit de lijst."},
            "status": {"required": "Kies een status.", "invalid_choice": "Kies een van de statussen."},
            "omschrijving": {"max_length": f"Gebruik hoogstens {OMSCHRIJVING_MAX} tekens."},
            "conclusie": {"max_length": f"Gebruik hoogstens {CONCLUSIE_MAX} tekens."},
        }

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        eigenaar = cast(forms.ModelChoiceField, self.fields["eigenaar"])
        owners = Membership.objects.visible_to(member).filter(role__in=OWNER_ROLES, user__is_active=True)
        if self.instance.eigenaar_id:  # the current owner stays choosable
            owners = owners | Membership.objects.filter(pk=self.instance.eigenaar_id, gemeente_id=member.gemeente_id)
        eigenaar.queryset = owners.select_related("user").order_by("user__email")
        eigenaar.empty_label = "Nog niemand"
        fase = cast(forms.ChoiceField, self.fields["fase"])
        fase.choices = list(Fase.choices)
        fase.help_text = "Evaluaties en audits horen bij Check, de managementreview bij Act."
        if self.instance._state.adding:
            for name in ("version", "status", "uitgevoerd_op", "conclusie"):
                del self.fields[name]
            self.initial.setdefault("fase", SOORT_FASE[Soort.EVALUATIE])
            self.initial.setdefault("gepland_op", timezone.localdate())
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        """Only a done activity has a date of its execution: asked for when done, dropped otherwise."""
        cleaned = super().clean() or {}
        if "status" not in self.fields:
            return cleaned
        if cleaned.get("status") != Status.UITGEVOERD:
            cleaned["uitgevoerd_op"] = None
        elif cleaned.get("uitgevoerd_op") is None and "uitgevoerd_op" not in self.errors:
            self.add_error("uitgevoerd_op", "Vul in wanneer de activiteit is uitgevoerd.")
        return cleaned


class BevindingForm(NldsFormMixin, VersionedModelForm):
    """A finding; a thema-eigenaar chooses one of their own themes."""

    class Meta:
        model = Bevinding
        fields = Bevinding.EDIT_FIELDS
        labels = {"tekst": "Bevinding"}
        widgets = {"tekst": forms.Textarea(attrs={"rows": 4, "maxlength": TEKST_MAX})}
        error_messages = {
            "tekst": {
                "required": "Beschrijf de bevinding.",
                "max_length": f"Beschrijf haar in hoogstens {TEKST_MAX} tekens.",
            },
            "soort": {"required": "Kies een soort bevinding.", "invalid_choice": "Kies een van de soorten."},
            "thema": {"invalid_choice": "Kies een van de thema's in de lijst."},
        }

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        thema = cast(forms.ChoiceField, self.fields["thema"])
        if member.role == "coordinator":
            thema.choices = [("", "Geen: de bevinding gaat over het geheel"), *Thema.choices]
        else:  # a thema-eigenaar records findings of their own themes
            thema.choices = [(value, label) for value, label in Thema.choices if value in member.themes]
            thema.required = True
            thema.error_messages["required"] = "Kies een van uw thema's."
        if self.instance._state.adding:
            del self.fields["version"]
        self.style_widgets()


class JaarForm(Form):
    """The year to plan."""

    jaar = forms.IntegerField(label="Jaar", error_messages=JAAR_ERRORS)

    def clean_jaar(self) -> int:
        value = int(self.cleaned_data["jaar"])
        last = timezone.localdate().year + YEARS_AHEAD
        if not EARLIEST_YEAR <= value <= last:
            raise forms.ValidationError(f"Kies een jaar tussen {EARLIEST_YEAR} en {last}.")
        return value


class ActiviteitFilter(django_filters.FilterSet):
    """The calendar's activities: by year, phase and status (the page and ``GET /pdca-activiteiten``)."""

    jaar = JaarFilter(
        field_name="gepland_op",
        lookup_expr="year",
        label="Jaar",
        min_value=EARLIEST_YEAR,
        max_value=9999,
        error_messages=JAAR_ERRORS,
    )
    fase = django_filters.ChoiceFilter(choices=Fase.choices, label="Fase", empty_label="Alle fasen")
    status = django_filters.ChoiceFilter(choices=Status.choices, label="Status", empty_label="Alle statussen")

    class Meta:
        model = Activiteit
        fields: list[str] = []
        form = Form

    def filtered(self) -> QuerySet[Activiteit]:
        """The filtered activities; none while a filter is invalid (the form says why)."""
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return self.qs


class BevindingenField(forms.ModelMultipleChoiceField):
    """Findings by id; an id that is no id at all gets the field's own Dutch message."""

    def clean(self, value: Any) -> Any:
        for pk in value or []:
            try:
                uuid.UUID(str(pk))
            except ValueError:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value") from None
        return super().clean(value)


class OpnemenForm(Form):
    """The findings to take into the next version of the kader: marked for it and not yet taken up."""

    bevinding = BevindingenField(
        label="Bevindingen",
        queryset=Bevinding.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "Kies een of meer bevindingen om op te nemen.",
            "invalid_choice": (
                "Een gekozen bevinding is intussen al opgenomen of niet meer voor het kader; kies opnieuw."
            ),
            "invalid_pk_value": "Kies bevindingen uit de lijst.",
        },
    )

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["bevinding"])
        field.queryset = (
            Bevinding.objects.voor(member)
            .voor_kader()
            .select_related("activiteit")
            .order_by("activiteit__gepland_op", "created_at")
        )
