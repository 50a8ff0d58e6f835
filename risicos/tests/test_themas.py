"""Themes of veld 5 of the veiligheidsplan point to risks and measures: linked on the register's
pages, shown on the IVP's theme page, refused for other velden, other gemeenten and other roles."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from lib import tenancy
from risicos.models import Risico, ThemaMaatregel, ThemaRisico

from . import world
from .world import bound

pytestmark = pytest.mark.django_db


def member(personas: Any, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(personas.user(role))
    return client


def links(personas: Any) -> list[tuple[Any, Any]]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return list(ThemaRisico.objects.values_list("thema_id", "risico_id"))


def link(client: Client, personas: Any, thema: Any) -> Any:
    url = reverse("risicos:risico_thema_link", kwargs={"pk": world.risico_pk(personas)})
    return client.post(url, {"thema": str(getattr(thema, "pk", thema))}, follow=True)


def test_a_risk_linked_to_a_theme_of_veld_5_shows_on_both_pages_and_in_the_history(personas: Any) -> None:
    thema = world.veld_5_thema(personas)
    client = member(personas)
    risico_url = reverse("risicos:risico", kwargs={"pk": world.risico_pk(personas)})
    assert "Thema koppelen" in client.get(risico_url).content.decode()

    response = link(client, personas, thema)
    assert f"Het thema “{thema}” verwijst nu naar" in response.content.decode()
    assert links(personas) == [(thema.pk, world.risico_pk(personas))]
    detail = client.get(risico_url).content.decode()
    assert reverse("ivp:thema", kwargs={"pk": thema.pk}) in detail

    ivp_page = client.get(reverse("ivp:thema", kwargs={"pk": thema.pk})).content.decode()
    assert "Inbraak in het stadhuis" in ivp_page and risico_url in ivp_page
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = apps.get_model("risicos", "ThemaRisicoEvent").objects.get()
    assert event.pgh_context["action"] == "risicos.risico.thema"
    assert event.pgh_context["user"] == personas.members["coordinator"].user_id


def test_a_measure_is_linked_the_same_way(personas: Any) -> None:
    thema = world.veld_5_thema(personas)
    url = reverse("risicos:maatregel_thema_link", kwargs={"pk": world.maatregel_pk(personas)})
    member(personas).post(url, {"thema": str(thema.pk)})
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert list(ThemaMaatregel.objects.values_list("thema_id", flat=True)) == [thema.pk]
    page = member(personas, "bestuurder").get(reverse("ivp:thema", kwargs={"pk": thema.pk})).content.decode()
    assert "Inbraakalarm met doormelding" in page


def test_a_theme_of_another_veld_is_refused_by_page_and_service(personas: Any) -> None:
    thema = world.veld_5_thema(personas, code="1.3")
    response = link(member(personas), personas, thema)
    assert "Kies een thema uit de lijst." in response.content.decode()
    by = personas.members["coordinator"]
    with bound(personas), pytest.raises(ValidationError) as refused:
        services_link(by, personas, thema)
    assert "Alleen thema's van veld 5" in str(refused.value)
    assert links(personas) == []


def services_link(by: Any, personas: Any, thema: Any) -> Any:
    from risicos import services

    return services.link_thema(by=by, obj=Risico.objects.get(pk=world.risico_pk(personas)), thema=thema)


def test_a_theme_of_another_gemeente_is_refused_and_not_revealed(personas: Any) -> None:
    from ivp.models import Thema
    from ivp.services import start_ivp

    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=personas.coordinator_b.user_id):
        start_ivp(by=personas.coordinator_b)
        other = Thema.objects.get(gemeente_id=personas.gemeente_b.pk, code="5.3")
    response = link(member(personas), personas, other)
    assert "Kies een thema uit de lijst." in response.content.decode()
    with bound(personas), pytest.raises(ValidationError) as refused:
        services_link(personas.members["coordinator"], personas, other)
    assert "eigen gemeente" in str(refused.value)
    assert links(personas) == []


def test_a_second_link_to_the_same_theme_is_refused(personas: Any) -> None:
    thema = world.veld_5_thema(personas)
    client = member(personas)
    link(client, personas, thema)
    with bound(personas), pytest.raises(ValidationError) as refused:
        services_link(personas.members["coordinator"], personas, thema)
    assert "al gekoppeld" in str(refused.value)
    assert len(links(personas)) == 1


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner"])
def test_roles_that_do_not_edit_the_register_cannot_link(personas: Any, role: str) -> None:
    thema = world.veld_5_thema(personas)
    response = link(member(personas, role), personas, thema)
    assert response.status_code == 403
    assert links(personas) == []


def test_a_thema_eigenaar_links_only_what_belongs_to_their_own_themes(personas: Any) -> None:
    thema = world.veld_5_thema(personas)
    response = link(member(personas, "thema_eigenaar"), personas, thema)  # the risk is fysieke beveiliging
    assert "U bent thema-eigenaar van andere thema" in response.content.decode()
    assert links(personas) == []


def test_a_link_is_removed_after_confirmation_and_a_stale_form_changes_nothing(personas: Any) -> None:
    pk = world.thema_risico_pk(personas)
    client = member(personas)
    url = reverse("risicos:risico_thema_unlink", kwargs={"pk": pk})
    assert "Weet u zeker dat u de koppeling" in client.get(url).content.decode()
    stale = client.post(url, {"version": "99"}).content.decode()
    assert "gewijzigd" in stale and len(links(personas)) == 1
    client.post(url, {"version": "1"})
    assert links(personas) == []
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        actions = [e.pgh_context["action"] for e in apps.get_model("risicos", "ThemaRisicoEvent").objects.all()]
    assert "risicos.risico.thema_delete" in actions


def test_the_theme_page_shows_the_register_only_to_roles_that_may_read_it(personas: Any) -> None:
    world.thema_risico_pk(personas)
    url = reverse("ivp:thema", kwargs={"pk": world.veld_5_thema(personas).pk})
    assert "Inbraak in het stadhuis" in member(personas, "auditor").get(url).content.decode()
    partner_page = member(personas, "ketenpartner").get(url)
    assert partner_page.status_code == 200
    assert "Inbraak in het stadhuis" not in partner_page.content.decode()
    assert "Risico's en maatregelen" not in partner_page.content.decode().split("<main", 1)[-1]


def test_a_theme_of_another_veld_shows_no_register_section(personas: Any) -> None:
    world.thema_risico_pk(personas)
    url = reverse("ivp:thema", kwargs={"pk": world.veld_5_thema(personas, code="1.3").pk})
    assert 'id="risicoregister"' not in member(personas).get(url).content.decode()
