"""A published release reads the same on its page, in its PDF, its XLSX file and the API."""

from __future__ import annotations

import io
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from django.test import Client as Browser
from django.urls import reverse
from openpyxl import load_workbook

from pathways.api.tests.factories import api_client
from pathways.stats.presentation import RULE
from pathways.stats.tests.release_helpers import published_release

pytestmark = pytest.mark.django_db
TITLE = "Victims identified, by sex"


class TableRows(HTMLParser):
    """The rows of every <table data-table=...> of a page, each cell's text."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-table" in attrs:
            self.current = attrs["data-table"]
            self.tables[self.current] = []
        elif self.current and tag == "tr":
            self.tables[self.current].append([])
        elif self.current and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif self.current and tag in ("th", "td") and self.cell is not None:
            self.tables[self.current][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    parser = TableRows()
    parser.feed(html)
    return parser.tables


def xlsx_tables(content: bytes) -> list[list[list[str]]]:
    """Each sheet's header row and table rows (after the heading, before the blank line)."""
    tables = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        rows = [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]
        end = next((i for i, r in enumerate(rows) if all(v is None for v in r)), len(rows))
        tables.append([[str(v) for v in row if v is not None] for row in rows[:end]])
    return tables


def api_tables(answer: dict) -> list[list[list[str]]]:
    tables = []
    for table in answer["tables"]:
        headers = [d["title"] for d in table["row_dimensions"]]
        headers += [c["label"] for c in table["columns"]]
        rows = [[*row["labels"], *(c["shown"] for c in row["cells"])] for row in table["rows"]]
        tables.append([headers, *rows])
    return tables


def test_page_pdf_xlsx_and_api_agree(world, kh_manager):
    release = published_release(world)
    client = Browser()
    client.force_login(kh_manager)
    page = client.get(reverse("stats:release_detail", args=[release.pk]))
    on_page = list(page_tables(page.content.decode()).values())
    assert on_page and on_page[0][1:] and any("<11" in row for row in on_page[0])

    download = client.get(reverse("stats:release_xlsx", args=[release.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheets = xlsx_tables(download.content)
    assert sheets[: len(on_page)] == on_page
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert str(RULE) in [c for row in sheet.iter_rows(values_only=True) for c in row]

    answer = api_client(kh_manager).get(f"/api/v1/statistics/releases/{release.pk}/").json()
    assert api_tables(answer) == on_page
    # The medians: the workbook's last sheet, the API's list, each "<11" over too few cases.
    (medians,) = sheets[len(on_page) :]
    shown = [[m["title"], m["shown"], m["cases"]["shown"]] for m in answer["medians"]]
    assert shown and medians[1:] == shown
    assert answer["rule"] == str(RULE) and answer["country"] == "KH"
    cell = answer["tables"][0]["rows"][0]["cells"][0]
    assert set(cell) == {"column", "shown", "low", "high", "kind"}

    pdf = client.get(reverse("stats:release_pdf", args=[release.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert TITLE in text
        for row in on_page[0][1:]:
            for value in row:
                assert value in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_comes_in_the_language_asked_for(world, kh_manager):
    release = published_release(world)
    client = Browser()
    client.force_login(kh_manager)
    url = reverse("stats:release_pdf", args=[release.pk])
    page = client.get(reverse("stats:release_detail", args=[release.pk])).content.decode()
    assert f"{url}?lang=km" in page
    khmer = client.get(url, {"lang": "km"})
    assert khmer.content.startswith(b"%PDF") and 'km.pdf"' in khmer["Content-Disposition"]
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=khmer.content, capture_output=True, check=True
    ).stdout.decode()
    assert "<11" in text and "x" in text.split()
    unknown = client.get(url, {"lang": "xx"})
    assert unknown.status_code == 200 and 'en.pdf"' in unknown["Content-Disposition"]
