"""The HTCDS export in the browser, at phone width: a case worker asks to export the
person's identifiers with the summary, their supervisor approves, and the case worker
prepares the file, notes the password shown once and downloads the file, which opens with
that password only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from pathways.lib import passworded
from tests.browser.conftest import PASSWORD, ROOT, _close, _new_page, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 780}
KEYS = {
    "synthetic_export_worker": "3132333435363738393031323334353637383931",
    "synthetic_export_supervisor": "3132333435363738393031323334353637383932",
}
MAKE_CASE = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import case_open, client_register
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
shelter = Organisation.objects.create(name="Synthetic export shelter", type="ngo", country=kh)
people = {{}}
for username, role in (("synthetic_export_worker", "case_worker"),
                       ("synthetic_export_supervisor", "case_supervisor")):
    people[username] = User.objects.create_user(username=username, password={password!r})
    StaffMembership.objects.create(user=people[username], agency=shelter, role=role)
    TOTPDevice.objects.create(user=people[username], name="phone", key={keys!r}[username],
                              confirmed=True)
client = client_register(
    actor=None, country=kh, owner_agency=shelter, sex="female", age_band="18-24",
    identity=ClientIdentity(first_name="Sreypov", last_name="Synthetic"), is_synthetic=True,
)
case = case_open(actor=None, client=client, case_worker=people["synthetic_export_worker"],
                 exploitation_type="ForcedCriminality")
print(case.pk)
"""


@pytest.fixture(scope="module")
def case_pk(server_env: dict[str, str]) -> int:
    code = MAKE_CASE.format(password=PASSWORD, keys=KEYS)
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def signed_in_page(browser: Browser, base_url: str, username: str) -> Page:
    page = _new_page(browser, base_url, viewport=PHONE)
    sign_in(page, username)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(KEYS[username])):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework")
    return page


def test_an_export_with_identifiers_is_approved_then_downloaded_encrypted(
    browser: Browser, base_url: str, case_pk: int, request: pytest.FixtureRequest
):
    worker = signed_in_page(browser, base_url, "synthetic_export_worker")
    supervisor = signed_in_page(browser, base_url, "synthetic_export_supervisor")
    try:
        worker.goto(f"/casework/cases/{case_pk}/")
        worker.get_by_role("link", name="Export (HTCDS)").click()
        expect(worker.get_by_label("Summary")).to_be_checked()
        worker.get_by_label("Identity").check()
        worker.get_by_role("button", name="Export", exact=True).click()
        expect(worker.get_by_text("Your export is asked for")).to_be_visible()
        expect(worker.get_by_text("Awaiting approval")).to_be_visible()

        supervisor.goto("/casework/exports/")
        supervisor.get_by_role("link", name="KH-").first.click()
        supervisor.get_by_role("button", name="Approve the export").click()
        expect(supervisor.get_by_text("Your decision is recorded.")).to_be_visible()

        worker.reload()
        worker.get_by_role("button", name="Prepare the file").click()
        password = worker.locator("code.password").inner_text()
        with worker.expect_download() as download:
            worker.get_by_role("button", name="Download the encrypted file").click()
        assert download.value.suggested_filename.endswith(".htcds.json.pwpkg")
        assert "-synthetic_export_worker-" in download.value.suggested_filename
        package = Path(download.value.path()).read_bytes()
        assert b"Sreypov" not in package
        document = json.loads(passworded.decrypt(package, password))
        assert document["person"]["prs_FirstName"] == "Sreypov"
        assert document["victim"]["vic_TypeOfExploitation"] == ["Other"]
        assert document["export"]["exported_by"].endswith("(synthetic_export_worker)")
    finally:
        _close([worker, supervisor], request)
