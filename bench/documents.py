"""Time the kader document: Word (.docx) and PDF/A-2a of a complete kader, median and max of N runs.

    DEBUG=true .venv/bin/python -m lib.dbserver run -- .venv/bin/python -m bench.documents [--runs 10] [--json]

Needs a migrated database (``DATABASE_URL``; bench/run.py passes its bench database). Inside one
transaction that is rolled back at the end, it makes a throwaway gemeente with the demo kader of
``demo.kader.load_demo_kader`` (version 1 adopted, version 2 a concept, every step filled), then
renders the concept with the default template: one untimed warm-up, then ``--runs`` timed runs
of ``kader.documents.render_docx`` and ``render_pdf`` (each includes gathering the data, taking a
render slot and the render process). For the cost of that isolation it also times the same
renders in the app process itself (``documents.worker.fill_docx``/``write_pdf`` called
directly, as before the render process existed) and an empty round trip through the render
process. Prints a Markdown section, or with ``--json`` the figures for bench/run.py.
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


def _times(works: dict[str, Callable[[], bytes]], runs: int) -> dict[str, dict[str, float]]:
    """Time every piece of work ``runs`` times, interleaved (so drifting load hits all alike)."""
    for work in works.values():
        work()  # warm-up: imports, fonts, template parsing, the render server
    samples: dict[str, list[float]] = {name: [] for name in works}
    sizes: dict[str, int] = {}
    for _ in range(runs):
        for name, work in works.items():
            started = time.perf_counter()
            sizes[name] = len(work())
            samples[name].append((time.perf_counter() - started) * 1000)
    return {
        name: {"runs": runs, "median": statistics.median(times), "max": max(times), "bytes": sizes[name]}
        for name, times in samples.items()
    }


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Render the demo kader's concept ``runs`` times as Word and as PDF; nothing is kept."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction
    from django.template.loader import render_to_string

    from accounts.models import User
    from demo.kader import load_demo_kader
    from documents import pdf, runner, word, worker
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
            context, template = documents.document_context(versie), documents.DEFAULT_TEMPLATE.read_bytes()
            fonts = pdf.font_faces()
            html = render_to_string("kader/document/kader.html", {"doc": context, "fonts": fonts})
            urls = [f["url"] for f in fonts]
            base = urls[0].rsplit("/", 1)[0] + "/"
            limits = word.limits_for(1.0)
            results = _times(
                {
                    "Word (.docx)": lambda: documents.render_docx(versie),
                    "PDF/A-2a": lambda: documents.render_pdf(versie),
                    "Word: render process": lambda: documents.WORD.render(context),
                    "Word: in the app process": lambda: worker.fill_docx(template, context),
                    "PDF: render process": lambda: pdf.render_pdf(html, fonts),
                    "PDF: in the app process": lambda: worker.write_pdf(html, urls, base),
                    "Empty render process (round trip)": lambda: b"x" * runner.run(len, "abc", limits=limits).value,
                },
                runs,
            )
            cpu = runner.run(worker.fill_docx, template, context, limits=word.limits_for(5.0)).cpu_seconds
            results["Word (.docx)"]["cpu_ms"] = cpu * 1000
            results["Word, budget"] = {"cpu_ms": documents.WORD.cpu_budget() * 1000}
        transaction.set_rollback(True)
    return results


def markdown(results: dict[str, dict[str, float]]) -> str:
    """The section of docs/benchmarks.md (only figures measured in this run)."""
    results = dict(results)
    budget = results.pop("Word, budget", {})
    lines = [
        "## Kader document",
        "",
        "The demo kader (`demo.kader`, every step filled) with the default Word template (bench/documents.py), "
        "after one untimed warm-up.",
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
    docx, inline = results.get("Word: render process"), results.get("Word: in the app process")
    pdf, pdf_inline = results.get("PDF: render process"), results.get("PDF: in the app process")
    empty = results.get("Empty render process (round trip)")
    if docx and inline and pdf and pdf_inline and empty:
        lines += [
            "",
            "The first two rows are the whole download without HTTP: gathering the data, a render slot (one "
            "query), the render process (forked from the render server, limits set, plain data pickled in, "
            "bytes back) and the sandbox. The rows “render process” make the same document from data "
            "already gathered; the rows “in the app process” call the same render functions directly, "
            "without the process (how documents were made before), and the difference is the cost of the "
            "isolation (runs interleaved; "
            f"median: Word {docx['median'] - inline['median']:+.0f} ms, PDF {pdf['median'] - pdf_inline['median']:+.0f} ms; "
            f"an empty round trip through the render process takes {empty['median']:.0f} ms). "
            f"The Word render used {results['Word (.docx)'].get('cpu_ms', 0):.0f} ms of CPU time in the render process; "
            f"the CPU budget of a kader Word render on this machine is {budget.get('cpu_ms', 0):.0f} ms "
            "(ten times the default template on the sample kader, between 0.5 and 3 s).",
        ]
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
