"""The axe-core check the browser tests run on every page they visit finds what it should."""

from __future__ import annotations

import pytest

from tests.browser.accessibility import violations

pytestmark = pytest.mark.browser
PLAIN = (
    '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
    "<h1>Heading</h1><p>Words.</p></main></body></html>"
)


def test_the_check_reports_an_image_without_text_and_faint_text(page):
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<p style="color:#bbb;background:#fff">faint words</p></main></body></html>'
    )
    found = " ".join(violations(page))
    assert "image-alt" in found and "color-contrast" in found
    page.set_content(PLAIN)  # the fixture checks the page as left, too


def test_the_check_passes_a_plain_page(page):
    page.set_content(PLAIN)
    assert violations(page) == []
