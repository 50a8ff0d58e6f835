"""Forms of the risk register. Scores are chosen from the classes of the gemeente's current matrix
(by their labels), themes from the themes a thema-eigenaar can own; the services check it all again."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms

from ivp.models import Thema as IvpThema
from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, NldsFormMixin
from organisations.models import Membership, Role
from organisations.models import Thema as BeveiligingsThema

from .content import VOORSTELLEN
from .models import Acceptatie, Bedrijfsmiddel, Dreiging, Maatregel, Matrix, Risico, Toets
from .themas import veld_5_themas

THEMAS_HELP = "Een thema-eigenaar beheert wat bij zijn eigen thema's hoort; zonder thema beheert de coördinator het."


def _themas_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Thema's",
        choices=BeveiligingsThema.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=THEMAS_HELP,
    )


class StartForm(Form):
    methode = forms.ChoiceField(
        label="Risicomatrix om mee te beginnen",
        choices=[(key, voorstel.naam) for key, voorstel in VOORSTELLEN.items()],
        initial="standaard",
        widget=forms.RadioSelect,
        help_text="U kunt de klassen, niveaus en risicobereidheid later aanpassen.",
    )


class BedrijfsmiddelForm(NldsFormMixin, VersionedModelForm):
    themas = _themas_field()

    class Meta:
        model = Bedrijfsmiddel
        fields = Bedrijfsmiddel.EDIT_FIELDS
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "scope": "De categorie van bedrijfsmiddelen in de scope van het strategisch kader.",
            "eigenaar": "De persoon of afdeling die verantwoordelijk is.",
        }


class DreigingForm(NldsFormMixin, VersionedModelForm):
    class Meta:
        model = Dreiging
        fields = Dreiging.EDIT_FIELDS
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 2})}


def _owner_label(member: Membership) -> str:
    return str(member.user.full_name or member.user.email)


def _score_field(label: str, labels: list[str], help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "— nog niet gescoord —"), *((str(n), f"{n}. {text}") for n, text in enumerate(labels, start=1))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=help_text,
    )


class RisicoForm(NldsFormMixin, VersionedModelForm):
    """A risk with its scores on the current matrix (``matrix``) and its assets."""

    themas = _themas_field()
    bedrijfsmiddelen = forms.ModelMultipleChoiceField(
        label="Bedrijfsmiddelen",
        queryset=Bedrijfsmiddel.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Wat dit scenario raakt.",
    )
    volgende_review = DateField(
        label="Volgende beoordeling",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg laten: Kapstok kiest een datum bij het niveau van het risico.",
    )

    class Meta:
        model = Risico
        fields = (
            "titel",
            "scenario",
            "dreiging",
            "themas",
            "bruto_kans",
            "bruto_impact",
            "netto_kans",
            "netto_impact",
            "behandeling",
            "eigenaar",
            "volgende_review",
        )
        widgets = {"scenario": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, matrix: Matrix, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["bruto_kans"] = _score_field("Kans (bruto)", matrix.kans_labels, "Zonder maatregelen.")
        fields["bruto_impact"] = _score_field("Impact (bruto)", matrix.impact_labels)
        fields["netto_kans"] = _score_field("Kans (netto)", matrix.kans_labels, "Met de maatregelen die er nu zijn.")
        fields["netto_impact"] = _score_field("Impact (netto)", matrix.impact_labels)
        dreiging = cast(forms.ModelChoiceField, fields["dreiging"])
        dreiging.queryset = Dreiging.objects.visible_to(member).order_by("-moedwillig", "naam")
        dreiging.empty_label = "— geen dreiging gekozen —"
        eigenaar = cast(forms.ModelChoiceField, fields["eigenaar"])
        owners = Membership.objects.visible_to(member).filter(
            role__in=[Role.COORDINATOR, Role.THEMA_EIGENAAR, Role.BESTUURDER]
        )
        if self.instance.eigenaar_id:  # the current owner stays a choice (a thema-eigenaar sees only themselves)
            owners = owners | Membership.objects.filter(pk=self.instance.eigenaar_id, gemeente_id=member.gemeente_id)
        eigenaar.queryset = owners.select_related("user").order_by("user__email")
        eigenaar.label_from_instance = _owner_label  # type: ignore[method-assign,assignment]  # django-stubs types it as a method
        eigenaar.empty_label = "— geen eigenaar —"
        middelen = cast(forms.ModelMultipleChoiceField, fields["bedrijfsmiddelen"])
        middelen.queryset = Bedrijfsmiddel.objects.visible_to(member).order_by("naam")
        if self.instance.pk and not self.is_bound and not self.instance._state.adding:
            self.initial["bedrijfsmiddelen"] = [
                link.bedrijfsmiddel_id for link in self.instance.bedrijfsmiddel_links.all()
            ]
        self.order_fields(["titel", "scenario", "dreiging", "bedrijfsmiddelen", "themas"])
        self.style_widgets()


class AcceptatieForm(NldsFormMixin, forms.ModelForm):
    geaccepteerd_op = DateField(
        label="Geaccepteerd op", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    geldig_tot = DateField(
        label="Geldig tot",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Ten hoogste vijf jaar. Daarna vraagt Kapstok om een nieuwe beoordeling.",
    )

    class Meta:
        model = Acceptatie
        fields = ("geaccepteerd_door", "geaccepteerd_op", "geldig_tot", "motivering")
        widgets = {"motivering": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"geaccepteerd_door": "Wie het restrisico aanvaardt, bijvoorbeeld het college of de directie."}


class MaatregelForm(NldsFormMixin, VersionedModelForm):
    """A measure with the risks it serves."""

    themas = _themas_field()
    risicos = forms.ModelMultipleChoiceField(
        label="Risico's",
        queryset=Risico.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="De risico's die deze maatregel verkleint. Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen.",
    )
    gepland_op = DateField(
        label="Geplande datum", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    gerealiseerd_op = DateField(
        label="Gerealiseerd op", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    class Meta:
        model = Maatregel
        fields = Maatregel.EDIT_FIELDS
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            "soort": forms.RadioSelect,
            "functie": forms.RadioSelect,
            "schakels": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "schakels": "Welke schakels van de beveiligingsketen deze maatregel invult.",
            "status": "Alleen geïmplementeerde en getoetste maatregelen tellen mee in de keten.",
        }

    def __init__(self, *args: Any, member: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import Schakel

        self.fields["schakels"] = forms.MultipleChoiceField(
            label="Schakels in de beveiligingsketen",
            choices=Schakel.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text="Welke schakels van de beveiligingsketen deze maatregel invult.",
        )
        eigenaar = cast(forms.ModelChoiceField, self.fields["eigenaar"])
        owners = Membership.objects.visible_to(member).filter(
            role__in=[Role.COORDINATOR, Role.THEMA_EIGENAAR, Role.BESTUURDER]
        )
        if self.instance.eigenaar_id:
            owners = owners | Membership.objects.filter(pk=self.instance.eigenaar_id, gemeente_id=member.gemeente_id)
        eigenaar.queryset = owners.select_related("user").order_by("user__email")
        eigenaar.label_from_instance = _owner_label  # type: ignore[method-assign,assignment]  # django-stubs types it as a method
        eigenaar.empty_label = "— geen eigenaar —"
        risicos = cast(forms.ModelMultipleChoiceField, self.fields["risicos"])
        risicos.queryset = Risico.objects.visible_to(member).order_by("titel")
        if not self.instance._state.adding and not self.is_bound:
            self.initial["risicos"] = [link.risico_id for link in self.instance.risico_links.all()]
        self.order_fields(["titel", "omschrijving", "soort", "functie", "schakels", "risicos", "themas"])
        self.style_widgets()


class ToetsForm(NldsFormMixin, forms.ModelForm):
    datum = DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = Toets
        fields = ("datum", "door", "resultaat", "notitie")
        widgets = {"resultaat": forms.RadioSelect, "notitie": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"door": "Wie toetste: een beveiliger, een auditor, een oefening."}


class TegenstrijdigForm(Form):
    andere = forms.ModelChoiceField(label="Werkt tegen", queryset=Maatregel.objects.none())
    toelichting = forms.CharField(label="Waarom", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, member: Membership, maatregel: Maatregel, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        andere = cast(forms.ModelChoiceField, self.fields["andere"])
        andere.queryset = Maatregel.objects.visible_to(member).exclude(pk=maatregel.pk).order_by("titel")


class ThemaKoppelForm(Form):
    thema = forms.ModelChoiceField(
        label="Thema van veld 5",
        help_text="Thema's van veld 5 (integriteit en veiligheid) van het veiligheidsplan.",
        queryset=IvpThema.objects.none(),
        error_messages={"required": "Kies een thema.", "invalid_choice": "Kies een thema uit de lijst."},
    )

    def __init__(self, *args: Any, member: Membership, linked: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        thema = cast(forms.ModelChoiceField, self.fields["thema"])
        thema.queryset = veld_5_themas(member).exclude(pk__in=[k.thema_id for k in linked or []])


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_COLOUR = (0x0B, 0x0C, 0x0C)  # the dark text on every level colour


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_with_text(colour: str) -> float:
    """The contrast ratio (WCAG) of the dark text on ``colour`` (#rrggbb)."""
    rgb = (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))
    light, dark = _luminance(rgb), _luminance(TEXT_COLOUR)
    return (max(light, dark) + 0.05) / (min(light, dark) + 0.05)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class MatrixForm(Form):
    """A new version of the matrix: classes, levels and risk appetite; the mapping of the old classes
    comes with the dry run (``mapping``), proportional until the user chooses otherwise."""

    kans_labels = forms.CharField(
        label="Klassen van de kans",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Eén klasse per regel, van klein naar groot; 2 tot 7 klassen.",
    )
    impact_labels = forms.CharField(
        label="Klassen van de impact",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Eén klasse per regel, van beperkt naar groot; 2 tot 7 klassen.",
    )
    niveaus = forms.CharField(
        label="Niveaus",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Eén niveau per regel, van laag naar hoog: naam; kleur (#rrggbb, licht genoeg voor donkere tekst); "
            "maanden tot de volgende beoordeling. Bijvoorbeeld: Hoog; #f9cfa6; 3. De cellen worden ingedeeld "
            "naar kans × impact."
        ),
    )
    tolerantie = forms.CharField(
        label="Risicobereidheid",
        max_length=60,
        help_text="De naam van het hoogste niveau dat de gemeente aanvaardt.",
    )
    toelichting = forms.CharField(
        label="Toelichting op de wijziging", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    nummer = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, old: Matrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.old = old

    @staticmethod
    def initial_of(matrix: Matrix) -> dict[str, Any]:
        return {
            "kans_labels": "\n".join(matrix.kans_labels),
            "impact_labels": "\n".join(matrix.impact_labels),
            "niveaus": "\n".join(f"{n['naam']}; {n['kleur']}; {n.get('maanden', 12)}" for n in matrix.niveaus),
            "tolerantie": matrix.niveau_naam(matrix.tolerantie),
            "nummer": matrix.nummer,
        }

    def clean_kans_labels(self) -> list[str]:
        return self._labels("kans_labels")

    def clean_impact_labels(self) -> list[str]:
        return self._labels("impact_labels")

    def _labels(self, name: str) -> list[str]:
        labels = _lines(self.cleaned_data[name])
        if not 2 <= len(labels) <= 7:
            raise forms.ValidationError("Geef 2 tot 7 klassen, één per regel.")
        if any(len(label) > 60 for label in labels):
            raise forms.ValidationError("Een klasse heeft ten hoogste 60 tekens.")
        return labels

    def clean_niveaus(self) -> list[dict[str, Any]]:
        found = []
        for number, line in enumerate(_lines(self.cleaned_data["niveaus"]), start=1):
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 3 or not parts[0] or len(parts[0]) > 60:
                raise forms.ValidationError(
                    f"Regel {number}: schrijf naam; kleur; maanden, bijvoorbeeld Hoog; #f9cfa6; 3."
                )
            naam, kleur, maanden = parts
            if not HEX_COLOUR.match(kleur):
                raise forms.ValidationError(f"Regel {number}: de kleur is een code als #f9cfa6.")
            if contrast_with_text(kleur) < 4.5:
                raise forms.ValidationError(
                    f"Regel {number}: {kleur} is te donker; donkere tekst moet erop leesbaar blijven (contrast 4,5:1)."
                )
            if not maanden.isdigit() or not 1 <= int(maanden) <= 60:
                raise forms.ValidationError(f"Regel {number}: het aantal maanden is een getal van 1 tot 60.")
            found.append({"naam": naam, "kleur": kleur.lower(), "maanden": int(maanden)})
        if not 2 <= len(found) <= 6:
            raise forms.ValidationError("Geef 2 tot 6 niveaus, één per regel.")
        if len({str(n["naam"]).lower() for n in found}) != len(found):
            raise forms.ValidationError("Geef elk niveau een eigen naam.")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        niveaus, tolerantie = data.get("niveaus"), data.get("tolerantie")
        if niveaus and tolerantie:
            names = [n["naam"].lower() for n in niveaus]
            if tolerantie.strip().lower() not in names:
                self.add_error("tolerantie", "Noem een van de niveaus hierboven.")
            else:
                data["tolerantie_index"] = names.index(tolerantie.strip().lower())
        return data

    def mapping(self, axis: str, size: int) -> dict[int, int] | None:
        """The old → new classes the user chose on the dry run, or None (proportional)."""
        old_size = self.old.kans_size if axis == "kans" else self.old.impact_size
        chosen = {}
        for c in range(1, old_size + 1):
            value = self.data.get(f"{axis}_map_{c}", "")
            if not (value.isdigit() and 1 <= int(value) <= size):
                return None  # not chosen yet, or the number of classes changed: proportional
            chosen[c] = int(value)
        return chosen

    def plan_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kans_labels": data["kans_labels"],
            "impact_labels": data["impact_labels"],
            "niveaus": data["niveaus"],
            "tolerantie": data["tolerantie_index"],
            "impactcriteria": list(self.old.impactcriteria),
            "methode": self.old.methode,
            "toelichting": data.get("toelichting", ""),
            "kans_map": self.mapping("kans", len(data["kans_labels"])),
            "impact_map": self.mapping("impact", len(data["impact_labels"])),
        }
