from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_partner_switches_the_interface_to_khmer_and_back(page_as):
    page = page_as("lscw_partner")
    page.goto("/events/")
    page.get_by_label("Language").select_option(label="ខ្មែរ")

    expect(page.locator("html")).to_have_attribute("lang", "km")
    nav = page.get_by_role("navigation", name="មឺនុយមេ")  # "Main"
    expect(nav.get_by_role("link", name="ផ្ទាំងព័ត៌មាន")).to_be_visible()  # Dashboard
    expect(nav.get_by_role("link", name="ព្រឹត្តិការណ៍")).to_be_visible()  # Events
    expect(nav.get_by_role("link", name="របាយការណ៍")).to_be_visible()  # Reports
    expect(nav.get_by_role("button", name="ចាកចេញ")).to_be_visible()  # Sign out
    expect(page).to_have_url("/events/")

    nav.get_by_role("link", name="របាយការណ៍").click()  # the choice stays on the next page
    expect(page.get_by_role("navigation", name="មឺនុយមេ")).to_be_visible()

    page.get_by_label("ភាសា", exact=True).select_option(label="English")  # "Language"
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports")
    ).to_be_visible()
