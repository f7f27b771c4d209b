"""A factsheet as a standalone HTML document or an A4 PDF, from the same templates as the
page. WeasyPrint finds fonts through fontconfig: only installed packages, never a CDN.

The PDF fills its pages the way the published factsheet does: one page (the country's
figures, partners, achievements and good-practice story) by default, or two sides (the
program on the first, the country on the second) on request. Text runs longer in some
scripts than others (Burmese about twice English), so the layout is not fixed in advance:
the PDF is laid out with every achievement in full, and if it runs over, again with the
achievements shortened step by step (`FITS`) until it fits its pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pathways.programs.labels import reference_text
from pathways.reports.factsheet import Factsheet
from pathways.translations.overlay import apply_reviews

if TYPE_CHECKING:
    from weasyprint import Document

FACTSHEET_CSS = "css/factsheet.css"
SIDES = (1, 2)

# PDF/UA-1: a tagged PDF (structure tree from the HTML elements, reading order as in the
# document, /MarkInfo Marked, the document's /Lang from <html lang> and its title shown
# as the window title), so a screen reader can read it.
PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Fit:
    """How much of the achievements a printed factsheet shows: each achievement's text cut
    to `text_limit` characters (None: in full) and at most `per_area` achievements under
    each outcome area (None: all). The good-practice story keeps twice the text.
    Without `intros`, the outcome areas' introductions (the same in every factsheet) go."""

    intros: bool = True
    text_limit: int | None = None
    per_area: int | None = None

    @property
    def story_limit(self) -> int | None:
        return None if self.text_limit is None else 2 * self.text_limit

    @property
    def area_slice(self) -> str:
        """For the template's `slice` filter."""
        return f":{self.per_area}" if self.per_area else ":"

    def shortens(self, factsheet: Factsheet) -> bool:
        """Whether this fit leaves out or cuts anything of the factsheet, in the active
        language (texts are measured as translated)."""
        if self.per_area and any(
            len(g.achievements) > self.per_area for g in factsheet.outcome_groups
        ):
            return True
        limit, story = self.text_limit, factsheet.good_practice
        if limit is None:
            return False
        texts = [a.text for g in factsheet.outcome_groups for a in g.achievements]
        return any(len(reference_text(t)) > limit for t in texts) or bool(
            story and len(reference_text(story.text)) > 2 * limit
        )


# From everything in full to one short achievement per outcome area: each step shows less
# than the one before, so the first that fits is found by bisection.
FITS = (
    Fit(),
    Fit(intros=False),
    Fit(intros=False, text_limit=360),
    Fit(intros=False, text_limit=280),
    Fit(intros=False, text_limit=220),
    Fit(intros=False, text_limit=170),
    Fit(intros=False, text_limit=130),
    Fit(intros=False, text_limit=130, per_area=3),
    Fit(intros=False, text_limit=110, per_area=2),
    Fit(intros=False, text_limit=90, per_area=1),
)


# The map's share of the program side's width, largest first: the first with which the
# program side keeps to its page is used (Burmese text needs the most room).
MAP_WIDTHS = (60, 46, 34)


@lru_cache(maxsize=1)
def factsheet_css() -> str:
    path = finders.find(FACTSHEET_CSS) or Path(settings.BASE_DIR, "static", FACTSHEET_CSS)
    return Path(path).read_text(encoding="utf-8")


def factsheet_context(factsheet: Factsheet) -> dict[str, object]:
    return {
        "factsheet": factsheet,
        "generated_on": timezone.localdate(),
        "LANGUAGE_CODE": translation.get_language(),
    }


def render_factsheet_html(
    factsheet: Factsheet,
    *,
    language: str | None = None,
    sides: int = 1,
    fit: Fit = FITS[0],
    map_width: int = MAP_WIDTHS[0],
) -> str:
    """The printable factsheet as one self-contained HTML document (styles inline): one
    page, or two sides (program, then country)."""
    if sides not in SIDES:
        raise ValueError(f"A factsheet has one or two sides, not {sides}.")
    apply_reviews()  # rendered outside a request too (jobs, the publish command)
    with translation.override(language or translation.get_language()):
        context = factsheet_context(factsheet) | {
            "factsheet_css": factsheet_css(),
            "sides": sides,
            "fit": fit,
            "shortened": fit.shortens(factsheet),
            "map_width": map_width,
        }
        return render_to_string("reports/factsheet_print.html", context)


def layout_factsheet(
    factsheet: Factsheet, *, language: str | None = None, sides: int = 1
) -> Document:
    """The factsheet laid out on `sides` A4 pages, showing as much of the achievements as
    fits (see FITS). If even the shortest does not fit, the shortest is returned."""
    from weasyprint import HTML

    def laid_out(fit: Fit, map_width: int = MAP_WIDTHS[0]) -> Document:
        html = render_factsheet_html(
            factsheet, language=language, sides=sides, fit=fit, map_width=map_width
        )
        return HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)

    # Two sides: the program side first, with the widest map that keeps it to its page.
    for width in MAP_WIDTHS if sides == 2 else MAP_WIDTHS[:1]:
        full = laid_out(FITS[0], width)
        if sides == 1 or first_page_with(full, "fs-side-country") == 1:
            break
    if len(full.pages) <= sides:
        return full
    # Bisect for the first fit that fits: FITS[low - 1] is known not to.
    low, high, best = 1, len(FITS) - 1, None
    while low <= high:
        middle = (low + high) // 2
        document = laid_out(FITS[middle], width)
        if len(document.pages) <= sides:
            best, high = document, middle - 1
        else:
            low = middle + 1
    return best or laid_out(FITS[-1], width)


def first_page_with(document: Document, css_class: str) -> int | None:
    """The index of the first page showing an element of `css_class`, if any."""

    def shows(box: Any) -> bool:
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split():
            return True
        return any(shows(child) for child in getattr(box, "children", ()))

    return next((i for i, page in enumerate(document.pages) if shows(page._page_box)), None)


def render_factsheet_pdf(
    factsheet: Factsheet, *, language: str | None = None, sides: int = 1
) -> bytes:
    """The factsheet as an accessible (tagged) A4 PDF with its fonts embedded."""
    document = layout_factsheet(factsheet, language=language, sides=sides)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def factsheet_filename(
    factsheet: Factsheet, extension: str, language: str, *, sides: int = 1
) -> str:
    where = factsheet.country.code if factsheet.country else "region"
    suffix = "-2sides" if sides == 2 else ""
    return (
        f"factsheet-{where}-{factsheet.start:%Y%m%d}-{factsheet.end:%Y%m%d}-{language}"
        f"{suffix}.{extension}"
    )
