"""What can go wrong with a document, as distinct types with a Dutch message.

The render process reports an error as its type name and its details (plain JSON data);
:func:`from_report` makes the same type again in the parent, so views and forms tell errors
apart by type (``except TooCostly``), never by reading the message. The message is built from
the details here, in one place.

Django-free: the render process imports this module.
"""

from __future__ import annotations

from typing import Any


class DocumentError(Exception):
    """A document could not be made; ``message`` says why in Dutch, ``details`` as data."""

    code = "document"

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return "Het document kon niet worden gemaakt."


class InvalidFile(DocumentError):
    """An upload that is no sound .docx (extension, size, zip structure); checked in the parent.

    ``reason`` is one of ``extension``, ``empty``, ``size``, ``not_zip``, ``not_word``,
    ``unpacked``; ``size`` and ``unpacked`` carry ``limit_mb``.
    """

    code = "invalid_file"

    @property
    def message(self) -> str:
        reason, limit = self.details.get("reason"), self.details.get("limit_mb")
        messages = {
            "extension": "Het sjabloon moet een Word-document zijn met de extensie .docx.",
            "empty": "Het bestand is leeg.",
            "size": f"Het sjabloon is groter dan {limit} MB.",
            "not_zip": "Dit bestand is geen Word-document (.docx), ook al heeft het die extensie.",
            "not_word": "Dit zip-bestand is geen Word-document: het hoofddeel word/document.xml ontbreekt.",
            "unpacked": f"Het sjabloon is uitgepakt groter dan {limit} MB of bevat vreemde onderdelen.",
        }
        return messages.get(str(reason), "Dit bestand is geen bruikbaar Word-document (.docx).")


class Unreadable(DocumentError):
    """python-docx cannot open the package (a macro document renamed to .docx, broken XML, …)."""

    code = "unreadable"

    @property
    def message(self) -> str:
        return "Het Word-document kon niet worden gelezen. Sla het in Word opnieuw op als Word-document (.docx)."


class TemplateSyntaxProblem(DocumentError):
    """A broken ``{{ … }}`` or ``{% … %}``: ``line``, ``problem`` (Jinja's words) and ``snippet``."""

    code = "syntax"

    @property
    def message(self) -> str:
        snippet = self.details.get("snippet")
        where = f" in de tekst ‘{snippet}’" if snippet else ""
        return (
            f"Het sjabloon bevat een fout in een veld of opdracht{where} (regel {self.details.get('line')}): "
            f"{self.details.get('problem')}. Controleer de accolades {{{{ … }}}} en {{% … %}}."
        )


class RefusedConstruct(DocumentError):
    """A construct a Word template does without (``~``, macros, include, …): ``what``, in Dutch."""

    code = "refused"

    @property
    def message(self) -> str:
        return f"Het sjabloon gebruikt {self.details.get('what')}; dat kan in een Word-sjabloon niet."


class UnsafeAccess(DocumentError):
    """The template reaches for something the sandbox does not allow: ``what`` (an attribute or operator)."""

    code = "unsafe"

    @property
    def message(self) -> str:
        what = self.details.get("what")
        shown = f"‘{what}’" if what else "een verboden bewerking"
        return (
            f"Het sjabloon vraagt om iets wat niet is toegestaan: {shown}. Een sjabloon kan alleen de "
            "beschreven velden gebruiken, met eenvoudige filters."
        )


class UnknownPlaceholder(DocumentError):
    """A name the data does not have: ``name``."""

    code = "unknown"

    @property
    def message(self) -> str:
        name = self.details.get("name")
        shown = f": ‘{name}’" if name else ""
        return (
            f"Het sjabloon gebruikt een veld dat niet bestaat{shown}. Gebruik alleen de velden uit de lijst "
            "op de pagina ‘Word-sjabloon’."
        )


class MissingListItem(DocumentError):
    """An item of a list that this document's list does not have: ``index``."""

    code = "missing_item"

    @property
    def message(self) -> str:
        return (
            f"Het sjabloon vraagt om onderdeel {self.details.get('index')} van een lijst die in dit document "
            "minder onderdelen heeft. Zet er een voorwaarde omheen, bijvoorbeeld {%p if … %} … {%p endif %}."
        )


class TooCostly(DocumentError):
    """The render went past a limit. ``reason``: ``cpu``, ``memory``, ``wall`` or ``size``."""

    code = "too_costly"

    @property
    def message(self) -> str:
        return (
            "Het sjabloon kost te veel rekentijd of geheugen, of maakt een te groot document. Kijk de "
            "herhalingen (for-lussen) in het sjabloon na."
        )


class RenderFailed(DocumentError):
    """Anything else; ``problem`` names the error (class and text) for the one who fixes it."""

    code = "render"

    @property
    def message(self) -> str:
        return (
            f"Het sjabloon kon niet worden gevuld ({self.details.get('problem')}). Controleer de velden en "
            "opdrachten in het sjabloon."
        )


class RenderBusy(Exception):
    """Every render slot of the instance is taken; try again in a few seconds (not a document error)."""

    message = "Het is op dit moment erg druk met het maken van documenten. Probeer het over enkele ogenblikken opnieuw."


_REPORTABLE: dict[str, type[DocumentError]] = {
    cls.__name__: cls
    for cls in (
        InvalidFile,
        Unreadable,
        TemplateSyntaxProblem,
        RefusedConstruct,
        UnsafeAccess,
        UnknownPlaceholder,
        MissingListItem,
        TooCostly,
        RenderFailed,
    )
}


def from_report(kind: str, details: dict[str, Any]) -> DocumentError:
    """The error the render process reported as ``kind`` (a class name) with ``details``."""
    cls = _REPORTABLE.get(kind)
    if cls is None:
        return RenderFailed(problem=f"onbekende fout {kind}")
    return cls(**details)
