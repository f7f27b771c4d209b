"""`make screenshots`: the README's pictures, taken from the demo with the browser the tests
use, so they show what the application shows today. Not collected by `make test` (the file
name does not start with test_); run by naming it, as the Makefile does.

The pages: the Cambodia dashboard for 2021–22, an import preview, and the Cambodia
factsheet page for 2021–22.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, upload_sheet

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
FY = "start=2021-07-01&end=2022-06-30"


def shoot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=False)


def test_dashboard(page_as):
    page = page_as("kh_manager")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/dashboard/KH/?{FY}")
    expect(page.locator("#fig-participants")).to_have_text("1,038")
    shoot(page, "dashboard")


def test_import_preview(page_as):
    page = page_as("kh_officer")
    page.set_viewport_size(DESKTOP)
    page.goto("/events/?country=KH&sort=start_date&order=desc")
    event = page.locator("table tbody tr").first.locator("a").first.get_attribute("href")
    people = [
        Attendee("Sok Dara", "សុខ ដារ៉ា", "F", "Prosecutor", "MoJ", "096 555 0101"),
        Attendee("Chan Vibol", "ចាន់ វិបុល", "M", "Police officer", "CNP", "096 555 0102"),
        Attendee("Keo Sreyneang", "កែវ ស្រីនាង", "F", "Social worker", "MoSVY", ""),
    ]
    upload_sheet(page, event, "sign-in-sheet.csv", latin_csv(people), CSV)
    shoot(page, "import-preview")


def test_factsheet(page_as):
    page = page_as("kh_manager")
    page.set_viewport_size(DESKTOP)
    page.goto(f"/reports/factsheets/KH/?{FY}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shoot(page, "factsheet")
