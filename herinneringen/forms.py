from __future__ import annotations

from django import forms

KEUZES = [
    ("aan", "Ja, stuur mij herinneringen per e-mail"),
    ("uit", "Nee, stuur mij geen herinneringen per e-mail"),
]


class VoorkeurForm(forms.Form):
    herinneringen = forms.ChoiceField(
        label="Herinneringen per e-mail",
        choices=KEUZES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Kies of u herinneringen per e-mail wilt ontvangen.",
            "invalid_choice": "Kies ja of nee.",
        },
    )

    @property
    def aan(self) -> bool:
        return bool(self.cleaned_data["herinneringen"] == "aan")
