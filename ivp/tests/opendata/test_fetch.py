"""The fetch client against a local stand-in of the OData API (127.0.0.1, never the internet).

The stand-in serves recorded answers from ``fixtures/api_*.json`` (``{base}`` in them becomes
its own address) and remembers every request, so the tests can assert the filter it got.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from ivp.opendata import OpendataFout, build_filter, fetch_table
from ivp.opendata.fetch import ONBEREIKBAAR
from ivp.opendata.tables import TABELLEN

from .helpers import FIXTURES

Answer = tuple[int, str, str]  # status, content type, body
Route = Callable[[str, dict[str, list[str]]], Answer]

FILTER_47018 = (
    "(startswith(WijkenEnBuurten,'GM1680') or startswith(WijkenEnBuurten,'WK1680') or "
    "startswith(WijkenEnBuurten,'BU1680')) and (Perioden eq '2022JJ00' or Perioden eq '2023JJ00')"
)


class StandIn:
    """An HTTP server on a random local port that answers with ``route(path, query)``."""

    def __init__(self, route: Route) -> None:
        self.requests: list[tuple[str, dict[str, list[str]]]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                stand_in.requests.append((parts.path, query))
                status, content_type, body = route(parts.path, query)
                data = body.replace("{base}", stand_in.base).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/ODataApi/OData"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def data_filters(self) -> list[str]:
        return [query["$filter"][0] for path, query in self.requests if path.endswith("/TypedDataSet")]


def _file(name: str) -> Answer:
    return 200, "application/json;odata=minimalmetadata", (FIXTURES / name).read_text()


def recorded_api(path: str, query: dict[str, list[str]]) -> Answer:
    """The recorded answers of the API for 47018NED (two pages) and 47013NED (one page)."""
    if path.endswith("/47018NED/TypedDataSet"):
        return _file("api_47018NED_page2.json" if "$skip" in query else "api_47018NED_page1.json")
    if path.endswith("/47018NED/Perioden"):
        return _file("api_47018NED_perioden.json")
    if path.endswith("/47018NED/WijkenEnBuurten"):
        return _file("api_47018NED_wijkenenbuurten.json")
    if path.endswith("/47013NED/TypedDataSet"):
        return _file("47013NED_typed.json")
    return 404, "text/plain", "Not found"


@pytest.fixture
def serve() -> Iterator[Callable[[Route], StandIn]]:
    servers: list[StandIn] = []

    def start(route: Route) -> StandIn:
        stand_in = StandIn(route)
        stand_in.thread.start()
        servers.append(stand_in)
        return stand_in

    yield start
    for stand_in in servers:
        stand_in.server.shutdown()
        stand_in.server.server_close()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as http:
        http.trust_env = False  # no proxy from the environment between us and 127.0.0.1
        yield http


def test_it_fetches_every_page_and_reads_the_figures(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(recorded_api)

    result = fetch_table("47018NED", gemeente_code="GM1680", jaren=[2022, 2023], base_url=api.base, session=session)

    assert (result.tabel, result.formaat, len(result.cijfers)) == ("47018NED", "odata-json", 9)
    assert result.per_gebied_soort == {"gemeente": 4, "buurt": 4, "wijk": 1}
    assert result.waarschuwingen == ()


def test_it_asks_for_the_gemeente_its_wijken_and_buurten_and_the_years_then_follows_the_next_link(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(recorded_api)

    fetch_table("47018NED", gemeente_code="GM1680", jaren=range(2022, 2024), base_url=api.base, session=session)

    assert api.data_filters() == [FILTER_47018, FILTER_47018]
    data_requests = [query for path, query in api.requests if path.endswith("/TypedDataSet")]
    assert "$skip" not in data_requests[0]
    assert data_requests[1]["$skip"] == ["6"]


def test_names_and_provisional_periods_come_from_the_dimensions(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(recorded_api)

    result = fetch_table("47018NED", gemeente_code="GM1680", jaren=[2022, 2023], base_url=api.base, session=session)

    names = {c.gebied: c.gebied_naam for c in result.cijfers}
    assert names["WK168000"] == "Wijk 00 Annen"
    assert names["BU16800009"] == "Verspreide huizen Annen"
    assert {(c.jaar, c.voorlopig) for c in result.cijfers} == {(2022, False), (2023, True)}
    region_query = next(query for path, query in api.requests if path.endswith("/WijkenEnBuurten"))
    assert region_query["$filter"] == [
        "startswith(Key,'GM1680') or startswith(Key,'WK1680') or startswith(Key,'BU1680')"
    ]


def test_it_reports_progress_per_page(serve: Callable[[Route], StandIn], session: requests.Session) -> None:
    api = serve(recorded_api)
    calls: list[tuple[int, int | None]] = []

    fetch_table(
        "47018NED",
        gemeente_code="GM1680",
        jaren=[2023, 2022],
        base_url=api.base,
        session=session,
        progress=lambda rows, total: calls.append((rows, total)),
    )

    assert calls == [(5, None), (9, None)]


def test_a_gemeente_table_is_filtered_on_the_region_and_on_years_in_every_period(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(recorded_api)

    result = fetch_table("47013NED", gemeente_code="GM1680", jaren=[2025, 2024], base_url=api.base, session=session)

    assert api.data_filters() == [
        "(RegioS eq 'GM1680') and (substringof('2024',Perioden) or substringof('2025',Perioden))"
    ]
    assert len(result.cijfers) == 18
    # this recording has no dimensions: the figures still come, with a warning each
    assert result.waarschuwingen == (
        "Welke perioden voorlopig zijn, is niet bekend: Tabel 47013NED is niet gevonden bij de open-data-API (HTTP 404).",
        "De namen van de gebieden zijn niet opgehaald: Tabel 47013NED is niet gevonden bij de open-data-API (HTTP 404).",
    )


def test_without_years_it_asks_for_every_period() -> None:
    assert build_filter(TABELLEN["47021NED"], gemeente_code="GM0363", jaren=None) == "RegioS eq 'GM0363'"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"table": "47018NED", "gemeente_code": "GM1680') or (1 eq 1", "jaren": [2023]}, "gemeente_code"),
        ({"table": "47018NED", "gemeente_code": "gm1680", "jaren": [2023]}, "gemeente_code"),
        ({"table": "47018NED/../85618NED", "gemeente_code": "GM1680", "jaren": [2023]}, "unsupported table"),
        ({"table": "47018NED", "gemeente_code": "GM1680", "jaren": ["2023') or ('1"]}, "not a year"),
        ({"table": "47018NED", "gemeente_code": "GM1680", "jaren": []}, "jaren is empty"),
    ],
)
def test_it_refuses_input_that_could_change_the_filter_before_asking_anything(
    serve: Callable[[Route], StandIn], session: requests.Session, arguments: dict[str, Any], message: str
) -> None:
    api = serve(recorded_api)

    with pytest.raises(ValueError, match=message):
        fetch_table(base_url=api.base, session=session, **arguments)

    assert api.requests == []


def test_an_unreachable_api_gives_a_dutch_message(session: requests.Session) -> None:
    with socket.socket() as probe:  # a port nobody listens on: the connection is refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(OpendataFout) as caught:
        fetch_table(
            "47018NED", gemeente_code="GM1680", jaren=[2023], base_url=f"http://127.0.0.1:{port}/x", session=session
        )

    assert str(caught.value) == ONBEREIKBAAR
    assert ONBEREIKBAAR == (
        "De open-data-API van CBS/Politie is niet bereikbaar vanaf deze server. Download het bestand en upload het hier."
    )


def test_a_server_error_gives_a_dutch_message_with_the_status(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(lambda path, query: (500, "text/plain", "Internal Server Error"))

    with pytest.raises(OpendataFout) as caught:
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session)

    assert str(caught.value) == (
        "De open-data-API van CBS/Politie gaf een fout (HTTP 500). Probeer het later opnieuw, of download het "
        "bestand en upload het hier."
    )


def test_a_table_the_api_does_not_know_says_so(serve: Callable[[Route], StandIn], session: requests.Session) -> None:
    api = serve(lambda path, query: (404, "text/plain", "Not found"))

    with pytest.raises(OpendataFout, match=r"Tabel 47024NED is niet gevonden bij de open-data-API \(HTTP 404\)"):
        fetch_table("47024NED", gemeente_code="GM1680", jaren=None, base_url=api.base, session=session)


def test_an_answer_that_is_not_odata_is_refused(serve: Callable[[Route], StandIn], session: requests.Session) -> None:
    api = serve(lambda path, query: (200, "text/html; charset=utf-8", "<!DOCTYPE html><p>Log in bij de proxy</p>"))

    with pytest.raises(OpendataFout) as caught:
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session)

    assert str(caught.value) == (
        "Het antwoord van de open-data-API is geen OData maar text/html. Download het bestand en upload het hier."
    )


def test_json_without_rows_is_refused_as_not_odata(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(lambda path, query: (200, "application/json", '{"status": "ok"}'))

    with pytest.raises(OpendataFout, match="geen OData: de lijst 'value' ontbreekt"):
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session)


def test_a_slow_api_times_out_with_a_dutch_message(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    def slow(path: str, query: dict[str, list[str]]) -> Answer:
        time.sleep(1.5)
        return recorded_api(path, query)

    api = serve(slow)

    with pytest.raises(OpendataFout) as caught:
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session, timeout=0.3)

    assert str(caught.value).startswith("De open-data-API van CBS/Politie antwoordde niet binnen 0,3 seconden.")


def test_a_next_link_to_another_host_is_not_followed(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    page = (
        (FIXTURES / "api_47018NED_page1.json")
        .read_text()
        .replace("{base}/47018NED/TypedDataSet", "http://example.invalid/x")
    )
    api = serve(lambda path, query: (200, "application/json", page))

    with pytest.raises(
        OpendataFout, match=r"verwees voor de volgende rijen naar een ander adres \(http://example.invalid/x"
    ):
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session)

    assert len(api.requests) == 1


def test_no_rows_from_the_api_says_for_which_gemeente_and_years(
    serve: Callable[[Route], StandIn], session: requests.Session
) -> None:
    api = serve(lambda path, query: (200, "application/json", '{"odata.metadata": "x", "value": []}'))

    with pytest.raises(OpendataFout) as caught:
        fetch_table("47018NED", gemeente_code="GM0003", jaren=[2019, 2020], base_url=api.base, session=session)

    assert str(caught.value) == "De open-data-API gaf geen cijfers van tabel 47018NED voor GM0003 (2019, 2020)."


def test_more_rows_than_the_limit_stops_fetching(serve: Callable[[Route], StandIn], session: requests.Session) -> None:
    api = serve(recorded_api)

    with pytest.raises(OpendataFout, match="meer dan 3 rijen"):
        fetch_table("47018NED", gemeente_code="GM1680", jaren=[2023], base_url=api.base, session=session, max_rows=3)

    assert len(api.data_filters()) == 1  # the second page was never asked for


def test_without_a_session_it_opens_and_closes_its_own(
    serve: Callable[[Route], StandIn], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    api = serve(recorded_api)

    result = fetch_table("47018NED", gemeente_code="GM1680", jaren=[2022, 2023], base_url=api.base)

    assert len(result.cijfers) == 9
    assert Decimal(1301) in {c.waarde for c in result.cijfers}
