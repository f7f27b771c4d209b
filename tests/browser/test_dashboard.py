"""Cambodia's 2021-22 figures as the published factsheet has them, and what moves them."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, import_sheet, record_event

pytestmark = pytest.mark.browser

TRAINED = [
    Attendee("Nop Sophorn", "ណុប សុភ័ណ្ឌ", "F", "Prosecutor", "MoJ", "096 555 0401"),
    Attendee("Tep Bunna", "ទេព ប៊ុនណា", "M", "Judge", "MoJ", "096 555 0402"),
    Attendee("Chan Leakena", "ចាន់ លក្ខិណា", "F", "Police officer", "CNP", "096 555 0403"),
]


def open_cambodia_2021_22(page: Page) -> None:
    page.goto("/dashboard/KH/")
    page.get_by_role("link", name="Financial year 2021–22").click()
    expect(page.get_by_text("Financial year 2021–22 (1 Jul 2021 – 30 Jun 2022)")).to_be_visible()


def expect_headline(page: Page, *figures: str) -> None:
    """The figures in order: events, participants, capacity development events, trained."""
    links = page.get_by_role("region", name="Headline figures").get_by_role("link")
    expect(links).to_have_text([*figures, re.compile("^Split any figure")])


@pytest.fixture
def delete_afterwards(page_as) -> Iterator[Callable[[str], None]]:
    """Events recorded in 2021-22 are deleted after the test, through the delete page, so
    the other flows see the published figures."""
    paths: list[str] = []
    yield paths.append
    if paths:
        page = page_as("kh_manager")
        for path in paths:
            page.goto(f"{path}edit/")
            page.get_by_role("link", name="Delete this event").click()
            page.get_by_role("button", name="Delete").click()
            expect(page.get_by_role("status").filter(has_text="was deleted")).to_be_visible()


def test_cambodia_dashboard_figures_change_after_an_import(page_as, delete_afterwards):
    page = page_as("kh_manager")
    open_cambodia_2021_22(page)
    expect_headline(page, "35", "1,038", "10", "328")

    event = record_event(
        page,
        "Synthetic refresher training for justice officials",
        start="2022-06-20",
        end="2022-06-21",
    )
    delete_afterwards(event)
    import_sheet(page, event, "attendance.csv", latin_csv(TRAINED), CSV)

    open_cambodia_2021_22(page)
    expect_headline(page, "36", "1,041", "11", "331")


def test_clicking_people_trained_lists_as_many_distinct_people(page_as):
    page = page_as("kh_manager")
    open_cambodia_2021_22(page)
    page.get_by_role("link", name="328", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People trained: Cambodia")
    expect(page.get_by_text("328 distinct persons")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    # The first row says whose events are counted; the headers follow.
    assert rows[0][0] == "Cambodia"
    assert rows[1][0] == "Name"
    people = rows[2:]
    assert len(people) == 328
    assert len(set(map(tuple, people))) == 328
