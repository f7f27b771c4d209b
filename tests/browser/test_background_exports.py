"""Exports as jobs in the browser: the donor prepares the donor workbook on the Reports page,
follows its job until a worker has made it, and downloads the file the job page offers.

The demo server of the other flows serves the pages; a worker (`manage.py db_worker`) runs
beside it on the same database and var/ folder, as `make run` starts them.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def start_worker(server_env: dict[str, str]) -> Iterator[Callable[[], None]]:
    processes: list[subprocess.Popen] = []

    def start() -> None:
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
        processes.append(subprocess.Popen([*command, "-v0"], env=server_env, cwd=ROOT))

    yield start
    for proc in processes:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_donor_prepares_the_workbook_and_downloads_it_from_its_job(
    page_as: Callable[[str], Page], start_worker: Callable[[], None]
):
    page = page_as("donor")
    page.goto("/reports/")
    page.get_by_role("button", name="Prepare the donor workbook (XLSX)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Donor workbook")
    expect(page.get_by_text("Waiting", exact=True)).to_be_visible()
    download_link = page.get_by_role("link", name=re.compile(r"^Download donor-workbook-"))
    expect(download_link).to_have_count(0)
    # A worker takes the job; the page follows it without a reload and offers the file.
    start_worker()
    expect(page.get_by_text("Done", exact=True)).to_be_visible(timeout=60_000)
    expect(download_link).to_be_visible()

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert re.fullmatch(r"donor-workbook-\d{8}\.xlsx", download.suggested_filename)
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["Figures", "Indicators", "Events", "Achievements"]
    # The job stays under "My jobs", with its file, for the retention time.
    page.get_by_role("link", name="My jobs").first.click()
    expect(page.get_by_role("link", name="Donor workbook").first).to_be_visible()
