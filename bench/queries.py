"""Count the SQL queries of every bench page, in-process with Django's test client.

Run by bench/run.py against a bench database (DATABASE_URL set, generate_bench_data done):

    python -m bench.queries TOKENS_FILE      # prints {"page": {"queries": n, "status": s}, ...}

Each page is requested twice first (so one-off work such as the first token use is not
counted), then once inside ``CaptureQueriesContext``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

WARMUP = 2
IDS = (
    "lid_id",
    "kader_id",
    "plan_id",
    "programma_id",
    "thema_id",
    "bijeenkomst_id",
    "risico_id",
    "analyse_id",
    "drie_jaar_terug",
    "vandaag",
    "oefening_id",
    "quickscan_id",
    "activiteit_id",
)  # what a bench path may name


def count_queries(tokens_file: Path) -> dict[str, dict[str, int]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.pages import PAGES

    data = json.loads(tokens_file.read_text())
    first = data["gemeenten"][0]
    clients: dict[str, Any] = {
        "coordinator": Client(raise_request_exception=False),
        "platform": Client(raise_request_exception=False),
        "token": Client(raise_request_exception=False, headers={"Authorization": f"Bearer {first['token']}"}),
        "anonymous": Client(raise_request_exception=False),
    }
    clients["coordinator"].force_login(User.objects.get(email=first["coordinator"]))
    clients["platform"].force_login(User.objects.get(email=data["platform_admin"]))
    result = {}
    for page in PAGES:
        client = clients[page.who]
        ids = {key: first[key] for key in IDS}
        for n in range(WARMUP):
            client.get(page.path.format(**ids, n=n))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.path.format(**ids, n=WARMUP))
        result[page.name] = {"queries": len(ctx.captured_queries), "status": response.status_code}
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(count_queries(Path(sys.argv[1]))))
