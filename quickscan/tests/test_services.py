"""The services of the quickscan: a scan from start to completion, who scores what, stale edits, the frozen
completed scan (services and database), the levels and questions, and actions from improvement points."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from acties.models import Verbeteractie
from lib.concurrency import StaleVersionError
from lib.errors import NotYourTheme, StateConflict
from quickscan import services
from quickscan.content import NIVEAUS, VRAGEN
from quickscan.models import Aspectvraag, Niveau, Quickscan, Score, Status

from . import world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def fresh(scan: Quickscan) -> Quickscan:
    return Quickscan.objects.get(pk=scan.pk)


def cell(scan: Quickscan, thema: str = "informatiebeveiliging", aspect: str = "beleid") -> Score:
    return Score.objects.get(scan=scan, thema=thema, aspect=aspect)


def start(personas: Any, **fields: Any) -> Quickscan:
    values = {"titel": "Quickscan najaar", "peildatum": TODAY, **fields}
    return services.start(by=personas.members["coordinator"], **values)


def fill(personas: Any, scan: Quickscan, level: int = 3) -> Quickscan:
    scores = {c: {"niveau": level} for c in services.CELLEN}
    services.scoren(by=personas.members["coordinator"], scan=scan, expected_version=scan.version, scores=scores)
    return fresh(scan)


def test_the_coordinator_starts_a_scan_with_every_cell_empty_and_the_history_names_them(personas: Any) -> None:
    with world.bound(personas):
        scan = start(personas)
        cells = list(Score.objects.filter(scan=scan))
        (event,) = apps.get_model("quickscan", "QuickscanEvent").objects.filter(pgh_obj_id=scan.pk)
    assert (scan.status, len(cells)) == (Status.CONCEPT, 30)
    assert all(c.niveau is None for c in cells)
    assert event.pgh_context["user"] == personas.members["coordinator"].user_id
    assert event.pgh_context["action"] == "quickscan.start"


def test_a_new_scan_starts_from_the_scores_of_the_latest_completed_one(personas: Any) -> None:
    vorige = world.afgerond(personas)  # of half a year ago: the latest
    world.maak_afgerond(personas, TODAY - datetime.timedelta(days=700), titel="Oud", level=lambda t, a: 1)
    with world.bound(personas):
        scan = start(personas, vanaf_vorige=True)
        copied = {c.cel: c.niveau for c in Score.objects.filter(scan=scan)}
    assert copied == {(t, a): world.trap(t, a) for t, a in world.CELLEN}
    assert vorige.titel == "Quickscan vorig halfjaar"


def test_starting_from_the_previous_scan_without_one_is_refused_in_dutch(personas: Any) -> None:
    with world.bound(personas), pytest.raises(ValidationError, match="nog geen afgeronde quickscan"):
        start(personas, vanaf_vorige=True)
    with world.bound(personas):
        assert not Quickscan.objects.exists()


def test_only_one_scan_is_in_concept_at_a_time(personas: Any) -> None:
    with world.bound(personas):
        start(personas)
        with pytest.raises(ValidationError, match="al een quickscan in concept"):
            start(personas, titel="Nog een")
        assert Quickscan.objects.count() == 1


@pytest.mark.parametrize(
    ("peildatum", "message"),
    [
        (TODAY - datetime.timedelta(days=11 * 366), "hoogstens tien jaar geleden"),
        (TODAY + datetime.timedelta(days=3 * 366), "hoogstens twee jaar vooruit"),
    ],
)
def test_a_peildatum_far_from_today_is_refused(personas: Any, peildatum: datetime.date, message: str) -> None:
    with world.bound(personas), pytest.raises(ValidationError, match=message):
        start(personas, peildatum=peildatum)


def test_a_thema_eigenaar_scores_only_the_rows_of_their_themes(personas: Any) -> None:
    scan = world.concept(personas)
    owner = personas.members["thema_eigenaar"]  # informatiebeveiliging
    with world.bound(personas, "thema_eigenaar"):
        services.scoren(
            by=owner,
            scan=scan,
            expected_version=scan.version,
            scores={("informatiebeveiliging", "organisatie"): {"niveau": 5}},
        )
        scan = fresh(scan)
        with pytest.raises(NotYourTheme, match="alleen de rijen van uw eigen thema"):
            services.scoren(
                by=owner,
                scan=scan,
                expected_version=scan.version,
                scores={("informatiebeveiliging", "beleid"): {"niveau": 1}, ("integriteit", "beleid"): {"niveau": 5}},
            )
        assert cell(scan, aspect="organisatie").niveau == 5
        assert cell(scan).niveau == 4  # nothing of the refused save
        assert cell(scan, "integriteit").niveau == world.trap("integriteit", "beleid")


def test_a_thema_eigenaar_does_not_start_change_complete_or_remove_a_scan(personas: Any) -> None:
    scan = world.concept(personas)
    owner = personas.members["thema_eigenaar"]
    with world.bound(personas, "thema_eigenaar"):
        attempts = [
            lambda: services.start(by=owner, titel="x", peildatum=TODAY),
            lambda: services.wijzig(by=owner, scan=scan, expected_version=scan.version, titel="x"),
            lambda: services.afronden(by=owner, scan=scan, expected_version=scan.version),
            lambda: services.verwijder(by=owner, scan=scan, expected_version=scan.version),
        ]
        for attempt in attempts:
            with pytest.raises(PermissionDenied, match="Alleen de coördinator"):
                attempt()
        assert fresh(scan).status == Status.CONCEPT and fresh(scan).titel == "Quickscan dit jaar"


def test_readers_and_other_gemeenten_score_nothing(personas: Any) -> None:
    scan = world.concept(personas)
    change = {("integriteit", "beleid"): {"niveau": 5}}
    with world.bound(personas, "bestuurder"), pytest.raises(PermissionDenied, match="Alleen een coördinator"):
        services.scoren(by=personas.members["bestuurder"], scan=scan, expected_version=scan.version, scores=change)
    with world.bound(personas), pytest.raises(PermissionDenied, match="niet bij uw gemeente"):
        services.scoren(by=personas.coordinator_b, scan=scan, expected_version=scan.version, scores=change)
    with world.bound(personas):
        assert cell(scan, "integriteit").niveau == world.trap("integriteit", "beleid")


def test_a_stale_version_overwrites_nothing(personas: Any) -> None:
    scan = world.concept(personas)
    by = personas.members["coordinator"]
    with world.bound(personas):
        opened = scan.version
        services.scoren(by=by, scan=scan, expected_version=opened, scores={("continuiteit", "beleid"): {"niveau": 5}})
        with pytest.raises(StaleVersionError):
            services.scoren(
                by=by, scan=fresh(scan), expected_version=opened, scores={("continuiteit", "beleid"): {"niveau": 1}}
            )
        assert cell(scan, "continuiteit").niveau == 5


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"niveau": 6}, "Kies een niveau van 1 tot en met 5"),
        ({"niveau": 0}, "Kies een niveau van 1 tot en met 5"),
        ({"gewenst_niveau": 9}, "Kies een niveau van 1 tot en met 5"),
        ({"toelichting": "x" * 2001}, "2000"),
    ],
)
def test_a_bad_score_is_refused_in_dutch(personas: Any, fields: dict[str, Any], message: str) -> None:
    scan = world.concept(personas)
    with world.bound(personas), pytest.raises(ValidationError, match=message):
        services.scoren(
            by=personas.members["coordinator"],
            scan=scan,
            expected_version=scan.version,
            scores={("continuiteit", "beleid"): fields},
        )
    with world.bound(personas):
        assert fresh(scan).version == scan.version


def test_completing_needs_every_cell_and_names_the_missing_ones(personas: Any) -> None:
    by = personas.members["coordinator"]
    with world.bound(personas):
        scan = start(personas)
        scores = {c: {"niveau": 2} for c in services.CELLEN[2:]}
        services.scoren(by=by, scan=scan, expected_version=scan.version, scores=scores)
        scan = fresh(scan)
        with pytest.raises(ValidationError) as refused:
            services.afronden(by=by, scan=scan, expected_version=scan.version)
        assert (
            "Nog niet gescoord (2 van 30): Informatiebeveiliging – Beleid, Informatiebeveiliging – Organisatie."
            in (refused.value.messages[0])
        )
        assert (fresh(scan).status, fresh(scan).version) == (Status.CONCEPT, scan.version)


def test_a_scan_is_completed_on_or_after_its_peildatum(personas: Any) -> None:
    by = personas.members["coordinator"]
    with world.bound(personas):
        scan = fill(personas, start(personas, peildatum=TODAY + datetime.timedelta(days=30)))
        with pytest.raises(ValidationError, match="peildatum ligt na vandaag"):
            services.afronden(by=by, scan=scan, expected_version=scan.version)
        assert fresh(scan).status == Status.CONCEPT


def test_a_completed_scan_never_changes_neither_through_the_services_nor_in_the_database(personas: Any) -> None:
    by = personas.members["coordinator"]
    with world.bound(personas):
        scan = fill(personas, start(personas))
        services.afronden(by=by, scan=scan, expected_version=scan.version)
        scan = fresh(scan)
        assert (scan.status, scan.afgerond_op, scan.afgerond_door_id) == (Status.AFGEROND, TODAY, by.pk)
        one = cell(scan)
        for attempt in (
            lambda: services.scoren(
                by=by, scan=scan, expected_version=scan.version, scores={("integriteit", "beleid"): {"niveau": 1}}
            ),
            lambda: services.wijzig_score(by=by, score=one, expected_version=one.version, niveau=1),
            lambda: services.wijzig(by=by, scan=scan, expected_version=scan.version, titel="Anders"),
            lambda: services.verwijder(by=by, scan=scan, expected_version=scan.version),
        ):
            with pytest.raises(StateConflict, match="afgerond"):
                attempt()
        for raw in (
            lambda: Score.objects.filter(scan=scan).update(niveau=1),
            lambda: Score.objects.filter(pk=one.pk).delete(),
            lambda: Quickscan.objects.filter(pk=scan.pk).update(titel="Anders"),
            lambda: Quickscan.objects.filter(pk=scan.pk).delete(),
        ):
            with pytest.raises(IntegrityError, match="afgeronde quickscan"), transaction.atomic():
                raw()
        assert cell(scan).niveau == 3 and fresh(scan).titel == "Quickscan najaar"


def test_the_member_who_completed_a_scan_may_leave_it_but_nobody_else_takes_their_place(personas: Any) -> None:
    scan = world.afgerond(personas)
    with world.bound(personas):
        with pytest.raises(IntegrityError), transaction.atomic():
            Quickscan.objects.filter(pk=scan.pk).update(afgerond_door=personas.members["thema_eigenaar"])
        Quickscan.objects.filter(pk=scan.pk).update(afgerond_door=None)  # what SET_NULL does
        assert fresh(scan).afgerond_door_id is None


def test_a_concept_is_removed_with_its_cells_and_its_actions_stay(personas: Any) -> None:
    scan = world.concept(personas)
    by = personas.members["coordinator"]
    with world.bound(personas):
        services.actie(
            by=by,
            scan=scan,
            titel="Beleid actualiseren",
            resultaat="Vastgesteld",
            eigenaar=by,
            deadline=TODAY + datetime.timedelta(days=30),
        )
        with pytest.raises(StaleVersionError):
            services.verwijder(by=by, scan=scan, expected_version=scan.version - 1)
        pk = scan.pk
        services.verwijder(by=by, scan=scan, expected_version=scan.version)
        assert not Quickscan.objects.filter(pk=pk).exists()
        assert not Score.objects.filter(scan_id=pk).exists()
        assert Verbeteractie.objects.filter(bron="quickscan", bron_id=pk).count() == 1


def test_an_action_from_a_cell_names_the_scan_and_takes_the_cell_s_theme(personas: Any) -> None:
    scan = world.concept(personas)
    owner = personas.members["thema_eigenaar"]
    with world.bound(personas, "thema_eigenaar"):
        actie = services.actie(
            by=owner,
            scan=scan,
            score=cell(scan),
            titel="Beleid informatiebeveiliging laten vaststellen",
            resultaat="Het college heeft het beleid vastgesteld",
            eigenaar=owner,
            deadline=TODAY + datetime.timedelta(days=60),
        )
        assert (actie.bron, actie.bron_id, actie.thema) == ("quickscan", scan.pk, "informatiebeveiliging")
        assert actie.bron_titel == "Quickscan dit jaar: Informatiebeveiliging – Beleid"
        assert actie.bron_url == f"/quickscan/{scan.pk}"
        assert services.acties_van(scan) == [actie]
        with pytest.raises(NotYourTheme):
            services.actie(
                by=owner,
                scan=scan,
                score=cell(scan, "integriteit"),
                titel="x",
                resultaat="y",
                eigenaar=owner,
                deadline=TODAY + datetime.timedelta(days=60),
            )


def test_the_levels_and_questions_are_made_on_first_use_with_the_defaults(personas: Any) -> None:
    by = personas.members["bestuurder"]
    with world.bound(personas, "bestuurder"):
        assert not Niveau.objects.exists()
        levels, questions = services.niveaus(by), services.vragen(by)
        services.niveaus(by)  # once
        assert [(n.nummer, n.naam) for n in levels] == [(k, v[0]) for k, v in NIVEAUS.items()]
        assert [v.vraag for v in questions] == list(VRAGEN.values())
        assert (Niveau.objects.count(), Aspectvraag.objects.count()) == (5, 6)
        event = apps.get_model("quickscan", "NiveauEvent").objects.first()
    assert event.pgh_context["action"] == "quickscan.inrichten"


def test_only_the_coordinator_renames_a_level_and_a_stale_rename_is_refused(personas: Any) -> None:
    coordinator, owner = personas.members["coordinator"], personas.members["thema_eigenaar"]
    with world.bound(personas):
        niveau = services.niveaus(coordinator)[2]
        with pytest.raises(PermissionDenied, match="Alleen een coördinator wijzigt de niveaus"):
            services.wijzig_niveau(by=owner, niveau=niveau, expected_version=niveau.version, naam="Vastgelegd")
        opened = niveau.version
        services.wijzig_niveau(by=coordinator, niveau=niveau, expected_version=opened, naam="Vastgelegd")
        with pytest.raises(StaleVersionError):
            services.wijzig_niveau(by=coordinator, niveau=niveau, expected_version=opened, naam="Anders")
        assert Niveau.objects.get(pk=niveau.pk).naam == "Vastgelegd"


def test_back_to_the_defaults_restores_the_levels_and_questions_as_shown(personas: Any) -> None:
    by = personas.members["coordinator"]
    with world.bound(personas):
        niveau, vraag = services.niveaus(by)[0], services.vragen(by)[0]
        services.wijzig_niveau(by=by, niveau=niveau, expected_version=niveau.version, naam="Ad hoc")
        services.wijzig_vraag(by=by, vraag=vraag, expected_version=vraag.version, tekst="Is er beleid?")
        shown = services.stand_van(services.niveaus(by), services.vragen(by))
        with pytest.raises(StaleVersionError):
            services.standaard(by=by, versies="1,1,1")
        services.standaard(by=by, versies=shown)
        assert Niveau.objects.get(nummer=1).naam == "Initieel"
        assert Aspectvraag.objects.get(aspect=vraag.aspect).vraag == VRAGEN[vraag.aspect]
