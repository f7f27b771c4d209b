"""Casework in the browser, signing in with two factors: a case worker searches for a person
at intake, registers them, lands on the new case and adds a note; a shelter supervisor finds a
record another shelter owns and opens it under break-glass, read only."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, ROOT, sign_in

pytestmark = pytest.mark.browser

# An authenticator key of the synthetic case worker (hex, as django-otp stores it): casework
# roles sign in with two factors.
TOTP_KEY = "3132333435363738393031323334353637383930"
MAKE_CASE_WORKER = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.programs.models import Organisation
user = User.objects.create_user(username="synthetic_case_worker", password={password!r})
agency = Organisation.objects.filter(country__code="KH").order_by("pk").first()
StaffMembership.objects.create(user=user, agency=agency, role="case_worker")
TOTPDevice.objects.create(user=user, name="phone", key={key!r}, confirmed=True)
"""


@pytest.fixture(scope="module")
def case_worker(server_env: dict[str, str]) -> str:
    """A case worker of a Cambodian agency in the server's database (the demo has none)."""
    code = MAKE_CASE_WORKER.format(password=PASSWORD, key=TOTP_KEY)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return "synthetic_case_worker"


def test_intake_search_register_and_note(page: Page, base_url: str, case_worker: str):
    sign_in(page, case_worker)
    # Casework roles sign in with a code from the authenticator app as well.
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    # A user with casework roles only starts at casework.
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework")
    page.get_by_role("link", name="Intake: search and register a person").click()

    page.get_by_label("Name").fill("Synthetic Sokha")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("alert")).to_contain_text("give a phone, an identity number")
    page.get_by_label("Birth year").select_option("2004")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No existing record matches.")).to_be_visible()

    page.get_by_role("link", name="Register a person").click()
    page.get_by_label("Given name").fill("Sokha")
    page.get_by_label("Family name").fill("Synthetic")
    page.get_by_label("Mobile phone").fill("012 777 888")
    page.get_by_label("Sex").select_option(label="Female")
    page.get_by_label("Age band").select_option(label="18–24")
    page.get_by_label("Type of exploitation").select_option(label="Forced labour")
    page.get_by_role("button", name="Register and open a case").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Case KH-")
    identity = page.locator("#section-identity")
    expect(identity).to_contain_text("Sokha")
    expect(identity).to_contain_text("+85512777888")

    page.get_by_label("Section").select_option(label="Case notes")
    page.get_by_role("textbox", name="Note").fill("First meeting at the shelter")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The note is saved.")).to_be_visible()
    expect(page.locator("#section-notes")).to_contain_text("First meeting at the shelter")
    expect(page.locator("#who-accessed")).to_contain_text("Viewed")


MAKE_OWNED_CASE_AND_NIGHT_SHELTER = """
import datetime as dt
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import case_open, client_register
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
owner = Organisation.objects.create(name="Synthetic owner shelter", type="ngo", country=kh)
night = Organisation.objects.create(name="Synthetic night shelter", type="ngo", country=kh)
client = client_register(
    actor=None, country=kh, owner_agency=owner, sex="female", age_band="18-24",
    identity=ClientIdentity(first_name="Chantha", last_name="Synthetic",
                            birthdate=dt.date(2003, 5, 1), mobile_phone="012 555 666"),
    birthdate_precision="day", is_synthetic=True,
)
case_open(actor=None, client=client, sections={{"medical_notes": "Synthetic asthma inhaler"}})
user = User.objects.create_user(username="synthetic_night_lead", password={password!r})
StaffMembership.objects.create(user=user, agency=night, role="case_supervisor",
                               can_break_glass=True)
TOTPDevice.objects.create(user=user, name="phone", key={key!r}, confirmed=True)
"""


@pytest.fixture(scope="module")
def night_lead(server_env: dict[str, str]) -> str:
    """A shelter supervisor who may break the glass, and a case another shelter owns."""
    code = MAKE_OWNED_CASE_AND_NIGHT_SHELTER.format(password=PASSWORD, key=TOTP_KEY)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return "synthetic_night_lead"


def test_break_glass_from_an_intake_match_opens_the_case_read_only(
    page: Page, base_url: str, night_lead: str
):
    sign_in(page, night_lead)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Intake: search and register a person").click()
    page.get_by_label("Name").fill("Synthetic Chantha")
    page.get_by_label("Phone").fill("+855 12 555 666")
    page.get_by_role("button", name="Search").click()
    expect(
        page.get_by_text("A possible existing record at Synthetic owner shelter")
    ).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Synthetic asthma")

    page.get_by_role("link", name="Emergency: open under break-glass").click()
    page.get_by_label("Kind of emergency").select_option(label="Medical emergency")
    page.get_by_label("Why you need the case now").fill("Arrived at night short of breath")
    page.get_by_role("button", name="Open the case under break-glass").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Case KH-")
    expect(page.get_by_text("Opened under break-glass by")).to_be_visible()
    expect(page.locator("#section-medical")).to_contain_text("Synthetic asthma inhaler")
    expect(page.locator("#section-identity")).to_contain_text("Chantha")
    # Read only: no form to add a note.
    expect(page.get_by_role("button", name="Save the note")).to_have_count(0)
