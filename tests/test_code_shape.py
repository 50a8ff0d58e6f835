"""The shape CONVENTIONS.md asks of the code: no module over 800 lines, no view over 40 lines, few type ignores."""

from __future__ import annotations

import ast
import re
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every app (a folder with apps.py) and the project's configuration: a new app is measured from its first line.
APPS = sorted([*(path.parent.name for path in ROOT.glob("*/apps.py")), "config"])
MAX_MODULE_LINES = 800
MAX_VIEW_LINES = 40
MAX_TYPE_IGNORES = 15
# An ignore names its error codes and says why: "# type: ignore[attr-defined]  # set by django-axes".
TYPE_IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[a-z, -]+\])?(?P<reason>\s+#\s*\S.*)?")


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


def _python_files() -> list[Path]:
    """Every Python file of the project, tests included (migrations are generated)."""
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not {".venv", "var", "node_modules", "migrations"} & set(path.relative_to(ROOT).parts)
    )


def _type_ignores() -> list[tuple[str, re.Match[str]]]:
    found = []
    for path in _python_files():
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type == tokenize.COMMENT and (match := TYPE_IGNORE.match(token.string)) is not None:
                    found.append((f"{path.relative_to(ROOT)}:{token.start[0]}", match))
    return found


def test_type_ignores_are_few_and_each_names_its_code_and_reason() -> None:
    ignores = _type_ignores()
    unexplained = [where for where, match in ignores if not (match["codes"] and match["reason"])]
    assert not unexplained, f"name the error code and the reason of these type ignores: {unexplained}"
    assert len(ignores) <= MAX_TYPE_IGNORES, (
        f"{len(ignores)} type ignores; type the code instead: {[w for w, _ in ignores]}"
    )


def test_the_type_ignore_pattern_tells_an_explained_ignore_from_a_bare_one() -> None:
    explained = TYPE_IGNORE.match("# type: ignore[attr-defined]  # set by django-axes")
    bare = TYPE_IGNORE.match("# type: ignore")
    assert explained and explained["codes"] and explained["reason"]
    assert bare and not bare["codes"] and not bare["reason"]


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


@pytest.mark.parametrize(
    "module", ["kader/views.py", "kader/views_parts.py", "organisations/views.py", "risicos/views_maatregelen.py"]
)
def test_the_view_modules_are_found(module: str) -> None:
    assert _views(ROOT / module), f"no views found in {module}: the check above would be empty"


# The server's clock runs on UTC; a gemeente's day is Amsterdam's. From 23:00 or 22:00 UTC on, date.today()
# is a day behind timezone.localdate(), so a date made with it is "yesterday" to every check in the services.
SERVER_DAY = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(\)(?!\.astimezone)")


def _server_days() -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _python_files()
        if path.name != "test_code_shape.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SERVER_DAY.search(line)
    ]


def test_today_is_the_gemeente_s_day_not_the_server_s() -> None:
    found = _server_days()
    assert not found, f"use django.utils.timezone.localdate() or now() instead: {found}"


def test_the_server_day_pattern_finds_both_spellings_and_spares_the_local_ones() -> None:
    assert SERVER_DAY.search("TODAY = datetime.date.today()")
    assert SERVER_DAY.search("started = datetime.now()")
    assert not SERVER_DAY.search("started = datetime.now().astimezone()")
    assert not SERVER_DAY.search("TODAY = timezone.localdate()")
