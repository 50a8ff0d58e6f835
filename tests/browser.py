"""Headless Chromium for browser tests: Debian's /usr/bin/chromium driven by Playwright.

Playwright never downloads a browser here; we point it at the system Chromium. Without that
binary a local run skips the browser tests, but CI (environment variable ``CI`` set) fails
instead, so the accessibility sweep can never silently disappear from CI.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip (locally) or fail (in CI) when the system Chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: install it with `apt-get install chromium`."
    if os.environ.get("CI"):
        pytest.fail(message + " CI must run the browser tests.", pytrace=False)
    pytest.skip(message)


@contextmanager
def launch_browser() -> Iterator[Browser]:
    """A headless Chromium for the duration of the block."""
    require_chromium()
    # Playwright's sync API refuses to start inside a running asyncio loop; Django's async
    # safety check would also trip on it. Allow sync DB access from the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
