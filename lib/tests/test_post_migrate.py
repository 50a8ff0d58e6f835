"""What runs after ``migrate`` and not after ``flush``: Kapstok's triggers, policies and functions."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core.management.sql import emit_post_migrate_signal

INSTALLERS = (
    "pgtrigger.install",
    "lib.tenancy.install_policies",
    "lib.revisions.install_triggers",
    "lib.trackers.install_context_function",
    "audit.handelingen.install",
)


def _emit(**kwargs: Any) -> dict[str, int]:
    with mock.patch("django.contrib.contenttypes.management.create_contenttypes"):
        patches = {name: mock.patch(name) for name in INSTALLERS}
        mocks = {name: patch.start() for name, patch in patches.items()}
        try:
            emit_post_migrate_signal(0, False, "default", **kwargs)
        finally:
            mock.patch.stopall()
    return {name: m.call_count for name, m in mocks.items()}


@pytest.mark.django_db
def test_a_migrate_installs_everything_once() -> None:
    assert _emit(plan=[]) == dict.fromkeys(INSTALLERS, 1)


@pytest.mark.django_db
def test_a_flush_installs_nothing_again() -> None:
    # Django sends post_migrate without a plan after a flush, e.g. after every transactional test.
    assert _emit() == dict.fromkeys(INSTALLERS, 0)


def test_pgtriggers_own_handler_is_off() -> None:
    from django.conf import settings

    assert settings.PGTRIGGER_INSTALL_ON_MIGRATE is False
