"""Steps several flows share, done the way a user does them: through the pages."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

# Dates in the financial year 2022-23, the demo's latest: events recorded by the flows stay
# out of the Cambodia 2021-22 figures that other flows check.
START = "2023-05-15"
END = "2023-05-16"


def record_event(
    page: Page,
    title: str,
    *,
    event_type: str = "Training / capacity development",
    start: str = START,
    end: str = END,
    lead: str = "Ministry of Social Affairs, Veterans and Youth Rehabilitation (MoSVY)",
) -> str:
    """Record a Cambodian event from the event list; returns the event page's path."""
    page.goto("/events/")
    page.get_by_role("link", name="Record an event").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Type").select_option(label=event_type)
    page.get_by_label("Start date").fill(start)
    page.get_by_label("End date").fill(end)
    # A Cambodian officer's only country is already chosen; choosing it again would reload
    # the provinces (htmx) and could drop a province picked meanwhile.
    expect(page.get_by_label("Country").locator("option:checked")).to_have_text("Cambodia")
    page.get_by_label("Province").select_option(label="Phnom Penh")
    page.get_by_label("Lead organisation").select_option(label=lead)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    return re.sub(r"^https?://[^/]+", "", page.url)


def upload_sheet(page: Page, event_path: str, name: str, data: bytes, mime: str) -> None:
    """From the event page to the import preview of this file."""
    page.goto(event_path)
    page.get_by_role("link", name="Import attendance from a sheet").click()
    page.get_by_label("Attendance sheet").set_input_files(
        {"name": name, "mimeType": mime, "buffer": data}
    )
    page.get_by_role("button", name="Read the sheet").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()


def import_sheet(page: Page, event_path: str, name: str, data: bytes, mime: str) -> None:
    """Upload, accept the proposed columns, confirm, and come back to the event page."""
    upload_sheet(page, event_path, name, data, mime)
    confirm_import(page)
    page.get_by_role("link", name="Back to the event").click()


def confirm_import(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^Import \d+ attendances?$")).click()
    expect(page.get_by_role("heading", name="Import report")).to_be_visible()


def figure(page: Page, label: str) -> Locator:
    """The number shown above a figure's label ('rows read', 'new persons' ...)."""
    label_span = page.get_by_text(label, exact=True)
    return page.locator(".figure").filter(has=label_span).locator(".value")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"
