"""The printed factsheet's two-sided version, downloaded from the page, and an achievement
translated beside its English on the edit form."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import download_pdf

pytestmark = pytest.mark.browser


def test_manager_downloads_the_two_sided_tagged_factsheet(page_as):
    page = page_as("kh_manager")
    page.goto("/reports/factsheets/KH/?start=2021-07-01&end=2022-06-30")
    expect(page.get_by_role("img", name="Map of the ASEAN member states")).to_be_visible()
    download = download_pdf(
        page, page.get_by_role("link", name="Download PDF (two A4 sides: program and country)")
    )
    assert download.suggested_filename.endswith("-en-2sides.pdf")
    path = download.path()
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           2" in info and "Tagged:          yes" in info
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Where ASEAN-ACT works" in text and "National programming on hold" in text
    assert "1,038" in text


def test_officer_writes_the_khmer_beside_the_english(page_as):
    page = page_as("kh_officer")
    page.goto("/achievements/new/")
    page.locator("#id_title").fill("Browser-tested training of prosecutors")
    page.locator("#id_text").fill("Prosecutors were trained on victim rights.")
    page.locator("#id_date").fill("2022-03-01")
    page.locator("#id_outcome_area").select_option(label="Justice outcomes")
    page.locator("summary", has_text="ខ្មែរ").click()
    page.get_by_label("Title in ខ្មែរ").fill("ការបណ្តុះបណ្តាលព្រះរាជអាជ្ញា")
    page.get_by_label("Text in ខ្មែរ").fill("ព្រះរាជអាជ្ញាត្រូវបានបណ្តុះបណ្តាល។")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The achievement is saved as a draft.")).to_be_visible()
    page.get_by_role("link", name="Edit").first.click()
    khmer = page.locator("details", has_text="ខ្មែរ")
    expect(khmer).to_have_attribute("open", "")
    expect(page.get_by_label("Text in ខ្មែរ")).to_have_value("ព្រះរាជអាជ្ញាត្រូវបានបណ្តុះបណ្តាល។")
    expect(khmer.locator('[lang="en"]')).to_contain_text("Prosecutors were trained")
