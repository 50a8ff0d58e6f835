"""The forms of the quickscan: a new scan, its title and peildatum, the grid of scores, one cell, and the
levels and questions of the gemeente."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import QueryDict

from lib.concurrency import VersionedModelForm
from lib.forms import DateField, Form, NldsFormMixin

from .models import TOELICHTING_MAX, Aspect, Aspectvraag, Niveau, Quickscan, Score, Thema

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NIET_GESCOORD = "Nog niet gescoord"
TITEL_ERRORS = {"required": "Geef de quickscan een titel.", "max_length": "Gebruik hoogstens 200 tekens."}
PEILDATUM_ERRORS = {"required": "Kies een peildatum.", "invalid": "Vul een geldige datum in, zoals 31-12-2026."}
LEVEL_ERRORS = {"invalid_choice": "Kies een van de niveaus."}


def level_choices(niveaus: Sequence[Niveau], empty: str = NIET_GESCOORD) -> list[tuple[Any, str]]:
    return [("", empty), *((n.nummer, f"{n.nummer} {n.naam}") for n in niveaus)]


def level_field(niveaus: Sequence[Niveau], label: str, empty: str = NIET_GESCOORD) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=level_choices(niveaus, empty),
        coerce=int,
        empty_value=None,
        required=False,
        error_messages=LEVEL_ERRORS,
    )


class NieuwForm(Form):
    titel = forms.CharField(label="Titel", max_length=200, error_messages=TITEL_ERRORS)
    peildatum = DateField(
        label="Peildatum",
        widget=DATE_WIDGET,
        help_text="De dag waarop de scores de stand weergeven.",
        error_messages=PEILDATUM_ERRORS,
    )
    vanaf_vorige = forms.BooleanField(label="Begin met de scores van de laatste afgeronde quickscan", required=False)

    def __init__(self, *args: Any, vorige: Quickscan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if vorige is None:
            del self.fields["vanaf_vorige"]
        else:
            self.fields["vanaf_vorige"].help_text = (
                f"Neem de scores van “{vorige}” (peildatum {vorige.peildatum:%d-%m-%Y}) over als startpunt; "
                "controleer daarna elke score."
            )


class GegevensForm(NldsFormMixin, VersionedModelForm):
    peildatum = DateField(
        label="Peildatum",
        widget=DATE_WIDGET,
        help_text="De dag waarop de scores de stand weergeven.",
        error_messages=PEILDATUM_ERRORS,
    )

    class Meta:
        model = Quickscan
        fields = Quickscan.EDIT_FIELDS
        labels = {"titel": "Titel"}
        error_messages = {"titel": TITEL_ERRORS}


def cel_naam(thema: str, aspect: str) -> str:
    """The name of a cell's field: ``informatiebeveiliging__beleid``."""
    return f"{thema}__{aspect}"


def cel_van(naam: str) -> tuple[str, str]:
    """The (thema, aspect) of a cell's field name."""
    thema, _sep, aspect = naam.partition("__")
    return thema, aspect


class RoosterForm(Form):
    """A select per cell the member may score, with the level it showed (``was_``): what someone else
    changed meanwhile is never overwritten (:meth:`conflicten`)."""

    def __init__(self, *args: Any, scores: Sequence[Score], niveaus: Sequence[Niveau], may: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = {cel_naam(s.thema, s.aspect): s for s in scores if may(s.thema)}
        self.namen = {n.nummer: f"{n.nummer} {n.naam}" for n in niveaus}
        for name, score in self.scores.items():
            self.fields[name] = level_field(niveaus, f"{Thema(score.thema).label} – {Aspect(score.aspect).label}")
            self.initial[name] = score.niveau
            self.fields[f"was_{name}"] = forms.CharField(required=False, widget=forms.HiddenInput)
            self.initial[f"was_{name}"] = "" if score.niveau is None else str(score.niveau)
        self.style_widgets()

    def gewijzigd(self) -> dict[str, int | None]:
        """The cells the member changed, relative to what the form showed: ``{name: level}``."""
        return {
            name: self.cleaned_data[name]
            for name in self.scores
            if _text(self.cleaned_data[name]) != self.cleaned_data.get(f"was_{name}", "")
        }

    def conflicten(self, stored: dict[str, int | None]) -> list[str]:
        """The changed cells whose stored level is no longer what the form showed (someone else saved)."""
        return [name for name in self.gewijzigd() if _text(stored.get(name)) != self.cleaned_data.get(f"was_{name}")]

    def toon_conflict(self, stored: dict[str, int | None], names: list[str], message: str) -> None:
        """Keep the member's own input; show what is stored now, and let the next save go over it."""
        self.add_error(None, message)
        data = _mutable(self.data)
        self.conflict = {}
        for name in names:
            data[f"was_{name}"] = _text(stored.get(name))
            self.conflict[name] = self.namen.get(stored.get(name) or 0, NIET_GESCOORD)
        self.data = data


def _text(level: int | None) -> str:
    return "" if level is None else str(level)


def _mutable(data: Any) -> Any:
    """A copy of a bound form's data that can be changed (a QueryDict of a request is not)."""
    return data.copy() if isinstance(data, QueryDict) else dict(data)


class ScoreForm(NldsFormMixin, VersionedModelForm):
    """One cell: its level, the level aimed for and the explanation."""

    class Meta:
        model = Score
        fields = Score.EDIT_FIELDS
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 4, "maxlength": TOELICHTING_MAX})}
        error_messages = {"toelichting": {"max_length": f"Gebruik hoogstens {TOELICHTING_MAX} tekens."}}

    def __init__(self, *args: Any, niveaus: Sequence[Niveau], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["niveau"] = level_field(niveaus, "Niveau")
        self.fields["gewenst_niveau"] = level_field(niveaus, "Gewenst niveau", "Geen gewenst niveau")
        self.fields["gewenst_niveau"].help_text = "Het niveau dat de gemeente voor dit thema en aspect wil bereiken."
        self.fields["toelichting"].help_text = "Waarom dit niveau: wat er is, wat er ontbreekt."
        self.order_fields(["niveau", "gewenst_niveau", "toelichting"])
        self.style_widgets()


class InstellingenForm(Form):
    """The names and descriptions of the five levels and the question per aspect, each row with the version
    it was shown with."""

    def __init__(self, *args: Any, niveaus: Sequence[Niveau], vragen: Sequence[Aspectvraag], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.niveaus, self.vragen = list(niveaus), list(vragen)
        for niveau in self.niveaus:
            n = niveau.nummer
            self.fields[f"naam_{n}"] = forms.CharField(
                label=f"Niveau {n}: naam",
                max_length=60,
                error_messages={"required": f"Geef niveau {n} een naam.", "max_length": "Gebruik hoogstens 60 tekens."},
            )
            self.fields[f"omschrijving_{n}"] = forms.CharField(
                label=f"Niveau {n}: omschrijving in één zin",
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
                error_messages={
                    "required": f"Beschrijf niveau {n} in één zin.",
                    "max_length": "Gebruik hoogstens 300 tekens.",
                },
            )
            self.fields[f"versie_niveau_{n}"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            self.initial.update({f"naam_{n}": niveau.naam, f"omschrijving_{n}": niveau.omschrijving})
            self.initial[f"versie_niveau_{n}"] = niveau.version
        for vraag in self.vragen:
            a = vraag.aspect
            self.fields[f"vraag_{a}"] = forms.CharField(
                label=f"Vraag bij {Aspect(a).label.lower()}",
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
                error_messages={"required": "Schrijf de vraag op.", "max_length": "Gebruik hoogstens 300 tekens."},
            )
            self.fields[f"versie_vraag_{a}"] = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
            self.initial.update({f"vraag_{a}": vraag.vraag, f"versie_vraag_{a}": vraag.version})
        self.style_widgets()

    def wijzigingen(self) -> tuple[dict[Niveau, tuple[int, dict[str, Any]]], dict[Aspectvraag, tuple[int, str]]]:
        """What the service saves: every row with the version it was shown with and its values."""
        data = self.cleaned_data
        niveaus = {
            n: (data[f"versie_niveau_{n.nummer}"], {k: data[f"{k}_{n.nummer}"] for k in Niveau.EDIT_FIELDS})
            for n in self.niveaus
        }
        vragen = {v: (data[f"versie_vraag_{v.aspect}"], data[f"vraag_{v.aspect}"]) for v in self.vragen}
        return niveaus, vragen

    def stored_values(self, obj: Any) -> dict[str, Any]:
        """What is stored now (``obj``: the levels and questions, read again after a lost race)."""
        niveaus, vragen = obj
        stored = {f"{k}_{n.nummer}": getattr(n, k) for n in niveaus for k in Niveau.EDIT_FIELDS}
        return stored | {f"vraag_{v.aspect}": v.vraag for v in vragen}

    def show_conflict(self, current: Any, message: str) -> None:
        """Someone else saved meanwhile: keep the member's input, show what is stored now beside each field
        that differs, and let the next save go over the versions stored now."""
        self.add_error(None, message)
        niveaus, vragen = current
        self.conflict = {
            name: value for name, value in self.stored_values(current).items() if str(self[name].value()) != value
        }
        data = _mutable(self.data)
        for niveau in niveaus:
            data[f"versie_niveau_{niveau.nummer}"] = str(niveau.version)
        for vraag in vragen:
            data[f"versie_vraag_{vraag.aspect}"] = str(vraag.version)
        self.data = data
