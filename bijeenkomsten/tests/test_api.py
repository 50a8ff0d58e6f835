"""The API of the bijeenkomsten: reading per role, preparing and running a session with ETag/If-Match,
refusals in Dutch that change nothing, and query budgets that do not grow with the data."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bijeenkomsten import services
from bijeenkomsten.models import Bijeenkomst, Resultaat, Soort, Vraag
from ivp.models import Actie, Thema
from lib import tenancy
from lib.concurrency import etag
from tests import factories
from tests.api import assert_problem

from .world import Sessie, sessie_of

pytestmark = pytest.mark.django_db

BASE = "/api/v1/bijeenkomsten"


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


def fresh(personas: Any, obj: Any) -> Any:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return type(obj).objects.get(pk=obj.pk)


def count(personas: Any, model: Any) -> int:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return int(model.objects.count())


def themas_of(personas: Any, n: int = 3) -> list[str]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return [str(pk) for pk in Thema.objects.order_by("code").values_list("pk", flat=True)[:n]]


@pytest.fixture
def prepared(personas: Any) -> Sessie:
    return sessie_of(personas, open_it=False)


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "thema_eigenaar", "bestuurder", "auditor"])
def test_every_reader_reads_the_sessions_their_questions_and_results(personas: Any, role: str) -> None:
    sessie = sessie_of(personas)
    client = api(personas, role)
    [found] = client.get(BASE).json()
    assert (found["id"], found["status"], found["code"]) == (
        str(sessie.bijeenkomst.pk),
        "open",
        sessie.bijeenkomst.code,
    )
    one = client.get(f"{BASE}/{sessie.bijeenkomst.pk}")
    assert one["ETag"] == etag(fresh(personas, sessie.bijeenkomst))
    vragen = client.get(f"{BASE}/{sessie.bijeenkomst.pk}/vragen").json()
    assert [v["soort"] for v in vragen] == ["schaal", "punten", "rangorde", "matrix", "open"]
    vraag = client.get(f"{BASE}/{sessie.bijeenkomst.pk}/vragen/{vragen[0]['id']}")
    assert vraag.json()["criterium"] == "ernst" and vraag["ETag"]
    resultaten = client.get(f"{BASE}/{sessie.bijeenkomst.pk}/resultaten").json()
    assert [r["antwoorden"] for r in resultaten] == [0] * 5


@pytest.mark.parametrize("role", ["ketenpartner", "melder"])
def test_a_ketenpartner_and_a_melder_read_no_sessions(personas: Any, role: str) -> None:
    sessie = sessie_of(personas)
    client = api(personas, role)
    assert_problem(client.get(BASE), 403, "Geen toegang", "bijeenkomsten")
    assert client.get(f"{BASE}/{sessie.bijeenkomst.pk}/resultaten").status_code == 403


def test_a_question_is_found_only_under_its_own_session(personas: Any, prepared: Sessie) -> None:
    other = sessie_of(personas, open_it=False)
    vraag = prepared.vragen[Soort.SCHAAL]
    assert api(personas).get(f"{BASE}/{other.bijeenkomst.pk}/vragen/{vraag.pk}").status_code == 404


# --- preparing and running a session ----------------------------------------------------------------


def test_a_coordinator_prepares_runs_and_closes_a_session_through_the_api(personas: Any) -> None:
    plan = personas.ivp_of()
    client = api(personas)
    made = send(client, "post", BASE, {"planId": str(plan.pk), "titel": "Jaarbespreking", "datum": "2027-03-01"})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["doelgroep"], len(body["code"])) == ("voorbereid", "partners", 8)
    url = f"{BASE}/{body['id']}"
    assert made["Location"] == url and made["ETag"]

    themas = themas_of(personas)
    vragen = f"{url}/vragen"
    schaal = send(
        client, "post", vragen, {"soort": "schaal", "tekst": "Hoe ernstig?", "themaIds": themas, "criterium": "ernst"}
    )
    assert schaal.status_code == 201, schaal.content
    assert [o["id"] for o in schaal.json()["onderwerpen"]] == themas
    assert schaal["Location"] == f"{vragen}/{schaal.json()['id']}"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        acties = [str(pk) for pk in Actie.objects.values_list("pk", flat=True)[:2]]
    rangorde = send(client, "post", vragen, {"soort": "rangorde", "tekst": "Wat eerst?", "actieIds": acties})
    assert rangorde.status_code == 201 and rangorde.json()["onderwerpActies"] is True
    weg = send(client, "post", vragen, {"soort": "open", "tekst": "Nog iets?"})
    assert weg.status_code == 201

    # change a question, delete one, change the session itself
    one = f"{vragen}/{schaal.json()['id']}"
    changed = send(client, "patch", one, {"tekst": "Hoe ernstig is het?"}, client.get(one)["ETag"])
    assert changed.status_code == 200 and changed.json()["tekst"] == "Hoe ernstig is het?"
    gone = f"{vragen}/{weg.json()['id']}"
    assert send(client, "delete", gone, if_match=client.get(gone)["ETag"]).status_code == 204
    renamed = send(client, "patch", url, {"titel": "Jaarbespreking 2027"}, client.get(url)["ETag"])
    assert renamed.json()["titel"] == "Jaarbespreking 2027"

    # open the session and a question; a participant answers on the pages
    opened = send(client, "post", f"{url}/opening", if_match=renamed["ETag"])
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    live = send(client, "post", f"{one}/opening", if_match=changed["ETag"])
    assert live.json()["status"] == "open"
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        sessie = Sessie(personas, Bijeenkomst.objects.get(pk=body["id"]), {}, themas)
    deelnemer = sessie.join()
    answer = {themas[0]: "5", themas[1]: "3", themas[2]: "weet-niet"}
    assert deelnemer.post(sessie.url("antwoorden", pk=schaal.json()["id"]), answer).status_code == 302
    closed_q = send(client, "post", f"{one}/sluiting", if_match=live["ETag"])
    assert closed_q.json()["status"] == "gesloten"

    closed = send(client, "post", f"{url}/sluiting", if_match=opened["ETag"])
    assert closed.status_code == 200 and closed.json()["status"] == "gesloten"
    [uitkomst, *_] = client.get(f"{url}/resultaten").json()
    assert [o["gemiddelde"] for o in uitkomst["onderwerpen"]] == [5.0, 3.0, None]
    assert count(personas, Resultaat) == 3 + 2  # the scale's themes and the ranking's actions


def test_a_session_is_copied_with_its_questions(personas: Any, prepared: Sessie) -> None:
    client = api(personas)
    response = send(
        client, "post", f"{BASE}/{prepared.bijeenkomst.pk}/kopie", {"titel": "Terugblik", "datum": "2028-02-01"}
    )
    assert response.status_code == 201, response.content
    kopie = response.json()
    assert response["Location"] == f"{BASE}/{kopie['id']}"
    assert (kopie["gekopieerdVan"], kopie["status"]) == (str(prepared.bijeenkomst.pk), "voorbereid")
    assert len(client.get(f"{BASE}/{kopie['id']}/vragen").json()) == 5


def test_the_history_names_who_prepared_through_the_api(personas: Any) -> None:
    plan = personas.ivp_of()
    client = api(personas)
    made = send(client, "post", BASE, {"planId": str(plan.pk), "titel": "Wijkavond", "datum": "2027-05-01"}).json()
    from django.apps import apps

    event = apps.get_model("bijeenkomsten", "BijeenkomstEvent")
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        [row] = event.objects.filter(pgh_obj_id=made["id"])
    assert row.pgh_context["user"] == personas.members["coordinator"].user_id
    assert row.pgh_context["action"] == "bijeenkomsten.prepare"


# --- concurrency --------------------------------------------------------------------------------


@pytest.mark.parametrize("header", [None, "*", '"verouderd"', "stale"])
def test_a_change_needs_the_current_etag_and_otherwise_changes_nothing(
    personas: Any, prepared: Sessie, header: str | None
) -> None:
    client = api(personas)
    url = f"{BASE}/{prepared.bijeenkomst.pk}"
    vraag = f"{url}/vragen/{prepared.vragen[Soort.PUNTEN].pk}"
    stale = {
        url: etag(fresh(personas, prepared.bijeenkomst)),
        vraag: etag(fresh(personas, prepared.vragen[Soort.PUNTEN])),
    }
    send(client, "patch", url, {"titel": "Eerst"}, stale[url])
    send(client, "patch", vraag, {"tekst": "Eerst"}, stale[vraag])
    before = (fresh(personas, prepared.bijeenkomst).version, fresh(personas, prepared.vragen[Soort.PUNTEN]).version)
    attempts = [
        ("patch", url, {"titel": "Overschreven"}),
        ("post", f"{url}/opening", None),
        ("patch", vraag, {"tekst": "Overschreven"}),
        ("delete", vraag, None),
    ]
    for method, target, body in attempts:
        if_match = stale[target.split("/opening")[0]] if header == "stale" else header
        response = send(client, method, target, body, if_match)
        assert response.status_code == (428 if header is None else 412), (method, target)
    after = (fresh(personas, prepared.bijeenkomst), fresh(personas, prepared.vragen[Soort.PUNTEN]))
    assert (after[0].version, after[1].version) == before
    assert (after[0].titel, after[0].status, after[1].tekst) == ("Eerst", "voorbereid", "Eerst")


# --- roles --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "ketenpartner"])
def test_only_a_coordinator_or_thema_eigenaar_prepares(personas: Any, prepared: Sessie, role: str) -> None:
    client = api(personas, role)
    plan = personas.ivp_of()
    url = f"{BASE}/{prepared.bijeenkomst.pk}"
    version = etag(fresh(personas, prepared.bijeenkomst))
    attempts = [
        send(client, "post", BASE, {"planId": str(plan.pk), "titel": "X", "datum": "2027-01-01"}),
        send(client, "patch", url, {"titel": "X"}, version),
        send(client, "post", f"{url}/opening", if_match=version),
        send(client, "post", f"{url}/vragen", {"soort": "open", "tekst": "X"}),
        send(client, "post", f"{url}/kopie", {"titel": "X", "datum": "2027-01-01"}),
    ]
    assert [r.status_code for r in attempts] == [403] * 5
    assert count(personas, Bijeenkomst) == 1 and count(personas, Vraag) == 5
    assert fresh(personas, prepared.bijeenkomst).status == "voorbereid"


def test_a_thema_eigenaar_prepares_a_session(personas: Any) -> None:
    plan = personas.ivp_of()
    response = send(
        api(personas, "thema_eigenaar"), "post", BASE, {"planId": str(plan.pk), "titel": "Wijk", "datum": "2027-01-01"}
    )
    assert response.status_code == 201


# --- bad input ----------------------------------------------------------------------------------


def _foreign_themes(personas: Any) -> list[str]:
    from ivp import services as ivp_services

    coordinator_b = personas.coordinator_b
    with tenancy.bound(gemeente=personas.gemeente_b.pk, user=coordinator_b.user_id):
        ivp_services.start_ivp(by=coordinator_b)
        return [str(pk) for pk in Thema.objects.values_list("pk", flat=True)[:2]]


def test_a_plan_or_themes_of_another_gemeente_are_refused_by_name(personas: Any, prepared: Sessie) -> None:
    foreign = _foreign_themes(personas)
    client = api(personas)
    with tenancy.bound(gemeente=personas.gemeente_b.pk):
        from ivp.models import Plan

        plan_b = Plan.objects.get()
    response = send(client, "post", BASE, {"planId": str(plan_b.pk), "titel": "X", "datum": "2027-01-01"})
    assert_problem(response, 400, "Ongeldige invoer")
    assert reasons(response) == {"planId": "Onbekend veiligheidsplan."}
    vragen = f"{BASE}/{prepared.bijeenkomst.pk}/vragen"
    response = send(
        client, "post", vragen, {"soort": "schaal", "tekst": "X", "themaIds": [themas_of(personas)[0], *foreign]}
    )
    assert "eigen gemeente" in reasons(response)["themaIds"]
    response = send(client, "post", vragen, {"soort": "rangorde", "tekst": "X", "actieIds": foreign})
    assert "eigen gemeente" in reasons(response)["actieIds"]
    assert count(personas, Bijeenkomst) == 1 and count(personas, Vraag) == 5


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"soort": "schaal", "tekst": "X", "themaIds": []}, "themaIds", "ten minste twee"),
        ({"soort": "punten", "tekst": "X"}, "themaIds", "ten minste twee"),
        ({"soort": "open", "tekst": "X", "themaIds": "THEMES"}, "themaIds", "geen thema's"),
        ({"soort": "punten", "tekst": "X", "themaIds": "THEMES", "criterium": "ernst"}, "criterium", "schaalvraag"),
        ({"soort": "schaal", "tekst": "X", "themaIds": "THEMES", "actieIds": []}, "actieIds", "niet allebei"),
        ({"soort": "schaal", "tekst": ""}, "tekst", "niet leeg"),
        ({"soort": "schaal", "tekst": "a\x00b"}, "tekst", "stuurteken"),
        ({"soort": "peiling", "tekst": "X"}, "soort", ""),
        ({"soort": "open", "tekst": "X", "stemmen": 3}, "stemmen", ""),
        ({"soort": "schaal", "tekst": "X", "themaIds": ["geen-id"]}, "themaIds.0", ""),
    ],
)
def test_a_question_that_cannot_be_asked_is_refused_and_nothing_is_stored(
    personas: Any, prepared: Sessie, body: dict[str, Any], field: str, reason: str
) -> None:
    themes = themas_of(personas)
    body = {key: themes if value == "THEMES" else value for key, value in body.items()}
    response = send(api(personas), "post", f"{BASE}/{prepared.bijeenkomst.pk}/vragen", body)
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    assert count(personas, Vraag) == 5


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"datum": "9999-12-31"}, "datum", "tussen 2000 en 2100"),
        ({"datum": "31-12-2027"}, "datum", ""),
        ({"titel": "x" * 201}, "titel", "200"),
        ({"titel": None}, "titel", ""),
        ({"doelgroep": "iedereen"}, "doelgroep", ""),
    ],
)
def test_a_session_change_that_cannot_be_stored_is_refused(
    personas: Any, prepared: Sessie, body: dict[str, Any], field: str, reason: str
) -> None:
    url = f"{BASE}/{prepared.bijeenkomst.pk}"
    response = send(api(personas), "patch", url, body, etag(fresh(personas, prepared.bijeenkomst)))
    assert_problem(response, 400, "Ongeldige invoer")
    assert reason in reasons(response)[field], reasons(response)
    stored = fresh(personas, prepared.bijeenkomst)
    assert (stored.titel, stored.version) == (prepared.bijeenkomst.titel, prepared.bijeenkomst.version)


def test_a_closed_session_and_an_opened_question_do_not_change(personas: Any) -> None:
    sessie = sessie_of(personas)
    client = api(personas)
    vraag = sessie.open(Soort.SCHAAL)
    url = f"{BASE}/{sessie.bijeenkomst.pk}/vragen/{vraag.pk}"
    response = send(client, "patch", url, {"tekst": "Anders"}, etag(fresh(personas, vraag)))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "al open is geweest")
    response = send(client, "delete", url, if_match=etag(fresh(personas, vraag)))
    assert_problem(response, 409, "Niet mogelijk in deze toestand")
    sessie.close()
    session = f"{BASE}/{sessie.bijeenkomst.pk}"
    response = send(client, "patch", session, {"titel": "Anders"}, etag(fresh(personas, sessie.bijeenkomst)))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "kopie")
    response = send(client, "post", f"{session}/vragen", {"soort": "open", "tekst": "Nog één"})
    assert_problem(response, 409, "Niet mogelijk in deze toestand")
    response = send(client, "post", f"{session}/sluiting", if_match=etag(fresh(personas, sessie.bijeenkomst)))
    assert_problem(response, 409, "Niet mogelijk in deze toestand", "al gesloten")
    assert fresh(personas, vraag).tekst == "Hoe ernstig is dit?" and count(personas, Vraag) == 5


def test_a_session_without_questions_does_not_open(personas: Any) -> None:
    plan = personas.ivp_of()
    client = api(personas)
    made = send(client, "post", BASE, {"planId": str(plan.pk), "titel": "Leeg", "datum": "2027-01-01"})
    response = send(client, "post", f"{BASE}/{made.json()['id']}/opening", if_match=made["ETag"])
    assert_problem(response, 400, "Ongeldige invoer")
    assert "Voeg eerst een vraag toe" in response.json()["invalidParams"][0]["reason"]
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        assert Bijeenkomst.objects.get(pk=made.json()["id"]).status == "voorbereid"


# --- query budgets ------------------------------------------------------------------------------

# One authenticated API request before the operation: savepoint, the bindings, the token and its
# membership (see kader/tests/test_api.py), and the release at the end.
REQUEST = 8
BUDGETS = {
    "": REQUEST + 1,  # the sessions
    "/{id}": REQUEST + 1,  # the session
    "/{id}/vragen": REQUEST + 2,  # the session, its questions
    "/{id}/vragen/{vraag}": REQUEST + 1,  # the question with its session and plan
    "/{id}/resultaten": REQUEST + 4,  # the session, its questions, the answers, the remarks with their votes
}


def _grow(sessie: Sessie, extra: int) -> None:
    """``extra`` more sessions, participants with answers, and remarks."""
    personas = sessie.personas
    with sessie.bound():
        for i in range(extra):
            services.prepare(
                by=sessie.by,
                plan=sessie.bijeenkomst.plan,
                titel=f"Extra {i}",
                datum=sessie.bijeenkomst.datum,
                doelgroep="inwoners",
            )
    vraag = sessie.open(Soort.SCHAAL)
    for _ in range(extra):
        client = sessie.join()
        client.post(sessie.url("antwoorden", pk=vraag.pk), dict.fromkeys(sessie.themas, "3"))
    open_vraag = sessie.open(Soort.OPEN)
    for i, client in enumerate(sessie.deelnemers):
        client.post(sessie.url("inbreng_add", pk=open_vraag.pk), {"tekst": f"Idee {i}"})
    assert count(personas, Bijeenkomst) == 1 + extra


@pytest.mark.parametrize("extra", [1, 12])
def test_the_reads_use_the_same_queries_for_little_or_much_data(personas: Any, extra: int) -> None:
    sessie = sessie_of(personas)
    _grow(sessie, extra)
    client = api(personas)
    client.get(BASE)  # warm-up: marks the token as used
    vraag = sessie.vragen[Soort.SCHAAL].pk
    for path, budget in BUDGETS.items():
        url = BASE + path.replace("{id}", str(sessie.bijeenkomst.pk)).replace("{vraag}", str(vraag))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(queries) == budget, (path, [q["sql"][:120] for q in queries])
