"""The API resources /gemeenten and /leden: scoping, roles, concurrency and validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client

from audit.models import SecurityEvent
from lib import tenancy
from organisations.models import Membership
from tests import factories
from tests.api import assert_problem

pytestmark = pytest.mark.django_db

MembershipEvent = apps.get_model("organisations", "MembershipEvent")  # made by pghistory


def _auth(membership: Membership) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {factories.make_token(membership)[1]}"}


def _reload(membership: Membership) -> Membership:
    with tenancy.bound(gemeente=membership.gemeente_id):
        return Membership.objects.get(pk=membership.pk)


def _patch(client: Client, member: Membership, body: Any, auth: dict[str, Any], **headers: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.patch(f"/api/v1/leden/{member.pk}", data, content_type="application/json", **auth, **headers)


def _if_match(member: Membership) -> dict[str, Any]:
    return {"HTTP_IF_MATCH": f'"{member.pk}-{member.version}"'}


# --- /gemeenten ---------------------------------------------------------------------------


def test_the_gemeente_list_holds_only_the_token_gemeente(client: Client, personas: Any) -> None:
    response = client.get("/api/v1/gemeenten", **_auth(personas.members["melder"]))
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    assert response.json() == [
        {
            "id": str(personas.gemeente_a.pk),
            "naam": "Gemeente Aastad",
            "cbsCode": "GM9001",
            "hoofdkleur": personas.gemeente_a.primary_colour,
            "accentkleur": personas.gemeente_a.accent_colour,
        }
    ]


def test_the_own_gemeente_can_be_fetched_by_id(client: Client, personas: Any) -> None:
    response = client.get(f"/api/v1/gemeenten/{personas.gemeente_a.pk}", **_auth(personas.members["auditor"]))
    assert response.status_code == 200
    assert response.json()["naam"] == "Gemeente Aastad"


def test_another_gemeente_by_id_is_404(client: Client, personas: Any) -> None:
    response = client.get(f"/api/v1/gemeenten/{personas.gemeente_a.pk}", **_auth(personas.coordinator_b))
    body = assert_problem(response, 404, "Niet gevonden", "bestaat niet")
    assert "Aastad" not in response.content.decode()
    assert "invalidParams" not in body


# --- /leden: scoping and roles ------------------------------------------------------------


def test_a_coordinator_lists_every_member_of_the_own_gemeente(client: Client, personas: Any) -> None:
    response = client.get("/api/v1/leden", **_auth(personas.members["coordinator"]))
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    emails = {lid["email"] for lid in response.json()}
    assert emails == {m.user.email for m in personas.members.values()}
    ketenpartner = next(lid for lid in response.json() if lid["rol"] == "ketenpartner")
    assert ketenpartner["partnerorganisatie"] == str(personas.partner_a.pk)


def test_a_token_of_gemeente_b_lists_only_members_of_b(client: Client, personas: Any) -> None:
    response = client.get("/api/v1/leden", **_auth(personas.coordinator_b))
    assert [lid["email"] for lid in response.json()] == ["coordinator@beedorp.example"]


def test_a_token_of_gemeente_b_cannot_fetch_a_member_of_a(client: Client, personas: Any) -> None:
    response = client.get(f"/api/v1/leden/{personas.members['melder'].pk}", **_auth(personas.coordinator_b))
    assert_problem(response, 404, "Niet gevonden")
    assert "aastad" not in response.content.decode()


def test_a_melder_sees_only_themselves(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    auth = _auth(melder)
    response = client.get("/api/v1/leden", **auth)
    assert [lid["id"] for lid in response.json()] == [str(melder.pk)]
    assert_problem(client.get(f"/api/v1/leden/{personas.members['coordinator'].pk}", **auth), 404, "Niet gevonden")


@pytest.mark.parametrize("role", ["bestuurder", "auditor"])
def test_readers_of_the_whole_gemeente_see_every_member(client: Client, personas: Any, role: str) -> None:
    response = client.get("/api/v1/leden", **_auth(personas.members[role]))
    assert len(response.json()) == len(personas.members)


def test_one_member_comes_with_its_etag(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    response = client.get(f"/api/v1/leden/{melder.pk}", **_auth(personas.members["coordinator"]))
    assert response.status_code == 200
    assert response["ETag"] == f'"{melder.pk}-{melder.version}"'
    assert response.json()["rol"] == "melder"


# --- query budgets ------------------------------------------------------------------------


def _add_members(gemeente: Any, count: int) -> None:
    for i in range(count):
        factories.make_member(gemeente, factories.make_user(f"extra{i}@aastad.example"), "melder")


# Queries of one authenticated API request:
#   1. SAVEPOINT: TenancyMiddleware's transaction (nested in the test's transaction)
#   2. set_config: bind the (empty) tenancy settings for the request
#   3. set_config: bind the presented token hash (only that token row becomes visible)
#   4. SELECT the api token by its hash
#   5. set_config: bind the token's gemeente
#   6. SELECT the membership with its user, gemeente and partner (one JOIN)
#   7. set_config: bind gemeente, user and token for the rest of the request
#   8. SELECT the members visible to the token's membership, with their users (one JOIN)
#   9. RELEASE SAVEPOINT
# (No last_used_at update: the warm-up request just set it.)
LIST_QUERIES = 9


@pytest.mark.parametrize("extra", [0, 45])
def test_the_member_list_uses_the_same_queries_for_5_or_50_members(
    client: Client, personas: Any, django_assert_num_queries: Any, extra: int
) -> None:
    _add_members(personas.gemeente_a, extra)
    auth = _auth(personas.members["coordinator"])
    client.get("/api/v1/leden", **auth)  # warm-up: marks the token as used
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get("/api/v1/leden", **auth)
    assert len(response.json()) == len(personas.members) + extra


# --- PATCH /leden/{id}: concurrency -------------------------------------------------------


def test_a_patch_without_if_match_is_428_and_changes_nothing(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    response = _patch(client, melder, {"rol": "auditor"}, _auth(personas.members["coordinator"]))
    assert_problem(response, 428, "Versie ontbreekt", "If-Match")
    assert _reload(melder).role == "melder"


def test_a_patch_with_a_stale_etag_is_412_and_changes_nothing(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    stale = {"HTTP_IF_MATCH": f'"{melder.pk}-{melder.version - 1}"'}
    response = _patch(client, melder, {"rol": "auditor"}, _auth(personas.members["coordinator"]), **stale)
    assert_problem(response, 412, "Versie verouderd", "intussen gewijzigd")
    assert _reload(melder).role == "melder"


def _not_the_exact_etag(member: Membership) -> list[str]:
    """If-Match values that must not pass the compare-and-swap: only the exact strong ETag may."""
    current = f'"{member.pk}-{member.version}"'
    return ["*", " * ", f"W/{current}", f"w/{current}", "W/*", f"{current}, *", f"*, {current}", current.strip('"')]


@pytest.mark.parametrize("variant", range(8))
def test_a_patch_with_a_wildcard_or_weak_etag_is_412_and_changes_nothing(
    client: Client, personas: Any, variant: int
) -> None:
    melder = personas.members["melder"]
    if_match = _not_the_exact_etag(melder)[variant]
    response = _patch(
        client, melder, {"rol": "auditor"}, _auth(personas.members["coordinator"]), HTTP_IF_MATCH=if_match
    )
    assert_problem(response, 412, "Versie verouderd", "ETag")
    stored = _reload(melder)
    assert (stored.role, stored.version) == ("melder", melder.version)


def test_a_patch_with_the_current_etag_changes_the_role_and_records_history(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    coordinator = personas.members["coordinator"]
    response = _patch(client, melder, {"rol": "auditor"}, _auth(coordinator), **_if_match(melder))
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    assert response.json()["rol"] == "auditor"
    stored = _reload(melder)
    assert stored.role == "auditor"
    assert stored.version == melder.version + 1
    assert response["ETag"] == f'"{melder.pk}-{stored.version}"'
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        event = MembershipEvent.objects.get(pgh_obj_id=melder.pk, pgh_label="update")
        assert event.role == "auditor"
        assert event.pgh_context["user"] == coordinator.user_id
        assert event.pgh_context["origin"] == "api"
        assert SecurityEvent.objects.filter(kind="role_changed", origin="api").count() == 1


def test_the_new_etag_allows_the_next_change_and_the_old_one_not(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    auth = _auth(personas.members["coordinator"])
    first = _patch(client, melder, {"rol": "auditor"}, auth, **_if_match(melder))
    old = _patch(client, melder, {"rol": "bestuurder"}, auth, **_if_match(melder))
    assert_problem(old, 412, "Versie verouderd")
    second = _patch(client, melder, {"rol": "bestuurder"}, auth, HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200
    assert _reload(melder).role == "bestuurder"


# --- PATCH /leden/{id}: permissions and business rules ------------------------------------


@pytest.mark.parametrize("role", ["bestuurder", "auditor", "melder", "thema_eigenaar"])
def test_only_a_coordinator_may_change_roles(client: Client, personas: Any, role: str) -> None:
    actor = personas.members[role]
    target = actor if role in {"melder", "thema_eigenaar"} else personas.members["melder"]
    response = _patch(client, target, {"rol": "coordinator"}, _auth(actor), **_if_match(target))
    assert_problem(response, 403, "Geen toegang", "coördinator")
    stored = _reload(target)
    assert (stored.role, stored.version) == (target.role, target.version)


def test_the_last_coordinator_cannot_be_demoted(client: Client, personas: Any) -> None:
    coordinator = personas.members["coordinator"]
    response = _patch(client, coordinator, {"rol": "melder"}, _auth(coordinator), **_if_match(coordinator))
    body = assert_problem(response, 400, "Ongeldige invoer")
    assert body["invalidParams"] == [
        {
            "name": "rol",
            "code": "invalid",
            "reason": "De laatste coördinator kan geen andere rol krijgen. Wijs eerst een andere coördinator aan.",
        }
    ]
    assert _reload(coordinator).role == "coordinator"


def test_a_token_of_gemeente_b_cannot_change_a_member_of_a(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    response = _patch(client, melder, {"rol": "auditor"}, _auth(personas.coordinator_b), **_if_match(melder))
    assert_problem(response, 404, "Niet gevonden")
    assert _reload(melder).role == "melder"


def test_a_partner_organisation_of_another_gemeente_is_refused(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    partner_b = factories.make_partner(personas.gemeente_b, "Brandweer Bee")
    body = {"rol": "ketenpartner", "partnerorganisatie": str(partner_b.pk)}
    response = _patch(client, melder, body, _auth(personas.members["coordinator"]), **_if_match(melder))
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [
        {"name": "partnerorganisatie", "code": "invalid", "reason": "Onbekende partnerorganisatie."}
    ]
    assert _reload(melder).role == "melder"


# --- PATCH /leden/{id}: validation, all errors at once ------------------------------------


def test_unknown_fields_are_all_reported_at_once(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    body = {"rol": "auditor", "role": "auditor", "is_admin": True}
    response = _patch(client, melder, body, _auth(personas.members["coordinator"]), **_if_match(melder))
    problem = assert_problem(response, 400, "Ongeldige invoer", "invalidParams")
    assert sorted(p["name"] for p in problem["invalidParams"]) == ["is_admin", "role"]
    assert {p["reason"] for p in problem["invalidParams"]} == {"Onbekend veld."}
    assert _reload(melder).role == "melder"


def test_several_invalid_fields_are_all_reported(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    body = {"rol": "koning", "themas": ["onbekend"], "partnerorganisatie": "geen-uuid"}
    response = _patch(client, melder, body, _auth(personas.members["coordinator"]), **_if_match(melder))
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "rol": "Kies een van de toegestane waarden.",
        "themas.0": "Kies een van de toegestane waarden.",
        "partnerorganisatie": "Geef een geldige UUID.",
    }
    assert _reload(melder).role == "melder"


def test_a_missing_role_is_reported_in_dutch(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    response = _patch(client, melder, {}, _auth(personas.members["coordinator"]), **_if_match(melder))
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert problem["invalidParams"] == [{"name": "rol", "code": "missing", "reason": "Dit veld is verplicht."}]


def test_rules_between_fields_are_reported_together_under_api_names(client: Client, personas: Any) -> None:
    melder = personas.members["melder"]
    body = {"rol": "thema_eigenaar", "partnerorganisatie": str(personas.partner_a.pk)}
    response = _patch(client, melder, body, _auth(personas.members["coordinator"]), **_if_match(melder))
    problem = assert_problem(response, 400, "Ongeldige invoer")
    assert {p["name"]: p["reason"] for p in problem["invalidParams"]} == {
        "themas": "Kies minstens één thema voor een thema-eigenaar.",
        "partnerorganisatie": "Alleen ketenpartners horen bij een partnerorganisatie.",
    }
    assert _reload(melder).role == "melder"
