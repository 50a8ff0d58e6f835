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
