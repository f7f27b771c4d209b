"""Issue 3's done-when, in the browser: a messy sign-in sheet, then a Kobo export."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, bilingual_signin_xlsx, kobo_csv, latin_csv
from tests.browser.steps import (
    CSV,
    XLSX,
    confirm_import,
    figure,
    import_sheet,
    record_event,
    upload_sheet,
)

pytestmark = pytest.mark.browser

# Synthetic people; the sex as each was written on the sheet.
SIGNIN = [
    Attendee("Chhuon Sokly", "ឈួន សុខលី", "F", "Social worker", "MoSVY", "096 555 0101"),
    Attendee("Pich Chariya", "ពេជ្រ ចរិយា", "ស្រី", "Police officer", "CNP", "096 555 0102"),
    Attendee("Huy Manith", "ហ៊ុយ ម៉ានិត", "M", "Prosecutor", "MoJ", "096 555 0103"),
    Attendee("Ou Sreynich", "អ៊ូ ស្រីនិច", "Female ", "Social worker", "MoSVY", ""),
    Attendee("Khun Sovath", "ឃុន សុវត្ថិ", "ប្រុស", "Judge", "MoJ", "096 555 0105"),
    Attendee("Hing Panha", "ហ៊ីង បញ្ញា", "f", "NGO staff", "LSCW", "096 555 0106"),
    Attendee("Lay Chantara", "ឡាយ ច័ន្ទតារា", "", "Government official", "NCCT", "096 555 0107"),
]


def test_officer_imports_a_messy_bilingual_signin_sheet_after_fixing_a_column(page_as):
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic training on victim protection standards")
    sheet = bilingual_signin_xlsx("Training on victim protection standards", SIGNIN, repeat=2)
    upload_sheet(page, event, "sign-in sheet.xlsx", sheet, XLSX)

    expect(page.get_by_text("Sheet Sign-in; header on row 4, 5.")).to_be_visible()
    rows = page.get_by_role("region", name="Rows as they will be saved")
    expect(rows).not_to_contain_text("LSCW")
    workplace = page.get_by_label("Workplace / កន្លែងធ្វើការ")
    expect(workplace).to_have_value("ignore")  # a header the importer does not know
    workplace.select_option(label="Organisation")
    page.get_by_role("button", name="Update the preview").click()
    expect(
        rows.get_by_role("row", name=re.compile("Hing Panha Woman NGO staff LSCW"))
    ).to_be_visible()

    expect(figure(page, "attendances to add")).to_have_text("7")
    expect(figure(page, "new persons")).to_have_text("7")
    expect(figure(page, "problems to fix")).to_have_text("0")
    skipped = page.get_by_role("region", name="Rows that will be skipped")
    expect(skipped).to_contain_text("Row 10: blank")
    expect(skipped).to_contain_text("Row 14: duplicate in the sheet")
    expect(skipped).to_contain_text("Row 15: totals row")
    expect(rows.get_by_role("row", name=re.compile("Pich Chariya Woman Police"))).to_be_visible()
    expect(rows.get_by_role("row", name=re.compile("Khun Sovath Man Judge"))).to_be_visible()
    expect(rows.get_by_role("row", name=re.compile("Lay Chantara Not recorded"))).to_be_visible()

    confirm_import(page)
    expect(figure(page, "attendances added")).to_have_text("7")
    page.get_by_role("link", name="Back to the event").click()
    expect(page.get_by_text("Women 4 (57%) · Men 2 (29%) · Not recorded 1 (14%)")).to_be_visible()
    people = page.get_by_role("table", name="People who attended this event")
    expect(people.get_by_role("row")).to_have_count(1 + 7)
    expect(people.get_by_role("row", name=re.compile("^Hing Panha .*Woman LSCW"))).to_be_visible()


# At a first event, written in Latin letters; the follow-up's Kobo form has them in Khmer.
MOM = Attendee("Mom Sophat", "មុំ សុផាត", "M", "Police officer", "CNP", "096 555 0201")
YON = Attendee("Yon Vannda", "យ៉ន វណ្ណដា", "F", "Prosecutor", "MoJ", "096 555 0202")
SANN = Attendee("Sann Rotha", "ស៊ាន់ រដ្ឋា", "M", "Judge", "MoJ", "096 555 0203")
IN = Attendee("In Monika", "អ៊ិន ម៉ូនីកា", "F", "Social worker", "MoSVY", "096 555 0204")
TITH = Attendee("Tith Borath", "ទិត្យ បូរ៉ាត", "male", "police", "", "096 555 0205")


def test_a_kobo_export_in_khmer_script_links_the_same_people_and_queues_an_uncertain_pair(
    page_as,
):
    page = page_as("kh_officer")
    first = record_event(page, "Synthetic dialogue on referral", event_type="Forum or dialogue")
    import_sheet(page, first, "attendance.csv", latin_csv([MOM, YON, SANN, IN]), CSV)
    second = record_event(page, "Synthetic follow-up training on referral")
    kobo_people = [
        Attendee(MOM.latin, MOM.khmer, "male", "police", phone=MOM.phone),
        Attendee(YON.latin, YON.khmer, "female", "prosecutor", phone=YON.phone),
        Attendee(SANN.latin, SANN.khmer, "male", "judge"),  # no phone: not sure it is him
        TITH,
    ]
    upload_sheet(page, second, "kobo-export.csv", kobo_csv(kobo_people), CSV)

    expect(figure(page, "attendances to add")).to_have_text("4")
    expect(figure(page, "persons already on record")).to_have_text("2")
    expect(figure(page, "new persons")).to_have_text("2")
    rows = page.get_by_role("region", name="Rows as they will be saved")
    expect(
        rows.get_by_role("row", name=re.compile("មុំ សុផាត .*same person as Mom Sophat"))
    ).to_be_visible()
    expect(
        rows.get_by_role("row", name=re.compile("ស៊ាន់ រដ្ឋា .*possibly Sann Rotha"))
    ).to_be_visible()
    confirm_import(page)

    page.get_by_role("link", name="Back to the event").click()
    page.get_by_role("link", name="Mom Sophat", exact=True).click()
    attended = page.get_by_role("table")
    expect(attended).to_contain_text("Synthetic dialogue on referral")
    expect(attended).to_contain_text("Synthetic follow-up training on referral")

    page.get_by_role("link", name="Duplicates").click()
    # One group per probable person; the reasons wait behind "Why".
    group = (
        page.locator("section.duplicate-group")
        .filter(has_text="Sann Rotha")
        .filter(has_text="ស៊ាន់ រដ្ឋា")
    )
    group.get_by_text("Why", exact=True).click()
    expect(group.locator("details")).to_contain_text("Same name in another script")
