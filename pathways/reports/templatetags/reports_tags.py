"""Template helpers for factsheets: reference data in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from pathways.activities.participants import SexBreakdown

register = template.Library()

# The colours of pathways.css (--women, --men, --other, --not-recorded), written into the SVG
# itself because PDF renderers do not apply CSS variables inside SVG.
SEX_COLOURS = {
    "women": "#7b3fa0",
    "men": "#1f6fb2",
    "other": "#2f9e8f",
    "not_recorded": "#9aa4b1",
}


@register.filter
def ref(value: object) -> str:
    """A reference-data string (pathway, outcome area, partner name ...) in the active
    language when the catalogs hold a translation of it (see pathways.reports.i18n),
    otherwise as recorded."""
    text = "" if value is None else str(value)
    return gettext(text) if text else text


@register.filter
def bar_segments(breakdown: SexBreakdown) -> list[dict[str, object]]:
    """Segments of a 100-unit stacked bar, in the order women, men, other, not recorded."""
    segments, x = [], 0.0
    if not breakdown.total:
        return segments
    for key in ("women", "men", "other", "not_recorded"):
        width = 100 * getattr(breakdown, key) / breakdown.total
        if width:
            segments.append(
                {"key": key, "x": f"{x:.3f}", "width": f"{width:.3f}", "colour": SEX_COLOURS[key]}
            )
            x += width
    return segments
