"""Every page a browser test visits is checked with axe-core against WCAG 2.1 A and AA.

axe-core is vendored (`vendor/axe-core`, never served by the application). A page records
the addresses its main frame navigated to; when the test ends (and passed), the page as it
was left is checked, and each other address is opened again in the same browser context
(same user, same language) and checked. Files (PDF, spreadsheets, JSON) and pages that no
longer answer with HTML are skipped. A form's refused state is checked only when the test
ends on it: opening the address again shows the blank form.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_VISITED = "_pathways_visited"


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8") + "\n;true"


def record_visits(page: Page) -> None:
    visited: list[str] = []
    setattr(page, _VISITED, visited)

    def on_navigate(frame) -> None:
        if frame == page.main_frame and frame.url.startswith("http"):
            visited.append(frame.url)

    page.on("framenavigated", on_navigate)


def violations(page: Page) -> list[str]:
    """What axe finds wrong on the page as it is now, one line per rule."""
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # rightly refuses an injected <script>, and stays on for the tests.
    page.evaluate(_axe_source())
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))
            }));
        }""",
        TAGS,
    )
    return [f"{page.url}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}" for v in found]


def check_visited(page: Page) -> list[str]:
    """axe's findings on the page as left, and on every other page it visited."""
    problems: list[str] = []
    if _is_html(page):
        problems += violations(page)
    seen = {page.url}
    for url in getattr(page, _VISITED, []):
        if url in seen or _is_file(url):
            continue
        seen.add(url)
        probe = page.context.new_page()
        try:
            response = probe.goto(url)
            if response is not None and response.ok and _is_html(probe):
                problems += violations(probe)
        finally:
            probe.close()
    return problems


def _is_file(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith(("/pdf/", "/json/", ".xlsx", ".csv", "/file/", ".zip", ".pdf"))


def _is_html(page: Page) -> bool:
    try:
        return page.evaluate("document.contentType") == "text/html"
    except Exception:  # a page closed or navigating has nothing to check
        return False
