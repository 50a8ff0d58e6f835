"""`make run`: migrate, load the demo once, and serve on 127.0.0.1 (Ctrl-C stops everything)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

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
    try:
        return subprocess.call([python, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"], env=env)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
