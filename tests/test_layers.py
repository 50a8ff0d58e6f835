"""The layers of the code (docs/adr/0007-layers.md) are checked by import-linter in `make test`.

These tests show the check has teeth: the real tree keeps the contract, and a copy of the tree
with one upward import made on purpose breaks it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _root_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return list(config["tool"]["importlinter"]["root_packages"])


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(where / "pyproject.toml")],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The root packages and pyproject.toml, copied (sources only)."""
    copy = tmp_path_factory.mktemp("layers")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for package in _root_packages():
        shutil.copytree(ROOT / package, copy / package, ignore=shutil.ignore_patterns("__pycache__", "*.docx"))
    return copy


def test_the_code_keeps_its_layers() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("lib/probe.py", "import organisations.models"),  # lib imports no app
        ("audit/probe.py", "from kader import services"),  # a foundation app imports no capability
        ("documents/probe.py", "from kader import documents"),  # the documents app serves capabilities
        ("documents/probe.py", "import audit.history"),  # documents and audit are independent siblings
        ("documents/probe.py", "import organisations.models"),  # documents imports no app but lib
        ("api/probe.py", "import config.api"),  # nothing imports config
        ("kader/probe.py", "from demo import kader"),  # demo data sits above the apps
        ("background/probe.py", "import organisations.models"),  # background sits below every app
        ("background/probe.py", "from documents import services"),  # documents may use background, not back
    ],
)
def test_an_upward_import_made_on_purpose_breaks_the_build(tree_copy: Path, module: str, upward: str) -> None:
    probe = tree_copy / module
    probe.write_text(f"{upward}  # made on purpose by tests/test_layers.py\n")
    try:
        result = _lint(tree_copy)
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert "0 kept, 1 broken" in result.stdout
    assert "is not allowed to import" in result.stdout
