"""The sandbox of Word templates: only the given data, bounded work, and a typed error naming the fault.

These call the render task itself in the test process (no render process, no database): the
sandbox is the same wherever it runs. test_runner.py runs the same task in the render process.
"""

from __future__ import annotations

from typing import Any

import pytest

from documents import worker
from documents.errors import (
    DocumentError,
    MissingListItem,
    RefusedConstruct,
    TemplateSyntaxProblem,
    TooCostly,
    UnknownPlaceholder,
    Unreadable,
    UnsafeAccess,
)
from documents.tests.docx_files import docx_text, template_with

SAMPLE: dict[str, Any] = {
    "titel": "Titel",
    "gemeente": "Gemeente Voorbeeld",
    "versie": {"nummer": 2, "besluitkenmerk": None},
    "scope": {"mensgroepen": [{"groep": "Medewerkers"}], "deelplannen": []},
}


def fill(*paragraphs: str, data: dict[str, Any] | None = None) -> bytes:
    return worker.fill_docx(template_with(*paragraphs), SAMPLE if data is None else data)


def test_the_data_fills_the_template() -> None:
    text = docx_text(fill("{{ titel }} – {{ gemeente }}", "{% for g in scope.mensgroepen %}{{ g.groep }}{% endfor %}"))
    assert text.splitlines()[-2:] == ["Titel – Gemeente Voorbeeld", "Medewerkers"]


def test_values_are_escaped_so_data_cannot_break_the_document() -> None:
    out = fill("{{ gemeente }}", data=SAMPLE | {"gemeente": 'Gemeente <w:p/> & "Co"'})
    assert 'Gemeente <w:p/> & "Co"' in docx_text(out)


MISTAKES = [
    ("{{ gemeente }", TemplateSyntaxProblem, {"snippet": "{{ gemeente }", "problem": "unexpected '}'"}),
    ("{%p for doel in %}", TemplateSyntaxProblem, {}),
    ("{{ burgemeester }}", UnknownPlaceholder, {"name": "burgemeester"}),
    ("{{ versie.wethouder }}", UnknownPlaceholder, {"name": "wethouder"}),
    ("{{ scope.deelplannen[0].titel }}", MissingListItem, {"index": 0}),
]


@pytest.mark.parametrize(("text", "kind", "details"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_broken_or_unknown_placeholder_is_reported_with_which_one(
    text: str, kind: type[DocumentError], details: dict[str, Any]
) -> None:
    with pytest.raises(DocumentError) as error:
        fill("Aanhef", text)
    assert type(error.value) is kind
    assert details.items() <= error.value.details.items()


def test_the_messages_name_the_fault_in_dutch() -> None:
    with pytest.raises(TemplateSyntaxProblem) as syntax:
        fill("Aanhef", "{{ gemeente }")
    line = syntax.value.details["line"]
    assert f"fout in een veld of opdracht in de tekst ‘{{{{ gemeente }}’ (regel {line}): unexpected '}}'" in (
        syntax.value.message
    )
    with pytest.raises(UnknownPlaceholder) as unknown:
        fill("{{ versie.wethouder }}")
    assert "veld dat niet bestaat: ‘wethouder’" in unknown.value.message
    with pytest.raises(MissingListItem) as missing:
        fill("{{ scope.deelplannen[0].titel }}")
    assert "onderdeel 0 van een lijst die in dit document minder onderdelen heeft" in missing.value.message


ESCAPES = [
    ("{{ ''.__class__.__mro__ }}", UnsafeAccess, "__class__"),
    ("{{ versie.__init__ }}", UnsafeAccess, "__init__"),
    ("{{ titel.__class__.__base__.__subclasses__() }}", UnsafeAccess, "__class__"),
    ("{{ gemeente.format }}", UnsafeAccess, "format"),
    ("{{ '{:>999999999}'.format(1) }}", UnsafeAccess, "format"),
    ("{{ '%999999999s' % 1 }}", UnsafeAccess, "%"),
    ("{{ scope.mensgroepen.append(1) }}", UnsafeAccess, "append"),
    ("{{ versie.clear() }}", UnsafeAccess, "clear"),
    ("{{ cycler }}{{ namespace }}", UnknownPlaceholder, "cycler"),
    ("{{ self._TemplateReference__context }}", UnsafeAccess, "_TemplateReference__context"),
    ("{% set x = lipsum() %}", UnknownPlaceholder, "lipsum"),
    ("{{ dict(a=1) }}", UnknownPlaceholder, "dict"),
]


@pytest.mark.parametrize(("text", "kind", "what"), ESCAPES, ids=[e[0] for e in ESCAPES])
def test_a_template_reaches_nothing_beyond_the_given_data(text: str, kind: type[DocumentError], what: str) -> None:
    with pytest.raises(DocumentError) as error:
        fill(text)
    assert type(error.value) is kind
    assert what in error.value.details.values()
    assert what in error.value.message


REFUSED_CONSTRUCTS = [
    ("{{ gemeente ~ gemeente }}", "‘~’"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "macro's"),
    ("{% include 'kader.docx' %}", "include"),
    ("{% import 'x' as y %}", "import"),
]


@pytest.mark.parametrize(("text", "what"), REFUSED_CONSTRUCTS)
def test_constructs_a_word_template_does_without_are_refused(text: str, what: str) -> None:
    with pytest.raises(RefusedConstruct) as error:
        fill(text)
    assert error.value.message.startswith(f"Het sjabloon gebruikt {what}")


COSTLY = [
    "{% for i in range(100000000) %}x{% endfor %}",
    "{{ 'x' * 1000000000 }}",
    "{{ 2 ** 1000 }}",
    "{{ (10 ** 60) ** 60 }}",
    "{% for i in range(10000) %}{{ 'x' * 100000 }}{% endfor %}",
    "{{ range(10000)|join('x' * 100000) }}",
    "{% set x = 'x' * 1000000 %}{{ x + x }}",
]


@pytest.mark.parametrize("text", COSTLY)
def test_what_the_sandbox_can_see_coming_is_refused_before_it_costs_anything(text: str) -> None:
    with pytest.raises(TooCostly) as error:
        fill(text)
    assert error.value.details == {"reason": "size"}
    assert "te veel rekentijd" in error.value.message


def test_a_file_python_docx_cannot_read_is_unreadable() -> None:
    with pytest.raises(Unreadable):
        worker.fill_docx(b"PK\x03\x04 kapot", SAMPLE)
