"""Text as people meant it: without the invisible control characters that a paste, a sheet
or a crafted request can carry.

`clean_text` is applied to every text a person or a sheet gives (forms, the admin, the
importer, the API) and again to every cell an export writes, so text stored before it
existed cannot break a download either. It removes the C0 and C1 control characters and
DEL (an XLSX or XML file cannot hold most of them: the file would not be written or not
open), the bidirectional embeddings, overrides and isolates U+202A-U+202E and
U+2066-U+2069 (they make text display in another order than it is stored and searched), the
byte order mark, lone surrogates and the noncharacters U+FFFE and U+FFFF. Line breaks and
tabs become spaces in a single line and are kept, as "\\n" and "\\t", in free text.

The zero-width space, non-joiner and joiner (U+200B-U+200D) stay in stored text: Khmer,
Thai and Burmese need them for line breaks and shaping. `key_text` removes them (and the word
joiner and soft hyphen) from the text a matching key is built from, so an invisible
character never splits a name or keeps two spellings of it apart.

`printable` is for the command line: it shows control characters as escapes instead of
letting a cell's ANSI sequence move the cursor, recolour or retitle the operator's terminal.
"""

from __future__ import annotations

import re

# Never kept: C0 controls but the whitespace ones, DEL and C1 controls but NEL, the
# bidirectional controls, the byte order mark, lone surrogates and U+FFFE/U+FFFF.
_REMOVED = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff"
)
# Whitespace controls: spaces in a single line; in free text, line breaks become "\n".
_LINE_BREAKS = "\r\n|[\r\v\f\x85]"
_SPACES = "\x1c-\x1f"

_SINGLE_LINE = re.compile(f"[{_REMOVED}]|(?P<space>\r\n|[\t\n\v\f\r\x85{_SPACES}\u2028\u2029])")
_MULTILINE = re.compile(f"[{_REMOVED}]|(?P<space>[{_SPACES}])|(?P<newline>{_LINE_BREAKS})")
_INVISIBLE_IN_KEYS = re.compile("[\u00ad\u200b-\u200d\u2060]")


def _replacement(match: re.Match[str]) -> str:
    if match.lastgroup == "space":
        return " "
    if match.lastgroup == "newline":
        return "\n"
    return ""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters, bidirectional overrides or isolates; see above."""
    if value.isprintable():  # what it removes is all unprintable: most text is done here
        return value
    pattern = _MULTILINE if multiline else _SINGLE_LINE
    return pattern.sub(_replacement, value)


def key_text(value: str) -> str:
    """The single line a matching key is built from: also without the zero-width
    characters, so 'Sok\\u200bDara' gives the key of 'SokDara', not of 'Sok Dara'."""
    if value.isprintable():
        return value
    return _INVISIBLE_IN_KEYS.sub("", clean_text(value))


# Everything a terminal may act on rather than show: C0 and C1 controls (ESC starts the
# ANSI sequences), DEL, the bidirectional controls, line and paragraph separators, lone
# surrogates and the byte order mark.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


def printable(value: str) -> str:
    """`value` safe to write to a terminal: each character it could act on written as a
    \\uXXXX escape (valid in JSON too), so 'ESC[2J' shows as '\\u001b[2J'."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def printable_lines(value: str) -> str:
    """`printable` line by line: the text's own line breaks stay, nothing else acts."""
    return "\n".join(printable(line) for line in value.split("\n"))


_ID_SEPARATORS = re.compile(r"[\s\-./]+")


def id_number(value: str) -> str:
    """An identity number as compared: without spaces, dashes, dots and slashes, in capitals
    ('n 0123-456' and 'N0123456' are one number). "" for a value with nothing left."""
    return _ID_SEPARATORS.sub("", key_text(value or "")).upper()
