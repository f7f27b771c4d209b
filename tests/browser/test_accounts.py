from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_signing_in_from_a_link_returns_to_the_page_asked_for(page):
    page.goto("/events/")
    expect(page.get_by_role("heading", name="Sign in to Pathways")).to_be_visible()
    page.get_by_label("Username").fill("kh_officer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url("/events/")
    expect(page.get_by_role("link", name="Cambodia data officer")).to_be_visible()
