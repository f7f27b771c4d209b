"""The style sheets name the chart colours of results.colours, so a page's legend, its
charts and the PDF's agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathways.results.colours import BAR, CSS_PROPERTIES, INK, MUTED, SEX_COLOURS

CSS = Path(__file__).resolve().parents[3] / "static" / "css"


def _custom_properties(name: str) -> dict[str, str]:
    text = (CSS / name).read_text(encoding="utf-8")
    return {k: v.lower() for k, v in re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,8})", text)}


def test_the_site_style_sheet_names_the_chart_colours():
    found = _custom_properties("pathways.css")
    assert {k: found.get(k) for k in CSS_PROPERTIES} == CSS_PROPERTIES


@pytest.mark.parametrize("key", SEX_COLOURS)
def test_the_factsheet_style_sheet_names_the_sex_colours(key):
    prop = f"--{key.replace('_', '-')}"
    assert _custom_properties("factsheet.css")[prop] == SEX_COLOURS[key]


def test_the_factsheet_brand_and_ink_are_the_charts():
    found = _custom_properties("factsheet.css")
    assert (found["--fs-brand"], found["--fs-ink"], found["--fs-muted"]) == (BAR, INK, MUTED)
