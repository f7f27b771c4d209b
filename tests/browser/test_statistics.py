"""Statistics releases and ACTIP obligations in the browser (issue 22), as people click through:

a) a release: Cambodia's casework statistician (two factors) makes a draft for a year with
   synthetic identified people and sees its tables with "<11", "x" and ranges and the rule
   under them; the data-protection focal point returns it with a note, the statistician
   counts again, the focal point approves (with the keyboard only), the statistician
   publishes; the country manager finds it in the list, opens it, and its PDF and XLSX
   files download;
b) the obligations matrix: the MEL admin opens the regional matrix (every member state
   listed), opens Cambodia's page, sets one article's status with a note and evidence, and
   finds it on the matrix.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from pathways.demo.casework.people import current_code
from tests.browser.conftest import PDF_WAIT, ROOT, _close, _new_page, download_pdf, sign_in

pytestmark = pytest.mark.browser

# A year before the demo's statistics cohort: the only identifications counted in it are
# the ones built here, and the demo has no release for it.
YEAR = 2022
WOMEN, MEN, CHILDREN = 23, 12, 4
RETURN_NOTE = "Synthetic note: check the children's row before it goes out"
OBLIGATION_NOTE = "Synthetic note: the national referral mechanism covers every province"
MEMBER_STATES = [
    "Brunei Darussalam",
    "Cambodia",
    "Indonesia",
    "Lao PDR",
    "Malaysia",
    "Myanmar",
    "Philippines",
    "Singapore",
    "Thailand",
    "Viet Nam",
]
# People formally identified in Cambodia in YEAR, built with the statistics tests' helpers;
# refuses to run if a release of that year exists (the flow makes the first one).
MAKE_IDENTIFIED = """
from pathways.casework.models import Client
from pathways.casework.tests.conftest import make_agency, open_case_for
from pathways.programs.models import Country
from pathways.stats.models import StatRelease
from pathways.stats.tests.helpers import at, identify, person
import datetime as dt
kh = Country.objects.get(code="KH")
assert not StatRelease.objects.filter(country=kh, year={year}).exists()
shelter = make_agency(kh, "Synthetic statistics shelter")
groups = [
    (Client.Sex.FEMALE, Client.AgeBand.ADULT_25_34, {women}),
    (Client.Sex.MALE, Client.AgeBand.ADULT_25_34, {men}),
    (Client.Sex.FEMALE, Client.AgeBand.CHILD_12_17, {children}),
]
day = 0
for sex, age_band, count in groups:
    for _ in range(count):
        client = person(kh, shelter, sex=sex, age_band=age_band)
        case = open_case_for(client, opened_on=dt.date({year}, 1, 2))
        identify(case, at({year}, 3 + day % 9, 1 + day % 27))
        day += 1
"""
_SIGNED_IN: dict[str, Any] = {}


@pytest.fixture(scope="module")
def identified(server_env: dict[str, str]) -> dict[str, str]:
    code = MAKE_IDENTIFIED.format(year=YEAR, women=WOMEN, men=MEN, children=CHILDREN)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=server_env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    return server_env


def _sign_in_with_code(page: Page, username: str) -> None:
    sign_in(page, username)
    page.get_by_label("6-digit code from your authenticator app").fill(current_code())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casework")


@pytest.fixture
def casework_as(
    browser: Browser, base_url: str, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Page]]:
    """A page signed in as a demo casework persona, with two factors once per run."""
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


def _cells(page: Page, shown: str):
    return page.locator("table[data-table] td").filter(has_text=re.compile(f"^{shown}$"))


def _shows_the_rules(page: Page) -> None:
    """The release's tables as published: counts under 11, hidden counts, ranges, the rule."""
    expect(
        page.locator("caption").filter(has_text="Victims identified, by sex").first
    ).to_be_visible()
    expect(_cells(page, "<11").first).to_be_visible()
    expect(_cells(page, "x").first).to_be_visible()
    expect(_cells(page, r"\d+–\d+").first).to_be_visible()
    rule = page.locator(".stat-table .help").first
    expect(rule).to_contain_text("Counts under 11 are shown as <11.")
    expect(rule).to_contain_text("A count shown as x is 11 or more")


def test_a_release_drafted_reviewed_published_and_read(
    casework_as: Callable[[str], Page],
    page_as: Callable[[str], Page],
    identified: dict[str, str],
):
    statistician = casework_as("kh_statistician")
    statistician.goto("/statistics/")
    statistician.get_by_role("link", name="Releases in preparation (your workspace)").click()
    expect(statistician.get_by_role("heading", level=1)).to_have_text("Releases in preparation")
    draft_form = statistician.get_by_role("region", name="New draft")
    expect(draft_form.get_by_label("Country").locator("option:checked")).to_have_text("Cambodia")
    draft_form.get_by_label("Year").fill(str(YEAR))
    draft_form.get_by_role("button", name="Make the draft").click()
    expect(statistician.get_by_text("The draft is made.")).to_be_visible()
    expect(statistician.get_by_role("heading", level=1)).to_contain_text(str(YEAR))
    expect(statistician.get_by_role("note")).to_contain_text("A draft: not published.")
    expect(statistician.locator("dl.facts")).to_contain_text("Draft")
    _shows_the_rules(statistician)
    # No file of a draft, and the statistician does not review their own draft.
    expect(statistician.get_by_role("link", name="Download as PDF")).to_have_count(0)
    expect(statistician.get_by_role("link", name="Review this release")).to_have_count(0)
    release_path = re.sub(r"^https?://[^/]+", "", statistician.url)

    focal_point = casework_as("kh_dpo")
    focal_point.goto("/statistics/workspace/")
    waiting = focal_point.get_by_role("region", name="Waiting for your review")
    waiting.get_by_role("link", name=f"Cambodia {YEAR}").click()
    expect(focal_point.get_by_role("heading", level=1)).to_contain_text("Review:")
    _shows_the_rules(focal_point)
    decision = focal_point.get_by_role("group", name="Your decision")
    decision.get_by_label("Return to the statistician with a note").check()
    focal_point.get_by_role("button", name="Record the review").click()
    # Refused: the summary links to the note, which says what is missing.
    expect(focal_point.get_by_role("link", name="Note: Say what should change")).to_be_visible()
    expect(focal_point.get_by_role("textbox", name="Note")).to_have_accessible_description(
        re.compile("Say what should change before it is published.")
    )
    focal_point.get_by_role("textbox", name="Note").fill(RETURN_NOTE)
    focal_point.get_by_role("button", name="Record the review").click()
    expect(focal_point.get_by_text("Your review is recorded")).to_be_visible()
    expect(focal_point.get_by_role("region", name="Waiting for your review")).to_contain_text(
        "Nothing waits for your review."
    )

    statistician.goto(release_path)
    facts = statistician.locator("dl.facts")
    expect(facts).to_contain_text("Returned")
    expect(facts).to_contain_text(RETURN_NOTE)
    statistician.get_by_role("button", name="Count again from the records").click()
    expect(statistician.get_by_text("The counts are taken again")).to_be_visible()
    expect(statistician.locator("dl.facts")).to_contain_text("Draft")

    # The focal point approves with the keyboard only: Tab to the choice, Space to pick it,
    # Tab to the button, Enter to send.
    focal_point.goto(release_path)
    focal_point.get_by_role("link", name="Review this release").focus()
    focal_point.keyboard.press("Enter")
    expect(focal_point.get_by_role("heading", level=1)).to_contain_text("Review:")
    approve = focal_point.get_by_label("Approve: the tables may be published")
    focal_point.get_by_role("link", name="The release's page").focus()
    for _ in range(10):
        focal_point.keyboard.press("Tab")
        if approve.evaluate("element => element === document.activeElement"):
            break
    expect(approve).to_be_focused()
    focal_point.keyboard.press("Space")
    expect(approve).to_be_checked()
    button = focal_point.get_by_role("button", name="Record the review")
    for _ in range(10):
        focal_point.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    expect(button).to_be_focused()
    focal_point.keyboard.press("Enter")
    expect(focal_point.get_by_text("Your review is recorded")).to_be_visible()

    statistician.goto(release_path)
    expect(statistician.locator("dl.facts")).to_contain_text("Reviewed")
    statistician.get_by_role("button", name="Publish (it will never change)").click()
    expect(
        statistician.get_by_text("The release is published. It will never change.")
    ).to_be_visible()
    expect(statistician.get_by_role("button", name="Count again from the records")).to_have_count(0)

    manager = page_as("kh_manager")
    manager.goto("/statistics/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Statistics releases")
    manager.get_by_label("Year").fill(str(YEAR))
    manager.get_by_role("button", name="Show releases").click()
    listed = manager.get_by_role("table", name="Published releases")
    row = listed.get_by_role("row").filter(has_text=str(YEAR))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Cambodia")
    row.get_by_role("link").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(str(YEAR))
    expect(manager.get_by_role("note")).to_have_count(0)
    _shows_the_rules(manager)

    pdf = download_pdf(manager, manager.get_by_role("link", name="Download as PDF"))
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes()[:5] == b"%PDF-"
    with manager.expect_download(timeout=PDF_WAIT) as xlsx:
        manager.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    assert xlsx.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes()))
    values = {
        c for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    }
    assert "<11" in values and "x" in values
    assert f"ACTIP and SOMTC tables, Cambodia, {YEAR} — Victims identified, by sex" in values


def test_the_obligations_matrix_and_one_article_set_with_evidence(page_as: Callable[[str], Page]):
    admin = page_as("admin")
    admin.goto("/reports/obligations/")
    expect(admin.get_by_role("heading", level=1)).to_have_text("ACTIP obligations")
    matrix = admin.locator("table.obligations-matrix")
    expect(matrix.locator("tbody th[scope=row]")).to_have_text(MEMBER_STATES)
    matrix.get_by_role("link", name="Cambodia", exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("ACTIP obligations of Cambodia")

    article = admin.locator("article.obligation").first
    number = article.get_attribute("id").removeprefix("article-")
    admin.get_by_role("link", name=f"Change the status of article {number}", exact=True).click()
    expect(admin.get_by_role("heading", level=1)).to_contain_text(f"Cambodia: article {number}")
    admin.get_by_role("group", name="Status").get_by_label("Partly met").check()
    admin.get_by_label("Note").fill(OBLIGATION_NOTE)
    evidence_group = admin.get_by_role("group", name="Statistics releases")
    expect(evidence_group).to_have_accessible_description(
        "Published statistics releases of this country."
    )
    releases = evidence_group.get_by_role("checkbox")
    expect(releases.first).to_be_visible()
    evidence = admin.get_by_role("group", name="Statistics releases").locator("label").first
    evidence_name = evidence.inner_text().strip()
    releases.first.check()
    admin.get_by_role("button", name="Save").click()

    saved = admin.locator(f"#article-{number}")
    expect(saved).to_contain_text("Partly met")
    expect(saved).to_contain_text(OBLIGATION_NOTE)
    expect(saved).to_contain_text(f"Statistics release: {evidence_name}")

    admin.get_by_role("link", name="ACTIP obligations", exact=True).click()
    cambodia = admin.locator("table.obligations-matrix tbody tr").filter(
        has=admin.get_by_role("rowheader", name="Cambodia")
    )
    expect(cambodia.get_by_role("link", name=f"Article {number}: Partly met")).to_be_visible()
