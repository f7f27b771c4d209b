"""The factsheet PDF is tagged for assistive technology (PDF/UA-1): a structure tree in
reading order, /MarkInfo Marked, the document language and title, alternative text for its
figures."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess

import pytest
from django.utils import translation

from pathways.activities.universe import universe_of_all
from pathways.programs.models import Country
from pathways.reports.factsheet import build_factsheet
from pathways.reports.rendering import render_factsheet_pdf
from pathways.reports.tests.factories import SEED_END, SEED_START, make_seed_cambodia
from pathways.reports.tests.test_factsheet_pdf import pdf_objects


def _pdf(language: str, *, sides: int = 1) -> bytes:
    make_seed_cambodia()
    with translation.override(language):
        factsheet = build_factsheet(
            universe=universe_of_all(Country.objects.get(code="KH")), start=SEED_START, end=SEED_END
        )
        return render_factsheet_pdf(factsheet, sides=sides)


@pytest.mark.parametrize("language", ["en", "km"])
@pytest.mark.django_db
def test_pdf_catalog_is_marked_with_language_and_structure(language):
    objects = pdf_objects(_pdf(language))
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true\s*>>", objects)
    assert re.search(rb"/StructTreeRoot\s+\d+ 0 R", objects)
    assert re.search(rb"/Lang\s*\(" + language.encode() + rb"\)", objects)
    assert re.search(rb"/DisplayDocTitle\s+true", objects)
    assert b"pdfuaid:part" in objects or b"pdfuaid" in objects


@pytest.mark.django_db
def test_pdf_headings_come_in_order_and_every_figure_has_alt_text():
    # The two-sided factsheet: it has the sex bars (the one-page one gives the shares in words).
    objects = pdf_objects(_pdf("en", sides=2))
    kinds = re.findall(rb"/S\s*/(H[1-6]|Figure)\b", objects)
    headings = [int(k[1:]) for k in kinds if k.startswith(b"H")]
    assert headings[0] == 1
    # No level is skipped going down (h1 > h2 > h3).
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings
    figures = re.findall(rb"<<[^<>]*/S\s*/Figure[^<>]*(?:<<[^<>]*>>[^<>]*)*>>", objects)
    assert figures
    assert all(b"/Alt" in figure for figure in figures), figures


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils is not installed")
@pytest.mark.django_db
def test_pdfinfo_reads_a_tagged_pdf_with_its_title(tmp_path):
    target = tmp_path / "factsheet.pdf"
    target.write_bytes(_pdf("en"))
    info = subprocess.run(
        ["pdfinfo", str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(r"^Title:\s+ASEAN-ACT · Cambodia · Factsheet$", info, re.MULTILINE), info
