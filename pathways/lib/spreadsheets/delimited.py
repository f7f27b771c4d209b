"""CSV files: the text decoded as the user chose, from its BOM, as UTF-8 or UTF-16, or in
the Windows code page that reads it plausibly; the delimiter sniffed from the first lines."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
from collections import Counter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathways.lib.spreadsheets.base import (
    MAX_ROWS,
    Sheet,
    SpreadsheetError,
    _check_width,
    too_many_rows,
)

_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 40


# --- CSV --------------------------------------------------------------------------------

# The encodings a person can choose for a CSV file, in plain words.
ENCODINGS = {
    "utf-8": _lazy("Unicode (UTF-8)"),
    "utf-16": _lazy("Unicode (UTF-16)"),
    "cp1252": _lazy("Windows-1252 (Western European)"),
    "cp874": _lazy("Windows-874 / TIS-620 (Thai)"),
    "cp1258": _lazy("Windows-1258 (Vietnamese)"),
    "mac_roman": _lazy("Mac OS Roman (older Excel for Mac)"),
    "utf-32": _lazy("Unicode (UTF-32)"),
}
# What Excel and LibreOffice save a plain "CSV" in on Windows in the program's countries:
# English, Filipino, Indonesian and European names in Windows-1252, Thai in Windows-874 (TIS-620
# with a few additions), Vietnamese in Windows-1258. Khmer, Lao and Burmese have no such code
# page; their files come as UTF-8 or UTF-16, which are tried first.
_LEGACY = ("cp1252", "cp874", "cp1258")
# Below this share of well-placed characters no reading is taken as the file's own.
_PLAUSIBLE = 0.9


def _read_csv(data: bytes, *, encoding: str | None = None) -> Sheet:
    text, encoding = decode_text(data, encoding=encoding)
    if "\x00" in text:
        raise SpreadsheetError(
            _(
                "The file is not a spreadsheet: it holds binary data. "
                "Upload an Excel (.xlsx) or CSV file."
            )
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = sniff_delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        rows = []
        for row in reader:
            if len(rows) == MAX_ROWS:
                raise too_many_rows()
            rows.append([cell.strip() for cell in row])
    except csv.Error as exc:
        raise SpreadsheetError(
            _("The CSV file cannot be read: %(error)s.") % {"error": exc}
        ) from exc
    _check_width(_("The CSV file"), rows)
    name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}[delimiter]
    notes = [f"{encoding.upper()}, {name}-separated"]
    return Sheet(rows=rows, kind="csv", notes=notes, encoding=encoding)


_BOMS = (  # (BOM, codec, key of ENCODINGS); UTF-32 first: its BOM begins like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)


def decode_text(data: bytes, *, encoding: str | None = None) -> tuple[str, str]:
    """The text of a CSV file and its encoding (a key of ENCODINGS).

    With `encoding`, the file is read as that or refused. Without, in this order: its BOM,
    UTF-8, UTF-16 without a BOM, then the legacy code page (`_LEGACY`) whose reading puts
    the most characters where such characters stand in names and words. A file none of
    them reads plausibly is refused with a message asking for the encoding.
    """
    if encoding is not None:
        return _decode_as(data, encoding), encoding
    for bom, codec, key in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], codec), key
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode(data, utf16), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        not_utf8 = exc
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            _(
                "The file is not a spreadsheet: it holds binary data. "
                "Upload an Excel (.xlsx) or CSV file."
            )
        )
    _refuse_damaged_utf8(data, not_utf8)
    return _detect(data)


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding not in ENCODINGS:
        raise SpreadsheetError(
            _("'%(encoding)s' is not an encoding we can read; choose one of %(choices)s.")
            % {"encoding": encoding, "choices": ", ".join(ENCODINGS)}
        )
    codec = encoding
    for bom, bom_codec, key in _BOMS:
        if data.startswith(bom) and key == encoding:
            data, codec = data[len(bom) :], bom_codec
            break
    else:
        if encoding in ("utf-16", "utf-32"):
            codec = _byte_order(data, encoding)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "The file cannot be read as %(encoding)s: byte %(byte)d does not belong to "
                "that encoding. Choose another encoding, or save the file from Excel as "
                "'CSV UTF-8' and upload that."
            )
            % {"encoding": ENCODINGS[encoding], "byte": exc.start}
        ) from exc
    return _composed(text, encoding)


def _byte_order(data: bytes, encoding: str) -> str:
    """UTF-16 or UTF-32 without a BOM: the byte order whose high bytes are the zero ones."""
    width = 2 if encoding == "utf-16" else 4
    sample = data[:4000]
    little = sum(1 for i in range(width - 1, len(sample), width) if sample[i] == 0)
    big = sum(1 for i in range(0, len(sample), width) if sample[i] == 0)
    return f"{encoding}-{'be' if big > little else 'le'}"


def _composed(text: str, encoding: str) -> str:
    # Windows-1258 writes most Vietnamese letters as a letter and a combining tone mark.
    return unicodedata.normalize("NFC", text) if encoding == "cp1258" else text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: NUL bytes, and one byte order decodes to plain text."""
    sample = data[:4000]
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        text = sample.decode(encoding, errors="replace")
        readable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
        delimited = any(d in text for d in ",;\t|")
        if delimited and "\ufffd" not in text and readable >= 0.97 * len(text) and "\n" in text:
            return encoding
    return None


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "The file says it is %(encoding)s text but byte %(byte)d cannot be read as "
                "such: it may be damaged or only partly uploaded."
            )
            % {"encoding": encoding.upper(), "byte": exc.start}
        ) from exc


def _refuse_damaged_utf8(data: bytes, exc: UnicodeDecodeError) -> None:
    """Text that is UTF-8 but for a few bytes was damaged or pasted together from two
    encodings; reading it all in a legacy code page would garble every other letter."""
    sample = data[:200_000]
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if good >= 3 and good >= 2 * bad:
        raise SpreadsheetError(
            _(
                "The file is mostly UTF-8 text, but byte %(byte)d cannot be read as UTF-8: it "
                "may be damaged or mix two encodings. Choose the encoding it was saved in, or "
                "save it from Excel as 'CSV UTF-8' and upload that."
            )
            % {"byte": exc.start}
        ) from exc


def _detect(data: bytes) -> tuple[str, str]:
    best, best_score, best_text = "", 0.0, ""
    for encoding in _LEGACY:
        try:
            text = _composed(data.decode(encoding), encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score > best_score:  # on a tie the earlier, more common code page wins
            best, best_score, best_text = encoding, score, text
    if best_score < _PLAUSIBLE:
        raise SpreadsheetError(
            _(
                "The text encoding of the file was not recognised: it is not UTF-8, and no "
                "other encoding reads its names as names. Choose the encoding it was saved "
                "in, or save it from Excel as 'CSV UTF-8' and upload that."
            )
        )
    return best_text, best


# Characters that stand in text next to names and numbers (quotes, dashes, currencies...).
_TYPOGRAPHIC = frozenset("’‘“”„‚–—…•«»€£¥¢°×±©®™·¡¿")
# Icelandic letters: a sign of Vietnamese or Thai read in the wrong code page.
_MISREAD = frozenset("ðÐþÞ")
_ORDINALS = frozenset("ºª")
_VOWELS = frozenset("aeiouyAEIOUY")
# Words, cut at delimiters and ASCII punctuation too: "สมชาย(Somchai)" is two words.
_WORD = re.compile(r"""[^\s,;|()\[\]{}<>/\\_.:"'+&=-]+""")
# Enough words to tell the code pages apart, few enough to score a 20 MB file quickly.
_SCORED_WORDS = 20_000


def plausibility(text: str) -> float:
    """The share of the non-ASCII characters that stand where such characters stand in
    real names and words: near 1.0 for text read in its own encoding, far less for text
    read in another one ("Josķ M³ller", "Ê¹Ô´Ò").
    """
    good = bad = 0
    words = (m.group() for m in _WORD.finditer(text))
    for word in itertools.islice((w[:64] for w in words if not w.isascii()), _SCORED_WORDS):
        kinds = _word_kinds(word)  # (a name is shorter; a huge cell is scored by its start)
        for i, ch in enumerate(word):
            if ord(ch) >= 0x80:
                if _fits(word, i, kinds):
                    good += 1
                else:
                    bad += 1
    return good / (good + bad) if good + bad else 1.0


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ", 1)[0] if ch else ""


def _word_kinds(word: str) -> dict[str, int]:
    """How many ASCII, other Latin and Thai letters a word holds."""
    kinds = {"ascii": 0, "LATIN": 0, "THAI": 0}
    for ch in word:
        if ch.isascii():
            kinds["ascii"] += ch.isalpha()
        elif ch.isalpha() and (script := _script(ch)) in kinds:
            kinds[script] += 1
    return kinds


def _fits(word: str, i: int, kinds: dict[str, int]) -> bool:
    ch = word[i]
    before, after = word[i - 1] if i else "", word[i + 1 : i + 2]
    category = unicodedata.category(ch)
    if _script(ch) == "THAI":
        return _thai_fits(ch, before, after, kinds)
    if category == "Mn":  # a combining mark sits on a vowel (Vietnamese tones)
        return _script(ch) == "COMBINING" and unicodedata.normalize("NFD", before)[:1] in _VOWELS
    if category.startswith("L"):
        return _letter_fits(ch, before, kinds)
    if category.startswith("N"):
        return not before.isalpha()
    if ch in _ORDINALS:  # "Nº 5", "2ª"
        return before.isdigit() or i == 1
    if ch not in _TYPOGRAPHIC:
        return False
    # Quotes and dashes stand next to letters, but not inside a word of non-ASCII letters.
    return not (before.isalpha() and after.isalpha() and not (before + after).isascii())


def _thai_fits(ch: str, before: str, after: str, kinds: dict[str, int]) -> bool:
    if kinds["ascii"] or kinds["LATIN"]:
        return False
    if "\u0e50" <= ch <= "\u0e59":  # a Thai digit
        return not before.isalpha()
    if "\u0e40" <= ch <= "\u0e44":  # a vowel written before its consonant
        return "\u0e01" <= after <= "\u0e2e"
    # Vowels and tone marks written after their consonant (not ๆ, often set after a space).
    if "\u0e30" <= ch <= "\u0e3a" or ch == "\u0e45" or "\u0e47" <= ch <= "\u0e4e":
        return _script(before) == "THAI"
    return True


def _letter_fits(ch: str, before: str, kinds: dict[str, int]) -> bool:
    if _script(ch) != "LATIN" or kinds["THAI"] or ch in _MISREAD:
        return False
    if ch.isupper() and before.isalpha() and before.islower():
        return False  # "NguyêÞn": a capital after a small letter
    # A word of three or more letters has some plain ones ("José", "Müller", not "ÊÁªÒÂ").
    return kinds["ascii"] > 0 or kinds["LATIN"] <= 2


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into several fields."""
    lines = [line for line in text.split("\n", _SNIFF_LINES * 4)[: _SNIFF_LINES * 4] if line]
    lines = lines[:_SNIFF_LINES]
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        except csv.Error:
            continue
        multi = [c for c in counts if c > 1]
        if not multi:
            continue
        width, frequency = Counter(multi).most_common(1)[0]
        score = frequency * 1000 + width
        if score > best_score:
            best, best_score = delimiter, score
    return best
