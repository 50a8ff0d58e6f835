"""Forms of a bijeenkomst: preparing it (members) and answering its questions (participants).

The participants' forms work without JavaScript: one group of radio buttons or one number field
per theme, checked here and again by the service (``services.clean_answer``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms

from ivp.models import Actie, Plan, Thema
from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, ModelForm, NldsFormMixin

from . import services
from .models import MAX_INBRENG, Bijeenkomst, Soort, Vraag

WEET_NIET = "weet-niet"
SCALE_CHOICES = [(str(n), str(n)) for n in services.SCALE]


class BijeenkomstForm(NldsFormMixin, VersionedModelForm):
    class Meta:
        model = Bijeenkomst
        fields = ("titel", "datum", "doelgroep")
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"datum": DateField}
        help_texts = {"doelgroep": "Wie doen er mee: dit staat op het scherm waarmee deelnemers meedoen."}


class NieuweBijeenkomstForm(ModelForm):
    plan = forms.ModelChoiceField(label="Veiligheidsplan", queryset=Plan.objects.none())

    class Meta:
        model = Bijeenkomst
        fields = ("titel", "datum", "doelgroep")
        widgets = {"datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        field_classes = {"datum": DateField}

    def __init__(self, *args: Any, plans: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans
        self.order_fields(["plan", "titel", "datum", "doelgroep"])


class KopieForm(Form):
    titel = forms.CharField(label="Titel van de kopie", max_length=200)
    datum = DateField(label="Datum")


class VraagForm(NldsFormMixin, VersionedModelForm):
    """A question with the themes (or, for a ranking, actions) it asks about."""

    themas = forms.ModelMultipleChoiceField(
        label="Thema's", queryset=Thema.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    acties = forms.ModelMultipleChoiceField(
        label="Acties (alleen bij een rangorde van acties)",
        queryset=Actie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Vraag
        fields = ("soort", "tekst", "toelichting", "onderwerp_acties", "criterium", "as_x", "as_y")
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "criterium": "Een schaalvraag kan de gemeente helpen scoren: haar gemiddelde staat bij de prioritering.",
            "as_x": "Alleen bij een 2 × 2-vraag.",
            "as_y": "Alleen bij een 2 × 2-vraag.",
        }

    def __init__(self, *args: Any, themas: Any, acties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = cast(dict[str, forms.ModelMultipleChoiceField], self.fields)
        fields["themas"].queryset = themas
        fields["acties"].queryset = acties
        if self.instance.pk and not self.is_bound:
            chosen = [o["id"] for o in self.instance.onderwerpen]
            self.initial["acties" if self.instance.onderwerp_acties else "themas"] = chosen


# --- participants -----------------------------------------------------------------------------


class MeedoenForm(Form):
    code = forms.CharField(
        label="Code van de bijeenkomst",
        max_length=12,
        help_text="De code staat op het scherm in de zaal, bijvoorbeeld ABCD-EFGH.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class AanmeldForm(Form):
    naam = forms.CharField(label="Naam (niet verplicht)", max_length=100, required=False)
    organisatie = forms.CharField(label="Organisatie (niet verplicht)", max_length=150, required=False)


class AntwoordForm(Form):
    """One field (or two, for 2 × 2) per theme of the question, built from what the question keeps."""

    def __init__(self, *args: Any, vraag: Vraag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.vraag = vraag
        n = len(vraag.onderwerpen)
        for o in vraag.onderwerpen:
            key = o["id"]
            if vraag.soort == Soort.SCHAAL:
                self.fields[key] = forms.ChoiceField(
                    label=o["naam"], choices=[*SCALE_CHOICES, (WEET_NIET, "weet niet")], widget=forms.RadioSelect
                )
            elif vraag.soort == Soort.PUNTEN:
                self.fields[key] = forms.IntegerField(
                    label=o["naam"], min_value=0, max_value=services.POINTS, initial=0
                )
            elif vraag.soort == Soort.RANGORDE:
                self.fields[key] = forms.IntegerField(label=f"Plaats van {o['naam']}", min_value=1, max_value=n)
            elif vraag.soort == Soort.MATRIX:
                self.fields[f"{key}-x"] = forms.ChoiceField(
                    label=f"{o['naam']}: {vraag.as_x}", choices=SCALE_CHOICES, widget=forms.RadioSelect
                )
                self.fields[f"{key}-y"] = forms.ChoiceField(
                    label=f"{o['naam']}: {vraag.as_y}", choices=SCALE_CHOICES, widget=forms.RadioSelect
                )
        self.style_widgets()

    @staticmethod
    def initial_of(vraag: Vraag, waarde: Any) -> dict[str, Any]:
        """The form's fields filled with an earlier answer."""
        if waarde is None:
            return {}
        if vraag.soort == Soort.RANGORDE:
            return {key: place for place, key in enumerate(waarde, start=1)}
        if vraag.soort == Soort.MATRIX:
            return {f"{k}-{axis}": str(v[i]) for k, v in waarde.items() for i, axis in enumerate("xy")}
        if vraag.soort == Soort.SCHAAL:
            return {k: WEET_NIET if v is None else str(v) for k, v in waarde.items()}
        return dict(waarde)

    def waarde(self) -> Any:
        """The answer in the shape the service stores (after is_valid)."""
        data = self.cleaned_data
        keys = [o["id"] for o in self.vraag.onderwerpen]
        if self.vraag.soort == Soort.SCHAAL:
            return {k: None if data[k] == WEET_NIET else int(data[k]) for k in keys}
        if self.vraag.soort == Soort.PUNTEN:
            return {k: data[k] for k in keys}
        if self.vraag.soort == Soort.RANGORDE:
            places = {k: data[k] for k in keys}
            if len(set(places.values())) != len(keys):
                raise forms.ValidationError(
                    "Elke plaats mag maar één keer voorkomen: geef elk onderwerp een eigen plaats."
                )
            return sorted(keys, key=places.__getitem__)
        return {k: [int(data[f"{k}-x"]), int(data[f"{k}-y"])] for k in keys}


class InbrengForm(Form):
    tekst = forms.CharField(
        label="Uw opmerking of idee",
        max_length=MAX_INBRENG,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Ten hoogste {MAX_INBRENG} tekens. Andere deelnemers zien uw tekst, niet uw naam.",
    )
