"""Issue 15: a blank sign-in sheet from the event page, filled in, imported, listed on the
event page, and undone."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.steps import XLSX, import_sheet, record_event

pytestmark = pytest.mark.browser


def _fill(data: bytes) -> bytes:
    """Two synthetic people written under the template's header row."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Sign-in"]
    rows = [
        ["Sim Rathana", "", "ស្រី", "1991", "Ministry of Justice", "Prosecutor"],
        ["Kong Visal", "", "Male", "", "", "Police officer"],
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_officer_fills_the_blank_sheet_imports_it_and_undoes_the_import(page_as):
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic workshop on referral pathways")
    page.goto(event)
    page.get_by_label("Column names in English and").select_option("km")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download blank sign-in sheet (Excel)").click()
    blank = download.value.path().read_bytes()
    assert load_workbook(io.BytesIO(blank))["Sign-in"]["A4"].value == "Full name / ឈ្មោះ"

    filled = _fill(blank)
    import_sheet(page, event, "filled sign-in.xlsx", filled, XLSX)
    people = page.get_by_role("table", name="People who attended this event")
    expect(people.get_by_role("row")).to_have_count(1 + 2)
    imports = page.get_by_role("table", name="Imports into this event")
    row = imports.get_by_role("row", name=re.compile("filled sign-in.xlsx"))
    expect(row).to_contain_text("2")

    row.get_by_role("link", name="Undo…").click()
    expect(page.get_by_role("heading", name="Undo an import")).to_be_visible()
    page.get_by_role("button", name="Undo the import").click()
    expect(
        page.get_by_text("The import was undone: 2 attendances and 2 persons removed.")
    ).to_be_visible()
    expect(page.get_by_role("table", name="People who attended this event")).to_have_count(0)
    expect(imports.get_by_role("row", name=re.compile("filled sign-in.xlsx"))).to_contain_text(
        "Undone"
    )

    # The same file imports again once its import is undone.
    import_sheet(page, event, "filled sign-in.xlsx", filled, XLSX)
    expect(
        page.get_by_role("table", name="People who attended this event").get_by_role("row")
    ).to_have_count(3)
