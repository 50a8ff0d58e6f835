"""Forms of the kader pages: validation only; the services do the writing.

A field that a version needs before it can go ter besluitvorming carries ``required_to_submit``
(from ``KaderVersie.REQUIRED_TO_SUBMIT`` and each part's ``required_to_submit``), so the form
says "nodig om in te dienen" instead of "niet verplicht".
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import Form, NldsFormMixin

from .compare import model_field
from .models import (
    Bedrijfsmiddel,
    Deelplan,
    Doel,
    Governance,
    KaderOnderdeel,
    KaderVersie,
    Uitgangspunt,
    Verantwoordelijkheid,
    WetOfNorm,
)

JA_NEE = {"": None, "ja": True, "nee": False}
JA_NEE_CODE = {True: "ja", False: "nee"}


def _not_in_future(value: datetime.date | None) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
    return value


def _mark_required_to_submit(form: forms.BaseForm, names: frozenset[str]) -> None:
    for name in names & set(form.fields):
        form.fields[name].required_to_submit = True  # type: ignore[attr-defined]  # read by includes/form.html


class VersieForm(NldsFormMixin, VersionedModelForm):
    """A single-valued part of a version (visie, scope, governance)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _mark_required_to_submit(self, KaderVersie.REQUIRED_TO_SUBMIT)

    def validate_unique(self) -> None:
        """The service checks the version; no constraint covers these fields."""


class VisieForm(VersieForm):
    """Step 1: the vision, its minimal and maximal variant and why this variant was chosen."""

    class Meta:
        model = KaderVersie
        fields = ["visie", "visie_minimaal", "visie_maximaal", "visie_onderbouwing"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}
        help_texts = {
            "visie": _("Waarom beveiligt de gemeente haar organisatie en wat wil zij daarmee bereiken?"),
            "visie_onderbouwing": _("Waarom kiest de gemeente voor deze variant tussen minimaal en maximaal?"),
        }


class ScopeForm(VersieForm):
    """Step 2: the categories of bedrijfsmiddelen within the scope."""

    bedrijfsmiddelen = forms.MultipleChoiceField(
        label=_("Bedrijfsmiddelen binnen de scope"),
        choices=Bedrijfsmiddel.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies wat de gemeente met dit kader wil beschermen."),
    )

    class Meta:
        model = KaderVersie
        fields = ["bedrijfsmiddelen"]


class GovernanceForm(VersieForm):
    """Step 5: who steers integrale beveiliging, and how."""

    class Meta:
        model = KaderVersie
        fields = ["governance", "governance_toelichting"]
        widgets = {"governance": forms.RadioSelect, "governance_toelichting": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["governance"]).choices = Governance.choices


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
    """The decision that adopts a version (the service checks the dates against the version)."""

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
            cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("van") and data.get("van") == data.get("naar"):
            raise forms.ValidationError(_("Kies twee verschillende versies."))
        return data


# --- the parts edited field by field ----------------------------------------------------------


def _formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PartForm(NldsFormMixin, forms.Form):
    """One row of a part; its fields are the model's ``edit_fields`` with the model's labels and help."""

    def __init__(self, *args: Any, model: type[KaderOnderdeel], obj: Any = None, **kwargs: Any) -> None:
        if obj is not None:
            kwargs.setdefault("prefix", str(obj.pk))
            kwargs.setdefault("initial", {**self.stored_values(obj), "version": obj.version})
        else:
            kwargs.setdefault("prefix", f"nieuw-{model.slug}")
        super().__init__(*args, **kwargs)
        self.model, self.obj = model, obj
        fields = forms.fields_for_model(model, fields=list(model.edit_fields), formfield_callback=_formfield)
        for field in fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
        self.fields.update(fields)
        self.add_fields()
        if obj is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        _mark_required_to_submit(self, model.required_to_submit)
        self.style_widgets()

    def add_fields(self) -> None:
        """Fields of one part beyond its model fields (a subclass adds them)."""

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in obj.edit_fields}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.model.edit_fields}

    def upload(self) -> dict[str, Any]:
        """A file that comes with the row, as service arguments (only a deelplan has one)."""
        return {}


class DeelplanForm(PartForm):
    """A deelplan, with its plan as a file."""

    def add_fields(self) -> None:
        self.fields["bestand"] = forms.FileField(
            label=_("Het plan als bestand (PDF, .docx of .odt, hoogstens 10 MB)"), required=False
        )
        if self.obj is not None and self.obj.bestandsnaam:
            self.fields["bestand_verwijderen"] = forms.BooleanField(
                label=_("Het bestand %(naam)s verwijderen") % {"naam": self.obj.bestandsnaam}, required=False
            )

    def upload(self) -> dict[str, Any]:
        """The plan file as service arguments: a new file, or removing the stored one."""
        upload = self.cleaned_data.get("bestand")
        if upload is not None:
            return {"bestand": (upload.name, upload.read())}
        return {"bestand_verwijderen": True} if self.cleaned_data.get("bestand_verwijderen") else {}


class DoelForm(PartForm):
    """A beveiligingsdoel: relevant, not relevant, or not yet decided."""

    def add_fields(self) -> None:
        self.fields["relevant"] = forms.ChoiceField(
            label=_("Relevant voor de gemeente"),
            required=False,
            choices=[("", _("Nog niet bepaald")), ("ja", _("Relevant")), ("nee", _("Niet relevant"))],
        )
        self.fields["titel"].error_messages["required"] = _("Geef het doel een titel.")
        self.order_fields(["relevant", "titel", "toelichting"])

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {**super().stored_values(obj), "relevant": JA_NEE_CODE.get(obj.relevant, "")}

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), "relevant": JA_NEE[self.cleaned_data.get("relevant") or ""]}


class UitgangspuntForm(PartForm):
    """An uitgangspunt in one of the six groups, and the goals (of the same version) it serves."""

    def __init__(self, *args: Any, doelen: Sequence[Any] = (), **kwargs: Any) -> None:
        self.doelen_by_pk = {str(d.pk): d for d in doelen}
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["tekst"].error_messages["required"] = _("Schrijf het uitgangspunt op.")
        self.fields["doelen"] = forms.MultipleChoiceField(
            label=_("Dient deze beveiligingsdoelen"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(pk, doel.titel) for pk, doel in self.doelen_by_pk.items()],
        )

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {**super().stored_values(obj), "doelen": [str(link.doel_id) for link in obj.koppelingen.all()]}

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), "doelen": [self.doelen_by_pk[pk] for pk in self.cleaned_data["doelen"]]}


class WetOfNormForm(PartForm):
    """A law or norm: applicable, not applicable, or not yet decided."""

    def add_fields(self) -> None:
        self.fields["van_toepassing"] = forms.ChoiceField(
            label=_("Van toepassing"),
            required=False,
            choices=[("", _("Nog niet bepaald")), ("ja", _("Van toepassing")), ("nee", _("Niet van toepassing"))],
        )

    def stored_values(self, obj: Any) -> dict[str, Any]:
        return {**super().stored_values(obj), "van_toepassing": JA_NEE_CODE.get(obj.van_toepassing, "")}

    def changes(self) -> dict[str, Any]:
        return {**super().changes(), "van_toepassing": JA_NEE[self.cleaned_data.get("van_toepassing") or ""]}


NEW = "__nieuw__"


class VerantwoordelijkheidForm(PartForm):
    """A cell of the responsibility matrix: role and activity chosen from the matrix's own lists.

    A new role or activity is typed once; after that it is chosen, so one role never becomes two
    columns by a difference in spelling.
    """

    def __init__(self, *args: Any, rollen: Sequence[str] = (), activiteiten: Sequence[str] = (), **kwargs: Any) -> None:
        self.known = {"rol": list(rollen), "activiteit": list(activiteiten)}
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        labels = {"rol": (_("Rol"), _("Nieuwe rol")), "activiteit": (_("Activiteit"), _("Nieuwe activiteit"))}
        for name, (label, new_label) in labels.items():
            choices = [(value, value) for value in self.known[name]] + [(NEW, _("Een nieuwe…"))]
            self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            self.fields[f"nieuwe_{name}"] = forms.CharField(
                label=new_label, required=False, max_length=model_field(Verantwoordelijkheid, name).max_length
            )
        self.order_fields(["rol", "nieuwe_rol", "activiteit", "nieuwe_activiteit", "aard"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("rol", "activiteit"):
            chosen, typed = data.get(name), (data.get(f"nieuwe_{name}") or "").strip()
            if chosen in (None, "", NEW) and not typed:
                self.add_error(f"nieuwe_{name}", _("Kies er een uit de lijst of typ een nieuwe."))
            data[name] = typed if typed else chosen
        return data

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ("rol", "activiteit", "aard")}


PART_FORMS: dict[type[KaderOnderdeel], type[PartForm]] = {
    Doel: DoelForm,
    Uitgangspunt: UitgangspuntForm,
    Deelplan: DeelplanForm,
    WetOfNorm: WetOfNormForm,
    Verantwoordelijkheid: VerantwoordelijkheidForm,
}


def part_form(model: type[KaderOnderdeel]) -> type[PartForm]:
    """The form of one row of a part."""
    return PART_FORMS.get(model, PartForm)
