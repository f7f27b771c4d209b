"""Issue 15, item 2, in the browser: a sheet in Khmer script for people on record in Latin
letters links them (saying why) and creates no one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, kobo_csv, latin_csv
from tests.browser.steps import (
    CSV,
    confirm_import,
    figure,
    import_sheet,
    record_event,
    upload_sheet,
)

pytestmark = pytest.mark.browser

PEOPLE = [
    Attendee("Chea Vibol", "ជា វិបុល", "M", "Police officer", "CNP", "096 555 0301"),
    Attendee("Nhem Sokha", "ញឹម សុខា", "F", "Prosecutor", "MoJ", "096 555 0302"),
]


def test_a_khmer_sheet_for_people_on_record_in_latin_letters_creates_no_one(page_as):
    page = page_as("kh_officer")
    first = record_event(page, "Synthetic workshop on case management")
    import_sheet(page, first, "attendance.csv", latin_csv(PEOPLE), CSV)
    second = record_event(page, "Synthetic follow-up on case management")
    khmer = [Attendee(p.latin, p.khmer, p.sex, p.position, phone=p.phone) for p in PEOPLE]
    upload_sheet(page, second, "kobo-export.csv", kobo_csv(khmer), CSV)

    rows = page.get_by_role("region", name="Rows as they will be saved")
    expect(
        rows.get_by_role(
            "row",
            name=re.compile(r"ជា វិបុល .*same person as Chea Vibol \(same phone, names agree\)"),
        )
    ).to_be_visible()
    expect(
        rows.get_by_role("row", name=re.compile("ញឹម សុខា .*same person as Nhem Sokha"))
    ).to_be_visible()
    expect(figure(page, "new persons")).to_have_text("0")
    confirm_import(page)

    expect(figure(page, "persons created")).to_have_text("0")
    expect(figure(page, "persons matched")).to_have_text("2")
    expect(page.get_by_text("possible duplicate")).to_have_count(0)
