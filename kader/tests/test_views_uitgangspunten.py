"""Step 4 of the kader: uitgangspunten per group, linked to the goals they serve."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kader import services
from kader.models import Doel, Uitgangspunt, UitgangspuntDoel
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

from .test_views import BASE, adopted_version, client_for, step_url

pytestmark = pytest.mark.django_db


def doelen_of(personas: Any, versie: Any) -> list[Doel]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(Doel.objects.filter(versie=versie).order_by("volgorde"))


def punten_of(personas: Any, versie: Any) -> list[tuple[str, str, set[Any]]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return [
            (p.groep, p.tekst, {link.doel_id for link in UitgangspuntDoel.objects.filter(uitgangspunt=p)})
            for p in Uitgangspunt.objects.filter(versie=versie).order_by("groep", "tekst")
        ]


def one_punt(personas: Any, versie: Any) -> Uitgangspunt:
    by = personas.members["coordinator"]
    doel = doelen_of(personas, versie)[0]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        return services.add_part(
            versie=versie, by=by, model=Uitgangspunt, groep="beleid", tekst="Eén beleid.", doelen=[doel]
        )


def edit_data(punt: Uitgangspunt, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"groep": punt.groep, "tekst": punt.tekst, "doelen": [], "version": punt.version}
    data.update(changes)
    return {f"{punt.pk}-{name}": value for name, value in data.items()}


def edit_url(punt: Uitgangspunt) -> str:
    return reverse("kader:part_edit", kwargs={"part": "uitgangspunten", "pk": punt.pk})


def add_url(versie: Any) -> str:
    return reverse("kader:part_add", kwargs={"pk": versie.pk, "part": "uitgangspunten"})


def add_data(**data: Any) -> dict[str, Any]:
    return {f"nieuw-uitgangspunten-{name}": value for name, value in data.items()}


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar"])
def test_editors_add_an_uitgangspunt_linked_to_goals_and_the_gaps_shrink(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    doelen = doelen_of(personas, versie)
    client = client_for(personas, role)
    page = client.get(step_url(versie, "uitgangspunten")).content.decode()
    assert "Uitgangspunt toevoegen" in page and doelen[0].titel in page
    data = add_data(groep="governance", tekst="De coördinator rapporteert jaarlijks.", doelen=[doelen[0].pk])
    response = client.post(add_url(versie), data, follow=True)
    assert response.redirect_chain[-1][0] == step_url(versie, "uitgangspunten") + "#deel-uitgangspunten"
    assert "is toegevoegd" in response.content.decode()
    assert punten_of(personas, versie) == [("governance", "De coördinator rapporteert jaarlijks.", {doelen[0].pk})]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        punt = Uitgangspunt.objects.get(versie=versie)
    assert edit_url(punt) in response.content.decode()


def test_an_editor_rewrites_an_uitgangspunt_and_changes_its_goals(personas: Any) -> None:
    versie = personas.kader_of()
    punt = one_punt(personas, versie)
    doelen = doelen_of(personas, versie)
    client = client_for(personas, "coordinator")
    data = edit_data(punt, groep="draagvlak", tekst="Iedereen kent het beleid.", doelen=[doelen[1].pk, doelen[2].pk])
    response = client.post(edit_url(punt), data, follow=True)
    assert "is opgeslagen" in response.content.decode()
    assert punten_of(personas, versie) == [("draagvlak", "Iedereen kent het beleid.", {doelen[1].pk, doelen[2].pk})]
    response = client.post(edit_url(punt), edit_data(punt, doelen=[], version=punt.version + 1), follow=True)
    assert punten_of(personas, versie)[0][2] == set()
    assert "is aan geen doel gekoppeld" in response.content.decode()


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_see_no_forms_and_may_not_post(personas: Any, role: str) -> None:
    versie = personas.kader_of()
    punt = one_punt(personas, versie)
    before = punten_of(personas, versie)
    client = client_for(personas, role)
    page = client.get(step_url(versie, "uitgangspunten")).content.decode()
    assert "Wijzigen" not in page and "Uitgangspunt toevoegen" not in page
    assert client.post(edit_url(punt), edit_data(punt, tekst="Van een lezer")).status_code == 403
    assert client.post(add_url(versie), add_data(groep="beleid", tekst="Van een lezer")).status_code == 403
    assert punten_of(personas, versie) == before


def test_gemeente_b_gets_404_on_the_uitgangspunten_of_a(personas: Any) -> None:
    versie = personas.kader_of()
    punt = one_punt(personas, versie)
    before = punten_of(personas, versie)
    client = client_for(personas, "coordinator_b")
    assert client.post(edit_url(punt), edit_data(punt, tekst="Overname")).status_code == 404
    assert client.post(add_url(versie), add_data(groep="beleid", tekst="Overname")).status_code == 404
    assert punten_of(personas, versie) == before


def test_stale_empty_duplicate_and_foreign_input_is_refused(personas: Any) -> None:
    versie = personas.kader_of()
    punt = one_punt(personas, versie)
    client = client_for(personas, "coordinator")
    client.post(edit_url(punt), edit_data(punt, tekst="Eerste wijziging."))
    before = punten_of(personas, versie)
    response = client.post(edit_url(punt), edit_data(punt, tekst="Tweede wijziging."), follow=True)
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    response = client.post(add_url(versie), add_data(groep="beleid", tekst="  "), follow=True)
    assert "Schrijf het uitgangspunt op." in response.content.decode()
    response = client.post(add_url(versie), add_data(groep="beleid", tekst="Eerste wijziging."), follow=True)
    assert "Dit uitgangspunt staat al in deze groep." in response.content.decode()
    response = client.post(add_url(versie), add_data(groep="geen", tekst="Iets"), follow=True)
    assert "Selecteer een geldige keuze" in response.content.decode()
    foreign = add_data(groep="beleid", tekst="Iets", doelen=["00000000-0000-0000-0000-000000000000"])
    response = client.post(add_url(versie), foreign, follow=True)
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert punten_of(personas, versie) == before


def test_the_uitgangspunten_of_an_adopted_version_cannot_be_changed(personas: Any) -> None:
    versie = adopted_version(personas)
    before = punten_of(personas, versie)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        punt = Uitgangspunt.objects.filter(versie=versie).first()
    assert punt is not None
    client = client_for(personas, "coordinator")
    page = client.get(step_url(versie, "uitgangspunten")).content.decode()
    assert "Wijzigen" not in page and "Uitgangspunt toevoegen" not in page
    frozen = "Versie 1 is vastgesteld en kan niet meer worden gewijzigd"
    response = client.post(edit_url(punt), edit_data(punt, tekst="Na vaststelling"), follow=True)
    assert frozen in response.content.decode()
    response = client.post(add_url(versie), add_data(groep="beleid", tekst="Na vaststelling"), follow=True)
    assert frozen in response.content.decode()
    assert punten_of(personas, versie) == before


def test_query_counts_of_the_uitgangspunt_actions(personas: Any, django_assert_num_queries: Any) -> None:
    versie = personas.kader_of()
    punt = one_punt(personas, versie)
    doel = doelen_of(personas, versie)[1]
    client = client_for(personas, "coordinator")
    # uitgangspunt + version, goals to choose from, duplicate check, versioned UPDATE (with
    # pghistory context), DELETE of dropped links, present links, INSERT of new links, in the
    # service's savepoint + release inside the view's; the goals linked before (the form's start values)
    with django_assert_num_queries(BASE + 12):
        assert client.post(edit_url(punt), edit_data(punt, doelen=[doel.pk])).status_code == 302
    # version, goals to choose from, highest order number, duplicate check, INSERT uitgangspunt
    # and links, in the service's savepoint + release inside the view's
    with django_assert_num_queries(BASE + 10):
        data = add_data(groep="beleid", tekst="Nieuw.", doelen=[doel.pk])
        assert client.post(add_url(versie), data).status_code == 302
