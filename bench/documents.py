"""Time the kader document: Word (.docx) and PDF/A-2a of a complete kader, median and max of N runs.

    DEBUG=true .venv/bin/python -m lib.dbserver run -- .venv/bin/python -m bench.documents [--runs 10] [--json]

Needs a migrated database (``DATABASE_URL``; bench/run.py passes its bench database). Inside one
transaction that is rolled back at the end, it makes a throwaway gemeente with the demo kader of
``demo.kader.load_demo_kader`` (version 1 adopted, version 2 a concept, every step filled), then
renders the concept with the default template: one untimed warm-up, then ``--runs`` timed runs
of ``kader.documents.render_docx`` and ``render_pdf`` (each includes gathering the data). Prints
a Markdown section, or with ``--json`` the figures for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# document -> target in ms (the issue: .docx within 1 s, PDF within 3 s for the demo kader)
TARGETS_MS = {"Word (.docx)": 1000.0, "PDF/A-2a": 3000.0}


def _time(work: Callable[[], bytes], runs: int) -> dict[str, float]:
    work()  # warm-up: imports, fonts, template parsing
    samples, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(work())
        samples.append((time.perf_counter() - started) * 1000)
    return {"runs": runs, "median": statistics.median(samples), "max": max(samples), "bytes": size}


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Render the demo kader's concept ``runs`` times as Word and as PDF; nothing is kept."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction

    from accounts.models import User
    from demo.kader import load_demo_kader
    from kader import documents
    from kader.models import KaderVersie
    from lib import tenancy
    from organisations.models import Gemeente, Membership

    results: dict[str, dict[str, float]] = {}
    with transaction.atomic():
        code = f"GM{uuid.uuid4().int % 10_000:04d}"
        gemeente = Gemeente(name="Gemeente Benchdorp", cbs_code=code)
        with tenancy.bound(platform=True, gemeente=gemeente.pk):
            while Gemeente.objects.filter(cbs_code=gemeente.cbs_code).exists():
                gemeente.cbs_code = f"GM{uuid.uuid4().int % 10_000:04d}"
            gemeente.save()
        user = User.objects.create_user(f"bench-documenten-{uuid.uuid4().hex[:8]}@bench.example", None)
        with tenancy.bound(gemeente=gemeente.pk, user=user.pk):
            by = Membership.objects.create(gemeente=gemeente, user=user, role="coordinator")
            _adopted, concept = load_demo_kader(by)
            versie = KaderVersie.objects.select_related("gemeente", "gebaseerd_op").get(pk=concept.pk)
            results["Word (.docx)"] = _time(lambda: documents.render_docx(versie), runs)
            results["PDF/A-2a"] = _time(lambda: documents.render_pdf(versie), runs)
        transaction.set_rollback(True)
    return results


def markdown(results: dict[str, dict[str, float]]) -> str:
    """The section of docs/benchmarks.md (only figures measured in this run)."""
    lines = [
        "## Kader document",
        "",
        "The demo kader (`demo.kader`, every step filled) rendered in-process with the default Word template "
        "(bench/documents.py): gathering the data and filling the template or laying out the PDF, after one "
        "untimed warm-up.",
        "",
        "| document | runs | median ms | max ms | size | target |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        target = TARGETS_MS.get(name)
        verdict = "" if target is None else f"≤ {target / 1000:g} s: {'met' if r['max'] <= target else '**not met**'}"
        lines.append(
            f"| {name} | {int(r['runs'])} | {r['median']:.0f} | {r['max']:.0f} | {r['bytes'] / 1024:.0f} kB | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="timed runs per document (default 10)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of Markdown")
    args = parser.parse_args(argv)
    results = measure(args.runs)
    print(json.dumps(results) if args.json else markdown(results))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
