"""Reading attendance sheets (XLSX, XLS, ODS, CSV, KoboToolbox CSV) into rows of text cells.

The file type is decided from its content, never from its name. Workbooks are read with
python-calamine (several times faster than openpyxl); merged cells are filled with the
value of their top-left cell so a merged header or organisation column reads like the
sheet looks. CSV text is decoded as the encoding the user chose, or from its BOM, as UTF-8 or
UTF-16, or in the Windows code page that reads it plausibly (`decode_text`), and its
delimiter (, ; tab |) is sniffed from the first lines.

Every problem is raised as `SpreadsheetError` with a message a person can act on.

The package's modules: `base` (the error, the sheet, the limits), `archive` (the checks a
workbook passes before the reader sees it), `workbooks` (the reader, in a child process) and
`delimited` (CSV text and its delimiter).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from pathways.lib.spreadsheets.archive import (
    _ZIP_MAGIC,
    _check_archive,
    _zip_kind,
    could_not_read_safely,
)
from pathways.lib.spreadsheets.base import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    Sheet,
    SpreadsheetError,
    _megabytes,
    cell_text,
    too_many_rows,
)
from pathways.lib.spreadsheets.delimited import (
    ENCODINGS,
    _read_csv,
    decode_text,
    plausibility,
    sniff_delimiter,
)
from pathways.lib.spreadsheets.workbooks import _read_isolated, _read_workbook

__all__ = [
    "ENCODINGS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "Sheet",
    "SpreadsheetError",
    "_check_archive",
    "_read_workbook",
    "_zip_kind",
    "cell_text",
    "could_not_read_safely",
    "decode_text",
    "plausibility",
    "read_sheets",
    "sniff_delimiter",
    "too_many_rows",
]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
