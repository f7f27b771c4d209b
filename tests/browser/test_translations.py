"""The Khmer translator corrects a text awaiting review and reads the correction on the page
that shows it, in Khmer, while the status page counts one more text reviewed. At desktop
width and at phone width (390 × 844). The server runs two processes: the page may come from
the one that did not save the review, which picks it up from the database within seconds."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def choose_language(page: Page, language: str) -> None:
    page.goto("/translations/")
    page.locator("#lang-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def reviewed_khmer_texts(page: Page) -> int:
    page.goto("/translations/")
    return int(page.locator('tr[data-language="km"] [data-count="reviewed"]').inner_text())


def reload_until_shown(page: Page, path: str, locator_for) -> None:
    """Open `path` again until the text shows: at most a few seconds on the other process."""
    for _attempt in range(30):
        page.goto(path)
        if locator_for(page).count():
            break
        page.wait_for_timeout(500)
    expect(locator_for(page).first).to_be_visible()


def fits_the_screen(page: Page, viewport: dict[str, int]) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width}px wide"


def correct(page: Page, english: str, khmer: str) -> None:
    """Find the English text among those awaiting review and save a correction of it."""
    page.goto("/translations/km/")
    page.locator("#review-search").fill(english)
    page.locator("form.filters button[type=submit]").click()
    entry = page.locator("li.review-entry").filter(
        has=page.locator("dd.source", has_text=re.compile(f"^{re.escape(english)}$"))
    )
    expect(entry).to_have_count(1)
    expect(entry).to_have_attribute("data-reviewed", "no")
    entry.locator("textarea").fill(khmer)
    entry.locator("button[value=correct]").click()
    expect(page.locator(".message.success")).to_be_visible()


@pytest.mark.parametrize(
    ("viewport", "english", "khmer", "path", "where"),
    [
        # The status table's column heading, on the status page itself.
        (DESKTOP, "Progress", "វឌ្ឍនភាព (បានពិនិត្យ)", "/translations/", "th"),
        # The link to the next page of texts, on the review page.
        (PHONE, "Next", "ទំព័របន្ទាប់ (បានពិនិត្យ)", "/translations/km/", "a[rel=next]"),
    ],
    ids=["desktop", "phone"],
)
def test_translator_corrects_a_text_and_reads_it_in_khmer(
    page_as, viewport, english, khmer, path, where
):
    page = page_as("km_translator")
    page.set_viewport_size(viewport)
    page.goto("/")  # a translator's home: their language's review, no programme records
    expect(page.locator('main a[href="/translations/km/"]')).to_be_visible()
    expect(page.locator('a[href="/dashboard/"]')).to_have_count(0)
    choose_language(page, "km")
    try:
        before = reviewed_khmer_texts(page)
        correct(page, english, khmer)
        fits_the_screen(page, viewport)
        reload_until_shown(page, path, lambda p: p.locator(where, has_text=khmer))
        expect(page.locator("html")).to_have_attribute("lang", "km")
        reload_until_shown(
            page,
            "/translations/",
            lambda p: p.locator(
                'tr[data-language="km"] [data-count="reviewed"]', has_text=str(before + 1)
            ),
        )
        fits_the_screen(page, viewport)
    finally:
        choose_language(page, "en")
