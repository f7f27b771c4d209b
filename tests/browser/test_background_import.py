"""Issue 16 in the browser: a sheet above the background threshold is confirmed, the job
page shows its progress until done without a reload, and links the import report.

A server of its own runs with the threshold lowered to 3 rows, on the demo database of the
other flows, with a worker (`manage.py db_worker`) beside it, as `make run` starts them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import ROOT, _free_port, _new_page, _wait_until_up, sign_in
from tests.browser.sheets import Attendee, latin_csv
from tests.browser.steps import CSV, figure, record_event, upload_sheet

pytestmark = pytest.mark.browser

PEOPLE = [
    Attendee("Sar Bopha", "", "F", "Social worker", "MoSVY", "096 555 0601"),
    Attendee("Tep Rithy", "", "M", "Police officer", "CNP", "096 555 0602"),
    Attendee("Nhem Sokha", "", "F", "Prosecutor", "MoJ", "096 555 0603"),
    Attendee("Yim Dara", "", "M", "Judge", "MoJ", "096 555 0604"),
    Attendee("Chea Malis", "", "F", "NGO staff", "LSCW", "096 555 0605"),
]


@dataclass
class Server:
    url: str
    env: dict[str, str]
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start_worker(self) -> None:
        command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"]
        self.processes.append(subprocess.Popen([*command, "-v0"], env=self.env, cwd=ROOT))


@pytest.fixture
def background_server(server_env: dict[str, str]) -> Iterator[Server]:
    env = {**server_env, "PATHWAYS_BACKGROUND_IMPORT_ROWS": "3"}
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "pathways.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    running = Server(url=f"http://127.0.0.1:{port}", env=env, processes=[server])
    try:
        _wait_until_up(running.url + "/login/", server)
        yield running
    finally:
        for proc in running.processes:
            proc.terminate()
            proc.wait(timeout=30)


def test_a_large_sheet_is_imported_in_the_background_and_its_job_links_the_report(
    browser: Browser, background_server: Server
):
    page = _new_page(browser, background_server.url)
    try:
        sign_in(page, "kh_officer")
        event = record_event(page, "Synthetic workshop imported in the background")
        upload_sheet(page, event, "big sheet.csv", latin_csv(PEOPLE), CSV)
        page.get_by_role("button", name=re.compile(r"^Import \d+ attendances?$")).click()

        expect(page.get_by_text("it is imported in the background")).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_contain_text("big sheet.csv")
        job_url = page.url
        expect(page.get_by_text("Waiting", exact=True)).to_be_visible()
        # A worker starts and takes the job; the page follows it without a reload.
        background_server.start_worker()
        expect(page.get_by_text("Done", exact=True)).to_be_visible(timeout=60_000)
        expect(page.get_by_text("5 of 5 rows")).to_be_visible()

        page.reload()  # a page by URL: it shows the same after a reload
        expect(page.get_by_text("Done", exact=True)).to_be_visible()
        page.get_by_role("link", name="My jobs").first.click()
        expect(page.get_by_role("link", name=re.compile("big sheet.csv"))).to_be_visible()
        page.goto(job_url)
        page.get_by_role("link", name="Open the import report").click()
        expect(page.get_by_role("heading", name="Import report")).to_be_visible()
        expect(figure(page, "attendances added")).to_have_text("5")
    finally:
        page.context.close()
