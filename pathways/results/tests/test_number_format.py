"""One rule for writing numbers per language, the same on pages, in charts and in PDFs
(docs/counting-rules.md, "Numbers as written")."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils import translation
from django.utils.formats import number_format

from pathways.activities.participants import SexBreakdown
from pathways.results import charts

NBSP = "\xa0"
RULE = {
    "en": ("1,038", "1,234.5"),
    "th": ("1,038", "1,234.5"),
    "fil": ("1,038", "1,234.5"),
    "my": ("1,038", "1,234.5"),
    # A point between thousands reads as a decimal to the program's other readers: a space.
    "km": (f"1{NBSP}038", f"1{NBSP}234,5"),
    "lo": (f"1{NBSP}038", f"1{NBSP}234,5"),
    "vi": (f"1{NBSP}038", f"1{NBSP}234,5"),
    "id": (f"1{NBSP}038", f"1{NBSP}234,5"),
}


@pytest.mark.parametrize("language", list(RULE))
def test_each_language_writes_thousands_and_decimals_by_its_one_rule(language):
    whole, decimal = RULE[language]
    with translation.override(language):
        assert intcomma(1038) == whole
        assert number_format(1234.5, 1, force_grouping=True) == decimal


@pytest.mark.parametrize("language", list(RULE))
def test_charts_write_numbers_as_the_page_does(language):
    whole, _ = RULE[language]
    with translation.override(language):
        bars = charts.bar_chart(title="Events", items=[("Training", 1038)])
        shares = charts.sex_share_bar(title="Participants", sex=SexBreakdown(women=1038, men=5))
    assert f">{whole}<" in bars
    assert whole in shares
    if whole != "1,038":
        assert "1,038" not in shares  # no English grouping left in another language's chart
