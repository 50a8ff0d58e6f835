"""Fetching a police table for one gemeente from the OData v3 API of CBS ("dataderden").

The API answers at most 10,000 rows per request, so the request filters on the gemeente and
the years and follows ``odata.nextLink``. The period status (voorlopig) and the area names
come from the table's dimensions ``Perioden`` and ``RegioS``/``WijkenEnBuurten``; when those
cannot be read the figures still come, with a warning. Every failure of the network or the
API becomes an ``OpendataFout`` with a Dutch message that tells the user what to do instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

import requests

from .errors import OpendataFout, nl_number
from .parse import MAX_BYTES, MAX_ROWS, odata_kind, parse_odata_records
from .result import ParseResult
from .tables import SUPPORTED, TABELLEN, Tabel
from .values import EERSTE_JAAR, LAATSTE_JAAR

DEFAULT_BASE_URL = "https://dataderden.cbs.nl/ODataApi/OData"
USER_AGENT = "Kapstok (open data import)"

ONBEREIKBAAR = (
    "De open-data-API van CBS/Politie is niet bereikbaar vanaf deze server. Download het bestand en upload het hier."
)
_GEMEENTE_CODE = re.compile(r"GM\d{4}")

Progress = Callable[[int, int | None], None]


def fetch_table(
    table: str,
    *,
    gemeente_code: str,
    jaren: range | list[int] | None,
    base_url: str = DEFAULT_BASE_URL,
    session: requests.Session | None = None,
    progress: Progress | None = None,
    timeout: float = 30,
    max_rows: int = MAX_ROWS,
) -> ParseResult:
    """Fetch a table's figures for one gemeente (its wijken and buurten too) and read them.

    ``jaren`` None fetches every period. ``progress(rows_so_far, total_or_None)`` is called
    after each page. Raises ``ValueError`` for a table, gemeente code or years this client
    does not build a request for, and ``OpendataFout`` for everything the API does.
    """
    tabel = _table(table)
    if not isinstance(gemeente_code, str) or not _GEMEENTE_CODE.fullmatch(gemeente_code):
        raise ValueError(f"gemeente_code must look like GM1680, not {gemeente_code!r}")
    years = _years(jaren)
    base = _base(base_url)
    data_filter = build_filter(tabel, gemeente_code=gemeente_code, jaren=years)
    own_session = session is None
    http = session if session is not None else requests.Session()
    try:
        records, detail = _data(http, base, tabel, data_filter, timeout=timeout, progress=progress, max_rows=max_rows)
        if not records:
            jaar_tekst = "alle jaren" if years is None else ", ".join(str(j) for j in years)
            raise OpendataFout(
                f"De open-data-API gaf geen cijfers van tabel {tabel.id} voor {gemeente_code} ({jaar_tekst})."
            )
        warnings: list[str] = []
        voorlopig = _provisional_periods(http, base, tabel, timeout, warnings)
        namen = _area_names(http, base, tabel, gemeente_code, timeout, warnings)
    finally:
        if own_session:
            http.close()
    result = parse_odata_records(
        records,
        declared=tabel.id,
        detail=detail,
        expected=tabel,
        voorlopige_perioden=voorlopig,
        gebied_namen=namen,
        max_rows=max_rows,
    )
    return replace(result, waarschuwingen=(*result.waarschuwingen, *warnings)) if warnings else result


def _table(table: str) -> Tabel:
    if table not in TABELLEN:
        raise ValueError(f"unsupported table {table!r}; supported: {SUPPORTED}")
    return TABELLEN[table]


def _years(jaren: Iterable[int] | None) -> list[int] | None:
    if jaren is None:
        return None
    years = sorted(set(jaren))
    if not years:
        raise ValueError("jaren is empty; pass None for every period")
    for jaar in years:
        if isinstance(jaar, bool) or not isinstance(jaar, int) or not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
            raise ValueError(f"not a year: {jaar!r}")
    return years


def _base(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"base_url must be an http(s) address without a query, not {base_url!r}")
    return base_url.rstrip("/")


def build_filter(tabel: Tabel, *, gemeente_code: str, jaren: list[int] | None) -> str:
    """The OData ``$filter`` for one gemeente (and its wijken and buurten) and some years.

    Built only from a checked gemeente code and integer years, never from other input.
    """
    number = gemeente_code[2:]
    if tabel.per_wijk:
        region = " or ".join(f"startswith(WijkenEnBuurten,'{prefix}{number}')" for prefix in ("GM", "WK", "BU"))
    else:
        region = f"RegioS eq '{gemeente_code}'"
    if jaren is None:
        return region
    if tabel.perioden == "jaar":
        periods = " or ".join(f"Perioden eq '{jaar}JJ00'" for jaar in jaren)
    else:
        periods = " or ".join(f"substringof('{jaar}',Perioden)" for jaar in jaren)
    return f"({region}) and ({periods})"


def _url(base: str, tabel: Tabel, entity_set: str, odata_filter: str | None) -> str:
    url = f"{base}/{tabel.id}/{entity_set}?$format=json"
    if odata_filter:
        url += "&$filter=" + quote(odata_filter, safe="")
    return url


def _data(
    http: requests.Session,
    base: str,
    tabel: Tabel,
    data_filter: str,
    *,
    timeout: float,
    progress: Progress | None,
    max_rows: int,
) -> tuple[list[Any], str]:
    """Every record of the filtered TypedDataSet, page after page."""
    url: str | None = _url(base, tabel, "TypedDataSet", data_filter)
    origin = urlsplit(base)[:2]
    seen: set[str] = set()
    records: list[Any] = []
    detail = "TypedDataSet"
    while url is not None:
        seen.add(url)
        document = _get(http, url, timeout=timeout, tabel=tabel)
        declared, detail = odata_kind(document)
        if declared is not None and declared != tabel.id:
            raise OpendataFout(f"De open-data-API gaf tabel {declared} in plaats van {tabel.id}.")
        records.extend(document["value"])
        if len(records) > max_rows:
            raise OpendataFout(
                f"De open-data-API geeft meer dan {nl_number(max_rows)} rijen voor deze vraag. Kies minder jaren."
            )
        if progress is not None:
            progress(len(records), _count(document))
        next_link = document.get("odata.nextLink")
        if next_link is None:
            break
        url = urljoin(url, str(next_link))
        if urlsplit(url)[:2] != origin:
            raise OpendataFout(f"De open-data-API verwees voor de volgende rijen naar een ander adres ({url}).")
        if url in seen:
            raise OpendataFout("De open-data-API verwees voor de volgende rijen terug naar dezelfde pagina.")
    return records, detail


def _count(document: dict[str, Any]) -> int | None:
    count = document.get("odata.count")
    try:
        return int(count) if count is not None else None
    except (TypeError, ValueError):
        return None


def _get(http: requests.Session, url: str, *, timeout: float, tabel: Tabel) -> dict[str, Any]:
    """One OData answer as a dict with a 'value' list, or a Dutch refusal."""
    try:
        with http.get(
            url, timeout=timeout, stream=True, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        ) as response:
            if response.status_code == 404:
                raise OpendataFout(f"Tabel {tabel.id} is niet gevonden bij de open-data-API (HTTP 404).")
            if response.status_code != 200:
                raise OpendataFout(
                    f"De open-data-API van CBS/Politie gaf een fout (HTTP {response.status_code}). Probeer het later "
                    "opnieuw, of download het bestand en upload het hier."
                )
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise OpendataFout("Het antwoord van de open-data-API is onverwacht groot; het is niet ingelezen.")
            content_type = response.headers.get("Content-Type", "")
    except requests.Timeout:
        seconds = f"{timeout:g}".replace(".", ",")
        raise OpendataFout(
            f"De open-data-API van CBS/Politie antwoordde niet binnen {seconds} seconden. Probeer het later "
            "opnieuw, of download het bestand en upload het hier."
        ) from None
    except requests.RequestException:
        raise OpendataFout(ONBEREIKBAAR) from None
    try:
        document = json.loads(bytes(body))
    except ValueError:
        kind = content_type.split(";")[0].strip() or "onbekende inhoud"
        raise OpendataFout(
            f"Het antwoord van de open-data-API is geen OData maar {kind}. Download het bestand en upload het hier."
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("value"), list):
        if isinstance(document, dict) and "odata.error" in document:
            odata_kind(document)  # raises with the API's own message
        raise OpendataFout("Het antwoord van de open-data-API is geen OData: de lijst 'value' ontbreekt.")
    return document


def _dimension(
    http: requests.Session, base: str, tabel: Tabel, name: str, odata_filter: str | None, timeout: float
) -> list[dict[str, Any]]:
    """All entries of a (filtered) dimension, following nextLink like the data."""
    url: str | None = _url(base, tabel, name, odata_filter)
    entries: list[dict[str, Any]] = []
    seen: set[str] = set()
    while url is not None and url not in seen:
        seen.add(url)
        document = _get(http, url, timeout=timeout, tabel=tabel)
        entries.extend(e for e in document["value"] if isinstance(e, dict))
        next_link = document.get("odata.nextLink")
        url = urljoin(url, str(next_link)) if next_link else None
        if url is not None and urlsplit(url)[:2] != urlsplit(base)[:2]:
            break
    return entries


def _provisional_periods(
    http: requests.Session, base: str, tabel: Tabel, timeout: float, warnings: list[str]
) -> set[str]:
    try:
        entries = _dimension(http, base, tabel, "Perioden", None, timeout)
    except OpendataFout as error:
        warnings.append(f"Welke perioden voorlopig zijn, is niet bekend: {error.message}")
        return set()
    return {
        str(e.get("Key", "")).strip()
        for e in entries
        if "voorlopig" in str(e.get("Status", "")).casefold()  # Voorlopig, Nader voorlopig
    }


def _area_names(
    http: requests.Session, base: str, tabel: Tabel, gemeente_code: str, timeout: float, warnings: list[str]
) -> dict[str, str]:
    number = gemeente_code[2:]
    if tabel.per_wijk:
        key_filter = " or ".join(f"startswith(Key,'{prefix}{number}')" for prefix in ("GM", "WK", "BU"))
    else:
        key_filter = f"Key eq '{gemeente_code}'"
    try:
        entries = _dimension(http, base, tabel, tabel.regio_kolom, key_filter, timeout)
    except OpendataFout as error:
        warnings.append(f"De namen van de gebieden zijn niet opgehaald: {error.message}")
        return {}
    return {str(e.get("Key", "")).strip(): str(e.get("Title", "") or "").strip() for e in entries}
