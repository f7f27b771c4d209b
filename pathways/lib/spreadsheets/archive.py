"""The gate before the workbook reader: the archive is consistent, and every member the
reader opens, found the way the reader finds it, is plain XML within the cell limits."""

from __future__ import annotations

import codecs
import html
import io
import re
import struct
import zipfile
import zlib

from django.utils.translation import gettext as _

from pathways.lib.spreadsheets.base import (
    MAX_CELLS,
    SpreadsheetError,
    _check_extent,
)

_ZIP_MAGIC = b"PK\x03\x04"
# A workbook may not unpack to more than this many times the upload limit (zip bombs).
_MAX_UNPACK_RATIO = 40
# Only cells in column AA or beyond, or in row 100,000 or beyond, can make a sheet wide or
# long; every other cell lies within its row and column Z, so the scan looks only for those.
# The patterns start with plain text (`row`, `r="`), which the regex engine finds fast.
# Either quote may enclose a value, with spaces around the "=" (the reader accepts them all).
_ROW_TAG = re.compile(rb"""row\s[^>]*?r\s*=\s*["'](\d{1,12})""")
_WIDE_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z]{2,8})(\d{1,12})""")
_FAR_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z])(\d{6,12})""")
_NARROW_CELL = re.compile(rb"""r\s*=\s*["']([A-Za-z])\d""")


# --- Workbooks --------------------------------------------------------------------------
# The workbook reader (python-calamine) is native code: where Python raises MemoryError, a
# failed allocation there aborts the whole process, and one value in cell XFD1048576 asks
# it for 512 GiB. So a workbook goes through two gates. Here, in plain Python, the archive
# must be consistent (every entry's local header agrees with the directory, no two entries
# share a name or bytes), and every member the reader opens, found the way the reader finds
# it, must be plain UTF-8 XML without DTDs and within the cell limits. Then the reader runs
# in a child process with a memory and a time limit (lib/sandbox.py): whatever the checks
# miss costs the child, never the server.

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
# RuntimeError covers what zipfile raises for an encrypted member, and for a damaged
# "version needed to extract" field or an unknown compression method (a subclass of it).


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
