"""The base of every schema of the API: Python names inside, camelCase names outside, safe texts in.

Fields are named as the models name them (``visie_minimaal``); pydantic's alias generator gives
the name clients see (``visieMinimaal``, NL API Design Rules: camelCase). Routers serialize by
alias (``Router(by_alias=True)``), so no operation converts names by hand, and the exception
handlers name a refused model field with the same generator (:func:`api_name`).

Every text a client sends goes through :class:`Input`, which refuses what no text of Kapstok may
hold: control characters (NUL cannot be stored in PostgreSQL, the others cannot be written to a
Word document) and lone surrogates (not Unicode at all). The OpenAPI document says so with a
``pattern`` on every text field.
"""

from __future__ import annotations

import re
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

# Longest text of a field the model leaves unbounded (a TextField); a CharField's own max_length
# applies where it has one.
TEXT_MAX = 20_000

# What a text may not contain: C0 control characters other than tab, line feed and carriage
# return, the non-characters U+FFFE and U+FFFF (neither is allowed in XML), and lone surrogates.
FORBIDDEN_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The same rule for the OpenAPI document (ECMA-262). Surrogates are left out: a JSON text that
# holds one is not valid Unicode, so no client can mean to send it.
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]*$"
FORBIDDEN_CHARACTER_TYPE = "text_forbidden_character"
FORBIDDEN_CHARACTER_MESSAGE = (
    "De tekst bevat een teken dat niet is toegestaan: een stuurteken (zoals U+0000) of een los surrogaat."
)


def omittable(**kwargs: Any) -> Any:
    """A field of a change that a client may leave out (nothing changes) but not send as null.

    ``Field(None)`` would make the type checker read the default as a value of the field's type;
    the value is only a marker that the client did not send the field (``exclude_unset``).
    """
    return Field(None, **kwargs)


def api_name(field: str) -> str:
    """The name a client knows for a model field (``van_toepassing`` → ``vanToepassing``)."""
    return to_camel(field)


class CamelSchema(Schema):
    """Fields with the models' names, shown to clients in camelCase."""

    model_config = ConfigDict(alias_generator=to_camel, validate_by_name=True, validate_by_alias=True)


class Output(CamelSchema):
    """A response: read from a model instance by the Python names, written with the camelCase names."""

    model_config = ConfigDict(validate_by_alias=False)


def _document_texts(schema: dict[str, Any]) -> None:
    """Give every free-text property of an input its pattern in the OpenAPI document."""
    for prop in schema.get("properties", {}).values():
        for option in (prop, *prop.get("anyOf", ()), prop.get("items", {})):
            fixed = "enum" in option or "const" in option  # one of given values: no free text
            if option.get("type") == "string" and "format" not in option and not fixed:
                option["pattern"] = TEXT_PATTERN


class Input(CamelSchema):
    """A request body: only the camelCase names, no unknown fields, enums as their values, safe texts.

    Unknown fields are refused, so a typing error is never silently ignored.
    """

    model_config = ConfigDict(
        extra="forbid", validate_by_name=False, use_enum_values=True, json_schema_extra=_document_texts
    )

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_forbidden_characters(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and FORBIDDEN_CHARACTERS.search(text) for text in texts):
            raise PydanticCustomError(FORBIDDEN_CHARACTER_TYPE, FORBIDDEN_CHARACTER_MESSAGE)
        return value
