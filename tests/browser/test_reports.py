from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import download_pdf

pytestmark = pytest.mark.browser


def test_manager_downloads_the_cambodia_factsheet_pdf_for_2021_22(page_as):
    page = page_as("kh_manager")
    page.goto("/home/")
    page.get_by_role("link", name="Reports").click()
    page.get_by_label("Financial year (1 July – 30 June)").select_option(label="2021–22")
    expect(page).to_have_url("/reports/?fy=2021")
    cambodia = page.get_by_role("row", name="Cambodia")
    download = download_pdf(page, cambodia.get_by_role("link", name="PDF"))
    path = download.path()
    assert download.suggested_filename.endswith(".pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Cambodia" in text and "1 July 2021 – 30 June 2022" in text
    assert "1,038" in text and "328" in text
