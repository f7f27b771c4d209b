"""The printed factsheet fills its pages as the published one does: the Cambodia 2021–22
demo factsheet on exactly one page by default and exactly two sides on request, in every
language, with the last page well filled (no half-empty page)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from weasyprint.formatting_structure import boxes

from pathways.activities.universe import universe_of_all
from pathways.demo.results import load_demo_results
from pathways.programs.models import Country
from pathways.reports.factsheet import build_factsheet
from pathways.reports.rendering import FITS, Fit, layout_factsheet
from pathways.reports.templatetags.reports_tags import clip
from pathways.reports.tests.factories import make_seed_cambodia
from pathways.reports.tests.test_factsheet_pdf import pdf_objects

START, END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)
LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def demo(demo_data, db):
    load_demo_results()


def filled(page) -> float:
    """How far down its content area the page is printed: the bottom of its lowest line of
    text or image, as a share of the area's height (WeasyPrint's layout boxes)."""
    page_box = page._page_box
    top = page_box.content_box_y()
    bottom = top

    def walk(box) -> None:
        nonlocal bottom
        if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
            bottom = max(bottom, box.position_y + box.margin_height())
        for child in getattr(box, "children", []):
            walk(child)

    walk(page_box)
    return (bottom - top) / page_box.height


def test_languages_are_the_eight_of_the_issue():
    assert sorted(LANGUAGES) == sorted(["en", "km", "th", "lo", "vi", "id", "fil", "my"])


@pytest.mark.parametrize("sides", [1, 2])
@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_factsheet_fills_its_pages(demo, language, sides):
    with translation.override(language):
        factsheet = build_factsheet(
            universe=universe_of_all(Country.objects.get(code="KH")), start=START, end=END
        )
        document = layout_factsheet(factsheet, sides=sides)
    assert len(document.pages) == sides
    fills = [filled(page) for page in document.pages]
    assert fills[-1] >= 0.6, fills
    assert all(fill <= 1.0 for fill in fills), fills


def test_fits_show_less_step_by_step():
    """Bisection needs each step to show no more than the one before."""
    for before, after in itertools.pairwise(FITS):
        assert after.intros <= before.intros
        assert (after.text_limit or 10**6) <= (before.text_limit or 10**6)
        assert (after.per_area or 10**6) <= (before.per_area or 10**6)
    assert FITS[0] == Fit()


def test_clip_cuts_at_a_space_or_a_whole_cluster():
    assert clip("short text", 50) == "short text"
    assert clip("one two three four five six", 20) == "one two three four…"
    assert clip("anything", None) == "anything"
    story = "First paragraph, told in full here.\n\nAs a result of this, more."
    assert clip(story, 45) == "First paragraph, told in full here…"
    # Khmer without spaces: never cut between a consonant and its subscript (coeng U+17D2).
    khmer = "ក្រសួងយុត្តិធម៌" * 4
    for limit in range(2, 30):
        kept = clip(khmer, limit)[:-1]
        assert khmer.startswith(kept)
        assert not kept.endswith("\u17d2"), (limit, kept)
        assert not unicodedata.category(khmer[len(kept)]).startswith("M"), (limit, kept)


@pytest.mark.django_db
def test_pdf_url_refuses_other_numbers_of_sides(client, kh_officer):
    client.force_login(kh_officer)
    url = reverse("reports:factsheet_pdf", args=["KH"])
    response = client.get(url, {"start": "2021-07-01", "end": "2022-06-30", "sides": "3"})
    assert response.status_code == 400
    assert b"one side or two" in response.content


@pytest.mark.django_db
def test_page_offers_both_pdfs_and_the_two_sided_one_has_two_pages(client, kh_officer):
    make_seed_cambodia()
    client.force_login(kh_officer)
    period = {"start": "2021-07-01", "end": "2022-06-30"}
    page = client.get(reverse("reports:factsheet", args=["KH"]), period).content.decode()
    assert "sides=2" in page
    url = reverse("reports:factsheet_pdf", args=["KH"])
    for sides, suffix in ((1, ""), (2, "-2sides")):
        response = client.get(url, period | {"sides": str(sides)})
        assert response.status_code == 200
        assert f'-en{suffix}.pdf"' in response["Content-Disposition"]
        pages = re.findall(rb"/Type\s*/Page\b", pdf_objects(response.content))
        assert len(pages) == sides
