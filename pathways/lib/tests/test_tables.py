from __future__ import annotations

import io

from openpyxl import load_workbook

from pathways.lib.tables import csv_bytes, neutralise, xlsx_bytes


def test_text_that_would_run_as_a_formula_is_made_inert():
    assert neutralise('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert neutralise("+855 12 345 678") == "'+855 12 345 678"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"


def test_plain_text_and_numbers_are_left_alone():
    assert neutralise("Sok Dara") == "Sok Dara"
    assert neutralise(-5) == -5
    assert neutralise(None) is None


def test_csv_starts_with_a_bom_and_keeps_khmer_text():
    data = csv_bytes(["name"], [["សុខ ដារ៉ា"], ["=1+1"]]).decode("utf-8")
    assert data.startswith("\ufeffname")
    assert "សុខ ដារ៉ា" in data
    assert "'=1+1" in data


def test_xlsx_has_a_frozen_bold_header_and_neutralised_cells():
    wb = load_workbook(io.BytesIO(xlsx_bytes([("People", ["name", "n"], [["=cmd", 3]])])))
    sheet = wb["People"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["A2"].value == "'=cmd"
    assert sheet["B2"].value == 3


def test_xlsx_with_control_characters_in_cells_and_headers_is_written_and_opens():
    data = xlsx_bytes([("People", ["name\x07"], [["Sok\x1b[31m Dara"], ["\x07=cmd"], ["a\r\nb"]])])
    sheet = load_workbook(io.BytesIO(data))["People"]
    assert [c.value for c in sheet["A"]] == ["name", "Sok[31m Dara", "'=cmd", "a\nb"]


def test_csv_cells_lose_their_control_characters():
    data = csv_bytes(["name"], [["Sok\x1b[31m\u202e Dara"]]).decode("utf-8")
    assert "Sok[31m Dara" in data


def test_a_title_comes_first_and_the_headers_stay_one_row():
    data = csv_bytes(["name", "n"], [["Sok", 3]], title="Cambodia — events run by LSCW")
    assert data.decode("utf-8").splitlines() == [
        "\ufeffCambodia — events run by LSCW",
        "name,n",
        "Sok,3",
    ]
    wb = load_workbook(io.BytesIO(xlsx_bytes([("People", ["name"], [["Sok"]])], heading="KH")))
    sheet = wb["People"]
    assert (sheet["A1"].value, sheet["A2"].value, sheet["A3"].value) == ("KH", "name", "Sok")
    assert sheet.freeze_panes == "A3" and sheet["A2"].font.bold
