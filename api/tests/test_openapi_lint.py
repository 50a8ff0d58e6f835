"""The published OpenAPI document passes the Logius API Design Rules linter (Spectral)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
SPECTRAL_DIR = ROOT / "tools" / "spectral"
SPECTRAL = SPECTRAL_DIR / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / "docs" / "api" / "adr-ruleset.yaml"


def _spectral() -> Path:
    """The pinned Spectral CLI; installed from the lock file when missing."""
    if SPECTRAL.exists():
        return SPECTRAL
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is needed in CI to lint the OpenAPI document")
        pytest.skip("npm is not installed; the OpenAPI linter cannot run here")
    subprocess.run([npm, "ci", "--prefix", str(SPECTRAL_DIR), "--no-audit", "--no-fund"], check=True, timeout=600)
    return SPECTRAL


def _lint(document: dict[str, Any], tmp_path: Path) -> list[dict[str, Any]]:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run(
        [str(_spectral()), "lint", "-r", str(RULESET), str(spec), "-f", "json", "--quiet"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # Spectral exits 1 when it finds errors; anything else non-zero means it did not run.
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout or "[]")


@pytest.fixture
def document(client: Client, settings: Any) -> dict[str, Any]:
    # An instance configures a real sender address; the contact must be a valid e-mail.
    settings.DEFAULT_FROM_EMAIL = "kapstok@aastad.example.nl"
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_openapi_document_has_no_linter_errors(document: dict[str, Any], tmp_path: Path) -> None:
    errors = [r for r in _lint(document, tmp_path) if r["severity"] == 0]
    assert errors == [], "\n".join(f"{e['code']}: {e['message']} at {'.'.join(map(str, e['path']))}" for e in errors)


@pytest.mark.django_db
def test_the_linter_catches_a_missing_version_header(document: dict[str, Any], tmp_path: Path) -> None:
    """Guards the test above: a broken document must make the linter report errors."""
    del document["paths"]["/leden"]["get"]["responses"]["200"]["headers"]
    document["servers"] = [{"url": "https://kapstok.example.nl/api"}]
    codes = {r["code"] for r in _lint(document, tmp_path) if r["severity"] == 0}
    assert {"nlgov:missing-header", "nlgov:include-major-version-in-uri"} <= codes
