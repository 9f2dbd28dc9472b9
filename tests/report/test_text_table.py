"""The one text-sanitising table: the CLI and reports (`printable`), the desk (`clean`) and every
JSON writer (`printable_json`) agree on what no terminal is ever sent.

(These test `tui.model.text`; they sit with the report tests because the reports are its main
reader, until the model's tests have a folder of their own.)
"""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.text import BIDI_CONTROLS, TABLE, printable, printable_json
from tui.ui.text import clean

#: Characters the table must catch, drawn often so that every run meets them.
SPECIAL = sorted(
    {chr(c) for c in TABLE} | BIDI_CONTROLS | {"\r\n", "\ud800", "\ue000", "\U000f0000", "\u0378"}
)
ANY_TEXT = st.lists(st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIAL))).map(
    "".join
)
#: Text with nothing to replace: no control, format, surrogate, private-use, unassigned or
#: separator character.
PRINTABLE_TEXT = st.text(st.characters(exclude_categories=("C", "Zl", "Zp")))


def _unsafe(char: str, *, multiline: bool) -> bool:
    if multiline and char == "\n":
        return False
    return ord(char) in TABLE or unicodedata.category(char) in ("Cs", "Co", "Cn")


@given(ANY_TEXT, st.booleans())
def test_nothing_unsafe_survives_and_both_functions_agree(text: str, single_line: bool) -> None:
    shown = printable(text, single_line=single_line)
    assert not any(_unsafe(char, multiline=not single_line) for char in shown)
    assert clean(text, multiline=not single_line) == shown
    assert printable(shown, single_line=single_line) == shown  # a second pass changes nothing


@given(PRINTABLE_TEXT, st.booleans())
def test_printable_text_passes_unchanged(text: str, single_line: bool) -> None:
    assert printable(text, single_line=single_line) == text
    assert clean(text, multiline=not single_line) == text


@given(ANY_TEXT)
def test_json_carries_the_data_exactly_and_safely(text: str) -> None:
    written = printable_json(json.dumps({"text": text}, ensure_ascii=False, indent=2))
    assert not any(_unsafe(char, multiline=True) for char in written)
    assert json.loads(written) == {"text": text}


@pytest.mark.parametrize(
    ("raw", "one_line", "several_lines"),
    [
        ("a\x1b[2Jb", "a␛[2Jb", "a␛[2Jb"),
        ("cr\rlf\nend", "cr␍lf end", "cr␍lf\nend"),
        ("a\r\nb", "a b", "a\nb"),
        ("tab\there", "tab here", "tab    here"),
        ("del\x7f c1\x9b", "del␡ c1\ufffd", "del␡ c1\ufffd"),
        ("rlm\u200fb rlo\u202ec fsi\u2068d alm\u061ce", "rlm�b rlo�c fsi�d alm�e", None),
        ("line\u2028para\u2029end", "line⏎para⏎end", None),
        ("private\ue000 unassigned\u0378", "private� unassigned�", None),
        ("Сухиничский район · 日本 · emoji 👩‍🚒", None, None),
    ],
)
def test_what_each_character_shows_as(
    raw: str, one_line: str | None, several_lines: str | None
) -> None:
    one_line = raw if one_line is None else one_line
    several_lines = one_line if several_lines is None else several_lines
    assert printable(raw, single_line=True) == clean(raw) == one_line
    assert printable(raw) == clean(raw, multiline=True) == several_lines
