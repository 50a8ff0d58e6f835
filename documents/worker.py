"""The render process: hard limits, the render tasks, and the server that forks one process per render.

``python -m documents.worker`` is started by :mod:`documents.runner`, once per app process,
with a minimal environment. It imports the rendering libraries once (docxtpl, python-docx,
lxml, Jinja, WeasyPrint), says it is ready, and then for every request forks a **render
process** that

1. sets its limits: CPU time (an ``ITIMER_PROF`` timer that stops the render with a clean
   error, and ``RLIMIT_CPU`` one second later as the hard stop), address space
   (``RLIMIT_AS``: what it has at the fork plus the request's memory budget), no core files,
   and a lower CPU priority (``nice`` 10) than the app's processes that serve pages;
2. unpickles the task and its plain-data arguments, runs it, and writes the reply.

This server waits for the reply at most the request's wall-clock time, kills the render
process (``SIGKILL``) when that passes, and reports how it ended. The parent gets either the
document's bytes or an error as a type name with JSON details (:mod:`documents.errors`); it
never unpickles what comes back.

Nothing here imports Django, and the render process is a fork of this server, not of the app:
it has no database connection, no settings and no request to reach.

Frames, on pipes in both directions: a 4-byte big-endian length and a JSON header, then an
8-byte length and the body. Request header ``{"cpu": s, "memory": bytes, "wall": s}``, body a
pickle of ``(task, args)``. Reply header ``{"ok": true, "cpu": s, "bytes": true}`` with the
document as body (or ``"value"``: JSON data), or ``{"ok": false, "error": name, "details": {…},
"cpu": s}``.
"""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
from typing import Any

from documents.data import is_image
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
from documents.sandbox import MissingValue, Refused, TemplateSandbox, TemplateTooCostly, Unsafe

# Frames between the app and its render processes (not uploads: those are checked before).
FRAME_HEADER_LIMIT = 1 << 20
FRAME_PAYLOAD_LIMIT = 256 << 20
# A render process yields the CPU to the app's own processes: on a busy machine pages stay fast
# and renders take longer (their limit is CPU time, which niceness does not change).
NICENESS = 10


# --- frames -------------------------------------------------------------------------------------


def write_frame(fd: int, header: dict[str, Any], body: bytes = b"") -> None:
    head = json.dumps(header).encode()
    _write_all(fd, struct.pack(">I", len(head)) + head + struct.pack(">Q", len(body)))
    _write_all(fd, body)


def read_frame(fd: int, deadline: float | None = None) -> tuple[dict[str, Any], bytes]:
    """One frame from ``fd``; TimeoutError after ``deadline`` (monotonic), EOFError if it closes."""
    (size,) = struct.unpack(">I", _read_exact(fd, 4, deadline))
    if size > FRAME_HEADER_LIMIT:
        raise ValueError("frame header too large")
    header = json.loads(_read_exact(fd, size, deadline))
    (size,) = struct.unpack(">Q", _read_exact(fd, 8, deadline))
    if size > FRAME_PAYLOAD_LIMIT:
        raise ValueError("frame body too large")
    return header, _read_exact(fd, size, deadline)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    data = bytearray()
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while len(data) < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                raise TimeoutError
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


# --- limits of the render process ------------------------------------------------------------------


class CpuTimeUp(BaseException):
    """The CPU-time budget of the render is used up (raised by the SIGPROF timer)."""


def _out_of_cpu(signum: int, frame: Any) -> None:
    raise CpuTimeUp


def _address_space() -> int:
    """Bytes of address space this process has now (0 where /proc is missing)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:
        return 0


def _lower(limit: int, wanted: int) -> None:
    _soft, hard = resource.getrlimit(limit)
    value = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    resource.setrlimit(limit, (value, value))


def apply_limits(cpu_seconds: float, memory_bytes: int) -> None:
    """Limit this process: CPU time (clean stop, then a hard one a second later), memory, priority."""
    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    hard_cpu = math.ceil(cpu_seconds) + 1
    _soft, cpu_max = resource.getrlimit(resource.RLIMIT_CPU)
    if cpu_max == resource.RLIM_INFINITY or cpu_max > hard_cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (hard_cpu, hard_cpu + 1))  # SIGXCPU, then SIGKILL
    size = _address_space()
    if size:
        _lower(resource.RLIMIT_AS, size + memory_bytes)
    signal.signal(signal.SIGPROF, _out_of_cpu)
    signal.setitimer(signal.ITIMER_PROF, cpu_seconds)


def _disarm() -> None:
    signal.setitimer(signal.ITIMER_PROF, 0)


# --- the tasks ----------------------------------------------------------------------------------


IMAGE_DPI = 150
IMAGE_MAX_MM = 160  # the text width of an A4 page with margins of 2.5 cm


def _with_images(document: Any, value: Any) -> Any:
    """``value`` with every picture of ``documents.data.image`` made an image of ``document``.

    The image is 150 dpi, at most :data:`IMAGE_MAX_MM` wide, with its ``beschrijving`` as the alt
    text Word and screen readers show.
    """
    if is_image(value):
        from docx.shared import Mm
        from docxtpl import InlineImage

        class DescribedImage(InlineImage):
            def _insert_image(self) -> str:
                xml = super()._insert_image()
                return xml.replace("<wp:docPr ", f'<wp:docPr descr="{_attribute(value["beschrijving"])}" ', 1)

        width_px = int.from_bytes(value["png"][16:20], "big")  # the IHDR chunk: width, then height
        width = Mm(min(IMAGE_MAX_MM, width_px * 25.4 / IMAGE_DPI))
        return DescribedImage(document, io.BytesIO(value["png"]), width=width)
    if isinstance(value, dict):
        return {key: _with_images(document, item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_images(document, item) for item in value]
    return value


def _attribute(text: Any) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text), {'"': "&quot;", "\n": " "})


def fill_docx(template: bytes, context: dict[str, Any]) -> bytes:
    """Fill a .docx template with ``context`` in the sandbox; a typed DocumentError if it cannot.

    Pictures in the context (``documents.data.image``) become images where the template names them.
    """
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    try:
        document.init_docx()
    except Exception:  # not a Word package python-docx can read (macros, broken XML, …)
        raise Unreadable() from None
    try:
        document.render(_with_images(document, context), jinja_env=TemplateSandbox(), autoescape=True)
        out = io.BytesIO()
        document.save(out)
    except (Exception, TemplateTooCostly) as error:  # CpuTimeUp passes: the caller reports it
        raise template_error(error) from None
    return out.getvalue()


def template_error(error: BaseException) -> DocumentError:
    """The typed error for whatever a template did wrong, from the exception's own data."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    if isinstance(error, DocumentError):
        return error
    if isinstance(error, TemplateSyntaxError):
        return TemplateSyntaxProblem(line=error.lineno, problem=error.message or str(error), snippet=_snippet(error))
    if isinstance(error, Refused):
        return RefusedConstruct(what=error.what)
    if isinstance(error, Unsafe):
        return UnsafeAccess(what=error.what)
    if isinstance(error, SecurityError):
        return UnsafeAccess(what=None)
    if isinstance(error, MissingValue):
        if isinstance(error.name, int) and isinstance(error.owner, list | tuple):
            return MissingListItem(index=error.name)
        return UnknownPlaceholder(name=None if error.name is None else str(error.name))
    if isinstance(error, UndefinedError):
        return UnknownPlaceholder(name=None)
    if isinstance(error, TemplateTooCostly | RecursionError):
        return TooCostly(reason="size")
    if isinstance(error, MemoryError):
        return TooCostly(reason="memory")
    return RenderFailed(problem=f"{error.__class__.__name__}: {error}"[:300])


def _snippet(error: Any) -> str | None:
    """The text of the paragraph with the error (docxtpl attaches the lines around it)."""
    lines = list(getattr(error, "docx_context", None) or [])
    if not lines or not error.lineno:
        return None
    index = min(error.lineno - 1 - max(error.lineno - 4, 0), len(lines) - 1)
    return " ".join(lines[index].split())[:120] or None


PDF_VARIANT = "pdf/a-2a"


def layout_pdf(html: str, fonts: list[str], base_url: str) -> Any:
    """``html`` laid out on pages (a WeasyPrint ``Document``); only the files in ``fonts`` may be read."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    allowed = set(fonts)

    class FontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"not fetched while making a PDF: {url}")
            return super().fetch(url, headers)

    document = HTML(string=html, url_fetcher=FontsOnly(allowed_protocols={"file"}), base_url=base_url)
    return document.render(pdf_variant=PDF_VARIANT)


def write_pdf(html: str, fonts: list[str], base_url: str) -> bytes:
    """Lay out ``html`` as tagged PDF/A-2a; only the font files in ``fonts`` may be read."""
    try:
        return layout_pdf(html, fonts, base_url).write_pdf(pdf_variant=PDF_VARIANT)
    except MemoryError:
        raise TooCostly(reason="memory") from None
    except Exception as error:
        raise RenderFailed(problem=f"{error.__class__.__name__}: {error}"[:300]) from None


# --- the render process --------------------------------------------------------------------------------


def _report(error: DocumentError, cpu: float) -> dict[str, Any]:
    return {"ok": False, "error": type(error).__name__, "details": error.details, "cpu": cpu}


def _render(header: dict[str, Any], body: bytes, out: int) -> None:
    """In the render process: limits first, then the task; always one reply frame."""
    try:
        try:
            apply_limits(float(header["cpu"]), int(header["memory"]))
            task, args = pickle.loads(body)  # noqa: S301 - made by our own parent
            value = task(*args)
        finally:
            _disarm()
    except DocumentError as error:
        reply, data = _report(error, time.process_time()), b""
    except CpuTimeUp:
        reply, data = _report(TooCostly(reason="cpu"), time.process_time()), b""
    except MemoryError:
        reply, data = _report(TooCostly(reason="memory"), time.process_time()), b""
    except RecursionError:
        reply, data = _report(TooCostly(reason="size"), time.process_time()), b""
    except BaseException as error:
        problem = f"{error.__class__.__name__}: {error}"[:300]
        reply, data = _report(RenderFailed(problem=problem), time.process_time()), b""
    else:
        reply = {"ok": True, "cpu": time.process_time()}
        if isinstance(value, bytes):
            reply["bytes"], data = True, value
        else:
            reply["value"], data = value, b""
    write_frame(out, reply, data)


def _ended(status: int, timed_out: bool) -> dict[str, Any]:
    """The reply for a render process that died without one."""
    if timed_out:
        return _report(TooCostly(reason="wall"), 0.0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        return _report(TooCostly(reason="cpu"), 0.0)
    how = f"signaal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"code {os.waitstatus_to_exitcode(status)}"
    return _report(RenderFailed(problem=f"het maakproces stopte onverwacht ({how})"), 0.0)


def render_in_child(header: dict[str, Any], body: bytes, close: tuple[int, ...] = ()) -> tuple[dict[str, Any], bytes]:
    """Fork a render process for one request and wait for its reply, at most ``header["wall"]`` seconds."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the render process
        code = 0
        try:
            os.close(read_end)
            for fd in close:  # the server's pipes to the app: never the render process's business
                os.close(fd)
            _render(header, body, write_end)
        except BaseException:
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    reply: tuple[dict[str, Any], bytes] | None = None
    timed_out = False
    try:
        reply = read_frame(read_end, time.monotonic() + float(header["wall"]))
    except TimeoutError:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
    except (EOFError, ValueError):
        pass
    finally:
        os.close(read_end)
    _pid, status = os.waitpid(pid, 0)
    return reply if reply is not None else (_ended(status, timed_out), b"")


# --- the server ---------------------------------------------------------------------------------------


def preload() -> None:
    """Import the rendering libraries once, so every render process starts with them."""
    import docx  # noqa: F401
    import docxtpl  # noqa: F401
    import lxml.etree  # noqa: F401
    import weasyprint  # noqa: F401

    TemplateSandbox().from_string("{{ a }}{% for b in c %}{{ b }}{% endfor %}").render(a=1, c=[1])


def serve(requests: int, replies: int) -> None:
    """Answer requests one by one until the app closes the pipe."""
    write_frame(replies, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            header, body = read_frame(requests)
        except EOFError:
            return
        reply, data = render_in_child(header, body, close=(requests, replies))
        write_frame(replies, reply, data)


def main() -> None:
    # The protocol owns the original stdin and stdout; anything a library prints goes to stderr.
    requests, replies = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    preload()
    serve(requests, replies)


if __name__ == "__main__":
    # Run the functions of the module ``documents.worker``, the one that unpickled tasks refer to,
    # rather than this copy named ``__main__``.
    from documents.worker import main as _main

    _main()
