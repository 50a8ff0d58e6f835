"""The pages of velden and themes: who sees and changes what, hiding instead of deleting, the story
behind the numbers, and the links of veld 5 to the strategisch kader."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ivp import services
from ivp.models import Thema, ThemaKoppeling, Veld
from kader.models import Doel, Uitgangspunt
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

pytestmark = pytest.mark.django_db

# Every authenticated request: session, user, savepoint, set_config, membership, release.
BASE = 6
READERS = ["bestuurder", "auditor", "ketenpartner"]


def make_world(personas: Any) -> Any:
    """Gemeente A's plan (factories.add_ivp) and kader; the thema-eigenaar owns veld 1 (veilige woon- en
    leefomgeving) besides informatiebeveiliging."""
    te = personas.members["thema_eigenaar"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        te.themes = ["informatiebeveiliging", "veilige_woon_leefomgeving"]
        te.save(update_fields=["themes"])
    personas.plan = personas.ivp_of()
    personas.kader_of()
    return personas


@pytest.fixture
def world(personas: Any) -> Any:
    return make_world(personas)


def client_for(personas: Any, role: str) -> Client:
    client = Client()
    client.force_login(personas.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


def bound(personas: Any) -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.members["coordinator"].user_id)


def thema(personas: Any, code: str) -> Thema:
    with bound(personas):
        return Thema.objects.select_related("veld").get(gemeente_id=personas.gemeente_a.pk, code=code)


def veld(personas: Any, nummer: int) -> Veld:
    with bound(personas):
        return Veld.objects.get(gemeente_id=personas.gemeente_a.pk, nummer=nummer)


def thema_url(obj: Thema) -> str:
    return reverse("ivp:thema", kwargs={"pk": obj.pk})


def edit_data(obj: Thema, **changes: Any) -> dict[str, Any]:
    fields = ["code", "naam", "omschrijving", "rol_gemeente", "partners", "maatregelen", "verhaal"]
    data = {name: getattr(obj, name) or "" for name in fields}
    return {**data, "version": obj.version, **changes}


# --- the list of velden and themes ---------------------------------------------------------------


def test_the_list_shows_every_veld_with_its_themes_and_their_guidance_collapsed(world: Any) -> None:
    page = client_for(world, "coordinator").get(reverse("ivp:themas")).content.decode()
    assert "1. Veilige woon- en leefomgeving" in page and "5. Integriteit en veiligheid" in page
    assert f'href="{thema_url(thema(world, "1.3"))}">1.3 Veelvoorkomende criminaliteit</a>' in page
    assert "<summary>Handreiking" in page and "Rol van de gemeente" in page
    assert page.count("Veld wijzigen") == 6 and page.count("<summary>Thema toevoegen") == 6


def test_hidden_velden_and_themes_are_marked_not_left_out(world: Any) -> None:
    by = world.members["coordinator"]
    with bound(world):
        fysiek = Veld.objects.get(nummer=4)
        services.edit_veld(by=by, veld=fysiek, expected_version=fysiek.version, verborgen=True)
        t = Thema.objects.select_related("veld").get(code="2.5")
        services.edit_thema(by=by, thema=t, expected_version=t.version, verborgen=True)
    page = client_for(world, "bestuurder").get(reverse("ivp:themas")).content.decode()
    assert "4. Fysieke veiligheid (verborgen)" in page and "Dit veld is verborgen" in page
    assert f"{t}</a> (verborgen)" in page


@pytest.mark.parametrize("role", READERS)
def test_readers_see_the_themes_without_any_form(world: Any, role: str) -> None:
    page = client_for(world, role).get(reverse("ivp:themas")).content.decode()
    assert "1.1 Sociale kwaliteit" in page
    assert "<form" not in page.split('id="inhoud"')[1]


def test_a_thema_eigenaar_may_add_themes_only_to_the_velden_they_own(world: Any) -> None:
    page = client_for(world, "thema_eigenaar").get(reverse("ivp:themas")).content.decode()
    assert "Veld wijzigen" not in page, "only the coördinator renames or hides a veld"
    assert page.count("<summary>Thema toevoegen") == 1
    assert reverse("ivp:thema_add", kwargs={"pk": veld(world, 1).pk}) in page


def test_the_list_costs_a_fixed_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    client = client_for(world, "coordinator")
    with django_assert_num_queries(BASE + 2):  # velden, themes
        client.get(reverse("ivp:themas"))


def test_before_the_plan_is_started_the_list_says_so(personas: Any) -> None:
    page = client_for(personas, "coordinator").get(reverse("ivp:themas")).content.decode()
    assert "nog niet gestart" in page


# --- velden ---------------------------------------------------------------------------------------


def test_the_coordinator_renames_and_hides_a_veld(world: Any) -> None:
    v = veld(world, 2)
    url = reverse("ivp:veld_edit", kwargs={"pk": v.pk})
    prefix = f"veld-{v.pk}"
    data = {f"{prefix}-naam": "Veilig ondernemen", f"{prefix}-verborgen": "on", f"{prefix}-version": v.version}
    response = client_for(world, "coordinator").post(url, data, follow=True)
    assert "Het veld “Veilig ondernemen” is opgeslagen." in response.content.decode()
    stored = veld(world, 2)
    assert (stored.naam, stored.verborgen) == ("Veilig ondernemen", True)


def test_a_veld_without_a_name_is_refused_in_dutch(world: Any) -> None:
    v = veld(world, 2)
    prefix = f"veld-{v.pk}"
    response = client_for(world, "coordinator").post(
        reverse("ivp:veld_edit", kwargs={"pk": v.pk}), {f"{prefix}-naam": "", f"{prefix}-version": v.version}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Geef het veld een naam." in page and "<title>Niet opgeslagen:" in page
    assert veld(world, 2).naam == v.naam


def test_a_thema_eigenaar_cannot_change_a_veld(world: Any) -> None:
    v = veld(world, 1)
    url = reverse("ivp:veld_edit", kwargs={"pk": v.pk})
    client = client_for(world, "thema_eigenaar")
    assert "Alleen een coördinator wijzigt de veiligheidsvelden." in client.get(url).content.decode()
    prefix = f"veld-{v.pk}"
    client.post(url, {f"{prefix}-naam": "Anders", f"{prefix}-version": v.version})
    assert veld(world, 1).naam == v.naam


# --- adding a theme -------------------------------------------------------------------------------


def test_a_theme_is_added_to_a_veld_and_gets_a_row_in_the_priorities(world: Any) -> None:
    v = veld(world, 1)
    prefix = f"nieuw-{v.pk}"
    data = {f"{prefix}-naam": "Woonfraude", f"{prefix}-omschrijving": "Onrechtmatige bewoning.", f"{prefix}-code": ""}
    response = client_for(world, "thema_eigenaar").post(reverse("ivp:thema_add", kwargs={"pk": v.pk}), data)
    with bound(world):
        nieuw = Thema.objects.get(naam="Woonfraude")
        assert (nieuw.code, nieuw.veld_id, nieuw.omschrijving) == ("", v.pk, "Onrechtmatige bewoning.")
        assert nieuw.prioriteringen.filter(plan=world.plan).exists()
    assert response["Location"] == thema_url(nieuw)


def test_a_theme_with_an_existing_name_is_refused_in_dutch(world: Any) -> None:
    v = veld(world, 1)
    prefix = f"nieuw-{v.pk}"
    page = (
        client_for(world, "coordinator")
        .post(reverse("ivp:thema_add", kwargs={"pk": v.pk}), {f"{prefix}-naam": "SOCIALE KWALITEIT"})
        .content.decode()
    )
    assert "Er is al een thema met deze naam." in page and 'id="nieuw-' in page


def test_a_thema_eigenaar_cannot_add_a_theme_to_a_veld_they_do_not_own(world: Any) -> None:
    v = veld(world, 2)
    url = reverse("ivp:thema_add", kwargs={"pk": v.pk})
    client = client_for(world, "thema_eigenaar")
    assert "waarvan u geen eigenaar bent" in client.get(url).content.decode()
    client.post(url, {f"nieuw-{v.pk}-naam": "Iets nieuws"})
    with bound(world):
        assert not Thema.objects.filter(naam="Iets nieuws").exists()


# --- one theme ------------------------------------------------------------------------------------


def test_a_theme_shows_its_guidance_story_and_indicators(world: Any) -> None:
    page = client_for(world, "ketenpartner").get(thema_url(thema(world, "1.3"))).content.decode()
    assert "Woninginbraak, fietsdiefstal" in page and "Rol van de gemeente" in page
    assert "Het verhaal achter de cijfers" in page and "Diefstallen uit woning" in page
    assert "Thema wijzigen" not in page and "<form" not in page.split('id="inhoud"')[1]
    assert reverse("ivp:analyse_thema", kwargs={"pk": thema(world, "1.3").pk}) in page


def test_the_story_behind_the_numbers_is_written_and_a_theme_hidden_instead_of_deleted(world: Any) -> None:
    t = thema(world, "1.1")
    data = edit_data(t, verhaal="Meer meldingen sinds de nieuwe app.", verborgen="on")
    response = client_for(world, "thema_eigenaar").post(thema_url(t), data, follow=True)
    page = response.content.decode()
    assert "is opgeslagen" in page and "Meer meldingen sinds de nieuwe app." in page
    assert "Dit thema is verborgen" in page
    stored = thema(world, "1.1")
    assert (stored.verhaal, stored.verborgen) == ("Meer meldingen sinds de nieuwe app.", True)


def test_a_thema_eigenaar_gets_no_form_for_a_theme_of_another_veld_and_cannot_post_one(world: Any) -> None:
    t = thema(world, "2.1")
    client = client_for(world, "thema_eigenaar")
    page = client.get(thema_url(t)).content.decode()
    assert "Thema wijzigen" not in page and "waarvan u geen eigenaar bent" in page
    client.post(thema_url(t), edit_data(t, verhaal="Niet van mij."))
    assert thema(world, "2.1").verhaal is None


def test_a_bestuurder_cannot_change_a_theme(world: Any) -> None:
    t = thema(world, "1.1")
    client_for(world, "bestuurder").post(thema_url(t), edit_data(t, verhaal="x"))
    assert thema(world, "1.1").verhaal is None


def test_a_stale_theme_edit_shows_what_someone_else_stored(world: Any) -> None:
    t = thema(world, "1.1")
    client_for(world, "coordinator").post(thema_url(t), edit_data(t, verhaal="Tekst van de coördinator."))
    mine = client_for(world, "thema_eigenaar")
    page = mine.post(thema_url(t), edit_data(t, verhaal="Mijn eigen verhaal.")).content.decode()
    assert str(CONFLICT_MESSAGE) in page and "Nu opgeslagen (door een ander gewijzigd)" in page
    assert "Mijn eigen verhaal.</textarea>" in page and "Tekst van de coördinator." in page
    assert thema(world, "1.1").verhaal == "Tekst van de coördinator."
    assert (
        mine.post(thema_url(t), edit_data(t, verhaal="Mijn eigen verhaal.", version=t.version + 1)).status_code == 302
    )
    assert thema(world, "1.1").verhaal == "Mijn eigen verhaal."


def test_emptying_the_name_of_a_theme_is_refused_in_dutch(world: Any) -> None:
    t = thema(world, "1.1")
    page = client_for(world, "coordinator").post(thema_url(t), edit_data(t, naam="")).content.decode()
    assert "Geef het thema een naam." in page and "<title>Niet opgeslagen:" in page
    assert thema(world, "1.1").naam == "Sociale kwaliteit"


def test_a_theme_page_costs_a_fixed_number_of_queries(world: Any, django_assert_num_queries: Any) -> None:
    client = client_for(world, "coordinator")
    veld_5, veld_1 = thema_url(thema(world, "5.3")), thema_url(thema(world, "1.3"))
    # theme + veld, indicators, links to the kader, the kader's goals and uitgangspunten to link; the risks
    # and measures of the register the theme points to (risicos.themas.section)
    with django_assert_num_queries(BASE + 7):
        client.get(veld_5)
    with django_assert_num_queries(BASE + 2):  # theme + veld, indicators (no kader outside veld 5)
        client.get(veld_1)


# --- veld 5 and the strategisch kader -------------------------------------------------------------


def kader_rows(personas: Any) -> tuple[Doel, Uitgangspunt]:
    from kader import services as kader_services

    versie = personas.kader_of()
    with bound(personas):
        doel = Doel.objects.filter(versie=versie).order_by("volgorde")[0]
        punt = (
            Uitgangspunt.objects.filter(versie=versie).first()
            or (
                kader_services.adopt_example_uitgangspunten(
                    versie=versie, by=personas.members["coordinator"], groep="beleid"
                )[0]
            )
        )
    return doel, punt


def test_a_theme_of_veld_5_is_linked_to_a_kader_goal_and_uitgangspunt_and_unlinked_after_confirmation(
    world: Any,
) -> None:
    doel, punt = kader_rows(world)
    t = thema(world, "5.3")
    client = client_for(world, "coordinator")
    page = client.get(thema_url(t)).content.decode()
    assert "Strategisch kader integrale beveiliging" in page and f"{doel.titel} (versie 1)" in page
    link = reverse("ivp:thema_link", kwargs={"pk": t.pk})
    response = client.post(link, {"doel": f"doel:{doel.pk}"}, follow=True)
    assert f"“{doel.titel}” is aan het thema gekoppeld." in response.content.decode()
    client.post(link, {"doel": f"uitgangspunt:{punt.pk}"})
    page = client.get(thema_url(t)).content.decode()
    assert f"Beveiligingsdoel: {doel.titel} (versie 1, concept)" in page
    assert f"Uitgangspunt: {punt.tekst} (versie 1, concept)" in page
    with bound(world):
        koppeling = ThemaKoppeling.objects.get(doel=doel)
    unlink = reverse("ivp:thema_unlink", kwargs={"pk": koppeling.pk})
    confirm = client.get(unlink).content.decode()
    assert "Weet u zeker" in confirm and "Ja, koppeling verwijderen" in confirm
    with bound(world):
        assert ThemaKoppeling.objects.filter(pk=koppeling.pk).exists(), "the confirmation deletes nothing"
    response = client.post(unlink, follow=True)
    assert "is verwijderd" in response.content.decode()
    with bound(world):
        assert list(ThemaKoppeling.objects.values_list("uitgangspunt_id", flat=True)) == [punt.pk]


def test_linking_without_a_choice_or_twice_is_refused_in_dutch(world: Any) -> None:
    doel, _punt = kader_rows(world)
    t = thema(world, "5.3")
    client = client_for(world, "coordinator")
    link = reverse("ivp:thema_link", kwargs={"pk": t.pk})
    assert "Kies een doel of uitgangspunt." in client.post(link, {}).content.decode()
    client.post(link, {"doel": f"doel:{doel.pk}"})
    page = client.post(link, {"doel": f"doel:{doel.pk}"}).content.decode()
    assert "Kies een doel of uitgangspunt uit de lijst." in page
    assert f'value="doel:{doel.pk}"' not in page, "a linked goal is no longer offered"


def test_a_theme_outside_veld_5_has_no_kader_section_and_cannot_be_linked(world: Any) -> None:
    doel, _punt = kader_rows(world)
    t = thema(world, "1.3")
    client = client_for(world, "coordinator")
    assert "Strategisch kader integrale beveiliging" not in client.get(thema_url(t)).content.decode()
    response = client.post(reverse("ivp:thema_link", kwargs={"pk": t.pk}), {"doel": f"doel:{doel.pk}"}, follow=True)
    assert "Alleen thema&#x27;s van veld 5" in response.content.decode()
    with bound(world):
        assert not ThemaKoppeling.objects.exists()


def test_a_thema_eigenaar_without_veld_5_cannot_link_or_unlink(world: Any) -> None:
    doel, _punt = kader_rows(world)
    t = thema(world, "5.3")
    with bound(world):
        koppeling = services.link_kader(by=world.members["coordinator"], thema=t, doel=doel)
    client = client_for(world, "thema_eigenaar")
    client.post(reverse("ivp:thema_link", kwargs={"pk": t.pk}), {"doel": f"doel:{doel.pk}"})
    unlink = reverse("ivp:thema_unlink", kwargs={"pk": koppeling.pk})
    assert "waarvan u geen eigenaar bent" in client.get(unlink).content.decode()
    client.post(unlink)
    with bound(world):
        assert list(ThemaKoppeling.objects.all()) == [koppeling]


# --- who reaches which page -----------------------------------------------------------------------


def _urls(personas: Any) -> list[str]:
    doel, _punt = kader_rows(personas)
    t = thema(personas, "5.3")
    with bound(personas):
        koppeling = services.link_kader(by=personas.members["coordinator"], thema=t, doel=doel)
    v = veld(personas, 1)
    return [
        reverse("ivp:themas"),
        thema_url(t),
        reverse("ivp:veld_edit", kwargs={"pk": v.pk}),
        reverse("ivp:thema_add", kwargs={"pk": v.pk}),
        reverse("ivp:thema_unlink", kwargs={"pk": koppeling.pk}),
    ]


def test_a_melder_gets_no_page_of_velden_and_themes(world: Any) -> None:
    client = client_for(world, "melder")
    for url in _urls(world):
        assert client.get(url).status_code == 403, url


def test_a_coordinator_of_another_gemeente_finds_no_veld_theme_or_link_of_gemeente_a(world: Any) -> None:
    client = client_for(world, "coordinator_b")
    for url in _urls(world)[1:]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": 1}).status_code == 404, url
    page = client.get(reverse("ivp:themas")).content.decode()
    assert "Sociale kwaliteit" not in page


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner"])
def test_readers_get_no_edit_page(world: Any, role: str) -> None:
    client = client_for(world, role)
    urls = _urls(world)
    for url in urls[2:]:
        assert client.get(url).status_code == 403, url
    assert client.get(urls[1]).status_code == 200
