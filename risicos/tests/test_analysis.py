"""The analyses: the security chain of a risk with its gaps, overlap and measures on paper; the
suggested residual score; the heat map, the gaps over the register, the costs and the kader's
goals without a measure — with query counts that do not grow with the register."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lib import tenancy
from risicos import analysis, services
from risicos.models import Maatregel, Risico

from .world import bound, fresh, register_of

pytestmark = pytest.mark.django_db


def risk(personas: Any, titel: str = "Agressie aan de balie", **fields: Any) -> Risico:
    register_of(personas)
    values = {"scenario": "Een bezoeker wordt agressief.", "bruto_kans": 4, "bruto_impact": 5, **fields}
    with bound(personas):
        return services.add_risico(by=personas.members["coordinator"], titel=titel, **values)


def measure(personas: Any, titel: str, schakels: list[str], risicos: list[Risico], **fields: Any) -> Maatregel:
    values = {"soort": "O", "functie": "preventief", "status": "geimplementeerd", **fields}
    with bound(personas):
        return services.add_maatregel(
            by=personas.members["coordinator"], titel=titel, schakels=schakels, risicos=risicos, **values
        )


def chain_of(personas: Any, risico: Risico) -> analysis.Keten:
    with bound(personas):
        return analysis.keten(fresh(personas, risico))


def test_the_chain_names_its_gaps_and_the_measures_that_only_exist_on_paper(personas: Any) -> None:
    risico = risk(personas)
    measure(personas, "Camera en alarmknop", ["detecteren"], [risico], soort="E", functie="repressief")
    bewaking = measure(personas, "Bewaker bij de balie", ["intervenieren"], [risico], soort="R", status="gepland")
    chain = chain_of(personas, risico)
    assert [key for key, _text in chain.gaps] == ["detectie_zonder_interventie", "niets_vertraagt", "geen_continuiteit"]
    assert [m.titel for m in chain.op_papier] == ["Bewaker bij de balie"]
    with bound(personas):
        services.edit_maatregel(
            by=personas.members["coordinator"], maatregel=bewaking, expected_version=1, status="geimplementeerd"
        )
    chain = chain_of(personas, risico)
    assert "detectie_zonder_interventie" not in dict(chain.gaps)
    assert chain.covered == {"detecteren", "intervenieren"}


def test_overlap_a_failed_check_and_measures_working_against_each_other_show(personas: Any) -> None:
    risico = risk(personas)
    camera = measure(personas, "Camera", ["detecteren"], [risico], soort="E")
    melder = measure(personas, "Alarmknop", ["detecteren"], [risico], soort="E")
    slot = measure(personas, "Slot op de achterdeur", ["tegenhouden"], [risico], soort="B")
    nooduitgang = measure(personas, "Vrije vluchtweg", ["continuiteit"], [risico], soort="B")
    by = personas.members["coordinator"]
    with bound(personas):
        services.add_toets(by=by, maatregel=slot, datum=timezone.localdate(), door="Test", resultaat="niet")
        services.mark_conflict(by=by, maatregel=slot, andere=nooduitgang, toelichting="Vluchtweg moet open.")
    chain = chain_of(personas, risico)
    assert {m.pk for m in chain.overlap["detecteren"]} == {camera.pk, melder.pk}
    assert [m.titel for m in chain.werkt_niet] == ["Slot op de achterdeur"]
    assert "tegenhouden" not in chain.covered
    assert [(a.titel, b.titel) for a, b, _ in chain.tegenstrijdig] in (
        [("Slot op de achterdeur", "Vrije vluchtweg")],
        [("Vrije vluchtweg", "Slot op de achterdeur")],
    )


def test_the_measures_in_place_suggest_a_residual_score(personas: Any) -> None:
    risico = risk(personas)
    measure(personas, "Zichtbare camera's", ["ontmoedigen", "detecteren"], [risico])
    measure(personas, "Balie met glazen wand", ["tegenhouden", "vertragen"], [risico], soort="B")
    measure(personas, "Opvolging door de bode", ["intervenieren"], [risico], soort="R")
    measure(personas, "Gepland: noodplan", ["continuiteit"], [risico], status="voorgesteld")
    suggestie = analysis.suggest_netto(fresh(personas, risico), chain_of(personas, risico))
    assert suggestie is not None
    assert (suggestie.kans, suggestie.impact) == (2, 3)  # two preventive links; detect+intervene and delay
    assert "ontmoedigen" in suggestie.redenen[0] and "vertragen" in suggestie.redenen[1]


def test_the_register_wide_gap_filter_agrees_with_the_chain_of_each_risk(personas: Any) -> None:
    risicos = [risk(personas, f"Risico {i}") for i in range(4)]
    measure(personas, "Alarm", ["detecteren"], risicos[:2], soort="E")
    measure(personas, "Opvolging", ["intervenieren"], risicos[1:3], soort="R")
    measure(personas, "Uitwijkplek", ["continuiteit", "vertragen"], risicos[3:], soort="O")
    with bound(personas):
        annotated = Risico.objects.all()
        for key in analysis.GAPS:
            by_filter = set(annotated.filter(analysis.gap_filter(key)).values_list("pk", flat=True))
            by_chain = {r.pk for r in risicos if key in dict(analysis.keten(r).gaps)}
            assert by_filter == by_chain, key
        counts = analysis.gap_counts(Risico.objects.all())
    assert counts["detectie_zonder_interventie"] == 1 and counts["interventie_zonder_detectie"] == 1
    assert counts["geen_continuiteit"] == 3


def test_the_heat_map_counts_per_cell(personas: Any) -> None:
    matrix = register_of(personas)
    risk(personas, "A", bruto_kans=5, bruto_impact=1)
    risk(personas, "B", bruto_kans=5, bruto_impact=1, netto_kans=1, netto_impact=1)
    risk(personas, "C", bruto_kans=1, bruto_impact=5)
    with bound(personas):
        bruto = analysis.heatmap(Risico.objects.all(), matrix, "bruto")
        netto = analysis.heatmap(Risico.objects.all(), matrix, "netto")
    assert bruto[0][0] == 2  # kans 5 (top row), impact 1
    assert bruto[4][4] == 1  # kans 1 (bottom row), impact 5
    assert sum(map(sum, netto)) == 1 and netto[4][0] == 1


def test_costs_count_per_theme_and_type_and_leave_out_cancelled_measures(personas: Any) -> None:
    register_of(personas)
    measure(
        personas,
        "Camera's",
        ["detecteren"],
        [],
        soort="E",
        themas=["fysieke_beveiliging"],
        kosten_eenmalig=Decimal("12000"),
        kosten_jaarlijks=Decimal("1500"),
    )
    measure(
        personas,
        "Training",
        ["ontmoedigen"],
        [],
        themas=["fysieke_beveiliging", "personele_beveiliging"],
        kosten_jaarlijks=Decimal("800"),
    )
    measure(
        personas,
        "Oude hekken",
        ["tegenhouden"],
        [],
        soort="B",
        themas=["fysieke_beveiliging"],
        status="vervallen",
        kosten_eenmalig=Decimal("999"),
    )
    with bound(personas):
        found = analysis.costs(Maatregel.objects.all())
    assert found["fysieke_beveiliging"]["E"] == {"eenmalig": Decimal("12000"), "jaarlijks": Decimal("1500")}
    assert found["fysieke_beveiliging"]["O"]["jaarlijks"] == Decimal("800")
    assert found["personele_beveiliging"]["O"]["jaarlijks"] == Decimal("800")
    assert "B" not in found["fysieke_beveiliging"]


def test_the_kader_goals_without_a_measure_are_named(personas: Any) -> None:
    from kader.models import Doel

    versie = personas.kader_of()
    register_of(personas)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        doelen = list(Doel.objects.filter(versie=versie).order_by("volgorde"))
    with bound(personas):
        maatregel = services.add_maatregel(
            by=personas.members["coordinator"], titel="Alarm", soort="E", functie="repressief"
        )
        from risicos.models import MaatregelDoel

        MaatregelDoel.objects.create(gemeente_id=personas.gemeente_a.pk, maatregel=maatregel, doel=doelen[0])
        found = analysis.untraced(personas.gemeente_a.pk, versie)
    assert doelen[0] not in found["doelen"] and doelen[1] in found["doelen"]


@pytest.mark.parametrize("extra", [2, 20])
def test_the_register_analyses_use_the_same_queries_for_a_small_or_large_register(personas: Any, extra: int) -> None:
    matrix = register_of(personas)
    risicos = [risk(personas, f"Risico {i}", bruto_kans=1 + i % 5, bruto_impact=1 + (i * 3) % 5) for i in range(extra)]
    measure(personas, "Alarm", ["detecteren"], risicos, soort="E", themas=["fysieke_beveiliging"])
    with bound(personas), CaptureQueriesContext(connection) as queries:
        analysis.heatmap(Risico.objects.all(), matrix, "bruto")
        analysis.gap_counts(Risico.objects.all())
        analysis.costs(Maatregel.objects.all())
        analysis.keten(risicos[0])
    # heat map, gap counts, costs: one each; a chain: its measures, their conflicts
    assert len(queries) == 5, [q["sql"][:100] for q in queries]
