"""Police and CBS open data on registered crime and overlast, read in the shapes users bring.

No Django, no database: ``parse_file`` reads an uploaded file (OData JSON, bulk CSV or the
StatLine website's CSV), ``fetch_table`` asks the OData v3 API for one gemeente; both give a
``ParseResult`` of ``Cijfer`` objects or raise ``OpendataFout`` with a Dutch message.
"""

from .errors import OpendataFout
from .fetch import DEFAULT_BASE_URL, build_filter, fetch_table
from .parse import MAX_BYTES, MAX_ROWS, parse_file
from .result import Cijfer, OvergeslagenRij, ParseResult
from .tables import TABELLEN, Tabel, codelijst

__all__ = [
    "DEFAULT_BASE_URL",
    "MAX_BYTES",
    "MAX_ROWS",
    "TABELLEN",
    "Cijfer",
    "OpendataFout",
    "OvergeslagenRij",
    "ParseResult",
    "Tabel",
    "build_filter",
    "codelijst",
    "fetch_table",
    "parse_file",
]
