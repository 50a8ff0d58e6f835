"""When two people edit the same thing: the second sees what the first stored, keeps their own
text, and can save on top of it; the message takes the focus and the page title says so."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kader.models import Mensgroep
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

from .test_views import client_for, fresh, step_url

pytestmark = pytest.mark.django_db


def test_a_stale_visie_shows_the_stored_text_beside_the_users_own_and_saves_on_the_second_try(
    personas: Any,
) -> None:
    versie = personas.kader_of()
    first, second = client_for(personas, "coordinator"), client_for(personas, "thema_eigenaar")
    first.post(step_url(versie), {"visie": "De tekst van de coördinator.", "version": versie.version})
    page = second.post(step_url(versie), {"visie": "Mijn eigen visie.", "version": versie.version}).content.decode()
    assert str(CONFLICT_MESSAGE) in page
    assert "Mijn eigen visie.</textarea>" in page, "the user's own text stays in the form"
    assert "De tekst van de coördinator." in page and "Nu opgeslagen (door een ander gewijzigd)" in page
    assert f'name="version" value="{versie.version + 1}"' in page, "the next save goes on top of the current version"
    assert "<title>Niet opgeslagen:" in page
    assert 'data-focus autofocus id="formulier-fouten"' in page
    assert fresh(personas, versie.pk).visie == "De tekst van de coördinator."
    response = second.post(step_url(versie), {"visie": "Mijn eigen visie.", "version": versie.version + 1})
    assert response.status_code == 302
    assert fresh(personas, versie.pk).visie == "Mijn eigen visie."


def test_a_stale_row_edit_shows_only_the_fields_someone_else_changed(personas: Any) -> None:
    versie = personas.kader_of()
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        groep = Mensgroep.objects.filter(versie=versie).order_by("volgorde").first()
    assert groep is not None
    url = reverse("kader:part_edit", kwargs={"part": "mensgroepen", "pk": groep.pk})

    def data(text: str) -> dict[str, Any]:
        return {f"{groep.pk}-soort": groep.soort, f"{groep.pk}-moet_weten": text, f"{groep.pk}-version": groep.version}

    client_for(personas, "coordinator").post(url, data("Kent de huisregels."))
    mine = client_for(personas, "thema_eigenaar")
    page = mine.post(url, data("Kent het kader.")).content.decode()
    assert page.count("Nu opgeslagen (door een ander gewijzigd)") == 1  # the group itself did not change
    assert "Kent de huisregels." in page and "Kent het kader.</textarea>" in page
    assert mine.post(url, {**data("Kent het kader."), f"{groep.pk}-version": groep.version + 1}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Mensgroep.objects.get(pk=groep.pk).moet_weten == "Kent het kader."


def test_an_add_form_with_errors_takes_the_focus_and_names_the_error_in_the_title(personas: Any) -> None:
    versie = personas.kader_of()
    client = client_for(personas, "coordinator")
    url = reverse("kader:part_add", kwargs={"pk": versie.pk, "part": "wetten"})
    page = client.post(url, {"nieuw-wetten-thema": "integriteit", "nieuw-wetten-naam": ""}).content.decode()
    assert "<title>Niet opgeslagen: Scope" in page
    assert 'data-focus autofocus id="nieuw-wetten-fouten"' in page
    assert '<a class="utrecht-link" href="#id_nieuw-wetten-naam">Naam</a>' in page


def test_a_stale_role_change_shows_the_stored_role_and_saves_on_the_second_try(personas: Any) -> None:
    member = personas.members["melder"]
    url = reverse("organisations:member_edit", kwargs={"pk": member.pk})
    data = {"role": "auditor", "themes": [], "partner": "", "version": member.version}
    client_for(personas, "coordinator").post(url, {**data, "role": "bestuurder"})
    other = client_for(personas, "coordinator")
    page = other.post(url, data).content.decode()
    assert str(CONFLICT_MESSAGE) in page and "Nu opgeslagen (door een ander gewijzigd)" in page
    assert "Bestuurder / lezer" in page
    assert other.post(url, {**data, "version": member.version + 1}).status_code == 302
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        member.refresh_from_db()
    assert member.role == "auditor"


def test_stale_gemeente_settings_show_the_stored_name(personas: Any) -> None:
    gemeente = personas.gemeente_a
    url = reverse("organisations:gemeente_settings")
    data = {
        "name": "Gemeente Aastad-Noord",
        "primary_colour": "#1d4f91",
        "accent_colour": "#0b6e4f",
        "version": gemeente.version,
    }
    client_for(personas, "coordinator").post(url, {**data, "name": "Gemeente Aastad-Zuid"})
    page = client_for(personas, "coordinator").post(url, data).content.decode()
    assert str(CONFLICT_MESSAGE) in page and "Gemeente Aastad-Zuid" in page
    assert 'value="Gemeente Aastad-Noord"' in page
