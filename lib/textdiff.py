"""What changed inside a text: the words inserted and deleted between two versions.

A page that shows a changed text of more than a sentence marks the words that changed instead
of repeating both texts in full. :func:`diff_words` compares word by word (``difflib``) and
returns the texts as segments::

    >>> diff = diff_words("Wij werken samen.", "Wij werken nauw samen.")
    >>> [(segment.kind, segment.text) for segment in diff.after]
    [('equal', 'Wij werken '), ('insert', 'nauw '), ('equal', 'samen.')]

``diff.before`` is the old text with its deleted words marked, ``diff.after`` the new text with
its inserted words marked, and ``diff.inline`` one text with both (deleted words before the
words that replace them; the white space of the new text). White space alone is no change. A template renders any of the three with the shared include, which
wraps the changes in ``<ins>``/``<del>`` with a visually hidden "toegevoegd:"/"verwijderd:"
for screen readers::

    <td>{% include "includes/textdiff.html" with segments=change.diff.before %}</td>
    <td>{% include "includes/textdiff.html" with segments=change.diff.after %}</td>

:func:`is_long_text` and :func:`worth_diffing` decide when marking words helps: for a short
value (a name, a status) the old and the new value side by side say it better.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# Above this many tokens (words and punctuation marks) per text the texts are not compared
# word by word: the whole old text counts as deleted and the whole new text as inserted.
# About twenty pages of prose; difflib's "autojunk" keeps the comparison below it fast, also
# for texts made to be slow (one word repeated thousands of times).
MAX_TOKENS = 10_000
# A text this long is "long" even when it is a single sentence.
LONG_TEXT_CHARS = 160

# A word or a punctuation mark with the white space after it; white space at the start alone.
_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_SENTENCE_BREAK = re.compile(r"[.!?…:;]\s+\S|\n\s*\S")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions (``equal``), or only in the new one
    (``insert``), or only in the old one (``delete``)."""

    kind: str
    text: str

    @property
    def is_insert(self) -> bool:
        return self.kind == INSERT

    @property
    def is_delete(self) -> bool:
        return self.kind == DELETE


@dataclass(frozen=True)
class TextDiff:
    """Two versions of a text as segments; see the module documentation."""

    before: tuple[Segment, ...]
    after: tuple[Segment, ...]
    inline: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(segment.kind != EQUAL for segment in self.inline)


def tokens(text: str) -> list[str]:
    """The text cut into words and punctuation marks, each with the white space after it."""
    return _TOKEN.findall(text)


def diff_words(before: str, after: str) -> TextDiff:
    """Compare two texts word by word; joined, the segments of each side give back its text."""
    old, new = tokens(before or ""), tokens(after or "")
    if len(old) > MAX_TOKENS or len(new) > MAX_TOKENS:
        ops = [("replace", old, new)] if old != new else [("equal", old, new)]
    else:
        # Compared without the white space after each token: "is." and "is. " are the same word.
        matcher = difflib.SequenceMatcher(None, [t.rstrip() or t for t in old], [t.rstrip() or t for t in new])
        ops = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    ops = _slide_to_word_starts(ops)
    inline: list[Segment] = []
    before_segments: list[Segment] = []
    after_segments: list[Segment] = []
    for tag, old_part, new_part in ops:
        old_text, new_text = "".join(old_part), "".join(new_part)
        if tag == "equal":  # equal but for white space: each side keeps its own
            _append(before_segments, EQUAL, old_text)
            _append(after_segments, EQUAL, new_text)
            _append(inline, EQUAL, new_text)
            continue
        _append(inline, DELETE, old_text)
        _append(inline, INSERT, new_text)
        _append(before_segments, DELETE, old_text)
        _append(after_segments, INSERT, new_text)
    return TextDiff(tuple(before_segments), tuple(after_segments), tuple(inline))


def is_long_text(text: object) -> bool:
    """More than a sentence: a sentence end or a line break followed by more text, or long."""
    if not isinstance(text, str):
        return False
    text = text.strip()
    return len(text) > LONG_TEXT_CHARS or _SENTENCE_BREAK.search(text) is not None


def worth_diffing(before: object, after: object) -> bool:
    """Both versions are texts, they differ, and at least one is longer than a sentence."""
    return (
        isinstance(before, str)
        and isinstance(after, str)
        and bool(before.strip())
        and bool(after.strip())
        and before != after
        and (is_long_text(before) or is_long_text(after))
    )


def _slide_to_word_starts(ops: list[tuple[str, list[str], list[str]]]) -> list[tuple[str, list[str], list[str]]]:
    """Move a pure insertion or deletion so that it starts with a word where it can.

    difflib may report ". Tweede zin" deleted before ". Derde zin" where "Tweede zin. " before
    "Derde zin" is the same change; the second form marks whole words. A change slides one
    token to the right while it starts with punctuation or white space and the text after it
    starts with the same token.
    """
    ops = [(tag, list(old_part), list(new_part)) for tag, old_part, new_part in ops]
    for index in range(1, len(ops) - 1):
        tag, old_part, new_part = ops[index]
        before, after = ops[index - 1], ops[index + 1]
        if tag not in ("insert", "delete") or before[0] != "equal" or after[0] != "equal":
            continue
        change = new_part if tag == "insert" else old_part
        while change and after[1] and not _is_word(change[0]) and change[0].rstrip() == after[1][0].rstrip():
            first, old_next, new_next = change.pop(0), after[1].pop(0), after[2].pop(0)
            if tag == "insert":  # the new text reads the same; the old one keeps its own token
                before[1].append(old_next)
                before[2].append(first)
                change.append(new_next)
            else:
                before[1].append(first)
                before[2].append(new_next)
                change.append(old_next)
    return [op for op in ops if op[0] != "equal" or op[1]]


def _is_word(token: str) -> bool:
    return bool(re.match(r"\w", token))


def _append(segments: list[Segment], kind: str, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].kind == kind:
        segments[-1] = Segment(kind, segments[-1].text + text)
    else:
        segments.append(Segment(kind, text))
