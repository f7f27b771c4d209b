"""The regional obligations matrix as an accessible (tagged) A4 landscape PDF, laid out by
WeasyPrint as the factsheets are (rendering.py): the same template language, no CDN."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from pathways.reports.obligations import Matrix
from pathways.reports.rendering import PDF_VARIANT
from pathways.translations.overlay import apply_reviews


def render_obligations_html(matrix: Matrix, *, legend: list[tuple[str, str]]) -> str:
    apply_reviews()
    context = {
        "matrix": matrix,
        "legend": legend,
        "generated_on": timezone.localdate(),
        "LANGUAGE_CODE": translation.get_language(),
    }
    return render_to_string("reports/obligations_print.html", context)


def render_obligations_pdf(matrix: Matrix, *, legend: list[tuple[str, str]]) -> bytes:
    from weasyprint import HTML

    html = render_obligations_html(matrix, legend=legend)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT)
