"""The referral package pages: the sending team makes the package and sees its password once,
the file offered with it and nothing cached; a case supervisor opens a package, sees what it
holds by section (no value), and confirms to register the person; a refused package says why
and writes nothing; a second import says it was imported before."""

from __future__ import annotations

import base64
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.casework.models import AccessEvent, Case, CaseworkRole, Client, ReferralPackageImport
from pathways.casework.services.referral_package import (
    referral_package_export,
    referral_package_preview,
)
from pathways.casework.tests.conftest import staff
from pathways.casework.tests.package_helpers import SHARED_VALUES, package_world
from pathways.casework.tests.pages import browser_as

pytestmark = pytest.mark.django_db
IMPORT = reverse("casework:referral_package_import")


@pytest.fixture
def world(kh, la):
    return package_world(kh, la)


def _package_url(world) -> str:
    return reverse("casework:referral_package", args=[world.referral.pk])


def test_the_sending_worker_makes_the_package_and_sees_its_password_once(world):
    browser = browser_as(world.worker)
    page = browser.get(_package_url(world))
    assert page.status_code == 200
    assert "Make the package" in page.content.decode()
    made = browser.post(_package_url(world))
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    text = made.content.decode()
    password = re.search(r'<code class="password" translate="no">([^<]+)</code>', text)[1]
    link = re.search(
        r'href="data:application/octet-stream;base64,([^"]+)" download="([^"]+)"', text
    )
    data = base64.b64decode(link[1])
    assert link[2].endswith(".pwref")
    # The file in the page opens with the password in the page, and holds no name in clear.
    assert SHARED_VALUES["first_name"] not in text
    preview = referral_package_preview(actor=world.importer, file=data, password=password)
    assert "identity" in preview.content.sections
    # Shown once: the page read again offers to make a new one, with no password.
    again = browser.get(_package_url(world))
    assert password not in again.content.decode()


def test_a_referral_through_pathways_has_no_package_to_make(world):
    world.referral.transport = "pathways"
    world.referral.save(update_fields=["transport"])
    browser = browser_as(world.worker)
    page = browser.get(_package_url(world))
    assert "goes to its agency through Pathways" in html.unescape(page.content.decode())
    refused = browser.post(_package_url(world), follow=True)
    assert "goes to its agency through Pathways" in html.unescape(refused.content.decode())
    assert not re.search(r'<code class="password"', refused.content.decode())
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


def test_the_package_page_is_the_sending_teams(world):
    legal = staff(world.sender, CaseworkRole.LEGAL_OFFICER)
    assert browser_as(legal).get(_package_url(world)).status_code == 404
    # The country's coordinator sees the referral and the case's summary, not the package.
    coordinator = staff(world.sender, CaseworkRole.NRM_COORDINATOR)
    assert browser_as(coordinator).get(_package_url(world)).status_code == 403
    assert browser_as(world.importer).get(_package_url(world)).status_code == 404


def _upload(browser, data: bytes, password: str):
    return browser.post(
        IMPORT,
        {
            "action": "preview",
            "password": password,
            "file": SimpleUploadedFile("referral.pwref", data, "application/octet-stream"),
        },
    )


def test_a_supervisor_previews_then_imports_a_package(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    browser = browser_as(world.importer)
    assert browser.get(IMPORT).status_code == 200
    preview = _upload(browser, package.content, package.password)
    assert preview.status_code == 200 and preview["Cache-Control"] == "no-store"
    text = html.unescape(preview.content.decode())
    assert "Package Sender Shelter" in text and "Given name" in text and "1 note" in text
    # Names of fields, never values.
    assert SHARED_VALUES["first_name"] not in text
    assert SHARED_VALUES["medical_notes"] not in text
    assert Client.objects.filter(owner_agency=world.receiver).count() == 0
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', text))
    done = browser.post(IMPORT, {**fields, "action": "confirm"}, follow=True)
    case = Case.objects.get(owner_agency=world.receiver)
    assert done.redirect_chain[-1][0] == reverse("casework:case_detail", args=[case.pk])
    assert SHARED_VALUES["first_name"] in done.content.decode()
    # The case page says where the case came from.
    assert "Referred by package from" in done.content.decode()
    assert world.case.case_number in done.content.decode()
    again = browser.post(IMPORT, {**fields, "action": "confirm"}, follow=True)
    assert "imported before" in html.unescape(again.content.decode())
    assert (
        ReferralPackageImport.objects.count() == 1
        and Case.objects.filter(owner_agency=world.receiver).count() == 1
    )


def test_a_wrong_password_or_a_damaged_file_is_shown_and_nothing_is_written(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    browser = browser_as(world.importer)
    wrong = _upload(browser, package.content, "not-the-password")
    assert wrong.status_code == 400
    assert "The password does not open this package" in html.unescape(wrong.content.decode())
    cut = _upload(browser, package.content[:-10], package.password)
    assert "incomplete" in cut.content.decode()
    assert Client.objects.filter(owner_agency=world.receiver).count() == 0


def test_the_import_page_is_for_case_supervisors(world):
    worker = staff(world.receiver, CaseworkRole.CASE_WORKER)
    assert browser_as(worker).get(IMPORT).status_code == 403


def test_a_confirmation_refused_says_why_and_writes_nothing(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    sender = staff(world.sender, CaseworkRole.CASE_SUPERVISOR)
    confirm = {
        "action": "confirm",
        "password": package.password,
        "package": base64.b64encode(package.content).decode("ascii"),
    }
    refused = browser_as(sender).post(IMPORT, confirm)
    assert refused.status_code == 400
    assert "Your agency sent this referral" in html.unescape(refused.content.decode())
    lost = browser_as(world.importer).post(IMPORT, {**confirm, "package": "not base64!"})
    assert "lost on the way" in lost.content.decode()
    assert ReferralPackageImport.objects.count() == 0


def test_the_referral_page_leads_the_sender_to_the_package_and_the_list_a_supervisor_to_import(
    world,
):
    detail = reverse("casework:referral_detail", args=[world.referral.pk])
    page = browser_as(world.worker).get(detail).content.decode()
    assert _package_url(world) in page
    listing = browser_as(world.importer).get(reverse("casework:referral_list")).content.decode()
    assert IMPORT in listing
    # A case worker imports nothing: no link for them.
    assert (
        IMPORT
        not in browser_as(world.worker).get(reverse("casework:referral_list")).content.decode()
    )
