"""Issue 15, item 6: a factsheet published from its page stays as published; the
publication's page shows its figures beside today's and names the import in between."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import download_pdf
from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, import_sheet, record_event

pytestmark = pytest.mark.browser

# The demo's latest financial year, where the flows record their events.
FY_2022 = "/reports/factsheets/KH/?start=2022-07-01&end=2023-06-30"
LATECOMERS = [
    Attendee("Synthetic Latecomer One", "", "F", "Social worker", "MoSVY"),
    Attendee("Synthetic Latecomer Two", "", "M", "Police officer", "CNP"),
]


def test_officer_publishes_a_factsheet_and_sees_it_as_published_beside_now(page_as):
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic forum after publishing")
    page.goto(FY_2022)
    page.get_by_role("link", name="Publish…").click()
    expect(page.get_by_text("Publish the factsheet of Cambodia")).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()

    expect(page).to_have_url(re.compile(r"/reports/publications/\d+/$"))
    publication = page.url
    as_published = re.compile(r"^As published on .+ by Cambodia data officer\.$")
    expect(page.get_by_text(as_published)).to_be_visible()
    expect(page.get_by_text("Every figure is unchanged since it was published.")).to_be_visible()
    download = download_pdf(
        page, page.get_by_role("link", name=re.compile(r"^Download factsheet-KH-"))
    )
    assert download.path().read_bytes().startswith(b"%PDF-")

    import_sheet(page, event, "latecomers.csv", latin_csv(LATECOMERS), CSV)
    page.goto(publication)
    expect(page.get_by_text(as_published)).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(r"^1 import added since \(\d+ rows read, 2 attendances added\)\.")
        )
    ).to_be_visible()
    participants = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Participants", exact=True)
    )
    expect(participants.get_by_role("cell").last).to_have_text("+2")
    other = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Participants: other", exact=True)
    )
    expect(other.get_by_role("cell").last).to_have_text("unchanged")

    page.goto("/reports/")
    page.get_by_role("link", name="See the publications").click()
    expect(page.get_by_role("heading", name="Publications", level=1)).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Factsheet \\(PDF\\).*Cambodia"))
    ).not_to_have_count(0)
