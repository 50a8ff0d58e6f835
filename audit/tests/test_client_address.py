"""The client address behind a reverse proxy: one function for the security log and the lockout.

``TRUSTED_PROXIES`` is empty by default: then ``X-Forwarded-For`` is ignored entirely. Only a
request whose connection comes from a trusted proxy has its client taken from that header
(the right-most address that is not itself a trusted proxy).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, RequestFactory

from audit.models import SecurityEvent, SecurityEventKind
from audit.services import client_ip
from lib import tenancy
from tests.factories import PASSWORD

PROXY = "10.0.0.5"
EMAIL = "melder@aastad.example"


def _meta(remote_addr: str, forwarded_for: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return meta


def _ip(remote_addr: str, forwarded_for: str | None = None) -> str | None:
    return client_ip(RequestFactory().get("/", **_meta(remote_addr, forwarded_for)))


def _login(client: Client, password: str, *, remote_addr: str, forwarded_for: str | None = None) -> Any:
    return client.post("/inloggen", {"username": EMAIL, "password": password}, **_meta(remote_addr, forwarded_for))


def _logged_addresses(personas: Any, kind: str) -> list[str | None]:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        events = SecurityEvent.objects.filter(gemeente=personas.gemeente_a, kind=kind).order_by("id")
        return list(events.values_list("ip_address", flat=True))


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "fd00::/8"]


# --- the function ---------------------------------------------------------------------------


def test_by_default_no_proxy_is_trusted() -> None:
    assert settings.TRUSTED_PROXIES == []


def test_without_trusted_proxies_the_forwarded_header_is_ignored() -> None:
    assert _ip(PROXY, "198.51.100.7") == PROXY
    assert _ip("203.0.113.9", "198.51.100.7, 10.0.0.6") == "203.0.113.9"


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "expected"),
    [
        (PROXY, "198.51.100.7", "198.51.100.7"),
        # The client may send its own X-Forwarded-For; the proxy appends the real address.
        (PROXY, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (PROXY, "10.0.0.99, 198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row: skip both.
        (PROXY, "198.51.100.7, 10.0.0.6", "198.51.100.7"),
        (PROXY, "198.51.100.7,10.0.0.6 , 10.0.0.7", "198.51.100.7"),
        ("fd00::1", "2001:db8::42", "2001:db8::42"),
        (PROXY, "2001:DB8:0:0::42", "2001:db8::42"),
        # Nothing usable forwarded: the proxy itself, or the last trusted hop before garbage.
        (PROXY, None, PROXY),
        (PROXY, "", PROXY),
        (PROXY, "unknown", PROXY),
        (PROXY, "198.51.100.7, nonsense", PROXY),
        (PROXY, "198.51.100.7, nonsense, 10.0.0.6", "10.0.0.6"),
        (PROXY, "10.0.0.6", "10.0.0.6"),
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_forwarded_address_is_the_client(
    remote_addr: str, forwarded_for: str | None, expected: str
) -> None:
    assert _ip(remote_addr, forwarded_for) == expected


@pytest.mark.usefixtures("behind_proxy")
@pytest.mark.parametrize("remote_addr", ["203.0.113.9", "10.0.1.5", "2001:db8::1"])
def test_a_forwarded_header_from_an_address_that_is_no_trusted_proxy_is_ignored(remote_addr: str) -> None:
    assert _ip(remote_addr, "198.51.100.7") == remote_addr


def test_a_missing_or_invalid_remote_address_gives_none() -> None:
    assert _ip("") is None
    assert _ip("not-an-address") is None
    assert client_ip(None) is None


# --- the security log and the lockout use it ------------------------------------------------


@pytest.mark.django_db
def test_without_the_setting_the_log_and_the_lockout_ignore_x_forwarded_for(personas: Any) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-wrong-wrong", remote_addr=PROXY, forwarded_for=f"198.51.100.{attempt}")
    assert set(_logged_addresses(personas, SecurityEventKind.LOGIN_FAILED)) == {PROXY}
    # Rotating the header gave no fresh budget: the address is locked.
    response = _login(client, PASSWORD, remote_addr=PROXY, forwarded_for="198.51.100.200")
    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_behind_a_trusted_proxy_the_log_records_the_forwarded_client(personas: Any) -> None:
    assert _login(Client(), PASSWORD, remote_addr=PROXY, forwarded_for="198.51.100.7").status_code == 302
    assert _logged_addresses(personas, SecurityEventKind.LOGIN) == ["198.51.100.7"]


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_two_clients_behind_the_proxy_have_separate_lockout_budgets(personas: Any) -> None:
    attacker, colleague = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "wrong-wrong-wrong", remote_addr=PROXY, forwarded_for="198.51.100.66")
    assert _login(attacker, PASSWORD, remote_addr=PROXY, forwarded_for="198.51.100.66").status_code == 429
    response = _login(colleague, PASSWORD, remote_addr=PROXY, forwarded_for="192.0.2.10")
    assert response.status_code == 302
    assert set(_logged_addresses(personas, SecurityEventKind.LOCKOUT)) == {"198.51.100.66"}


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_a_forged_header_from_outside_the_proxy_changes_neither_log_nor_lockout(personas: Any) -> None:
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-wrong-wrong", remote_addr="203.0.113.9", forwarded_for=f"198.51.100.{attempt}")
    assert set(_logged_addresses(personas, SecurityEventKind.LOGIN_FAILED)) == {"203.0.113.9"}
    response = _login(client, PASSWORD, remote_addr="203.0.113.9", forwarded_for="192.0.2.10")
    assert response.status_code == 429
    # The same forged header cannot lock out the client it names either.
    assert _login(Client(), PASSWORD, remote_addr=PROXY, forwarded_for="198.51.100.1").status_code == 302


def test_an_invalid_trusted_proxy_stops_the_start() -> None:
    from lib.tests.test_settings import PRODUCTION, _manage

    result = _manage("check", **{**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.1,proxy.example.nl"})
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
    assert _manage("check", **{**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16,fd00::/8"}).returncode == 0
