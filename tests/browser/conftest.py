"""Browser tests: a real server (gunicorn) on its own demo database, driven by Chromium.

The server runs in a subprocess with a fresh database per test worker, loaded with
`load_demo`, so the flows see what a user of the demo sees. With DATABASE_URL pointing at
PostgreSQL the server uses a scratch PostgreSQL database; otherwise a temporary SQLite file.
Screenshots of failed tests are kept in test-results/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from playwright.sync_api import Browser, Download, Locator, Page, expect, sync_playwright

from tests.browser.accessibility import check_visited, record_visits

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results"
PASSWORD = os.environ.get("DEMO_PASSWORD", "pathways-demo")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


# A factsheet PDF is laid out several times until it fits its pages: seconds, and more on a
# loaded test machine, so its download waits longer than a click on a page does.
PDF_WAIT = 90_000  # milliseconds


def download_pdf(page: Page, link: Locator) -> Download:
    """Click a link to a PDF the server renders and wait for the file."""
    with page.expect_download(timeout=PDF_WAIT) as download:
        link.click(timeout=PDF_WAIT)
    return download.value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url(tmp: Path, worker: str) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    config = dj_database_url.parse(url)
    # Named after the database in DATABASE_URL: engineers sharing one PostgreSQL server each
    # get their own scratch database instead of dropping each other's.
    name = f"{config['NAME'] or 'pw'}_browser_{worker}"
    admin = dict(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"],
        dbname="postgres",
        autocommit=True,
    )
    with psycopg.connect(**admin) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + "/" + name


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"The test server exited with code {proc.returncode}.")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"The test server did not answer at {url} within {seconds}s.")


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("browser")
    env = {**os.environ, "PATHWAYS_VAR_DIR": str(tmp), "PATHWAYS_MEDIA_ROOT": str(tmp / "up")}
    env["DATABASE_URL"] = _database_url(tmp, worker_id)
    env["AXES_FAILURE_LIMIT"] = "50"
    env["PATHWAYS_DEBUG"] = "0"  # the pages users see, not Django's debugging pages
    env["PATHWAYS_EMAIL_FILE_DIR"] = str(tmp / "mail")  # emails as files the tests can read
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, capture_output=True)
    return env


@pytest.fixture(scope="session")
def base_url(server_env: dict[str, str]) -> Iterator[str]:
    port = _free_port()
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    proc = subprocess.Popen(
        [
            gunicorn or "gunicorn",
            "pathways.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        env=server_env,
        cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url + "/login/", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium where it is installed; Playwright's own browser elsewhere."""
    system = Path("/usr/bin/chromium")
    with sync_playwright() as p:
        launch = {"headless": True, "args": CHROMIUM_FLAGS}
        if system.exists():
            launch["executable_path"] = str(system)
        browser = p.chromium.launch(**launch)
        yield browser
        browser.close()


def _new_page(
    browser: Browser, base_url: str, storage_state: Any = None, viewport: Any = None
) -> Page:
    """A page in a fresh context; with `viewport`, every page of the context has that size,
    so axe-core checks the pages a test visited at the width the test saw them."""
    options = {"viewport": viewport} if viewport else {}
    context = browser.new_context(
        base_url=base_url,
        accept_downloads=True,
        locale="en-GB",
        storage_state=storage_state,
        **options,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    record_visits(page)
    return page


def _close(pages: list[Page], request: pytest.FixtureRequest) -> None:
    """Check what the pages visited with axe-core (a passed test fails on any violation),
    then close the pages' contexts, keeping a screenshot of each when the test failed."""
    problems: list[str] = []
    if not getattr(request.node, "failed_call", False):
        for page in pages:
            problems += check_visited(page)
    for n, page in enumerate(pages):
        if getattr(request.node, "failed_call", False):
            RESULTS.mkdir(exist_ok=True)
            suffix = f"-{n}" if n else ""
            path = RESULTS / f"{request.node.name}{suffix}.png"
            page.screenshot(path=str(path), full_page=True)
        page.context.close()
    if problems:
        pytest.fail("Accessibility (axe-core, WCAG 2.1 A and AA):\n" + "\n".join(problems))


@pytest.fixture
def page(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context, signed out."""
    page = _new_page(browser, base_url)
    yield page
    _close([page], request)


@pytest.fixture(scope="session")
def _signed_in_states() -> dict[str, Any]:
    return {}


@pytest.fixture
def page_as(
    browser: Browser,
    base_url: str,
    _signed_in_states: dict[str, Any],
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[str], Page]]:
    """`page_as("kh_officer")`: a page in a fresh context, already signed in as the persona.

    Each persona signs in once per run and its session cookie is reused, which keeps the
    suite quick; the sign-in itself is tested by its own flows with a signed-out page.
    """
    pages: list[Page] = []

    def open_as(username: str) -> Page:
        if username not in _signed_in_states:
            first = _new_page(browser, base_url)
            sign_in(first, username)
            expect(first.get_by_role("button", name="Sign out")).to_be_visible()
            _signed_in_states[username] = first.context.storage_state()
            first.context.close()
        pages.append(_new_page(browser, base_url, _signed_in_states[username]))
        return pages[-1]

    yield open_as
    _close(pages, request)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
