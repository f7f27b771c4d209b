"""A factsheet as a standalone HTML document or an A4 PDF, from the same templates as the
page. WeasyPrint finds fonts through fontconfig: only installed packages, never a CDN."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pathways.reports.factsheet import Factsheet

FACTSHEET_CSS = "css/factsheet.css"


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


def render_factsheet_html(factsheet: Factsheet, *, language: str | None = None) -> str:
    """The factsheet as one self-contained HTML document (styles inline)."""
    with translation.override(language or translation.get_language()):
        context = factsheet_context(factsheet) | {"factsheet_css": factsheet_css()}
        return render_to_string("reports/factsheet_print.html", context)


def render_factsheet_pdf(factsheet: Factsheet, *, language: str | None = None) -> bytes:
    """The factsheet as an A4 PDF with its fonts embedded."""
    from weasyprint import HTML

    html = render_factsheet_html(factsheet, language=language)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def factsheet_filename(factsheet: Factsheet, extension: str, language: str) -> str:
    where = factsheet.country.code if factsheet.country else "region"
    return (
        f"factsheet-{where}-{factsheet.start:%Y%m%d}-{factsheet.end:%Y%m%d}-{language}.{extension}"
    )
