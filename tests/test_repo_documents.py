"""The repository's documents stay true to the code: README, ADRs, data model, publiccode.yml, LICENSE.

Most checks read files only; the data-model check asks Django which tables exist (no database).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ADR_DIR = ROOT / "docs" / "adr"

# Files whose environment variables the README's configuration table must cover.
ENV_SOURCES = [ROOT / "config" / "settings.py", ROOT / "lib" / "dbserver.py", ROOT / "lib" / "devserver.py"]
ENV_HELPERS = {"env_str", "env_bool", "env_int", "env_list"}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, body) for every level-2 section; the text before the first is ("", intro)."""
    parts = re.split(r"^## +(.+)$", markdown, flags=re.MULTILINE)
    sections = [("", parts[0])]
    sections += [(parts[i].strip(), parts[i + 1]) for i in range(1, len(parts), 2)]
    return sections


def _literal(node: ast.expr) -> object:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def _is_env_call(node: ast.AST) -> bool:
    """``env_str("X", ...)`` and friends, or ``os.environ.get("X", ...)``."""
    if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id in ENV_HELPERS
    return isinstance(func, ast.Attribute) and func.attr == "get" and ast.unparse(func.value) == "os.environ"


def environment_reads() -> dict[str, object]:
    """Every environment variable the sources read, with its literal default (None if not literal).

    Found by walking the syntax tree: calls of the typed helpers in lib/env.py,
    ``os.environ.get("X")``, ``os.environ["X"]``, and loops ``for key in ("X", "Y"): os.environ...``.
    """
    found: dict[str, object] = {}
    for source in ENV_SOURCES:
        for node in ast.walk(ast.parse(_read(source))):
            if _is_env_call(node):
                assert isinstance(node, ast.Call) and isinstance(node.args[0], ast.Constant)
                found.setdefault(str(node.args[0].value), _literal(node.args[1]) if len(node.args) > 1 else None)
            elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                if isinstance(node.slice, ast.Constant):
                    found.setdefault(str(node.slice.value), None)
            elif (
                isinstance(node, ast.For)
                and isinstance(node.iter, ast.Tuple | ast.List)
                and "os.environ" in ast.unparse(node)
            ):
                for element in node.iter.elts:
                    if isinstance(element, ast.Constant) and isinstance(element.value, str):
                        found.setdefault(element.value, None)
    return found


def configuration_rows() -> dict[str, str]:
    """Variable name -> the whole table row, from README's configuration section."""
    body = next(text for heading, text in _sections(_read(README)) if heading.lower().startswith("configur"))
    rows = {}
    for line in body.splitlines():
        match = re.match(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", line)
        if match:
            rows[match.group(1)] = line
    return rows


# --- README -------------------------------------------------------------------------------


def test_the_readme_starts_with_the_two_commands() -> None:
    sections = _sections(_read(README))
    assert len(sections) > 2, "README has too few sections"
    first_heading, first_body = sections[1]
    assert "make run" in first_body and "make test" in first_body, (
        f"the first section ({first_heading!r}) must show `make run` and `make test`"
    )
    intro = sections[0][1]
    assert intro.lstrip().startswith("# Kapstok")


def test_the_environment_scan_finds_the_variables_we_know_about() -> None:
    # Guards the scanner itself: if it finds nothing, the table check below proves nothing.
    found = environment_reads()
    for name in ("SECRET_KEY", "DATABASE_URL", "DATABASE_OWNER_URL", "DATABASE_SUPERUSER_URL", "KAPSTOK_AS_OWNER"):
        assert name in found
    assert found["DATABASE_POOL_MAX_SIZE"] == 0
    assert found["OIDC_RP_SIGN_ALGO"] == "RS256"


def test_every_environment_variable_is_in_the_configuration_table() -> None:
    rows = configuration_rows()
    missing = sorted(set(environment_reads()) - set(rows))
    assert not missing, f"README configuration table lacks: {missing}"


def test_the_configuration_table_lists_no_variable_the_code_does_not_read() -> None:
    stale = sorted(set(configuration_rows()) - set(environment_reads()))
    assert not stale, f"README configuration table lists variables nothing reads: {stale}"


def test_the_configuration_table_gives_the_literal_defaults_of_the_code() -> None:
    rows = configuration_rows()
    wrong = []
    for name, default in environment_reads().items():
        if default is None or default == "" or name not in rows:
            continue
        shown = ("true" if default else "false") if isinstance(default, bool) else str(default)
        if f"`{shown}`" not in rows[name]:
            wrong.append(f"{name}: expected `{shown}` in {rows[name]!r}")
    assert not wrong, "\n".join(wrong)


def test_the_readme_lists_every_demo_login_and_the_demo_password() -> None:
    from demo.management.commands.load_demo import NOORDERHAVEN, ZUIDERVEEN
    from lib.devserver import DEMO_PASSWORD

    text = _read(README)
    assert f"`{DEMO_PASSWORD}`" in text
    emails = [str(member[0]) for spec in (ZUIDERVEEN, NOORDERHAVEN) for member in spec["members"]]
    emails.append("beheer@kapstok.example")
    missing = [email for email in emails if email not in text]
    assert not missing, f"README lacks demo logins: {missing}"


DOCUMENTS = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "SECURITY.md",
    ROOT / "CHANGELOG.md",
    ROOT / "docs" / "deployment.md",
    ROOT / "docs" / "data-model.md",
    *sorted(ADR_DIR.glob("*.md")),
]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_that_exist(document: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", _read(document)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert not broken, f"{document.name} links to missing files: {broken}"


# --- deployment guide ---------------------------------------------------------------------

DEPLOYMENT = ROOT / "docs" / "deployment.md"
# Our own code: every package at the top (apps, lib and the settings), not tests, the bench or tooling.
CODE_DIRS = sorted(
    path.name
    for path in ROOT.iterdir()
    if (path / "__init__.py").exists() and path.name not in {"tests", "bench", "scripts", "tools", "demo"}
)
# A module-level constant named like a size limit on what comes in: *_MAX*, with FILE, UPLOAD,
# BYTES or BODY in the name (PLAN_FILE_MAX, LOGO_MAX_BYTES, API_MAX_BODY_BYTES, ...).
UPLOAD_LIMIT_NAME = re.compile(r"^(?=.*MAX)(?=.*(FILE|UPLOAD|BYTES|BODY))[A-Z0-9_]+$")
# Room for the multipart framing and the form fields around the largest file.
MULTIPART_MARGIN = 64 * 1024


def upload_limits() -> dict[str, int]:
    """Every limit on the size of what Kapstok accepts, by name, with its value in bytes.

    Found by walking the code for module-level constants named like a size limit; their values
    come from the imported module (so ``10 * 1024 * 1024`` and environment defaults count).
    """
    import importlib

    from django.conf import settings

    limits: dict[str, int] = {}
    for directory in CODE_DIRS:
        for source in sorted((ROOT / directory).rglob("*.py")):
            relative = source.relative_to(ROOT)
            if {"tests", "migrations"} & set(relative.parts):
                continue
            names = [
                target.id
                for node in ast.parse(_read(source)).body
                if isinstance(node, ast.Assign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name) and UPLOAD_LIMIT_NAME.match(target.id)
            ]
            if not names:
                continue
            module_name = ".".join(relative.with_suffix("").parts)
            module = settings if module_name == "config.settings" else importlib.import_module(module_name)
            for name in names:
                limits[f"{module_name}.{name}"] = int(getattr(module, name))
    return limits


def proxy_body_limit() -> int:
    """``client_max_body_size`` of the nginx example in docs/deployment.md, in bytes."""
    found = re.findall(r"^\s*client_max_body_size\s+(\d+)([kKmMgG]?)\s*;", _read(DEPLOYMENT), flags=re.MULTILINE)
    assert len(found) == 1, f"expected one client_max_body_size in {DEPLOYMENT.name}, found {found}"
    number, unit = found[0]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def test_the_upload_limit_scan_finds_the_limits_we_know_about() -> None:
    # Guards the scanner itself: if it finds nothing, the proxy check below proves nothing.
    limits = upload_limits()
    for name in (
        "kader.models.PLAN_FILE_MAX",
        "documents.word.TEMPLATE_MAX_BYTES",
        "config.settings.LOGO_MAX_BYTES",
        "config.settings.DATA_UPLOAD_MAX_MEMORY_SIZE",
        "config.settings.API_MAX_BODY_BYTES",
    ):
        assert name in limits
    assert limits["kader.models.PLAN_FILE_MAX"] == 10 * 1024 * 1024


def test_the_documented_proxy_body_limit_is_above_every_upload_kapstok_accepts() -> None:
    limits = upload_limits()
    largest = max(limits, key=limits.__getitem__)
    assert proxy_body_limit() >= limits[largest] + MULTIPART_MARGIN, (
        f"docs/deployment.md: client_max_body_size ({proxy_body_limit()} bytes) must be above "
        f"{largest} ({limits[largest]} bytes) plus {MULTIPART_MARGIN} bytes for the form around it"
    )


# --- ADRs ---------------------------------------------------------------------------------


def adr_files() -> list[Path]:
    return sorted(p for p in ADR_DIR.glob("[0-9][0-9][0-9][0-9]-*.md"))


def test_there_are_adrs() -> None:
    assert len(adr_files()) >= 5


@pytest.mark.parametrize("adr", adr_files(), ids=lambda p: p.name)
def test_each_adr_has_context_decision_and_consequences(adr: Path) -> None:
    headings = [h.lower() for h, _ in _sections(_read(adr))[1:]]
    for required in ("context", "decision", "consequences"):
        assert any(h.startswith(required) for h in headings), f"{adr.name} lacks a '{required}' section"
    assert _read(adr).lstrip().startswith("# ")


def test_the_adr_index_lists_every_adr() -> None:
    index = _read(ADR_DIR / "README.md")
    missing = [adr.name for adr in adr_files() if f"({adr.name})" not in index]
    assert not missing, f"docs/adr/README.md does not link {missing}"


# --- data model ---------------------------------------------------------------------------


def test_the_data_model_describes_every_table_of_our_apps() -> None:
    from django.apps import apps

    text = _read(ROOT / "docs" / "data-model.md")
    ours = [
        model
        for model in apps.get_models()
        if Path(apps.get_app_config(model._meta.app_label).path).is_relative_to(ROOT)
        and model._meta.managed
        and not model._meta.proxy
    ]
    assert ours, "no models found"
    missing = [model._meta.db_table for model in ours if f"`{model._meta.db_table}`" not in text]
    assert not missing, f"docs/data-model.md does not describe {missing}"


# --- publiccode.yml and LICENSE -----------------------------------------------------------


def publiccode() -> dict[str, Any]:
    return yaml.safe_load(_read(ROOT / "publiccode.yml"))


def test_publiccode_has_every_mandatory_key_of_version_0_7() -> None:
    data = publiccode()
    assert data["publiccodeYmlVersion"] == "0.7"
    for key in ("name", "url", "platforms", "developmentStatus", "softwareType", "description", "legal"):
        assert data.get(key), f"publiccode.yml lacks {key}"
    assert data["developmentStatus"] in {"concept", "development", "beta", "stable", "obsolete"}
    assert data["softwareType"] == "standalone/web"
    assert data["legal"]["license"] == "EUPL-1.2"
    maintenance = data["maintenance"]
    assert maintenance["type"] in {"internal", "contract", "community", "none"}
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"] and all(c.get("name") for c in maintenance["contacts"])
    localisation = data["localisation"]
    assert isinstance(localisation["localisationReady"], bool)
    assert "nl" in localisation["availableLanguages"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_publiccode_describes_kapstok_in_dutch_and_english(language: str) -> None:
    description = publiccode()["description"][language]
    assert 0 < len(description["shortDescription"]) <= 150
    assert len(description["longDescription"]) >= 150
    assert description["features"] and all(isinstance(f, str) and f for f in description["features"])


def test_the_licence_is_the_complete_eupl_1_2() -> None:
    text = _read(ROOT / "LICENSE")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    for article in range(1, 16):
        assert re.search(rf"^{article}\. ", text, flags=re.MULTILINE), f"article {article} missing"
    assert "Appendix" in text and "Compatible Licences" in text
    assert text.rstrip().endswith("EUPL version.")


def test_make_test_collects_every_folder_that_holds_tests() -> None:
    """A new app's tests run in ``make test`` only when pytest's ``testpaths`` names the app."""
    import tomllib

    testpaths = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]["testpaths"])
    holders = {
        path.relative_to(ROOT).parts[0]
        for path in ROOT.glob("*/**/test_*.py")
        if not {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts)
    }
    assert holders - testpaths == set(), f"add these to testpaths in pyproject.toml: {holders - testpaths}"
