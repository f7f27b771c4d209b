"""Honorifics written into names ('Mr Sok Dara', 'นายสมชาย ใจดี', 'Ông Nguyễn Văn An'),
kept apart from the name so that they neither keep one person's two records apart nor make
two people's names alike. The name as written is stored and shown unchanged; matching keys
are built from the name without its honorific (`split_honorific`).

What is taken as an honorific, and why some words are not:

- English Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Sir, Madam (with or without a dot), leading,
  or trailing after a comma or in brackets ('Sok Dara (Mr)', 'Dara, Mrs.').
- Thai นาย, นาง, นางสาว, น.ส., ด.ช., ด.ญ., เด็กชาย, เด็กหญิง, คุณ; Lao ທ້າວ, ນາງ, ທ່ານ,
  ທ່ານນາງ; Khmer លោក, លោកស្រី, អ្នកស្រី: also written joined to the name ('นายสมชาย'),
  unless what would be left starts with a combining mark (then it was one word).
- Khmer កញ្ញា (Miss) is also a given name (Kanha): only before a name of two words or more.
- Vietnamese Ông, Bà, Chị before a name; Anh is also a given name, so only before a name of
  three words or more ('Anh Nguyễn Văn Tuấn', not 'Anh Tuấn Nguyễn').
- Indonesian Bapak, Pak, Ibu, Bu, Sdr, Sdri, Saudara, Saudari; Filipino G., Gng., Bb. only
  with their dot (without it they are initials).
- Burmese ဦး (U) and ဒေါ် (Daw) before a name. ကို (Ko) and မ (Ma) are not taken: they are
  as often part of the name itself ('ကိုကို', Ko Ko), and a Burmese name has no other
  part to fall back on.

Nothing is taken when it would leave no name.
"""

from __future__ import annotations

import unicodedata

_ENGLISH = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam"}
# Words that are an honorific before a name of at least this many words.
_LEADING: dict[str, int] = {
    **dict.fromkeys(_ENGLISH, 1),
    **dict.fromkeys(("bapak", "pak", "ibu", "bu", "sdr", "sdri", "saudara", "saudari"), 1),
    **dict.fromkeys(("g.", "gng.", "bb."), 1),
    **dict.fromkeys(("ông", "bà", "chị"), 1),
    "anh": 3,
    **dict.fromkeys(("นาย", "นาง", "นางสาว", "น.ส.", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง"), 1),
    "คุณ": 1,
    **dict.fromkeys(("ທ້າວ", "ນາງ", "ທ່ານ", "ທ່ານນາງ"), 1),
    **dict.fromkeys(("លោក", "លោកស្រី", "អ្នកស្រី"), 1),
    "កញ្ញា": 2,
    **dict.fromkeys(("ဦး", "ဒေါ်"), 1),
}
# Written joined to the name as often as apart; longest first, so นางสาว before นาง.
_JOINED = sorted(
    (
        "นาย",
        "นาง",
        "นางสาว",
        "น.ส.",
        "ด.ช.",
        "ด.ญ.",
        "เด็กชาย",
        "เด็กหญิง",
        "ທ້າວ",
        "ທ່ານນາງ",
        "ນາງ",
        "លោកស្រី",
        "អ្នកស្រី",
        "លោក",
    ),
    key=len,
    reverse=True,
)
_DOTTED_ONLY = {"g", "gng", "bb"}


def _folded(word: str) -> str:
    folded = unicodedata.normalize("NFC", word).casefold()
    bare = folded.rstrip(".")
    if bare in _DOTTED_ONLY:
        return folded if folded == bare + "." else ""
    return folded if folded in _LEADING else bare


def _leading(words: list[str]) -> int:
    """How many of the leading words are honorifics (at most two: 'Mr. Dr. Sok')."""
    taken = 0
    while taken < 2 and taken < len(words) - 1:
        needs = _LEADING.get(_folded(words[taken]))
        if needs is None or len(words) - taken - 1 < needs:
            break
        taken += 1
    return taken


def _joined(word: str) -> tuple[str, str]:
    normal = unicodedata.normalize("NFC", word)
    for prefix in _JOINED:
        rest = normal[len(prefix) :]
        joined = normal.startswith(prefix) and len(rest) >= 2
        if joined and not unicodedata.category(rest[0]).startswith("M"):
            return prefix, rest
    return "", word


def _trailing(name: str) -> tuple[str, str]:
    stripped = name.rstrip()
    if stripped.endswith(")") and "(" in stripped:
        head, _, inner = stripped[:-1].rpartition("(")
        if inner.strip().casefold().rstrip(".") in _ENGLISH and head.strip():
            return inner.strip(), head.strip()
    head, comma, last = stripped.rpartition(",")
    if comma and head.strip() and last.strip().casefold().rstrip(".") in _ENGLISH:
        return last.strip(), head.strip()
    return "", name


def split_honorific(name: str) -> tuple[str, str]:
    """(the honorifics, the name without them), each with its spaces collapsed; ('', name)
    when the name holds none (see the module docstring for what counts)."""
    trailing, name = _trailing(name)
    words = name.split()
    taken = _leading(words)
    honorifics, rest = words[:taken], words[taken:]
    if not honorifics and rest:
        prefix, first = _joined(rest[0])
        if prefix:
            honorifics, rest = [prefix], [first, *rest[1:]]
    if trailing:
        honorifics.append(trailing)
    return " ".join(honorifics), " ".join(rest)


def without_honorific(name: str) -> str:
    return split_honorific(name)[1]


def possible_starts() -> tuple[str, ...]:
    """What a name holding a leading honorific starts with (as written, any case), for
    finding the names already stored that hold one."""
    words = {w.rstrip(".") for w in _LEADING} | set(_JOINED)
    return tuple(sorted(words))
