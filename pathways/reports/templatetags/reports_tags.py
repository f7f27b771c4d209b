"""Template helpers for factsheets: reference data in the reader's language."""

from __future__ import annotations

from django import template

from pathways.activities.participants import SexBreakdown
from pathways.programs.labels import reference_text
from pathways.results.colours import SEX_COLOURS

register = template.Library()


@register.filter
def ref(value: object) -> str:
    """A reference-data string (pathway, outcome area, partner name ...) in the active
    language (pathways.programs.labels)."""
    return reference_text(value)


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
