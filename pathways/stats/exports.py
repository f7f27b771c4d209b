"""A release as a file: an A4 PDF (WeasyPrint, tagged for screen readers) and an XLSX
workbook, each showing exactly what the release page shows (`presentation`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pathways.lib.tables import add_sheet
from pathways.stats.models import StatRelease
from pathways.stats.presentation import (
    MEDIAN_RULE,
    RULE,
    ShownTable,
    release_medians,
    release_tables,
)
from pathways.translations.overlay import apply_reviews

# PDF/UA-1: a tagged PDF whose reading order and language a screen reader follows.
PDF_VARIANT = "pdf/ua-1"


def release_context(release: StatRelease) -> dict[str, Any]:
    """What the page and the PDF show of a release, in the active language."""
    return {
        "release": release,
        "tables": release_tables(release.tables),
        "medians": release_medians(release.medians),
        "rule": RULE,
        "median_rule": MEDIAN_RULE,
        "LANGUAGE_CODE": translation.get_language(),
    }


def release_title(release: StatRelease) -> str:
    return _("%(kind)s, %(country)s, %(year)d") % {
        "kind": release.get_kind_display(),
        "country": release.country.translated("name"),
        "year": release.year,
    }


def render_release_pdf(release: StatRelease, *, language: str) -> bytes:
    from weasyprint import HTML

    apply_reviews()
    with translation.override(language):
        context = release_context(release) | {
            "title": release_title(release),
            "generated_on": timezone.localdate(),
        }
        html = render_to_string("stats/release_print.html", context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def _sheet_title(index: int, table: ShownTable) -> str:
    # Sheet names: at most 31 characters, unique, none of []:*?/\ .
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in table.title)
    return f"{index} {cleaned}"[:31]


def tables_xlsx(tables: Sequence[ShownTable], *, heading: str, medians: Sequence = ()) -> bytes:
    """One sheet per table (the release and the table's title first, the rule under its
    rows), and the medians on a sheet of their own."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, table in enumerate(tables, start=1):
        rows: list[list[Any]] = [*table.values(), [], [str(RULE)]]
        title = f"{heading} — {table.title}"
        add_sheet(workbook, _sheet_title(index, table), table.headers, rows, heading=title)
    if medians:
        rows = [[m.title, m.shown, m.cases.shown] for m in medians]
        rows += [[], [str(MEDIAN_RULE)]]
        headers = [_("Median"), _("Value"), _("Cases")]
        add_sheet(workbook, _("Medians"), headers, rows, heading=heading)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def release_xlsx(release: StatRelease) -> bytes:
    return tables_xlsx(
        release_tables(release.tables),
        heading=release_title(release),
        medians=release_medians(release.medians),
    )


def release_filename(release: StatRelease, extension: str, language: str = "") -> str:
    suffix = f"-{language}" if language else ""
    return f"statistics-{release.kind}-{release.country.code}-{release.year}{suffix}.{extension}"
