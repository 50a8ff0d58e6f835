"""The kader's workflow: start, copy, submit, adopt, read-only after adoption, gaps, compare."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from kader import content, progress, services
from kader.compare import compare
from kader.models import (
    Deelplan,
    Doel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    UitgangspuntDoel,
    Verantwoordelijkheid,
    WetOfNorm,
)
from lib import tenancy
from lib.concurrency import StaleVersionError, save_versioned
from lib.errors import StateConflict
from lib.tenancy import gemeente_models

pytestmark = pytest.mark.django_db


@pytest.fixture
def a(personas: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.user("coordinator").pk):
        yield personas


def coordinator(personas: Any) -> Any:
    return personas.members["coordinator"]


def complete(versie: KaderVersie, by: Any) -> KaderVersie:
    """Fill every required part of a concept."""
    versie = services.adopt_example(versie=versie, by=by, part="visie", example="maximaal")
    versie = services.edit(
        versie=versie,
        by=by,
        expected_version=versie.version,
        visie_onderbouwing="Past bij onze ambitie.",
        bedrijfsmiddelen=["mensen", "gebouwen"],
        governance="domeinen",
    )
    WetOfNorm.objects.filter(versie=versie).update(van_toepassing=True)
    Doel.objects.filter(versie=versie).update(relevant=True)
    for groep in content.VOORBEELD_UITGANGSPUNTEN:
        services.adopt_example_uitgangspunten(versie=versie, by=by, groep=groep)
    PdcaFase.objects.filter(versie=versie).update(wat="Jaarplan", wanneer="Januari", wie="Coördinator")
    Verantwoordelijkheid.objects.get_or_create(
        gemeente_id=versie.gemeente_id, versie=versie, rol="Coördinator", activiteit="Jaarplan", aard="A"
    )
    return versie


def adopted(personas: Any) -> KaderVersie:
    by = coordinator(personas)
    versie = complete(services.start_kader(by=by), by)
    services.submit_for_decision(versie=versie, by=by)
    return services.adopt(versie=versie, on=localdate(), body="College van B&W", reference="B&W-2026-12", by=by)


def test_starting_a_kader_seeds_goals_legal_framework_groups_and_checklist(a: Any) -> None:
    versie = services.start_kader(by=coordinator(a))
    assert (versie.nummer, versie.status) == (1, Status.CONCEPT)
    assert Doel.objects.filter(versie=versie).count() == 9
    assert set(Doel.objects.values_list("sleutel", flat=True)) == {key for key, _t, _u in content.DOELEN}
    assert WetOfNorm.objects.filter(versie=versie, thema="informatiebeveiliging").count() == 9
    assert Mensgroep.objects.filter(versie=versie).count() == 6
    assert PdcaFase.objects.filter(versie=versie).count() == 4
    assert StapActiviteit.objects.filter(versie=versie, stap="visie").count() == 8
    assert progress.progress(versie)["visie"] == (0, 8)


def test_a_gemeente_cannot_start_a_second_kader(a: Any) -> None:
    services.start_kader(by=coordinator(a))
    with pytest.raises(ValidationError, match="al een kader"):
        services.start_kader(by=coordinator(a))


def test_submitting_lists_every_missing_part_and_changes_nothing(a: Any) -> None:
    versie = services.start_kader(by=coordinator(a))
    with pytest.raises(ValidationError) as exc:
        services.submit_for_decision(versie=versie, by=coordinator(a))
    messages = exc.value.messages
    assert "Visie: de visietekst ontbreekt." in messages
    assert "Kwaliteitssysteem: er is geen governancevariant gekozen." in messages
    assert "Kwaliteitssysteem: de fase Check is niet beschreven." in messages
    assert (
        f"Scope: van {sum(len(wetten) for wetten in content.WETTELIJK_KADER.values())} wetten en normen is nog niet bepaald of ze van toepassing zijn."
        in messages
    )
    assert KaderVersie.objects.get(pk=versie.pk).status == Status.CONCEPT


def test_a_complete_concept_can_be_submitted_and_adopted(a: Any) -> None:
    versie = adopted(a)
    versie.refresh_from_db()
    assert versie.status == Status.VASTGESTELD
    assert (versie.vastgesteld_op, versie.vastgesteld_door, versie.besluitkenmerk) == (
        localdate(),
        "College van B&W",
        "B&W-2026-12",
    )


def test_adopting_without_a_body_or_with_a_future_date_is_refused(a: Any) -> None:
    by = coordinator(a)
    versie = complete(services.start_kader(by=by), by)
    services.submit_for_decision(versie=versie, by=by)
    with pytest.raises(ValidationError) as exc:
        services.adopt(versie=versie, on=localdate() + datetime.timedelta(days=1), body=" ", reference="", by=by)
    assert set(exc.value.message_dict) == {"vastgesteld_op", "vastgesteld_door"}
    assert KaderVersie.objects.get(pk=versie.pk).status == Status.TER_BESLUITVORMING


def test_a_new_version_copies_everything_and_adoption_expires_the_previous_one(a: Any) -> None:
    by = coordinator(a)
    first = adopted(a)
    second = services.new_version(from_version=first, by=by)
    assert (second.nummer, second.status, second.gebaseerd_op_id) == (2, Status.CONCEPT, first.pk)
    assert second.visie == first.visie
    for model in (Doel, Uitgangspunt, UitgangspuntDoel, WetOfNorm, Mensgroep, PdcaFase, Verantwoordelijkheid):
        assert model.objects.filter(versie=second).count() == model.objects.filter(versie=first).count() > 0
    assert not UitgangspuntDoel.objects.filter(versie=second, doel__versie=first).exists()
    with pytest.raises(StateConflict, match="in bewerking"):
        services.new_version(from_version=first, by=by)

    services.submit_for_decision(versie=second, by=by)
    services.adopt(versie=second, on=localdate(), body="College van B&W", reference="", by=by)
    first.refresh_from_db()
    assert first.status == Status.VERVALLEN
    assert KaderVersie.objects.adopted().get() == second


def test_services_refuse_to_change_a_version_that_is_not_a_concept(a: Any) -> None:
    versie = adopted(a)
    by = coordinator(a)
    frozen = "Versie 1 is vastgesteld en kan niet meer worden gewijzigd"
    with pytest.raises(StateConflict, match=frozen):
        services.edit(versie=versie, by=by, expected_version=versie.version, visie="Anders")
    with pytest.raises(StateConflict, match=frozen):
        services.adopt_example(versie=versie, by=by, part="visie", example="minimaal")
    with pytest.raises(StateConflict, match=frozen):
        services.add_part(versie=versie, by=by, model=Uitgangspunt, groep="beleid", tekst="Nieuw", doelen=[])
    activiteit = StapActiviteit.objects.filter(versie=versie).first()
    assert activiteit is not None
    with pytest.raises(StateConflict, match=frozen):
        services.mark_activity(activiteit=activiteit, by=by, on=localdate())


def _refused(action: Any) -> None:
    with pytest.raises(IntegrityError, match="vastgestelde of vervallen versie"), transaction.atomic():
        action()


def test_the_database_refuses_any_change_to_an_adopted_version_and_its_parts(a: Any) -> None:
    versie = adopted(a)
    _refused(lambda: KaderVersie.objects.filter(pk=versie.pk).update(visie="Stiekem"))
    _refused(lambda: KaderVersie.objects.filter(pk=versie.pk).update(status=Status.CONCEPT))
    _refused(lambda: KaderVersie.objects.filter(pk=versie.pk).update(status=Status.VERVALLEN, visie="x"))
    _refused(lambda: KaderVersie.objects.filter(pk=versie.pk).delete())
    _refused(lambda: Doel.objects.filter(versie=versie).update(titel="Anders"))
    _refused(lambda: Uitgangspunt.objects.filter(versie=versie).delete())
    _refused(lambda: UitgangspuntDoel.objects.filter(versie=versie).delete())
    _refused(lambda: StapActiviteit.objects.filter(versie=versie).update(notitie="x"))
    _refused(
        lambda: Deelplan.objects.create(
            gemeente_id=versie.gemeente_id, versie=versie, thema="integriteit", titel="Nieuw"
        )
    )
    versie.refresh_from_db()
    assert versie.status == Status.VASTGESTELD
    assert Doel.objects.filter(versie=versie, titel="Anders").count() == 0


def test_gaps_name_goals_without_uitgangspunt_and_uitgangspunten_without_goal(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    beschermen = Doel.objects.get(versie=versie, sleutel="beschermen")
    Doel.objects.filter(versie=versie).exclude(pk=beschermen.pk).update(relevant=False)
    assert progress.gaps(versie)["doelen_zonder_uitgangspunt"] == [beschermen]
    los = services.add_part(versie=versie, by=by, model=Uitgangspunt, groep="beleid", tekst="Los punt", doelen=[])
    assert progress.gaps(versie)["uitgangspunten_zonder_doel"] == [los]
    services.add_part(versie=versie, by=by, model=Uitgangspunt, groep="beleid", tekst="Gekoppeld", doelen=[beschermen])
    assert progress.gaps(versie)["doelen_zonder_uitgangspunt"] == []
    assert "Uitgangspunten: ‘Los punt’ is aan geen doel gekoppeld." in [p.text for p in progress.missing_parts(versie)]


def test_compare_shows_what_changed_between_two_versions(a: Any) -> None:
    by = coordinator(a)
    first = adopted(a)
    second = services.new_version(from_version=first, by=by)
    second = services.edit(versie=second, by=by, expected_version=second.version, governance="centraal")
    Doel.objects.filter(versie=second, sleutel="vertragen").update(relevant=False)
    Doel.objects.create(gemeente_id=second.gemeente_id, versie=second, titel="Eigen doel")
    Mensgroep.objects.filter(versie=second, soort="derden").delete()

    rows = {(d.onderdeel, d.wat): (d.voor, d.na) for d in compare(first, second)}
    assert rows[("Governancevariant", "")] == ("Gecoördineerde domeineigenaren", "Eén centrale coördinator")
    assert rows[("Beveiligingsdoelen: beveiligingsdoelen", "Eigen doel")] == ("—", "toegevoegd")
    assert rows[("Beveiligingsdoelen: beveiligingsdoelen", "Vertragen: relevant voor de gemeente")] == ("ja", "nee")
    assert rows[("Scope: groepen mensen", "Schoonmaak en vergelijkbare derden")] == ("verwijderd", "—")
    assert not any(onderdeel.startswith(("Visie", "Scope: wetten")) for onderdeel, _wat in rows)


def test_an_example_is_adopted_into_a_part_and_can_then_be_adapted(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    versie = services.adopt_example(versie=versie, by=by, part="visie_minimaal", example="minimaal")
    assert versie.visie_minimaal == content.VOORBEELDEN_VISIE["minimaal"]
    versie = services.edit(versie=versie, by=by, expected_version=versie.version, visie_minimaal="Eigen woorden")
    assert KaderVersie.objects.get(pk=versie.pk).visie_minimaal == "Eigen woorden"
    with pytest.raises(ValidationError, match="bestaat niet"):
        services.adopt_example(versie=versie, by=by, part="visie", example="onbekend")
    punten = services.adopt_example_uitgangspunten(versie=versie, by=by, groep="governance")
    assert len(punten) == len(content.VOORBEELD_UITGANGSPUNTEN["governance"])
    assert all(p.koppelingen.exists() for p in punten)
    assert services.adopt_example_uitgangspunten(versie=versie, by=by, groep="governance") == []


def test_marking_an_activity_records_who_and_when(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    activiteit = StapActiviteit.objects.get(versie=versie, stap="visie", sleutel="werksessie")
    services.mark_activity(activiteit=activiteit, by=by, on=localdate(), note="Sessie met het MT")
    activiteit.refresh_from_db()
    assert (activiteit.gedaan_door, activiteit.gedaan_op, activiteit.notitie) == (
        by.user,
        localdate(),
        "Sessie met het MT",
    )
    assert progress.progress(versie)["visie"] == (1, 8)


def test_every_change_is_recorded_in_the_history_with_the_user(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    services.edit(versie=versie, by=by, expected_version=versie.version, visie="Onze visie")
    events = apps.get_model("kader", "KaderVersieEvent").objects.filter(pgh_obj_id=versie.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[1].visie == "Onze visie"
    assert events[1].pgh_context["user"] == by.user_id
    assert apps.get_model("kader", "DoelEvent").objects.filter(versie_id=versie.pk).count() == 9


def test_bad_input_is_refused_with_a_dutch_message_and_changes_nothing(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    with pytest.raises(ValidationError) as exc:
        services.edit(versie=versie, by=by, expected_version=versie.version, governance="anarchie", visie="Ok")
    assert "governance" in exc.value.message_dict
    with pytest.raises(ValidationError, match="Onbekende categorie bedrijfsmiddelen: auto"):
        services.edit(versie=versie, by=by, expected_version=versie.version, bedrijfsmiddelen=["mensen", "auto"])
    with pytest.raises(ValidationError, match="Onbekende onderdelen: status"):
        services.edit(versie=versie, by=by, expected_version=versie.version, status="vastgesteld")
    stored = KaderVersie.objects.get(pk=versie.pk)
    assert (stored.governance, stored.visie, stored.status, stored.version) == (None, None, Status.CONCEPT, 1)


def test_a_stale_edit_is_refused_and_changes_nothing(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    mine = KaderVersie.objects.get(pk=versie.pk)
    theirs = KaderVersie.objects.get(pk=versie.pk)
    services.edit(versie=theirs, by=by, expected_version=theirs.version, visie="Eerst")
    with pytest.raises(StaleVersionError):
        services.edit(versie=mine, by=by, expected_version=mine.version, visie="Later")
    doel = Doel.objects.filter(versie=versie).first()
    assert doel is not None
    doel.titel = "Nieuw"
    with pytest.raises(StaleVersionError):
        save_versioned(doel, expected_version=doel.version + 1, fields=["titel"])
    assert KaderVersie.objects.get(pk=versie.pk).visie == "Eerst"


def test_gemeente_b_sees_none_of_gemeente_as_kader(personas: Any) -> None:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        adopted(personas)
    kader_models = [m for m in gemeente_models() if m._meta.app_label == "kader"]
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        for model in kader_models:
            assert model._default_manager.count() == 0, model._meta.label
    assert KaderVersie.objects.visible_to(personas.coordinator_b).count() == 0
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert KaderVersie.objects.visible_to(personas.coordinator_b).count() == 0
        assert KaderVersie.objects.visible_to(personas.members["melder"]).count() == 1


def test_the_services_refuse_a_future_activity_date_an_overlong_decision_and_double_goals(personas: Any) -> None:
    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        activiteit = StapActiviteit.objects.filter(versie=versie)[0]
        tomorrow = localdate() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError, match="toekomst"):
            services.mark_activity(activiteit=activiteit, by=by, on=tomorrow)
        doel = Doel.objects.filter(versie=versie)[0]
        punt = services.add_part(
            versie=versie, by=by, model=Uitgangspunt, groep="beleid", tekst="Dubbel.", doelen=[doel, doel]
        )
        assert UitgangspuntDoel.objects.filter(uitgangspunt=punt).count() == 1
        versie.status = "ter_besluitvorming"
        with pytest.raises(ValidationError, match="150 tekens"):
            services.adopt(versie=versie, on=localdate(), body="x" * 151, reference="", by=by)


# --- who may: the services decide, whatever page or API operation calls them ---------------------


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner", "melder"])
def test_a_role_without_kader_edit_is_refused_by_every_changing_service(a: Any, role: str) -> None:
    versie = services.start_kader(by=coordinator(a))
    member = a.members[role]
    doel = Doel.objects.filter(versie=versie).first()
    assert doel is not None
    refused = [
        lambda: services.edit(by=member, versie=versie, expected_version=versie.version, visie="Niet van mij"),
        lambda: services.add_part(by=member, versie=versie, model=Mensgroep, soort="derden"),
        lambda: services.edit_part(by=member, obj=doel, expected_version=doel.version, relevant=True),
        lambda: services.delete_part(by=member, obj=doel, expected_version=doel.version),
        lambda: services.adopt_example_uitgangspunten(by=member, versie=versie, groep="beleid"),
        lambda: services.submit_for_decision(by=member, versie=versie),
        lambda: services.new_version(by=member, from_version=versie),
    ]
    for action in refused:
        with pytest.raises(PermissionDenied, match="mag het strategisch kader niet wijzigen"):
            action()
    assert KaderVersie.objects.get(pk=versie.pk).visie is None
    assert Doel.objects.get(pk=doel.pk).relevant is None


def test_only_a_coordinator_or_bestuurder_records_the_decision(a: Any) -> None:
    by = coordinator(a)
    versie = complete(services.start_kader(by=by), by)
    services.submit_for_decision(by=by, versie=versie)
    for role in ("thema_eigenaar", "auditor"):
        with pytest.raises(PermissionDenied, match="vaststelling"):
            services.adopt(by=a.members[role], versie=versie, on=localdate(), body="College", reference="")
    services.adopt(by=a.members["bestuurder"], versie=versie, on=localdate(), body="College", reference="")
    assert KaderVersie.objects.get(pk=versie.pk).status == Status.VASTGESTELD


def test_a_thema_eigenaar_changes_only_rows_of_their_own_themes(a: Any) -> None:
    versie = services.start_kader(by=coordinator(a))
    ciso = a.members["thema_eigenaar"]  # owns informatiebeveiliging
    own = WetOfNorm.objects.filter(versie=versie, thema="informatiebeveiliging").first()
    other = WetOfNorm.objects.filter(versie=versie, thema="brandveiligheid").first()
    assert own is not None and other is not None
    services.edit_part(by=ciso, obj=own, expected_version=own.version, van_toepassing=True)
    with pytest.raises(services.NotYourTheme):
        services.edit_part(by=ciso, obj=other, expected_version=other.version, van_toepassing=True)
    with pytest.raises(services.NotYourTheme):  # nor move their own row into another theme
        services.edit_part(by=ciso, obj=own, expected_version=own.version + 1, thema="integriteit")
    with pytest.raises(services.NotYourTheme):
        services.add_part(by=ciso, versie=versie, model=Deelplan, thema="integriteit", titel="Gedragscode")
    with pytest.raises(services.NotYourTheme):
        services.delete_part(by=ciso, obj=other, expected_version=other.version)
    # shared parts: every editor
    services.add_part(by=ciso, versie=versie, model=Mensgroep, soort="derden") if not Mensgroep.objects.filter(
        versie=versie, soort="derden"
    ).exists() else None
    assert WetOfNorm.objects.get(pk=other.pk).van_toepassing is None
    assert WetOfNorm.objects.get(pk=own.pk).thema == "informatiebeveiliging"


def test_a_member_of_another_gemeente_is_refused_even_with_the_object_in_hand(personas: Any) -> None:
    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk), pytest.raises(PermissionDenied, match="uw gemeente"):
        services.edit(by=personas.coordinator_b, versie=versie, expected_version=versie.version, visie="Van B")


# --- the vaststelling --------------------------------------------------------------------------


def test_the_decision_date_may_not_lie_before_the_submission_or_the_previous_adoption(a: Any) -> None:
    by = coordinator(a)
    first = adopted(a)  # adopted today
    second = complete(services.new_version(by=by, from_version=first), by)
    services.submit_for_decision(by=by, versie=second)
    with pytest.raises(ValidationError) as exc:
        services.adopt(by=by, versie=second, on=localdate() - datetime.timedelta(days=3), body="Raad", reference="")
    messages = exc.value.message_dict["vastgesteld_op"]
    assert any("vóór de dag waarop de versie ter besluitvorming is aangeboden" in m for m in messages)
    assert any("vóór de vaststelling van versie 1" in m for m in messages)
    assert KaderVersie.objects.get(pk=second.pk).status == Status.TER_BESLUITVORMING


def test_a_version_that_is_not_ter_besluitvorming_cannot_be_adopted_or_sent_back(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    with pytest.raises(StateConflict, match="Versie 1 is concept; alleen een versie die ter besluitvorming ligt"):
        services.adopt(by=by, versie=versie, on=localdate(), body="College", reference="")
    with pytest.raises(StateConflict, match="teruggezet"):
        services.send_back(by=by, versie=versie)


def test_submitting_records_when_and_sending_back_clears_it(a: Any) -> None:
    by = coordinator(a)
    versie = complete(services.start_kader(by=by), by)
    services.submit_for_decision(by=by, versie=versie)
    assert KaderVersie.objects.get(pk=versie.pk).ingediend_op is not None
    with pytest.raises(StateConflict, match="ligt ter besluitvorming"):
        services.edit(by=by, versie=versie, expected_version=versie.version, visie="Nog even")
    services.send_back(by=by, versie=versie)
    assert KaderVersie.objects.get(pk=versie.pk).ingediend_op is None


# --- the responsibility matrix ------------------------------------------------------------------


def test_an_activity_has_exactly_one_eindverantwoordelijke(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    services.add_part(by=by, versie=versie, model=Verantwoordelijkheid, rol="Directie", activiteit="Audit", aard="A")
    with pytest.raises(ValidationError, match="al een eindverantwoordelijke"):
        services.add_part(by=by, versie=versie, model=Verantwoordelijkheid, rol="College", activiteit="Audit", aard="A")
    cel = services.add_part(
        by=by, versie=versie, model=Verantwoordelijkheid, rol="College", activiteit="Audit", aard="I"
    )
    with pytest.raises(ValidationError, match="al een eindverantwoordelijke"):
        services.edit_part(by=by, obj=cel, expected_version=cel.version, aard="A")
    assert Verantwoordelijkheid.objects.filter(versie=versie, aard="A").count() == 1


def test_a_role_typed_in_another_case_joins_the_existing_column(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    services.add_part(by=by, versie=versie, model=Verantwoordelijkheid, rol="Auditor", activiteit="Audit", aard="R")
    cel = services.add_part(
        by=by, versie=versie, model=Verantwoordelijkheid, rol="  auditor ", activiteit="JAARPLAN", aard="C"
    )
    assert cel.rol == "Auditor"
    with pytest.raises(ValidationError, match="al een aandeel"):
        services.add_part(by=by, versie=versie, model=Verantwoordelijkheid, rol="AUDITOR", activiteit="audit", aard="I")
    assert sorted(set(Verantwoordelijkheid.objects.filter(versie=versie).values_list("rol", flat=True))) == ["Auditor"]


# --- rules of the parts live on their models ----------------------------------------------------


def test_the_rules_of_a_part_come_from_its_model(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    wet = WetOfNorm.objects.filter(versie=versie).first()
    assert wet is not None
    with pytest.raises(ValidationError) as exc:
        services.edit_part(by=by, obj=wet, expected_version=wet.version, van_toepassing=False, reden="  ")
    assert "reden" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_part(by=by, versie=versie, model=Deelplan, thema="integriteit", titel="X", status="vastgesteld")
    assert "link" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.add_part(
            by=by, versie=versie, model=Deelplan, thema="integriteit", titel="X", bestand=("x.exe", b"MZ")
        )
    assert "bestand" in exc.value.message_dict
    doel = Doel.objects.filter(versie=versie, sleutel__isnull=False).first()
    assert doel is not None
    with pytest.raises(ValidationError, match="startset verwijdert u niet"):
        services.delete_part(by=by, obj=doel, expected_version=doel.version)
    fase = PdcaFase.objects.filter(versie=versie).first()
    assert fase is not None
    with pytest.raises(ValidationError, match="kan niet worden verwijderd"):
        services.delete_part(by=by, obj=fase, expected_version=fase.version)
    with pytest.raises(ValidationError):
        services.add_part(by=by, versie=versie, model=PdcaFase, fase="plan")
    assert not Deelplan.objects.filter(versie=versie).exists()


def test_the_legal_framework_starts_with_the_current_laws_and_says_what_they_replaced(a: Any) -> None:
    versie = services.start_kader(by=coordinator(a))
    names = set(WetOfNorm.objects.filter(versie=versie).values_list("naam", flat=True))
    for repealed in ("Bouwbesluit 2012", "Besluit omgevingsrecht", "Richtlijn (EU) 2016/1148 (NIB)"):
        assert repealed not in names
    bbl = WetOfNorm.objects.get(versie=versie, naam="Besluit bouwwerken leefomgeving (Bbl)")
    assert bbl.vervangt is not None and "Bouwbesluit 2012" in bbl.vervangt
    nis2 = WetOfNorm.objects.get(versie=versie, naam__startswith="Richtlijn (EU) 2022/2555 (NIS2)")
    assert nis2.vervangt is not None and "2016/1148" in nis2.vervangt


# --- how far a version is -----------------------------------------------------------------------


def test_each_open_point_names_its_step_and_place_and_the_next_step_is_the_first_unfinished(a: Any) -> None:
    by = coordinator(a)
    versie = services.start_kader(by=by)
    states = progress.steps(versie)
    assert [s.stap.key for s in states] == ["visie", "scope", "doelen", "uitgangspunten", "kwaliteitssysteem"]
    visie = states[0]
    assert [p.anchor for p in visie.open_points] == ["id_visie", "id_visie_onderbouwing"]
    assert progress.next_step(states) == visie
    versie = complete(versie, by)
    for activiteit in StapActiviteit.objects.filter(versie=versie):
        services.mark_activity(by=by, activiteit=activiteit, on=localdate())
    states = progress.steps(versie)
    assert all(state.complete for state in states)
    assert progress.next_step(states) is None


def test_the_standing_of_a_kader_names_its_open_and_its_adopted_version(a: Any) -> None:
    by = coordinator(a)
    assert not progress.standing(by).started
    first = adopted(a)
    assert progress.standing(by) == progress.Standing(open=None, adopted=first)
    second = services.new_version(by=by, from_version=first)
    now = progress.standing(by)
    assert (now.open, now.adopted, now.started) == (second, first, True)
