"""Importing figures as a coördinator: upload or fetch, read, check the preview, store — or not."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from background.models import Achtergrondtaak
from ivp import imports
from ivp.models import Analyseimport, Indicator, Meting
from ivp.opendata.sample import sample_bulk_csv
from ivp.tests.opendata.test_fetch import StandIn, recorded_api
from lib import tenancy
from lib.errors import StateConflict
from tests import factories

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(personas: Any, settings: Any) -> Any:
    settings.TASKS = IMMEDIATE
    personas.ivp_of()
    return personas


def login(world: Any, role: str = "coordinator") -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def api_client(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def police_figures(gemeente: Any) -> int:
    with tenancy.bound(gemeente=gemeente.pk):
        return Meting.objects.filter(indicator__bronsleutel__startswith="politie:").count()


def upload(client: Client, data: bytes, name: str = "47018NED.csv", **extra: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("ivp:import"), {"bestand": SimpleUploadedFile(name, data), **extra})


SAMPLE = sample_bulk_csv(59 * 12 * 2, gemeente_code="GM9001", gemeente_naam="Aastad", seed=3)


def the_import(world: Any) -> Analyseimport:
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        return Analyseimport.objects.order_by("-created_at")[0]


def test_a_small_file_is_previewed_at_once_and_stored_only_when_confirmed(world: Any) -> None:
    client = login(world)
    response = upload(client, SAMPLE)
    imp = the_import(world)
    assert response.status_code == 302 and response["Location"] == imp.get_absolute_url()
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "Klaar om te controleren" in page and "cijfers opslaan" in page
    assert (imp.voorbeeld or {})["bewaren"] > 1000 and (imp.voorbeeld or {})["overgeslagen"]["niet_gekoppeld"] > 0
    assert police_figures(world.gemeente_a) == 0  # nothing before the confirmation

    response = client.post(reverse("ivp:import_confirm", args=[imp.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("ivp:analyse")
    assert police_figures(world.gemeente_a) == (imp.voorbeeld or {})["bewaren"]
    assert the_import(world).status == "opgeslagen" and bytes(the_import(world).bestand) == b""


def test_throwing_away_a_preview_stores_nothing(world: Any) -> None:
    client = login(world)
    upload(client, SAMPLE)
    imp = the_import(world)
    client.post(reverse("ivp:import_cancel", args=[imp.pk]))
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert not Analyseimport.objects.filter(pk=imp.pk).exists()
    assert police_figures(world.gemeente_a) == 0


def test_a_file_of_another_table_than_chosen_is_refused_with_a_dutch_message(world: Any) -> None:
    client = login(world)
    upload(client, SAMPLE, verwachte_tabel="47013NED")
    imp = the_import(world)
    assert imp.status == "mislukt"
    page = client.get(imp.get_absolute_url()).content.decode()
    assert "47018NED" in page and "niets opgeslagen" in page
    with (
        pytest.raises(StateConflict, match="alleen een gecontroleerd voorbeeld"),
        tenancy.bound(gemeente=world.gemeente_a.pk),
    ):
        imports.confirm(by=world.members["coordinator"], imp=imp)


@pytest.mark.parametrize(
    "data",
    [b"\x00\x01\x02binary", b"", b"{not json", b"Soort misdrijf;Perioden\n1.1.1 x;2023XX99\n"],
    ids=["binary", "empty", "broken-json", "bad-period"],
)
def test_a_file_that_is_not_a_police_table_gets_a_clear_message_and_changes_nothing(world: Any, data: bytes) -> None:
    client = login(world)
    response = upload(client, data)
    if response.status_code == 400:  # refused by the form (empty file)
        assert "leeg" in response.content.decode()
    else:
        imp = the_import(world)
        assert imp.status == "mislukt" and imp.fouten, imp.fouten
    assert police_figures(world.gemeente_a) == 0


def test_a_big_file_and_a_big_store_run_in_the_background_with_their_progress(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(imports, "INLINE_BYTES", 1000)
    monkeypatch.setattr(imports, "INLINE_FIGURES", 10)
    client = login(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, SAMPLE)
    imp = the_import(world)
    assert response["Location"] == reverse("background:taak", args=[imp.taak_id])
    assert imp.status == "te_controleren" and police_figures(world.gemeente_a) == 0
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ivp:import_confirm", args=[imp.pk]))
    assert the_import(world).status == "opgeslagen"
    assert police_figures(world.gemeente_a) == (imp.voorbeeld or {})["bewaren"]
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        tasks = list(Achtergrondtaak.objects.filter(soort__startswith="ivp.import").order_by("created_at"))
    assert [(t.soort, t.status) for t in tasks] == [("ivp.import.lezen", "klaar"), ("ivp.import.opslaan", "klaar")]
    assert tasks[1].totaal == (imp.voorbeeld or {})["bewaren"] and tasks[1].voortgang == tasks[1].totaal


@pytest.fixture
def stand_in() -> Iterator[Callable[[Callable[..., Any]], StandIn]]:
    servers: list[StandIn] = []

    def start(route: Callable[..., Any]) -> StandIn:
        server = StandIn(route)
        server.thread.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.server.shutdown()
        server.server.server_close()


def as_aastad(path: str, query: dict[str, list[str]]) -> tuple[int, str, str]:
    """The recorded answers of GM1680, as if they were of gemeente A (GM9001)."""
    status, kind, body = recorded_api(path, query)
    for old, new in (("GM1680", "GM9001"), ("WK1680", "WK9001"), ("BU1680", "BU9001"), ("Aa en Hunze", "Aastad     ")):
        body = body.replace(old, new)
    return status, kind, body


def test_fetching_asks_the_api_for_the_gemeente_and_previews_before_storing(
    world: Any, settings: Any, stand_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    api = stand_in(as_aastad)
    settings.IVP_OPENDATA_URL = api.base
    client = login(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ivp:import"), {"ophalen-tabel": "47018NED", "ophalen-van": 2022, "ophalen-tot": 2023})
    assert "startswith(WijkenEnBuurten,'GM9001')" in api.data_filters()[0]
    imp = the_import(world)
    assert (imp.bron, imp.status, imp.tabel) == ("ophalen", "te_controleren", "47018NED")
    assert police_figures(world.gemeente_a) == 0
    client.post(reverse("ivp:import_confirm", args=[imp.pk]))
    assert police_figures(world.gemeente_a) == (imp.voorbeeld or {})["bewaren"] > 0
    with tenancy.bound(gemeente=world.gemeente_a.pk):
        assert Indicator.objects.filter(bronsleutel="politie:misdrijf:1.1.1:GeregistreerdeMisdrijven_1").exists()


def test_fetching_without_a_reachable_api_says_to_upload_instead(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.IVP_OPENDATA_URL = "http://127.0.0.1:9/ODataApi/OData"  # nothing listens on the discard port
    client = login(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ivp:import"), {"ophalen-tabel": "47018NED", "ophalen-van": 2022, "ophalen-tot": 2023})
    imp = the_import(world)
    assert imp.status == "mislukt" and "upload" in " ".join(imp.fouten).lower()


def test_only_a_coordinator_imports_and_another_gemeente_finds_nothing(world: Any) -> None:
    response = upload(login(world, "thema_eigenaar"), SAMPLE)
    assert response.status_code == 400 and "Alleen een coördinator" in response.content.decode()
    upload(login(world), SAMPLE)
    imp = the_import(world)
    other = Client()
    other.force_login(world.user("coordinator_b"))
    assert other.get(imp.get_absolute_url()).status_code == 404
    assert other.post(reverse("ivp:import_confirm", args=[imp.pk])).status_code == 404
    assert login(world, "ketenpartner").get(imp.get_absolute_url()).status_code == 403


def test_the_api_uploads_previews_and_confirms(world: Any) -> None:
    _token, raw = factories.make_token(world.members["coordinator"])
    client = api_client(raw)
    small = sample_bulk_csv(200, gemeente_code="GM9001", gemeente_naam="Aastad", seed=5)
    sent = {"bestandsnaam": "p.csv", "inhoud": base64.b64encode(small).decode()}
    response = client.post("/api/v1/analyse-imports", sent, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "te_controleren" and body["voorbeeld"]["bewaren"] > 0
    assert police_figures(world.gemeente_a) == 0
    confirmed = client.post(f"/api/v1/analyse-imports/{body['id']}/bevestiging", content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "opgeslagen"
    assert police_figures(world.gemeente_a) == body["voorbeeld"]["bewaren"]
    _token_b, raw_b = factories.make_token(world.coordinator_b)
    assert api_client(raw_b).get(f"/api/v1/analyse-imports/{body['id']}").status_code == 404
