"""The pages of the veiligheidsanalyse: who sees and changes what, the charts with their tables and
figures per 1,000 inwoners, bad input, conflicts, and query counts that do not grow with the data."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ivp.models import Indicator, Inwonertal, Meting, Misdrijfkoppeling, Thema
from lib import tenancy
from lib.concurrency import CONFLICT_MESSAGE

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(personas: Any) -> Any:
    """Gemeente A's plan (factories.add_ivp); the thema-eigenaar owns veld 1 (veilige woon- en leefomgeving)."""
    te = personas.members["thema_eigenaar"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        te.themes = ["veilige_woon_leefomgeving"]
        te.save(update_fields=["themes"])
    personas.ivp_of()
    return personas


def bound(p: Any) -> Any:
    return tenancy.bound(gemeente=p.gemeente_a.pk, user=p.members["coordinator"].user_id)


def client_for(p: Any, role: str) -> Client:
    client = Client()
    client.force_login(p.user(role))
    client.get(reverse("dashboard:home"))  # the first request stores the active gemeente
    return client


def thema(p: Any, code: str) -> Thema:
    with bound(p):
        return Thema.objects.select_related("veld").get(gemeente_id=p.gemeente_a.pk, code=code)


def woninginbraak(p: Any) -> Indicator:
    with bound(p):
        return Indicator.objects.get(gemeente_id=p.gemeente_a.pk, bronsleutel="bbv:woninginbraak")


def fresh(p: Any, obj: Any) -> Any:
    with bound(p):
        return type(obj)._default_manager.filter(pk=obj.pk).first()


def new_indicator(p: Any, code: str, naam: str, *, months: int = 0, **fields: Any) -> Indicator:
    """An indicator of theme ``code`` with ``months`` monthly figures (10 each) ending in December 2025."""
    with bound(p):
        ind = Indicator.objects.create(gemeente_id=p.gemeente_a.pk, thema=thema(p, code), naam=naam, **fields)
        rows = [(2025 - i // 12, 12 - i % 12) for i in range(months)]
        Meting.objects.bulk_create(
            Meting(gemeente_id=p.gemeente_a.pk, indicator=ind, jaar=j, maand=m, waarde=D(10)) for j, m in rows
        )
    return ind


def count(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def analyse_url(p: Any, code: str = "1.3", **query: str) -> str:
    url = reverse("ivp:analyse_thema", kwargs={"pk": thema(p, code).pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor", "ketenpartner"])
def test_every_reader_of_the_plan_sees_the_overview_and_a_theme(world: Any, role: str) -> None:
    client = client_for(world, role)
    page = client.get(reverse("ivp:analyse")).content.decode()
    assert "Diefstallen uit woning" in page and "3,1 per 1.000 inwoners" in page
    assert client.get(analyse_url(world)).status_code == 200


def test_a_melder_has_no_access_to_the_analysis(world: Any) -> None:
    client = client_for(world, "melder")
    assert client.get(reverse("ivp:analyse")).status_code == 403
    assert client.get(analyse_url(world)).status_code == 403


def test_a_coordinator_of_another_gemeente_finds_none_of_its_objects(world: Any) -> None:
    client = client_for(world, "coordinator_b")
    ind = woninginbraak(world)
    with bound(world):
        meting = Meting.objects.filter(indicator=ind).first()
    assert meting is not None
    for name, pk in [
        ("ivp:analyse_thema", thema(world, "1.3").pk),
        ("ivp:indicator_add", thema(world, "1.3").pk),
        ("ivp:indicator_edit", ind.pk),
        ("ivp:indicator_delete", ind.pk),
        ("ivp:meting_add", ind.pk),
        ("ivp:indicator_gebieden", ind.pk),
        ("ivp:meting_delete", meting.pk),
    ]:
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 404, name
    page = client.get(reverse("ivp:analyse")).content.decode()
    assert "Diefstallen uit woning" not in page and "nog niet gestart" in page


# --- the overview -------------------------------------------------------------------------------


def test_the_overview_shows_each_indicator_with_its_latest_figure_trend_and_kind(world: Any) -> None:
    page = client_for(world, "bestuurder").get(reverse("ivp:analyse")).content.decode()
    rij = re.search(r"Diefstallen uit woning</th>(.*?)</tr>", page, re.S)
    assert rij is not None
    cells = re.sub(r"<[^>]+>", "|", rij.group(1))
    assert "Objectief" in cells and "3,1 per 1.000 inwoners" in cells and "2025" in cells
    assert "daalt, gunstig |(2024–2025)" in cells
    assert "Subjectief" in page  # the Veiligheidsmonitor indicators


def test_the_overview_leaves_out_hidden_themes(world: Any) -> None:
    with bound(world):
        Thema.objects.filter(gemeente_id=world.gemeente_a.pk, code="1.3").update(verborgen=True)
    page = client_for(world, "coordinator").get(reverse("ivp:analyse")).content.decode()
    assert "Veelvoorkomende criminaliteit" not in page and "Diefstallen uit woning" not in page


def test_the_overview_takes_as_many_queries_for_30_indicators_of_120_months_as_for_one(world: Any) -> None:
    client = client_for(world, "coordinator")
    new_indicator(world, "2.2", "Inbraak op bedrijventerreinen", months=120)
    small, _ = count(client, reverse("ivp:analyse"))
    codes = ["1.1", "1.2", "2.3", "3.1", "4.1", "5.2"]
    for i in range(29):
        new_indicator(world, codes[i % len(codes)], f"Registraties {i}", months=120)
    large, page = count(client, reverse("ivp:analyse"))
    assert small == large
    assert "Registraties 28" in page and "120" in page  # a year of 12 × 10


# --- one theme ----------------------------------------------------------------------------------


def test_a_theme_shows_a_chart_its_summary_and_the_table_with_the_figures(world: Any) -> None:
    page = client_for(world, "ketenpartner").get(analyse_url(world)).content.decode()
    ind = woninginbraak(world)
    assert f'aria-labelledby="grafiek-{ind.pk}-titel grafiek-{ind.pk}-beschrijving"' in page
    assert "gedaald van 3,4 per 1.000 inwoners in 2024 naar 3,1 per 1.000 inwoners in 2025" in page
    assert "Tabel bij de grafiek" in page
    table = page[page.index(f'id="tabel-{ind.pk}"') :]
    table = table[: table.index("</table>")]
    cells = [c.strip() for c in re.findall(r"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", table, re.S)]
    assert cells == ["Periode", "Aastad", "2024", "3,4", "2025", "3,1"]
    assert "Streefwaarde: 2,5" in page  # the goal of the plan draws its target line


def test_monthly_figures_show_as_years_and_the_last_24_months_on_request(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Fietsdiefstal", months=30)
    client = client_for(world, "coordinator")
    page = client.get(analyse_url(world)).content.decode()
    table = page[page.index(f'id="tabel-{ind.pk}"') :]
    years = re.findall(r'scope="row">(\d{4})</th>\s*<td[^>]*>(\d+)<', table[: table.index("</table>")])
    assert years == [("2023", "60"), ("2024", "120"), ("2025", "120")]  # the months of each year, 10 each
    page = client.get(analyse_url(world, weergave="maanden")).content.decode()
    table = page[page.index(f'id="tabel-{ind.pk}"') :]
    rows = re.findall(r'scope="row">([a-z]+ \d{4})</th>', table[: table.index("</table>")])
    assert len(rows) == 24 and rows[0] == "jan 2024" and rows[-1] == "dec 2025"


def test_a_running_year_stays_out_of_the_yearly_chart_and_says_so(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Zakkenrollerij", months=18)  # 2025 complete, 2024 from July
    page = client_for(world, "coordinator").get(analyse_url(world)).content.decode()
    section = page[page.index(f'id="indicator-{ind.pk}"') :]
    assert "Van 2024 zijn de maanden tot en met december bekend" not in section
    with bound(world):
        Meting.objects.filter(indicator=ind, jaar=2025, maand__gt=6).delete()
    page = client_for(world, "coordinator").get(analyse_url(world)).content.decode()
    section = page[page.index(f'id="indicator-{ind.pk}"') :]
    assert "Van 2025 zijn de maanden tot en met juni bekend" in section


def test_figures_per_1000_inwoners_use_the_population_of_their_year(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Diefstal uit auto's", per_1000=True)
    with bound(world):
        Meting.objects.create(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2024, waarde=D(120))
        Meting.objects.create(gemeente_id=world.gemeente_a.pk, indicator=ind, jaar=2025, waarde=D(126))
        Inwonertal.objects.filter(gemeente_id=world.gemeente_a.pk).delete()
        Inwonertal.objects.create(gemeente_id=world.gemeente_a.pk, jaar=2025, aantal=42000)
    page = client_for(world, "coordinator").get(analyse_url(world)).content.decode()
    table = page[page.index(f'id="tabel-{ind.pk}"') :]
    cells = [c.strip() for c in re.findall(r"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", table[: table.index("</table>")], re.S)]
    assert cells == ["Periode", "Aastad", "Per 1.000 inwoners", "2024", "120", "geen inwonertal", "2025", "126", "3"]


def test_the_theme_page_takes_as_many_queries_for_30_indicators_of_120_months_as_for_one(world: Any) -> None:
    client = client_for(world, "coordinator")
    new_indicator(world, "2.2", "Inbraak", months=120, bronsleutel="politie:misdrijf:2.5.1:GeregistreerdeMisdrijven_1")
    small = [
        count(client, analyse_url(world, "2.2"))[0],
        count(client, analyse_url(world, "2.2", weergave="maanden"))[0],
    ]
    for i in range(29):
        new_indicator(world, "2.2", f"Registraties {i}", months=120, bronsleutel=f"politie:misdrijf:x{i}:Aangiften_2")
    large = [
        count(client, analyse_url(world, "2.2"))[0],
        count(client, analyse_url(world, "2.2", weergave="maanden"))[0],
    ]
    assert small == large
    assert large[1] == large[0] + 1  # the months are one query more


def test_the_wijken_and_buurten_with_the_highest_figures_with_a_link_to_all(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Woninginbraak", bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1")
    with bound(world):
        Meting.objects.bulk_create(
            Meting(
                gemeente_id=world.gemeente_a.pk,
                indicator=ind,
                jaar=2024,
                gebied=f"BU900100{i:02d}",
                gebied_naam=f"Buurt {i}",
                waarde=D(i),
            )
            for i in range(12)
        )
    client = client_for(world, "coordinator")
    page = client.get(analyse_url(world)).content.decode()
    section = page[page.index(f'id="indicator-{ind.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Wijken en buurten in 2024" in section
    assert re.findall(r'scope="row">BU900100\d+</th>\s*<td[^>]*>(Buurt \d+)<', section) == [
        f"Buurt {i}" for i in range(11, 1, -1)
    ]
    alle = reverse("ivp:indicator_gebieden", kwargs={"pk": ind.pk})
    assert alle in section
    by_name = client.get(alle + "?sorteer=naam").content.decode()
    assert re.findall(r"<td[^>]*>(Buurt \d+)<", by_name)[:3] == ["Buurt 0", "Buurt 1", "Buurt 10"]
    assert 'aria-sort="ascending"' in by_name
    lowest = client.get(alle + "?sorteer=waarde-oplopend").content.decode()
    assert re.findall(r"<td[^>]*>(Buurt \d+)<", lowest)[0] == "Buurt 0"


# --- the story behind the numbers ---------------------------------------------------------------


def test_the_owner_of_the_veld_writes_the_story_behind_the_numbers(world: Any) -> None:
    t = thema(world, "1.3")
    client = client_for(world, "thema_eigenaar")
    response = client.post(analyse_url(world), {"verhaal": "Een inbraakgolf in Noord.", "version": t.version})
    assert response.status_code == 302
    assert fresh(world, t).verhaal == "Een inbraakgolf in Noord."
    assert "Een inbraakgolf in Noord." in client_for(world, "bestuurder").get(analyse_url(world)).content.decode()


def test_a_thema_eigenaar_of_another_veld_reads_the_story_but_cannot_change_it(world: Any) -> None:
    t = thema(world, "2.1")
    client = client_for(world, "thema_eigenaar")
    page = client.get(analyse_url(world, "2.1")).content.decode()
    assert 'name="verhaal"' not in page and "Indicator toevoegen" not in page
    page = client.post(analyse_url(world, "2.1"), {"verhaal": "Overgenomen.", "version": t.version}).content.decode()
    assert "geen eigenaar" in page
    assert fresh(world, t).verhaal is None


def test_a_bestuurder_cannot_post_a_story(world: Any) -> None:
    t = thema(world, "1.3")
    response = client_for(world, "bestuurder").post(analyse_url(world), {"verhaal": "x", "version": t.version})
    assert response.status_code == 403
    assert fresh(world, t).verhaal is None


def test_a_stale_story_keeps_the_users_text_and_shows_the_stored_one(world: Any) -> None:
    t = thema(world, "1.3")
    client_for(world, "coordinator").post(analyse_url(world), {"verhaal": "Eerste.", "version": t.version})
    page = client_for(world, "thema_eigenaar").post(analyse_url(world), {"verhaal": "Tweede.", "version": t.version})
    text = page.content.decode()
    assert str(CONFLICT_MESSAGE) in text and "Tweede.</textarea>" in text and "Eerste." in text
    assert fresh(world, t).verhaal == "Eerste."


# --- indicators ---------------------------------------------------------------------------------


def test_a_thema_eigenaar_adds_an_indicator_to_a_theme_of_their_veld(world: Any) -> None:
    url = reverse("ivp:indicator_add", kwargs={"pk": thema(world, "1.1").pk})
    data = {"naam": "Meldingen burenruzie", "soort": "objectief", "eenheid": "aantal", "lager_is_beter": "on"}
    response = client_for(world, "thema_eigenaar").post(url, data)
    assert response.status_code == 302
    with bound(world):
        ind = Indicator.objects.get(naam="Meldingen burenruzie")
    assert (ind.thema.code, ind.bron, ind.referentie_naam, ind.lager_is_beter) == ("1.1", "", "", True)


def test_a_thema_eigenaar_cannot_add_an_indicator_to_another_veld(world: Any) -> None:
    url = reverse("ivp:indicator_add", kwargs={"pk": thema(world, "2.1").pk})
    client = client_for(world, "thema_eigenaar")
    assert "geen eigenaar" in client.get(url).content.decode()
    client.post(url, {"naam": "Winkeldiefstal per winkel", "soort": "objectief", "eenheid": "aantal"})
    with bound(world):
        assert not Indicator.objects.filter(naam="Winkeldiefstal per winkel").exists()


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner", "melder"])
def test_readers_cannot_open_the_indicator_forms(world: Any, role: str) -> None:
    client = client_for(world, role)
    ind = woninginbraak(world)
    for name, pk in [("ivp:indicator_add", thema(world, "1.3").pk), ("ivp:indicator_edit", ind.pk)]:
        assert client.get(reverse(name, kwargs={"pk": pk})).status_code == 403


def test_an_indicator_name_is_unique_within_its_theme(world: Any) -> None:
    url = reverse("ivp:indicator_add", kwargs={"pk": thema(world, "1.3").pk})
    page = client_for(world, "coordinator").post(url, {"naam": "diefstallen uit woning", "soort": "objectief"})
    assert "Dit thema heeft al een indicator met deze naam." in page.content.decode()


def test_an_indicator_is_changed_and_moved_to_another_theme(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Fietsendiefstal")
    url = reverse("ivp:indicator_edit", kwargs={"pk": ind.pk})
    data = {"thema": str(thema(world, "1.2").pk), "naam": "Fietsdiefstal", "soort": "objectief", "eenheid": "aantal"}
    response = client_for(world, "coordinator").post(url, {**data, "version": ind.version})
    assert response.status_code == 302
    stored = fresh(world, ind)
    assert (stored.naam, stored.thema_id, stored.lager_is_beter) == ("Fietsdiefstal", thema(world, "1.2").pk, False)


def test_a_thema_eigenaar_cannot_move_an_indicator_out_of_their_velden(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Fietsendiefstal")
    page = client_for(world, "thema_eigenaar").get(reverse("ivp:indicator_edit", kwargs={"pk": ind.pk})).content
    assert f'value="{thema(world, "2.1").pk}"'.encode() not in page
    assert f'value="{thema(world, "1.2").pk}"'.encode() in page


def test_an_indicator_a_goal_measures_with_is_not_deleted(world: Any) -> None:
    ind = woninginbraak(world)
    url = reverse("ivp:indicator_delete", kwargs={"pk": ind.pk})
    page = client_for(world, "coordinator").post(url, {"version": ind.version}).content.decode()
    assert "Een doelstelling meet met deze indicator" in page
    assert fresh(world, ind) is not None


def test_an_indicator_is_deleted_with_its_figures_after_confirmation(world: Any) -> None:
    ind = new_indicator(world, "1.3", "Zakkenrollerij", months=3)
    url = reverse("ivp:indicator_delete", kwargs={"pk": ind.pk})
    client = client_for(world, "coordinator")
    assert "Weet u zeker" in client.get(url).content.decode()
    assert client.post(url, {"version": ind.version}).status_code == 302
    assert fresh(world, ind) is None
    with bound(world):
        assert not Meting.objects.filter(indicator_id=ind.pk).exists()


# --- figures ------------------------------------------------------------------------------------


def meting_url(ind: Indicator) -> str:
    return reverse("ivp:meting_add", kwargs={"pk": ind.pk})


def test_a_figure_is_entered_and_replaces_the_one_of_the_same_period(world: Any) -> None:
    ind = woninginbraak(world)
    client = client_for(world, "thema_eigenaar")
    assert client.post(meting_url(ind), {"jaar": "2025", "waarde": "2,9", "referentiewaarde": "2.2"}).status_code == 302
    with bound(world):
        stored = Meting.objects.get(indicator=ind, jaar=2025, maand=None, gebied="")
    assert (stored.waarde, stored.referentiewaarde, stored.bron) == (D("2.9"), D("2.2"), ind.bron)
    client.post(meting_url(ind), {"jaar": "2025", "maand": "3", "waarde": "1.234,5", "gebied": "bu90010001"})
    with bound(world):
        maart = Meting.objects.get(indicator=ind, jaar=2025, maand=3)
    assert (maart.waarde, maart.gebied) == (D("1234.5"), "BU90010001")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jaar": "2025", "waarde": "veel"}, "Vul een getal in, bijvoorbeeld 12 of 3,5."),
        ({"jaar": "2025", "waarde": "1000000000000000"}, "Dit getal is te groot"),
        ({"jaar": "2025", "waarde": "1e15"}, "Dit getal is te groot"),
        ({"jaar": "2025", "waarde": "3,1415"}, "hoogstens drie cijfers achter de komma"),
        ({"jaar": "1800", "waarde": "3"}, "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": "3000", "waarde": "3"}, "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": "2025", "maand": "13", "waarde": "3"}, "Selecteer een geldige keuze"),
        ({"jaar": "2025", "waarde": "3\x00"}, "Vul een getal in"),
        ({"jaar": "2025", "waarde": "3", "gebied_naam": "Noord\x00"}, "Null-tekens zijn niet toegestaan"),
        ({"jaar": "2025", "waarde": "3", "gebied": "GM9001"}, "CBS-code van een wijk"),
        ({"jaar": "", "waarde": ""}, "Vul het jaar in."),
    ],
)
def test_a_figure_that_cannot_be_stored_gets_a_dutch_message_and_changes_nothing(
    world: Any, data: dict[str, str], message: str
) -> None:
    ind = woninginbraak(world)
    with bound(world):
        before = list(Meting.objects.filter(indicator=ind).values_list("jaar", "maand", "waarde"))
    response = client_for(world, "coordinator").post(meting_url(ind), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "<title>Niet opgeslagen:" in page
    with bound(world):
        assert list(Meting.objects.filter(indicator=ind).values_list("jaar", "maand", "waarde")) == before


def test_a_figure_is_deleted_after_confirmation(world: Any) -> None:
    ind = woninginbraak(world)
    with bound(world):
        meting = Meting.objects.filter(indicator=ind).order_by("jaar").first()
    assert meting is not None
    url = reverse("ivp:meting_delete", kwargs={"pk": meting.pk})
    client = client_for(world, "coordinator")
    assert "Weet u zeker" in client.get(url).content.decode()
    assert client.post(url, {"version": meting.version}).status_code == 302
    assert fresh(world, meting) is None


def test_a_thema_eigenaar_of_another_veld_cannot_enter_or_delete_figures(world: Any) -> None:
    ind = new_indicator(world, "2.1", "Overvallen", months=1)
    with bound(world):
        meting = Meting.objects.get(indicator=ind)
    client = client_for(world, "thema_eigenaar")
    assert "geen eigenaar" in client.get(meting_url(ind)).content.decode()
    client.post(meting_url(ind), {"jaar": "2024", "waarde": "5"})
    client.post(reverse("ivp:meting_delete", kwargs={"pk": meting.pk}), {"version": meting.version})
    with bound(world):
        assert list(Meting.objects.filter(indicator=ind).values_list("pk", flat=True)) == [meting.pk]


# --- population ---------------------------------------------------------------------------------


def test_the_coordinator_records_the_population_of_a_year(world: Any) -> None:
    client = client_for(world, "coordinator")
    assert client.post(reverse("ivp:inwoners"), {"jaar": "2024", "aantal": "41800", "bron": ""}).status_code == 302
    page = client.get(reverse("ivp:inwoners")).content.decode()
    assert "41.800" in page and "42.000" in page
    with bound(world):
        assert Inwonertal.objects.get(jaar=2024).bron == "CBS"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"jaar": "2024", "aantal": "0"}, "Een inwonertal is minstens 1."),
        ({"jaar": "2024", "aantal": "25000000"}, "Een inwonertal ligt onder de 20 miljoen."),
        ({"jaar": "1800", "aantal": "40000"}, "Kies een jaar van 1900 tot en met 2100."),
        ({"jaar": "2024", "aantal": "veel"}, "Vul een aantal in"),
    ],
)
def test_a_wrong_population_gets_a_dutch_message(world: Any, data: dict[str, str], message: str) -> None:
    page = client_for(world, "coordinator").post(reverse("ivp:inwoners"), data).content.decode()
    assert message in page
    with bound(world):
        assert list(Inwonertal.objects.values_list("jaar", flat=True)) == [2025]


def test_a_bestuurder_reads_the_population_but_cannot_change_it(world: Any) -> None:
    client = client_for(world, "bestuurder")
    page = client.get(reverse("ivp:inwoners")).content.decode()
    assert "42.000" in page and 'name="aantal"' not in page
    assert client.post(reverse("ivp:inwoners"), {"jaar": "2024", "aantal": "1"}).status_code == 403


# --- police codes -------------------------------------------------------------------------------


def koppeling(p: Any, code: str) -> Misdrijfkoppeling:
    with bound(p):
        return Misdrijfkoppeling.objects.select_related("thema").get(gemeente_id=p.gemeente_a.pk, code=code)


def koppeling_data(p: Any, changes: dict[str, str | None]) -> dict[str, str]:
    with bound(p):
        rows = list(Misdrijfkoppeling.objects.filter(gemeente_id=p.gemeente_a.pk))
    data = {}
    for k in rows:
        data[f"{k.pk}-thema"] = str(k.thema_id or "")
        data[f"{k.pk}-version"] = str(k.version)
        if k.code in changes:
            data[f"{k.pk}-thema"] = changes[k.code] or ""
    return data


def test_the_coordinator_maps_police_codes_to_themes_in_one_form(world: Any) -> None:
    client = client_for(world, "coordinator")
    page = client.get(reverse("ivp:koppelingen")).content.decode()
    assert page.count("<select") == 68
    assert "Geen thema: cijfers van deze code worden bij import overgeslagen." in page  # the total 0.0.0
    data = koppeling_data(world, {"1.1.1": str(thema(world, "1.2").pk), "1.2.3": None})
    assert client.post(reverse("ivp:koppelingen"), data).status_code == 302
    assert koppeling(world, "1.1.1").thema_id == thema(world, "1.2").pk
    assert koppeling(world, "1.2.3").thema_id is None
    assert koppeling(world, "1.2.4").version == 1  # rows not changed are not written


def test_a_code_someone_else_mapped_meanwhile_stops_the_save_and_shows_what_is_stored(world: Any) -> None:
    stale = koppeling_data(world, {"1.1.1": str(thema(world, "1.2").pk), "1.2.4": None})
    client = client_for(world, "coordinator")
    client.post(reverse("ivp:koppelingen"), koppeling_data(world, {"1.1.1": str(thema(world, "1.1").pk)}))
    page = client.post(reverse("ivp:koppelingen"), stale).content.decode()
    assert "Iemand anders heeft intussen de koppeling van 1.1.1 gewijzigd" in page
    assert "Nu opgeslagen (door een ander gewijzigd):</strong> 1.1 Sociale kwaliteit" in page
    assert koppeling(world, "1.2.4").thema_id is not None  # nothing of this save was stored
    again = koppeling_data(world, {"1.1.1": str(thema(world, "1.2").pk), "1.2.4": None})
    assert client.post(reverse("ivp:koppelingen"), again).status_code == 302
    assert koppeling(world, "1.1.1").thema_id == thema(world, "1.2").pk


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder", "ketenpartner"])
def test_others_read_the_mapping_but_cannot_change_it(world: Any, role: str) -> None:
    client = client_for(world, role)
    page = client.get(reverse("ivp:koppelingen")).content.decode()
    assert "<select" not in page and "Diefstal/inbraak woning" in page
    data = koppeling_data(world, {"1.1.1": None})
    assert client.post(reverse("ivp:koppelingen"), data).status_code == 403
    assert koppeling(world, "1.1.1").thema_id is not None


# --- in the browser -----------------------------------------------------------------------------


def _full_theme(p: Any) -> list[str]:
    """Theme 1.3 with monthly, per-1,000 and area figures and a long story: the URLs of its pages."""
    ind = new_indicator(
        p,
        "1.3",
        "Diefstal/inbraak woning (geregistreerde misdrijven, politie 1.1.1)",
        months=30,
        per_1000=True,
        bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1",
    )
    with bound(p):
        Meting.objects.bulk_create(
            Meting(
                gemeente_id=p.gemeente_a.pk,
                indicator=ind,
                jaar=2025,
                gebied=code,
                gebied_naam=f"Buurt met een lange naam {i}",
                waarde=D(i),
            )
            for i, code in enumerate([*(f"BU900100{i:02d}" for i in range(12)), "WK900100"])
        )
        Thema.objects.filter(gemeente_id=p.gemeente_a.pk, code="1.3").update(verhaal="Een inbraakgolf. " * 40)
    return [
        analyse_url(p),
        analyse_url(p, weergave="maanden"),
        reverse("ivp:indicator_gebieden", kwargs={"pk": ind.pk}),
        reverse("ivp:meting_add", kwargs={"pk": ind.pk}),
        reverse("ivp:koppelingen"),
        reverse("ivp:inwoners"),
        reverse("ivp:analyse"),
    ]


@pytest.mark.browser
def test_the_analysis_pages_have_no_axe_violations_and_reflow_at_320_pixels(
    personas: Any, live_server: Any, transactional_db: Any
) -> None:
    from tests.browser import launch_browser
    from tests.test_accessibility import axe_report, axe_results, browser_context, logged_in_client
    from tests.test_table_reflow import MEASURE, NARROW

    personas.ivp_of()
    urls = _full_theme(personas)
    client = logged_in_client(personas.user("coordinator"))
    problems: list[str] = []
    with launch_browser() as browser:
        context = browser_context(browser, client, live_server.url)
        try:
            page = context.new_page()
            page.set_viewport_size(NARROW)
            for url in urls:
                response = page.goto(url)
                assert response is not None and response.status == 200, url
                page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
                problems += [f"{url}: {problem}" for problem in page.evaluate(MEASURE)]
                results = axe_results(page)
                if results["violations"]:
                    problems.append(axe_report(url, results))
                svg = page.locator("figure.kapstok-grafiek svg").first
                if svg.count():
                    box = svg.bounding_box()
                    assert box is not None and box["width"] <= NARROW["width"], (
                        f"{url}: the chart is wider than the screen"
                    )
        finally:
            context.close()
    assert not problems, "\n".join(problems)
