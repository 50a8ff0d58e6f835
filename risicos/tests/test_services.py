"""The risk register's services: the start, scoring on the matrix, who may change what, acceptance
with its scores, effectiveness checks, and a matrix change that shows its effect before it is applied."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.timezone import localdate

from lib import tenancy
from lib.errors import StateConflict
from risicos import content, services
from risicos.models import Acceptatie, Bedrijfsmiddel, Dreiging, Maatregel, Matrix, Risico, RisicoBedrijfsmiddel

from .world import bound, dreiging, fresh, register_of

pytestmark = pytest.mark.django_db


def a_risk(personas: Any, role: str = "coordinator", **fields: Any) -> Risico:
    register_of(personas)
    values = {
        "titel": "Inbraak in het stadhuis",
        "scenario": "Inbrekers forceren 's nachts de achterdeur en nemen laptops mee.",
        "themas": ["fysieke_beveiliging"],
        "bruto_kans": 4,
        "bruto_impact": 5,
        **fields,
    }
    with bound(personas, role):
        return services.add_risico(by=personas.members[role], **values)


# --- the start --------------------------------------------------------------------------------


def test_the_coordinator_starts_the_register_with_a_5x5_matrix_and_the_threat_catalogue(personas: Any) -> None:
    matrix = register_of(personas)
    assert (matrix.nummer, matrix.kans_size, matrix.impact_size) == (1, 5, 5)
    assert [n["naam"] for n in matrix.niveaus] == ["Laag", "Midden", "Hoog", "Zeer hoog"]
    assert matrix.niveau_naam(matrix.niveau(1, 4)) == "Laag"
    assert matrix.niveau_naam(matrix.niveau(3, 3)) == "Midden"
    assert matrix.niveau_naam(matrix.niveau(5, 3)) == "Hoog"
    assert matrix.niveau_naam(matrix.niveau(4, 4)) == "Zeer hoog"
    with bound(personas):
        dreigingen = {d.sleutel: d.moedwillig for d in Dreiging.objects.all()}
    assert len(dreigingen) == len(content.DREIGINGEN)
    assert dreigingen["ransomware"] is True and dreigingen["brand"] is False
    with bound(personas), pytest.raises(StateConflict):
        services.start_register(by=personas.members["coordinator"])


def test_the_national_method_brings_its_classes_and_impact_criteria(personas: Any) -> None:
    matrix = register_of(personas, methode="nrb")
    assert matrix.kans_labels[0].startswith("A") and "Doden" in matrix.impactcriteria


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "auditor"])
def test_only_the_coordinator_starts_the_register(personas: Any, role: str) -> None:
    with bound(personas, role), pytest.raises(PermissionDenied):
        services.start_register(by=personas.members[role])
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Matrix.objects.exists()


# --- risks ------------------------------------------------------------------------------------


def test_a_risk_gets_its_levels_from_the_matrix_and_a_review_date_from_its_level(personas: Any) -> None:
    risico = a_risk(personas, netto_kans=2, netto_impact=3)
    matrix = register_of(personas)
    assert (matrix.niveau_naam(risico.bruto_niveau), matrix.niveau_naam(risico.netto_niveau)) == ("Zeer hoog", "Midden")
    assert risico.volgende_review == services.add_months(localdate(), 6)  # the residual level counts
    assert matrix.boven_tolerantie(risico.bruto_niveau) and not matrix.boven_tolerantie(risico.netto_niveau)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"bruto_kans": 6}, "bruto_kans"),
        ({"bruto_impact": 0}, "bruto_impact"),
        ({"netto_kans": 2}, "netto_impact"),
        ({"netto_impact": 2}, "netto_kans"),
        ({"titel": ""}, "titel"),
        ({"behandeling": "negeren"}, "behandeling"),
        ({"themas": ["onbekend"]}, "themas"),
    ],
)
def test_a_risk_that_does_not_fit_the_matrix_is_refused_and_not_stored(
    personas: Any, fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        a_risk(personas, **fields)
    assert field in refused.value.message_dict
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Risico.objects.exists()


def test_a_risk_links_only_assets_and_threats_of_its_own_gemeente(personas: Any) -> None:
    coordinator_b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=coordinator_b.user_id):
        services.start_register(by=coordinator_b)
        foreign_threat = Dreiging.objects.get(sleutel="brand")
        foreign_asset = services.add_bedrijfsmiddel(by=coordinator_b, naam="Raadhuis Beedorp", soort="gebouw")
    with pytest.raises(ValidationError) as refused:
        a_risk(personas, dreiging=foreign_threat)
    assert "dreiging" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        a_risk(personas, bedrijfsmiddelen=[foreign_asset])
    assert "bedrijfsmiddelen" in refused.value.message_dict
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Risico.objects.exists()


def test_a_risk_keeps_its_assets_and_changes_them(personas: Any) -> None:
    register_of(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        stadhuis = services.add_bedrijfsmiddel(by=by, naam="Stadhuis", soort="gebouw", themas=["fysieke_beveiliging"])
        kcc = services.add_bedrijfsmiddel(by=by, naam="KCC-balie", soort="locatie")
    risico = a_risk(personas, dreiging=dreiging(personas), bedrijfsmiddelen=[stadhuis, kcc])
    with bound(personas):
        services.edit_risico(by=by, risico=risico, expected_version=risico.version, bedrijfsmiddelen=[kcc])
        assert list(RisicoBedrijfsmiddel.objects.values_list("bedrijfsmiddel__naam", flat=True)) == ["KCC-balie"]


def test_a_thema_eigenaar_keeps_the_risks_of_their_own_themes_only(personas: Any) -> None:
    # the persona owns informatiebeveiliging
    own = a_risk(personas, "thema_eigenaar", titel="Phishing", themas=["informatiebeveiliging"])
    with pytest.raises(PermissionDenied):
        a_risk(personas, "thema_eigenaar", titel="Brand", themas=["continuiteit"])
    other = a_risk(personas, titel="Brand in het archief", themas=["continuiteit"])
    eigenaar = personas.members["thema_eigenaar"]
    with bound(personas, "thema_eigenaar"):
        with pytest.raises(PermissionDenied):
            services.edit_risico(by=eigenaar, risico=other, expected_version=other.version, titel="Anders")
        with pytest.raises(PermissionDenied):  # nor move their own risk out of their themes
            services.edit_risico(by=eigenaar, risico=own, expected_version=own.version, themas=["continuiteit"])
        services.edit_risico(by=eigenaar, risico=own, expected_version=own.version, bruto_kans=2)
    assert fresh(personas, other).titel == "Brand in het archief"


def test_two_people_changing_one_risk_do_not_overwrite_each_other(personas: Any) -> None:
    from lib.concurrency import StaleVersionError

    risico = a_risk(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        services.edit_risico(by=by, risico=fresh(personas, risico), expected_version=1, titel="Eerst")
        with pytest.raises(StaleVersionError):
            services.edit_risico(by=by, risico=fresh(personas, risico), expected_version=1, titel="Daarna")
    assert fresh(personas, risico).titel == "Eerst"


def test_every_change_is_in_the_history_with_who_did_it(personas: Any) -> None:
    risico = a_risk(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        services.edit_risico(by=by, risico=risico, expected_version=risico.version, netto_kans=1, netto_impact=2)
        events = list(apps.get_model("risicos", "RisicoEvent").objects.filter(pgh_obj_id=risico.pk).order_by("pgh_id"))
    assert [e.pgh_context["action"] for e in events] == ["risicos.risico.add", "risicos.risico.edit"]
    assert events[-1].pgh_context["user"] == by.user_id and events[-1].netto_kans == 1


# --- acceptance -------------------------------------------------------------------------------


def test_an_acceptance_keeps_its_scores_and_asks_for_revalidation_when_they_change(personas: Any) -> None:
    risico = a_risk(personas, netto_kans=2, netto_impact=2, behandeling="accepteren")
    with bound(personas, "bestuurder"):
        acceptatie = services.accept(
            by=personas.members["bestuurder"],
            risico=risico,
            geaccepteerd_door="College van B en W",
            geldig_tot=localdate() + datetime.timedelta(days=365),
            motivering="Restrisico past binnen de risicobereidheid.",
        )
    assert (acceptatie.kans, acceptatie.impact) == (2, 2)
    assert services.stand(acceptatie, fresh(personas, risico)).tekst == "geldig"
    by = personas.members["coordinator"]
    with bound(personas):
        services.edit_risico(by=by, risico=risico, expected_version=risico.version, netto_kans=3)
    assert services.stand(acceptatie, fresh(personas, risico)).herbeoordelen
    later = localdate() + datetime.timedelta(days=400)
    assert services.stand(acceptatie, fresh(personas, risico), today=later).verlopen


@pytest.mark.parametrize("role", ["thema_eigenaar", "auditor"])
def test_only_a_coordinator_or_bestuurder_records_an_acceptance(personas: Any, role: str) -> None:
    risico = a_risk(personas)
    with bound(personas, role), pytest.raises(PermissionDenied):
        services.accept(
            by=personas.members[role],
            risico=risico,
            geaccepteerd_door="Ik",
            geldig_tot=localdate() + datetime.timedelta(days=30),
            motivering="Waarom niet.",
        )
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Acceptatie.objects.exists()


@pytest.mark.parametrize(
    ("days", "field"), [(-1, "geldig_tot"), (6 * 366, "geldig_tot")], ids=["before-acceptance", "beyond-five-years"]
)
def test_an_acceptance_with_an_impossible_period_is_refused(personas: Any, days: int, field: str) -> None:
    risico = a_risk(personas)
    with bound(personas), pytest.raises(ValidationError) as refused:
        services.accept(
            by=personas.members["coordinator"],
            risico=risico,
            geaccepteerd_door="College",
            geldig_tot=localdate() + datetime.timedelta(days=days),
            motivering="Test.",
        )
    assert field in refused.value.message_dict or "__all__" in refused.value.message_dict


def test_an_unscored_risk_cannot_be_accepted(personas: Any) -> None:
    risico = a_risk(personas, bruto_kans=None, bruto_impact=None)
    with bound(personas), pytest.raises(ValidationError):
        services.accept(
            by=personas.members["coordinator"],
            risico=risico,
            geaccepteerd_door="College",
            geldig_tot=localdate() + datetime.timedelta(days=30),
            motivering="Test.",
        )


def test_an_incident_flags_a_risk_for_review_today(personas: Any) -> None:
    risico = a_risk(personas)
    with bound(personas):
        services.flag_for_review(by=personas.members["coordinator"], risico=risico, reason="Incident van 3 december")
    stored = fresh(personas, risico)
    assert stored.herbeoordelen and stored.volgende_review == localdate()


# --- measures ---------------------------------------------------------------------------------


def a_measure(personas: Any, **fields: Any) -> Maatregel:
    values = {
        "titel": "Inbraakalarm met doormelding",
        "soort": "E",
        "functie": "repressief",
        "schakels": ["detecteren"],
        "themas": ["fysieke_beveiliging"],
        "status": "geimplementeerd",
        **fields,
    }
    register_of(personas)
    with bound(personas):
        return services.add_maatregel(by=personas.members["coordinator"], **values)


def test_a_check_that_worked_makes_an_implemented_measure_tested(personas: Any) -> None:
    maatregel = a_measure(personas)
    with bound(personas):
        services.add_toets(
            by=personas.members["coordinator"],
            maatregel=maatregel,
            datum=localdate(),
            door="Beveiliger",
            resultaat="effectief",
        )
        with pytest.raises(ValidationError):
            services.add_toets(
                by=personas.members["coordinator"],
                maatregel=maatregel,
                datum=localdate() + datetime.timedelta(days=2),
                door="Beveiliger",
                resultaat="effectief",
            )
    assert fresh(personas, maatregel).status == "getoetst"


def test_measures_working_against_each_other_are_marked_once(personas: Any) -> None:
    slot = a_measure(personas, titel="Achterdeur op slot", soort="B", schakels=["tegenhouden"])
    nooduitgang = a_measure(personas, titel="Vrije nooduitgang", soort="B", schakels=["continuiteit"])
    by = personas.members["coordinator"]
    with bound(personas):
        services.mark_conflict(by=by, maatregel=slot, andere=nooduitgang, toelichting="Nooduitgang moet open kunnen.")
        with pytest.raises(ValidationError):
            services.mark_conflict(by=by, maatregel=nooduitgang, andere=slot, toelichting="Nog eens.")
        with pytest.raises(ValidationError):
            services.mark_conflict(by=by, maatregel=slot, andere=slot, toelichting="Zelf.")


def test_a_measure_names_each_link_of_the_chain_once(personas: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        a_measure(personas, schakels=["detecteren", "detecteren"])
    assert "schakels" in refused.value.message_dict


# --- changing the matrix ----------------------------------------------------------------------

THREE: dict[str, Any] = {
    "kans_labels": ["Klein", "Middel", "Groot"],
    "impact_labels": ["Beperkt", "Ernstig", "Zeer ernstig"],
    "niveaus": [
        {"naam": "Laag", "kleur": "#cde9d4", "maanden": 12},
        {"naam": "Hoog", "kleur": "#f4b1b1", "maanden": 3},
    ],
    "raster": [[0, 0, 1], [0, 1, 1], [1, 1, 1]],
    "tolerantie": 0,
}


def test_a_matrix_change_shows_its_effect_first_and_stores_nothing(personas: Any) -> None:
    low = a_risk(personas, titel="Klein risico", bruto_kans=1, bruto_impact=2)
    high = a_risk(personas, titel="Groot risico", bruto_kans=5, bruto_impact=5)
    middle = a_risk(personas, titel="Middelgroot risico", bruto_kans=3, bruto_impact=3)
    with bound(personas):
        plan = services.plan_matrix_change(by=personas.members["coordinator"], **THREE)
    assert plan.kans_map == {1: 1, 2: 1, 3: 2, 4: 3, 5: 3}
    assert plan.risicos == 3
    # 1×2 → 1×1 Laag (was Laag); 5×5 → 3×3 Hoog (was Zeer hoog); 3×3 → 2×2 Hoog (was Midden)
    assert plan.per_niveau == {("Laag", "Laag"): 1, ("Zeer hoog", "Hoog"): 1, ("Midden", "Hoog"): 1}
    assert plan.anders == 2
    assert [(r.titel, above) for r, above in plan.over_de_lijn] == [("Middelgroot risico", True)]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Matrix.objects.count() == 1
        assert [(r.bruto_kans, r.bruto_impact) for r in Risico.objects.order_by("titel")] == [(5, 5), (1, 2), (3, 3)]
    del low, high, middle


def test_applying_a_matrix_change_moves_every_risk_and_keeps_old_acceptances_readable(personas: Any) -> None:
    risico = a_risk(personas, bruto_kans=4, bruto_impact=4, netto_kans=2, netto_impact=2)
    by = personas.members["coordinator"]
    with bound(personas):
        acceptatie = services.accept(
            by=by,
            risico=risico,
            geaccepteerd_door="College",
            geldig_tot=localdate() + datetime.timedelta(days=90),
            motivering="Binnen de bereidheid.",
        )
        plan = services.plan_matrix_change(by=by, **{**THREE, "tolerantie": 1})
        nieuw = services.apply_matrix_change(by=by, wijziging=plan, expected_nummer=1)
    stored = fresh(personas, risico)
    assert stored.matrix_id == nieuw.pk and nieuw.nummer == 2
    assert (stored.bruto_kans, stored.bruto_impact, stored.netto_kans, stored.netto_impact) == (3, 3, 1, 1)
    assert (nieuw.niveau_naam(stored.bruto_niveau), nieuw.niveau_naam(stored.netto_niveau)) == ("Hoog", "Laag")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        old = Matrix.objects.get(nummer=1)
        acceptatie = Acceptatie.objects.select_related("matrix").get(pk=acceptatie.pk)
    assert old.status == "vervangen"
    assert acceptatie.matrix.niveau_naam(acceptatie.niveau) == "Laag" and acceptatie.matrix.kans_size == 5
    assert services.stand(acceptatie, stored).herbeoordelen  # the scores are now on another matrix
    with bound(personas):
        events = apps.get_model("risicos", "RisicoEvent").objects.filter(pgh_obj_id=risico.pk).order_by("pgh_id")
        assert events.last().pgh_context["action"] == "risicos.matrix.change"


def test_a_matrix_change_on_a_stale_dry_run_or_with_a_bad_mapping_is_refused(personas: Any) -> None:
    a_risk(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        plan = services.plan_matrix_change(by=by, **THREE)
        services.apply_matrix_change(by=by, wijziging=plan, expected_nummer=1)
        again = services.plan_matrix_change(by=by, **THREE)
        with pytest.raises(StateConflict):
            services.apply_matrix_change(by=by, wijziging=again, expected_nummer=1)
        with pytest.raises(ValidationError) as refused:
            services.plan_matrix_change(by=by, **THREE, kans_map={1: 1, 2: 4, 3: 3})
        assert "kans_map" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.plan_matrix_change(by=by, **{**THREE, "raster": [[0, 0], [0, 1]]})
        assert "raster" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            services.plan_matrix_change(by=by, **{**THREE, "kans_labels": ["Eén"]})
        assert "kans_labels" in refused.value.message_dict
        assert Matrix.objects.count() == 2


def test_assets_are_unique_by_name_per_gemeente(personas: Any) -> None:
    register_of(personas)
    by = personas.members["coordinator"]
    with bound(personas):
        services.add_bedrijfsmiddel(by=by, naam="Stadhuis", soort="gebouw")
        with pytest.raises(ValidationError):
            services.add_bedrijfsmiddel(by=by, naam="stadhuis", soort="gebouw")
    coordinator_b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=coordinator_b.user_id):
        services.add_bedrijfsmiddel(by=coordinator_b, naam="Stadhuis", soort="gebouw")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Bedrijfsmiddel.objects.count() == 1
