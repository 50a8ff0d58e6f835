"""The pages of the quickscan: the grid per role, saving beside others without overwriting them, one cell,
completing and removing with confirmation, the development over time, the levels and questions, and
actions from a scan."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Verbeteractie
from lib import tenancy
from quickscan import services
from quickscan.models import Niveau, Quickscan, Score, Status

from . import world

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def client_of(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def stored(personas: Any, scan: Quickscan, thema: str = "informatiebeveiliging", aspect: str = "beleid") -> Score:
    with world.bound(personas):
        return Score.objects.get(scan=scan, thema=thema, aspect=aspect)


def grid(scan: Quickscan, personas: Any, **levels: Any) -> dict[str, Any]:
    """The grid as the coördinator's browser posts it: every cell with the level it showed, changed by ``levels``."""
    with world.bound(personas):
        cells = {f"{s.thema}__{s.aspect}": s.niveau for s in Score.objects.filter(scan=scan)}
    data: dict[str, Any] = {}
    for name, level in cells.items():
        data[name] = "" if level is None else str(level)
        data[f"was_{name}"] = data[name]
    data.update({name: str(level) for name, level in levels.items()})
    return data


def test_a_reader_sees_level_names_averages_and_each_change_in_words(personas: Any) -> None:
    scan = world.concept(personas)
    response = client_of(personas, "bestuurder").get(reverse("quickscan:scan", args=[scan.pk]))
    text = page(response)
    assert response.status_code == 200
    assert "4 Beheerst" in text and "gestegen (was 2)" in text  # informatiebeveiliging × beleid was raised
    assert "gelijk gebleven" in text and "Quickscan vorig halfjaar" in text
    assert "Gemiddeld" in text and "<select" not in text  # a reader fills in nothing


def test_the_coordinator_fills_in_the_grid_and_it_is_recorded_in_the_history(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:scan", args=[scan.pk])
    assert 'name="continuiteit__monitoring"' in page(client.get(url))
    response = client.post(url, grid(scan, personas, continuiteit__monitoring=5))
    assert response.status_code == 302
    assert stored(personas, scan, "continuiteit", "monitoring").niveau == 5
    with world.bound(personas):
        events = apps.get_model("quickscan", "ScoreEvent").objects.filter(
            pgh_obj_id=stored(personas, scan, "continuiteit", "monitoring").pk
        )
        assert events.order_by("pgh_id").last().pgh_context["action"] == "quickscan.scoren"


def test_a_thema_eigenaar_fills_in_only_the_rows_of_their_themes(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "thema_eigenaar")
    url = reverse("quickscan:scan", args=[scan.pk])
    text = page(client.get(url))
    assert 'name="informatiebeveiliging__monitoring"' in text and 'name="integriteit__beleid"' not in text
    data = grid(scan, personas, informatiebeveiliging__monitoring=5, integriteit__beleid=1)
    assert client.post(url, data).status_code == 302
    assert stored(personas, scan, "informatiebeveiliging", "monitoring").niveau == 5
    assert stored(personas, scan, "integriteit", "beleid").niveau == world.trap("integriteit", "beleid")


def test_a_cell_saved_meanwhile_by_someone_else_is_kept_and_a_clash_on_the_same_cell_is_shown(personas: Any) -> None:
    scan = world.concept(personas)
    opened = grid(scan, personas)  # the coördinator opens the page
    owner = personas.members["thema_eigenaar"]
    with world.bound(personas, "thema_eigenaar"):
        current = Quickscan.objects.get(pk=scan.pk)
        services.scoren(
            by=owner,
            scan=current,
            expected_version=current.version,
            scores={("informatiebeveiliging", "organisatie"): {"niveau": 5}},
        )
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:scan", args=[scan.pk])
    other_cell = {**opened, "continuiteit__beleid": "4"}
    assert client.post(url, other_cell).status_code == 302  # someone else's cell: no clash
    assert stored(personas, scan, "informatiebeveiliging", "organisatie").niveau == 5
    assert stored(personas, scan, "continuiteit", "beleid").niveau == 4
    same_cell = {**opened, "informatiebeveiliging__organisatie": "1"}
    response = client.post(url, same_cell)
    text = page(response)
    assert response.status_code == 400
    assert "Iemand anders heeft intussen een of meer van dezelfde cellen gescoord" in text
    assert "Nu opgeslagen:</strong> 5 Geoptimaliseerd" in text
    assert stored(personas, scan, "informatiebeveiliging", "organisatie").niveau == 5
    again = client.post(url, {**same_cell, "was_informatiebeveiliging__organisatie": "5"})
    assert again.status_code == 302  # the member saw what is stored, and chose to go over it
    assert stored(personas, scan, "informatiebeveiliging", "organisatie").niveau == 1


def test_a_level_that_does_not_exist_is_refused_in_dutch(personas: Any) -> None:
    scan = world.concept(personas)
    url = reverse("quickscan:scan", args=[scan.pk])
    response = client_of(personas, "coordinator").post(url, grid(scan, personas, continuiteit__beleid=9))
    assert response.status_code == 400
    assert "Kies een van de niveaus." in page(response)
    assert stored(personas, scan, "continuiteit", "beleid").niveau == world.trap("continuiteit", "beleid")


def test_a_completed_scan_shows_no_grid_and_refuses_a_post(personas: Any) -> None:
    scan = world.afgerond(personas)
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:scan", args=[scan.pk])
    assert "<select" not in page(client.get(url))
    response = client.post(url, grid(scan, personas, continuiteit__beleid=5), follow=True)
    assert "Deze quickscan is afgerond" in page(response)
    assert stored(personas, scan, "continuiteit", "beleid").niveau == world.trap("continuiteit", "beleid")


def test_the_cell_page_keeps_level_aim_and_explanation_and_refuses_a_stale_save(personas: Any) -> None:
    scan = world.concept(personas)
    cel = stored(personas, scan)
    client = client_of(personas, "thema_eigenaar")
    url = reverse("quickscan:score", args=[cel.pk])
    text = page(client.get(url))
    assert "Vorige keer" in text and "2 Herhaalbaar in" in text and "Quickscan vorig halfjaar" in text
    data = {"niveau": "3", "gewenst_niveau": "4", "toelichting": "Beleid ligt bij het college.", "version": cel.version}
    assert client.post(url, data).status_code == 302
    changed = stored(personas, scan)
    assert (changed.niveau, changed.gewenst_niveau, changed.toelichting) == (3, 4, "Beleid ligt bij het college.")
    stale = client.post(url, {**data, "niveau": "1"})  # the version the page was opened with
    assert stale.status_code == 400 and "Iemand anders heeft dit intussen gewijzigd" in page(stale)
    assert stored(personas, scan).niveau == 3


def test_another_theme_s_cell_is_read_only_for_a_thema_eigenaar(personas: Any) -> None:
    scan = world.concept(personas)
    cel = stored(personas, scan, "integriteit")
    client = client_of(personas, "thema_eigenaar")
    url = reverse("quickscan:score", args=[cel.pk])
    assert 'name="niveau"' not in page(client.get(url))
    assert client.post(url, {"niveau": "5", "version": cel.version}).status_code == 403
    assert stored(personas, scan, "integriteit").niveau == cel.niveau


def test_completing_asks_confirmation_and_first_lists_the_cells_still_empty(personas: Any) -> None:
    by = personas.members["coordinator"]
    with world.bound(personas):
        scan = services.start(by=by, titel="Quickscan leeg", peildatum=TODAY)
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:afronden", args=[scan.pk])
    text = page(client.get(url))
    assert "Nog niet gescoord (30)" in text and "Ja, afronden" not in text
    refused = client.post(url, {"version": scan.version})
    assert refused.status_code == 400 and "Nog niet gescoord (30 van 30)" in page(refused)
    with world.bound(personas):
        services.scoren(
            by=by, scan=scan, expected_version=scan.version, scores={c: {"niveau": 2} for c in services.CELLEN}
        )
        scan = Quickscan.objects.get(pk=scan.pk)
    assert "Ja, afronden" in page(client.get(url))
    assert client.post(url, {"version": scan.version}).status_code == 302
    with world.bound(personas):
        done = Quickscan.objects.get(pk=scan.pk)
    assert (done.status, done.afgerond_op) == (Status.AFGEROND, TODAY)
    assert "Afgerond op" in page(client.get(reverse("quickscan:scan", args=[scan.pk])))


def test_a_thema_eigenaar_is_told_that_only_the_coordinator_completes_or_removes(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "thema_eigenaar")
    for name in ("afronden", "verwijderen", "gegevens"):
        url = reverse(f"quickscan:{name}", args=[scan.pk])
        assert "Alleen de coördinator" in page(client.get(url))
        assert client.post(url, {"version": scan.version, "titel": "x"}).status_code == 403
    with world.bound(personas):
        assert Quickscan.objects.get(pk=scan.pk).status == Status.CONCEPT


def test_removing_a_concept_asks_confirmation_first(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:verwijderen", args=[scan.pk])
    assert "Weet u zeker" in page(client.get(url))
    stale = client.post(url, {"version": scan.version - 1})
    assert stale.status_code == 409 and "Iemand anders" in page(stale)
    assert client.post(url, {"version": scan.version}).status_code == 302
    with world.bound(personas):
        assert not Quickscan.objects.filter(pk=scan.pk).exists()


def test_a_new_scan_is_started_from_the_last_completed_one_and_a_second_concept_is_refused(personas: Any) -> None:
    world.afgerond(personas)
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:nieuw")
    assert "Quickscan vorig halfjaar" in page(client.get(url))
    data = {"titel": "Quickscan 2027", "peildatum": TODAY.isoformat(), "vanaf_vorige": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    with world.bound(personas):
        made = Quickscan.objects.get(titel="Quickscan 2027")
    assert stored(personas, made, "integriteit").niveau == world.trap("integriteit", "beleid")
    assert "Er loopt al een quickscan in concept" in page(client.get(url))
    assert client.post(url, {**data, "titel": "Nog een"}).status_code == 403


def test_the_title_of_a_new_scan_is_required(personas: Any) -> None:
    response = client_of(personas, "coordinator").post(
        reverse("quickscan:nieuw"), {"titel": "", "peildatum": TODAY.isoformat()}
    )
    assert response.status_code == 400 and "Geef de quickscan een titel." in page(response)
    with world.bound(personas):
        assert not Quickscan.objects.exists()


def test_the_development_shows_the_averages_per_theme_with_bars_and_what_went_down(personas: Any) -> None:
    world.maak_afgerond(personas, TODAY - datetime.timedelta(days=400), titel="Eerste", level=lambda t, a: 2)
    world.maak_afgerond(
        personas,
        TODAY - datetime.timedelta(days=30),
        titel="Tweede",
        level=lambda t, a: 1 if (t, a) == ("continuiteit", "bewustwording") else 3,
    )
    response = client_of(personas, "auditor").get(reverse("quickscan:ontwikkeling"))
    text = page(response)
    assert response.status_code == 200
    assert text.index("Eerste") < text.index("Tweede")  # oldest first
    assert "2,0" in text and "2,7" in text  # continuïteit: (3 × 5 + 1) / 6
    assert 'aria-hidden="true"' in text
    assert "Continuïteit – Bewustwording" in text and "2 in Eerste" in text


def test_the_coordinator_renames_a_level_and_a_stale_settings_form_shows_what_is_stored(personas: Any) -> None:
    client = client_of(personas, "coordinator")
    url = reverse("quickscan:instellingen")
    opened = client.get(url)
    assert opened.status_code == 200
    form = opened.context["form"]
    data = {name: form[name].value() for name in form.fields}
    assert client.post(url, {**data, "naam_3": "Vastgelegd"}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Niveau.objects.get(nummer=3).naam == "Vastgelegd"
    stale = client.post(url, {**data, "naam_3": "Afgesproken"})
    assert stale.status_code == 400
    assert "Nu opgeslagen (door een ander gewijzigd)" in page(stale) and "Vastgelegd" in page(stale)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Niveau.objects.get(nummer=3).naam == "Vastgelegd"
    assert client.get(reverse("quickscan:standaard")).status_code == 200
    shown = client.get(reverse("quickscan:standaard")).context["versies"]
    assert client.post(reverse("quickscan:standaard"), {"versies": shown}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Niveau.objects.get(nummer=3).naam == "Gedefinieerd"


def test_an_action_made_from_a_cell_is_listed_on_the_scan(personas: Any) -> None:
    scan = world.concept(personas)
    cel = stored(personas, scan)
    client = client_of(personas, "thema_eigenaar")
    data = {
        "titel": "Beleid laten vaststellen",
        "resultaat": "Het college stelde het beleid vast",
        "eigenaar": str(personas.members["thema_eigenaar"].pk),
        "deadline": (TODAY + datetime.timedelta(days=60)).isoformat(),
        "thema": "informatiebeveiliging",
        "toelichting": "",
    }
    assert client.post(reverse("quickscan:actie", args=[cel.pk]), data).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        actie = Verbeteractie.objects.get()
    assert (actie.bron, actie.bron_id) == ("quickscan", scan.pk)
    assert "Beleid laten vaststellen" in page(client.get(reverse("quickscan:scan", args=[scan.pk])))
    assert f'href="/quickscan/{scan.pk}"' in page(client.get(reverse("acties:actie", args=[actie.pk])))


def test_a_member_of_another_gemeente_finds_nothing(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "coordinator_b")
    for url in (
        reverse("quickscan:scan", args=[scan.pk]),
        reverse("quickscan:score", args=[stored(personas, scan).pk]),
    ):
        assert client.get(url).status_code == 404
    assert "Quickscan dit jaar" not in page(client.get(reverse("quickscan:overzicht")))


def test_the_history_names_what_was_done_to_a_scan_in_dutch(personas: Any) -> None:
    scan = world.concept(personas)
    client = client_of(personas, "coordinator")
    client.post(reverse("quickscan:scan", args=[scan.pk]), grid(scan, personas, integriteit__beleid=5))
    text = page(client.get(reverse("audit:history")))
    assert "Scores van een quickscan ingevuld" in text and "Quickscan volwassenheid gestart" in text
