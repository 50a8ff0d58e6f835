"""A coördinator sets the gemeente's colours, logo and second-factor rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lib import tenancy
from organisations.models import Gemeente
from tests.factories import TINY_PNG

pytestmark = pytest.mark.django_db
URL = "/instellingen"


def _client(personas: Any) -> Client:
    client = Client()
    client.force_login(personas.user("coordinator"))
    return client


def _form(personas: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Gemeente Aastad",
        "primary_colour": "#1d4f91",
        "accent_colour": "#0b6e4f",
        "mfa_required_roles": ["auditor"],
        "version": 1,
    }
    data.update(overrides)
    return data


def _gemeente(personas: Any) -> Gemeente:
    with tenancy.bound(gemeente=personas.gemeente_a.pk):
        return Gemeente.objects.get(pk=personas.gemeente_a.pk)


def test_the_coordinator_changes_colours_and_the_theme_follows(personas: Any) -> None:
    client = _client(personas)
    response = client.post(URL, _form(personas, primary_colour="#7a1f3d"))
    assert response.status_code == 302
    gemeente = _gemeente(personas)
    assert gemeente.primary_colour == "#7a1f3d"
    assert gemeente.mfa_required_roles == ["auditor"]
    css = client.get(reverse("organisations:theme_css")).content.decode()
    assert "#7a1f3d" in css


def test_a_colour_without_enough_contrast_is_refused(personas: Any) -> None:
    response = _client(personas).post(URL, _form(personas, primary_colour="#ffff00"))
    assert response.status_code == 200
    assert "te licht" in response.content.decode()
    assert _gemeente(personas).primary_colour == "#1d4f91"


def test_a_malformed_colour_is_refused(personas: Any) -> None:
    response = _client(personas).post(URL, _form(personas, accent_colour="rood"))
    assert "zes hexadecimale tekens" in response.content.decode()
    assert _gemeente(personas).accent_colour == "#0b6e4f"


def test_a_png_logo_is_stored_and_served(personas: Any) -> None:
    client = _client(personas)
    logo = SimpleUploadedFile("logo.png", TINY_PNG + b"\x00", content_type="image/png")
    assert client.post(URL, {**_form(personas), "logo_upload": logo}).status_code == 302
    response = client.get(reverse("organisations:logo"))
    assert response["Content-Type"] == "image/png"
    assert bytes(response.content).startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.svg", b"<svg onload='alert(1)'></svg>", "PNG- of JPEG-afbeelding"),
        ("logo.png", b"<html>not an image</html>", "PNG- of JPEG-afbeelding"),
        ("groot.png", b"\x89PNG\r\n\x1a\n" + b"0" * (600 * 1024), "groter dan 512 kB"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_changes(personas: Any, name: str, content: bytes, message: str) -> None:
    before = _gemeente(personas)
    upload = SimpleUploadedFile(name, content)
    response = _client(personas).post(URL, {**_form(personas, name="Nieuwe naam"), "logo_upload": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    after = _gemeente(personas)
    assert (after.name, bytes(after.logo or b""), after.version) == (
        before.name,
        bytes(before.logo or b""),
        before.version,
    )


def test_two_coordinators_saving_at_once_do_not_overwrite_each_other(personas: Any) -> None:
    client = _client(personas)
    assert client.post(URL, _form(personas, name="Eerste wijziging")).status_code == 302
    response = client.post(URL, _form(personas, name="Tweede wijziging", version=1))
    assert "Iemand anders heeft dit intussen gewijzigd" in response.content.decode()
    assert _gemeente(personas).name == "Eerste wijziging"


def test_requiring_mfa_for_a_role_sends_that_role_to_the_second_factor(personas: Any) -> None:
    _client(personas).post(URL, _form(personas, mfa_required_roles=["melder"]))
    melder = Client()
    melder.force_login(personas.user("melder"))
    response = melder.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestaps")
