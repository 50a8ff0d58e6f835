"""The pure parts of the harness: percentiles and the query-growth verdict."""

from __future__ import annotations

import pytest

from bench.load import percentile
from bench.run import query_growth, with_database


def test_percentile_uses_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7


def test_percentile_refuses_no_values():
    with pytest.raises(ValueError):
        percentile([], 50)


def test_a_page_whose_query_count_grows_with_data_is_reported():
    small = {"leden": {"queries": 5, "status": 200}, "overzicht": {"queries": 4, "status": 200}}
    large = {"leden": {"queries": 45, "status": 200}, "overzicht": {"queries": 4, "status": 200}}
    assert query_growth(small, large) == ["leden"]


def test_equal_or_fewer_queries_are_fine():
    small = {"leden": {"queries": 5, "status": 200}}
    assert query_growth(small, {"leden": {"queries": 5, "status": 200}}) == []
    assert query_growth(small, {"leden": {"queries": 4, "status": 200}}) == []


def test_the_bench_database_replaces_only_the_database_name():
    url = "postgres://kapstok_app@/kapstok?host=%2Fsrv%2Fpg&port=5432"
    assert with_database(url, "kapstok_bench") == "postgres://kapstok_app@/kapstok_bench?host=%2Fsrv%2Fpg&port=5432"


def test_the_costly_download_report_groups_outcomes_by_status_and_counts_page_errors():
    from bench.load import Stats
    from bench.render_load import markdown, page_errors

    alone, busy = {"overzicht": Stats()}, {"overzicht": Stats()}
    for ms in (10.0, 20.0, 30.0):
        alone["overzicht"].add(ms, 200)
    busy["overzicht"].add(40.0, 200)
    busy["overzicht"].add(50.0, 500)
    results = {"alone": alone, "busy": busy, "downloads": [(900.0, 302), (5.0, 503), (7.0, 503)], "seconds": 1.0}
    text = markdown(results, page_clients=1, downloads=1, seconds=1, workers=3, slots=2)
    assert "| A: pages alone | 3 | 20.0 | 30.0 | 30.0 | 0 |" in text
    assert "| B: pages + 1 costly download loops | 2 | 40.0 | 50.0 | 50.0 | 1 |" in text
    assert "| 302 (stopped at the CPU budget: back to the overview with the message) | 1 | 900 | 900 | 900 |" in text
    assert "| 503 (busy: 503 with Retry-After) | 2 | 5 | 7 | 7 |" in text
    assert page_errors(results) == 1
