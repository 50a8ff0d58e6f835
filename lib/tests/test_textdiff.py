"""Word-level differences of long texts, and the template include that marks them."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from lib import textdiff
from lib.textdiff import DELETE, EQUAL, INSERT, Segment, diff_words, is_long_text, worth_diffing


def _joined(segments: tuple[Segment, ...], *kinds: str) -> str:
    return "".join(s.text for s in segments if s.kind in kinds)


def test_an_added_word_is_the_only_insert_and_both_sides_give_back_their_text() -> None:
    before = "Wij werken samen met de politie."
    after = "Wij werken nauw samen met de politie."
    diff = diff_words(before, after)
    assert [(s.kind, s.text) for s in diff.after] == [
        (EQUAL, "Wij werken "),
        (INSERT, "nauw "),
        (EQUAL, "samen met de politie."),
    ]
    assert _joined(diff.before, EQUAL, DELETE) == before
    assert _joined(diff.after, EQUAL, INSERT) == after
    assert not any(s.is_delete for s in diff.inline)
    assert diff.changed


def test_a_replaced_phrase_is_one_deletion_and_one_insertion_not_word_by_word() -> None:
    diff = diff_words("Een rode auto staat hier.", "Een blauwe fiets staat hier.")
    assert [(s.kind, s.text) for s in diff.inline] == [
        (EQUAL, "Een "),
        (DELETE, "rode auto "),
        (INSERT, "blauwe fiets "),
        (EQUAL, "staat hier."),
    ]


def test_a_deleted_sentence_is_marked_on_the_old_side_only() -> None:
    before = "Eerste zin. Tweede zin die weg moet. Derde zin."
    after = "Eerste zin. Derde zin."
    diff = diff_words(before, after)
    assert _joined(diff.before, DELETE).strip() == "Tweede zin die weg moet."
    assert not any(s.is_insert for s in diff.after)
    assert _joined(diff.after, EQUAL) == after


def test_equal_texts_have_no_change_and_empty_texts_are_fine() -> None:
    assert not diff_words("Zelfde tekst.", "Zelfde tekst.").changed
    diff = diff_words("", "Nieuw.")
    assert [(s.kind, s.text) for s in diff.inline] == [(INSERT, "Nieuw.")]


def test_very_long_texts_are_compared_as_a_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textdiff, "MAX_TOKENS", 3)
    diff = diff_words("een twee drie vier", "een twee drie vijf")
    assert [(s.kind, s.text) for s in diff.inline] == [(DELETE, "een twee drie vier"), (INSERT, "een twee drie vijf")]


@pytest.mark.parametrize(
    ("text", "long"),
    [
        ("Vastgesteld", False),
        ("Eén zin met een punt.", False),
        ("Eerste zin. Tweede zin.", True),
        ("Regel een\nregel twee", True),
        ("x" * 200, True),
        (None, False),
        (["lijst"], False),
    ],
)
def test_a_text_is_long_when_it_holds_more_than_a_sentence(text: object, long: bool) -> None:
    assert is_long_text(text) is long


def test_only_two_different_texts_of_which_one_is_long_are_worth_diffing() -> None:
    assert worth_diffing("Eerste zin. Tweede zin.", "Eerste zin. Andere zin.")
    assert not worth_diffing("Concept", "Vastgesteld")
    assert not worth_diffing(None, "Eerste zin. Tweede zin.")
    assert not worth_diffing("Eerste zin. Tweede zin.", "Eerste zin. Tweede zin.")


def test_the_include_marks_changes_with_ins_and_del_and_hidden_words_for_screen_readers() -> None:
    diff = diff_words("Wij werken <samen>.\nAltijd.", "Wij werken nauw <samen>.\nSoms.")
    before = render_to_string("includes/textdiff.html", {"segments": diff.before})
    after = render_to_string("includes/textdiff.html", {"segments": diff.after})
    assert '<del class="kapstok-diff__delete"><span class="kapstok-visually-hidden">verwijderd: </span>Altijd' in before
    assert "<ins" not in before
    assert '<ins class="kapstok-diff__insert"><span class="kapstok-visually-hidden">toegevoegd: </span>nauw ' in after
    assert "&lt;samen&gt;" in after and "<samen>" not in after  # escaped
    assert "<br>" in after  # line breaks kept
    visible = re.sub(r'<span class="kapstok-visually-hidden">[^<]*</span>', "", after)
    assert re.sub(r"<[^>]+>", "", visible).replace("\n", "") == "Wij werken nauw &lt;samen&gt;.Soms."


def test_a_sentence_added_after_the_last_full_stop_is_marked_as_that_sentence() -> None:
    before = "Met één kader werken wij samen."
    after = "Met één kader werken wij samen. Vanaf dit jaar ook met de ketenpartners."
    diff = diff_words(before, after)
    assert [(s.kind, s.text) for s in diff.after] == [
        (EQUAL, "Met één kader werken wij samen. "),
        (INSERT, "Vanaf dit jaar ook met de ketenpartners."),
    ]
    assert [(s.kind, s.text) for s in diff.before] == [(EQUAL, before)]


def test_white_space_alone_is_no_change_and_each_side_keeps_its_own() -> None:
    diff = diff_words("Twee  spaties.\nEn een regel.", "Twee spaties. En een regel.")
    assert not diff.changed
    assert _joined(diff.before, EQUAL) == "Twee  spaties.\nEn een regel."
    assert _joined(diff.after, EQUAL) == "Twee spaties. En een regel."
