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
