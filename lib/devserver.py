"""`make run`: migrate, load the demo once, serve on 127.0.0.1 and run the background worker.

Ctrl-C stops both: the web server at once, the worker after the task it is running (it gets the
terminal's interrupt as well; after ``WORKER_GRACE`` seconds the task is interrupted and marked
as failed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

WORKER_GRACE = 10  # seconds the worker may take to finish its task when make run stops
WORKER_INTERRUPT = 5  # then seconds it may take to record the interrupted task as failed

DEMO_PASSWORD = "demo-Zuiderveen-2026"  # noqa: S105 - demo accounts only, listed in README

DEMO_LOGINS = """
Demo-accounts (wachtwoord voor allemaal: {password})
  Gemeente Zuiderveen
    coördinator        coordinator@zuiderveen.example
    thema-eigenaar     ciso@zuiderveen.example            (informatiebeveiliging)
    thema-eigenaar     facilitair@zuiderveen.example      (fysieke beveiliging)
    bestuurder/lezer   burgemeester@zuiderveen.example
    ketenpartner       wijkagent@zuiderveen.example       (Politie Eenheid Oost-Nederland)
    melder             medewerker@zuiderveen.example
    auditor            auditor@zuiderveen.example
  Gemeente Noorderhaven
    coördinator        coordinator@noorderhaven.example
  Platform
    platformbeheerder  beheer@kapstok.example
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}
    env.setdefault("PLATFORM_ADMIN_MFA_REQUIRED", "false")
    python = sys.executable
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"],
        env={**env, "KAPSTOK_AS_OWNER": "true"},
        check=True,
    )
    subprocess.run([python, "manage.py", "load_demo", "--if-empty"], env=env, check=True)
    print(f"\nKapstok draait op http://127.0.0.1:{args.port}/  (stoppen: Ctrl-C)")
    print(DEMO_LOGINS.format(password=DEMO_PASSWORD), flush=True)
    # The background worker (docs/adr/0009-background-tasks.md): same environment, the app role.
    worker = subprocess.Popen([python, "manage.py", "db_worker", "--no-reload"], env=env)
    interrupted = False
    try:
        return subprocess.call([python, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"], env=env)
    except KeyboardInterrupt:
        interrupted = True
        return 0
    finally:
        stop_worker(worker, interrupted=interrupted)


def stop_worker(worker: subprocess.Popen[bytes], *, interrupted: bool) -> None:
    """Stop the worker: let it finish its task, then interrupt it, then kill it.

    After Ctrl-C the worker got the terminal's interrupt already (its first signal: stop after the
    current task); otherwise it gets SIGTERM now. A second signal makes it interrupt the task.
    """
    if worker.poll() is not None:
        return
    if not interrupted:
        worker.terminate()
    try:
        worker.wait(timeout=WORKER_GRACE)
        return
    except subprocess.TimeoutExpired:
        worker.terminate()
    try:
        worker.wait(timeout=WORKER_INTERRUPT)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


if __name__ == "__main__":
    sys.exit(main())
