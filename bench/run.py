"""`make bench`: measure Kapstok under load on loopback and write docs/benchmarks.md.

1. For a small and a large dataset: recreate a separate database (``kapstok_bench``; the demo
   database is never touched), migrate it as the owner role, fill it with
   ``generate_bench_data`` and count the queries of every page (bench/queries.py).
2. Serve the large dataset with gunicorn on 127.0.0.1 and drive every page: first one client
   with a fixed number of requests per page, then concurrent clients for a bounded time, then
   (bench/render_load.py) page clients alone and with parallel costly Word downloads.
3. Stop gunicorn and write the report.

Exits non-zero when a page's query count grows with the data size, any page request failed, or
a costly download was answered otherwise than stopped (302) or busy (503).
Needs DATABASE_URL and DATABASE_OWNER_URL (the Makefile sets them).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402

from bench import bijeenkomst as bench_bijeenkomst  # noqa: E402
from bench import documents as bench_documents  # noqa: E402
from bench import ivp as bench_ivp  # noqa: E402
from bench import load, render_load  # noqa: E402
from bench import risicos as bench_risicos  # noqa: E402
from bench.pages import PAGES  # noqa: E402

PYTHON = sys.executable
TOKENS = ROOT / "var" / "bench-tokens.json"
GUNICORN_FLAGS = ["--no-control-socket", "--access-logfile", "/dev/null"]
TARGET_P50_MS = 15.0
TARGET_P95_MS = 50.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", default="2x10", help="small dataset, GEMEENTENxMEMBERS (default 2x10)")
    parser.add_argument("--large", default="50x40", help="large dataset, GEMEENTENxMEMBERS (default 50x40)")
    parser.add_argument(
        "--ivp-small", default="26x1x20", help="veiligheidsplan of the first gemeente, small: THEMESxYEARSxACTIONS"
    )
    parser.add_argument(
        "--ivp-large", default="60x10x2000", help="veiligheidsplan of the first gemeente, large (default 60x10x2000)"
    )
    parser.add_argument(
        "--risicos-small", default="100x200", help="risk register of the first gemeente, small: RISKSxMEASURES"
    )
    parser.add_argument(
        "--risicos-large",
        default="5000x10000",
        help="risk register of the first gemeente, large (default 5000x10000)",
    )
    parser.add_argument("--incidenten-small", type=int, default=200, help="reports of the first gemeente, small")
    parser.add_argument(
        "--incidenten-large", type=int, default=20_000, help="reports of the first gemeente, large (default 20000)"
    )
    parser.add_argument("--database", default="kapstok_bench", help="bench database name (dropped and recreated)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--pool", type=int, default=2, help="DATABASE_POOL_MAX_SIZE per worker (default 2; 0: no pool)")
    parser.add_argument("--requests", type=int, default=200, help="phase 1: timed requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="phase 1: untimed requests per page first")
    parser.add_argument("--phase1-seconds", type=float, default=900, help="phase 1 time limit (default 900)")
    parser.add_argument("--clients", type=int, default=8, help="phase 2: concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=20, help="phase 2: duration (default 20)")
    parser.add_argument("--max-requests", type=int, default=20_000, help="phase 2: request budget")
    parser.add_argument("--render-page-clients", type=int, default=4, help="phase 3: page clients (default 4)")
    parser.add_argument("--render-downloads", type=int, default=4, help="phase 3: costly download loops (default 4)")
    parser.add_argument("--render-seconds", type=float, default=15, help="phase 3: duration of each step")
    parser.add_argument("--participants", type=int, default=200, help="bijeenkomst: phones that answer (default 200)")
    parser.add_argument(
        "--answer-seconds", type=float, default=30, help="bijeenkomst: window of the answers (default 30)"
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args(argv)


def size(spec: str) -> tuple[int, int]:
    gemeenten, members = spec.lower().split("x")
    return int(gemeenten), int(members)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def bench_env(database: str) -> dict[str, str]:
    """Production-like settings (DEBUG off) against the bench database, HTTP on loopback."""
    inherited = {k: v for k, v in os.environ.items() if k != "DATABASE_POOL_MAX_SIZE"}
    return {
        **inherited,
        "DATABASE_URL": with_database(os.environ["DATABASE_URL"], database),
        "DATABASE_OWNER_URL": with_database(os.environ["DATABASE_OWNER_URL"], database),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        # The platform page is measured without a TOTP device; the check itself still runs.
        "PLATFORM_ADMIN_MFA_REQUIRED": "false",
        "PYTHONWARNINGS": "ignore",
    }


def recreate_database(name: str) -> None:
    with psycopg.connect(os.environ["DATABASE_OWNER_URL"], autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare(
    database: str, gemeenten: int, members: int, ivp: str, risicos: str, incidenten: int, env: dict[str, str]
) -> None:
    recreate_database(database)
    manage = [PYTHON, "manage.py"]
    subprocess.run(
        [*manage, "migrate", "--noinput", "-v0"], env={**env, "KAPSTOK_AS_OWNER": "true"}, cwd=ROOT, check=True
    )
    subprocess.run(
        [
            *manage,
            "generate_bench_data",
            f"--gemeenten={gemeenten}",
            f"--members={members}",
            f"--ivp={ivp}",
            f"--risicos={risicos}",
            f"--incidenten={incidenten}",
            f"--tokens-file={TOKENS}",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )


def count_queries(env: dict[str, str]) -> dict[str, dict[str, int]]:
    out = subprocess.run(
        [PYTHON, "-m", "bench.queries", str(TOKENS)],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def query_growth(small: dict[str, dict[str, int]], large: dict[str, dict[str, int]]) -> list[str]:
    """Pages whose query count is higher on the large dataset than on the small one."""
    return [name for name in small if large.get(name, {}).get("queries", 0) > small[name]["queries"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[str]:
    """Serve the app on a free loopback port; always stop it again."""
    port = free_port()
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}", *GUNICORN_FLAGS],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/inloggen", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not up yet, or slow on a busy machine
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start; see var/bench-gunicorn.log")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _read(path: str) -> str:
    return Path(path).read_text()


def machine() -> dict[str, str]:
    mem_kb = next(int(line.split()[1]) for line in _read("/proc/meminfo").splitlines() if line.startswith("MemTotal"))
    with psycopg.connect(os.environ["DATABASE_OWNER_URL"]) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    url = unquote(os.environ["DATABASE_URL"])
    embedded = str(ROOT / "var" / "pgdata") in url
    return {
        "cpus": str(os.cpu_count()),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "postgresql": f"{row[0] if row else '?'} ({'embedded, Unix socket' if embedded else 'external'})",
        "os": platform.platform(),
        "load": _read("/proc/loadavg").split()[0],
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    env = bench_env(args.database)
    sizes = {"small": size(args.small), "large": size(args.large)}
    started = datetime.now().astimezone()
    load_before = _read("/proc/loadavg").split()[0]
    queries = {}
    for label, (gemeenten, members) in sizes.items():
        print(f"== {label}: {gemeenten} gemeenten x {members} members", flush=True)
        prepare(
            args.database,
            gemeenten,
            members,
            getattr(args, f"ivp_{label}"),
            getattr(args, f"risicos_{label}"),
            getattr(args, f"incidenten_{label}"),
            env,
        )
        queries[label] = count_queries(env)
    growth = query_growth(queries["small"], queries["large"])
    tokens = json.loads(TOKENS.read_text())
    server_env = {**env, "DATABASE_POOL_MAX_SIZE": str(args.pool)}
    with gunicorn(server_env, args.workers) as base:
        print(f"== phase 1: one client, {args.requests} requests per page", flush=True)
        single = load.single_client(
            load.Client(base, tokens, 0), per_page=args.requests, warmup=args.warmup, max_seconds=args.phase1_seconds
        )
        print(f"== phase 2: {args.clients} clients for {args.seconds:g} s", flush=True)
        clients = [load.Client(base, tokens, i) for i in range(args.clients)]
        multi, elapsed = load.concurrent_clients(clients, seconds=args.seconds, max_requests=args.max_requests)
        print(f"== phase 3: {args.render_downloads} costly download loops while pages are requested", flush=True)
        first, count = args.render_page_clients, args.render_downloads
        costly = [PYTHON, "-m", "bench.render_load", "prepare", str(TOKENS), f"--first={first}", f"--count={count}"]
        subprocess.run(costly, env=env, cwd=ROOT, check=True)
        rendering = render_load.measure(
            base, tokens, page_clients=args.render_page_clients, downloads=count, seconds=args.render_seconds
        )
        print(f"== bijeenkomst: {args.participants} participants answer within {args.answer_seconds:g} s", flush=True)
        out = subprocess.run(
            [PYTHON, "-m", "bench.bijeenkomst", "prepare", str(TOKENS)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        live = bench_bijeenkomst.measure(
            base,
            tokens,
            json.loads(out.stdout.strip().splitlines()[-1]),
            participants=args.participants,
            seconds=args.answer_seconds,
            threads=20,
        )
    print("== kader document: Word and PDF of the demo kader", flush=True)
    out = subprocess.run(
        [PYTHON, "-m", "bench.documents", "--json", "--runs", "10"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    document_times = json.loads(out.stdout)
    print("== veiligheidsplan: import of 100,000 rows of 47018NED, the infographic", flush=True)
    out = subprocess.run(
        [PYTHON, "-m", "bench.ivp", "--json"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    ivp_times = json.loads(out.stdout)
    print("== risico's: spreadsheet import of 10,000 risks", flush=True)
    out = subprocess.run(
        [PYTHON, "-m", "bench.risicos", "--json"], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    risicos_times = json.loads(out.stdout)
    box = {**machine(), "load_before": load_before}
    rendering_md = render_load.markdown(
        rendering,
        page_clients=args.render_page_clients,
        downloads=args.render_downloads,
        seconds=args.render_seconds,
        workers=args.workers,
        slots=int(server_env.get("DOCUMENT_RENDER_SLOTS", "2")),
    )
    report = render(args, sizes, started, box, queries, growth, single, multi, elapsed, document_times, rendering_md)
    report += "\n" + bench_ivp.markdown(ivp_times)
    report += "\n" + bench_risicos.markdown(risicos_times)
    report += "\n" + bench_bijeenkomst.markdown(live)
    Path(args.output).write_text(report)
    print(report)
    errors = sum(s.errors for s in single.values()) + sum(s.errors for s in multi.values())
    errors += render_load.page_errors(rendering)
    served = [status for _ms, status in rendering["downloads"] if status not in (302, 503)]
    if served:
        print(
            f"FAIL: {len(served)} costly downloads were not stopped or refused: {sorted(set(served))}", file=sys.stderr
        )
    if bench_bijeenkomst.failed(live):
        print("FAIL: the live bijeenkomst had errors or lost answers", file=sys.stderr)
        errors += 1
    if growth:
        print(f"FAIL: query count grows with data size on: {', '.join(growth)}", file=sys.stderr)
    if errors:
        print(f"FAIL: {errors} requests did not answer 200", file=sys.stderr)
    return 1 if growth or errors or served else 0


def _ms(value: float) -> str:
    return f"{value:.1f}"


def render(
    args: argparse.Namespace,
    sizes: dict[str, tuple[int, int]],
    started: datetime,
    box: dict[str, str],
    queries: dict[str, dict[str, dict[str, int]]],
    growth: list[str],
    single: dict[str, load.Stats],
    multi: dict[str, load.Stats],
    elapsed: float,
    document_times: dict[str, dict[str, float]],
    rendering_md: str = "",
) -> str:
    def dataset(label: str) -> str:
        g, m = sizes[label]
        return f"{g} gemeenten × {m} members"

    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (bench/run.py); do not edit by hand — run it again. "
        "How it works and how to add a page: bench/README.md.",
        "",
        f"- Date: {started:%Y-%m-%d %H:%M %Z}",
        f"- Machine: {box['cpus']} CPUs, {box['ram']} RAM, {box['os']}",
        f"- Python {box['python']}, PostgreSQL {box['postgresql']}",
        f"- Load average (1 min) before the run {box['load_before']}, after it {box['load']} — other work on the "
        "machine skews the figures; compare runs only at similar load",
        f"- Server: gunicorn, {args.workers} sync workers, DEBUG off, 127.0.0.1, "
        + (
            f"connection pool of {args.pool} per worker"
            if args.pool
            else "no connection pool (a new connection per request)"
        )
        + "; the load generator runs on the same machine and shares its CPUs",
        f"- Datasets: small = {dataset('small')}; large = {dataset('large')} "
        "(plus 5 partner organisations, 3 open invitations, history and security events per gemeente)",
        "- Latency is measured at the client (includes the loopback round trip). Any answer other than "
        "200 counts as an error.",
        "",
        "## Targets (phase 1, one client)",
        "",
        "| page | p50 ≤ 15 ms | p95 ≤ 50 ms |",
        "|---|---|---|",
    ]
    for name, stats in single.items():
        s = stats.summary() if stats.latencies_ms else None
        if s is None:
            lines.append(f"| {name} | not measured | not measured |")
            continue
        p50 = "met" if s["p50"] <= TARGET_P50_MS else "**not met**"
        p95 = "met" if s["p95"] <= TARGET_P95_MS else "**not met**"
        lines.append(f"| {name} | {p50} ({_ms(s['p50'])} ms) | {p95} ({_ms(s['p95'])} ms) |")
    lines += [
        "",
        f"## Phase 1: one client, {args.requests} requests per page ({args.warmup} untimed warm-up), large dataset",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | max ms | errors | statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += _stats_rows(single)
    total = sum(len(s.latencies_ms) for s in multi.values())
    all_ms = [ms for s in multi.values() for ms in s.latencies_ms]
    errors = sum(s.errors for s in multi.values())
    lines += [
        "",
        f"## Phase 2: {args.clients} concurrent clients, large dataset",
        "",
        f"Bounded by {args.seconds:g} s and {args.max_requests} requests; each client has its own gemeente and "
        "cycles through all pages.",
        "",
        f"- Requests: {total} in {elapsed:.1f} s → **{total / elapsed:.1f} req/s**" if elapsed else "- Requests: 0",
    ]
    if all_ms:
        lines += [
            f"- All pages: p50 {_ms(load.percentile(all_ms, 50))} ms, **p95 {_ms(load.percentile(all_ms, 95))} ms**, "
            f"p99 {_ms(load.percentile(all_ms, 99))} ms, max {_ms(max(all_ms))} ms",
        ]
    lines += [
        f"- Errors: **{errors}**",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms | max ms | errors | statuses |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += _stats_rows(multi)
    lines += [
        "",
        "## Queries per page",
        "",
        "Counted in-process with Django's test client and `CaptureQueriesContext` (third request of each page; "
        "includes session, user and tenancy queries). A count that grows with the data size fails the run.",
        "",
        f"| page | small ({dataset('small')}) | large ({dataset('large')}) | status | grows? |",
        "|---|---:|---:|---|---|",
    ]
    for page in PAGES:
        small, large = queries["small"].get(page.name, {}), queries["large"].get(page.name, {})
        status = f"{small.get('status')} / {large.get('status')}"
        grows = "**yes**" if page.name in growth else "no"
        lines.append(f"| {page.name} | {small.get('queries')} | {large.get('queries')} | {status} | {grows} |")
    if rendering_md:
        lines += ["", rendering_md.rstrip("\n")]
    lines += ["", bench_documents.markdown(document_times).rstrip("\n")]
    return "\n".join(lines) + "\n"


def _stats_rows(stats: dict[str, load.Stats]) -> list[str]:
    rows = []
    for name, st in stats.items():
        if not st.latencies_ms:
            rows.append(f"| {name} | 0 | | | | | | |")
            continue
        s: dict[str, Any] = st.summary()
        codes = ", ".join(f"{code}×{n}" for code, n in s["statuses"].items())
        rows.append(
            f"| {name} | {s['requests']} | {_ms(s['p50'])} | {_ms(s['p95'])} | {_ms(s['p99'])} | {_ms(s['max'])} "
            f"| {s['errors']} | {codes} |"
        )
    return rows


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
