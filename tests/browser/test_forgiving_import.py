"""Issue 15's forgiving import, in the browser: a sheet with two bad rows imported without
them, and the rows left out downloaded to fix."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, confirm_import, figure, record_event, upload_sheet

pytestmark = pytest.mark.browser

PEOPLE = [
    Attendee("Synthetic Dara", "", "M", "Police officer", "CNP", "096 555 0301"),
    Attendee("Synthetic Sreymom", "", "maybe", "Prosecutor", "MoJ", "096 555 0302"),
    Attendee("Synthetic Vanna", "", "F", "Judge", "MoJ", "096 555 0303"),
    Attendee("Synthetic Bora", "", "F", "Social worker", "MoSVY", "not a phone"),
    Attendee("Synthetic Sophea", "", "F", "NGO staff", "LSCW", "096 555 0305"),
]


def test_officer_imports_the_good_rows_and_downloads_the_two_left_out(page_as, tmp_path):
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic training with a careless sign-in sheet")
    upload_sheet(page, event, "careless.csv", latin_csv(PEOPLE), CSV)

    problems = page.get_by_role("region", name="Problems to fix before importing")
    expect(problems.get_by_role("row", name=re.compile("Synthetic Sreymom"))).to_contain_text(
        "maybe"
    )
    expect(problems.get_by_role("row", name=re.compile("Synthetic Bora"))).to_contain_text(
        "not a phone"
    )
    choice = page.get_by_label(re.compile("Leave out the rows with problems \\(2 rows\\)"))
    expect(choice).not_to_be_checked()
    choice.check()
    confirm_import(page)

    expect(figure(page, "attendances added")).to_have_text("3")
    left_out = page.get_by_role("region", name="Rows left out for their problems")
    expect(left_out).to_contain_text("These 2 rows were not imported")
    with page.expect_download() as download_info:
        left_out.get_by_role("link", name="Download the rows left out (XLSX)").click()
    path = Path(tmp_path) / "left-out.xlsx"
    download_info.value.save_as(path)

    sheet = load_workbook(io.BytesIO(path.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "problem"
    assert [r[0] for r in rows[1:]] == ["Synthetic Sreymom", "Synthetic Bora"]
    assert "maybe" in rows[1][-1] and "not a phone" in rows[2][-1]
