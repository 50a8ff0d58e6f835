"""Drive a running Kapstok over HTTP on loopback: one client, then N concurrent clients.

Every request must answer 200; anything else (a redirect to the login page included) counts as
an error. Latency is measured at the client, so it includes the loopback round trip and the
``requests`` overhead (about a millisecond), not only the server's own time.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.pages import PAGES, Page
from bench.queries import IDS

TIMEOUT = 30  # seconds per request


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of ``values`` (p in 0..100)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Stats:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    def add(self, ms: float, status: int) -> None:
        self.latencies_ms.append(ms)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != 200:
            self.errors += 1

    def summary(self) -> dict[str, Any]:
        lat = self.latencies_ms
        return {
            "requests": len(lat),
            "errors": self.errors,
            "statuses": dict(sorted(self.statuses.items())),
            **{f"p{p}": percentile(lat, p) for p in (50, 95, 99)},
            "max": max(lat),
        }


def login(base: str, email: str, password: str) -> requests.Session:
    """Log in through the real login form (CSRF cookie + token), as a browser would."""
    session = requests.Session()
    session.get(f"{base}/inloggen", timeout=TIMEOUT).raise_for_status()
    response = session.post(
        f"{base}/inloggen",
        data={"username": email, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/inloggen"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {email} failed: HTTP {response.status_code}")
    return session


class Client:
    """One simulated person: a coördinator session, a platform session and an API token."""

    def __init__(self, base: str, tokens: dict[str, Any], index: int) -> None:
        gemeente = tokens["gemeenten"][index % len(tokens["gemeenten"])]
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {gemeente['token']}"
        self.base = base
        self.ids = {key: gemeente[key] for key in IDS}
        self.counter = itertools.count()
        self.sessions = {
            "coordinator": login(base, gemeente["coordinator"], tokens["password"]),
            "platform": login(base, tokens["platform_admin"], tokens["password"]),
            "token": api,
            "anonymous": requests.Session(),
        }

    def get(self, page: Page) -> tuple[float, int]:
        url = self.base + page.path.format(**self.ids, n=next(self.counter))
        start = time.perf_counter()
        try:
            response = self.sessions[page.who].get(url, allow_redirects=False, timeout=TIMEOUT)
            status = response.status_code
        except requests.RequestException:
            status = 0
        return (time.perf_counter() - start) * 1000, status


def single_client(client: Client, *, per_page: int, warmup: int, max_seconds: float) -> dict[str, Stats]:
    """Phase 1: one client, ``per_page`` timed requests per page after ``warmup`` untimed ones."""
    deadline = time.monotonic() + max_seconds
    stats: dict[str, Stats] = {}
    for page in PAGES:
        for _ in range(warmup):
            client.get(page)
        stats[page.name] = Stats()
        for _ in range(per_page):
            if time.monotonic() > deadline:
                break
            stats[page.name].add(*client.get(page))
    return stats


def concurrent_clients(clients: list[Client], *, seconds: float, max_requests: int) -> tuple[dict[str, Stats], float]:
    """Phase 2: every client cycles through the pages until the time or the request budget ends.

    Returns the per-page stats and the elapsed wall time in seconds.
    """
    stats = {page.name: Stats() for page in PAGES}
    lock = threading.Lock()
    sent = 0
    deadline = time.monotonic() + seconds

    def work(offset: int, client: Client) -> None:
        nonlocal sent
        i = offset
        while time.monotonic() < deadline:
            with lock:
                if sent >= max_requests:
                    return
                sent += 1
            page = PAGES[i % len(PAGES)]
            ms, status = client.get(page)
            with lock:
                stats[page.name].add(ms, status)
            i += 1

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + TIMEOUT)
    return stats, time.monotonic() - start
