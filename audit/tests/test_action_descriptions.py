"""Every action a service records in its history context has a Dutch description."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from audit.readable import ACTION_DESCRIPTIONS

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "var", "node_modules", "tests", "migrations"}


def _recorded_actions() -> list[tuple[str, str]]:
    """(file, action) for every ``pghistory.context(..., action=...)`` in the code.

    An f-string becomes a pattern: ``kader.add.{part}`` → ``kader\\.add\\.[a-z_]+``.
    """
    found = []
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "pghistory.context"):
                continue
            for keyword in node.keywords:
                if keyword.arg != "action":
                    continue
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.append((str(path.relative_to(ROOT)), re.escape(value.value)))
                elif isinstance(value, ast.JoinedStr):
                    pattern = "".join(
                        re.escape(str(part.value)) if isinstance(part, ast.Constant) else "[a-z_]+"
                        for part in value.values
                    )
                    found.append((str(path.relative_to(ROOT)), pattern))
                else:
                    found.append((str(path.relative_to(ROOT)), ast.unparse(value)))
    return found


def test_the_code_records_actions_at_all() -> None:
    assert len(_recorded_actions()) > 5


def test_every_recorded_action_has_a_dutch_description() -> None:
    missing = [
        (path, pattern)
        for path, pattern in _recorded_actions()
        if not any(re.fullmatch(pattern, name) for name in ACTION_DESCRIPTIONS)
    ]
    assert not missing, f"add these actions to audit.readable.ACTION_DESCRIPTIONS: {missing}"


def test_every_part_of_the_kader_has_its_add_edit_and_delete_described() -> None:
    from kader.models import PARTS

    for model in PARTS:
        if not model.slug:
            continue
        verbs = ["edit"] + (["add"] if model.can_add else []) + (["delete"] if model.can_delete else [])
        for verb in verbs:
            assert f"kader.{verb}.{model.slug}" in ACTION_DESCRIPTIONS, (model.slug, verb)
