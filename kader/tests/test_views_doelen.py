"""Step 3 of the kader: mark, rewrite and add beveiligingsdoelen on a concept version."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse

from kader.models import Doel
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

from .test_views import BASE, adopted_version, client_for, step_url

pytestmark = pytest.mark.django_db


def doelen_of(personas: Any, versie: Any) -> list[Doel]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(Doel.objects.filter(versie=versie).order_by("volgorde"))


def edit_url(doel: Doel) -> str:
    return reverse("kader:part_edit", kwargs={"part": "doelen", "pk": doel.pk})


def add_url(versie: Any) -> str:
    return reverse("kader:part_add", kwargs={"pk": versie.pk, "part": "doelen"})


def add_data(**data: Any) -> dict[str, Any]:
    return {f"nieuw-doelen-{name}": value for name, value in data.items()}


def edit_data(doel: Doel, **changes: Any) -> dict[str, Any]:
    data = {"relevant": "ja", "titel": doel.titel, "toelichting": "Eigen woorden.", "version": doel.version}
    data.update(changes)
    return {f"{doel.pk}-{name}": value for name, value in data.items()}


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar"])
def test_editors_mark_and_rewrite_a_goal_and_history_records_it(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, role)
    page = client.get(step_url(versie, "doelen")).content.decode()
    assert edit_url(doel) in page and "Beveiligingsdoel toevoegen" in page
    form = client.get(edit_url(doel)).content.decode()
    assert "Opslaan" in form and f'name="{doel.pk}-titel"' in form
    response = client.post(edit_url(doel), edit_data(doel, titel="Ontmoedigen van daders"), follow=True)
    assert response.redirect_chain[-1][0] == step_url(versie, "doelen") + f"#doelen-{doel.pk}"
    assert "is opgeslagen" in response.content.decode()
    saved = doelen_of(personas, versie)[0]
    assert (saved.titel, saved.toelichting, saved.relevant, saved.version) == (
        "Ontmoedigen van daders",
        "Eigen woorden.",
        True,
        doel.version + 1,
    )
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = apps.get_model("kader", "DoelEvent").objects.filter(pgh_obj_id=doel.pk, pgh_label="update").get()
    assert event.titel == "Ontmoedigen van daders"
    assert event.pgh_context["user"] == personas.user(role).pk
    assert event.pgh_context["action"] == "kader.edit.doelen"


def test_a_goal_can_be_marked_not_relevant_and_back_to_undecided(personas: Any) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[1]
    client = client_for(personas, "coordinator")
    client.post(edit_url(doel), edit_data(doel, relevant="nee"))
    assert doelen_of(personas, versie)[1].relevant is False
    client.post(edit_url(doel), edit_data(doel, relevant="", version=doel.version + 1))
    assert doelen_of(personas, versie)[1].relevant is None


def test_an_editor_adds_an_own_goal(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    response = client.post(
        add_url(versie), add_data(titel="Beschermen van evenementen", toelichting="", relevant="ja"), follow=True
    )
    assert "is toegevoegd" in response.content.decode()
    doelen = doelen_of(personas, versie)
    assert len(doelen) == 10
    eigen = doelen[-1]
    assert (eigen.titel, eigen.sleutel, eigen.relevant, eigen.toelichting) == (
        "Beschermen van evenementen",
        None,
        True,
        None,
    )
    assert "<strong>Beschermen van evenementen</strong> — relevant (eigen doel)" in response.content.decode()


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_see_no_forms_and_may_not_post(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, role)
    page = client.get(step_url(versie, "doelen")).content.decode()
    assert "Wijzigen" not in page and "Beveiligingsdoel toevoegen" not in page
    assert client.post(edit_url(doel), edit_data(doel, titel="Van een lezer")).status_code == 403
    assert client.post(add_url(versie), add_data(titel="Van een lezer")).status_code == 403
    assert [d.titel for d in doelen_of(personas, versie)] == [d.titel for d in doelen_of(personas, versie)[:9]]
    assert doelen_of(personas, versie)[0].titel == doel.titel


def test_gemeente_b_gets_404_on_the_goals_of_a(personas: Any) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, "coordinator_b")
    assert client.post(edit_url(doel), edit_data(doel, titel="Overname")).status_code == 404
    assert client.post(add_url(versie), add_data(titel="Overname")).status_code == 404
    assert doelen_of(personas, versie)[0].titel == doel.titel
    assert len(doelen_of(personas, versie)) == 9


def test_a_stale_edit_is_refused_with_a_dutch_message(personas: Any) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, "coordinator")
    client.post(edit_url(doel), edit_data(doel, titel="Eerste wijziging"))
    response = client.post(edit_url(doel), edit_data(doel, titel="Tweede wijziging"), follow=True)
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert doelen_of(personas, versie)[0].titel == "Eerste wijziging"


def test_an_empty_or_duplicate_title_is_refused_and_nothing_is_stored(personas: Any) -> None:
    versie = personas.kader_of()
    doelen = doelen_of(personas, versie)
    client = client_for(personas, "coordinator")
    response = client.post(edit_url(doelen[0]), edit_data(doelen[0], titel="  "), follow=True)
    assert "Geef het doel een titel." in response.content.decode()
    response = client.post(add_url(versie), add_data(titel="", toelichting="Zonder titel"), follow=True)
    assert "Geef het doel een titel." in response.content.decode()
    response = client.post(edit_url(doelen[0]), edit_data(doelen[0], titel=doelen[1].titel), follow=True)
    assert "Er is al een beveiligingsdoel met deze titel." in response.content.decode()
    response = client.post(add_url(versie), add_data(titel=doelen[1].titel), follow=True)
    assert "Er is al een beveiligingsdoel met deze titel." in response.content.decode()
    assert [(d.titel, d.version) for d in doelen_of(personas, versie)] == [(d.titel, d.version) for d in doelen]


def test_the_goals_of_an_adopted_version_cannot_be_changed(personas: Any) -> None:
    versie = adopted_version(personas)
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, "coordinator")
    page = client.get(step_url(versie, "doelen")).content.decode()
    assert "Wijzigen" not in page and "Beveiligingsdoel toevoegen" not in page
    frozen = "Versie 1 is vastgesteld en kan niet meer worden gewijzigd"
    response = client.post(edit_url(doel), edit_data(doel, titel="Na vaststelling"), follow=True)
    assert frozen in response.content.decode()
    response = client.post(add_url(versie), add_data(titel="Na vaststelling"), follow=True)
    assert frozen in response.content.decode()
    doelen = doelen_of(personas, versie)
    assert len(doelen) == 9 and doelen[0].titel == doel.titel


def test_query_counts_of_the_goal_actions(personas: Any, django_assert_num_queries: Any) -> None:
    versie = personas.kader_of()
    doel = doelen_of(personas, versie)[0]
    client = client_for(personas, "coordinator")
    # goal + version, the two unique checks (title, starting-set key), versioned UPDATE (pghistory
    # context in the same statement), in the view's and the service's savepoint + release
    with django_assert_num_queries(BASE + 8):
        assert client.post(edit_url(doel), edit_data(doel, titel="Nieuw")).status_code == 302
    # version, highest order number, unique-title check, INSERT (pghistory context in the same
    # statement), in the view's and the service's savepoint + release
    with django_assert_num_queries(BASE + 8):
        assert client.post(add_url(versie), add_data(titel="Eigen")).status_code == 302
