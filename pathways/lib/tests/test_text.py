from __future__ import annotations

import json

import pytest

from pathways.lib.text import clean_text, key_text, printable, printable_lines


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sok\x1b[31mDara\x07", "Sok[31mDara"),  # ESC, BEL
        ("Sok\x00Dara\x7f", "SokDara"),  # NUL, DEL
        ("Sok\x9bDara\x80", "SokDara"),  # C1 controls
        ("\u202eараD koS", "араD koS"),  # right-to-left override
        ("a\u202ab\u202bc\u202cd\u202de", "abcde"),  # embeddings and their end
        ("a\u2066b\u2067c\u2068d\u2069", "abcd"),  # isolates
        ("\ufeffSok Dara", "Sok Dara"),  # a byte order mark pasted from a file
        ("Sok\ud800Dara\uffff", "SokDara"),  # a lone surrogate, a noncharacter
    ],
)
def test_control_characters_and_bidirectional_overrides_are_removed(raw, clean):
    assert clean_text(raw) == clean
    assert clean_text(raw, multiline=True) == clean


def test_line_breaks_and_tabs_become_spaces_in_a_single_line():
    assert clean_text("Sok\tDara\r\nChan\nSophea\x85Keo\u2028Vuthy") == (
        "Sok Dara Chan Sophea Keo Vuthy"
    )


def test_free_text_keeps_tabs_and_line_breaks_as_newlines():
    text = "Line one\r\nline two\rline three\x0bline four\n\tindented"
    assert clean_text(text, multiline=True) == (
        "Line one\nline two\nline three\nline four\n\tindented"
    )


def test_khmer_thai_and_burmese_keep_their_zero_width_characters():
    khmer = "សុខ\u200bដារ៉ា"  # a zero-width space between words
    burmese = "မြန်\u200cမာ"  # a zero-width non-joiner
    sinhala = "ශ්\u200dරී"  # a zero-width joiner shapes the conjunct
    for text in (khmer, burmese, sinhala, "ประเทศ\u200bไทย"):
        assert clean_text(text) == text
        assert clean_text(text, multiline=True) == text


def test_plain_text_in_any_script_is_unchanged():
    for text in ("Sok Dara", "Nguyễn Văn An", "ສົມສະໄໝ", "Dela Cruz, Maria", "=1+1 ✓ 😀"):
        assert clean_text(text) == text


def test_matching_keys_drop_the_zero_width_characters():
    assert key_text("Sok\u200bDara") == "SokDara"
    assert key_text("Sok\u200cDa\u200dra\u2060\u00ad") == "SokDara"
    assert key_text("សុខ\u200bដារ៉ា") == "សុខដារ៉ា"
    assert key_text("Sok\x1bDara") == "SokDara"


def test_printable_shows_what_a_terminal_would_act_on_as_escapes():
    assert printable("Sok \x1b[2J\x1b]0;owned\x07Dara") == (
        "Sok \\u001b[2J\\u001b]0;owned\\u0007Dara"
    )
    assert printable("a\nb\rc\u202ed\x9be") == "a\\u000ab\\u000dc\\u202ed\\u009be"
    assert printable("សុខ\u200bដារ៉ា Nguyễn") == "សុខ\u200bដារ៉ា Nguyễn"


def test_printable_escapes_are_valid_in_json():
    line = json.dumps({"name": "Sok\x9b\u202eDara"}, ensure_ascii=False)
    assert json.loads(printable(line)) == {"name": "Sok\x9b\u202eDara"}


def test_printable_lines_keeps_the_texts_own_line_breaks():
    assert printable_lines("one\x1b[2J\ntwo\u202e") == "one\\u001b[2J\ntwo\\u202e"
