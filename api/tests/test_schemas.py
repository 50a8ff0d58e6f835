"""The base schemas: answers are read by the Python names only, requests by the camelCase names only."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field, ValidationError

from api.schemas import Input, Output


class Antwoord(Output):
    bruto_kans: int | None = Field(None, description="Kans.")


class Verzoek(Input):
    bruto_kans: int | None = Field(None, description="Kans.")


class Spy:
    """An object that records which attributes a schema asks of it."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name == "asked":
            raise AttributeError(name)
        self.asked.append(name)
        if name == "bruto_kans":
            return 3
        raise AttributeError(name)


def test_an_answer_reads_each_field_by_its_python_name_and_never_tries_the_camel_case_one() -> None:
    spy = Spy()

    answer = Antwoord.model_validate(spy)

    assert answer.model_dump(by_alias=True) == {"brutoKans": 3}
    assert "brutoKans" not in spy.asked  # a missing attribute costs Django's slow lookup path


def test_a_request_takes_the_camel_case_names_and_refuses_the_python_ones() -> None:
    assert Verzoek.model_validate({"brutoKans": 2}).bruto_kans == 2
    with pytest.raises(ValidationError):
        Verzoek.model_validate({"bruto_kans": 2})
