"""Casework in the browser: a case worker searches for a person at intake, registers them,
lands on the new case and adds a note."""

from __future__ import annotations

import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, ROOT, sign_in

pytestmark = pytest.mark.browser

MAKE_CASE_WORKER = """
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.programs.models import Organisation
user = User.objects.create_user(username="synthetic_case_worker", password={password!r})
agency = Organisation.objects.filter(country__code="KH").order_by("pk").first()
StaffMembership.objects.create(user=user, agency=agency, role="case_worker")
"""


@pytest.fixture(scope="module")
def case_worker(server_env: dict[str, str]) -> str:
    """A case worker of a Cambodian agency in the server's database (the demo has none)."""
    code = MAKE_CASE_WORKER.format(password=PASSWORD)
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
