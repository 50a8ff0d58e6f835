"""Time the veiligheidsplan's heavy work: importing 100,000 rows of 47018NED, and the infographic.

    DEBUG=true .venv/bin/python -m lib.dbserver run -- .venv/bin/python -m bench.ivp [--rows 100000] [--runs 3] [--json]

Needs a migrated database (``DATABASE_URL``; bench/run.py passes its bench database). Inside one
transaction that is rolled back at the end it makes a throwaway gemeente with a started plan, then

* **import**: a synthetic 47018NED bulk CSV of ``--rows`` rows in the real layout
  (``ivp.opendata.sample``) for that gemeente, read (``parse_file``) and stored
  (``ivp.importing.apply``: indicators and figures, all or nothing, history included) — each run
  in a savepoint that is rolled back, so every run stores the same figures anew;
* **infographic**: the SVG of the demo plan's infographic data and its PNG at 1,240 px
  (``ivp.infographic``).

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
# work -> target in ms (the issue: 100,000 rows of 47018NED within 10 s; the infographic within 1 s)
TARGETS_MS = {"import 47018NED (read + store)": 10_000.0, "infographic (SVG + PNG)": 1000.0}


def _time(work: Any) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def measure(rows: int, runs: int) -> dict[str, dict[str, float]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction

    from accounts.models import User
    from ivp import importing, infographic, services
    from ivp.opendata import parse_file
    from ivp.opendata.sample import sample_bulk_csv
    from lib import tenancy
    from organisations.models import Gemeente, Membership

    samples: dict[str, list[float]] = {}
    stored = 0
    with transaction.atomic():
        gemeente = Gemeente(name="Gemeente Benchveen", cbs_code=f"GM{uuid.uuid4().int % 10_000:04d}")
        with tenancy.bound(platform=True, gemeente=gemeente.pk):
            while Gemeente.objects.filter(cbs_code=gemeente.cbs_code).exists():
                gemeente.cbs_code = f"GM{uuid.uuid4().int % 10_000:04d}"
            gemeente.save()
        user = User.objects.create_user(f"bench-ivp-{uuid.uuid4().hex[:8]}@bench.example", None)
        with tenancy.bound(gemeente=gemeente.pk, user=user.pk):
            by = Membership.objects.select_related("gemeente").get(
                pk=Membership.objects.create(gemeente=gemeente, user=user, role="coordinator").pk
            )
            services.start_ivp(by=by, startjaar=2027)
            data = sample_bulk_csv(rows, gemeente_code=gemeente.cbs_code, gemeente_naam="Benchveen", seed=1)

            def import_once() -> None:
                nonlocal stored
                with transaction.atomic():
                    started = time.perf_counter()
                    result = parse_file(data, expected_table="47018NED", gemeente_code=gemeente.cbs_code)
                    samples.setdefault("read (parse_file)", []).append((time.perf_counter() - started) * 1000)
                    preview = importing.apply(result.cijfers, gemeente=gemeente, tabel=result.tabel, by=by)
                    stored = preview.bewaren
                    transaction.set_rollback(True)

            for _ in range(runs):
                samples.setdefault("import 47018NED (read + store)", []).append(_time(import_once))
            graphic = _sample_infographic()
            svg = infographic.infographic_svg(graphic)
            infographic.svg_to_png(svg, breedte_px=1240)  # warm-up: fonts, hyphenation
            for _ in range(max(runs, 5)):
                samples.setdefault("infographic (SVG + PNG)", []).append(
                    _time(lambda: infographic.svg_to_png(infographic.infographic_svg(graphic), breedte_px=1240))
                )
        transaction.set_rollback(True)
    results = {
        name: {"runs": len(times), "median": statistics.median(times), "max": max(times)}
        for name, times in samples.items()
    }
    results["import 47018NED (read + store)"].update(rows=rows, stored=stored)
    return results


def _sample_infographic() -> Any:
    """Five priorities with two goals each, four key figures and six partners: a full page."""
    from ivp.infographic import Doel, Infographic, Kerncijfer, Prioriteit

    return Infographic(
        gemeente="Gemeente Benchveen",
        titel="Integraal veiligheidsplan",
        periode="2027–2030",
        prioriteiten=[
            Prioriteit(
                f"Prioriteit {i}",
                [
                    Doel(f"Minder incidenten van soort {i}.{j} door een gerichte aanpak", 40, 30, "aantal", 2030)
                    for j in (1, 2)
                ],
            )
            for i in range(1, 6)
        ],
        kerncijfers=[Kerncijfer(f"Kerncijfer {i}", 100 + i, "per 1.000 inwoners", "dalend", True) for i in range(4)],
        partners=[f"Partner {i}" for i in range(6)],
    )


def markdown(results: dict[str, dict[str, float]]) -> str:
    """The section of docs/benchmarks.md (only figures measured in this run)."""
    imp = results.get("import 47018NED (read + store)", {})
    lines = [
        "## Veiligheidsplan: import and infographic",
        "",
        f"bench/ivp.py: a synthetic 47018NED bulk CSV of {int(imp.get('rows', 0)):,} rows in the real layout "
        f"for one gemeente ({int(imp.get('stored', 0)):,} figures stored, the rest unmapped codes or unknown "
        "values), read and stored all or nothing with history, each run rolled back; and the infographic of a "
        "plan with five priorities as SVG and a 1,240 px PNG, after one warm-up.",
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
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    results = measure(args.rows, args.runs)
    print(json.dumps(results) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
