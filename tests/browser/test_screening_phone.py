"""A screening taken in the field on a phone 360 px wide: a Vietnamese returnee from a scam
compound is screened with the scam-compound set, consents, answers each part, gets the
rule's suggestion, which the case worker confirms, and is referred for identification as a
presumed victim with a case in its first stage. No page is wider than the phone."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, ROOT, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TOTP_KEY = "3132333435363738393031323334353637383930"
USERNAME = "synthetic_field_screener"
MAKE_FIELD_CASE_WORKER = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.programs.models import Organisation
user = User.objects.create_user(username={username!r}, password={password!r},
                                first_name="Dara", last_name="Field")
agency = Organisation.objects.filter(country__code="KH").order_by("pk").first()
StaffMembership.objects.create(user=user, agency=agency, role="case_worker")
TOTPDevice.objects.create(user=user, name="phone", key={key!r}, confirmed=True)
"""


@pytest.fixture(scope="module")
def field_worker(server_env: dict[str, str]) -> str:
    """A case worker of a Cambodian agency who screens, and the shipped indicator sets, in
    the server's database (the demo has neither)."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    run = {"env": server_env, "check": True, "cwd": ROOT, "capture_output": True}
    subprocess.run([*manage, "casework_indicator_sets", "load", "--all"], **run)
    code = MAKE_FIELD_CASE_WORKER.format(username=USERNAME, password=PASSWORD, key=TOTP_KEY)
    subprocess.run([*manage, "shell", "-c", code], **run)
    return USERNAME


def fits_the_phone(page: Page) -> None:
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def test_scam_compound_returnee_screened_on_a_phone_becomes_a_presumed_victim(
    page: Page, base_url: str, field_worker: str
):
    page.set_viewport_size(PHONE)
    sign_in(page, field_worker)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Screenings: first contact with a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screenings")
    fits_the_phone(page)
    page.get_by_role("link", name="New screening").click()

    # The encounter and the three facts kept whatever the person decides.
    expect(page.locator("#awaits-review")).to_be_visible()
    page.get_by_label("Type of location").select_option(label="Border checkpoint")
    page.get_by_label("Province").fill("Banteay Meanchey")
    page.get_by_label("Sex").select_option(label="Male")
    page.get_by_label("Age band").select_option(label="25–34")
    page.get_by_label("Nationality").fill("VN")
    page.get_by_label("Language of the interview").select_option(label="Vietnamese (Tiếng Việt)")
    scam = page.locator("#id_indicator_set option", has_text="scam compounds")
    expect(scam).to_contain_text("awaits national review")
    page.get_by_label("Set of indicators").select_option(scam.get_attribute("value"))
    fits_the_phone(page)
    page.get_by_role("button", name="Start: consent").click()

    # Consent: the script in Vietnamese naming the screener and the agency, six items.
    expect(page.get_by_role("heading", level=1)).to_have_text("Consent to the interview")
    script = page.locator("p.script")
    expect(script).to_contain_text("Dara Field")
    expect(script).to_have_attribute("lang", "vi")
    items = page.locator("input[type=checkbox][name^=informed_of_]")
    expect(items).to_have_count(6)
    for i in range(6):
        items.nth(i).check()
    page.get_by_label("Consents to the interview").check()
    fits_the_phone(page)
    page.get_by_role("button", name="Save and go on").click()

    # Five small pages of questions, one per dimension; every answer here is "yes".
    expect(page.locator("#awaits-review")).to_be_visible()
    for part in range(1, 6):
        expect(page.get_by_text(f"Part {part} of 5")).to_be_visible()
        yes = page.locator("input[type=radio][value=yes]")
        for i in range(yes.count()):
            yes.nth(i).check()
        fits_the_phone(page)
        last = part == 5
        button = "Save and go to the notes" if last else "Save and next part"
        page.get_by_role("button", name=button).click()

    # Notes, the restricted field and the non-punishment rule said on the page.
    expect(page.locator("#non-punishment")).to_contain_text(
        "Committing an offence is never a reason to screen someone out"
    )
    page.get_by_label("Notes on the exploitation").fill("Synthetic: recruited on Telegram")
    page.get_by_label("Acts the person says they were compelled to commit").fill(
        "Synthetic: made to send scam messages"
    )
    page.get_by_label("Shelter").check()
    fits_the_phone(page)
    page.get_by_role("button", name="Save and submit for the suggestion").click()

    # The suggestion in words, confirmed.
    expect(page.locator("#suggestion")).to_contain_text("The rule suggests: Presumed victim")
    expect(page.locator("#suggestion")).to_contain_text("Deceptive recruitment")
    fits_the_phone(page)
    page.get_by_role("button", name="Record the outcome").click()

    # Referred for identification: a client, a case in its first stage.
    expect(page.get_by_role("heading", name="Refer for identification")).to_be_visible()
    page.get_by_label("Given name").fill("Minh")
    page.get_by_label("Family name").fill("Synthetic")
    fits_the_phone(page)
    page.get_by_role("button", name="Refer as a presumed victim").click()

    expect(page.locator("#state")).to_contain_text("Presumed victim")
    expect(page.locator("#case")).to_contain_text("Presumed victim: case KH-")
    expect(page.locator("#unlawful-acts")).to_contain_text("made to send scam messages")
    fits_the_phone(page)
    number = page.locator("#case").inner_text().split("case ", 1)[1].split()[0]
    page.get_by_role("link", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Case {number}")
