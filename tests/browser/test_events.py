from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import record_event

pytestmark = pytest.mark.browser


def test_data_officer_records_an_event(page_as):
    page = page_as("kh_officer")
    record_event(page, "Synthetic workshop on referral procedures", event_type="Workshop")
    expect(page.get_by_role("status")).to_contain_text("The event was recorded.")
    facts = page.get_by_role("region", name="About this event")
    expect(facts).to_contain_text("Workshop")
    expect(facts).to_contain_text("Cambodia, Phnom Penh")
    expect(facts).to_contain_text("Ministry of Social Affairs, Veterans and Youth Rehabilitation")
    expect(facts).to_contain_text("Cambodia data officer")  # reported by
    page.get_by_role("link", name="Events", exact=True).first.click()
    expect(
        page.get_by_role("link", name="Synthetic workshop on referral procedures")
    ).to_be_visible()


def test_another_countrys_manager_gets_a_not_found_page_for_a_cambodian_event(page_as):
    officer = page_as("kh_officer")
    event_path = record_event(
        officer, "Synthetic meeting only Cambodia may see", event_type="Meeting"
    )
    page = page_as("la_manager")
    response = page.goto(event_path)
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Synthetic meeting only Cambodia may see")).to_have_count(0)
    page.goto("/events/")
    expect(page.get_by_role("link", name="Synthetic meeting only Cambodia may see")).to_have_count(
        0
    )
