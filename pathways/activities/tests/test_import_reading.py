"""Reading sheets: every format and encoding organisers send, and files that are not sheets."""

from __future__ import annotations

import io
import zipfile

import pytest

from pathways.activities.tests.import_sheets import csv_bytes, xlsx_bytes
from pathways.lib.spreadsheets import SpreadsheetError, read_sheets, sniff_delimiter

THAI = [["ชื่อ-นามสกุล", "เพศ"], ["สมชาย ใจดี", "ชาย"]]
LATIN = [["Name", "Sex"], ["José Müller", "M"]]


def _rows(data: bytes) -> list[list[str]]:
    return read_sheets(data)[0].rows


def test_xlsx_merged_cells_read_as_they_look():
    data = xlsx_bytes([["Attendance list"], ["Name", "Sex"], ["Sok Dara", "M"]], merges=["A1:B1"])
    rows = _rows(data)
    assert rows[0] == ["Attendance list", "Attendance list"]
    assert rows[2] == ["Sok Dara", "M"]


def test_xlsx_numbers_and_dates_read_as_people_see_them():
    import datetime as dt

    rows = _rows(
        xlsx_bytes(
            [["Name", "Born", "Phone", "Score"], ["A", dt.date(1985, 3, 2), 85512345678, 7.5]]
        )
    )
    assert rows[1] == ["A", "1985-03-02", "85512345678", "7.5"]


def test_xlsx_hidden_sheets_are_not_read():
    data = xlsx_bytes([["Name", "Sex"], ["Visible", "F"]], hidden_first=[["Secret"]])
    sheets = read_sheets(data)
    assert [s.name for s in sheets] == ["Attendance"]


def test_leading_empty_rows_keep_spreadsheet_row_numbers():
    rows = _rows(xlsx_bytes([[], [], ["Name", "Sex"]]))
    assert rows[2] == ["Name", "Sex"]


@pytest.mark.parametrize(
    ("rows", "encoding", "bom"),
    [
        (THAI, "utf-8", True),
        (THAI, "utf-8", False),
        (THAI, "utf-16", False),
        (THAI, "utf-16-le", False),
        (THAI, "tis-620", False),
        (LATIN, "cp1252", False),
        ([["Họ và tên", "Giới tính"], ["Nguyễn Thị Hoa", "nữ"]], "utf-8", True),
        ([["ឈ្មោះ", "ភេទ"], ["សុខ ដារា", "ប្រុស"]], "utf-16", False),
    ],
)
def test_csv_in_common_encodings(rows, encoding, bom):
    assert _rows(csv_bytes(rows, encoding=encoding, bom=bom)) == rows


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters_are_sniffed(delimiter):
    rows = [["Title of the workshop"], ["Name", "Sex", "Phone"], ["Sok, Dara", "M", "012 345 678"]]
    assert _rows(csv_bytes(rows, delimiter=delimiter))[1:] == rows[1:]


def test_sniffing_prefers_the_consistent_delimiter():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5;6\n") == ";"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n  ", "empty"),
        (b"%PDF-1.7\n\x00\x01\x02\x03\xff\xfe", "not a spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet"),
        (b"PK\x03\x04truncated", "damaged"),
    ],
)
def test_files_that_are_not_sheets_get_a_specific_message(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_sheets(data)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(SpreadsheetError, match="ZIP archive, not a spreadsheet"):
        read_sheets(out.getvalue())


def test_a_truncated_workbook_is_refused():
    data = xlsx_bytes([["Name", "Sex"], ["A", "F"]])
    with pytest.raises(SpreadsheetError, match="damaged"):
        read_sheets(data[: len(data) // 2])


def test_a_file_over_the_size_limit_is_refused():
    with pytest.raises(SpreadsheetError, match="largest file accepted"):
        read_sheets(b"Name,Sex\n" * 1000, max_bytes=100)


def test_a_file_named_xlsx_that_holds_csv_is_read_by_its_content():
    assert _rows(b"Name,Sex\nSok Dara,M\n")[1] == ["Sok Dara", "M"]
