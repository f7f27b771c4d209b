"""A case's records in the browser at phone width (360 px): a case worker assesses a case
against the twelve-domain set, adds a follow-up that is already late, and finds it overdue
in words on the case page and at the top of their casework home; no page is wider than the
screen."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, ROOT, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TOTP_KEY = "3132333435363738393031323334353637383930"
MAKE_WORKER_AND_CASE = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import Case, StaffMembership
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import case_open, client_register
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
agency = Organisation.objects.create(name="Synthetic care shelter", type="ngo", country=kh)
user = User.objects.create_user(username="synthetic_care_worker", password={password!r})
StaffMembership.objects.create(user=user, agency=agency, role="case_worker")
TOTPDevice.objects.create(user=user, name="phone", key={key!r}, confirmed=True)
client = client_register(
    actor=None, country=kh, owner_agency=agency, sex="female", age_band="18-24",
    identity=ClientIdentity(first_name="Sophea", last_name="Synthetic"), is_synthetic=True,
)
case = case_open(actor=None, client=client, case_worker=user, is_synthetic=True)
Case.objects.filter(pk=case.pk).update(stage="assessment")
print(case.pk)
"""


@pytest.fixture(scope="module")
def care_case(server_env: dict[str, str]) -> int:
    """A case worker with a case in assessment, and the domain sets loaded."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    run = {"env": server_env, "check": True, "cwd": ROOT, "capture_output": True, "text": True}
    subprocess.run([*manage, "casework_domain_sets", "load", "--all"], **run)
    code = MAKE_WORKER_AND_CASE.format(password=PASSWORD, key=TOTP_KEY)
    made = subprocess.run([*manage, "shell", "-c", code], **run)
    return int(made.stdout.strip().splitlines()[-1])


def expect_fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_assess_and_follow_up_at_phone_width(page: Page, base_url: str, care_case: int):
    page.set_viewport_size(PHONE)
    sign_in(page, "synthetic_care_worker")
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{base_url}/casework/cases/{care_case}/")
    expect(page.locator("#care-assessments")).to_contain_text("Assessment: Due")
    expect_fits_the_screen(page)

    page.get_by_role("link", name="Add an assessment").click()
    domains = page.locator("fieldset.scores")
    expect(domains).to_have_count(12)
    for i in range(12):
        domains.nth(i).get_by_role("radio").nth(2).check()
    expect_fits_the_screen(page)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("The assessment is saved.")).to_be_visible()
    expect(page.locator("#care-assessments")).to_contain_text("3 — Fair")

    page.get_by_role("link", name="Add a follow-up").click()
    page.get_by_label("What is to be done").fill("Call the family about the return")
    yesterday = dt.date.today() - dt.timedelta(days=1)
    page.get_by_label("Due on").fill(yesterday.isoformat())
    page.get_by_role("button", name="Add the follow-up").click()
    follow_ups = page.locator("#care-follow-ups")
    expect(follow_ups).to_contain_text("Overdue by 1 day")
    expect_fits_the_screen(page)

    page.goto(f"{base_url}/casework/")
    expect(page.locator("#my-cases .due-overdue").first).to_contain_text("Overdue by 1 day")
    expect_fits_the_screen(page)
