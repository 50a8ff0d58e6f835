"""The API of the strategisch kader: reading and writing every part, validation, adopted versions,
concurrency (ETag / If-Match), roles, gemeente B's token, and query budgets of the lists."""

from __future__ import annotations

import datetime
import json
import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localdate

from kader import content, progress, services
from kader.models import (
    Deelplan,
    Doel,
    KaderVersie,
    Mensgroep,
    PdcaFase,
    StapActiviteit,
    Status,
    Uitgangspunt,
    UitgangspuntDoel,
    Verantwoordelijkheid,
    WetOfNorm,
)
from lib import tenancy
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem
from tests.test_isolation_sweep import snapshot_of

pytestmark = pytest.mark.django_db

BASE = "/api/v1/kader-versies"
KaderVersieEvent = apps.get_model("kader", "KaderVersieEvent")  # made by pghistory


# --- helpers ------------------------------------------------------------------------------------


def _auth(membership: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(membership)[1]}"}


@pytest.fixture
def coordinator(personas: Any) -> dict[str, Any]:
    return _auth(personas.members["coordinator"])


def _bound(personas: Any) -> Any:
    return tenancy.bound(gemeente=personas.gemeente_a.pk, user=personas.user("coordinator").pk)


def _reload(personas: Any, obj: Any) -> Any:
    with _bound(personas):
        return type(obj)._default_manager.filter(pk=obj.pk).first()


def _if_match(obj: Any) -> dict[str, str]:
    return {"HTTP_IF_MATCH": etag(obj)}


def _send(client: Client, method: str, url: str, body: Any, auth: dict[str, Any], **headers: Any) -> Any:
    if method in {"post", "patch"}:
        data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
        return getattr(client, method)(url, data, content_type="application/json", **auth, **headers)
    return getattr(client, method)(url, **auth, **headers)


def _fill(versie: KaderVersie, by: Any) -> None:
    """Fill every required part of a concept (for submitting and adopting); ``by`` is a membership."""
    services.edit(
        versie=versie,
        by=by,
        expected_version=versie.version,
        visie="Een weerbare gemeente.",
        visie_onderbouwing="Past bij onze ambitie.",
        bedrijfsmiddelen=["mensen", "gebouwen"],
        governance="domeinen",
    )
    WetOfNorm.objects.filter(versie=versie).update(van_toepassing=True)
    Doel.objects.filter(versie=versie).update(relevant=True)
    for groep in content.VOORBEELD_UITGANGSPUNTEN:
        services.adopt_example_uitgangspunten(by=by, versie=versie, groep=groep)
    PdcaFase.objects.filter(versie=versie).update(wat="Jaarplan", wanneer="Januari", wie="Coördinator")
    if not Verantwoordelijkheid.objects.filter(versie=versie).exists():
        Verantwoordelijkheid.objects.create(
            gemeente_id=versie.gemeente_id, versie=versie, rol="College", activiteit="Vaststellen", aard="A"
        )
    versie.refresh_from_db()


def _adopt(versie: KaderVersie, by: Any) -> KaderVersie:
    services.submit_for_decision(by=by, versie=versie)
    return services.adopt(by=by, versie=versie, on=localdate(), body="College van B en W", reference="BW-1")


@dataclass
class Kader:
    """Gemeente A's kader with one object of every kind (own goal, plan, responsibility, ...)."""

    versie: KaderVersie
    mensgroep: Mensgroep
    deelplan: Deelplan
    wet: WetOfNorm
    fase: PdcaFase
    verantwoordelijkheid: Verantwoordelijkheid
    doel: Doel
    uitgangspunt: Uitgangspunt
    activiteit: StapActiviteit

    def refresh(self, personas: Any) -> Kader:
        return Kader(**{name: _reload(personas, obj) for name, obj in vars(self).items()})


def _make_kader(personas: Any, state: str = "concept") -> Kader:
    by = personas.members["coordinator"]
    versie = personas.kader_of()
    with _bound(personas):
        deelplan = services.add_part(
            by=by, versie=versie, model=Deelplan, thema="integriteit", titel="Integriteitsplan", eigenaar="HR"
        )
        verantwoordelijkheid = services.add_part(
            by=by, versie=versie, model=Verantwoordelijkheid, rol="Coördinator", activiteit="Jaarplan", aard="A"
        )
        doel = services.add_part(by=by, versie=versie, model=Doel, titel="Eigen doel", relevant=True)
        punt = services.add_part(
            by=by, versie=versie, model=Uitgangspunt, groep="beleid", tekst="Eigen punt.", doelen=[doel]
        )
        if state != "concept":
            _fill(versie, by)
            versie = _adopt(versie, by)
        if state == "vervallen":
            tweede = services.new_version(by=by, from_version=versie)
            _adopt(tweede, by)
        return Kader(
            versie=KaderVersie.objects.get(pk=versie.pk),
            mensgroep=Mensgroep.objects.get(versie=versie, soort="medewerkers"),
            deelplan=Deelplan.objects.get(pk=deelplan.pk),
            wet=WetOfNorm.objects.filter(versie=versie)[0],
            fase=PdcaFase.objects.filter(versie=versie, fase="check").get(),
            verantwoordelijkheid=Verantwoordelijkheid.objects.get(pk=verantwoordelijkheid.pk),
            doel=Doel.objects.get(pk=doel.pk),
            uitgangspunt=Uitgangspunt.objects.get(pk=punt.pk),
            activiteit=StapActiviteit.objects.filter(versie=versie)[0],
        )


@pytest.fixture
def kader(personas: Any) -> Kader:
    return _make_kader(personas)


@dataclass(frozen=True)
class Write:
    """One write operation: path (with {object} placeholders), body, and whose ETag it needs."""

    method: str
    path: str
    body: dict[str, Any] | None
    target: str | None  # the object whose ETag goes into If-Match; None: creates (no If-Match)

    def url(self, k: Kader) -> str:
        return BASE + self.path.format(**{name: obj.pk for name, obj in vars(k).items()})

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


WRITES = [
    Write("patch", "/{versie}", {"visie": "Nieuwe visie."}, "versie"),
    Write("post", "/{versie}/indiening", None, "versie"),
    Write("post", "/{versie}/terugzetting", None, "versie"),
    Write(
        "post", "/{versie}/vaststelling", {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "De raad"}, "versie"
    ),
    Write("post", "/{versie}/mensgroepen", {"soort": "derden"}, None),
    Write("patch", "/{versie}/mensgroepen/{mensgroep}", {"moetWeten": "Iets anders."}, "mensgroep"),
    Write("delete", "/{versie}/mensgroepen/{mensgroep}", None, "mensgroep"),
    Write("post", "/{versie}/deelplannen", {"thema": "continuiteit", "titel": "BCM-plan"}, None),
    Write("patch", "/{versie}/deelplannen/{deelplan}", {"eigenaar": "Facilitair"}, "deelplan"),
    Write("delete", "/{versie}/deelplannen/{deelplan}", None, "deelplan"),
    Write("post", "/{versie}/wetten", {"thema": "integriteit", "naam": "Eigen gedragscode"}, None),
    Write("patch", "/{versie}/wetten/{wet}", {"vanToepassing": True}, "wet"),
    Write("delete", "/{versie}/wetten/{wet}", None, "wet"),
    Write("patch", "/{versie}/pdca-fasen/{fase}", {"wat": "Meten."}, "fase"),
    Write("post", "/{versie}/verantwoordelijkheden", {"rol": "CISO", "activiteit": "Audit", "aard": "R"}, None),
    Write("patch", "/{versie}/verantwoordelijkheden/{verantwoordelijkheid}", {"aard": "C"}, "verantwoordelijkheid"),
    Write("delete", "/{versie}/verantwoordelijkheden/{verantwoordelijkheid}", None, "verantwoordelijkheid"),
    Write("post", "/{versie}/doelen", {"titel": "Nog een doel"}, None),
    Write("patch", "/{versie}/doelen/{doel}", {"relevant": False}, "doel"),
    Write("delete", "/{versie}/doelen/{doel}", None, "doel"),
    Write("post", "/{versie}/uitgangspunten", {"groep": "draagvlak", "tekst": "Iedereen weet het."}, None),
    Write("patch", "/{versie}/uitgangspunten/{uitgangspunt}", {"tekst": "Anders."}, "uitgangspunt"),
    Write("delete", "/{versie}/uitgangspunten/{uitgangspunt}", None, "uitgangspunt"),
    Write("patch", "/{versie}/activiteiten/{activiteit}", {"gedaanOp": str(localdate())}, "activiteit"),
]
CHANGES = [w for w in WRITES if w.target is not None]


def _kader_snapshot(personas: Any) -> dict[str, list[str]]:
    """Every kader row of gemeente A, history included (and nothing else)."""
    return {label: rows for label, rows in snapshot_of(personas.gemeente_a).items() if label.startswith("kader.")}


# --- reading ------------------------------------------------------------------------------------


def test_the_version_list_shows_every_version_newest_first(client: Client, personas: Any) -> None:
    by = personas.members["coordinator"]
    first = personas.kader_of()
    with _bound(personas):
        _fill(first, by)
        _adopt(first, by)
        services.new_version(by=by, from_version=first)
    response = client.get(BASE, **_auth(personas.members["auditor"]))
    assert response.status_code == 200
    body = response.json()
    assert [(v["nummer"], v["status"], v["gebaseerdOp"]) for v in body] == [
        (2, "concept", str(first.pk)),
        (1, "vastgesteld", None),
    ]
    assert body[1]["vastgesteldOp"] == str(localdate())
    assert body[1]["vastgesteldDoor"] == "College van B en W"
    assert "ontbrekend" not in body[0]


def test_one_version_comes_with_its_etag_what_is_missing_and_the_gaps(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    versie = personas.kader_of()
    with _bound(personas):
        missing = [point.text for point in progress.missing_parts(versie)]
        doelen = set(Doel.objects.filter(versie=versie).values_list("pk", flat=True))
    response = client.get(f"{BASE}/{versie.pk}", **coordinator)
    assert response.status_code == 200
    assert response["ETag"] == etag(versie)
    body = response.json()
    assert (body["nummer"], body["status"], body["visie"], body["bedrijfsmiddelen"]) == (1, "concept", None, [])
    assert body["ontbrekend"] == missing
    assert "Visie: de visietekst ontbreekt." in body["ontbrekend"]
    assert {uuid.UUID(pk) for pk in body["gaten"]["doelenZonderUitgangspunt"]} == doelen
    assert body["gaten"]["uitgangspuntenZonderDoel"] == []


PARTS = [
    ("mensgroepen", "mensgroep", Mensgroep, "soort"),
    ("deelplannen", "deelplan", Deelplan, "titel"),
    ("wetten", "wet", WetOfNorm, "naam"),
    ("pdca-fasen", "fase", PdcaFase, "fase"),
    ("verantwoordelijkheden", "verantwoordelijkheid", Verantwoordelijkheid, "rol"),
    ("doelen", "doel", Doel, "titel"),
    ("uitgangspunten", "uitgangspunt", Uitgangspunt, "tekst"),
    ("activiteiten", "activiteit", StapActiviteit, "sleutel"),
]


@pytest.mark.parametrize(("segment", "name", "model", "field"), PARTS, ids=[p[0] for p in PARTS])
def test_every_part_can_be_listed_and_read_one_by_one(
    client: Client, personas: Any, kader: Kader, segment: str, name: str, model: Any, field: str
) -> None:
    auth = _auth(personas.members["bestuurder"])
    with _bound(personas):
        expected = [str(pk) for pk in model.objects.filter(versie=kader.versie).values_list("pk", flat=True)]
    listed = client.get(f"{BASE}/{kader.versie.pk}/{segment}", **auth)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()] == expected
    obj = getattr(kader, name)
    one = client.get(f"{BASE}/{kader.versie.pk}/{segment}/{obj.pk}", **auth)
    assert one.status_code == 200
    assert one["ETag"] == etag(obj)
    assert one.json()["id"] == str(obj.pk)
    assert one.json()[field] == getattr(obj, field)


def test_a_part_is_only_found_under_its_own_version(client: Client, personas: Any, kader: Kader) -> None:
    other = uuid.uuid4()
    response = client.get(f"{BASE}/{other}/doelen/{kader.doel.pk}", **_auth(personas.members["coordinator"]))
    assert_problem(response, 404, "Niet gevonden")
    assert_problem(client.get(f"{BASE}/{other}/doelen", **_auth(personas.members["coordinator"])), 404, "Niet gevonden")


def test_an_uitgangspunt_lists_the_goals_it_serves(client: Client, personas: Any, kader: Kader) -> None:
    response = client.get(
        f"{BASE}/{kader.versie.pk}/uitgangspunten/{kader.uitgangspunt.pk}", **_auth(personas.members["auditor"])
    )
    assert response.json() == {
        "id": str(kader.uitgangspunt.pk),
        "groep": "beleid",
        "tekst": "Eigen punt.",
        "doelen": [str(kader.doel.pk)],
    }


def test_an_activity_shows_its_description_and_who_ticked_it_off(client: Client, personas: Any, kader: Kader) -> None:
    with _bound(personas):
        services.mark_activity(
            by=personas.members["thema_eigenaar"], activiteit=kader.activiteit, on=localdate(), note="Klaar"
        )
    response = client.get(
        f"{BASE}/{kader.versie.pk}/activiteiten/{kader.activiteit.pk}", **_auth(personas.members["auditor"])
    )
    body = response.json()
    stap = content.STAP_BY_KEY[kader.activiteit.stap]
    assert body["omschrijving"] == dict(stap.activiteiten)[kader.activiteit.sleutel]
    assert (body["gedaanOp"], body["gedaanDoor"], body["notitie"]) == (
        str(localdate()),
        personas.user("thema_eigenaar").full_name,
        "Klaar",
    )


def test_the_plan_file_downloads_as_an_attachment(client: Client, personas: Any, kader: Kader) -> None:
    with _bound(personas):
        services.edit_part(
            by=personas.members["coordinator"],
            obj=kader.deelplan,
            expected_version=kader.deelplan.version,
            bestand=("integriteit plan.pdf", b"%PDF-1.7 plan"),
        )
    url = f"{BASE}/{kader.versie.pk}/deelplannen/{kader.deelplan.pk}"
    auth = _auth(personas.members["auditor"])
    assert client.get(url, **auth).json()["bestandsnaam"] == "integriteit plan.pdf"
    response = client.get(f"{url}/bestand", **auth)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="integriteit plan.pdf"'
    assert response.content == b"%PDF-1.7 plan"


def test_a_plan_without_a_file_has_no_download(client: Client, personas: Any, kader: Kader) -> None:
    response = client.get(
        f"{BASE}/{kader.versie.pk}/deelplannen/{kader.deelplan.pk}/bestand", **_auth(personas.members["coordinator"])
    )
    assert_problem(response, 404, "Niet gevonden")


# --- writing ------------------------------------------------------------------------------------


def test_a_gemeente_starts_its_kader_once(client: Client, personas: Any, coordinator: dict[str, Any]) -> None:
    response = _send(client, "post", BASE, {}, coordinator)
    assert response.status_code == 201
    body = response.json()
    assert (body["nummer"], body["status"]) == (1, "concept")
    assert response["Location"] == f"{BASE}/{body['id']}"
    assert response["ETag"] == f'"{body["id"]}-1"'
    with _bound(personas):
        assert Doel.objects.filter(versie_id=body["id"]).count() == len(content.DOELEN)
    again = _send(client, "post", BASE, {}, coordinator)
    problem = assert_problem(again, 400, "Ongeldige invoer")
    assert problem["invalidParams"][0]["reason"] == "Deze gemeente heeft al een kader; begin een nieuwe versie."


def test_a_new_version_is_a_copy_of_an_adopted_one(client: Client, personas: Any, coordinator: dict[str, Any]) -> None:
    first = _make_kader(personas, "vastgesteld").versie
    response = _send(client, "post", BASE, {"gebaseerdOp": str(first.pk)}, coordinator)
    assert response.status_code == 201
    body = response.json()
    assert (body["nummer"], body["status"], body["gebaseerdOp"], body["visie"]) == (
        2,
        "concept",
        str(first.pk),
        first.visie,
    )
    with _bound(personas):
        assert (
            Uitgangspunt.objects.filter(versie_id=body["id"]).count()
            == Uitgangspunt.objects.filter(versie=first).count()
        )


def test_a_new_version_of_an_unknown_version_is_refused(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    personas.kader_of()
    response = _send(client, "post", BASE, {"gebaseerdOp": str(uuid.uuid4())}, coordinator)
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "gebaseerdOp", "code": "invalid", "reason": "Onbekende versie van het kader."}
    ]
    with _bound(personas):
        assert KaderVersie.objects.count() == 1


def test_patching_a_version_changes_the_fields_sent_and_records_who_did_it(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    versie = personas.kader_of()
    with _bound(personas):
        services.edit(by=personas.members["coordinator"], versie=versie, expected_version=versie.version, visie="Oud")
    body = {
        "visieOnderbouwing": "  Past bij de ambitie.  ",
        "bedrijfsmiddelen": ["gebouwen", "mensen", "gebouwen"],
        "governance": "centraal",
    }
    response = _send(client, "patch", f"{BASE}/{versie.pk}", body, coordinator, **_if_match(versie))
    assert response.status_code == 200
    stored = _reload(personas, versie)
    assert (stored.visie, stored.visie_onderbouwing, stored.bedrijfsmiddelen, stored.governance) == (
        "Oud",
        "Past bij de ambitie.",
        ["gebouwen", "mensen"],
        "centraal",
    )
    assert response["ETag"] == etag(stored)
    assert response.json()["visieOnderbouwing"] == "Past bij de ambitie."
    assert "Visie: de onderbouwing van de gekozen variant ontbreekt." not in response.json()["ontbrekend"]
    with _bound(personas):
        event = KaderVersieEvent.objects.get(pgh_obj_id=versie.pk, visie_onderbouwing="Past bij de ambitie.")
        assert event.pgh_context["user"] == personas.user("coordinator").pk
        assert event.pgh_context["origin"] == "api"


CREATES = [
    ("mensgroepen", {"soort": "derden", "moetWeten": "Kent de huisregels."}, "moet_weten", "Kent de huisregels."),
    (
        "deelplannen",
        {"thema": "informatiebeveiliging", "titel": "IB-plan", "link": "https://intranet.example/ib"},
        "titel",
        "IB-plan",
    ),
    (
        "wetten",
        {"thema": "informatiebeveiliging", "naam": "Eigen norm", "vanToepassing": True},
        "van_toepassing",
        True,
    ),
    ("verantwoordelijkheden", {"rol": "CISO", "activiteit": "Audit", "aard": "R"}, "aard", "R"),
    ("doelen", {"titel": "Veilig thuiswerken", "relevant": True}, "relevant", True),
    (
        "uitgangspunten",
        {"groep": "draagvlak", "tekst": "Iedereen kent het kader."},
        "tekst",
        "Iedereen kent het kader.",
    ),
]
MODELS = {
    "mensgroepen": Mensgroep,
    "deelplannen": Deelplan,
    "wetten": WetOfNorm,
    "verantwoordelijkheden": Verantwoordelijkheid,
    "doelen": Doel,
    "uitgangspunten": Uitgangspunt,
}


@pytest.mark.parametrize(("segment", "body", "field", "value"), CREATES, ids=[c[0] for c in CREATES])
def test_every_part_can_be_added_changed_and_deleted(
    client: Client, personas: Any, kader: Kader, segment: str, body: dict[str, Any], field: str, value: Any
) -> None:
    auth = _auth(personas.members["thema_eigenaar"])
    model = MODELS[segment]
    if segment == "mensgroepen":  # all six groups are there from the start
        with _bound(personas):
            Mensgroep.objects.filter(versie=kader.versie, soort="derden").delete()
    collection = f"{BASE}/{kader.versie.pk}/{segment}"
    created = _send(client, "post", collection, body, auth)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created["Location"] == f"{collection}/{pk}"
    with _bound(personas):
        obj = model.objects.get(pk=pk)
    assert getattr(obj, field) == value
    assert created["ETag"] == etag(obj)

    changed = _send(client, "patch", f"{collection}/{pk}", {}, auth, HTTP_IF_MATCH=created["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] == etag(_reload(personas, obj))

    deleted = _send(client, "delete", f"{collection}/{pk}", None, auth, HTTP_IF_MATCH=changed["ETag"])
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert _reload(personas, obj) is None


def test_changing_a_part_changes_only_the_fields_sent(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    url = f"{BASE}/{kader.versie.pk}/wetten/{kader.wet.pk}"
    response = _send(
        client,
        "patch",
        url,
        {"vanToepassing": False, "reden": "Geldt niet voor ons."},
        coordinator,
        **_if_match(kader.wet),
    )
    assert response.status_code == 200
    stored = _reload(personas, kader.wet)
    assert (stored.naam, stored.toelichting) == (kader.wet.naam, kader.wet.toelichting)
    assert (stored.van_toepassing, stored.reden) == (False, "Geldt niet voor ons.")
    assert response.json()["vanToepassing"] is False


def test_a_pdca_phase_is_described_but_never_added_or_deleted(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    url = f"{BASE}/{kader.versie.pk}/pdca-fasen"
    changed = _send(
        client,
        "patch",
        f"{url}/{kader.fase.pk}",
        {"wat": "Audits.", "wie": "Auditor"},
        coordinator,
        **_if_match(kader.fase),
    )
    assert changed.status_code == 200
    assert (changed.json()["fase"], changed.json()["wat"], changed.json()["wie"]) == ("check", "Audits.", "Auditor")
    before = _kader_snapshot(personas)
    assert_problem(_send(client, "post", url, {"fase": "plan"}, coordinator), 405, "Methode niet toegestaan")
    refused = _send(
        client, "delete", f"{url}/{kader.fase.pk}", None, coordinator, **_if_match(_reload(personas, kader.fase))
    )
    assert_problem(refused, 405, "Methode niet toegestaan")
    assert _kader_snapshot(personas) == before
    assert not PdcaFase.can_add and not PdcaFase.can_delete


def test_a_goal_from_the_starting_set_is_marked_not_relevant_instead_of_deleted(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    with _bound(personas):
        startdoel = Doel.objects.filter(versie=kader.versie, sleutel__isnull=False)[0]
    url = f"{BASE}/{kader.versie.pk}/doelen/{startdoel.pk}"
    problem = assert_problem(
        _send(client, "delete", url, None, coordinator, **_if_match(startdoel)), 400, "Ongeldige invoer"
    )
    assert "markeer het als niet relevant" in problem["invalidParams"][0]["reason"]
    response = _send(client, "patch", url, {"relevant": False}, coordinator, **_if_match(startdoel))
    assert response.status_code == 200
    stored = _reload(personas, startdoel)
    assert (stored.relevant, stored.titel, stored.toelichting) == (False, startdoel.titel, startdoel.toelichting)


def test_the_goals_of_an_uitgangspunt_are_replaced_only_when_sent(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    with _bound(personas):
        ander = Doel.objects.filter(versie=kader.versie, sleutel__isnull=False)[0]
    url = f"{BASE}/{kader.versie.pk}/uitgangspunten/{kader.uitgangspunt.pk}"
    first = _send(client, "patch", url, {"tekst": "Herschreven."}, coordinator, **_if_match(kader.uitgangspunt))
    assert first.json()["doelen"] == [str(kader.doel.pk)]
    second = _send(
        client, "patch", url, {"doelen": [str(ander.pk), str(ander.pk)]}, coordinator, HTTP_IF_MATCH=first["ETag"]
    )
    assert second.status_code == 200
    assert (second.json()["tekst"], second.json()["doelen"]) == ("Herschreven.", [str(ander.pk)])
    with _bound(personas):
        assert list(
            UitgangspuntDoel.objects.filter(uitgangspunt=kader.uitgangspunt).values_list("doel_id", flat=True)
        ) == [ander.pk]


def test_an_uitgangspunt_only_serves_goals_of_its_own_version(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    url = f"{BASE}/{kader.versie.pk}/uitgangspunten"
    unknown = str(uuid.uuid4())
    response = _send(client, "post", url, {"groep": "beleid", "tekst": "Nieuw.", "doelen": [unknown]}, coordinator)
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "doelen", "code": "invalid", "reason": f"Geen beveiligingsdoel van deze versie: {unknown}."}
    ]
    with _bound(personas):
        assert not Uitgangspunt.objects.filter(tekst="Nieuw.").exists()


def test_an_activity_is_ticked_off_and_reopened(client: Client, personas: Any, kader: Kader) -> None:
    auth = _auth(personas.members["thema_eigenaar"])
    url = f"{BASE}/{kader.versie.pk}/activiteiten/{kader.activiteit.pk}"
    done = _send(
        client,
        "patch",
        url,
        {"gedaanOp": str(localdate()), "notitie": "In de werksessie."},
        auth,
        **_if_match(kader.activiteit),
    )
    assert done.status_code == 200
    stored = _reload(personas, kader.activiteit)
    assert (stored.gedaan_op, stored.gedaan_door_id, stored.notitie) == (
        localdate(),
        personas.user("thema_eigenaar").pk,
        "In de werksessie.",
    )
    reopened = _send(client, "patch", url, {"gedaanOp": None}, auth, HTTP_IF_MATCH=done["ETag"])
    assert reopened.status_code == 200
    stored = _reload(personas, kader.activiteit)
    assert (stored.gedaan_op, stored.gedaan_door_id, stored.notitie) == (None, None, "In de werksessie.")
    assert reopened.json()["gedaanDoor"] is None


# --- workflow -----------------------------------------------------------------------------------


def test_submitting_an_incomplete_version_lists_every_missing_part_and_changes_nothing(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    versie = personas.kader_of()
    with _bound(personas):
        missing = [point.text for point in progress.missing_parts(versie)]
    response = _send(client, "post", f"{BASE}/{versie.pk}/indiening", None, coordinator, **_if_match(versie))
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert [p["reason"] for p in problem["invalidParams"]] == missing
    assert {p["name"] for p in problem["invalidParams"]} == {"ontbrekend"}
    assert len(missing) > 5
    stored = _reload(personas, versie)
    assert (stored.status, stored.version) == (Status.CONCEPT, versie.version)


def test_a_version_goes_to_decision_back_again_and_is_adopted(client: Client, personas: Any) -> None:
    coordinator = _auth(personas.members["coordinator"])
    versie = personas.kader_of()
    with _bound(personas):
        _fill(versie, personas.members["coordinator"])
    url = f"{BASE}/{versie.pk}"
    submitted = _send(client, "post", f"{url}/indiening", None, coordinator, **_if_match(versie))
    assert (submitted.status_code, submitted.json()["status"]) == (200, "ter_besluitvorming")
    back = _send(client, "post", f"{url}/terugzetting", None, coordinator, HTTP_IF_MATCH=submitted["ETag"])
    assert (back.status_code, back.json()["status"]) == (200, "concept")
    again = _send(client, "post", f"{url}/indiening", None, coordinator, HTTP_IF_MATCH=back["ETag"])
    decision = {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "De gemeenteraad", "besluitkenmerk": "RB-2026-7"}
    adopted = _send(
        client,
        "post",
        f"{url}/vaststelling",
        decision,
        _auth(personas.members["bestuurder"]),
        HTTP_IF_MATCH=again["ETag"],
    )
    assert adopted.status_code == 200
    body = adopted.json()
    assert (body["status"], body["vastgesteldOp"], body["vastgesteldDoor"], body["besluitkenmerk"]) == (
        "vastgesteld",
        str(localdate()),
        "De gemeenteraad",
        "RB-2026-7",
    )
    assert adopted["ETag"] == etag(_reload(personas, versie))


def test_an_adoption_in_the_future_without_a_body_is_refused_with_every_reason(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    versie = personas.kader_of()
    with _bound(personas):
        _fill(versie, personas.members["coordinator"])
        services.submit_for_decision(by=personas.members["coordinator"], versie=versie)
    url = f"{BASE}/{versie.pk}/vaststelling"
    decision = {
        "vastgesteldOp": str(localdate() + datetime.timedelta(days=1)),
        "vastgesteldDoor": "  ",
        "besluitkenmerk": "BW-1",
    }
    problem = assert_problem(
        _send(client, "post", url, decision, coordinator, **_if_match(versie)), 400, "Ongeldige invoer"
    )
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "vastgesteldOp": "De datum van vaststelling ligt in de toekomst.",
        "vastgesteldDoor": "Geef aan welk orgaan de versie heeft vastgesteld.",
    }
    too_long = {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "x" * 151, "besluitkenmerk": "x" * 101}
    problem = assert_problem(
        _send(client, "post", url, too_long, coordinator, **_if_match(versie)), 400, "Ongeldige invoer"
    )
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "vastgesteldDoor": "Gebruik hoogstens 150 tekens.",
        "besluitkenmerk": "Gebruik hoogstens 100 tekens.",
    }
    assert _reload(personas, versie).status == Status.TER_BESLUITVORMING


def test_a_concept_cannot_be_adopted_directly(client: Client, personas: Any, coordinator: dict[str, Any]) -> None:
    versie = personas.kader_of()
    decision = {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "De raad"}
    response = _send(client, "post", f"{BASE}/{versie.pk}/vaststelling", decision, coordinator, **_if_match(versie))
    problem = assert_problem(response, 409, "Niet mogelijk in deze toestand")
    assert problem["detail"] == (
        "Versie 1 is concept; alleen een versie die ter besluitvorming ligt, kan worden vastgesteld."
    )
    assert "invalidParams" not in problem
    assert _reload(personas, versie).status == Status.CONCEPT


# --- validation ---------------------------------------------------------------------------------


def test_bad_input_is_reported_all_at_once_in_dutch_and_changes_nothing(
    client: Client, personas: Any, coordinator: dict[str, Any]
) -> None:
    versie = personas.kader_of()
    body = {"governance": "koning", "bedrijfsmiddelen": ["auto"], "status": "vastgesteld", "visie": 3}
    response = _send(client, "patch", f"{BASE}/{versie.pk}", body, coordinator, **_if_match(versie))
    problem = assert_problem(response, 400, "Ongeldige invoer", "invalidParams")
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "governance": "Kies een van de toegestane waarden.",
        "bedrijfsmiddelen.0": "Kies een van de toegestane waarden.",
        "status": "Onbekend veld.",
        "visie": "Geef een tekst.",
    }
    assert _reload(personas, versie).version == versie.version


def test_rules_of_the_service_come_back_under_the_api_field_names(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    before = _kader_snapshot(personas)
    url = f"{BASE}/{kader.versie.pk}"
    no_reason = _send(
        client, "patch", f"{url}/wetten/{kader.wet.pk}", {"vanToepassing": False}, coordinator, **_if_match(kader.wet)
    )
    problem = assert_problem(no_reason, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "reden", "code": "invalid", "reason": "Geef aan waarom deze wet of norm niet van toepassing is."}
    ]
    bad_link = {"thema": "integriteit", "titel": "Integriteitsbeleid", "link": "geen link"}
    problem = assert_problem(
        _send(client, "post", f"{url}/deelplannen", bad_link, coordinator), 400, "Ongeldige invoer"
    )
    assert [p["name"] for p in problem["invalidParams"]] == ["link"]
    assert all(p["reason"] and "Enter" not in p["reason"] for p in problem["invalidParams"])
    duplicate = _send(client, "post", f"{url}/mensgroepen", {"soort": kader.mensgroep.soort}, coordinator)
    problem = assert_problem(duplicate, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "body", "code": "invalid", "reason": "Deze groep staat al in de scope."}
    ]
    future = _send(
        client,
        "patch",
        f"{url}/activiteiten/{kader.activiteit.pk}",
        {"gedaanOp": str(localdate() + datetime.timedelta(days=1)), "notitie": "Morgen."},
        coordinator,
        **_if_match(kader.activiteit),
    )
    problem = assert_problem(future, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "gedaanOp", "code": "invalid", "reason": "Deze datum ligt in de toekomst."}
    ]
    assert _kader_snapshot(personas) == before


def test_the_form_of_the_input_is_checked_first_and_reported_all_at_once(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    before = _kader_snapshot(personas)
    url = f"{BASE}/{kader.versie.pk}"
    too_long = {"thema": "integriteit", "titel": "x" * 201, "eigenaar": "y" * 151, "link": "https://x.nl/" + "z" * 500}
    problem = assert_problem(
        _send(client, "post", f"{url}/deelplannen", too_long, coordinator), 400, "Ongeldige invoer"
    )
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "titel": "Gebruik hoogstens 200 tekens.",
        "eigenaar": "Gebruik hoogstens 150 tekens.",
        "link": "Gebruik hoogstens 500 tekens.",
    }
    long_note = {"gedaanOp": str(localdate()), "notitie": "z" * 2001}
    response = _send(
        client,
        "patch",
        f"{url}/activiteiten/{kader.activiteit.pk}",
        long_note,
        coordinator,
        **_if_match(kader.activiteit),
    )
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "notitie", "code": "string_too_long", "reason": "Gebruik hoogstens 2000 tekens."}
    ]
    null_title = _send(
        client, "patch", f"{url}/doelen/{kader.doel.pk}", {"titel": None}, coordinator, **_if_match(kader.doel)
    )
    problem = assert_problem(null_title, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [{"name": "titel", "code": "string_type", "reason": "Geef een tekst."}]
    assert _kader_snapshot(personas) == before


def test_a_required_field_missing_on_create_is_named(
    client: Client, personas: Any, kader: Kader, coordinator: dict[str, Any]
) -> None:
    response = _send(client, "post", f"{BASE}/{kader.versie.pk}/verantwoordelijkheden", {"rol": "CISO"}, coordinator)
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert sorted((p["name"], p["reason"]) for p in problem["invalidParams"]) == [
        ("aard", "Dit veld is verplicht."),
        ("activiteit", "Dit veld is verplicht."),
    ]


def _text_fields(document: dict[str, Any], write: Write) -> list[str]:
    """The free-text properties of the body of ``write`` in the OpenAPI document."""
    path = "/kader-versies" + re.sub(r"{(\w+)}", r"{\1_id}", write.path)
    body = document["paths"][path][write.method].get("requestBody")
    if body is None:
        return []
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    names = []
    for name, prop in document["components"]["schemas"][ref]["properties"].items():
        options = [prop, *prop.get("anyOf", [])]
        if any(o.get("type") == "string" and "format" not in o and "enum" not in o for o in options):
            names.append(name)
    return names


@pytest.mark.parametrize("text", ["NUL \u0000 in de tekst", "los surrogaat \ud800", "belletje \u0007"])
def test_a_control_character_or_a_lone_surrogate_in_any_text_is_refused_in_dutch(
    client: Client, personas: Any, kader: Kader, text: str
) -> None:
    document = client.get("/api/v1/openapi.json").json()
    auth = _auth(personas.members["coordinator"])
    client.get(BASE, **auth)  # marks the token as used before the snapshot
    before = _kader_snapshot(personas)
    tried = 0
    for write in WRITES:
        for field in _text_fields(document, write):
            headers = _if_match(getattr(kader, write.target)) if write.target else {}
            body = {**(write.body or {}), field: text}
            response = _send(client, write.method, write.url(kader), json.dumps(body), auth, **headers)
            problem = assert_problem(response, 400, "Ongeldige invoer")
            assert [(p["name"], p["reason"]) for p in problem["invalidParams"]] == [
                (
                    field,
                    "De tekst bevat een teken dat niet is toegestaan: een stuurteken (zoals U+0000) of een los "
                    "surrogaat.",
                )
            ], (str(write), field)
            tried += 1
    assert tried >= 25  # every text field of every write operation
    assert _kader_snapshot(personas) == before


def _incompressible(length: int) -> str:
    """A text of ``length`` characters of four bytes each that does not compress (a fixed sequence)."""
    pick = random.Random(length)
    return "".join(chr(pick.randrange(0x10000, 0x10FFFF)) for _ in range(length))


def test_a_text_as_long_as_the_document_allows_is_stored_even_in_four_byte_characters(
    client: Client, personas: Any, kader: Kader
) -> None:
    """A unique index holds at most 2704 bytes: a text that is part of one must be bounded lower."""
    document = client.get("/api/v1/openapi.json").json()
    auth = _auth(personas.members["coordinator"])
    tried = 0
    for write in WRITES:
        body_ref = document["paths"]["/kader-versies" + re.sub(r"{(\w+)}", r"{\1_id}", write.path)][write.method]
        if "requestBody" not in body_ref:
            continue
        ref = body_ref["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        properties = document["components"]["schemas"][ref]["properties"]
        for field in _text_fields(document, write):
            prop = properties[field]
            limit = next(o["maxLength"] for o in [prop, *prop.get("anyOf", [])] if "maxLength" in o)
            headers = {"HTTP_IF_MATCH": "*"} if write.target else {}
            body = {**(write.body or {}), field: _incompressible(limit)}
            response = _send(client, write.method, write.url(kader), body, auth, **headers)
            assert response.status_code < 500, (str(write), field)
            tried += 1
    assert tried >= 25


# --- adopted and expired versions cannot change -------------------------------------------------


@pytest.mark.parametrize("state", ["vastgesteld", "vervallen"])
def test_an_adopted_or_expired_version_cannot_be_changed_through_any_endpoint(
    client: Client, personas: Any, state: str
) -> None:
    k = _make_kader(personas, state)
    assert k.versie.status == state
    auth = _auth(personas.members["coordinator"])
    client.get(BASE, **auth)  # marks the token as used before the snapshot
    before = _kader_snapshot(personas)
    for write in WRITES:
        headers = _if_match(getattr(k, write.target)) if write.target else {}
        response = _send(client, write.method, write.url(k), write.body, auth, **headers)
        assert response.status_code == 409, (str(write), response.status_code, response.content)
        problem = assert_problem(response, 409, "Niet mogelijk in deze toestand", f"Versie 1 is {state}")
        assert "invalidParams" not in problem
    assert _kader_snapshot(personas) == before


# --- concurrency ----------------------------------------------------------------------------------


@pytest.mark.parametrize("write", CHANGES, ids=str)
def test_a_change_without_if_match_is_428_and_changes_nothing(
    client: Client, personas: Any, kader: Kader, write: Write
) -> None:
    auth = _auth(personas.members["coordinator"])
    client.get(BASE, **auth)
    before = _kader_snapshot(personas)
    response = _send(client, write.method, write.url(kader), write.body, auth)
    assert_problem(response, 428, "Versie ontbreekt", "If-Match")
    assert _kader_snapshot(personas) == before


@pytest.mark.parametrize("write", CHANGES, ids=str)
def test_a_change_with_a_stale_etag_is_412_and_changes_nothing(
    client: Client, personas: Any, kader: Kader, write: Write
) -> None:
    auth = _auth(personas.members["coordinator"])
    client.get(BASE, **auth)
    target = getattr(kader, write.target or "versie")
    before = _kader_snapshot(personas)
    stale = {"HTTP_IF_MATCH": f'"{target.pk}-{target.version - 1}"'}
    response = _send(client, write.method, write.url(kader), write.body, auth, **stale)
    assert_problem(response, 412, "Versie verouderd", "intussen gewijzigd")
    assert _kader_snapshot(personas) == before


def test_the_new_etag_allows_the_next_change_and_the_old_one_not(client: Client, personas: Any, kader: Kader) -> None:
    auth = _auth(personas.members["coordinator"])
    url = f"{BASE}/{kader.versie.pk}/doelen/{kader.doel.pk}"
    first = _send(client, "patch", url, {"titel": "Eerste"}, auth, **_if_match(kader.doel))
    assert first.status_code == 200
    old = _send(client, "patch", url, {"titel": "Tweede"}, auth, **_if_match(kader.doel))
    assert_problem(old, 412, "Versie verouderd")
    second = _send(client, "patch", url, {"titel": "Tweede"}, auth, HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200
    assert _reload(personas, kader.doel).titel == "Tweede"


# --- roles ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor"])
def test_readers_of_the_kader_read_every_part(client: Client, personas: Any, kader: Kader, role: str) -> None:
    auth = _auth(personas.members[role])
    assert client.get(BASE, **auth).status_code == 200
    assert client.get(f"{BASE}/{kader.versie.pk}", **auth).status_code == 200
    for segment, *_rest in PARTS:
        assert client.get(f"{BASE}/{kader.versie.pk}/{segment}", **auth).status_code == 200, segment


@pytest.mark.parametrize("role", ["melder", "ketenpartner"])
def test_melders_and_ketenpartners_get_nothing_of_the_kader(
    client: Client, personas: Any, kader: Kader, role: str
) -> None:
    auth = _auth(personas.members[role])
    client.get("/api/v1/gemeenten", **auth)
    before = _kader_snapshot(personas)
    for url in (BASE, f"{BASE}/{kader.versie.pk}", f"{BASE}/{kader.versie.pk}/doelen/{kader.doel.pk}"):
        assert_problem(client.get(url, **auth), 403, "Geen toegang", "geen inzage")
    for write in WRITES:
        headers = _if_match(getattr(kader, write.target)) if write.target else {}
        response = _send(client, write.method, write.url(kader), write.body, auth, **headers)
        assert_problem(response, 403, "Geen toegang")
    assert _kader_snapshot(personas) == before


@pytest.mark.parametrize("role", ["auditor", "bestuurder"])
def test_auditors_and_bestuurders_cannot_edit(client: Client, personas: Any, kader: Kader, role: str) -> None:
    auth = _auth(personas.members[role])
    client.get(BASE, **auth)
    before = _kader_snapshot(personas)
    for write in WRITES:
        headers = _if_match(getattr(kader, write.target)) if write.target else {}
        response = _send(client, write.method, write.url(kader), write.body, auth, **headers)
        if write.path.endswith(("/vaststelling", "/terugzetting")):  # the decision: kader.adopt
            if role == "bestuurder":  # may decide, but the version is a concept
                assert_problem(response, 409, "Niet mogelijk in deze toestand", "Versie 1 is concept")
            else:
                assert_problem(response, 403, "Geen toegang", "coördinator of bestuurder")
        else:
            assert_problem(response, 403, "Geen toegang", "niet wijzigen")
    assert _kader_snapshot(personas) == before


@pytest.mark.parametrize(("role", "allowed"), [("bestuurder", True), ("thema_eigenaar", False), ("auditor", False)])
def test_only_coordinators_and_bestuurders_record_the_adoption(
    client: Client, personas: Any, role: str, allowed: bool
) -> None:
    versie = personas.kader_of()
    with _bound(personas):
        _fill(versie, personas.members["coordinator"])
        services.submit_for_decision(by=personas.members["coordinator"], versie=versie)
    decision = {"vastgesteldOp": str(localdate()), "vastgesteldDoor": "College van B en W"}
    response = _send(
        client, "post", f"{BASE}/{versie.pk}/vaststelling", decision, _auth(personas.members[role]), **_if_match(versie)
    )
    if allowed:
        assert response.status_code == 200
        assert _reload(personas, versie).status == Status.VASTGESTELD
    else:
        assert_problem(response, 403, "Geen toegang", "coördinator of bestuurder")
        assert _reload(personas, versie).status == Status.TER_BESLUITVORMING


# --- gemeente B ---------------------------------------------------------------------------------


def test_a_token_of_gemeente_b_cannot_change_anything_of_a_even_with_a_valid_request(
    client: Client, personas: Any, kader: Kader
) -> None:
    auth = _auth(personas.coordinator_b)
    client.get(BASE, **auth)
    before = _kader_snapshot(personas)
    for write in WRITES:
        headers = _if_match(getattr(kader, write.target)) if write.target else {}
        response = _send(client, write.method, write.url(kader), write.body, auth, **headers)
        assert_problem(response, 404, "Niet gevonden")
    response = _send(client, "post", BASE, {"gebaseerdOp": str(kader.versie.pk)}, auth)
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"][0]["name"] == "gebaseerdOp"
    assert client.get(BASE, **auth).json() == []
    assert _kader_snapshot(personas) == before


# --- the OpenAPI document ----------------------------------------------------------------------

TRANSITIONS = ("/indiening", "/terugzetting", "/vaststelling")


def test_the_openapi_document_names_etags_if_match_and_refusals_of_every_kader_operation(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    kader = {path: item for path, item in paths.items() if path.startswith("/kader-versies")}
    assert len(kader) == 22
    for path, item in kader.items():
        for method, operation in item.items():
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            changes = method in {"patch", "delete"} or path.endswith(TRANSITIONS)
            assert ("If-Match" in headers) == changes, (method, path)
            if method == "get" and path.endswith("_id}"):
                assert "ETag" in operation["responses"]["200"]["headers"], path
            if method == "post" and not path.endswith(TRANSITIONS):
                assert set(operation["responses"]["201"]["headers"]) == {"API-Version", "ETag", "Location"}, path
            assert "403" in operation["responses"], (method, path)


# --- query budgets ------------------------------------------------------------------------------

# Queries of one authenticated API request before the operation itself:
#   SAVEPOINT, set_config (empty binding), set_config (token hash), SELECT token,
#   set_config (token's gemeente), SELECT membership + user + gemeente + partner,
#   set_config (gemeente, user, token) ... and RELEASE SAVEPOINT at the end.
REQUEST = 8
LIST_BUDGETS = {
    "": REQUEST + 1,  # the versions
    "/mensgroepen": REQUEST + 2,  # the version, its groups
    "/deelplannen": REQUEST + 2,  # the version, its plans (without the files)
    "/wetten": REQUEST + 2,  # the version, its laws and norms
    "/pdca-fasen": REQUEST + 2,  # the version, its phases
    "/verantwoordelijkheden": REQUEST + 2,  # the version, its responsibilities
    "/doelen": REQUEST + 2,  # the version, its goals
    "/uitgangspunten": REQUEST + 3,  # the version, its uitgangspunten, their links to goals (prefetch)
    "/activiteiten": REQUEST + 2,  # the version, its activities with who did them (JOIN)
}


def _grow(personas: Any, versie: KaderVersie, extra: int) -> None:
    """``extra`` rows of every part that can grow (and older versions), written directly; with
    ``extra=1`` also a single group of people instead of six."""
    by = personas.members["coordinator"]
    common = {"gemeente_id": personas.gemeente_a.pk, "versie": versie}
    with _bound(personas):
        for i in range(extra):
            KaderVersie.objects.create(
                gemeente_id=personas.gemeente_a.pk,
                nummer=100 + i,
                status="vervallen",
                vastgesteld_op=localdate(),
                vastgesteld_door="Raad",
            )
            Deelplan.objects.create(**common, thema="integriteit", titel=f"Plan {i}")
            WetOfNorm.objects.create(**common, thema="integriteit", naam=f"Norm {i}")
            Verantwoordelijkheid.objects.create(**common, rol=f"Rol {i}", activiteit="Audit", aard="R")
            doel = Doel.objects.create(**common, titel=f"Doel {i}")
            punt = Uitgangspunt.objects.create(**common, groep="beleid", tekst=f"Punt {i}")
            for target in Doel.objects.filter(versie=versie, sleutel__isnull=False)[:3]:
                UitgangspuntDoel.objects.create(**common, uitgangspunt=punt, doel=target)
            UitgangspuntDoel.objects.create(**common, uitgangspunt=punt, doel=doel)
        for activiteit in StapActiviteit.objects.filter(versie=versie)[:extra]:
            services.mark_activity(by=by, activiteit=activiteit, on=localdate(), note="Gedaan")
        if extra == 1:
            Mensgroep.objects.filter(versie=versie).exclude(soort="medewerkers").delete()


@pytest.fixture
def count_queries() -> Iterator[Any]:
    def run(client: Client, url: str, auth: dict[str, Any]) -> tuple[int, Any]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **auth)
        return len(queries), response

    yield run


@pytest.mark.parametrize("extra", [1, 25])
def test_the_lists_use_the_same_queries_for_little_or_much_data(
    client: Client, personas: Any, count_queries: Any, extra: int
) -> None:
    versie = personas.kader_of()
    _grow(personas, versie, extra)
    auth = _auth(personas.members["coordinator"])
    client.get(BASE, **auth)  # warm-up: marks the token as used
    counts = {}
    for suffix in LIST_BUDGETS:
        url = BASE if suffix == "" else f"{BASE}/{versie.pk}{suffix}"
        counts[suffix], response = count_queries(client, url, auth)
        assert response.status_code == 200
        if suffix in {"", "/deelplannen", "/verantwoordelijkheden", "/uitgangspunten"}:
            assert len(response.json()) == extra + (1 if suffix == "" else 0)
    assert counts == LIST_BUDGETS


def test_a_thema_eigenaar_changes_only_the_parts_of_their_own_themes(
    client: Client, personas: Any, kader: Kader
) -> None:
    auth = _auth(personas.members["thema_eigenaar"])  # owns informatiebeveiliging
    collection = f"{BASE}/{kader.versie.pk}/deelplannen"
    refused = _send(client, "post", collection, {"thema": "integriteit", "titel": "Gedragscode"}, auth)
    assert_problem(refused, 403, "Geen toegang", "waarvan u geen eigenaar bent")
    with _bound(personas):
        assert not Deelplan.objects.filter(versie=kader.versie, titel="Gedragscode").exists()
        wet = WetOfNorm.objects.filter(versie=kader.versie, thema="integriteit").first()
    assert wet is not None
    url = f"{BASE}/{kader.versie.pk}/wetten/{wet.pk}"
    refused = _send(client, "patch", url, {"vanToepassing": True}, auth, **_if_match(wet))
    assert_problem(refused, 403, "Geen toegang", "waarvan u geen eigenaar bent")
    refused = _send(client, "delete", url, None, auth, **_if_match(wet))
    assert_problem(refused, 403, "Geen toegang", "waarvan u geen eigenaar bent")
    assert _reload(personas, wet).van_toepassing == wet.van_toepassing
    with _bound(personas):
        own = WetOfNorm.objects.filter(versie=kader.versie, thema="informatiebeveiliging").first()
    assert own is not None
    moved = _send(
        client, "patch", f"{BASE}/{kader.versie.pk}/wetten/{own.pk}", {"thema": "integriteit"}, auth, **_if_match(own)
    )
    assert_problem(moved, 403, "Geen toegang", "waarvan u geen eigenaar bent")
    assert _reload(personas, own).thema == "informatiebeveiliging"
