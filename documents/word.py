"""Word documents: checking an uploaded .docx template and filling templates, in the render process.

A capability describes its kind of Word document once, as a :class:`WordTemplates`: the
``soort`` of its own templates (:class:`documents.models.Documentsoort`), its neutral default
template and the complete sample data every upload is tried on. Then

* :meth:`WordTemplates.render` fills the default or the gemeente's own template with the
  document's data;
* :meth:`WordTemplates.check_upload` refuses a file that is no sound .docx, or whose trial
  render on the sample fails or costs more than the budget.

**The budget.** Every render of a kind gets the same CPU time: ten times what the kind's
default template costs on its sample (:data:`BUDGET_FACTOR`), at least :data:`CPU_FLOOR` and at
most :data:`CPU_CEILING` seconds. It is measured once per app process, in the render process
(CPU time, so a busy machine does not inflate it). A template that needs more is refused on
upload, and one stored before this check fails at download time with the same message. Memory
and wall clock: :data:`MEMORY_BYTES` and ``2 × CPU + 2`` seconds.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from documents import runner, slots, worker
from documents.errors import InvalidFile

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Limits of an uploaded template (RELIABILITY.md, V5).
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
TEMPLATE_MAX_UNPACKED = 50 * 1024 * 1024
TEMPLATE_MAX_MEMBERS = 1000

# The CPU budget of a Word render (see the module's docstring and docs/adr/0008).
BUDGET_FACTOR = 10
CPU_FLOOR = 0.5
CPU_CEILING = 3.0
MEMORY_BYTES = 512 * 1024 * 1024


def limits_for(cpu_seconds: float) -> runner.Limits:
    """The limits of a Word render with ``cpu_seconds`` of CPU time."""
    return runner.Limits(cpu_seconds=cpu_seconds, memory_bytes=MEMORY_BYTES, wall_seconds=2 * cpu_seconds + 2)


def budget_from(default_cpu_seconds: float) -> float:
    """The CPU budget of a kind whose default template costs ``default_cpu_seconds`` on its sample."""
    return min(max(BUDGET_FACTOR * default_cpu_seconds, CPU_FLOOR), CPU_CEILING)


@dataclass
class WordTemplates:
    """One kind of Word document: its templates' ``soort``, default template and sample data."""

    soort: str
    default_template: Path
    sample: Callable[[], dict[str, Any]]
    _cpu_budget: float | None = field(default=None, init=False, repr=False)

    def default_bytes(self) -> bytes:
        return self.default_template.read_bytes()

    def cpu_budget(self) -> float:
        """The CPU seconds every render of this kind may use (measured once per app process)."""
        if self._cpu_budget is None:
            with slots.render_slot():
                trial = runner.run(
                    worker.fill_docx, self.default_bytes(), self.sample(), limits=limits_for(CPU_CEILING)
                )
            self._cpu_budget = budget_from(trial.cpu_seconds)
        return self._cpu_budget

    def render(self, context: dict[str, Any], template: bytes | None = None) -> bytes:
        """``template`` (default: the default template) filled with ``context``, as .docx bytes.

        Raises a DocumentError subclass (errors.py) if the template cannot be filled within the
        budget, RenderBusy if every render slot of the instance is taken.
        """
        limits = limits_for(self.cpu_budget())
        data = template if template is not None else self.default_bytes()
        with slots.render_slot():
            result = runner.run(worker.fill_docx, data, context, limits=limits)
        return bytes(result.value)

    def check_upload(self, name: str, data: bytes) -> None:
        """Refuse an upload that is not a sound .docx or cannot be filled with the sample in budget.

        Raises a DocumentError subclass with one clear Dutch message; returns None for a good one.
        """
        check_docx(name, data)
        self.render(self.sample(), data)


def check_docx(name: str, data: bytes) -> None:
    """The checks of the file itself, before anything parses it: name, size, zip, parts."""
    if not name.lower().endswith(".docx"):
        raise InvalidFile(reason="extension")
    if not data:
        raise InvalidFile(reason="empty")
    if len(data) > TEMPLATE_MAX_BYTES:
        raise InvalidFile(reason="size", limit_mb=TEMPLATE_MAX_BYTES // 2**20)
    if not data.startswith(b"PK\x03\x04"):
        raise InvalidFile(reason="not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidFile(reason="not_zip") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise InvalidFile(reason="not_word")
    unsafe = any(m.filename.startswith("/") or ".." in m.filename.split("/") or "\\" in m.filename for m in members)
    if len(members) > TEMPLATE_MAX_MEMBERS or unsafe or sum(m.file_size for m in members) > TEMPLATE_MAX_UNPACKED:
        raise InvalidFile(reason="unpacked", limit_mb=TEMPLATE_MAX_UNPACKED // 2**20)
