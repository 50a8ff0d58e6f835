"""Parallel costly downloads against a running Kapstok while ordinary pages are requested.

Part of ``make bench`` (bench/run.py, phase 3), against the large bench dataset served by
gunicorn. Two steps, each bounded by time:

A. **Pages alone.** ``--page-clients`` clients cycle through the pages of bench/pages.py.
B. **Pages with costly downloads.** The same page clients, plus ``--downloads`` clients that
   each download, in a loop, the Word document of the kader of a gemeente whose own template
   has 100 million empty loop iterations (about 3 s of CPU time) — stored directly in the
   database, as a template uploaded before the upload check refused such templates.

It reports the pages' p50/p95 in both steps (any page answer but 200 is an error) and the
downloads' outcomes: 302 to the kader overview with the Dutch message (the render was stopped
at its CPU budget), 503 with Retry-After (every render slot was taken), or anything else.

``prepare`` stores the costly templates; it runs as its own process with the bench database's
environment (bench/run.py does that), because it needs Django:

    python -m bench.render_load prepare var/bench-tokens.json --first 4 --count 4
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench import load
from bench.pages import PAGES

NESTED_LOOPS = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
DOWNLOAD = "/kader/versies/{kader_id}/document.docx"


def prepare(tokens: dict[str, Any], first: int, count: int) -> None:
    """Give gemeenten ``first .. first+count-1`` of the tokens file the costly template."""
    import io
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    import docx

    from accounts.models import User
    from documents.models import Documentsoort, Sjabloon
    from lib import tenancy
    from organisations.models import Gemeente

    document = docx.Document()
    document.add_paragraph("Huisstijl")
    document.add_paragraph(NESTED_LOOPS)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    for spec in tokens["gemeenten"][first : first + count]:
        with tenancy.bound(platform=True):
            gemeente = Gemeente.objects.get(cbs_code=spec["cbs_code"])
        by = User.objects.get(email=spec["coordinator"])
        with tenancy.bound(gemeente=gemeente.pk, user=by.pk):
            Sjabloon.objects.update_or_create(
                gemeente=gemeente,
                soort=Documentsoort.KADER,
                defaults={"bestand": data, "bestandsnaam": "lussen.docx", "grootte": len(data), "geupload_door": by},
            )


def _pages(
    clients: list[load.Client], stop: threading.Event, stats: dict[str, load.Stats], lock: threading.Lock
) -> list[threading.Thread]:
    def work(offset: int, client: load.Client) -> None:
        i = offset
        while not stop.is_set():
            page = PAGES[i % len(PAGES)]
            ms, status = client.get(page)
            with lock:
                stats.setdefault(page.name, load.Stats()).add(ms, status)
            i += 1

    return [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(clients)]


def _downloads(
    base: str,
    tokens: dict[str, Any],
    first: int,
    count: int,
    stop: threading.Event,
    outcomes: list[tuple[float, int]],
    lock: threading.Lock,
) -> list[threading.Thread]:
    def work(index: int) -> None:
        spec = tokens["gemeenten"][index]
        session = load.login(base, spec["coordinator"], tokens["password"])
        url = base + DOWNLOAD.format(kader_id=spec["kader_id"])
        while not stop.is_set():
            started = time.perf_counter()
            try:
                status = session.get(url, allow_redirects=False, timeout=load.TIMEOUT).status_code
            except Exception:  # a refused connection or a timeout: counted as outcome 0
                status = 0
            with lock:
                outcomes.append(((time.perf_counter() - started) * 1000, status))

    return [threading.Thread(target=work, args=(first + n,)) for n in range(count)]


def _run(threads: list[threading.Thread], stop: threading.Event, seconds: float) -> float:
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(load.TIMEOUT + 5)
    return time.monotonic() - started


def measure(base: str, tokens: dict[str, Any], *, page_clients: int, downloads: int, seconds: float) -> dict[str, Any]:
    """Step A (pages alone) and step B (pages with ``downloads`` costly download loops)."""
    clients = [load.Client(base, tokens, i) for i in range(page_clients)]
    lock = threading.Lock()
    alone: dict[str, load.Stats] = {}
    stop = threading.Event()
    _run(_pages(clients, stop, alone, lock), stop, seconds)
    busy: dict[str, load.Stats] = {}
    outcomes: list[tuple[float, int]] = []
    stop = threading.Event()
    threads = _pages(clients, stop, busy, lock) + _downloads(
        base, tokens, page_clients, downloads, stop, outcomes, lock
    )
    elapsed = _run(threads, stop, seconds)
    return {"alone": alone, "busy": busy, "downloads": outcomes, "seconds": elapsed}


def _all(stats: dict[str, load.Stats]) -> tuple[list[float], int]:
    return [ms for s in stats.values() for ms in s.latencies_ms], sum(s.errors for s in stats.values())


def page_errors(results: dict[str, Any]) -> int:
    return _all(results["alone"])[1] + _all(results["busy"])[1]


def markdown(
    results: dict[str, Any], *, page_clients: int, downloads: int, seconds: float, workers: int, slots: int
) -> str:
    """The section of docs/benchmarks.md (only figures measured in this run)."""
    lines = [
        "## Costly downloads while pages are requested",
        "",
        f"bench/render_load.py, against the same gunicorn ({workers} sync workers, `DOCUMENT_RENDER_SLOTS={slots}`). "
        f"{page_clients} clients cycle through the pages above; in step B, {downloads} more clients each download, "
        "in a loop, the Word document of a kader whose gemeente has an own template with 100 million empty loop "
        "iterations (stored directly in the database, as uploaded before the upload check refused it). Each step "
        f"lasts {seconds:g} s.",
        "",
        "| step | page requests | page p50 ms | page p95 ms | page max ms | page errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, key in (("A: pages alone", "alone"), (f"B: pages + {downloads} costly download loops", "busy")):
        times, errors = _all(results[key])
        if not times:
            lines.append(f"| {label} | 0 | | | | |")
            continue
        lines.append(
            f"| {label} | {len(times)} | {load.percentile(times, 50):.1f} | {load.percentile(times, 95):.1f} "
            f"| {max(times):.1f} | {errors} |"
        )
    meaning = {
        302: "stopped at the CPU budget: back to the overview with the message",
        503: "busy: 503 with Retry-After",
        200: "served",
    }
    lines += [
        "",
        "| download outcome | count | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    by_status: dict[int, list[float]] = {}
    for ms, status in results["downloads"]:
        by_status.setdefault(status, []).append(ms)
    for status, times in sorted(by_status.items()):
        lines.append(
            f"| {status} ({meaning.get(status, 'other')}) | {len(times)} | {load.percentile(times, 50):.0f} "
            f"| {load.percentile(times, 95):.0f} | {max(times):.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    prep = sub.add_parser("prepare", help="store the costly template for some bench gemeenten")
    prep.add_argument("tokens", type=Path)
    prep.add_argument("--first", type=int, required=True)
    prep.add_argument("--count", type=int, required=True)
    args = parser.parse_args(argv)
    prepare(json.loads(args.tokens.read_text()), args.first, args.count)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main(sys.argv[1:]))
