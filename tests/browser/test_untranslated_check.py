"""The check for English interface strings left on a translated page finds what it should,
and leaves out what users wrote."""

from __future__ import annotations

import pytest

from tests.browser.untranslated import english_left, translation

pytestmark = pytest.mark.browser


def khmer_page(body: str) -> str:
    return (
        '<!doctype html><html lang="km"><head><title>t</title></head><body><main>'
        f"{body}</main></body></html>"
    )


def test_the_check_finds_english_strings_and_patterns_with_placeholders(page):
    page.set_content(
        khmer_page(
            f"<h1>{translation('km', 'Needs you')}</h1><p>Headline figures</p>"
            "<p>3 past events with no attendance recorded</p>"
        )
    )
    found = english_left(page, "km")
    assert "Headline figures" in found
    assert "%(n)d past events with no attendance recorded" in found
    assert "Needs you" not in found
    page.set_content(khmer_page("<h1>ទំព័រ</h1>"))  # the fixture checks the page as left


def test_the_check_leaves_out_what_users_wrote_and_words_inside_others(page):
    page.set_content(
        khmer_page(
            '<h1 translate="no">Headline figures of the donor meeting</h1>'
            '<p lang="en">All achievements</p>'
            "<p>Synthetic events about Headline figuresque things</p><p hidden>Needs you</p>"
        )
    )
    assert english_left(page, "km") == []
