"""Forms of the kader pages: validation only; the services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.concurrency import VersionedModelForm
from lib.forms import Form, NldsFormMixin

from .models import Bedrijfsmiddel, Governance, KaderVersie, UitgangspuntGroep
from .services import PART_SPECS


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


RELEVANTIE = {"": None, "ja": True, "nee": False}


class DoelForm(Form):
    """Step 3: one beveiligingsdoel, from the starting set or the gemeente's own."""

    relevant = forms.ChoiceField(
        label=_("Relevant voor de gemeente"),
        required=False,
        choices=[("", _("Nog niet bepaald")), ("ja", _("Relevant")), ("nee", _("Niet relevant"))],
    )
    titel = forms.CharField(
        label=_("Titel"), max_length=200, error_messages={"required": _("Geef het doel een titel.")}
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args: Any, doel: Any = None, **kwargs: Any) -> None:
        if doel is not None:
            kwargs.setdefault("prefix", str(doel.pk))
            relevant = {True: "ja", False: "nee"}.get(doel.relevant, "")
            kwargs.setdefault(
                "initial",
                {"relevant": relevant, "titel": doel.titel, "toelichting": doel.toelichting, "version": doel.version},
            )
        super().__init__(*args, **kwargs)
        if doel is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"titel": data["titel"], "toelichting": data["toelichting"], "relevant": RELEVANTIE[data["relevant"]]}


class UitgangspuntForm(Form):
    """Step 4: an uitgangspunt in one of the six groups and the goals it serves."""

    groep = forms.ChoiceField(label=_("Groep"), choices=UitgangspuntGroep.choices)
    tekst = forms.CharField(
        label=_("Uitgangspunt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf het uitgangspunt op.")},
    )
    doelen = forms.MultipleChoiceField(
        label=_("Dient deze beveiligingsdoelen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self, *args: Any, doelen: list[Any], punt: Any = None, linked: list[Any] | None = None, **kwargs: Any
    ) -> None:
        if punt is not None:
            kwargs.setdefault("prefix", str(punt.pk))
            kwargs.setdefault(
                "initial",
                {
                    "groep": punt.groep,
                    "tekst": punt.tekst,
                    "doelen": [str(pk) for pk in linked or []],
                    "version": punt.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.doelen_by_pk = {str(d.pk): d for d in doelen}
        self.fields["doelen"].choices = [(str(d.pk), d.titel) for d in doelen]  # type: ignore[attr-defined]
        if punt is None:
            del self.fields["version"]

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        chosen = [self.doelen_by_pk[pk] for pk in data["doelen"]]
        return {"groep": data["groep"], "tekst": data["tekst"], "doelen": chosen}


class ScopeForm(NldsFormMixin, VersionedModelForm):
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

    def validate_unique(self) -> None:
        """The service checks the version; no constraint covers this field."""


class GovernanceForm(NldsFormMixin, VersionedModelForm):
    """Step 5: who steers integrale beveiliging, and how."""

    class Meta:
        model = KaderVersie
        fields = ["governance", "governance_toelichting"]
        widgets = {"governance": forms.RadioSelect, "governance_toelichting": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["governance"].choices = Governance.choices  # type: ignore[attr-defined]

    def validate_unique(self) -> None:
        """The service checks the version; no constraint covers these fields."""


JA_NEE = {"": None, "ja": True, "nee": False}
PART_LABELS: dict[str, dict[str, Any]] = {
    "wetten": {"toelichting": _("Waarom van belang"), "reden": _("Reden")},
    "pdca": {"wat": _("Wat gebeurt er in deze fase"), "wanneer": _("Wanneer"), "wie": _("Door wie")},
}
PART_HELP: dict[str, dict[str, Any]] = {
    "wetten": {"reden": _("Verplicht als de wet of norm niet van toepassing is.")},
    "deelplannen": {"link": _("Een link naar het plan, of voeg het plan hieronder als bestand toe.")},
}


def _formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PartForm(NldsFormMixin, forms.Form):
    """One row of a part of scope or kwaliteitssysteem; fields come from ``services.PART_SPECS``."""

    def __init__(self, *args: Any, part: str, obj: Any = None, **kwargs: Any) -> None:
        spec = PART_SPECS[part]
        if obj is not None:
            kwargs.setdefault("prefix", str(obj.pk))
            initial = {name: getattr(obj, name) for name in spec.fields}
            if "van_toepassing" in initial:
                initial["van_toepassing"] = {True: "ja", False: "nee"}.get(initial["van_toepassing"], "")
            kwargs.setdefault("initial", {**initial, "version": obj.version})
        else:
            kwargs.setdefault("prefix", f"nieuw-{part}")
        super().__init__(*args, **kwargs)
        self.part, self.obj = part, obj
        fields = forms.fields_for_model(spec.model, fields=list(spec.fields), formfield_callback=_formfield)
        for name, field in fields.items():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3
            field.label = PART_LABELS.get(part, {}).get(name, field.label)
            field.help_text = PART_HELP.get(part, {}).get(name, "")
        if "van_toepassing" in fields:
            fields["van_toepassing"] = forms.ChoiceField(
                label=_("Van toepassing"),
                required=False,
                choices=[("", _("Nog niet bepaald")), ("ja", _("Van toepassing")), ("nee", _("Niet van toepassing"))],
            )
        if part == "deelplannen":
            fields["bestand"] = forms.FileField(
                label=_("Het plan als bestand (PDF, .docx of .odt, hoogstens 10 MB)"), required=False
            )
            if obj is not None and obj.bestandsnaam:
                fields["bestand_verwijderen"] = forms.BooleanField(
                    label=_("Het bestand %(naam)s verwijderen") % {"naam": obj.bestandsnaam}, required=False
                )
        for name, field in fields.items():
            self.fields[name] = field
        if obj is not None:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
        self.style_widgets()

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in PART_SPECS[self.part].fields}
        if "van_toepassing" in values:
            values["van_toepassing"] = JA_NEE[values["van_toepassing"] or ""]
        return values
