"""One action: who sees which form, what the forms refuse, conflicts, adding and deleting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ivp.models import Actie
from lib.concurrency import CONFLICT_MESSAGE

from .programma_world import BASE, World, world_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas: Any) -> World:
    return world_of(personas)


def url_of(actie: Actie) -> str:
    return reverse("ivp:actie", kwargs={"pk": actie.pk})


def full(world: World, actie: Actie, **changes: Any) -> dict[str, Any]:
    """The whole form of ``actie`` as stored, with ``changes``."""
    data = {
        "actiepunt": actie.actiepunt,
        "thema": actie.thema_id,
        "doelstelling": actie.doelstelling_id or "",
        "activiteit": actie.activiteit or "",
        "obe_type": actie.obe_type or "",
        "eigenaar": actie.eigenaar or "",
        "organisatie": actie.organisatie_id or "",
        "partners": actie.partners or "",
        "schaal": actie.schaal,
        "start": actie.start or "",
        "eind": actie.eind or "",
        "budget": actie.budget if actie.budget is not None else "",
        "status": actie.status,
        "voortgang": actie.voortgang,
        "evaluatie": actie.evaluatie or "",
        "version": actie.version,
    }
    return {**data, **changes}


def progress(actie: Actie, **changes: Any) -> dict[str, Any]:
    return {"status": actie.status, "voortgang": actie.voortgang, "evaluatie": "", "version": actie.version, **changes}


# --- who sees which form ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "which", "form"),
    [
        ("coordinator", "own", "Actie wijzigen"),
        ("coordinator", "gemeente", "Actie wijzigen"),
        ("thema_eigenaar", "own", "Actie wijzigen"),  # veld 1 is theirs
        ("thema_eigenaar", "gemeente", None),  # veld 4 is not
        ("ketenpartner", "own", "Voortgang bijwerken"),
        ("ketenpartner", "gemeente", None),
        ("bestuurder", "own", None),
        ("auditor", "gemeente", None),
    ],
)
def test_each_role_sees_the_form_it_may_use_and_otherwise_reads(
    world: World, role: str, which: str, form: str | None
) -> None:
    actie = getattr(world, which)
    page = world.client(role).get(url_of(actie)).content.decode()
    assert actie.actiepunt in page and "Uitvoerende organisatie" in page
    for heading in ("Actie wijzigen", "Voortgang bijwerken"):
        assert (heading in page) == (heading == form), heading
    assert ('name="actiepunt"' in page) == (form == "Actie wijzigen")
    assert ("Deze actie verwijderen" in page) == (form == "Actie wijzigen")


def test_the_partner_is_told_why_the_gemeentes_own_action_is_read_only(world: World) -> None:
    page = world.client("ketenpartner").get(url_of(world.gemeente)).content.decode()
    assert "De gemeente zelf voert deze actie uit. U kunt alleen de voortgang bijwerken" in page


def test_a_melder_and_another_gemeente_get_nothing(world: World) -> None:
    assert world.client("melder").get(url_of(world.own)).status_code == 403
    assert world.client("coordinator_b").get(url_of(world.own)).status_code == 404


# --- the whole action -------------------------------------------------------------------------


def test_the_coordinator_changes_every_field(world: World) -> None:
    data = full(
        world,
        world.gemeente,
        actiepunt="Voorlichting rookmelders in alle wijken",
        obe_type="organisatorisch",
        eigenaar="Brandweer en gemeente",
        organisatie=world.personas.partner_a.pk,
        schaal="bovenlokaal",
        start="2027-02-01",
        eind="2027-10-31",
        budget="7500,25",
        status="lopend",
        voortgang=30,
        evaluatie="Goede opkomst.",
    )
    response = world.client("coordinator").post(url_of(world.gemeente), data)
    assert response.status_code == 302
    stored = world.fresh(world.gemeente)
    assert stored.actiepunt == "Voorlichting rookmelders in alle wijken"
    assert (stored.obe_type, stored.schaal, str(stored.budget), stored.voortgang) == (
        "organisatorisch",
        "bovenlokaal",
        "7500.25",
        30,
    )
    assert stored.organisatie_id == world.personas.partner_a.pk
    assert (stored.start, stored.eind) == (datetime.date(2027, 2, 1), datetime.date(2027, 10, 31))
    assert stored.voortgang_op is not None


def test_the_owner_of_the_veld_edits_its_action_but_not_into_another_veld(world: World) -> None:
    client = world.client("thema_eigenaar")
    assert client.post(url_of(world.own), full(world, world.own, eigenaar="Wijkteam Noord")).status_code == 302
    own = world.fresh(world.own)
    assert own.eigenaar == "Wijkteam Noord"
    page = client.post(url_of(world.own), full(world, own, thema=world.thema("4.2").pk)).content.decode()
    assert "Selecteer een geldige keuze" in page, "themes of velden they do not own are not offered"
    assert world.fresh(world.own).thema_id == own.thema_id


def test_the_owner_of_another_veld_cannot_post_the_form(world: World) -> None:
    response = world.client("thema_eigenaar").post(url_of(world.gemeente), full(world, world.gemeente, eigenaar="X"))
    assert response.status_code == 403
    assert world.fresh(world.gemeente).eigenaar is None


BAD = [
    ({"eind": "9999-12-31"}, "Vul een datum in tussen 01-01-1900 en 31-12-2999."),
    ({"eind": "2150-01-01"}, "Kies een datum tussen 2000 en 2100."),
    ({"start": "2027-06-01", "eind": "2027-01-01"}, "Het einde ligt niet voor de start."),
    ({"budget": "-5"}, "Een budget is niet negatief."),
    ({"budget": "99999999999"}, "Een budget is kleiner dan 10 miljard euro."),
    ({"voortgang": "150"}, "De voortgang ligt tussen 0 en 100 procent."),
    ({"voortgang": "-1"}, "De voortgang ligt tussen 0 en 100 procent."),
    ({"status": "afgerond", "voortgang": "80"}, "Een afgeronde actie staat op 100 procent."),
    ({"actiepunt": ""}, "Beschrijf het actiepunt."),
]


@pytest.mark.parametrize(("changes", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_values_get_a_dutch_message_and_nothing_is_stored(
    world: World, changes: dict[str, Any], message: str
) -> None:
    before = world.fresh(world.own)
    response = world.client("coordinator").post(url_of(world.own), full(world, before, eigenaar="Nieuw", **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "<title>Niet opgeslagen:" in page and 'id="formulier-fouten"' in page
    after = world.fresh(world.own)
    assert (after.eigenaar, after.version) == (before.eigenaar, before.version)


def test_a_stale_edit_shows_what_someone_else_stored_and_saves_on_the_second_try(world: World) -> None:
    actie = world.own
    world.client("ketenpartner").post(url_of(actie), progress(actie, voortgang=60, status="lopend"))
    mine = world.client("coordinator")
    page = mine.post(url_of(actie), full(world, actie, eigenaar="Mijn eigenaar")).content.decode()
    assert str(CONFLICT_MESSAGE) in page
    # beside status and voortgang (theirs) and eigenaar (mine), not beside the fields nobody changed
    assert page.count("Nu opgeslagen (door een ander gewijzigd)") == 3
    assert f'name="version" value="{actie.version + 1}"' in page
    assert "Gepland" in page and world.fresh(actie).eigenaar is None
    response = mine.post(url_of(actie), full(world, actie, eigenaar="Mijn eigenaar", version=actie.version + 1))
    assert response.status_code == 302
    assert world.fresh(actie).eigenaar == "Mijn eigenaar"


# --- the progress of a partner ----------------------------------------------------------------


def test_the_partner_updates_the_progress_of_their_own_organisations_action(world: World) -> None:
    client = world.client("ketenpartner")
    data = progress(world.own, status="lopend", voortgang=45, evaluatie="Twee buurten gestart.", actiepunt="Gekaapt")
    response = client.post(url_of(world.own), data, follow=True)
    assert "De actie “Buurtpreventie uitbreiden” is opgeslagen." in response.content.decode()
    stored = world.fresh(world.own)
    assert (stored.status, stored.voortgang, stored.evaluatie) == ("lopend", 45, "Twee buurten gestart.")
    assert stored.actiepunt == "Buurtpreventie uitbreiden", "the partner's form holds only the progress"


def test_the_partner_cannot_update_the_gemeentes_own_action(world: World) -> None:
    response = world.client("ketenpartner").post(url_of(world.gemeente), progress(world.gemeente, voortgang=50))
    assert response.status_code == 403
    assert world.fresh(world.gemeente).voortgang == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"voortgang": "101"}, "De voortgang ligt tussen 0 en 100 procent."),
        ({"status": "afgerond", "voortgang": "90"}, "Een afgeronde actie staat op 100 procent."),
        ({"voortgang": "veel"}, "Vul een heel getal in tussen 0 en 100."),
    ],
)
def test_the_partners_bad_progress_is_refused_in_dutch(world: World, changes: dict[str, Any], message: str) -> None:
    page = world.client("ketenpartner").post(url_of(world.own), progress(world.own, **changes)).content.decode()
    assert message in page
    assert world.fresh(world.own).version == world.own.version


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_cannot_post_anything(world: World, role: str) -> None:
    assert world.client(role).post(url_of(world.own), progress(world.own, voortgang=10)).status_code == 403
    assert world.fresh(world.own).voortgang == 0


def test_the_action_page_costs_a_fixed_number_of_queries(world: World) -> None:
    for role, budget in (("coordinator", BASE + 4), ("ketenpartner", BASE + 1)):
        client = world.client(role)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url_of(world.own)).status_code == 200
        # the action with programme, plan, theme, veld, organisation, goal, origin and flags; the
        # whole form adds the themes, the goals of the plan and the partner organisations
        assert len(ctx.captured_queries) == budget, role


# --- adding and deleting ----------------------------------------------------------------------


def test_the_coordinator_adds_an_action_for_a_partner(world: World) -> None:
    url = reverse("ivp:actie_add", kwargs={"pk": world.programma.pk})
    data = {
        "actiepunt": "Hotspotaanpak woninginbraak",
        "thema": world.thema("1.3").pk,
        "doelstelling": world.own.doelstelling_id,
        "organisatie": world.personas.partner_a.pk,
        "schaal": "lokaal",
        "status": "gepland",
        "voortgang": "0",
        "budget": "2500",
    }
    response = world.client("coordinator").post(url, data)
    with world.bound():
        nieuw = Actie.objects.get(actiepunt="Hotspotaanpak woninginbraak")
    assert response.status_code == 302 and response["Location"] == url_of(nieuw)
    assert (nieuw.organisatie_id, nieuw.programma_id, str(nieuw.budget)) == (
        world.personas.partner_a.pk,
        world.programma.pk,
        "2500.00",
    )


def test_the_add_form_offers_only_the_gemeentes_partners_and_refuses_another(world: World) -> None:
    from tests import factories

    vreemd = factories.make_partner(world.personas.gemeente_b, "Politie Beedorp")
    url = reverse("ivp:actie_add", kwargs={"pk": world.programma.pk})
    client = world.client("coordinator")
    page = client.get(url).content.decode()
    assert "Politie Eenheid Aa" in page and "Politie Beedorp" not in page
    assert "Minder woninginbraken" in page, "the goals of the programme's plan are offered"
    data = {"actiepunt": "Overname", "thema": world.thema("1.3").pk, "organisatie": vreemd.pk}
    page = client.post(url, {**data, "schaal": "lokaal", "status": "gepland", "voortgang": "0"}).content.decode()
    assert "Selecteer een geldige keuze" in page
    with world.bound():
        assert not Actie.objects.filter(actiepunt="Overname").exists()


def test_an_empty_add_form_names_what_is_missing(world: World) -> None:
    url = reverse("ivp:actie_add", kwargs={"pk": world.programma.pk})
    page = world.client("coordinator").post(url, {}).content.decode()
    for message in ("Beschrijf het actiepunt.", "Kies het thema van de actie.", "Vul de voortgang in."):
        assert message in page


def test_a_partner_adds_nothing(world: World) -> None:
    url = reverse("ivp:actie_add", kwargs={"pk": world.programma.pk})
    assert world.client("ketenpartner").get(url).status_code == 403


def test_deleting_asks_for_confirmation_first(world: World) -> None:
    url = reverse("ivp:actie_delete", kwargs={"pk": world.gemeente.pk})
    client = world.client("coordinator")
    page = client.get(url).content.decode()
    assert (
        "Weet u zeker dat u de actie “Voorlichting rookmelders” uit uitvoeringsprogramma 2027 wilt verwijderen?" in page
    )
    assert world.fresh(world.gemeente).pk == world.gemeente.pk
    response = client.post(url, {"version": world.gemeente.version})
    assert response.status_code == 302 and response["Location"] == world.programma.get_absolute_url()
    with world.bound():
        assert not Actie.objects.filter(pk=world.gemeente.pk).exists()


def test_a_stale_deletion_is_refused(world: World) -> None:
    url = reverse("ivp:actie_delete", kwargs={"pk": world.gemeente.pk})
    response = world.client("coordinator").post(url, {"version": world.gemeente.version + 1}, follow=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    with world.bound():
        assert Actie.objects.filter(pk=world.gemeente.pk).exists()


def test_the_owner_of_another_veld_cannot_delete(world: World) -> None:
    url = reverse("ivp:actie_delete", kwargs={"pk": world.gemeente.pk})
    client = world.client("thema_eigenaar")
    assert "Dit hoort bij een veiligheidsveld waarvan u geen eigenaar bent" in client.get(url).content.decode()
    client.post(url, {"version": world.gemeente.version})
    with world.bound():
        assert Actie.objects.filter(pk=world.gemeente.pk).exists()
