"""Reading a workbook with the native reader, in a child process with a memory and a time
limit (lib/sandbox.py), its merged cells filled like the sheet looks."""

from __future__ import annotations

import io
import itertools
import logging

from django.utils.translation import gettext as _

from pathways.lib.sandbox import IsolationError, isolation_available, run_isolated
from pathways.lib.spreadsheets.archive import could_not_read_safely
from pathways.lib.spreadsheets.base import (
    MAX_ROWS,
    Sheet,
    SpreadsheetError,
    _check_cells,
    _check_extent,
    _check_width,
    cell_text,
    too_many_rows,
)

logger = logging.getLogger(__name__)

# Extra memory and wall-clock seconds the child may use; settings.py passes the operator's.
READER_MEMORY_MB = 1024
READER_SECONDS = 120.0


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
