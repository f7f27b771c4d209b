"""A partner reads its own events' figures: every page says whose events they are, and no
Cambodia-wide target is set against them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

LABEL = "Cambodia — events run or co-run by LSCW"


def expect_no_country_percentages(page: Page) -> None:
    """LSCW's slice against Cambodia's targets read 10% (JUS-1) and 23% (PART-2)."""
    table = page.get_by_role("table").filter(has_text="PART-2")
    expect(table).not_to_contain_text(re.compile(r"(?<!\d)10%"))
    expect(table).not_to_contain_text(re.compile(r"(?<!\d)23%"))


def test_lscw_partner_reads_its_own_events_and_targets(page_as):
    page = page_as("lscw_partner")
    page.goto("/dashboard/KH/")
    page.get_by_role("link", name="Financial year 2021–22").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dashboard: {LABEL}")
    part = page.get_by_role("row").filter(has_text="PART-2")
    expect(part).to_contain_text("No target for LSCW")
    expect(page.get_by_role("row").filter(has_text="JUS-1")).to_contain_text("50%")
    expect_no_country_percentages(page)

    page.get_by_role("link", name="All indicators, reported values and downloads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Indicators against targets: {LABEL}"
    )
    expect(page.get_by_role("row").filter(has_text="PART-2")).to_contain_text("No target for LSCW")
    expect_no_country_percentages(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    first_line = download.value.path().read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line == LABEL

    page.goto("/reports/factsheets/KH/?start=2021-07-01&end=2022-06-30")
    expect(page.get_by_role("heading", level=1)).to_have_text(LABEL)
