"""Issue 15: an organisation written in Khmer that Pathways does not know yet is named from
the import preview, saved with the person, and recognised on the next sheet without asking."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, confirm_import, record_event, upload_sheet

pytestmark = pytest.mark.browser

# "Ministry of Justice of Cambodia" in Khmer: a spelling the seed aliases do not hold.
WRITTEN = "ក្រសួងយុត្តិធម៌ នៃព្រះរាជាណាចក្រកម្ពុជា"
# Synthetic people.
FIRST = [
    Attendee("Sum Bopha", "ស៊ុំ បុប្ផា", "F", "Prosecutor", WRITTEN, "096 555 0301"),
    Attendee("Chea Ratha", "ជា រដ្ឋា", "M", "Judge", "ក្រសួងយុត្តិធម៌", "096 555 0302"),
]
SECOND = [Attendee("Nhem Sothea", "ញឹម សុធា", "F", "Prosecutor", WRITTEN, "096 555 0303")]


def test_officer_names_a_khmer_organisation_from_the_preview_and_the_next_sheet_knows_it(
    page_as,
):
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic training on trial monitoring")
    upload_sheet(page, event, "attendance.csv", latin_csv(FIRST), CSV)

    unknown = page.get_by_role("region", name="Organisations not recognised")
    expect(unknown).to_contain_text(WRITTEN)
    expect(unknown).not_to_contain_text("Chea Ratha")  # the seeded Khmer name is recognised
    choice = unknown.get_by_label(re.compile("Organisation that .* means"))
    choice.select_option(label="Ministry of Justice (MoJ)")
    unknown.get_by_role("button", name="Save as this organisation").click()

    expect(page.get_by_text(re.compile("is now recognised as Ministry of Justice"))).to_be_visible()
    expect(page.get_by_role("region", name="Organisations not recognised")).to_have_count(0)
    confirm_import(page)
    page.get_by_role("link", name="Back to the event").click()
    people = page.get_by_role("table", name="People who attended this event")
    expect(people.get_by_role("row", name=re.compile("^Sum Bopha .*MoJ"))).to_be_visible()
    expect(people.get_by_role("row", name=re.compile("^Chea Ratha .*MoJ"))).to_be_visible()

    later = record_event(page, "Synthetic follow-up on trial monitoring")
    upload_sheet(page, later, "attendance.csv", latin_csv(SECOND), CSV)
    expect(page.get_by_role("region", name="Organisations not recognised")).to_have_count(0)
    confirm_import(page)
    page.get_by_role("link", name="Back to the event").click()
    people = page.get_by_role("table", name="People who attended this event")
    expect(people.get_by_role("row", name=re.compile("^Nhem Sothea .*MoJ"))).to_be_visible()


# A department's name as a sheet might write it, which nothing on record holds (invented).
DEPARTMENT = "នាយកដ្ឋានការពារជនរងគ្រោះ"
EARLIER = [Attendee("Ouk Sreyleak", "អ៊ុក ស្រីលក្ខណ៍", "F", "Social worker", DEPARTMENT, "096 555 0311")]
LATER = [Attendee("Prak Vanny", "ប្រាក់ វណ្ណី", "F", "Social worker", DEPARTMENT, "096 555 0312")]
MOSVY = "Ministry of Social Affairs, Veterans and Youth Rehabilitation"


def test_naming_an_organisation_later_recognises_it_in_the_earlier_import(page_as):
    """The first sheet is imported with the text unrecognised; named from the next sheet's
    preview, the first sheet's person counts under the organisation too, and the page says so."""
    page = page_as("kh_officer")
    event = record_event(page, "Synthetic training on victim protection")
    upload_sheet(page, event, "attendance.csv", latin_csv(EARLIER), CSV)
    confirm_import(page)
    page.get_by_role("link", name="Back to the event").click()
    people = page.get_by_role("table", name="People who attended this event")
    earlier = people.get_by_role("row", name=re.compile("^Ouk Sreyleak"))
    expect(earlier).not_to_contain_text("MoSVY")

    later = record_event(page, "Synthetic follow-up on victim protection")
    upload_sheet(page, later, "attendance.csv", latin_csv(LATER), CSV)
    unknown = page.get_by_role("region", name="Organisations not recognised")
    choice = unknown.get_by_label(re.compile("Organisation that .* means"))
    choice.select_option(label=f"{MOSVY} (MoSVY)")
    unknown.get_by_role("button", name="Save as this organisation").click()
    expect(
        page.get_by_text(f"1 attendance from earlier imports is now counted under {MOSVY}.")
    ).to_be_visible()
    expect(
        page.get_by_text(f"1 person saved without an organisation now belongs to {MOSVY}.")
    ).to_be_visible()

    page.goto(event)
    people = page.get_by_role("table", name="People who attended this event")
    expect(people.get_by_role("row", name=re.compile("^Ouk Sreyleak .*MoSVY"))).to_be_visible()
