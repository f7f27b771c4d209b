"""A presumed victim's case in the browser, from formal identification to closure: the case
worker schedules the interview and records the formal decision (the non-punishment notice
shows), opens the case, assesses and submits the care plan; the supervisor approves it; the
worker moves the case through reintegration and monitoring and asks to close it; the
supervisor, on a phone 360 px wide, approves the closure. Both sign in with two factors, each
in their own browser."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PASSWORD, ROOT, _close, _new_page, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

WORKER_KEY = "3132333435363738393031323334353637383931"
SUPERVISOR_KEY = "3132333435363738393031323334353637383932"
# A government agency named for formal identification in Cambodia, its case worker and
# supervisor, and a Vietnamese woman screened at the border and referred for identification,
# through the services; prints the case number.
MAKE_PRESUMED_CASE = """
from pathlib import Path
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.indicators import load_file
from pathways.casework.models import CountryCaseworkSettings, StaffMembership
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import (
    screening_refer_for_identification, screening_start, screening_submit, screening_triage,
)
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
agency = Organisation.objects.create(
    name="Synthetic provincial DoSVY", type="government", country=kh
)
settings, _ = CountryCaseworkSettings.objects.get_or_create(country=kh)
settings.formal_identifier_agencies.add(agency)
people = {{}}
for username, role, key in [
    ("synthetic_stage_worker", "case_worker", {worker_key!r}),
    ("synthetic_stage_supervisor", "case_supervisor", {supervisor_key!r}),
]:
    user = User.objects.create_user(username=username, password={password!r})
    StaffMembership.objects.create(user=user, agency=agency, role=role)
    TOTPDevice.objects.create(user=user, name="phone", key=key, confirmed=True)
    people[role] = user
worker = people["case_worker"]
indicator_set = load_file(
    Path("pathways/casework/tests/indicator_sets/test-adult-labour.json")
).indicator_set
screening = screening_start(
    actor=worker, agency=agency, location_type="border_checkpoint", sex="female",
    age_band="25-34", nationality="VN", consent_to_interview="yes",
    informed_of=["purpose", "data_use"], indicator_set=indicator_set,
)
screening = screening_submit(actor=worker, screening=screening)
screening = screening_triage(
    actor=worker, screening=screening, confirmed_outcome="presumed_victim",
    override_reason="Synthetic: passport held by the compound's managers",
)
screening_refer_for_identification(
    actor=worker, screening=screening,
    identity=ClientIdentity(first_name="Lan", last_name="Synthetic"),
)
print(screening.identification_decisions.get().case.case_number)
"""


@pytest.fixture(scope="module")
def case_number(server_env: dict[str, str]) -> str:
    code = MAKE_PRESUMED_CASE.format(
        password=PASSWORD, worker_key=WORKER_KEY, supervisor_key=SUPERVISOR_KEY
    )
    # The care plan's domains (the demo loads them too).
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "casework_domain_sets", "load", "--all"],
        env=server_env,
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


@pytest.fixture
def supervisor_page(
    browser: Browser, base_url: str, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """The supervisor's own browser, on a phone, beside the case worker's."""
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


def expect_fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def take(page: Page, button: str, stage: str) -> None:
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(f"The case is now “{stage}”.")).to_be_visible()


def test_a_presumed_victims_case_from_formal_identification_to_closure(
    page: Page, supervisor_page: Page, case_number: str
):
    worker, supervisor = page, supervisor_page
    sign_in_with_code(worker, "synthetic_stage_worker", WORKER_KEY)
    worker.get_by_role("link", name=case_number).click()
    identification = worker.locator("#identification")
    expect(identification).to_contain_text("No formal identification yet.")
    expect(identification).to_contain_text("in 15 days")
    expect(worker.locator("#case-stage")).to_contain_text("Presumed victim")

    identification.get_by_role("link", name="Schedule the interview").click()
    when = dt.datetime.now() + dt.timedelta(days=2)
    worker.get_by_label("Date and time of the interview").fill(when.strftime("%Y-%m-%dT10:00"))
    worker.get_by_role("button", name="Save the interview date").click()
    expect(worker.get_by_text("The identification interview is scheduled.")).to_be_visible()

    worker.locator("#identification").get_by_role("link", name="Record the decision").click()
    expect(worker.get_by_text("Your agency is named in Cambodia")).to_be_visible()
    worker.get_by_label("Actual victim of trafficking").check()
    worker.get_by_label("Formal", exact=True).check()
    worker.get_by_label("Form used").select_option(label="Detailed form — MoSVY/DoSVY")
    worker.get_by_role("button", name="Record the decision").click()
    expect(worker.locator(".messages")).to_contain_text("The country of origin (VN) is to be told")
    expect(
        worker.get_by_role("button", name="The person objects: do not tell their country")
    ).to_be_visible()
    expect(worker.locator("#non-punishment")).to_contain_text("Article 14(7)")
    expect(worker.locator("#identification")).to_contain_text("Formal decision of")

    take(worker, "Open the case: identified as a victim", "Open")
    take(worker, "Start the assessment", "Assessment")
    # The care plan is written and sent from its own panel, which moves the case with it.
    worker.locator("#care-plan").get_by_role("link", name="Write the care plan").click()
    worker.get_by_label("Type of plan").select_option(index=1)
    worker.get_by_label("Objectives").fill("Synthetic: safe return and income")
    worker.get_by_label("Goal 1: Domain").select_option(index=1)
    worker.get_by_label("Goal 1: Goal", exact=True).fill("Synthetic: a job near home")
    worker.get_by_label("Goal 1: Responsible").fill("Case worker")
    worker.get_by_label("Goal 1: Target date").fill(
        (dt.date.today() + dt.timedelta(days=60)).isoformat()
    )
    worker.get_by_role("button", name="Save the draft").click()
    expect(worker.get_by_text("The care plan is saved as a draft.")).to_be_visible()
    worker.get_by_role("button", name="Send to the supervisor for approval").click()
    expect(worker.locator("#case-stage")).to_contain_text("Plan awaiting approval")
    expect(worker.get_by_role("button", name="Approve the plan")).to_have_count(0)
    case_url = worker.url

    sign_in_with_code(supervisor, "synthetic_stage_supervisor", SUPERVISOR_KEY)
    supervisor.goto(case_url)
    expect_fits_the_screen(supervisor)
    supervisor.get_by_role("button", name="Approve the plan").click()
    expect(supervisor.locator("#case-stage")).to_contain_text("Services")

    worker.reload()
    take(worker, "Start reintegration", "Reintegration")
    take(worker, "Start monitoring", "Monitoring")
    worker.get_by_label("Reason for closing").select_option(label="Repatriated")
    worker.get_by_label("Note (kept as a case note)").fill("Returned home with her family")
    take(worker, "Ask to close the case", "Closure awaiting approval")
    expect(worker.get_by_role("button", name="Approve the closure")).to_have_count(0)

    supervisor.reload()
    expect(supervisor.locator("#case-stage")).to_contain_text("Closure asked for: Repatriated")
    take(supervisor, "Approve the closure", "Closed")
    expect(supervisor.locator("#case-stage")).to_contain_text("Closure approved by")
    expect(supervisor.get_by_role("button", name="Reopen the case")).to_be_visible()
    expect_fits_the_screen(supervisor)
