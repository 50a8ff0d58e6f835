"""Template filters of the kader document (PDF)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# A URL in pieces that each end after a run of / . - ? & = _ # (so "https://" stays whole). A run of
# more than 18 other characters is cut into pieces of 18: the last resort for a line that is too narrow.
_PIECE = re.compile(r"[^/.\-?&=_#]{1,18}[/.\-?&=_#]*|[/.\-?&=_#]+")


@register.filter
def breakable_url(value: object) -> SafeString:
    """``value`` (a URL), escaped, with a line break opportunity (``<wbr>``) after every ``/ . - ? & = _ #``.

    A long link in a narrow table cell then wraps between its parts instead of in the middle of a word.
    """
    return format_html_join("", "{}<wbr>", ((piece,) for piece in _PIECE.findall(str(value))))
