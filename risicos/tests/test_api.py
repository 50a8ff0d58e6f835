"""The API of the risk register: reading per role, the whole cycle from an asset to an accepted risk and
back, ETag/If-Match, Dutch refusals that store nothing, the matrix change with its dry run, and query
budgets that do not grow with the register."""

from __future__ import annotations

import json
import re
from typing import Any, get_args

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate

from kader.models import Doel, WetOfNorm
from lib import tenancy
from lib.concurrency import etag
from organisations.models import Thema as BeveiligingsThema
from risicos import analysis, content, models, services
from risicos.api import common
from risicos.models import (
    Acceptatie,
    Bedrijfsmiddel,
    Dreiging,
    Maatregel,
    MaatregelDoel,
    MaatregelRisico,
    Matrix,
    Risico,
    Tegenstrijdigheid,
    Toets,
)
from tests import factories
from tests.api import assert_problem

from . import world
from .world import bound, fresh, register_of

pytestmark = pytest.mark.django_db

API = "/api/v1"


def api(personas: Any, role: str = "coordinator") -> Client:
    member = personas.coordinator_b if role == "coordinator_b" else personas.members[role]
    return Client(HTTP_AUTHORIZATION=f"Bearer {factories.make_token(member)[1]}")


def send(client: Client, method: str, url: str, body: Any = None, if_match: str | None = None) -> Any:
    headers: dict[str, Any] = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    if method == "delete":
        return client.delete(url, **headers)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


def reasons(response: Any) -> dict[str, str]:
    found: dict[str, list[str]] = {}
    for p in response.json()["invalidParams"]:
        found.setdefault(p["name"], []).append(p["reason"])
    return {name: " ".join(texts) for name, texts in found.items()}


def count(personas: Any, model: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(model.objects.count())


def url(kind: str, pk: Any = None, *rest: str) -> str:
    return "/".join([f"{API}/{kind}", *([str(pk)] if pk is not None else []), *rest])


@pytest.fixture
def ids(personas: Any) -> dict[str, Any]:
    """Gemeente A's register: an asset, a risk on it, a measure (detecting), an acceptance, a check, a conflict."""
    world.tegenstrijdigheid_pk(personas)
    return {**world._cached(personas), **world._api_objects(personas), "matrix": world.matrix_pk(personas)}


def _of_b(personas: Any) -> dict[str, Any]:
    """Gemeente B's register and kader: an asset, a threat, a risk, a measure and a goal of its own."""
    from kader.services import start_kader

    by = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=by.user_id):
        services.start_register(by=by)
        versie = start_kader(by=by)
        middel = services.add_bedrijfsmiddel(by=by, naam="Gemeentehuis Beedorp", soort="gebouw")
        dreiging = Dreiging.objects.get(sleutel="brand")
        risico = services.add_risico(by=by, titel="Brand in Beedorp", scenario="Brand.", dreiging=dreiging)
        maatregel = services.add_maatregel(by=by, titel="Sprinkler Beedorp", soort="B", functie="repressief")
        doel = Doel.objects.filter(versie=versie).first()
    assert doel is not None
    return {
        "middel": middel.pk,
        "dreiging": dreiging.pk,
        "risico": risico.pk,
        "maatregel": maatregel.pk,
        "doel": doel.pk,
    }


def _kader_of_a(personas: Any) -> dict[str, Any]:
    """A goal, an uitgangspunt and a law of gemeente A's kader."""
    from kader import services as kader_services

    versie = personas.kader_of()
    by = personas.members["coordinator"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk, user=by.user_id):
        punt = kader_services.adopt_example_uitgangspunten(versie=versie, by=by, groep="beleid")[0]
        doel = Doel.objects.filter(versie=versie).order_by("volgorde").first()
        wet = WetOfNorm.objects.filter(versie=versie).first()
    assert doel is not None and wet is not None
    return {"doel": str(doel.pk), "uitgangspunt": str(punt.pk), "wet": str(wet.pk), "versie": versie}


# --- the API's codes are the models' ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "choices"),
    [
        (common.ThemaCode, BeveiligingsThema),
        (common.SoortCode, models.Soort),
        (common.KlasseCode, models.Klasse),
        (common.BehandelingCode, models.Behandeling),
        (common.MaatregelSoortCode, models.MaatregelSoort),
        (common.FunctieCode, models.Functie),
        (common.SchakelCode, models.Schakel),
        (common.MaatregelStatusCode, models.MaatregelStatus),
        (common.ResultaatCode, models.Resultaat),
        (common.MatrixStatusCode, models.MatrixStatus),
    ],
)
def test_the_codes_of_the_api_are_the_choices_of_the_models(code: Any, choices: Any) -> None:
    assert set(get_args(code)) == set(choices.values)


def test_the_codes_of_threats_gaps_and_methods_are_those_of_the_register() -> None:
    assert list(get_args(common.DreigingSleutel)) == [key for key, *_ in content.DREIGINGEN]
    assert list(get_args(common.GatCode)) == list(analysis.GAPS)
    assert set(get_args(common.MethodeCode)) == set(content.VOORSTELLEN)


# Writes that change an existing resource (or depend on its version, as an acceptance on the risk's score).
CHANGES_BY_POST = ("/herbeoordeling", "/intrekking", "/wijziging", "/acceptaties")


def test_the_document_promises_etags_if_match_and_locations_for_every_operation(client: Client) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    ours = {
        (method, path): operation
        for path, item in paths.items()
        for method, operation in item.items()
        if operation.get("tags") == ["risico's"]
    }
    assert len({path for _, path in ours}) == 24 and len(ours) == 40
    for (method, path), operation in ours.items():
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        changes = method in {"patch", "delete"} or (method == "post" and path.endswith(CHANGES_BY_POST))
        assert ("If-Match" in headers) == changes, (method, path)
        if method == "get" and path.endswith("_id}"):
            assert "ETag" in operation["responses"]["200"]["headers"], path
        if "201" in operation["responses"]:
            assert set(operation["responses"]["201"]["headers"]) == {"API-Version", "ETag", "Location"}, path
        assert "403" in operation["responses"], (method, path)


# --- reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor"])
def test_every_reader_reads_the_register(personas: Any, ids: dict[str, Any], role: str) -> None:
    client = api(personas, role)
    [risico] = client.get(url("risicos")).json()
    assert (risico["id"], risico["brutoNiveauNaam"], risico["nettoNiveauNaam"]) == (
        str(ids["risico"]),
        "Zeer hoog",
        "Midden",
    )
    assert risico["bedrijfsmiddelIds"] == [str(ids["bedrijfsmiddel"])] and risico["bovenRisicobereidheid"] is False
    one = client.get(url("risicos", ids["risico"]))
    assert one["ETag"] == etag(fresh(personas, Risico(pk=ids["risico"])))
    keten = one.json()["keten"]
    assert [g["code"] for g in keten["gaten"]] == [
        "detectie_zonder_interventie",
        "niets_vertraagt",
        "geen_continuiteit",
    ]
    assert [m["titel"] for s in keten["schakels"] if s["schakel"] == "detecteren" for m in s["maatregelen"]] == [
        "Inbraakalarm met doormelding"
    ]
    assert keten["tegenstrijdig"][0]["toelichting"] == "Een slot houdt ook wie vlucht tegen."
    assert one.json()["acceptatie"]["stand"] == "geldig"
    assert len(client.get(url("maatregelen")).json()) == 2
    assert client.get(url("bedrijfsmiddelen")).json()[0]["aantalRisicos"] == 1
    assert len(client.get(url("dreigingen")).json()) == len(content.DREIGINGEN)
    [matrix] = client.get(url("risicomatrices")).json()
    assert (matrix["nummer"], matrix["status"], matrix["risicobereidheid"]) == (1, "actueel", "Midden")
    heatmap = client.get(url("risico-analyse", None, "heatmap")).json()
    cel = next(c for c in heatmap["cellen"] if (c["kans"], c["impact"]) == (4, 4))
    assert (cel["bruto"], cel["niveauNaam"], heatmap["brutoGescoord"], heatmap["nettoBoven"]) == (1, "Zeer hoog", 1, 0)
    gaten = {g["code"]: g["aantalRisicos"] for g in client.get(url("risico-analyse", None, "keten")).json()["gaten"]}
    assert gaten == {
        "detectie_zonder_interventie": 1,
        "interventie_zonder_detectie": 0,
        "niets_vertraagt": 1,
        "geen_continuiteit": 1,
    }


@pytest.mark.parametrize("role", ["ketenpartner", "melder"])
def test_a_ketenpartner_and_a_melder_read_nothing_of_the_register(
    personas: Any, ids: dict[str, Any], role: str
) -> None:
    client = api(personas, role)
    assert_problem(client.get(url("risicos")), 403, "Geen toegang", "risico's en maatregelen")
    paths = [
        url("risicos", ids["risico"]),
        url("maatregelen"),
        url("bedrijfsmiddelen"),
        url("dreigingen"),
        url("risicomatrices"),
        url("risico-analyse", None, "heatmap"),
        url("risico-analyse", None, "keten"),
        url("risicos", ids["risico"], "acceptaties"),
    ]
    assert [client.get(path).status_code for path in paths] == [403] * len(paths)


def test_the_analyses_name_the_kader_without_a_measure_and_the_costs(personas: Any, ids: dict[str, Any]) -> None:
    kader = _kader_of_a(personas)
    client = api(personas)
    maatregel = url("maatregelen", ids["maatregel"])
    response = send(
        client,
        "patch",
        maatregel,
        {"doelIds": [kader["doel"]], "kostenJaarlijks": "1200.50"},
        client.get(maatregel)["ETag"],
    )
    assert response.status_code == 200, response.content
    found = client.get(url("risico-analyse", None, "kader")).json()
    assert found["kaderVersieId"] == str(kader["versie"].pk)
    assert kader["doel"] not in {d["id"] for d in found["doelen"]} and found["doelen"]
    assert kader["uitgangspunt"] in {u["id"] for u in found["uitgangspunten"]}
    kosten = client.get(url("risico-analyse", None, "kosten")).json()
    assert {"thema": "fysieke_beveiliging", "soort": "E", "eenmalig": 0.0, "jaarlijks": 1200.5} in kosten


def test_the_register_that_has_not_started_is_a_conflict_on_its_reads(personas: Any) -> None:
    client = api(personas)
    assert_problem(client.get(url("risicos")), 409, "Niet mogelijk in deze toestand", "nog niet begonnen")
    assert client.get(url("risico-analyse", None, "heatmap")).status_code == 409
    assert client.get(url("risicomatrices")).json() == []
    started = send(client, "post", url("risicomatrices"), {"methode": "nrb"})
    assert started.status_code == 201, started.content
    assert started["Location"] == url("risicomatrices", started.json()["id"]) and started["ETag"]
    assert started.json()["kansLabels"][0].startswith("A") and count(personas, Dreiging) == len(content.DREIGINGEN)
    assert_problem(
        send(client, "post", url("risicomatrices"), {}), 409, "Niet mogelijk in deze toestand", "al begonnen"
    )
    assert client.get(url("risicos")).json() == []


# --- the whole cycle --------------------------------------------------------------------------------


def test_a_coordinator_keeps_the_register_from_an_asset_to_an_accepted_risk_and_back(personas: Any) -> None:
    register_of(personas)
    kader = _kader_of_a(personas)
    client = api(personas)

    asset = send(client, "post", url("bedrijfsmiddelen"), {"naam": "Raadzaal", "soort": "gebouw", "scope": "gebouwen"})
    assert asset.status_code == 201, asset.content
    assert asset["Location"] == url("bedrijfsmiddelen", asset.json()["id"]) and asset["ETag"]
    threat = send(client, "post", url("dreigingen"), {"naam": "Drone boven de raadzaal", "moedwillig": True})
    assert threat.status_code == 201 and threat.json()["sleutel"] is None

    made = send(
        client,
        "post",
        url("risicos"),
        {
            "titel": "Verstoring van de raadsvergadering",
            "scenario": "Demonstranten dringen de raadzaal binnen en leggen de vergadering stil.",
            "dreigingId": threat.json()["id"],
            "bedrijfsmiddelIds": [asset.json()["id"]],
            "themas": ["fysieke_beveiliging", "fysieke_beveiliging"],
            "brutoKans": 3,
            "brutoImpact": 4,
            "nettoKans": 2,
            "nettoImpact": 2,
        },
    )
    assert made.status_code == 201, made.content
    risico = made.json()
    assert (risico["brutoNiveauNaam"], risico["nettoNiveauNaam"], risico["themas"]) == (
        "Hoog",
        "Laag",
        ["fysieke_beveiliging"],
    )
    assert risico["volgendeReview"] == services.add_months(localdate(), 12).isoformat()  # the residual level's interval
    risico_url = made["Location"]

    measure = send(
        client,
        "post",
        url("maatregelen"),
        {
            "titel": "Toegangscontrole bij de publieke tribune",
            "soort": "O",
            "functie": "preventief",
            "schakels": ["tegenhouden", "detecteren"],
            "themas": ["fysieke_beveiliging"],
            "status": "geimplementeerd",
            "kostenEenmalig": 2500,
            "risicoIds": [risico["id"]],
            "doelIds": [kader["doel"]],
            "uitgangspuntIds": [kader["uitgangspunt"]],
            "wetIds": [kader["wet"]],
        },
    )
    assert measure.status_code == 201, measure.content
    body = measure.json()
    assert (body["risicoIds"], body["doelIds"], body["uitgangspuntIds"], body["wetIds"]) == (
        [risico["id"]],
        [kader["doel"]],
        [kader["uitgangspunt"]],
        [kader["wet"]],
    )
    assert body["kostenEenmalig"] == 2500.0
    keten = client.get(risico_url).json()["keten"]
    assert "interventie_zonder_detectie" not in [g["code"] for g in keten["gaten"]]
    assert keten["schakels"][2]["maatregelen"][0]["id"] == body["id"]

    accepted = send(
        client,
        "post",
        f"{risico_url}/acceptaties",
        {
            "geaccepteerdDoor": "College van B en W",
            "geldigTot": str(services.add_months(localdate(), 12)),
            "motivering": "Laag.",
        },
        client.get(risico_url)["ETag"],
    )
    assert accepted.status_code == 201, accepted.content
    assert (accepted.json()["stand"], accepted.json()["kans"], accepted.json()["niveauNaam"]) == ("geldig", 2, "Laag")
    assert accepted["Location"] == f"{risico_url}/acceptaties/{accepted.json()['id']}"

    # new scores: the acceptance asks to be assessed again
    rescored = send(client, "patch", risico_url, {"nettoKans": 4, "nettoImpact": 4}, client.get(risico_url)["ETag"])
    assert rescored.status_code == 200 and rescored.json()["nettoNiveauNaam"] == "Zeer hoog"
    assert rescored.json()["bovenRisicobereidheid"] is True
    stand = client.get(risico_url).json()["acceptatie"]
    assert (stand["stand"], stand["standTekst"]) == ("herbeoordelen", "opnieuw beoordelen: de score is veranderd")

    # a measure's links are replaced by what is sent; an empty list unlinks
    measure_url = measure["Location"]
    unlinked = send(client, "patch", measure_url, {"doelIds": [], "wetIds": []}, client.get(measure_url)["ETag"])
    assert (unlinked.json()["doelIds"], unlinked.json()["uitgangspuntIds"]) == ([], [kader["uitgangspunt"]])

    for path in (measure_url, risico_url, asset["Location"], threat["Location"]):
        assert send(client, "delete", path, if_match=client.get(path)["ETag"]).status_code == 204, path
    assert count(personas, Risico) == count(personas, Maatregel) == count(personas, Bedrijfsmiddel) == 0
    assert count(personas, Acceptatie) == count(personas, MaatregelDoel) == 0


def test_the_history_names_who_changed_the_register_through_the_api(personas: Any, ids: dict[str, Any]) -> None:
    from django.apps import apps

    client = api(personas)
    path = url("risicos", ids["risico"])
    send(client, "patch", path, {"titel": "Inbraak in het stadhuis (nacht)"}, client.get(path)["ETag"])
    event = apps.get_model("risicos", "RisicoEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        row = event.objects.filter(pgh_obj_id=ids["risico"]).order_by("-pgh_id").first()
    assert row is not None and row.pgh_context["user"] == personas.members["coordinator"].user_id
    assert row.pgh_context["action"] == "risicos.risico.edit"


def test_a_threat_of_the_catalogue_comes_back_by_its_key(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas)
    brand = url("dreigingen", ids["dreiging"])
    assert send(client, "delete", brand, if_match=client.get(brand)["ETag"]).status_code == 204
    back = send(client, "post", url("dreigingen"), {"sleutel": "brand"})
    assert back.status_code == 201, back.content
    assert (back.json()["naam"], back.json()["moedwillig"], back.json()["sleutel"]) == ("Brand", False, "brand")
    again = send(client, "post", url("dreigingen"), {"sleutel": "brand"})
    assert reasons(again) == {"sleutel": "Deze dreiging uit de startset staat al in de lijst."}
    in_use = url("dreigingen", fresh(personas, Risico(pk=ids["risico"])).dreiging_id)
    response = send(client, "delete", in_use, if_match=client.get(in_use)["ETag"])
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "risico's met deze dreiging")


def test_a_risk_is_marked_for_review_and_an_acceptance_withdrawn(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas)
    path = url("risicos", ids["risico"])
    flagged = send(
        client, "post", f"{path}/herbeoordeling", {"reden": "Inbraak op 3 december"}, client.get(path)["ETag"]
    )
    assert flagged.status_code == 200, flagged.content
    assert (flagged.json()["herbeoordelen"], flagged.json()["volgendeReview"]) == (True, localdate().isoformat())
    assert flagged["ETag"] == client.get(path)["ETag"] != etag(Risico(pk=ids["risico"], version=1))
    listed = client.get(url("risicos"), {"review": "opnieuw"}).json()
    assert [r["id"] for r in listed] == [str(ids["risico"])]

    acceptatie = url("risicos", ids["risico"], "acceptaties", str(ids["acceptatie"]))
    client_b = api(personas, "bestuurder")
    withdrawn = send(client_b, "post", f"{acceptatie}/intrekking", if_match=client_b.get(acceptatie)["ETag"])
    assert withdrawn.status_code == 200, withdrawn.content
    assert (withdrawn.json()["stand"], withdrawn.json()["ingetrokkenOp"]) == ("ingetrokken", localdate().isoformat())
    again = send(client_b, "post", f"{acceptatie}/intrekking", if_match=withdrawn["ETag"])
    assert_problem(again, 409, "Niet mogelijk in deze toestand", "al ingetrokken")
    assert client.get(path).json()["acceptatie"] is None
    assert [a["stand"] for a in client.get(f"{path}/acceptaties").json()] == ["ingetrokken"]


def test_a_measure_gets_its_checks_and_conflicts(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas)
    path = url("maatregelen", ids["maatregel"])
    checked = send(
        client, "post", f"{path}/toetsen", {"datum": str(localdate()), "door": "Auditor", "resultaat": "effectief"}
    )
    assert checked.status_code == 201, checked.content
    assert checked["Location"] == f"{path}/toetsen/{checked.json()['id']}" and client.get(checked["Location"])["ETag"]
    assert client.get(path).json()["status"] == "getoetst"
    assert [t["resultaat"] for t in client.get(f"{path}/toetsen").json()] == ["effectief", "deels"]
    [conflict] = client.get(f"{path}/tegenstrijdigheden").json()
    andere = conflict["andereId"]
    seen_from_other = client.get(url("maatregelen", andere, "tegenstrijdigheden", conflict["id"])).json()
    assert (seen_from_other["maatregelId"], seen_from_other["andereId"]) == (andere, str(ids["maatregel"]))
    twice = send(client, "post", f"{path}/tegenstrijdigheden", {"andereId": andere, "toelichting": "Nog eens."})
    assert twice.status_code == 400 and "andereId" in reasons(twice)
    itself = send(client, "post", f"{path}/tegenstrijdigheden", {"andereId": str(ids["maatregel"]), "toelichting": "X"})
    assert reasons(itself) == {"andereId": "Een maatregel is niet tegenstrijdig met zichzelf."}
    future = send(client, "post", f"{path}/toetsen", {"datum": "2099-01-01", "door": "X", "resultaat": "niet"})
    assert reasons(future) == {"datum": "Een toets ligt niet in de toekomst."}
    assert count(personas, Tegenstrijdigheid) == 1 and count(personas, Toets) == 2


# --- lists: the page's filters, order and pages ---------------------------------------------------------


def test_the_risks_are_filtered_sorted_and_paged_as_on_the_page(personas: Any, ids: dict[str, Any]) -> None:
    world.grow(personas, 6)
    client = api(personas)
    response = client.get(url("risicos"), {"sorteer": "niveau", "paginaGrootte": "3", "pagina": "2"})
    assert (response["X-Total-Count"], response["X-Pagination-Page"], response["X-Pagination-Count"]) == ("7", "2", "3")
    links = {rel: link for link, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])}
    assert links["next"] == f"{API}/risicos?sorteer=niveau&paginaGrootte=3&pagina=3"
    everything = client.get(url("risicos"), {"sorteer": "niveau", "paginaGrootte": "100"}).json()
    levels = [r["nettoNiveau"] if r["nettoNiveau"] is not None else r["brutoNiveau"] for r in everything]
    assert levels == sorted(levels, reverse=True)
    assert [r["id"] for r in client.get(url("risicos"), {"cel": "bruto-4-4"}).json()] == [str(ids["risico"])]
    assert [r["id"] for r in client.get(url("risicos"), {"gat": "detectie_zonder_interventie"}).json()] == [
        str(ids["risico"])
    ]
    assert len(client.get(url("risicos"), {"thema": "fysieke_beveiliging"}).json()) == 1
    assert len(client.get(url("risicos"), {"niveau": "1"}).json()) == sum(1 for level in levels if level == 1)
    assert len(client.get(url("maatregelen"), {"schakel": "ontmoedigen"}).json()) == 6
    assert client.get(url("maatregelen"), {"zoek": "slot"}).json()[0]["titel"] == "Slot op de nooduitgang"


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ({"cel": "bruto-6-6"}, "cel", "bestaat niet"),
        ({"cel": "midden"}, "cel", "bestaat niet"),
        ({"niveau": "9"}, "niveau", "geen beschikbare keuze"),
        ({"gat": "geen_gat"}, "gat", ""),
        ({"zoek": "a\x00b"}, "zoek", ""),
        ({"paginaGrootte": "1000"}, "paginaGrootte", ""),
        ({"eigenaar": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, "eigenaar", ""),
    ],
)
def test_a_filter_that_cannot_be_applied_is_refused_in_dutch(
    personas: Any, ids: dict[str, Any], query: dict[str, str], field: str, reason: str
) -> None:
    response = api(personas).get(url("risicos"), query)
    assert response.status_code == 400
    assert reason in reasons(response)[field], reasons(response)


# --- concurrency ------------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "*", "weak", "stale"])
def test_a_change_needs_the_current_etag_and_otherwise_changes_nothing(
    personas: Any, ids: dict[str, Any], header: str | None
) -> None:
    client = api(personas)
    risico, maatregel = url("risicos", ids["risico"]), url("maatregelen", ids["maatregel"])
    acceptatie = url("risicos", ids["risico"], "acceptaties", str(ids["acceptatie"]))
    middel, matrix = url("bedrijfsmiddelen", ids["bedrijfsmiddel"]), url("risicomatrices", ids["matrix"])
    stale = {path: client.get(path)["ETag"] for path in (risico, maatregel, acceptatie, middel, matrix)}
    send(client, "patch", risico, {"titel": "Eerst"}, stale[risico])
    send(client, "patch", maatregel, {"titel": "Eerst"}, stale[maatregel])
    send(client, "patch", middel, {"naam": "Eerst"}, stale[middel])
    stale[risico], stale[maatregel], stale[middel] = (client.get(p)["ETag"] for p in (risico, maatregel, middel))
    send(client, "patch", risico, {"scenario": "Tweede."}, stale[risico])
    send(client, "patch", maatregel, {"omschrijving": "Tweede."}, stale[maatregel])
    send(client, "patch", middel, {"locatie": "Tweede"}, stale[middel])
    before = {path: client.get(path)["ETag"] for path in stale}
    attempts = [
        ("patch", risico, {"titel": "Overschreven"}, risico),
        ("delete", risico, None, risico),
        ("post", f"{risico}/herbeoordeling", {"reden": "X"}, risico),
        (
            "post",
            f"{risico}/acceptaties",
            {"geaccepteerdDoor": "X", "geldigTot": "2030-01-01", "motivering": "X"},
            risico,
        ),
        ("post", f"{acceptatie}/intrekking", None, acceptatie),
        ("patch", maatregel, {"titel": "Overschreven"}, maatregel),
        ("delete", maatregel, None, maatregel),
        ("patch", middel, {"naam": "Overschreven"}, middel),
        ("post", f"{matrix}/wijziging", _matrix_3x3(), matrix),
    ]
    for method, target, body, resource in attempts:
        if header == "stale" and resource == acceptatie:
            continue  # an acceptance does not change but by its withdrawal; see the test above
        if_match = {"weak": f"W/{before[resource]}", "stale": stale[resource]}.get(header or "", header)
        if header == "stale" and resource == matrix:
            if_match = '"' + str(ids["matrix"]) + '-0"'
        response = send(client, method, target, body, if_match)
        assert response.status_code == (428 if header is None else 412), (method, target, response.content)
        assert_problem(response, response.status_code, "Versie ontbreekt" if header is None else "Versie verouderd")
    assert {path: client.get(path)["ETag"] for path in stale} == before
    assert count(personas, Acceptatie) == 1 and count(personas, Matrix) == 1
    assert fresh(personas, Risico(pk=ids["risico"])).titel == "Eerst"


# --- roles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_a_bestuurder_and_an_auditor_change_no_risk_measure_or_asset(
    personas: Any, ids: dict[str, Any], role: str
) -> None:
    client = api(personas, role)
    risico, maatregel = url("risicos", ids["risico"]), url("maatregelen", ids["maatregel"])
    attempts = [
        send(client, "post", url("risicos"), {"titel": "X", "scenario": "X"}),
        send(client, "patch", risico, {"titel": "X"}, client.get(risico)["ETag"]),
        send(client, "delete", risico, if_match=client.get(risico)["ETag"]),
        send(client, "post", url("maatregelen"), {"titel": "X", "soort": "O", "functie": "preventief"}),
        send(client, "patch", maatregel, {"titel": "X"}, client.get(maatregel)["ETag"]),
        send(client, "post", f"{maatregel}/toetsen", {"datum": str(localdate()), "door": "X", "resultaat": "niet"}),
        send(client, "post", url("bedrijfsmiddelen"), {"naam": "X", "soort": "overig"}),
        send(client, "post", url("dreigingen"), {"naam": "X", "moedwillig": True}),
        send(client, "post", f"{risico}/herbeoordeling", {"reden": "X"}, client.get(risico)["ETag"]),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    assert count(personas, Risico) == 1 and count(personas, Maatregel) == 2 and count(personas, Toets) == 1
    assert not fresh(personas, Risico(pk=ids["risico"])).herbeoordelen


def test_only_a_coordinator_or_bestuurder_accepts_a_risk(personas: Any, ids: dict[str, Any]) -> None:
    path = url("risicos", ids["risico"])
    body = {"geaccepteerdDoor": "Directie", "geldigTot": str(services.add_months(localdate(), 6)), "motivering": "X"}
    for role, status in (("thema_eigenaar", 403), ("auditor", 403), ("bestuurder", 201)):
        client = api(personas, role)
        response = send(client, "post", f"{path}/acceptaties", body, client.get(path)["ETag"])
        assert response.status_code == status, (role, response.content)
    assert count(personas, Acceptatie) == 2


def test_a_thema_eigenaar_changes_only_what_has_one_of_their_themes(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas, "thema_eigenaar")
    risico = url("risicos", ids["risico"])  # fysieke beveiliging: not theirs
    response = send(client, "patch", risico, {"titel": "X"}, client.get(risico)["ETag"])
    assert_problem(response, 403, "Geen toegang", "eigen thema's")
    own = send(
        client, "post", url("risicos"), {"titel": "Phishing", "scenario": "X", "themas": ["informatiebeveiliging"]}
    )
    assert own.status_code == 201, own.content
    moved = send(client, "patch", own["Location"], {"themas": ["integriteit"]}, own["ETag"])
    assert_problem(moved, 403, "Geen toegang", "eigen thema's")
    flagged = send(client, "post", f"{risico}/herbeoordeling", {"reden": "Incident"}, client.get(risico)["ETag"])
    assert flagged.status_code == 200  # risicos.flag: not narrowed to their themes
    assert send(client, "post", url("dreigingen"), {"naam": "X", "moedwillig": False}).status_code == 403


# --- bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"brutoKans": 6, "brutoImpact": 2}, "brutoKans", "Kies een klasse van 1 tot 5"),
        ({"nettoKans": 0, "nettoImpact": 2}, "nettoKans", "1 tot 5"),
        ({"brutoKans": 3, "brutoImpact": None}, "brutoImpact", "zowel de kans als de impact"),
        ({"brutoKans": 10**30, "brutoImpact": 1}, "brutoKans", "1 tot 5"),
        ({"brutoKans": 2.5, "brutoImpact": 1}, "brutoKans", ""),
        ({"dreigingId": "3fa85f64-5717-4562-b3fc-2c963f66afa6"}, "dreigingId", "Onbekende dreiging."),
        ({"dreigingId": "B:dreiging"}, "dreigingId", "Onbekende dreiging."),
        ({"bedrijfsmiddelIds": ["B:middel"]}, "bedrijfsmiddelIds", "eigen gemeente"),
        ({"eigenaarId": "B:coordinator"}, "eigenaarId", "eigen gemeente"),
        ({"eigenaarId": "A:melder"}, "eigenaarId", "coördinator, thema-eigenaar of bestuurder"),
        ({"titel": "Nul\x00byte"}, "titel", "stuurteken"),
        ({"titel": "x" * 201}, "titel", "200"),
        ({"scenario": ""}, "scenario", "niet leeg"),
        ({"volgendeReview": "9999-12-31"}, "volgendeReview", "tussen 01-01-1900 en 31-12-2999"),
        ({"themas": ["veiligheid"]}, "themas.0", "toegestane waarden"),
        ({"behandeling": "negeren"}, "behandeling", ""),
        ({"kleur": "rood"}, "kleur", "Onbekend veld."),
    ],
)
def test_a_risk_that_cannot_be_stored_is_refused_by_field_in_dutch(
    personas: Any, ids: dict[str, Any], body: dict[str, Any], field: str, reason: str
) -> None:
    b = _of_b(personas)
    refs = {
        "B:dreiging": str(b["dreiging"]),
        "B:middel": str(b["middel"]),
        "B:coordinator": str(personas.coordinator_b.pk),
        "A:melder": str(personas.members["melder"].pk),
    }

    def resolve(value: Any) -> Any:
        return [resolve(v) for v in value] if isinstance(value, list) else refs.get(value, value)

    sent = {"titel": "Nieuw risico", "scenario": "Iets gebeurt.", **{k: resolve(v) for k, v in body.items()}}
    client = api(personas)
    response = send(client, "post", url("risicos"), sent)
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Risico) == 1
    path = url("risicos", ids["risico"])
    before = client.get(path)["ETag"]
    changed = send(client, "patch", path, {key: value for key, value in sent.items() if key in body}, before)
    assert changed.status_code == 400 and reason in reasons(changed)[field]
    assert client.get(path)["ETag"] == before


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"risicoIds": ["B:risico"]}, "risicoIds", "eigen gemeente"),
        ({"doelIds": ["B:doel"]}, "doelIds", "eigen gemeente"),
        ({"uitgangspuntIds": ["3fa85f64-5717-4562-b3fc-2c963f66afa6"]}, "uitgangspuntIds", "eigen gemeente"),
        ({"wetIds": ["B:risico"]}, "wetIds", "eigen gemeente"),
        ({"geplandOp": "2200-01-01"}, "geplandOp", "tussen 2000 en 2100"),
        ({"gerealiseerdOp": "1999-12-31"}, "gerealiseerdOp", "tussen 2000 en 2100"),
        ({"schakels": ["detecteren", "detecteren"]}, "schakels", "één keer"),
        ({"kostenEenmalig": 1e20}, "kostenEenmalig", "12 cijfers"),
        ({"kostenJaarlijks": -5}, "kostenJaarlijks", "0"),
        ({"kostenJaarlijks": "12.345"}, "kostenJaarlijks", "2 cijfers achter de komma"),
        ({"soort": "X"}, "soort", ""),
        ({"omschrijving": "\x00"}, "omschrijving", "stuurteken"),
    ],
)
def test_a_measure_that_cannot_be_stored_is_refused_and_nothing_is_linked(
    personas: Any, ids: dict[str, Any], body: dict[str, Any], field: str, reason: str
) -> None:
    b = _of_b(personas)
    refs = {"B:risico": str(b["risico"]), "B:doel": str(b["doel"])}
    sent = {key: [refs.get(v, v) for v in value] if isinstance(value, list) else value for key, value in body.items()}
    client = api(personas)
    new = {"titel": "Camera", "soort": "E", "functie": "repressief", "risicoIds": [str(ids["risico"])], **sent}
    response = send(client, "post", url("maatregelen"), new)
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Maatregel) == 2 and count(personas, MaatregelRisico) == 2
    path = url("maatregelen", ids["maatregel"])
    before = client.get(path)
    changed = send(client, "patch", path, {"titel": "Anders", **sent}, before["ETag"])
    assert changed.status_code == 400 and reason in reasons(changed)[field]
    after = client.get(path)
    assert (after["ETag"], after.json()) == (before["ETag"], before.json())


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"geldigTot": "9999-12-31"}, "geldigTot", "tussen 01-01-1900 en 31-12-2999"),
        ({"geldigTot": "2020-01-01", "geaccepteerdOp": "2021-01-01"}, "geldigTot", "datum na de acceptatie"),
        ({"geldigTot": "2040-01-01", "geaccepteerdOp": "2030-01-01"}, "geldigTot", "vijf jaar"),
        ({"geaccepteerdOp": "0001-01-01"}, "geaccepteerdOp", "tussen 01-01-1900"),
        ({"motivering": ""}, "motivering", "niet leeg"),
    ],
)
def test_an_acceptance_that_cannot_be_stored_is_refused(
    personas: Any, ids: dict[str, Any], body: dict[str, Any], field: str, reason: str
) -> None:
    client = api(personas)
    path = url("risicos", ids["risico"])
    sent = {"geaccepteerdDoor": "College", "geldigTot": "2027-06-01", "motivering": "Past.", **body}
    response = send(client, "post", f"{path}/acceptaties", sent, client.get(path)["ETag"])
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Acceptatie) == 1


def test_an_unscored_risk_is_not_accepted(personas: Any) -> None:
    register_of(personas)
    client = api(personas)
    made = send(client, "post", url("risicos"), {"titel": "Nog niet gescoord", "scenario": "X"})
    body = {"geaccepteerdDoor": "College", "geldigTot": "2027-06-01", "motivering": "X"}
    response = send(client, "post", f"{made['Location']}/acceptaties", body, made["ETag"])
    assert reasons(response) == {
        "body": "Geef het risico eerst een score; alleen een gescoord risico kan worden geaccepteerd."
    }


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"sleutel": "meteoriet"}, "sleutel", "toegestane waarden"),
        ({"naam": "Overstroming"}, "moedwillig", "verplicht zonder sleutel"),
        ({"naam": "inbraak", "moedwillig": True}, "naam", "Er is al een dreiging met deze naam."),
        ({"naam": "\x07", "moedwillig": True}, "naam", "stuurteken"),
    ],
)
def test_a_threat_that_cannot_be_stored_is_refused(
    personas: Any, ids: dict[str, Any], body: dict[str, Any], field: str, reason: str
) -> None:
    response = send(api(personas), "post", url("dreigingen"), body)
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Dreiging) == len(content.DREIGINGEN)


def test_an_asset_of_the_same_name_is_refused(personas: Any, ids: dict[str, Any]) -> None:
    response = send(api(personas), "post", url("bedrijfsmiddelen"), {"naam": "stadhuis", "soort": "gebouw"})
    assert reasons(response) == {"naam": "Er is al een bedrijfsmiddel met deze naam."}
    assert count(personas, Bedrijfsmiddel) == 1


def test_nothing_of_another_gemeente_is_found(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas, "coordinator_b")
    _of_b(personas)
    for path in (
        url("risicos", ids["risico"]),
        url("maatregelen", ids["maatregel"]),
        url("risicomatrices", ids["matrix"]),
    ):
        assert_problem(client.get(path), 404, "Niet gevonden")
    assert [r["titel"] for r in client.get(url("risicos")).json()] == ["Brand in Beedorp"]


# --- the matrix -------------------------------------------------------------------------------------


def _matrix_3x3(**changes: Any) -> dict[str, Any]:
    return {
        "kansLabels": ["Klein", "Middel", "Groot"],
        "impactLabels": ["Beperkt", "Ernstig", "Rampzalig"],
        "niveaus": [
            {"naam": "Laag", "kleur": "#cde9d4", "maanden": 12},
            {"naam": "Hoog", "kleur": "#f4b1b1", "maanden": 3},
        ],
        "risicobereidheid": "Laag",
        "toelichting": "Eenvoudiger.",
        **changes,
    }


def test_a_matrix_change_is_shown_first_and_then_applied_on_the_current_version(
    personas: Any, ids: dict[str, Any]
) -> None:
    client = api(personas)
    matrix = url("risicomatrices", ids["matrix"])
    plan = send(client, "post", f"{matrix}/proefwijziging", _matrix_3x3())
    assert plan.status_code == 200, plan.content
    body = plan.json()
    assert (body["huidigeVersie"], body["kansOmzetting"], body["impactOmzetting"]) == (
        1,
        [1, 1, 2, 3, 3],
        [1, 1, 2, 3, 3],
    )
    assert (body["risicos"], body["matrix"]["nummer"], body["matrix"]["risicobereidheid"]) == (1, 2, "Laag")
    # netto 2 × 3 → 1 × 2: Midden → Laag (3 × 3 banded by product: 2 of 9 is low)
    assert body["perNiveau"] == [{"van": "Midden", "naar": "Laag", "risicos": 1}] and body["anders"] == 1
    assert body["overDeLijn"] == []
    assert count(personas, Matrix) == 1  # a dry run stores nothing

    own_mapping = send(client, "post", f"{matrix}/proefwijziging", _matrix_3x3(kansOmzetting=[1, 3, 3, 3, 3]))
    assert own_mapping.json()["kansOmzetting"] == [1, 3, 3, 3, 3]
    assert own_mapping.json()["overDeLijn"] == [
        {"risicoId": str(ids["risico"]), "titel": "Inbraak in het stadhuis", "boven": True}
    ]

    applied = send(client, "post", f"{matrix}/wijziging", _matrix_3x3(), client.get(matrix)["ETag"])
    assert applied.status_code == 201, applied.content
    assert applied["Location"] == url("risicomatrices", applied.json()["id"]) and applied["ETag"]
    risico = client.get(url("risicos", ids["risico"])).json()
    assert (risico["matrixId"], risico["brutoKans"], risico["nettoKans"], risico["nettoNiveauNaam"]) == (
        applied.json()["id"],
        3,
        1,
        "Laag",
    )
    assert [m["status"] for m in client.get(url("risicomatrices")).json()] == ["actueel", "vervangen"]
    # the acceptance keeps its matrix and asks to be assessed again
    acceptatie = client.get(url("risicos", ids["risico"], "acceptaties", str(ids["acceptatie"]))).json()
    assert (acceptatie["matrixId"], acceptatie["stand"]) == (str(ids["matrix"]), "herbeoordelen")

    # the old version, with its new ETag: nothing more to change there
    again = send(client, "post", f"{matrix}/wijziging", _matrix_3x3(), client.get(matrix)["ETag"])
    assert_problem(again, 409, "Niet mogelijk in deze toestand", "vervangen")
    assert count(personas, Matrix) == 2


def test_a_matrix_change_on_a_version_changed_meanwhile_stores_nothing(personas: Any, ids: dict[str, Any]) -> None:
    client = api(personas)
    matrix = url("risicomatrices", ids["matrix"])
    seen = client.get(matrix)["ETag"]
    assert send(client, "post", f"{matrix}/wijziging", _matrix_3x3(), seen).status_code == 201
    stale = send(client, "post", f"{matrix}/wijziging", _matrix_3x3(toelichting="Nog eens."), seen)
    assert_problem(stale, 412, "Versie verouderd")
    assert count(personas, Matrix) == 2


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"kansLabels": ["Enig"]}, "kansLabels", "Kies 2 tot 7 klassen."),
        ({"impactLabels": [f"K{i}" for i in range(8)]}, "impactLabels", "Kies 2 tot 7 klassen."),
        ({"kansLabels": ["A", "x" * 61]}, "kansLabels.1", "60"),
        (
            {"niveaus": [{"naam": "Enig", "kleur": "#cde9d4", "maanden": 12}], "risicobereidheid": "Enig"},
            "niveaus",
            "Kies 2 tot 6 niveaus.",
        ),
        ({"risicobereidheid": "Midden"}, "risicobereidheid", "Noem een van de niveaus."),
        (
            {"kansOmzetting": [1, 2, 3]},
            "kansOmzetting",
            "Geef elke oude klasse (1 tot 5) een nieuwe klasse van 1 tot 3.",
        ),
        ({"impactOmzetting": [1, 2, 3, 4, 9]}, "impactOmzetting", "1 tot 3"),
        ({"raster": [[0, 1], [1, 1]]}, "raster", "Elke cel van de matrix hoort bij één van de niveaus."),
        ({"raster": [[0, 0, 5], [0, 1, 1], [1, 1, 1]]}, "raster", "één van de niveaus"),
    ],
)
def test_a_matrix_change_that_cannot_be_made_is_refused_and_nothing_is_stored(
    personas: Any, ids: dict[str, Any], changes: dict[str, Any], field: str, reason: str
) -> None:
    client = api(personas)
    matrix = url("risicomatrices", ids["matrix"])
    for step, if_match in (("proefwijziging", None), ("wijziging", client.get(matrix)["ETag"])):
        response = send(client, "post", f"{matrix}/{step}", _matrix_3x3(**changes), if_match)
        assert_problem(response, 400, "Ongeldige invoer")
        assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Matrix) == 1
    assert fresh(personas, Risico(pk=ids["risico"])).bruto_kans == 4


@pytest.mark.parametrize(
    ("niveau", "reason"),
    [
        ({"naam": "Hoog", "kleur": "#000000", "maanden": 3}, "te donker"),
        ({"naam": "Hoog", "kleur": "rood", "maanden": 3}, "een code als #f9cfa6"),
        ({"naam": "Hoog", "kleur": "#f4b1b1", "maanden": 10**9}, "1 tot 60"),
        ({"naam": "laag", "kleur": "#f4b1b1", "maanden": 3}, "eigen naam"),
    ],
)
def test_a_level_is_refused_as_on_the_page(
    personas: Any, ids: dict[str, Any], niveau: dict[str, Any], reason: str
) -> None:
    body = _matrix_3x3(niveaus=[{"naam": "Laag", "kleur": "#cde9d4", "maanden": 12}, niveau])
    response = send(api(personas), "post", url("risicomatrices", ids["matrix"], "proefwijziging"), body)
    assert reason in reasons(response)["niveaus"], reasons(response)


@pytest.mark.parametrize("role", ["thema_eigenaar", "bestuurder"])
def test_only_the_coordinator_changes_the_matrix(personas: Any, ids: dict[str, Any], role: str) -> None:
    client = api(personas, role)
    matrix = url("risicomatrices", ids["matrix"])
    assert send(client, "post", f"{matrix}/proefwijziging", _matrix_3x3()).status_code == 403
    response = send(client, "post", f"{matrix}/wijziging", _matrix_3x3(), client.get(matrix)["ETag"])
    assert_problem(response, 403, "Geen toegang", "Alleen een coördinator")
    assert count(personas, Matrix) == 1


# --- query budgets ----------------------------------------------------------------------------------

# One authenticated API request before the operation: savepoint, the bindings, the token and its
# membership (see kader/tests/test_api.py), and the release at the end; then the gemeente's revision,
# read by every kept read (api.kept) before it runs.
REQUEST = 8 + 1
BUDGETS = {
    "/risicos": REQUEST + 5,  # the matrix, the count, the page of risks, their matrix, their assets
    "/risicos?gat=niets_vertraagt&sorteer=niveau": REQUEST + 5,  # the same, the chain read from its column
    "/risicos/{risico}": REQUEST + 5,  # the risk with matrix, its assets, its acceptances, its chain (2)
    "/risicos/{risico}/acceptaties": REQUEST + 3,  # the risk with matrix, its assets, the acceptances
    "/maatregelen": REQUEST + 6,  # the count, the page, its four kinds of links
    "/maatregelen/{maatregel}": REQUEST + 5,  # the measure, its four kinds of links
    "/bedrijfsmiddelen": REQUEST + 2,  # the count, the page with the number of risks
    "/dreigingen": REQUEST + 1,  # the threats with their number of risks
    "/risicomatrices": REQUEST + 1,  # the versions
    "/risico-analyse/heatmap": REQUEST + 3,  # the matrix, the two heat maps
    "/risico-analyse/keten": REQUEST + 1,  # the risks and their gaps, in one
    "/risico-analyse/kader": REQUEST + 3,  # the kader version, its goals and uitgangspunten without a measure
    "/risico-analyse/kosten": REQUEST + 1,  # the costs per theme and type
}


def _grow(personas: Any, ids: dict[str, Any], extra: int) -> None:
    """``extra`` more assets, risks and measures, and as many measures, acceptances and checks on the
    risk and measure that are read."""
    world.grow(personas, extra)
    by = personas.members["coordinator"]
    with bound(personas):
        risico = Risico.objects.get(pk=ids["risico"])
        maatregel = Maatregel.objects.get(pk=ids["maatregel"])
        for i in range(extra):
            services.add_maatregel(
                by=by,
                titel=f"Op het stadhuis {i}",
                soort="B",
                functie="preventief",
                schakels=[["vertragen"], ["intervenieren"], ["continuiteit", "afschermen"]][i % 3],
                status=["geimplementeerd", "gepland"][i % 2],
                risicos=[risico],
            )
            services.accept(
                by=by, risico=risico, geaccepteerd_door=f"Directie {i}", geldig_tot=localdate(), motivering="X"
            )
            services.add_toets(by=by, maatregel=maatregel, datum=localdate(), door=f"Toetser {i}", resultaat="deels")


@pytest.mark.parametrize("extra", [1, 12])
def test_the_reads_use_the_same_queries_for_a_small_or_a_large_register(
    personas: Any, ids: dict[str, Any], extra: int
) -> None:
    _kader_of_a(personas)
    _grow(personas, ids, extra)
    client = api(personas)
    client.get(url("dreigingen"))  # warm-up: marks the token as used
    used: dict[str, int] = {}
    sql: dict[str, list[str]] = {}
    for path in BUDGETS:
        target = API + path.replace("{risico}", str(ids["risico"])).replace("{maatregel}", str(ids["maatregel"]))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target)
        assert response.status_code == 200, (target, response.content)
        used[path], sql[path] = len(queries), [q["sql"][:100] for q in queries.captured_queries[REQUEST - 1 : -1]]
    assert used == BUDGETS, sql
