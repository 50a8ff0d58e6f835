"""Storing open-data figures: only the gemeente's own, mapped to themes, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from ivp import importing
from ivp.models import Indicator, Meting
from lib import tenancy

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Fig:
    code: str
    gebied: str
    jaar: int
    waarde: Decimal | None
    maand: int | None = None
    gebied_naam: str = ""
    tabel: str = "47018NED"
    onderwerp: str = "GeregistreerdeMisdrijven_1"
    dimensie: str = "misdrijf"
    gebied_soort: str = "gemeente"
    voorlopig: bool = False


@pytest.fixture
def world(personas: Any) -> Any:
    personas.ivp_of()
    return personas


def run(world: Any, figures: list[Fig], *, store: bool) -> importing.Preview:
    by = world.members["coordinator"]
    with tenancy.bound(gemeente=world.gemeente_a.pk, user=by.user_id):
        if store:
            return importing.apply(figures, gemeente=world.gemeente_a, tabel="47018NED", by=by)
        return importing.preview(figures, gemeente=world.gemeente_a, tabel="47018NED")


FIGURES = [
    Fig("1.1.1", "GM9001", 2023, Decimal(40)),
    Fig("1.1.1", "WK900101", 2023, Decimal(12), gebied_naam="Wijk 01 Centrum"),
    Fig("1.1.1", "BU90010101", 2023, Decimal(0)),
    Fig("1.1.1", "GM0363", 2023, Decimal(4000)),  # another gemeente
    Fig("1.1.1", "NL00", 2023, Decimal(90000)),
    Fig("0.0.0", "GM9001", 2023, Decimal(900)),  # the total: not mapped by default
    Fig("1.4.5", "GM9001", 2023, None),  # unknown
]


def test_the_preview_stores_nothing_and_says_what_it_would_do(world: Any) -> None:
    preview = run(world, FIGURES, store=False)
    assert preview.bewaren == 3 and preview.nieuw == 3 and preview.vervangen == 0
    assert preview.overgeslagen == {"andere_gemeente": 2, "niet_gekoppeld": 1, "onbekend": 1}
    assert preview.nieuwe_indicatoren == ["Diefstal/inbraak woning (geregistreerde misdrijven, politie 1.1.1)"]
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert not Indicator.objects.filter(bronsleutel__startswith="politie:").exists()


def test_applying_stores_the_gemeente_and_its_areas_and_replaces_on_a_second_run(world: Any) -> None:
    run(world, FIGURES, store=True)
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        indicator = Indicator.objects.get(bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1")
        assert indicator.thema.code == "1.3"
        rows = {(m.gebied, m.waarde) for m in Meting.objects.filter(indicator=indicator)}
    assert rows == {("", Decimal(40)), ("WK900101", Decimal(12)), ("BU90010101", Decimal(0))}
    second = run(world, [Fig("1.1.1", "GM9001", 2023, Decimal(41))], store=False)
    assert (second.nieuw, second.vervangen) == (0, 1)
    run(world, [Fig("1.1.1", "GM9001", 2023, Decimal(41))], store=True)
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert Meting.objects.get(indicator=indicator, gebied="").waarde == Decimal(41)


def test_a_labelled_file_is_recognised_by_the_gemeente_name(world: Any) -> None:
    preview = run(
        world,
        [
            Fig("1.1.1", "", 2023, Decimal(5), gebied_naam="Aastad"),
            Fig("1.1.1", "", 2023, Decimal(5), gebied_naam="Wijk 01"),
        ],
        store=False,
    )
    assert preview.bewaren == 1 and preview.overgeslagen == {"geen_gebiedscode": 1}


def test_monthly_and_yearly_figures_live_side_by_side(world: Any) -> None:
    run(
        world,
        [Fig("1.1.1", "GM9001", 2024, Decimal(30)), Fig("1.1.1", "GM9001", 2024, Decimal(3), maand=1)],
        store=True,
    )
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert Meting.objects.filter(indicator__bronsleutel__startswith="politie:", jaar=2024).count() == 2


def test_stored_figures_have_history_with_the_import_as_context_and_a_replaced_figure_a_new_version(
    world: Any,
) -> None:
    from django.apps import apps

    event_model = apps.get_model("ivp", "MetingEvent")
    run(world, FIGURES, store=True)
    run(world, [Fig("1.1.1", "GM9001", 2023, Decimal(41)), Fig("1.1.1", "WK900101", 2023, Decimal(12))], store=True)
    by = world.members["coordinator"]
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        gemeente_row = Meting.objects.get(gebied="", jaar=2023)
        unchanged = Meting.objects.get(gebied="WK900101", jaar=2023)
        events = list(event_model.objects.filter(pgh_obj_id=gemeente_row.pk).order_by("pgh_id"))
        unchanged_events = event_model.objects.filter(pgh_obj_id=unchanged.pk).count()
    assert [(e.pgh_label, e.waarde, e.version) for e in events] == [
        ("insert", Decimal(40), 1),
        ("update", Decimal(41), 2),
    ]
    assert all(e.pgh_context["action"] == "ivp.import" and e.pgh_context["user"] == by.user_id for e in events)
    assert gemeente_row.version == 2
    # Storing the same figure again is still a write (its bron and time), and so it is recorded.
    assert unchanged_events == 2


def test_an_import_refused_half_way_leaves_nothing_behind(world: Any) -> None:
    from django.db import IntegrityError

    too_large = [Fig("1.1.1", "GM9001", 2023, Decimal(40)), Fig("1.1.1", "GM9001", 1800, Decimal(1))]
    with pytest.raises(IntegrityError):
        run(world, too_large, store=True)
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert not Indicator.objects.filter(bronsleutel__startswith="politie:").exists()
        assert not Meting.objects.filter(indicator__bronsleutel__startswith="politie:").exists()


def test_the_bulk_insert_names_the_table_and_constraint_the_model_has() -> None:
    assert Meting._meta.db_table == "ivp_meting"
    names = {c.name for c in Meting._meta.constraints}
    assert "ivp_meting_unique" in names
    columns = {f.column for f in Meting._meta.concrete_fields}
    listed = importing._INSERT_FROM_STAGE.split("(", 1)[1].split(")", 1)[0]
    assert {c.strip() for c in listed.split(",")} == columns - {"referentiewaarde"}
