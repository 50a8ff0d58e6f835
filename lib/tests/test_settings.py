"""The settings refuse insecure production values; a proper production environment passes --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    unset = {"DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "kapstok.gemeente.example",
    "HTTPS": "true",
}


def test_check_deploy_is_clean_with_production_environment_variables() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key() -> None:
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": "kort"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    assert "ALLOWED_HOSTS" in _manage("check", **env).stderr


def test_a_malformed_boolean_is_refused_loudly() -> None:
    result = _manage("check", **{**PRODUCTION, "HTTPS": "misschien"})
    assert result.returncode != 0
    assert "HTTPS must be a boolean" in result.stderr


@pytest.mark.parametrize("value", ["veel", "1.5"])
def test_a_malformed_integer_is_refused_loudly(value: str) -> None:
    result = _manage("check", **{**PRODUCTION, "SESSION_IDLE_MINUTES": value})
    assert "SESSION_IDLE_MINUTES must be an integer" in result.stderr


def test_without_https_production_still_needs_explicit_opt_out_of_secure_cookies() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "HTTPS": "false"})
    assert result.returncode != 0  # --deploy flags the missing HTTPS settings


def test_every_package_with_tests_is_collected_by_pytest() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    testpaths = set(config["tool"]["pytest"]["ini_options"]["testpaths"])
    with_tests = {p.parent.name for p in ROOT.glob("*/tests/__init__.py")} | {"tests"}
    assert with_tests <= testpaths, f"add to testpaths in pyproject.toml: {sorted(with_tests - testpaths)}"
