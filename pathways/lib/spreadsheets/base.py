"""What every reader shares: the error, the sheet, the limits of what may be imported,
and a cell as the text a person sees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# Rows of one sheet; reading stops here, before a huge file has filled the memory.
MAX_ROWS = 200_000
# An attendance table is far narrower; wider sheets are mistakes or made to hurt the reader.
MAX_COLUMNS = 500
# Rows x columns the sheets of a workbook may span together (200,000 rows of 20 columns):
# the workbook reader sets aside memory for each cell, used or not.
MAX_CELLS = 4_000_000


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


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


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
