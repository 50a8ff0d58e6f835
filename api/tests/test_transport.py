"""Transport rules of the API (NL API Design Rules): headers, errors, content negotiation, tokens."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from audit.models import SecurityEvent
from lib import tenancy
from tests import factories
from tests.api import assert_problem

pytestmark = pytest.mark.django_db


def _auth(raw: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def coordinator_token(personas: Any) -> str:
    return factories.make_token(personas.members["coordinator"])[1]


# --- openapi.json -------------------------------------------------------------------------


def test_the_openapi_document_is_public_and_open_to_every_origin(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == settings.API_VERSION
    document = response.json()
    assert document["info"]["version"] == response["API-Version"]
    assert document["servers"] == [{"url": "https://testserver/api/v1", "description": "Deze Kapstok-omgeving."}]
    assert "/leden/{lid_id}" in document["paths"]  # paths are relative to the server url
    assert "/openapi.json" not in document["paths"]


def test_the_openapi_contact_comes_from_the_instance_settings(client: Client, settings: Any) -> None:
    settings.API_CONTACT_NAME = "Informatiebeveiliging Aastad"
    settings.API_CONTACT_EMAIL = "kapstok@aastad.example.nl"
    settings.API_CONTACT_URL = "https://www.aastad.example.nl/kapstok"
    settings.API_BASE_URL = "https://kapstok.aastad.example.nl/api/v1"
    document = client.get("/api/v1/openapi.json").json()
    assert document["info"]["contact"] == {
        "name": "Informatiebeveiliging Aastad",
        "email": "kapstok@aastad.example.nl",
        "url": "https://www.aastad.example.nl/kapstok",
    }
    assert document["servers"][0]["url"] == "https://kapstok.aastad.example.nl/api/v1"


def test_the_openapi_document_is_computed_once_per_host(client: Client, settings: Any, monkeypatch: Any) -> None:
    from config.api import api

    settings.API_BASE_URL = "https://eenmaal.aastad.example.nl/api/v1"  # a host no other test asked for
    computed = []
    compute = api.get_openapi_schema

    def counting(**kwargs: Any) -> dict[str, Any]:
        computed.append(kwargs)
        return compute(**kwargs)

    monkeypatch.setattr(api, "get_openapi_schema", counting)
    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")
    assert (first.status_code, second.status_code) == (200, 200)
    assert len(computed) == 1
    assert second.content == first.content
    assert second.json()["servers"][0]["url"] == "https://eenmaal.aastad.example.nl/api/v1"


def test_other_api_resources_are_not_open_to_every_origin(client: Client, coordinator_token: str) -> None:
    response = client.get("/api/v1/leden", **_auth(coordinator_token))
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


# --- headers on every response ------------------------------------------------------------


def test_a_successful_response_carries_version_and_security_headers(client: Client, coordinator_token: str) -> None:
    response = client.get("/api/v1/gemeenten", **_auth(coordinator_token))
    assert response.status_code == 200
    assert response["API-Version"] == settings.API_VERSION
    assert response["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_unknown_resource_is_a_problem_with_the_version_header(client: Client, coordinator_token: str) -> None:
    assert_problem(client.get("/api/v1/onbekend", **_auth(coordinator_token)), 404, "Niet gevonden")


def test_the_api_root_is_a_problem_not_a_page(client: Client) -> None:
    assert_problem(client.get("/api/v1/"), 404, "Niet gevonden")


def test_an_unsupported_method_is_a_problem_listing_the_allowed_ones(client: Client, coordinator_token: str) -> None:
    response = client.delete("/api/v1/gemeenten", **_auth(coordinator_token))
    assert_problem(response, 405, "Methode niet toegestaan", "HTTP-methode")
    assert response["Allow"] == "GET"


def test_a_bad_host_is_a_problem_not_an_html_page(client: Client) -> None:
    response = client.get("/api/v1/leden", HTTP_HOST="evil.example")
    assert_problem(response, 400, "Ongeldig verzoek", "niet worden verwerkt")


# --- authentication -----------------------------------------------------------------------


def test_without_a_token_the_answer_is_401_with_www_authenticate(client: Client, personas: Any) -> None:
    response = client.get("/api/v1/leden")
    assert_problem(response, 401, "Niet geauthenticeerd", "Authorization: Bearer")
    assert response["WWW-Authenticate"] == 'Bearer realm="kapstok"'


def test_an_unknown_token_is_refused_and_logged(client: Client, personas: Any, caplog: Any) -> None:
    response = client.get("/api/v1/leden", **_auth("kap_dit-token-bestaat-niet"))
    assert_problem(response, 401, "Niet geauthenticeerd")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert '"event": "token_rejected"' in caplog.text


def test_a_revoked_token_is_refused_and_the_gemeente_sees_the_attempt(client: Client, personas: Any) -> None:
    token, raw = factories.make_token(personas.members["coordinator"], name="koppeling")
    with tenancy.bound(gemeente=token.gemeente_id):
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    response = client.get("/api/v1/leden", **_auth(raw))
    assert_problem(response, 401, "Niet geauthenticeerd")
    assert response["WWW-Authenticate"].startswith("Bearer")
    with tenancy.bound(gemeente=token.gemeente_id):
        event = SecurityEvent.objects.get(kind="token_rejected")
    assert event.detail == "koppeling"


def test_a_token_of_a_deactivated_user_is_refused(client: Client, personas: Any) -> None:
    member = personas.members["coordinator"]
    raw = factories.make_token(member)[1]
    member.user.is_active = False
    member.user.save(update_fields=["is_active"])
    assert_problem(client.get("/api/v1/leden", **_auth(raw)), 401, "Niet geauthenticeerd")


def test_an_expired_token_is_refused(client: Client, personas: Any) -> None:
    token, raw = factories.make_token(personas.members["coordinator"])
    with tenancy.bound(gemeente=token.gemeente_id):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert_problem(client.get("/api/v1/leden", **_auth(raw)), 401, "Niet geauthenticeerd")


def test_a_token_still_valid_until_its_expiry_works(client: Client, personas: Any) -> None:
    token, raw = factories.make_token(personas.members["coordinator"])
    with tenancy.bound(gemeente=token.gemeente_id):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert client.get("/api/v1/leden", **_auth(raw)).status_code == 200


def test_a_session_login_does_not_open_the_api(client: Client, personas: Any) -> None:
    client.force_login(personas.user("coordinator"))
    assert_problem(client.get("/api/v1/leden"), 401, "Niet geauthenticeerd")


# --- URLs ---------------------------------------------------------------------------------


def test_a_trailing_slash_is_404_not_a_redirect(client: Client, coordinator_token: str) -> None:
    response = client.get("/api/v1/leden/", **_auth(coordinator_token))
    assert_problem(response, 404, "Niet gevonden")
    assert "Location" not in response


def test_a_malformed_id_in_the_path_is_400_naming_the_parameter(client: Client, coordinator_token: str) -> None:
    body = assert_problem(client.get("/api/v1/leden/geen-uuid", **_auth(coordinator_token)), 400, "Ongeldige invoer")
    assert body["invalidParams"] == [{"name": "lid_id", "code": "uuid_parsing", "reason": "Geef een geldige UUID."}]


# --- content negotiation and request bodies ----------------------------------------------


def test_asking_for_html_is_406(client: Client, coordinator_token: str) -> None:
    response = client.get("/api/v1/leden", HTTP_ACCEPT="text/html", **_auth(coordinator_token))
    assert_problem(response, 406, "Niet-ondersteund antwoordformaat", "application/json")


def test_json_with_a_lower_preference_is_still_accepted(client: Client, coordinator_token: str) -> None:
    response = client.get("/api/v1/leden", HTTP_ACCEPT="text/html, application/json;q=0.5", **_auth(coordinator_token))
    assert response.status_code == 200


def _lid_url(personas: Any, role: str = "melder") -> str:
    return f"/api/v1/leden/{personas.members[role].pk}"


def test_a_patch_as_form_data_is_415(client: Client, personas: Any, coordinator_token: str) -> None:
    response = client.patch(
        _lid_url(personas),
        "rol=auditor",
        content_type="application/x-www-form-urlencoded",
        HTTP_IF_MATCH='"x"',
        **_auth(coordinator_token),
    )
    assert_problem(response, 415, "Niet-ondersteund formaat", "application/json")


def test_a_body_over_the_limit_is_413(client: Client, personas: Any, coordinator_token: str, settings: Any) -> None:
    settings.API_MAX_BODY_BYTES = 64
    body = json.dumps({"rol": "auditor", "themas": ["x" * 100]})
    response = client.patch(
        _lid_url(personas), body, content_type="application/json", HTTP_IF_MATCH='"x"', **_auth(coordinator_token)
    )
    assert_problem(response, 413, "Verzoek te groot", "64 bytes")


def test_malformed_json_is_400(client: Client, personas: Any, coordinator_token: str) -> None:
    member = personas.members["melder"]
    response = client.patch(
        _lid_url(personas),
        '{"rol": "auditor",',
        content_type="application/json",
        HTTP_IF_MATCH=f'"{member.pk}-{member.version}"',
        **_auth(coordinator_token),
    )
    assert_problem(response, 400, "Ongeldig verzoek", "geen geldige JSON")


@pytest.mark.parametrize("length", ["abc", "12abc", "-1", "1e3"])
def test_a_content_length_that_is_not_a_number_is_400(
    client: Client, personas: Any, coordinator_token: str, length: str
) -> None:
    member = personas.members["melder"]
    response = client.patch(
        _lid_url(personas),
        json.dumps({"rol": "auditor"}),
        content_type="application/json",
        CONTENT_LENGTH=length,
        HTTP_IF_MATCH=f'"{member.pk}-{member.version}"',
        **_auth(coordinator_token),
    )
    assert_problem(response, 400, "Ongeldig verzoek", "Content-Length")
