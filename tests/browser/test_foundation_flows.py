from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_officer_signs_in_and_sees_cambodias_partners_and_focal_point(page: Page):
    sign_in(page, "kh_officer")
    page.get_by_role("link", name="My country").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cambodia")
    expect(page.get_by_text("Director General of Prosecution and Criminal Affairs")).to_be_visible()
    expect(page.get_by_text("Legal Support for Children and Women (LSCW)")).to_be_visible()


def test_a_wrong_password_shows_a_message_and_keeps_the_user_out(page: Page):
    sign_in(page, "kh_officer", "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page).to_have_url("/login/")


def test_another_countrys_manager_cannot_open_cambodia(page: Page):
    sign_in(page, "la_manager")
    response = page.goto("/countries/KH/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_signing_out_returns_to_the_sign_in_page(page: Page):
    sign_in(page, "donor")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in to Pathways")).to_be_visible()
