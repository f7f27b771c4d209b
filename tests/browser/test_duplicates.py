from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, kobo_csv, latin_csv
from tests.browser.steps import CSV, import_sheet, record_event

pytestmark = pytest.mark.browser

SRENG = Attendee("Sreng Ponlok", "ស្រេង ពន្លក", "M", "Police officer", "CNP", "096 555 0301")


def test_officer_reviews_a_possible_duplicate_and_merges_it(page_as):
    page = page_as("kh_officer")
    first = record_event(page, "Synthetic coordination meeting", event_type="Meeting")
    import_sheet(page, first, "attendance.csv", latin_csv([SRENG]), CSV)
    second = record_event(
        page, "Synthetic technical working group", event_type="Technical working group"
    )
    in_khmer = Attendee(SRENG.latin, SRENG.khmer, "male", "police")  # no phone this time
    import_sheet(page, second, "kobo.csv", kobo_csv([in_khmer]), CSV)

    page.get_by_role("link", name="Duplicates").click()
    pair = (
        page.locator("section.duplicate-group")
        .filter(has_text="Sreng Ponlok")
        .filter(has_text="ស្រេង ពន្លក")
    )
    expect(pair.get_by_role("group", name="Keep this record")).to_be_visible()
    pair.get_by_role("link", name=re.compile("^Compare")).click()
    expect(page.get_by_role("heading", name="Are these one person?")).to_be_visible()
    expect(page.get_by_role("heading", name="Sreng Ponlok", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="ស្រេង ពន្លក", exact=True)).to_be_visible()
    page.get_by_role("radio", name="Sreng Ponlok", exact=True).check()
    page.get_by_role("button", name="Merge").click()

    expect(page.get_by_role("status")).to_contain_text("Merged into Sreng Ponlok.")
    expect(pair).to_have_count(0)
    merges = page.get_by_role("table").filter(has_text="Merged into it")
    expect(merges.get_by_role("row", name=re.compile("^Sreng Ponlok ស្រេង ពន្លក"))).to_be_visible()
    page.goto(second)
    page.get_by_role("link", name="Sreng Ponlok", exact=True).click()
    attended = page.get_by_role("table")
    expect(attended).to_contain_text("Synthetic coordination meeting")
    expect(attended).to_contain_text("Synthetic technical working group")


def _sure_match(group):
    return group.get_by_role("checkbox", name=re.compile("^Sure match"))


def test_officer_merges_two_sure_groups_at_once_and_a_group_of_three(page_as):
    page = page_as("kh_officer")
    # The same phones with names that do not quite agree: the import queues sure pairs.
    first = [
        Attendee("Touch Sokha", "", "M", "Police officer", "CNP", "096 555 0411"),
        Attendee("Chhim Rotha", "", "F", "Social worker", "MoSVY", "096 555 0412"),
        Attendee("Keo Sothea", "", "F", "Social worker", "MoSVY", "096 555 0413"),
    ]
    second = [
        Attendee("Touch Sokhan", "", "M", "Police officer", "CNP", "096 555 0411"),
        Attendee("Chhim Rothana", "", "F", "Social worker", "MoSVY", "096 555 0412"),
        Attendee("Keo Sothea", "", "F", "Social worker", "MoSVY"),  # no phone: a look
    ]
    for title, people in (
        ("Synthetic protection workshop", first),
        ("Synthetic case conference", second),
        ("Synthetic referral training", [second[2]]),
    ):
        event = record_event(page, title, event_type="Workshop")
        import_sheet(page, event, "attendance.csv", latin_csv(people), CSV)

    page.get_by_role("link", name="Duplicates").click()
    groups = page.locator("section.duplicate-group")
    touch = groups.filter(has_text="Touch Sokhan")
    chhim = groups.filter(has_text="Chhim Rothana")
    keo = groups.filter(has_text="3 records: Keo Sothea, Keo Sothea, Keo Sothea")
    expect(keo.get_by_role("checkbox", name=re.compile("^Sure match"))).to_have_count(0)
    select_all = page.get_by_role("checkbox", name="Select all sure groups on this page")
    select_all.check()
    expect(_sure_match(touch)).to_be_checked()
    select_all.uncheck()
    expect(_sure_match(chhim)).not_to_be_checked()
    _sure_match(touch).check()
    _sure_match(chhim).check()
    page.get_by_role("button", name="Merge the selected sure groups").click()
    expect(page.get_by_role("status")).to_contain_text(
        "2 groups merged (2 records merged into the suggested ones)."
    )
    expect(touch).to_have_count(0)
    expect(chhim).to_have_count(0)

    expect(keo.get_by_role("group", name="Include in the merge")).to_be_visible()
    keo.get_by_role("button", name="Merge the included records").click()
    expect(page.get_by_role("status")).to_contain_text("Merged 2 records into Keo Sothea.")
    expect(page.get_by_role("status")).to_contain_text("undone on its own under Recent merges")
    expect(keo).to_have_count(0)
    merges = page.get_by_role("table").filter(has_text="Merged into it")
    expect(merges.get_by_role("row", name=re.compile("^Keo Sothea Keo Sothea"))).to_have_count(2)
