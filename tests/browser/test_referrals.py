"""Referrals in the browser (issue 21's "done when"), signing in with two factors:

a) a whole referral: offering without consent is refused on the page, with a link to record
   it; the consent is recorded; the referral offered; the receiving agency accepts, records
   the first contact and completes; the sender finds the outcome written back on the case
   and closes the referral;
b) expiry and escalation with the clock moved forward (the deadline service run as the
   periodic job would, at a time past the answer due): the referral shows expired, and the
   NRM coordinator finds it escalated and re-routes it to another agency;
c) the person withdraws their consent: the open (accepted) referral is revoked, and the
   receiver can no longer open the case nor its shared sections (404).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import PASSWORD, ROOT, _close, _new_page, sign_in

pytestmark = pytest.mark.browser

TOTP_KEY = "3132333435363738393031323334353637383930"
WORKER, RECEIVER, NRM = "synthetic_ref_worker", "synthetic_ref_receiver", "synthetic_ref_nrm"
RECEIVING, SECOND = "Synthetic receiving legal aid", "Synthetic second legal aid"
LEGAL_NOTE = "Synthetic hearing at Kandal court on Thursday"
MEDICAL_NOTE = "Synthetic clinic visit for a sprained wrist"
MAKE_NETWORK = """
import datetime as dt
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from pathways.accounts.models import User
from pathways.casework.models import StaffMembership
from pathways.casework.services.directory import (
    EntryInput, ProfileInput, agency_profile_save, directory_entry_add,
)
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
today = timezone.localdate()
def agency(name):
    return Organisation.objects.create(name=name, type="ngo", country=kh)
def listed(a):
    values = ProfileInput(
        htcds_type="NGO", accepts_referrals=True, data_sharing_agreement_reference="DSA synthetic",
        data_sharing_signed_on=today - dt.timedelta(days=30),
        data_sharing_expires_on=today + dt.timedelta(days=365),
    )
    agency_profile_save(actor=None, agency=a, values=values)
    directory_entry_add(actor=None, agency=a, values=EntryInput("Legal"))
def person(username, a, role):
    user = User.objects.create_user(username=username, password={password!r})
    StaffMembership.objects.create(user=user, agency=a, role=role)
    TOTPDevice.objects.create(user=user, name="phone", key={key!r}, confirmed=True)
sender = agency("Synthetic sending shelter")
receiver, second = agency({receiving!r}), agency({second!r})
listed(receiver)
listed(second)
person({worker!r}, sender, "case_worker")
person({receiver_user!r}, receiver, "case_supervisor")
person({nrm!r}, agency("Synthetic NRM secretariat"), "nrm_coordinator")
"""
# A case of the sending shelter with a legal and a medical note; with `offer`, the person's
# consent to share the summary and the legal section with both legal aids, and the case
# offered to the first one (accepted by it with `accept`). Prints the case's and the
# referral's ids.
MAKE_CASE = """
from pathways.accounts.models import User
from pathways.casework.models import Referral
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import (
    case_note_add, case_open, client_register, consent_record, referral_accept, referral_offer,
)
from pathways.programs.models import Country, Organisation
kh = Country.objects.get(code="KH")
sender = Organisation.objects.get(name="Synthetic sending shelter")
worker = User.objects.get(username={worker!r})
client = client_register(
    actor=None, country=kh, owner_agency=sender, sex="female", age_band="18-24",
    identity=ClientIdentity(first_name="Sophea", last_name="Synthetic"), is_synthetic=True,
)
case = case_open(actor=None, client=client, case_worker=worker, is_synthetic=True)
case_note_add(actor=None, case=case, text={legal!r}, section="legal")
case_note_add(actor=None, case=case, text={medical!r}, section="medical")
referral = None
if {offer!r}:
    agencies = list(Organisation.objects.filter(name__in=[{receiving!r}, {second!r}]))
    consent_record(
        actor=worker, case=case, kind="share_for_referral", decision="given", given_by="person",
        method="verbal", language="km", interpreter_used=False, capacity_note="Understood",
        recipient_agencies=agencies, sections=["summary", "legal"],
    )
    referral = referral_offer(
        actor=worker, case=case, to_agency=Organisation.objects.get(name={receiving!r}),
        service_type="Legal", urgency="urgent", shared_sections=["summary", "legal"],
    )
    if {accept!r}:
        receiver = User.objects.get(username={receiver_user!r})
        referral_accept(actor=receiver, referral=referral, version=referral.version)
print(case.pk, referral.pk if referral else 0)
"""
# The deadline service as the periodic job runs it, with the clock moved past the answer due.
RUN_DEADLINES_LATER = """
import datetime as dt
from pathways.casework.models import Referral
from pathways.casework.services import deadline_notices_send
referral = Referral.objects.get(pk={pk})
deadline_notices_send(now=referral.respond_by + dt.timedelta(hours=1))
"""
_SIGNED_IN: dict[str, Any] = {}


def _manage(env: dict[str, str], code: str) -> str:
    run = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return run.stdout.strip().splitlines()[-1] if run.stdout.strip() else ""


@pytest.fixture(scope="module")
def network(server_env: dict[str, str]) -> dict[str, str]:
    """Three agencies of Cambodia (a sending shelter, two legal aids in the directory), their
    people with an authenticator app, and the country's NRM coordinator."""
    names = {"worker": WORKER, "receiver_user": RECEIVER, "nrm": NRM}
    code = MAKE_NETWORK.format(
        password=PASSWORD, key=TOTP_KEY, receiving=RECEIVING, second=SECOND, **names
    )
    _manage(server_env, code)
    return server_env


def make_case(env: dict[str, str], *, offer: bool = False, accept: bool = False) -> list[int]:
    code = MAKE_CASE.format(
        worker=WORKER,
        receiver_user=RECEIVER,
        receiving=RECEIVING,
        second=SECOND,
        legal=LEGAL_NOTE,
        medical=MEDICAL_NOTE,
        offer=offer,
        accept=accept,
    )
    return [int(n) for n in _manage(env, code).split()]


def _sign_in_with_code(page: Page, username: str) -> None:
    sign_in(page, username)
    page.get_by_label("6-digit code from your authenticator app").fill(
        f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework")


@pytest.fixture
def open_as(
    browser: Browser, base_url: str, network: dict[str, str], request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Page]]:
    """A page signed in as the user, with two factors once per run (a code is used once)."""
    pages: list[Page] = []

    def open_page(username: str) -> Page:
        if username not in _SIGNED_IN:
            first = _new_page(browser, base_url)
            _sign_in_with_code(first, username)
            _SIGNED_IN[username] = first.context.storage_state()
            first.context.close()
        pages.append(_new_page(browser, base_url, _SIGNED_IN[username]))
        return pages[-1]

    yield open_page
    _close(pages, request)


def _fill_offer(page: Page) -> None:
    page.get_by_role("combobox", name="Agency").select_option(label=RECEIVING)
    page.get_by_role("combobox", name="Service").select_option(label="Legal")
    page.get_by_role("group", name="Urgency").get_by_label("Urgent").check()
    page.get_by_role("group", name="Sections to share").get_by_label("Legal").check()
    page.get_by_label("Details for the receiving agency").fill("Needs a lawyer for Thursday")
    page.get_by_role("button", name="Offer the referral").click()


def test_a_whole_referral(open_as: Callable[[str], Page], network: dict[str, str]):
    case_id, _none = make_case(network)
    sender = open_as(WORKER)
    sender.goto(f"/casework/cases/{case_id}/")
    sender.get_by_role("link", name="Refer to another agency").click()
    _fill_offer(sender)
    expect(sender.locator("#consent-needed")).to_contain_text("Consent for sharing is needed.")

    sender.get_by_role("link", name="Record the person's consent to share for a referral").click()
    sender.get_by_role("group", name="Decision").get_by_label("Given").check()
    sender.get_by_role("group", name="Given by").get_by_label("The person").check()
    sender.get_by_role("group", name="How it was given").get_by_label("Verbal").check()
    sender.get_by_role("group", name="Through an interpreter").get_by_label("No").check()
    sender.get_by_label("Capacity to consent").fill("Understood what is shared and with whom")
    agencies = sender.get_by_role("group", name="Agencies it may be shared with")
    agencies.get_by_label(RECEIVING).check()
    sections = sender.get_by_role("group", name="Sections of the case that may be shared")
    sections.get_by_label("Summary").check()
    sections.get_by_label("Legal").check()
    sender.get_by_role("button", name="Record the consent").click()
    expect(sender.get_by_text("The consent is recorded.")).to_be_visible()

    sender.goto(f"/casework/cases/{case_id}/referrals/new/")
    _fill_offer(sender)
    expect(sender.get_by_text(f"The referral is offered to {RECEIVING}")).to_be_visible()
    expect(sender.locator("#referral-facts")).to_contain_text("Offered")

    receiver = open_as(RECEIVER)
    receiver.goto("/casework/")
    waiting = receiver.locator("#referrals-waiting")
    expect(waiting).to_contain_text("Legal (Urgent) from Synthetic sending shelter")
    waiting.get_by_role("link").first.click()
    receiver.get_by_role("link", name="Accept the referral").click()
    receiver.get_by_role("button", name="Accept").click()
    expect(receiver.get_by_text("The referral is accepted")).to_be_visible()
    receiver.get_by_role("link", name="Record the first contact").click()
    receiver.get_by_role("button", name="Record the first contact").click()
    expect(receiver.locator("#referral-facts")).to_contain_text("In progress")
    receiver.get_by_role("link", name="Complete the referral").click()
    receiver.get_by_role("group", name="Outcome").get_by_label("Service delivered fully").check()
    receiver.get_by_label("Feedback to the sending agency").fill("Lawyer met the person twice")
    receiver.get_by_role("button", name="Complete").click()
    expect(receiver.locator("#referral-facts")).to_contain_text("Completed")

    sender.goto(f"/casework/cases/{case_id}/")
    expect(sender.locator("#referrals")).to_contain_text("Completed: Service delivered fully")
    expect(sender.locator("#care-services")).to_contain_text(RECEIVING)
    sender.locator("#referrals").get_by_role("link", name="Legal").click()
    expect(sender.locator("#referral-words")).to_contain_text("Lawyer met the person twice")
    sender.get_by_role("link", name="Acknowledge and close the referral").click()
    sender.get_by_role("button", name="Close the referral").click()
    expect(sender.locator("#referral-facts")).to_contain_text("Closed")


def test_expiry_escalation_and_reroute(open_as: Callable[[str], Page], network: dict[str, str]):
    _case, referral_id = make_case(network, offer=True)
    _manage(network, RUN_DEADLINES_LATER.format(pk=referral_id))

    sender = open_as(WORKER)
    sender.goto(f"/casework/referrals/{referral_id}/")
    expect(sender.locator("#referral-facts")).to_contain_text("Expired")

    coordinator = open_as(NRM)
    coordinator.goto("/casework/referrals/?box=escalated")
    row = coordinator.get_by_role("row").filter(has_text="Expired")
    expect(row.first).to_contain_text("escalated")
    row.first.get_by_role("link").click()
    expect(coordinator.locator("#referral-facts")).to_contain_text("escalated to the NRM")
    coordinator.get_by_role("link", name="Re-route to another agency").click()
    coordinator.get_by_label("Re-route to").select_option(label=SECOND)
    coordinator.get_by_role("button", name="Re-route").click()
    expect(coordinator.get_by_text("A new referral is offered")).to_be_visible()
    facts = coordinator.locator("#referral-facts")
    expect(facts).to_contain_text(SECOND)
    expect(facts).to_contain_text("Offered")
    expect(facts).to_contain_text("Re-routed from")


def test_withdrawn_consent_ends_the_receivers_access(
    open_as: Callable[[str], Page], network: dict[str, str]
):
    case_id, referral_id = make_case(network, offer=True, accept=True)
    receiver = open_as(RECEIVER)
    case_page = f"/casework/cases/{case_id}/"
    receiver.goto(case_page)
    expect(receiver.locator("#section-legal")).to_contain_text(LEGAL_NOTE)
    expect(receiver.locator("body")).not_to_contain_text(MEDICAL_NOTE)

    sender = open_as(WORKER)
    sender.goto(case_page)
    sender.locator("#consents").get_by_role("link", name="To share information").click()
    sender.get_by_role("link", name="Record that the person withdraws this consent").click()
    sender.get_by_label("The person withdraws this consent").check()
    sender.get_by_role("button", name="Withdraw the consent").click()
    expect(sender.get_by_text("the referrals relying on it are revoked")).to_be_visible()

    gone = receiver.goto(case_page)
    assert gone is not None and gone.status == 404
    expect(receiver.locator("body")).not_to_contain_text(LEGAL_NOTE)
    receiver.goto(f"/casework/referrals/{referral_id}/")
    expect(receiver.locator("#referral-facts")).to_contain_text("Revoked")
