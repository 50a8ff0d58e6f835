"""The shape CONVENTIONS.md asks of the code: no module over 800 lines, no view over 40 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "api", "audit", "config", "dashboard", "demo", "kader", "lib", "organisations"]
MAX_MODULE_LINES = 800
MAX_VIEW_LINES = 40


def _modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def _views(path: Path) -> list[ast.FunctionDef]:
    """Functions decorated as a view (``requires``/``public``) or registered as an API operation."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = {ast.unparse(d).split("(")[0] for d in node.decorator_list}
            if names & {"requires", "public"} or any(n.startswith("router.") for n in names):
                found.append(node)
    return found


def test_no_module_is_longer_than_800_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"split these into packages: {long}"


def test_no_view_is_longer_than_40_lines() -> None:
    long = {
        f"{path.relative_to(ROOT)}:{view.name}": length
        for path in _modules()
        for view in _views(path)
        if (length := (view.end_lineno or view.lineno) - view.lineno + 1) > MAX_VIEW_LINES
    }
    assert not long, f"make these views thinner (move work to services, pages or forms): {long}"


@pytest.mark.parametrize("module", ["kader/views.py", "kader/views_parts.py", "organisations/views.py"])
def test_the_view_modules_are_found(module: str) -> None:
    assert _views(ROOT / module), f"no views found in {module}: the check above would be empty"
