"""The pages of the risk register: start, the overview with its heat maps, the list with its
filters, a risk from adding to accepting, assets and threats — per role, with Dutch refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from lib import tenancy
from risicos.models import Acceptatie, Bedrijfsmiddel, Dreiging, Matrix, Risico

from . import world
from .world import fresh, register_of

pytestmark = pytest.mark.django_db


def member(personas: Any, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def page(client: Client, name: str, **kwargs: Any) -> str:
    response = client.get(reverse(f"risicos:{name}", kwargs=kwargs or None))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_coordinator_starts_the_register_from_the_overview(personas: Any) -> None:
    client = member(personas)
    assert "Register beginnen" in page(client, "overzicht")
    response = client.post(reverse("risicos:start"), {"methode": "nrb"})
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Matrix.objects.get().methode == "nrb"
    assert "Heatmap" in page(client, "overzicht")


def test_a_bestuurder_sees_that_the_register_has_not_started(personas: Any) -> None:
    text = page(member(personas, "bestuurder"), "overzicht")
    assert "nog niet begonnen" in text and "Register beginnen" not in text


def test_the_overview_shows_both_heat_maps_with_a_table_and_links_to_each_cell(personas: Any) -> None:
    world.risico_pk(personas)
    text = page(member(personas), "overzicht")
    assert text.count('role="img"') >= 2 and "<title" in text
    assert "?cel=bruto-4-4" in text and "?cel=netto-2-3" in text
    assert "Niets vertraagt" in text


def test_a_coordinator_adds_a_risk_and_sees_its_level_chain_and_suggestion(personas: Any) -> None:
    register_of(personas)
    client = member(personas)
    response = client.post(
        reverse("risicos:risico_add"),
        {
            "titel": "Agressie aan de balie",
            "scenario": "Een bezoeker bedreigt een medewerker.",
            "themas": ["personele_beveiliging"],
            "bruto_kans": "4",
            "bruto_impact": "4",
            "behandeling": "verminderen",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        risico = Risico.objects.get(titel="Agressie aan de balie")
    text = page(client, "risico", pk=risico.pk)
    assert "Zeer hoog" in text and "Geen continuïteitsstap" in text


def test_a_score_outside_the_matrix_is_refused_on_the_form(personas: Any) -> None:
    register_of(personas)
    response = member(personas).post(
        reverse("risicos:risico_add"),
        {"titel": "X", "scenario": "Y", "bruto_kans": "9", "bruto_impact": "1", "behandeling": "verminderen"},
    )
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Risico.objects.exists()


def test_the_list_filters_by_cell_gap_and_level_and_refuses_an_unknown_cell(personas: Any) -> None:
    world.risico_pk(personas)
    client = member(personas)
    url = reverse("risicos:risicos")
    assert "Inbraak in het stadhuis" in client.get(url, {"cel": "bruto-4-4"}).content.decode()
    assert "Inbraak in het stadhuis" not in client.get(url, {"cel": "bruto-1-1"}).content.decode()
    assert "Inbraak in het stadhuis" in client.get(url, {"gat": "detectie_zonder_interventie"}).content.decode()
    assert "Inbraak in het stadhuis" not in client.get(url, {"niveau": "3"}).content.decode()
    refused = client.get(url, {"cel": "bruto-9-9"})
    assert refused.status_code == 400 and "Deze cel van de matrix bestaat niet" in refused.content.decode()


def test_a_change_made_meanwhile_is_shown_not_overwritten(personas: Any) -> None:
    pk = world.risico_pk(personas)
    client = member(personas)
    risico = fresh(personas, Risico(pk=pk))
    form = {
        "titel": "Eerste wijziging",
        "scenario": risico.scenario,
        "behandeling": "verminderen",
        "themas": ["fysieke_beveiliging"],
        "version": str(risico.version),
    }
    assert client.post(reverse("risicos:risico_edit", kwargs={"pk": pk}), form).status_code == 302
    response = client.post(reverse("risicos:risico_edit", kwargs={"pk": pk}), {**form, "titel": "Tweede"})
    assert response.status_code == 200 and "intussen" in response.content.decode()
    assert fresh(personas, risico).titel == "Eerste wijziging"


def test_a_thema_eigenaar_cannot_edit_or_delete_a_risk_of_another_theme(personas: Any) -> None:
    pk = world.risico_pk(personas)
    client = member(personas, "thema_eigenaar")
    response = client.get(reverse("risicos:risico_edit", kwargs={"pk": pk}))
    assert response.status_code == 302
    text = page(client, "risico_delete", pk=pk)
    assert "eigen thema" in text and "Ja, verwijderen" not in text
    client.post(reverse("risicos:risico_delete", kwargs={"pk": pk}), {"version": "1"})
    assert fresh(personas, Risico(pk=pk)).titel == "Inbraak in het stadhuis"


def test_a_risk_is_deleted_only_after_confirmation_of_the_version_shown(personas: Any) -> None:
    pk = world.risico_pk(personas)
    client = member(personas)
    assert "Ja, verwijderen" in page(client, "risico_delete", pk=pk)
    client.post(reverse("risicos:risico_delete", kwargs={"pk": pk}), {"version": "99"})
    assert fresh(personas, Risico(pk=pk))
    response = client.post(reverse("risicos:risico_delete", kwargs={"pk": pk}), {"version": "1"})
    assert response.status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert not Risico.objects.filter(pk=pk).exists()


def test_a_bestuurder_records_an_acceptance_and_sees_it_on_the_risk(personas: Any) -> None:
    pk = world.risico_pk(personas)
    client = member(personas, "bestuurder")
    response = client.post(
        reverse("risicos:acceptatie_add", kwargs={"pk": pk}),
        {
            "geaccepteerd_door": "College van B en W",
            "geaccepteerd_op": "2026-12-01",
            "geldig_tot": "2027-12-01",
            "motivering": "Past binnen de bereidheid.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    text = page(client, "risico", pk=pk)
    assert "College van B en W" in text and "geldig" in text
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Acceptatie.objects.get().kans == 2


def test_an_asset_is_added_and_changed_and_a_name_is_unique(personas: Any) -> None:
    register_of(personas)
    client = member(personas)
    data = {"naam": "Raadzaal", "soort": "locatie", "themas": ["fysieke_beveiliging"], "version": "1"}
    assert client.post(reverse("risicos:bedrijfsmiddel_add"), data).status_code == 302
    again = client.post(reverse("risicos:bedrijfsmiddel_add"), {**data, "naam": "raadzaal"})
    assert again.status_code == 200 and "Er is al een bedrijfsmiddel met deze naam." in again.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        raadzaal = Bedrijfsmiddel.objects.get()
    response = client.post(
        reverse("risicos:bedrijfsmiddel", kwargs={"pk": raadzaal.pk}), {**data, "locatie": "Markt 1", "version": "1"}
    )
    assert response.status_code == 302
    assert fresh(personas, raadzaal).locatie == "Markt 1"


def test_a_threat_in_use_is_not_deleted(personas: Any) -> None:
    world.risico_pk(personas)
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        inbraak = Dreiging.objects.get(sleutel="inbraak")
    response = member(personas).post(
        reverse("risicos:dreiging_delete", kwargs={"pk": inbraak.pk}), {"version": str(inbraak.version)}
    )
    assert response.status_code == 200 and "Er zijn risico" in response.content.decode()
    assert fresh(personas, inbraak)


@pytest.mark.parametrize("role", ["ketenpartner", "melder"])
def test_a_ketenpartner_and_a_melder_do_not_see_the_register(personas: Any, role: str) -> None:
    world.risico_pk(personas)
    assert member(personas, role).get(reverse("risicos:risicos")).status_code == 403


def test_a_measure_is_added_with_its_risks_and_its_check_makes_it_tested(personas: Any) -> None:
    risico = world.risico_pk(personas)
    client = member(personas)
    response = client.post(
        reverse("risicos:maatregel_add"),
        {
            "titel": "Bewaking bij alarm",
            "soort": "R",
            "functie": "repressief",
            "schakels": ["intervenieren"],
            "themas": ["fysieke_beveiliging"],
            "status": "geimplementeerd",
            "risicos": [str(risico)],
            "kosten_jaarlijks": "4800",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    text = page(client, "risico", pk=risico)
    assert "Bewaking bij alarm" in text and "Detectie zonder interventie" not in text
    from risicos.models import Maatregel

    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        bewaking = Maatregel.objects.get(titel="Bewaking bij alarm")
    response = client.post(
        reverse("risicos:toets_add", kwargs={"pk": bewaking.pk}),
        {"datum": "2026-11-30", "door": "Oefening", "resultaat": "effectief"},
    )
    assert response.status_code == 302
    assert fresh(personas, bewaking).status == "getoetst"
    refused = client.post(
        reverse("risicos:toets_add", kwargs={"pk": bewaking.pk}),
        {"datum": "2099-01-01", "door": "Oefening", "resultaat": "effectief"},
    )
    assert refused.status_code == 200 and "toekomst" in refused.content.decode()


def test_measures_are_filtered_by_link_of_the_chain_and_type(personas: Any) -> None:
    world.risico_pk(personas)
    client = member(personas)
    url = reverse("risicos:maatregelen")
    assert "Inbraakalarm" in client.get(url, {"schakel": "detecteren", "soort": "E"}).content.decode()
    assert "Inbraakalarm" not in client.get(url, {"schakel": "vertragen"}).content.decode()
    assert client.get(url, {"status": "bestaat-niet"}).status_code == 400


def test_two_measures_are_marked_as_working_against_each_other(personas: Any) -> None:
    alarm = world.maatregel_pk(personas)
    client = member(personas)
    client.post(
        reverse("risicos:maatregel_add"),
        {"titel": "Nooddeur altijd open", "soort": "B", "functie": "herstellend", "status": "voorgesteld"},
    )
    from risicos.models import Maatregel

    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        nooddeur = Maatregel.objects.get(titel="Nooddeur altijd open")
    response = client.post(
        reverse("risicos:tegenstrijdig_add", kwargs={"pk": alarm}),
        {"andere": str(nooddeur.pk), "toelichting": "Open deur."},
    )
    assert response.status_code == 302
    assert "Nooddeur altijd open" in page(client, "maatregel", pk=alarm)


THREE_BY_THREE = {
    "kans_labels": "Klein\nMiddel\nGroot",
    "impact_labels": "Beperkt\nErnstig\nZeer ernstig",
    "niveaus": "Laag; #cde9d4; 12\nHoog; #f4b1b1; 3",
    "tolerantie": "Laag",
    "toelichting": "Eenvoudiger voor het college.",
    "nummer": "1",
}


def test_a_matrix_change_is_shown_first_and_applied_only_as_shown(personas: Any) -> None:
    pk = world.risico_pk(personas)  # bruto 4 × 4, netto 2 × 3
    client = member(personas)
    url = reverse("risicos:matrix_wijzigen")
    assert "Gevolgen bekijken" in page(client, "matrix_wijzigen")
    preview = client.post(url, {**THREE_BY_THREE, "stap": "bekijken"})
    text = preview.content.decode()
    assert preview.status_code == 200 and "Gevolgen voor de risico" in text and "Wijziging toepassen" in text
    assert 'name="kans_map_4"' in text
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Matrix.objects.count() == 1
    digest = text.split('name="voorbeeld" value="')[1].split('"')[0]
    # a mapping changed after the preview is shown again, not applied
    changed = client.post(
        url, {**THREE_BY_THREE, "stap": "toepassen", "voorbeeld": digest, **{f"kans_map_{c}": "1" for c in range(1, 6)}}
    )
    assert changed.status_code == 200 and "na het bekijken iets gewijzigd" in changed.content.decode()
    applied = client.post(url, {**THREE_BY_THREE, "stap": "toepassen", "voorbeeld": digest})
    assert applied.status_code == 302
    risico = fresh(personas, Risico(pk=pk))
    assert (risico.bruto_kans, risico.bruto_impact, risico.netto_kans, risico.netto_impact) == (3, 3, 1, 2)
    assert "Versie 1" in page(client, "matrix") and "Eerdere versies" in page(client, "matrix")
    # the same form again: the matrix changed meanwhile (version 2 now), nothing is applied
    stale = client.post(url, {**THREE_BY_THREE, "stap": "toepassen", "voorbeeld": digest})
    assert stale.status_code == 200 and "intussen gewijzigd" in stale.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Matrix.objects.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"niveaus": "Laag; #cde9d4; 12\nHoog; #202020; 3"}, "te donker"),
        ({"niveaus": "Laag; groen; 12\nHoog; #f4b1b1; 3"}, "#f9cfa6"),
        ({"niveaus": "Laag; #cde9d4; 12"}, "2 tot 6 niveaus"),
        ({"tolerantie": "Middel"}, "Noem een van de niveaus"),
        ({"kans_labels": "Alleen"}, "2 tot 7 klassen"),
    ],
)
def test_a_matrix_that_cannot_be_is_refused_with_its_reason(
    personas: Any, change: dict[str, str], message: str
) -> None:
    register_of(personas)
    response = member(personas).post(
        reverse("risicos:matrix_wijzigen"), {**THREE_BY_THREE, **change, "stap": "bekijken"}
    )
    assert response.status_code == 200 and message in response.content.decode()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Matrix.objects.count() == 1


def test_the_analyses_name_the_kader_goals_without_a_measure_and_the_costs_per_theme(personas: Any) -> None:
    personas.kader_of()
    world.risico_pk(personas)
    text = page(member(personas), "analyse")
    assert "Beveiligingsdoelen zonder maatregel" in text and "Medewerkers en bezoekers beschermen" in text
    assert "Fysieke beveiliging" in text  # the world's alarm has that theme
