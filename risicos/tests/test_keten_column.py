"""``Risico.keten``, kept by database triggers, always equals the chain computed from the measures."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps

from lib import tenancy
from lib.bulk import copy_create
from risicos import analysis, services
from risicos.models import MaatregelRisico, Risico

from .test_analysis import measure, risk
from .world import bound, fresh

pytestmark = pytest.mark.django_db


def stored(personas: Any, risico: Risico) -> list[str]:
    return list(fresh(personas, risico).keten)


def computed(personas: Any, risico: Risico) -> list[str]:
    with bound(personas):
        return sorted(analysis.keten(fresh(personas, risico)).covered)


def test_every_change_of_links_statuses_and_measures_moves_the_stored_chain(personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    a, b = risk(personas, "A"), risk(personas, "B")
    alarm = measure(personas, "Alarm", ["detecteren", "ontmoedigen"], [a, b], soort="E")
    bewaker = measure(personas, "Bewaker", ["intervenieren"], [a], soort="R", status="gepland")
    assert stored(personas, a) == ["detecteren", "ontmoedigen"] == computed(personas, a)
    assert stored(personas, b) == ["detecteren", "ontmoedigen"]

    with bound(personas):  # a status that makes a measure work
        services.edit_maatregel(by=coordinator, maatregel=bewaker, expected_version=1, status="geimplementeerd")
    assert stored(personas, a) == ["detecteren", "intervenieren", "ontmoedigen"] == computed(personas, a)

    with bound(personas):  # other links of the chain
        services.edit_maatregel(
            by=coordinator, maatregel=fresh(personas, alarm), expected_version=1, schakels=["vertragen"]
        )
    assert stored(personas, a) == ["intervenieren", "vertragen"] == computed(personas, a)
    assert stored(personas, b) == ["vertragen"]

    with bound(personas):  # a risk unlinked from a measure
        services.edit_maatregel(by=coordinator, maatregel=fresh(personas, alarm), expected_version=2, risicos=[a])
    assert stored(personas, b) == [] == computed(personas, b)

    with bound(personas):  # a measure that stops working, and one that is deleted
        services.edit_maatregel(
            by=coordinator, maatregel=fresh(personas, bewaker), expected_version=2, status="vervallen"
        )
        services.delete_maatregel(by=coordinator, maatregel=fresh(personas, alarm))
    assert stored(personas, a) == [] == computed(personas, a)


def test_links_written_in_bulk_set_the_chain_of_each_risk_once(personas: Any) -> None:
    risicos = [risk(personas, f"R{i}") for i in range(3)]
    camera = measure(personas, "Camera", ["detecteren"], [], soort="E")
    with bound(personas):
        copy_create([MaatregelRisico(gemeente_id=personas.gemeente_a.pk, maatregel=camera, risico=r) for r in risicos])
    assert [stored(personas, r) for r in risicos] == [["detecteren"]] * 3


def test_the_stored_chain_is_not_a_change_of_the_risk_its_version_or_its_history(personas: Any) -> None:
    risico = risk(personas)
    event_model = apps.get_model("risicos", "RisicoEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        before = event_model.objects.filter(pgh_obj_id=risico.pk).count()
    measure(personas, "Alarm", ["detecteren"], [risico], soort="E")

    after = fresh(personas, risico)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = event_model.objects.filter(pgh_obj_id=risico.pk).count()
    assert after.keten == ["detecteren"]
    assert (after.version, events) == (risico.version, before)


def test_the_gap_filter_reads_the_stored_chain_in_one_query_without_subqueries(personas: Any) -> None:
    risico = risk(personas)
    measure(personas, "Alarm", ["detecteren"], [risico], soort="E")
    with bound(personas):
        found = Risico.objects.filter(analysis.gap_filter("detectie_zonder_interventie"))
        sql = str(found.query)
        assert list(found) == [fresh(personas, risico)]
    assert "risicos_maatregel" not in sql
