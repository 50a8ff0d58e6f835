"""The documents of the veiligheidsplan, as Word (the default or the gemeente's own template) and
as tagged PDF/A-2a; rendering is the shared ``documents`` app.

* :mod:`.plan` — the integraal veiligheidsplan of a plan version (its PDF ends with the infographic);
* :mod:`.programma` — the uitvoeringsprogramma of a year;
* :mod:`.rapportage` — the voortgangsrapportage of a plan for college and raad;
* :mod:`.common` — what they share (numbers, dates, the rows of a goal and an action);
* :mod:`.links` — the links to them that the plan, programme and monitoring pages show.

Each gathers its data in one function, ``document_context``, as plain data documented in its
``PLACEHOLDERS`` (and in docs/ivp-documenten.md), and describes its Word documents to
``documents.word`` as ``WORD``: the default template in ``ivp/document_templates/`` (made by
``scripts/build_ivp_templates.py``) and ``sample_context``, the complete made-up document every
uploaded template is tried on. :data:`KINDS` lists the three for the template page.
"""

from __future__ import annotations

from dataclasses import dataclass

from documents.data import Placeholder
from documents.models import Documentsoort
from documents.word import WordTemplates

from . import plan, programma, rapportage


@dataclass(frozen=True)
class Kind:
    """One kind of IVP document as the template page shows it."""

    soort: str
    label: str
    word: WordTemplates
    placeholders: tuple[Placeholder, ...]
    default_name: str  # the file name of the default template when downloaded


KINDS: dict[str, Kind] = {
    kind.soort: kind
    for kind in (
        Kind(
            Documentsoort.IVP,
            str(Documentsoort.IVP.label),
            plan.WORD,
            plan.PLACEHOLDERS,
            "veiligheidsplan-standaardsjabloon.docx",
        ),
        Kind(
            Documentsoort.UITVOERINGSPROGRAMMA,
            str(Documentsoort.UITVOERINGSPROGRAMMA.label),
            programma.WORD,
            programma.PLACEHOLDERS,
            "uitvoeringsprogramma-standaardsjabloon.docx",
        ),
        Kind(
            Documentsoort.VOORTGANGSRAPPORTAGE,
            str(Documentsoort.VOORTGANGSRAPPORTAGE.label),
            rapportage.WORD,
            rapportage.PLACEHOLDERS,
            "voortgangsrapportage-standaardsjabloon.docx",
        ),
    )
}
