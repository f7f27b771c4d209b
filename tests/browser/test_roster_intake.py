"""A mass return in the browser: a case worker uploads the roster of a group of returnees
(names in several scripts), checks it, imports it and finds each person as a draft
screening, one flagged as listed twice; a screener of the same agency, on a phone 360 px
wide, takes one of them, becomes their screener and begins the interview. Both sign in with
two factors, each in their own browser. All names are synthetic."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PASSWORD, ROOT, _close, _new_page, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
UPLOADER_KEY = "3132333435363738393031323334353637383933"
SCREENER_KEY = "3132333435363738393031323334353637383934"
MAKE_STAFF = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
agency = Organisation.objects.create(
    name="Synthetic Poipet reception centre", type="government", country=kh
)
for username, role, key in [
    ("synthetic_roster_uploader", "case_worker", {uploader_key!r}),
    ("synthetic_roster_screener", "screener", {screener_key!r}),
]:
    user = User.objects.create_user(username=username, password={password!r})
    StaffMembership.objects.create(user=user, agency=agency, role=role)
    TOTPDevice.objects.create(user=user, name="phone", key=key, confirmed=True)
"""
# Synthetic returnees: Latin, Chinese, Vietnamese and Thai scripts; row 5 repeats row 3.
ROSTER = (
    "Name,Other name,Nationality,Sex,Age,Where found\n"
    "Zhang Wei,张伟,CN,male,31,border checkpoint\n"
    "Nguyen Thi Lan,Nguyễn Thị Lan,Vietnam,female,24,border checkpoint\n"
    "Somchai Synthetic,สมชาย,TH,male,29,border checkpoint\n"
    "Maria Synthetic,,Philippines,female,35,border checkpoint\n"
    "somchai synthetic,,TH,M,29,border checkpoint\n"
)


@pytest.fixture(scope="module")
def staff(server_env: dict[str, str]) -> None:
    manage = [sys.executable, str(ROOT / "manage.py")]
    run = {"env": server_env, "check": True, "cwd": ROOT, "capture_output": True}
    subprocess.run([*manage, "casework_indicator_sets", "load", "--all"], **run)
    code = MAKE_STAFF.format(
        password=PASSWORD, uploader_key=UPLOADER_KEY, screener_key=SCREENER_KEY
    )
    subprocess.run([*manage, "shell", "-c", code], **run)


@pytest.fixture
def phone_page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The screener's own browser, on a phone, beside the uploader's."""
    page = _new_page(browser, base_url, viewport=PHONE)
    yield page
    _close([page], request)


def sign_in_with_code(page: Page, username: str, key: str) -> None:
    sign_in(page, username)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(key)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework")


def fits_the_phone(page: Page) -> None:
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_a_roster_becomes_screenings_and_a_screener_takes_one_on_a_phone(
    page: Page, phone_page: Page, staff: None, tmp_path: Path
):
    roster = tmp_path / "poipet-handover.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    uploader, screener = page, phone_page

    sign_in_with_code(uploader, "synthetic_roster_uploader", UPLOADER_KEY)
    uploader.get_by_role("link", name="Groups of returnees: rosters to screen").click()
    uploader.get_by_role("link", name="Upload a roster").click()

    def fill_form() -> None:
        uploader.get_by_label("Name of the group").fill("Synthetic Poipet handover")
        uploader.get_by_label("Arrived on").fill(dt.date.today().isoformat())
        uploader.get_by_label("Where the group was found").select_option(label="Border checkpoint")
        uploader.get_by_label("Roster (CSV or Excel workbook)").set_input_files(str(roster))

    # Checked first: what the file holds, nothing written.
    fill_form()
    uploader.get_by_role("button", name="Check the file").click()
    expect(uploader.locator("#roster-preview-title")).to_have_text(
        "The file lists 5 people, with no problems."
    )
    fill_form()
    uploader.get_by_role("button", name="Import the roster").click()

    # The group's page: five people as draft screenings, the repeated row flagged.
    expect(uploader.get_by_role("heading", level=1)).to_contain_text("Synthetic Poipet handover")
    rows = uploader.locator("table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.nth(4)).to_contain_text("same as row 4")
    for name in ("Zhang", "张伟", "Nguyễn", "สมชาย"):
        expect(uploader.locator("main")).not_to_contain_text(name)
    group_url = uploader.url

    # A screener of the agency, on a phone, takes the second person's interview.
    sign_in_with_code(screener, "synthetic_roster_screener", SCREENER_KEY)
    screener.goto(group_url)
    fits_the_phone(screener)
    screener.locator("table tbody tr").nth(1).get_by_role(
        "button", name="Take this interview"
    ).click()
    expect(screener.get_by_role("heading", level=1)).to_contain_text("Screening")
    expect(screener.locator("#state")).to_contain_text("Draft")
    screener.get_by_role("link", name="Continue the interview").click()
    screener.get_by_label("Language of the interview").select_option(value="vi")
    scam = screener.locator("#id_indicator_set option", has_text="scam compounds")
    screener.get_by_label("Set of indicators").select_option(scam.get_attribute("value"))
    fits_the_phone(screener)
    screener.get_by_role("button", name="Save and go on").click()
    expect(screener.get_by_role("heading", level=1)).to_have_text("Consent to the interview")
    expect(screener.locator("p.script")).to_have_attribute("lang", "vi")
    fits_the_phone(screener)

    # The uploader's group page now shows the person taken as the screener's.
    uploader.reload()
    expect(
        uploader.locator("table tbody tr").nth(1).get_by_role("button", name="Take this interview")
    ).to_have_count(0)
