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
import html
import io
import itertools
import logging
import re
import struct
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from pathways.lib.sandbox import IsolationError, isolation_available, run_isolated

logger = logging.getLogger(__name__)

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
# Either quote may enclose a value, with spaces around the "=" (the reader accepts them all).
_ROW_TAG = re.compile(rb"""row\s[^>]*?r\s*=\s*["'](\d{1,12})""")
_WIDE_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z]{2,8})(\d{1,12})""")
_FAR_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z])(\d{6,12})""")
_NARROW_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z])\d""")


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
    data: bytes,
    *,
    max_bytes: int | None = None,
    memory_mb: int | None = None,
    seconds: float | None = None,
    encoding: str | None = None,
) -> list[Sheet]:
    """The visible sheets of a workbook, or the one table of a CSV file (read as `encoding`,
    a key of ENCODINGS, when given; workbooks carry their own). A workbook is read in a child
    process with at most `memory_mb` of extra memory and `seconds` of time."""
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
        kind = _zip_kind(data)
        _check_archive(data, max_bytes=max_bytes, kind=kind)
        return _read_isolated(data, kind=kind, memory_mb=memory_mb, seconds=seconds)
    if data.startswith(_OLE_MAGIC):
        return _read_isolated(data, kind="xls", memory_mb=memory_mb, seconds=seconds)
    return [_read_csv(data, encoding=encoding)]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


# --- Workbooks --------------------------------------------------------------------------
# The workbook reader (python-calamine) is native code: where Python raises MemoryError, a
# failed allocation there aborts the whole process, and one value in cell XFD1048576 asks
# it for 512 GiB. So a workbook goes through two gates. Here, in plain Python, the archive
# must be consistent (every entry's local header agrees with the directory, no two entries
# share a name or bytes), and every member the reader opens, found the way the reader finds
# it, must be plain UTF-8 XML without DTDs and within the cell limits. Then the reader runs
# in a child process with a memory and a time limit (lib/sandbox.py): whatever the checks
# miss costs the child, never the server.

# Extra memory and wall-clock seconds the child may use; settings.py passes the operator's.
READER_MEMORY_MB = 1024
READER_SECONDS = 120.0
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_END_OF_DIRECTORY = b"PK\x05\x06"
_DECLARATION = re.compile(rb"<!(?i:doctype|entity)")
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
# Encodings in which the byte patterns below still match (ASCII is ASCII in each).
_BYTE_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"windows-1252"}
_TARGET = re.compile(rb"""\sTarget\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>")
_OFFICE_DOCUMENT = re.compile(rb"""\sType\s*=\s*["'][^"']*/relationships/officeDocument["']""")
_STRING_TABLE = re.compile(rb"<(?:[\w.-]+:)?sst[\s>][^>]*>")
_STRING_COUNT = re.compile(rb"""\s(?:uniqueCount|count)\s*=\s*["']\+?(\d+)""")


def _damaged() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file looks like an Excel workbook but cannot be opened: it may be damaged "
            "or only partly uploaded. Open it in Excel, save it again and upload that copy."
        )
    )


def _too_big_unpacked() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The workbook unpacks to far more data than an attendance sheet holds; "
            "it cannot be imported. Save only the attendance sheet in a new file."
        )
    )


def could_not_read_safely() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This file could not be read safely: reading it needed far more memory or time "
            "than an attendance sheet does, so it was stopped and nothing was imported. "
            "Copy the attendance table alone into a new workbook, save it as .xlsx or CSV "
            "and upload that file."
        )
    )


def _unusual_xml() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The workbook holds XML that spreadsheet programs do not write (a document type "
            "declaration or an unusual text encoding), so it cannot be imported safely. Open "
            "it in Excel or LibreOffice, save it again and upload that copy."
        )
    )


_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError)
# RuntimeError: NotImplementedError for a damaged "version needed to extract" field or an
# unknown compression, and an encrypted member.


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except _ZIP_ERRORS as exc:
        raise _damaged() from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"
    raise SpreadsheetError(
        _("The file is a ZIP archive, not a spreadsheet. Upload an Excel (.xlsx) or CSV file.")
    )


def _check_archive(data: bytes, *, max_bytes: int | None, kind: str) -> None:
    """Everything Python can check before the workbook reader sees the archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_zip_directory(data, infos, archive.start_dir)
            unpacked = sum(info.file_size for info in infos)
            if max_bytes is not None and unpacked > max_bytes * _MAX_UNPACK_RATIO:
                raise _too_big_unpacked()
            for info, roles in _members_read(archive, kind):
                _check_member(archive, info, roles)
    except SpreadsheetError:
        raise
    except _ZIP_ERRORS as exc:
        raise _damaged() from exc


def _check_zip_directory(data: bytes, infos: list[zipfile.ZipInfo], start_dir: int) -> None:
    """Refuse an archive that two ZIP readers could read differently.

    Python's zipfile and the reader's ZIP library both find a member through the central
    directory, but they forgive different lies: a local header whose name differs from the
    directory's made Python skip the member while the reader read it unchecked."""
    tail = data[-(1 << 16) - 22 :]
    ends = [m.start() for m in re.finditer(re.escape(_END_OF_DIRECTORY), tail)]
    complete = [at for at in ends if at + 22 <= len(tail) and _record_ends_file(tail, at)]
    if not ends or complete != ends[-1:]:
        # No end record that ends the file, or a second one another reader could take.
        raise _damaged()
    names = set()
    spans = []
    for info in infos:
        name = info.filename.replace("\\", "/").lower()  # as the reader looks names up
        if name in names:
            raise _damaged()
        names.add(name)
        spans.append(_local_span(data, info))
    position = 0
    for begin, finish in sorted(spans):
        if begin < position:
            raise _damaged()  # two entries sharing bytes
        position = finish
    if position > start_dir or (spans and min(spans)[0] != 0):  # data before the first entry
        raise _damaged()


def _record_ends_file(tail: bytes, at: int) -> bool:
    """An end-of-directory record at `at` whose comment runs exactly to the end."""
    return at + 22 + int.from_bytes(tail[at + 20 : at + 22], "little") == len(tail)


def _local_span(data: bytes, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Where an entry's local header and data lie, once the header agrees with the directory."""
    begin = info.header_offset
    header = data[begin : begin + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise _damaged()
    magic, _version, flags, method, _time, _date, crc, packed, size, name_length, extra = (
        _LOCAL_HEADER.unpack(header)
    )
    name_start = begin + _LOCAL_HEADER.size
    raw_name = info.orig_filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
    sizes_follow = flags & 0x08  # sizes and checksum in a data descriptor after the data
    agrees = (
        magic == _ZIP_MAGIC
        and data[name_start : name_start + name_length] == raw_name
        and method == info.compress_type
        and (flags & 0x01) == (info.flag_bits & 0x01)
        and (sizes_follow or crc == info.CRC)
        and packed in ((info.compress_size, 0xFFFFFFFF) + ((0,) if sizes_follow else ()))
        and size in ((info.file_size, 0xFFFFFFFF) + ((0,) if sizes_follow else ()))
    )
    if not agrees:
        raise _damaged()
    return begin, name_start + name_length + extra + info.compress_size


def _members_read(archive: zipfile.ZipFile, kind: str) -> list[tuple[zipfile.ZipInfo, set[str]]]:
    """The members the workbook reader opens, found as it finds them, and what it reads each
    as ("sheet", "strings" or "part")."""
    by_name = {info.filename.replace("\\", "/").lower(): info for info in archive.infolist()}
    exact = {info.filename: info for info in archive.infolist()}

    def find(path: str) -> zipfile.ZipInfo | None:
        return by_name.get(path.lower()) or exact.get(path)

    found: dict[str, tuple[zipfile.ZipInfo, set[str]]] = {}

    def add(path: str, role: str) -> None:
        # A member reached two ways is checked for both: workbook.xml named as a sheet too
        # is read as a sheet.
        info = find(path)
        if info is not None:
            found.setdefault(info.filename, (info, set()))[1].add(role)

    if kind == "ods":
        for path in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            add(path, "part")  # the reader's own limits and the child's bound a table
        return list(found.values())
    add("_rels/.rels", "part")
    # The workbook lives where the package relationships say (commonly xl/workbook.xml);
    # every office document any of them names is checked, and the usual place besides.
    folders = {"xl/"}
    for target, element in _targets(archive, find("_rels/.rels")):
        if _OFFICE_DOCUMENT.search(element):
            folder = target.rpartition("/")[0]
            folders.add(folder.removeprefix("/") + "/" if folder else "")
    for folder in sorted(folders):
        add(f"{folder}workbook.xml", "part")
        add(f"{folder}styles.xml", "part")
        add(f"{folder}sharedStrings.xml", "strings")
        add(f"{folder}_rels/workbook.xml.rels", "part")
        # Every target of the workbook's relationships, worksheets or not, absolute
        # ("/xl/worksheets/sheet1.xml") or relative to the workbook's folder, as the
        # reader resolves a sheet's: no "../" is undone, the reader undoes none either.
        for target, _element in _targets(archive, find(f"{folder}_rels/workbook.xml.rels")):
            add(target[1:] if target.startswith("/") else f"{folder}{target}", "sheet")
    return list(found.values())


def _targets(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None):
    """The Target of every relationship in a relationships part, as written and unescaped
    (the reader takes one or the other), with the relationship's element."""
    if info is None or info.file_size > 4 * 1024 * 1024:
        return  # a part this big is checked as XML and refused by the reader as it likes
    with archive.open(info) as stream:
        text = stream.read(4 * 1024 * 1024 + 1)
    for element in _RELATIONSHIP.findall(text):
        for match in _TARGET.finditer(element):
            raw = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace")
            yield raw, element
            if "&" in raw:
                yield html.unescape(raw), element


def _check_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, roles: set[str]) -> None:
    if "sheet" in roles:
        name = info.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        rows, columns, ref = _xml_extent(archive, info)
        _check_extent(_("Sheet '%(name)s'") % {"name": name}, rows, columns, ref)
    if "strings" in roles or "sheet" not in roles:
        for number, text in enumerate(_xml_pieces(archive, info)):
            if "strings" in roles and number == 0:
                _check_string_count(text)


def _check_encoding(start: bytes) -> None:
    """The reader decodes UTF-16 XML, where the byte patterns of the extent check never
    match: only UTF-8 (what every spreadsheet program writes) goes through."""
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in start[:4]:
        raise _unusual_xml()
    declared = _ENCODING.match(start.removeprefix(codecs.BOM_UTF8))
    if declared and declared.group(1).lower() not in _BYTE_ENCODINGS:
        raise _unusual_xml()


def _check_string_count(start: bytes) -> None:
    """The reader sets aside room for as many shared strings as the table says it holds."""
    table = _STRING_TABLE.search(start)
    if table and any(int(n) > MAX_CELLS for n in _STRING_COUNT.findall(table.group())):
        raise _too_big_unpacked()


def _read_isolated(
    data: bytes, *, kind: str, memory_mb: int | None, seconds: float | None
) -> list[Sheet]:
    """The workbook read in a child process; its refusals come back word for word."""
    import python_calamine  # noqa: F401 - loaded once here rather than in every child

    if not isolation_available():
        return _read_workbook(data, kind=kind)
    try:
        answer = run_isolated(
            _read_workbook_flat,
            data,
            kind,
            memory_mb=memory_mb or READER_MEMORY_MB,
            seconds=seconds or READER_SECONDS,
        )
    except IsolationError as exc:
        logger.warning("A workbook could not be read safely (%s %s).", exc.reason, exc.detail)
        raise could_not_read_safely() from exc
    if isinstance(answer, dict) and "refused" in answer:
        raise SpreadsheetError(str(answer["refused"]))
    try:
        return [_unflatten(sheet) for sheet in answer["sheets"]]
    except (KeyError, TypeError, ValueError) as exc:
        logger.warning("The workbook reader answered in an unexpected shape.")
        raise could_not_read_safely() from exc


# Cells travel from the child as one string per sheet, split on a character XML cannot hold
# (U+FFFF): cheaper than sending lists of strings (docs/performance.md).
_CELL_SEPARATOR = "\uffff"


def _read_workbook_flat(data: bytes, kind: str) -> dict:
    """In the child: the workbook's sheets, or the refusal's message in the active language."""
    try:
        sheets = _read_workbook(data, kind=kind)
    except SpreadsheetError as exc:
        return {"refused": str(exc)}
    return {"sheets": [_flatten(sheet) for sheet in sheets]}


def _flatten(sheet: Sheet) -> dict:
    cells = list(itertools.chain.from_iterable(sheet.rows))
    text = _CELL_SEPARATOR.join(cells)
    if text.count(_CELL_SEPARATOR) != max(len(cells) - 1, 0):
        text = None  # a cell holds the separator (possible in .xls): send the lists
    return {
        "name": sheet.name,
        "kind": sheet.kind,
        "first_row": sheet.first_row,
        "notes": sheet.notes,
        "lengths": [len(row) for row in sheet.rows],
        "text": text,
        "rows": None if text is not None else sheet.rows,
    }


def _unflatten(flat: dict) -> Sheet:
    if flat["text"] is None:
        rows = [[str(cell) for cell in row] for row in flat["rows"]]
    else:
        cells = flat["text"].split(_CELL_SEPARATOR) if flat["lengths"] else []
        rows, start = [], 0
        for length in flat["lengths"]:
            rows.append(cells[start : start + length])
            start += length
        if start != len(cells) and any(flat["lengths"]):
            raise ValueError("cells and row lengths disagree")
    return Sheet(
        rows=rows,
        name=str(flat["name"]),
        kind=str(flat["kind"]),
        first_row=int(flat["first_row"]),
        notes=[str(note) for note in flat["notes"]],
    )


def _read_workbook(data: bytes, *, kind: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

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
    except MemoryError:
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


def _xml_pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    """A member's XML in pieces of about a megabyte, each cut before a tag; refused as it
    goes if it is not plain UTF-8 XML or declares a document type or entities."""
    carry = b""
    with archive.open(info) as stream:
        for number, block in enumerate(iter(lambda: stream.read(1 << 20), b"")):
            text = carry + block
            if number == 0:
                _check_encoding(text)
            cut = text.rfind(b"<")
            text, carry = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
            if _DECLARATION.search(text):
                raise _unusual_xml()
            yield text
    if _DECLARATION.search(carry):
        raise _unusual_xml()
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
