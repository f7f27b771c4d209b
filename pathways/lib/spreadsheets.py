"""Reading attendance sheets (XLSX, XLS, ODS, CSV, KoboToolbox CSV) into rows of text cells.

The file type is decided from its content, never from its name. Workbooks are read with
python-calamine (several times faster than openpyxl); merged cells are filled with the
value of their top-left cell so a merged header or organisation column reads like the
sheet looks. CSV text is decoded as the encoding the user chose, or from its BOM, as UTF-8 or
UTF-16, or in the Windows code page that reads it plausibly (`decode_text`), and its
delimiter (, ; tab |) is sniffed from the first lines.

Every problem is raised as `SpreadsheetError` with a message a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 40
# A workbook may not unpack to more than this many times the upload limit (zip bombs).
_MAX_UNPACK_RATIO = 40
# Rows of one sheet; reading stops here, before a huge file has filled the memory.
MAX_ROWS = 200_000
# An attendance table is far narrower; wider sheets are mistakes or made to hurt the reader.
MAX_COLUMNS = 500
# Rows x columns the sheets of a workbook may span together (200,000 rows of 20 columns):
# the workbook reader sets aside memory for each cell, used or not.
MAX_CELLS = 4_000_000
# Only cells in column AA or beyond, or in row 100,000 or beyond, can make a sheet wide or
# long; every other cell lies within its row and column Z, so the scan looks only for those.
# The patterns start with plain text (`row`, `r="`), which the regex engine finds fast.
_ROW_TAG = re.compile(rb'row[ \t\r\n][^>]*?r="(\d{1,9})"')
_WIDE_CELL = re.compile(rb'r="([A-Za-z]{2,3})(\d{1,9})"')
_FAR_CELL = re.compile(rb'r="([A-Za-z])(\d{6,9})"')
_NARROW_CELL = re.compile(rb'r="([A-Za-z])\d')


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why in plain words."""


@dataclass
class Sheet:
    """One table of text cells. `rows[i]` is spreadsheet row `first_row + i` (1-based)."""

    rows: list[list[str]]
    name: str = ""
    kind: str = "csv"
    first_row: int = 1
    notes: list[str] = field(default_factory=list)
    encoding: str = ""  # a CSV file's, as a key of ENCODINGS


def read_sheets(
    data: bytes, *, max_bytes: int | None = None, encoding: str | None = None
) -> list[Sheet]:
    """The visible sheets of a workbook, or the one table of a CSV file (read as `encoding`,
    a key of ENCODINGS, when given; workbooks carry their own)."""
    if not data or not data.strip():
        raise SpreadsheetError(_("The file is empty."))
    if max_bytes is not None and len(data) > max_bytes:
        raise SpreadsheetError(
            _(
                "The file is %(size)s MB; the largest file accepted is %(limit)s MB. "
                "Split the sheet into smaller files."
            )
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes)}
        )
    if data.startswith(_ZIP_MAGIC):
        return _read_workbook(data, max_bytes=max_bytes, kind=_zip_kind(data))
    if data.startswith(_OLE_MAGIC):
        return _read_workbook(data, max_bytes=max_bytes, kind="xls")
    return [_read_csv(data, encoding=encoding)]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


# --- Workbooks --------------------------------------------------------------------------


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        # RuntimeError: NotImplementedError for a damaged "version needed to extract" field.
        raise SpreadsheetError(
            _(
                "The file looks like an Excel workbook but cannot be opened: it may be damaged "
                "or only partly uploaded. Open it in Excel, save it again and upload that copy."
            )
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    raise SpreadsheetError(
        _("The file is a ZIP archive, not a spreadsheet. Upload an Excel (.xlsx) or CSV file.")
    )


def _check_unpacked_size(data: bytes, max_bytes: int | None) -> None:
    if max_bytes is None:
        return
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > max_bytes * _MAX_UNPACK_RATIO:
        raise SpreadsheetError(
            _(
                "The workbook unpacks to far more data than an attendance sheet holds; "
                "it cannot be imported. Save only the attendance sheet in a new file."
            )
        )


def _read_workbook(data: bytes, *, max_bytes: int | None, kind: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    if kind != "xls":
        _check_unpacked_size(data, max_bytes)
    if kind == "xlsx":
        _check_xlsx_extent(data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets, cells = [], 0
        for meta in workbook.sheets_metadata:
            if meta.visible != SheetVisibleEnum.Visible or meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            _check_extent(_("Sheet '%(name)s'") % {"name": meta.name}, sheet.height, sheet.width)
            if sheet.total_height >= MAX_ROWS:  # the index of the last row, from 0
                raise too_many_rows()
            cells += sheet.height * sheet.width
            _check_cells(cells)
            sheets.append(_read_worksheet(sheet, kind))
    except SpreadsheetError:
        raise
    except Exception as exc:  # calamine raises several types for damaged files
        raise SpreadsheetError(
            _(
                "The workbook cannot be read: it may be damaged, protected by a password, or only "
                "partly uploaded. Open it in Excel, save it again and upload that copy."
            )
        ) from exc
    if not sheets:
        raise SpreadsheetError(_("The workbook has no visible worksheet."))
    return sheets


def _check_xlsx_extent(data: bytes) -> None:
    """Refuse a worksheet that reaches far-away cells before the reader allocates them all.

    The workbook reader sets aside memory for every cell between A1 and the farthest one:
    a single value in XFD1048576 would ask for hundreds of gigabytes and end the process.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                try:
                    rows, columns, ref = _xml_extent(archive, info)
                except (
                    zipfile.BadZipFile,
                    zlib.error,
                    OSError,
                    EOFError,
                    ValueError,
                    RuntimeError,
                ):
                    # NotImplementedError (an unknown compression) is a RuntimeError.
                    continue  # the workbook reader reports the damage in its own words
                sheet = _("Sheet '%(name)s'") % {"name": info.filename.rsplit("/", 1)[-1][:-4]}
                _check_extent(sheet, rows, columns, ref)


def _xml_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The worksheet's XML in pieces of about a megabyte, each cut before a tag."""
    carry = b""
    with archive.open(info) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            text = carry + block
            cut = text.rfind(b"<")
            text, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            yield text
    yield carry


def _xml_extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int, str]:
    """How many rows and columns the reader would set aside for a worksheet (at most), and
    the farthest cell that decides it."""
    rows = columns = 0
    farthest = ""
    for text in _xml_pieces(archive, info):
        rows = max(rows, *map(int, _ROW_TAG.findall(text) or [0]))
        for letters, digits in _WIDE_CELL.findall(text) + _FAR_CELL.findall(text):
            row, column = int(digits), _column_number(letters)
            if row > rows or column > columns:
                farthest = (letters + digits).decode().upper()
            rows, columns = max(rows, row), max(columns, column)
    if columns < 26 and rows * 26 > MAX_CELLS:
        # Long but perhaps narrow: find the last column actually used.
        for text in _xml_pieces(archive, info):
            columns = max(columns, *(_column_number(c) for c in _NARROW_CELL.findall(text)), 0)
    elif columns < 26 and rows:
        columns = 26
    return rows, columns, farthest


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _check_extent(what: str, rows: int, columns: int, ref: str = "") -> None:
    if columns <= MAX_COLUMNS and rows * max(columns, 1) <= MAX_CELLS:
        return
    where = _(" (it has a value in cell %(ref)s)") % {"ref": ref} if ref else ""
    raise SpreadsheetError(
        _(
            "%(what)s spans %(rows)d rows and %(columns)d columns%(where)s, far more than an "
            "attendance sheet holds (at most %(max)d columns and %(cells)s cells). Delete the "
            "cells outside the attendance table, or copy the table alone into a new file."
        )
        % {
            "what": what,
            "rows": rows,
            "columns": columns,
            "where": where,
            "max": MAX_COLUMNS,
            "cells": f"{MAX_CELLS:,}",
        }
    )


def _check_cells(cells: int) -> None:
    if cells > MAX_CELLS:
        raise SpreadsheetError(
            _(
                "The workbook's sheets span %(cells)s cells together, far more than attendance "
                "sheets hold (at most %(max)s). Copy the attendance table alone into a new file."
            )
            % {"cells": f"{cells:,}", "max": f"{MAX_CELLS:,}"}
        )


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The sheet has more than %(max)d rows; at most %(max)d can be imported at once. "
            "Split it into smaller files."
        )
        % {"max": MAX_ROWS}
    )


def _check_width(what: str, rows: list[list[str]]) -> None:
    """Stray values far to the right would make finding the header row very slow."""
    for row in rows:
        if len(row) > MAX_COLUMNS and any(c for c in row[MAX_COLUMNS:]):
            width = max(i for i, c in enumerate(row) if c) + 1
            _check_extent(what, len(rows), width)


def _read_worksheet(sheet, kind: str) -> Sheet:
    values = sheet.to_python(skip_empty_area=False)
    rows = [[cell_text(v) for v in row] for row in values]
    _fill_merged(rows, sheet.merged_cell_ranges or [])
    _check_width(_("Sheet '%(name)s'") % {"name": sheet.name}, rows)
    return Sheet(rows=rows, name=sheet.name, kind=kind, first_row=1)


def _fill_merged(rows: list[list[str]], ranges) -> None:
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value


def cell_text(value: object) -> str:
    """A cell as the text a person sees: 1990.0 is '1990', a date is ISO 'YYYY-MM-DD'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).strip()


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
