"""At phone width (390 × 844): the navigation folds into a menu button, filters fold behind
a button above the results, tables keep their key columns in view, charts keep labels of
11 px at least, and no page is wider than the screen. In English and in Khmer."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, record_event, upload_sheet

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def choose_language(page: Page, language: str) -> None:
    page.goto("/program/")
    page.locator("#lang-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.fixture
def on_phone(page_as):
    """`on_phone("kh_officer", "km")`: a signed-in page at phone width in that language. The
    language is the user's saved choice: it is set back to English afterwards, so other
    flows read English."""
    switched: list[Page] = []

    def open_page(persona: str, language: str = "en") -> Page:
        page = page_as(persona)
        page.set_viewport_size(PHONE)
        if language != "en":
            choose_language(page, language)
            switched.append(page)
        return page

    yield open_page
    for page in switched:
        choose_language(page, "en")


def expect_fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def expect_in_view(page: Page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def smallest_chart_label_px(page: Page) -> float:
    """The smallest chart text as drawn: its font size times the chart's scale."""
    return page.evaluate(
        """() => Math.min(...Array.from(document.querySelectorAll('svg.chart text')).map(t => {
            const svg = t.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale;
        }))"""
    )


@pytest.mark.parametrize("language", ["en", "km"])
def test_home_folds_its_navigation_behind_a_menu_button(on_phone, language):
    page = on_phone("kh_officer", language)
    page.goto("/")
    expect_fits_the_screen(page)
    menu = page.locator("button.nav-toggle")
    links = page.locator("#nav-menu")
    expect(menu).to_be_visible()
    expect(links).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(links).to_be_visible()
    expect(links.locator("a[href='/events/']")).to_be_visible()
    menu.click()
    expect(links).to_be_hidden()
    expect(page.locator("#needs-heading")).to_be_visible()
    assert smallest_chart_label_px(page) >= 11


def test_desktop_shows_the_navigation_without_a_menu_button(page_as):
    page = page_as("kh_officer")
    page.goto("/")
    expect(page.locator("button.nav-toggle")).to_be_hidden()
    expect(page.locator("#nav-menu a[href='/events/']")).to_be_visible()
    expect(page.get_by_role("button", name="Show events")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "km"])
def test_events_list_folds_its_filters_and_keeps_title_date_and_participants(on_phone, language):
    page = on_phone("kh_officer", language)
    page.goto("/events/")
    expect_fits_the_screen(page)
    filters = page.locator("#event-filters")
    expect(filters).to_be_hidden()
    page.locator("button[aria-controls='event-filters']").click()
    expect(filters).to_be_visible()
    row = page.locator("table.stack tbody tr").first
    for cell in (row.locator("td").nth(0), row.locator("td").nth(1), row.locator("td").nth(5)):
        expect(cell).to_be_visible()
        expect_in_view(page, cell)
    # The other columns stack under the key ones, each with its header's words.
    expect(row.locator("td").nth(3)).to_have_attribute("data-label", re.compile(".+"))


def test_an_event_and_its_attendance_fit_a_phone(on_phone):
    page = on_phone("kh_officer")
    page.goto("/events/?country=KH&sort=participants&order=desc")
    page.locator("table.stack tbody tr").first.locator("a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect_fits_the_screen(page)
    name = page.locator("table.stack tbody tr").first.locator("td.key").first
    expect(name).to_be_visible()
    expect_in_view(page, name)


def test_import_preview_fits_a_phone(on_phone):
    page = on_phone("kh_officer")
    page.set_viewport_size({"width": 1280, "height": 900})  # recording the event: desktop
    path = record_event(page, "Synthetic phone-width check")
    page.set_viewport_size(PHONE)
    attendees = [Attendee("Sok Dara", "សុខ ដារ៉ា", "F", "Prosecutor", "MoJ", "096 555 0901")]
    upload_sheet(page, path, "phone.csv", latin_csv(attendees), CSV)
    expect_fits_the_screen(page)
    name = page.locator("table.stack tbody tr").first.locator("td.key").first
    expect(name).to_contain_text("Sok Dara")
    expect_in_view(page, name)


@pytest.mark.parametrize("language", ["en", "km"])
def test_factsheet_page_fits_a_phone(on_phone, language):
    page = on_phone("kh_manager", language)
    page.goto("/reports/factsheets/KH/?start=2021-07-01&end=2022-06-30")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect_fits_the_screen(page)
