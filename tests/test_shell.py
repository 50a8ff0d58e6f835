"""The page shell: security headers, landmarks, footer link, vendored assets and the menu."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def login_page(client: Client) -> str:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_content_security_policy_allows_no_inline_code() -> None:
    response = Client().get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


@pytest.mark.django_db
def test_the_page_has_a_skip_link_language_and_landmarks() -> None:
    html = login_page(Client())
    assert '<html lang="nl"' in html
    assert re.search(r'<a [^>]*href="#inhoud"[^>]*>Direct naar de inhoud</a>', html)
    assert re.search(r'<main [^>]*id="inhoud"', html)
    for landmark in ("<header", "<footer"):
        assert landmark in html
    # The skip link is the first focusable element of the body.
    body = html.split("<body", 1)[1]
    assert body.index('href="#inhoud"') < body.index("<header")


@pytest.mark.django_db
def test_the_page_has_no_inline_scripts_or_styles() -> None:
    html = login_page(Client())
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline <script> found"
    assert "<style" not in html
    assert " style=" not in html


@pytest.mark.django_db
def test_the_footer_links_to_the_configured_toegankelijkheidsverklaring(settings: Any) -> None:
    assert 'href="/toegankelijkheid">Toegankelijkheidsverklaring</a>' in login_page(Client())
    settings.TOEGANKELIJKHEIDSVERKLARING_URL = "https://www.aastad.example/toegankelijkheid"
    html = login_page(Client())
    assert 'href="https://www.aastad.example/toegankelijkheid">Toegankelijkheidsverklaring</a>' in html


@pytest.mark.django_db
def test_htmx_and_all_styles_come_from_our_own_static_files(personas: Any) -> None:
    client = Client()
    client.force_login(personas.user("coordinator"))
    html = client.get(reverse("dashboard:home")).content.decode()
    assert f'src="{settings.STATIC_URL}vendor/htmx/htmx.min.js"' in html
    assert f'src="{settings.STATIC_URL}js/kapstok.js"' in html
    assert f'href="{settings.STATIC_URL}vendor/fonts/fonts.css"' in html
    assert f'href="{settings.STATIC_URL}vendor/nlds/utrecht-component-library.css"' in html
    # No other host anywhere: every src and href is a local path.
    for attribute, value in re.findall(r'\b(src|href|action)="([^"]*)"', html):
        assert not re.match(r"^(https?:)?//", value), f"{attribute}={value} points to another host"


@pytest.mark.django_db
def test_the_page_sends_the_csrf_token_for_htmx_in_a_data_attribute(personas: Any) -> None:
    client = Client()
    client.force_login(personas.user("coordinator"))
    html = client.get(reverse("dashboard:home")).content.decode()
    assert re.search(r'<body [^>]*data-csrf="[A-Za-z0-9]{32,}"', html)
    script = (Path(settings.BASE_DIR) / "static" / "js" / "kapstok.js").read_text()
    assert "htmx:configRequest" in script
    assert "X-CSRFToken" in script


def test_the_vendored_files_and_their_licences_exist() -> None:
    expected = [
        "nlds/utrecht-component-library.css",
        "nlds/LICENSE-utrecht-component-library.md",
        "nlds/voorbeeld-theme.css",
        "nlds/LICENSE-voorbeeld-design-tokens.md",
        "nlds/VERSIONS.txt",
        "fonts/fonts.css",
        "fonts/noto-sans-latin-400-normal.woff2",
        "fonts/noto-sans-latin-700-normal.woff2",
        "fonts/LICENSE-noto-sans.txt",
        "htmx/htmx.min.js",
        "htmx/LICENSE",
    ]
    for component in ("button", "heading", "paragraph", "link", "skip-link"):
        expected += [f"nlds/nl-{component}.css", f"nlds/LICENSE-nl-{component}.md"]
    for name in expected:
        path = VENDOR / name
        assert path.is_file() and path.stat().st_size > 0, f"missing {path}"
    assert "European Union Public Licence" in (VENDOR / "nlds" / "LICENSE-utrecht-component-library.md").read_text()
    assert "SIL OPEN FONT LICENSE" in (VENDOR / "fonts" / "LICENSE-noto-sans.txt").read_text().upper()


def test_versions_txt_pins_every_vendored_package_exactly() -> None:
    versions = (VENDOR / "nlds" / "VERSIONS.txt").read_text()
    assert "@utrecht/component-library-css@9.0.4" in versions
    assert "@nl-design-system-unstable/voorbeeld-design-tokens@7.4.1" in versions
    assert re.search(r"^htmx\.org@2\.\d+\.\d+$", versions, re.MULTILINE)
    script = (Path(settings.BASE_DIR) / "scripts" / "refresh-vendor.sh").read_text()
    for line in versions.splitlines():
        if line and not line.startswith("#") and "@" in line and "  " not in line:
            assert f'"{line}"' in script, f"{line} is not pinned in scripts/refresh-vendor.sh"


def test_the_font_stylesheet_only_points_at_local_files() -> None:
    css = (VENDOR / "fonts" / "fonts.css").read_text()
    urls = re.findall(r'url\("?([^")]+)"?\)', css)
    assert urls
    for url in urls:
        assert (VENDOR / "fonts" / url).is_file(), url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sees_members"),
    [("coordinator", True), ("bestuurder", True), ("auditor", True), ("melder", False), ("ketenpartner", False)],
)
def test_the_menu_shows_only_pages_the_role_may_open(personas: Any, role: str, sees_members: bool) -> None:
    client = Client()
    client.force_login(personas.user(role))
    html = client.get(reverse("dashboard:home")).content.decode()
    menu = html.split('aria-label="Hoofdmenu"', 1)[1].split("</nav>", 1)[0]
    assert (f'href="{reverse("organisations:members")}"' in menu) is sees_members
    assert ">Leden</a>" in menu if sees_members else ">Leden</a>" not in menu
    # Every menu item opens for this role.
    for url in re.findall(r'href="([^"]+)"', menu):
        assert client.get(url).status_code == 200, f"{role} sees {url} in the menu but may not open it"


@pytest.mark.django_db
def test_an_anonymous_visitor_sees_no_menu() -> None:
    assert 'aria-label="Hoofdmenu"' not in login_page(Client())


def test_the_error_page_renders_without_a_request_context() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="nl"' in html
    assert '<main id="inhoud"' in html
    assert "Er ging iets mis" in html
