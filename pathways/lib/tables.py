"""Tables as downloads: CSV and XLSX, with spreadsheet formulas neutralised.

A cell that starts with =, +, - or @ would run as a formula when opened in a spreadsheet
program (CSV injection); such text is prefixed with an apostrophe. Numbers stay numbers.
Text loses its control characters (`clean_text`), which an XLSX file cannot hold: a record
stored before input was cleaned must not stop the download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pathways.lib.text import clean_text

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula, made inert and without control
    characters; other values unchanged."""
    if not isinstance(value, str):
        return value
    value = clean_text(value, multiline=True)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str = "") -> bytes:
    """With `title`, its line comes first and the column headers second."""
    out = io.StringIO()
    writer = csv.writer(out)
    if title:
        writer.writerow([neutralise(title)])
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    # A BOM lets Excel open UTF-8 (Khmer, Thai, Lao ...) correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    heading: str = "",
) -> None:
    """A readable sheet: bold frozen header, sensible column widths, formulas neutralised.
    With `heading`, a bold first row says what the table is and the headers come second."""
    sheet = workbook.create_sheet(title=title[:31])
    if heading:
        sheet.append([neutralise(heading)])
        sheet.cell(row=1, column=1).font = Font(bold=True)
    header_row = 2 if heading else 1
    sheet.append([neutralise(str(h)) for h in headers])
    widths = [len(str(h)) for h in headers]
    for row in rows:
        values = [neutralise(v) for v in row]
        sheet.append(values)
        for i, v in enumerate(values):
            widths[i] = max(widths[i], min(len(str(v)) if v is not None else 0, 60))
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = f"A{header_row + 1}"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], *, heading: str = ""
) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        add_sheet(workbook, title, headers, rows, heading=heading)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(
    *,
    filename: str,
    fmt: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str = "",
) -> HttpResponse:
    """Download one table as `fmt` ('csv' or 'xlsx'); filename without extension. A
    `title` (whose events a table of figures counts) is the first row, before the headers."""
    if fmt == "xlsx":
        body, content_type = xlsx_bytes([(filename, headers, rows)], heading=title), XLSX_TYPE
    else:
        body = csv_bytes(headers, rows, title=title)
        content_type, fmt = "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
