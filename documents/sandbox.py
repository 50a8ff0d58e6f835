"""The Jinja environment of every Word template: documented data only, bounded work.

Django-free: the render process imports this module. The sandbox is the first line (it refuses
what a template may not do, with a precise reason); the limits of the render process
(:mod:`documents.worker`) are the last (CPU time, memory, wall clock), whatever the template does.

Errors carry what went wrong as attributes (:class:`Refused`, :class:`Unsafe`,
:class:`MissingValue`), so the render process reports the offending name without reading
Jinja's English messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from jinja2 import StrictUndefined, UndefinedError, nodes, pass_eval_context
from jinja2.filters import do_join
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.utils import missing

# Limits of one render: characters produced by one template part, items of a range,
# characters or items of a text or list that ``*``, ``+`` or ``join`` make.
MAX_OUTPUT = 20_000_000
MAX_RANGE = 10_000
MAX_VALUE = 1_000_000


class TemplateTooCostly(BaseException):
    """A template asked for too large a range, text, list or output.

    A BaseException, so no library's ``except Exception`` swallows it.
    """


class Refused(SecurityError):
    """A construct a Word template may not use; ``what`` names it in Dutch."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class Unsafe(SecurityError):
    """An attribute or operation the sandbox does not allow; ``what`` is its name."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class MissingValue(UndefinedError):
    """A name or item the data does not have: ``name`` (a key, attribute or index) and ``owner``.

    ``owner`` is the value it was looked up in (``None`` for a top-level name).
    """

    def __init__(self, message: str | None, name: Any, owner: Any) -> None:
        super().__init__(message)
        self.name = name
        self.owner = owner


class _Undefined(StrictUndefined):
    """StrictUndefined that fails with :class:`MissingValue` carrying the name and its owner."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        if self._undefined_exception is not UndefinedError:  # e.g. a SecurityError Jinja chose
            raise self._undefined_exception(self._undefined_message)
        owner = None if self._undefined_obj is missing else self._undefined_obj
        raise MissingValue(self._undefined_message, self._undefined_name, owner)

    # StrictUndefined lists these as failing; they must point to the method above.
    __iter__ = __str__ = __len__ = _fail_with_undefined_error
    __eq__ = __ne__ = __bool__ = __hash__ = _fail_with_undefined_error
    __contains__ = _fail_with_undefined_error


_STR_METHODS = frozenset(
    {"lower", "upper", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith", "split"}
)
_DICT_METHODS = frozenset({"items", "keys", "values", "get"})
_LIST_METHODS = frozenset({"index", "count"})
# Filters whose result is at most about as large as their input (no widths, counts or fills).
_FILTERS = frozenset(
    "abs capitalize count d default dictsort e escape first float forceescape groupby int last length list "  # noqa: SIM905
    "lower map max min reject rejectattr reverse round select selectattr sort string striptags sum title "
    "trim truncate unique upper wordcount".split()
)

# Jinja constructs a Word template does without: ``~`` (joining texts, which no operator hook
# can bound), macros and call blocks (recursion), and loading other templates.
_REFUSED_NODES: dict[type[nodes.Node], str] = {
    nodes.Concat: "‘~’ om teksten aan elkaar te plakken (zet de velden gewoon achter elkaar)",
    nodes.Macro: "macro's",
    nodes.CallBlock: "call-blokken",
    nodes.Extends: "extends",
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "import",
}


def _guarded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateTooCostly
    return numbers


def _limited_concat(parts: Iterable[str]) -> str:
    out, size = [], 0
    for part in parts:
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateTooCostly
        out.append(part)
    return "".join(out)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@pass_eval_context
def _guarded_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
    items = list(value)
    if sum(len(str(item)) for item in items) + len(str(d)) * len(items) > MAX_VALUE:
        raise TemplateTooCostly
    return do_join(eval_ctx, items, d, attribute)


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment of every Word template: documented data only, bounded work.

    On top of Jinja's immutable sandbox (no underscore attributes, no changing lists or dicts):
    attributes only of the plain data types and only harmless methods; no ``str.format`` or
    ``%``-formatting; ``*``, ``+`` and ``**`` on bounded operands; no ``~``, macros or includes; a
    short list of filters; ``range`` as the only global, capped; every template part capped in
    size; and undefined names fail.
    """

    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=_Undefined, finalize=_finalize)
        self.globals = {"range": _guarded_range}
        filters = {name: self.filters[name] for name in _FILTERS}
        filters["join"] = _guarded_join
        self.filters = filters
        self.concat = _limited_concat  # type: ignore[method-assign]  # jinja2's hook for joining output

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for node_type, what in _REFUSED_NODES.items():
            if tree.find(node_type) is not None:
                raise Refused(what)
        return tree

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dict):
            return attr in _DICT_METHODS
        if isinstance(obj, list | tuple):
            return attr in _LIST_METHODS
        return isinstance(obj, LoopContext)

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        raise Unsafe(attribute)

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused like any other unlisted method

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        sized = (str, list, tuple)
        if operator == "%" and isinstance(left, str):
            raise Unsafe("%")
        if operator == "**" and not (
            _number(left) and _number(right) and abs(right) <= 64 and abs(int(left)).bit_length() * abs(right) <= 4096
        ):
            raise TemplateTooCostly
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, sized) and isinstance(times, int) and len(seq) * times > MAX_VALUE:
                    raise TemplateTooCostly
        if (
            operator == "+"
            and isinstance(left, sized)
            and isinstance(right, sized)
            and len(left) + len(right) > MAX_VALUE
        ):
            raise TemplateTooCostly
        return super().call_binop(context, operator, left, right)
