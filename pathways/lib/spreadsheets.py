"""Reading attendance sheets (XLSX, XLS, ODS, CSV, KoboToolbox CSV) into rows of text cells.

The file type is decided from its content, never from its name. Workbooks are read with
python-calamine (several times faster than openpyxl); merged cells are filled with the
value of their top-left cell so a merged header or organisation column reads like the
sheet looks. CSV text is decoded from its BOM, as UTF-8, or by charset detection, and its
delimiter (, ; tab |) is sniffed from the first lines.

Every problem is raised as `SpreadsheetError` with a message a person can act on.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

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


def read_sheets(data: bytes, *, max_bytes: int | None = None) -> list[Sheet]:
    """The visible sheets of a workbook, or the one table of a CSV file."""
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
    return [_read_csv(data)]


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


def _read_csv(data: bytes) -> Sheet:
    text, encoding = decode_text(data)
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
    return Sheet(rows=rows, kind="csv", notes=[f"{encoding}, {name}-separated"])


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding), encoding.upper()
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode(data, utf16), utf16.upper()
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise SpreadsheetError(
            _(
                "The file is not a spreadsheet: it holds binary data. "
                "Upload an Excel (.xlsx) or CSV file."
            )
        )
    return _detect(data)


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


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise SpreadsheetError(
            _(
                "The file is not a spreadsheet we can read: its text encoding is not recognised. "
                "Save it from Excel as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
            )
        )
    encoding = best.encoding
    try:
        return data.decode(encoding), encoding.upper()
    except (UnicodeDecodeError, LookupError):
        whole = from_bytes(data).best()
        if whole is None:
            raise SpreadsheetError(
                _(
                    "The text encoding of the file changes part-way through; save it from Excel "
                    "as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
                )
            ) from None
        return str(whole), whole.encoding.upper()


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
