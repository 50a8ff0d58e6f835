"""Time the risk register's spreadsheet import: 10,000 risks read, checked and stored.

    DEBUG=true .venv/bin/python -m lib.dbserver run -- .venv/bin/python -m bench.risicos [--rows 10000] [--runs 3] [--json]

Needs a migrated database (``DATABASE_URL``). Inside one transaction that is rolled back at the
end it makes a throwaway gemeente with a started register (the standard 5 × 5 matrix and the
threat catalogue), a coördinator and 50 assets, then per run — in a savepoint that is rolled
back, so every run stores the same rows anew — a CSV of ``--rows`` new risks in the export's
layout (each with a threat, an asset, a theme, scores and the coördinator as owner), which is

* **checked**: read and every row validated as the preview does (``plan.make``), and
* **stored**: checked again and written all or nothing with history (``storing.store``), as a
  confirmation does.

Prints a Markdown section, or with ``--json`` the figures for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
IMPORT = "import 10,000 risks (check + store)"
TARGETS_MS = {IMPORT: 10_000.0}  # the issue: 10,000 rows import within 10 s


def sample_csv(by: Any, rows: int) -> bytes:
    """``rows`` new risks in the export's layout, linked to the gemeente's threats and assets."""
    from risicos.models import Bedrijfsmiddel, Dreiging
    from risicos.spreadsheets.columns import REGISTERS
    from risicos.spreadsheets.export import as_csv
    from risicos.spreadsheets.plan import namen

    register = REGISTERS["risicos"]
    names = namen(by, register)
    threats = list(Dreiging.objects.values_list("naam", flat=True))
    assets = list(Bedrijfsmiddel.objects.values_list("naam", flat=True))
    body = as_csv(register, [], names).decode("utf-8-sig")
    lines = [body.rstrip("\r\n")]
    for i in range(rows):
        cells = [
            "",
            f"Risico {i}",
            f"Scenario {i}: wie of wat, hoe, met welk gevolg.",
            threats[i % len(threats)],
            assets[i % len(assets)],
            "Fysieke beveiliging",
            str(1 + i % 5),
            str(1 + (i * 3) % 5),
            "",
            str(1 + i % 3),
            str(1 + i % 4),
            "",
            "verminderen",
            by.user.email,
            "",
        ]
        lines.append(";".join(cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def measure(rows: int, runs: int) -> dict[str, dict[str, float]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction

    from accounts.models import User
    from lib import tenancy
    from organisations.models import Gemeente, Membership
    from risicos import services
    from risicos.spreadsheets import plan, storing
    from risicos.spreadsheets.reading import read

    samples: dict[str, list[float]] = {}
    with transaction.atomic():
        gemeente = Gemeente(name="Gemeente Benchveen", cbs_code=f"GM{uuid.uuid4().int % 10_000:04d}")
        with tenancy.bound(platform=True, gemeente=gemeente.pk):
            while Gemeente.objects.filter(cbs_code=gemeente.cbs_code).exists():
                gemeente.cbs_code = f"GM{uuid.uuid4().int % 10_000:04d}"
            gemeente.save()
        user = User.objects.create_user(f"bench-risicos-{uuid.uuid4().hex[:8]}@bench.example", None)
        with tenancy.bound(gemeente=gemeente.pk, user=user.pk):
            by = Membership.objects.select_related("gemeente", "user").get(
                pk=Membership.objects.create(gemeente=gemeente, user=user, role="coordinator").pk
            )
            services.start_register(by=by)
            for i in range(50):
                services.add_bedrijfsmiddel(by=by, naam=f"Middel {i}", soort="gebouw")
            data = sample_csv(by, rows)
            for _ in range(runs):
                with transaction.atomic():
                    started = time.perf_counter()
                    checked = plan.make(by, "risicos", read(data))
                    middle = time.perf_counter()
                    assert checked.foutloos and checked.count("nieuw") == rows, checked.as_json()["regels"][:3]
                    again = plan.make(by, "risicos", read(data))
                    storing.store(by, again)
                    done = time.perf_counter()
                    samples.setdefault("check (preview)", []).append((middle - started) * 1000)
                    samples.setdefault("store (check again + write)", []).append((done - middle) * 1000)
                    samples.setdefault(IMPORT, []).append((done - started) * 1000)
                    transaction.set_rollback(True)
        transaction.set_rollback(True)
    return {
        name: {"runs": len(times), "median": statistics.median(times), "max": max(times), "rows": rows}
        for name, times in samples.items()
    }


def markdown(results: dict[str, dict[str, float]]) -> str:
    """The section of docs/benchmarks.md (only figures measured in this run)."""
    rows = int(next(iter(results.values()), {}).get("rows", 0))
    lines = [
        "## Risico's: spreadsheet import",
        "",
        f"bench/risicos.py: a CSV of {rows:,} new risks in the export's layout (threat, asset, theme, scores, "
        "owner), checked as the preview does and stored as the confirmation does (checked again, then written "
        "all or nothing with history), each run rolled back.",
        "",
        "| work | runs | median ms | max ms | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else f"≤ {target / 1000:g} s: {'met' if r['max'] <= target else '**not met**'}"
        lines.append(f"| {name} | {int(r['runs'])} | {r['median']:.0f} | {r['max']:.0f} | {verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    results = measure(args.rows, args.runs)
    print(json.dumps(results) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
