"""Checking an uploaded Word template: the file itself, then a trial render within the budget."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from documents import word
from documents.errors import DocumentError, InvalidFile, RenderBusy, TooCostly, Unreadable
from documents.tests.busy import slots_taken_elsewhere
from documents.tests.docx_files import docx_text, template_with
from documents.word import WordTemplates

pytestmark = pytest.mark.django_db

SAMPLE: dict[str, Any] = {"titel": "Titel", "gemeente": "Gemeente Voorbeeld", "punten": [{"tekst": "Een"}] * 20}


@pytest.fixture
def kind(tmp_path: Path) -> WordTemplates:
    default = tmp_path / "standaard.docx"
    default.write_bytes(template_with("{{ titel }}", "{% for p in punten %}{{ p.tekst }} {% endfor %}"))
    return WordTemplates(soort="test", default_template=default, sample=lambda: SAMPLE)


def test_the_budget_is_ten_times_the_default_template_between_floor_and_ceiling() -> None:
    assert word.budget_from(0.1) == pytest.approx(1.0)
    assert word.budget_from(0.001) == word.CPU_FLOOR
    assert word.budget_from(5.0) == word.CPU_CEILING
    limits = word.limits_for(1.0)
    assert (limits.cpu_seconds, limits.wall_seconds, limits.memory_bytes) == (1.0, 4.0, word.MEMORY_BYTES)


def test_the_budget_of_a_kind_is_measured_once_in_the_render_process(kind: WordTemplates) -> None:
    budget = kind.cpu_budget()
    assert word.CPU_FLOOR <= budget <= word.CPU_CEILING
    kind.sample = lambda: pytest.fail("measured again")
    assert kind.cpu_budget() == budget


def test_the_default_and_an_own_template_are_filled(kind: WordTemplates) -> None:
    assert docx_text(kind.render({"titel": "Eigen", "punten": []})).startswith("Eigen")
    own = kind.render(SAMPLE, template_with("Huisstijl {{ gemeente }}"))
    assert "Huisstijl Gemeente Voorbeeld" in docx_text(own)


def test_a_good_template_passes_the_check(kind: WordTemplates) -> None:
    kind.check_upload("eigen.docx", template_with("{{ titel }} – {{ gemeente }}"))
    kind.check_upload("standaard.docx", kind.default_bytes())


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


REFUSALS = [
    ("kader.pdf", b"%PDF-1.4", InvalidFile, "extensie .docx"),
    ("kader.docx", b"", InvalidFile, "Het bestand is leeg."),
    ("kader.docx", b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), InvalidFile, "groter dan 5 MB"),
    ("kader.docx", b"<html>geen Word</html>", InvalidFile, "geen Word-document (.docx)"),
    ("kader.docx", b"PK\x03\x04 kapot", InvalidFile, "geen Word-document (.docx)"),
    (
        "kader.docx",
        _zip({"[Content_Types].xml": b"<x/>", "tekst.txt": b"hallo"}),
        InvalidFile,
        "word/document.xml ontbreekt",
    ),
    (
        "kader.docx",
        _zip(
            {"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>", "word/groot.bin": b"\0" * (51 * 1024 * 1024)}
        ),
        InvalidFile,
        "uitgepakt groter dan 50 MB",
    ),
    (
        "kader.docx",
        _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}),
        Unreadable,
        "kon niet worden gelezen",
    ),
]


@pytest.mark.parametrize(("name", "data", "kind_of_error", "message"), REFUSALS, ids=[r[3] for r in REFUSALS])
def test_a_file_that_is_no_sound_word_document_is_refused(
    kind: WordTemplates, name: str, data: bytes, kind_of_error: type[DocumentError], message: str
) -> None:
    with pytest.raises(DocumentError) as error:
        kind.check_upload(name, data)
    assert type(error.value) is kind_of_error
    assert message in error.value.message


# Templates the sandbox lets through (every range within its cap, every value small) that still
# cost far more than the default template: only the CPU budget stops them.
COSTLY = [
    "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    "{% for a in range(100) %}{% for b in range(100) %}{% for c in range(100) %}{% for d in range(100) %}"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    "{% for a in range(10000) %}{{ 'x' * 999999 }}{% endfor %}",
    "{% for a in range(10000) %}{% for b in range(100) %}{{ range(10000)|join(',') }}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("text", COSTLY)
def test_a_template_costlier_than_the_budget_is_refused_within_a_bounded_time(kind: WordTemplates, text: str) -> None:
    budget = kind.cpu_budget()
    started = time.monotonic()
    with pytest.raises(TooCostly) as error:
        kind.check_upload("duur.docx", template_with("Aanhef", text))
    assert error.value.details["reason"] in {"cpu", "wall", "size", "memory"}
    assert time.monotonic() - started < word.limits_for(budget).wall_seconds + 2
    assert "te veel rekentijd" in error.value.message


def test_no_render_starts_when_every_slot_is_taken(kind: WordTemplates) -> None:
    with slots_taken_elsewhere():
        started = time.monotonic()
        with pytest.raises(RenderBusy):
            kind.check_upload("eigen.docx", template_with("{{ titel }}"))
        with pytest.raises(RenderBusy):
            kind.render(SAMPLE)
        assert time.monotonic() - started < 2  # no render started (generous: the machine is shared)
