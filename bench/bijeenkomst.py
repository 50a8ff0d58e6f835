"""A live bijeenkomst under load: 200 participants answer one question within a minute while the
presenter view is fetched every second.

Part of ``make bench`` (bench/run.py), against the bench dataset served by gunicorn on loopback.

1. ``prepare`` (its own process, it needs Django): the first bench gemeente's coördinator prepares
   a session on its plan with one scale question over eight themes, opens it and the question.
2. ``measure``: ``--participants`` phones join through the real pages (the code page for the CSRF
   cookie, then the join form), then each answers once at a moment drawn evenly within
   ``--seconds``, from ``--threads`` threads. Meanwhile the coördinator's presenter view
   (``presentatie/stand``) is fetched every second. Every request is bounded by a timeout and the
   whole run by the participants and the time window.

Reported: join and answer latency (p50/p95/max) and errors (an answer is a success when it
redirects, 302), and the presenter's lag: for every answer, the time from its response until the
first presenter fetch that counts it. Targets (the issue): 0 errors, answer p95 ≤ 200 ms,
presenter updated within 2 s.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

import requests

from bench import load

TIMEOUT = 30
TARGETS = {"answer p95 ms": 200.0, "presenter lag max s": 2.0}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COUNT = re.compile(r"(\d+) antwoord")


def prepare(tokens: dict[str, Any]) -> dict[str, Any]:
    """Prepare and open the session of the first bench gemeente; its code, question and themes."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.utils import timezone

    from accounts.models import User
    from bijeenkomsten import services
    from bijeenkomsten.models import Soort
    from ivp.models import Plan, Thema
    from lib import tenancy
    from organisations.models import Membership

    first = tokens["gemeenten"][0]
    user = User.objects.get(email=first["coordinator"])
    with tenancy.bound(user=user.pk):  # a user sees their own memberships
        member = Membership.objects.select_related("gemeente").get(user=user)
    with tenancy.bound(gemeente=member.gemeente_id, user=member.user_id):
        plan = Plan.objects.get(pk=first["plan_id"])
        themas = list(Thema.objects.filter(gemeente_id=member.gemeente_id).order_by("code")[:8])
        bijeenkomst = services.prepare(
            by=member, plan=plan, titel="Bench: live bijeenkomst", datum=timezone.localdate(), doelgroep="gemengd"
        )
        onderwerpen = services.onderwerpen_of(member, thema_ids=[t.pk for t in themas])
        vraag = services.add_vraag(
            by=member, bijeenkomst=bijeenkomst, soort=Soort.SCHAAL, tekst="Hoe ernstig is dit?", onderwerpen=onderwerpen
        )
        services.open_session(by=member, bijeenkomst=bijeenkomst)
        services.open_vraag(by=member, vraag=vraag)
    return {
        "code": bijeenkomst.code,
        "bijeenkomst": str(bijeenkomst.pk),
        "vraag": str(vraag.pk),
        "themas": [o["id"] for o in onderwerpen],
    }


def _join(base: str, code: str, stats: load.Stats) -> requests.Session | None:
    phone = requests.Session()
    try:
        page = phone.get(f"{base}/doe-mee/{code}", timeout=TIMEOUT)
        token = TOKEN.search(page.text)
        started = time.perf_counter()
        response = phone.post(
            f"{base}/doe-mee/{code}",
            data={"naam": "", "organisatie": "", "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{base}/doe-mee/{code}"},
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        stats.add((time.perf_counter() - started) * 1000, 200 if response.status_code == 302 else response.status_code)
        return phone if response.status_code == 302 else None
    except requests.RequestException:
        stats.add(0.0, 0)
        return None


def measure(
    base: str, tokens: dict[str, Any], session: dict[str, Any], *, participants: int, seconds: float, threads: int
) -> dict[str, Any]:
    first = tokens["gemeenten"][0]
    presenter = load.login(base, first["coordinator"], tokens["password"])
    code, url = session["code"], f"{base}/doe-mee/{session['code']}/vragen/{session['vraag']}"
    stand_url = f"{base}/bijeenkomsten/{session['bijeenkomst']}/presentatie/stand"
    joins, answers, polls = load.Stats(), load.Stats(), load.Stats()
    answered: list[float] = []  # moments (monotonic) at which an answer's response arrived
    seen: list[tuple[float, int]] = []  # (moment a presenter fetch returned, answers it counted)
    lock = threading.Lock()
    rnd = random.Random(200)
    phones: list[requests.Session] = []
    for _ in range(participants):
        phone = _join(base, code, joins)
        if phone is not None:
            phones.append(phone)
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            started = time.perf_counter()
            try:
                response = presenter.get(stand_url, headers={"HX-Request": "true"}, timeout=TIMEOUT)
                found = COUNT.search(response.text)
                status = response.status_code
            except requests.RequestException:
                found, status = None, 0
            ended = time.perf_counter()
            polls.add((ended - started) * 1000, status)
            with lock:
                seen.append((ended, int(found.group(1)) if found else -1))
            done.wait(max(0.0, 1.0 - (ended - started)))

    start = time.perf_counter()
    plan = sorted((rnd.uniform(0, seconds), phone) for phone in phones)
    queue = list(plan)

    def answer_all() -> None:
        while True:
            with lock:
                if not queue:
                    return
                at, phone = queue.pop(0)
            time.sleep(max(0.0, start + at - time.perf_counter()))
            waarde = {key: str(rnd.randint(1, 5)) for key in session["themas"]}
            try:
                page = phone.get(f"{base}/doe-mee/{code}", timeout=TIMEOUT)
                token = TOKEN.search(page.text)
                began = time.perf_counter()
                response = phone.post(
                    url,
                    data={**waarde, "csrfmiddlewaretoken": token.group(1) if token else ""},
                    headers={"Referer": f"{base}/doe-mee/{code}"},
                    allow_redirects=False,
                    timeout=TIMEOUT,
                )
                ended = time.perf_counter()
                ok = response.status_code == 302
                answers.add((ended - began) * 1000, 200 if ok else response.status_code)
                if ok:
                    with lock:
                        answered.append(ended)
            except requests.RequestException:
                answers.add(0.0, 0)

    poller = threading.Thread(target=poll)
    poller.start()
    workers = [threading.Thread(target=answer_all) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    time.sleep(2.5)  # let the presenter catch up with the last answers
    done.set()
    poller.join()
    elapsed = time.perf_counter() - start
    lags = []
    for n, moment in enumerate(sorted(answered), start=1):
        shown = next((at for at, count in seen if at >= moment and count >= n), None)
        lags.append(shown - moment if shown is not None else float("inf"))
    return {
        "participants": participants,
        "joined": len(phones),
        "seconds": seconds,
        "elapsed": elapsed,
        "joins": joins.summary(),
        "answers": answers.summary(),
        "polls": polls.summary(),
        "lag_p95": load.percentile(lags, 95) if lags else float("inf"),
        "lag_max": max(lags) if lags else float("inf"),
    }


def markdown(result: dict[str, Any]) -> str:
    answers, joins, polls = result["answers"], result["joins"], result["polls"]
    errors = answers["errors"] + joins["errors"] + polls["errors"]
    met_p95 = answers["p95"] <= TARGETS["answer p95 ms"]
    met_lag = result["lag_max"] <= TARGETS["presenter lag max s"]
    return "\n".join(
        [
            "## Bijeenkomst: 200 participants answer within a minute",
            "",
            f"{result['participants']} phones join the session through the code page and the join form, then each "
            f"answers a scale question over eight themes once, at a moment drawn evenly within {result['seconds']:g} s, "
            "from 20 threads; meanwhile the coördinator's presenter view is fetched every second "
            f"(bench/bijeenkomst.py). Whole run {result['elapsed']:.1f} s, gunicorn as above.",
            "",
            "| step | requests | p50 ms | p95 ms | max ms | errors |",
            "|---|---:|---:|---:|---:|---:|",
            *(
                f"| {label} | {s['requests']} | {s['p50']:.1f} | {s['p95']:.1f} | {s['max']:.1f} | {s['errors']} |"
                for label, s in (("join", joins), ("answer", answers), ("presenter view", polls))
            ),
            "",
            f"- Errors: {errors} (target 0: {'met' if errors == 0 else '**not met**'})",
            f"- Answer p95: {answers['p95']:.1f} ms (target ≤ 200 ms: {'met' if met_p95 else '**not met**'})",
            f"- Presenter view counts an answer within: p95 {result['lag_p95']:.2f} s, max {result['lag_max']:.2f} s "
            f"(target ≤ 2 s: {'met' if met_lag else '**not met**'})",
            "",
        ]
    )


def failed(result: dict[str, Any]) -> bool:
    errors = result["answers"]["errors"] + result["joins"]["errors"] + result["polls"]["errors"]
    return bool(errors) or result["answers"]["requests"] != result["participants"]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["prepare"])
    parser.add_argument("tokens")
    args = parser.parse_args()
    print(json.dumps(prepare(json.loads(Path(args.tokens).read_text()))))
