"""The render process: plain data in, a typed error or the result out, and hard limits it cannot pass."""

from __future__ import annotations

import os
import time
from typing import Any

import pytest
from django.db import connection

from documents import runner, worker
from documents.errors import (
    DocumentError,
    MissingListItem,
    RefusedConstruct,
    RenderFailed,
    TemplateSyntaxProblem,
    TooCostly,
    UnknownPlaceholder,
    Unreadable,
    UnsafeAccess,
)
from documents.runner import Limits
from documents.tests import tasks
from documents.tests.docx_files import docx_text, template_with

SMALL = Limits(cpu_seconds=0.5, memory_bytes=256 * 1024 * 1024, wall_seconds=5)
DATA = {"gemeente": "Gemeente Voorbeeld", "lijst": []}


def test_a_template_is_filled_in_the_render_process_and_the_bytes_come_back() -> None:
    result = runner.run(worker.fill_docx, template_with("{{ gemeente }}"), DATA, limits=SMALL)
    assert "Gemeente Voorbeeld" in docx_text(result.value)
    assert 0 < result.cpu_seconds < SMALL.cpu_seconds


ERRORS = [
    ("{{ gemeente }", TemplateSyntaxProblem),
    ("{{ gemeente ~ gemeente }}", RefusedConstruct),
    ("{{ gemeente.__class__ }}", UnsafeAccess),
    ("{{ wethouder }}", UnknownPlaceholder),
    ("{{ lijst[2].naam }}", MissingListItem),
    ("{{ 'x' * 100000000 }}", TooCostly),
    ("{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}", TooCostly),
]


@pytest.mark.parametrize(("text", "kind"), ERRORS, ids=[e[1].__name__ + ": " + e[0] for e in ERRORS])
def test_each_error_comes_back_as_its_own_type_with_its_details(text: str, kind: type[DocumentError]) -> None:
    with pytest.raises(DocumentError) as error:
        runner.run(worker.fill_docx, template_with(text), DATA, limits=SMALL)
    assert type(error.value) is kind
    assert error.value.details  # the data the message is made of, not only the message
    assert error.value.message == kind(**error.value.details).message


def test_an_unreadable_file_and_a_task_that_breaks_are_told_apart() -> None:
    with pytest.raises(Unreadable):
        runner.run(worker.fill_docx, b"PK\x03\x04 kapot", DATA, limits=SMALL)
    with pytest.raises(RenderFailed) as error:
        runner.run(tasks.fail, limits=SMALL)
    assert error.value.details == {"problem": "ValueError: kapot"}


def test_the_render_process_gets_plain_data_only() -> None:
    started = runner.server_pid()
    with pytest.raises(TypeError, match="not plain data"):
        runner.run(tasks.echo, {"versie": object()}, limits=SMALL)
    with pytest.raises(TypeError, match="not text"):
        runner.run(tasks.echo, {1: "a"}, limits=SMALL)
    assert runner.server_pid() == started  # refused before anything was sent
    value = {"a": [1, 2.5, None, True, "x"], "b": {"c": "d"}}
    assert runner.run(tasks.echo, value, limits=SMALL).value == value


def test_the_cpu_budget_stops_a_loop_cleanly() -> None:
    started = time.monotonic()
    with pytest.raises(TooCostly) as error:
        runner.run(tasks.spin, limits=SMALL)
    assert error.value.details == {"reason": "cpu"}
    assert time.monotonic() - started < SMALL.wall_seconds


def test_a_render_that_swallows_the_clean_stop_is_killed_by_the_hard_cpu_limit() -> None:
    limits = Limits(cpu_seconds=0.2, memory_bytes=256 * 1024 * 1024, wall_seconds=20)
    started = time.monotonic()
    with pytest.raises(TooCostly) as error:
        runner.run(tasks.stubborn, limits=limits)
    assert error.value.details == {"reason": "cpu"}  # RLIMIT_CPU: SIGXCPU at 2 s, not the 20 s wall clock
    assert time.monotonic() - started < 15


def test_the_memory_limit_stops_a_memory_bomb() -> None:
    with pytest.raises(TooCostly) as error:
        runner.run(tasks.allocate, 2048, limits=SMALL)
    assert error.value.details == {"reason": "memory"}
    assert runner.run(tasks.allocate, 64, limits=SMALL).value == 64 * 1024 * 1024  # within the limit: fine


def test_the_wall_clock_kills_a_render_that_uses_no_cpu() -> None:
    limits = Limits(cpu_seconds=1, memory_bytes=256 * 1024 * 1024, wall_seconds=0.5)
    started = time.monotonic()
    with pytest.raises(TooCostly) as error:
        runner.run(tasks.sleep, 30, limits=limits)
    assert error.value.details == {"reason": "wall"}
    assert time.monotonic() - started < 5


def test_a_crash_is_a_failed_render_and_the_server_carries_on() -> None:
    runner.run(tasks.echo, 1, limits=SMALL)
    server = runner.server_pid()
    with pytest.raises(RenderFailed) as error:
        runner.run(tasks.crash, limits=SMALL)
    assert "signaal 6" in error.value.details["problem"]
    assert runner.run(tasks.echo, 2, limits=SMALL).value == 2
    assert runner.server_pid() == server


def test_a_render_server_that_died_is_replaced() -> None:
    runner.run(tasks.echo, 1, limits=SMALL)
    server = runner.server_pid()
    assert server is not None
    os.kill(server, 9)
    time.sleep(0.1)
    assert runner.run(tasks.echo, 3, limits=SMALL).value == 3
    assert runner.server_pid() not in (None, server)


def _socket_inode(fd: int) -> str:
    return os.readlink(f"/proc/self/fd/{fd}")


@pytest.mark.django_db
def test_the_render_process_has_no_django_no_database_and_no_secrets() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    database_socket = _socket_inode(connection.connection.fileno())
    seen: Any = runner.run(tasks.probe, limits=SMALL).value
    assert seen["modules"] == []  # neither django, psycopg nor kader is imported there
    assert database_socket not in seen["files"]
    assert not any(name.startswith(("DATABASE", "SECRET", "DJANGO")) for name in seen["environment"])
    assert seen["parent"] == runner.server_pid()  # forked by the render server, not by this process
    assert seen["niceness"] == os.nice(0) + worker.NICENESS  # pages before renders when the CPU is scarce
