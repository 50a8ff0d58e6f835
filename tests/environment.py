"""Loaded first by pytest (-p tests.environment): the environment tests run in.

Tests run with production-like settings (DEBUG off) over plain HTTP.
"""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 60)
os.environ.setdefault("HTTPS", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("PLATFORM_ADMIN_MFA_REQUIRED", "false")
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: not the browser tests, not the database tests."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) were skipped; that is a failure in CI.", red=True)
        session.exitstatus = 1
