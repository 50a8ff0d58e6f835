"""NL Design System markup for Django form widgets."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import QueryDict

from lib.concurrency import CONFLICT_MESSAGE, STALE_MESSAGE, StaleVersionError
from lib.errors import StateConflict

if TYPE_CHECKING:  # the mixin is always mixed into a Django form; tell the type checker so
    _FormBase = forms.BaseForm
else:
    _FormBase = object

_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input",
}


def shown(value: Any, field: forms.Field) -> str:
    """A form value as the form would show it to a reader: the labels of choices, ja/nee, —."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    choices = {str(key): str(label) for key, label in getattr(field, "choices", None) or []}
    if isinstance(value, list | tuple):
        return ", ".join(choices.get(str(v), str(v)) for v in value)
    return choices.get(str(value), str(value))


class NldsFormMixin(_FormBase):
    """Give every widget its NLDS class; link error messages with aria-describedby.

    After a save that lost a race (``lib.concurrency.StaleVersionError``), :meth:`show_conflict`
    keeps what the user typed, shows the stored value beside every field where it differs, and
    lets the next save go on top of the version that is stored now.
    """

    conflict: dict[str, str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        """Give every widget its NLDS class (again, for forms that add fields in ``__init__``)."""
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)),
                "utrecht-textbox utrecht-textbox--html-input",
            )
            if not isinstance(widget, forms.HiddenInput) and css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def stored_values(self, obj: Any) -> dict[str, Any]:
        """The values of ``obj`` as this form's fields hold them (forms with odd fields override it)."""
        return {name: getattr(obj, name) for name in self.fields if hasattr(obj, name)}

    def show_conflict(self, current: Any, message: str) -> None:
        """Someone else saved ``current`` meanwhile: show that beside the user's own input."""
        self.add_error(None, message)
        stored = self.stored_values(current)
        self.conflict = {}
        for name, field in self.fields.items():
            if name == "version" or name not in stored or isinstance(field, forms.FileField):
                continue
            mine = self[name].value()
            if shown(mine, field) != shown(stored[name], field):
                self.conflict[name] = shown(stored[name], field)
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("version")] = str(current.version)
        self.data = data

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            widget = self.fields[name].widget
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)
            widget.attrs["class"] = widget.attrs.get("class", "") + " utrecht-textbox--invalid"


class Form(NldsFormMixin, forms.Form):
    pass


# The dates a form accepts: far enough apart for any real date, and far enough from the ends of
# Python's calendar that a day can be added or a time zone applied (9999-12-31 + 1 day overflows).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2999, 12, 31)


class DateField(forms.DateField):
    """A date between :data:`EARLIEST_DATE` and :data:`LATEST_DATE`, refused in Dutch otherwise."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(
                f"Vul een datum in tussen {EARLIEST_DATE:%d-%m-%Y} en {LATEST_DATE:%d-%m-%Y}.", code="date_range"
            )


class ModelForm(NldsFormMixin, forms.ModelForm):
    pass


class ModelChoiceField(forms.ModelChoiceField):
    """A choice of a row whose malformed id (not a UUID) gets the field's own "choose from the list"
    message, like an id that is not among the choices, instead of a remark about UUIDs."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from error


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: at the field it names, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, [str(m) for e in errors for m in e.messages])
    else:
        form.add_error(None, error.messages)


def save_form(
    form: NldsFormMixin, save: Callable[[dict[str, Any]], str], *, current: Callable[[], Any] | None = None
) -> str | None:
    """Validate a form and save it through a service: the success message, or None with errors on the form.

    Bad input, a refusal of the service (its rules, a role or theme it does not allow, a state
    that does not allow it) and a lost race each become a Dutch error on the form; the savepoint
    makes sure nothing of a refused save is stored. After a lost race, ``current`` (if given)
    fetches what is stored now, which the form shows beside the user's own input.
    """
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return save(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
    except PermissionDenied as error:  # a refusal of one value (a theme) names its field; a role: 403
        field = getattr(error, "field", None)
        if field is None:
            raise
        form.add_error(field if field in form.fields else None, str(error))
    except StateConflict as error:
        form.add_error(None, error.message)
    except StaleVersionError:
        if current is None:
            form.add_error(None, STALE_MESSAGE)
        else:
            form.show_conflict(current(), str(CONFLICT_MESSAGE))
    return None
