"""Each language's factsheet as a PDF, with the fonts that render its script embedded."""

from __future__ import annotations

import contextlib
import re
import zlib

import pytest
from django.utils import translation

from pathways.activities.universe import universe_of_all
from pathways.programs.models import Country
from pathways.reports.factsheet import build_factsheet
from pathways.reports.rendering import render_factsheet_pdf
from pathways.reports.tests.factories import SEED_END, SEED_START, make_seed_cambodia

# The font each language's text needs (family name as embedded, subset prefix removed).
FONT_FOR = {
    "en": "NotoSans",
    "km": "NotoSansKhmer",
    "th": "NotoSansThai",
    "lo": "NotoSansLao",
    "my": "NotoSansMyanmar",
    "vi": "NotoSans",
    "id": "NotoSans",
    "fil": "NotoSans",
}


STREAM_START = re.compile(rb"<<([^<>]*?/Length\s+(\d+)[^<>]*?)>>\s*stream\r?\n")


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's objects as text: the file itself plus every stream it compresses (font
    descriptors sit inside compressed object streams). Each stream is read by its /Length
    and skipped, so bytes inside a font file are never taken for PDF syntax."""
    parts, pos = [pdf], 0
    while match := STREAM_START.search(pdf, pos):
        end = match.end() + int(match.group(2))
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(pdf[match.end() : end]))
        pos = end
    return b"\n".join(parts)


def embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the fonts whose descriptors carry an embedded font file (/FontFile2 or 3),
    without the six-letter subset tag and with hyphens dropped."""
    names = set()
    for descriptor in re.finditer(rb"<<[^<>]*/Type\s*/FontDescriptor[^<>]*>>", pdf_objects(pdf)):
        body = descriptor.group(0)
        name = re.search(rb"/FontName\s*/(?:[A-Z]{6}\+)?([^\s/>\]]+)", body)
        if name and re.search(rb"/FontFile[23]?\s", body):
            names.add(name.group(1).decode("latin-1").replace("-", ""))
    return names


@pytest.mark.parametrize("language", sorted(FONT_FOR))
@pytest.mark.django_db
def test_factsheet_pdf_embeds_the_script_font(language):
    make_seed_cambodia()
    with translation.override(language):
        factsheet = build_factsheet(
            universe=universe_of_all(Country.objects.get(code="KH")), start=SEED_START, end=SEED_END
        )
        pdf = render_factsheet_pdf(factsheet)
    assert pdf.startswith(b"%PDF")
    fonts = embedded_fonts(pdf)
    assert FONT_FOR[language] in fonts, fonts
    assert not any("DejaVuSerif" in f or "Times" in f for f in fonts), fonts
