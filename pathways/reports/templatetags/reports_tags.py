"""Template helpers for factsheets: reference data in the reader's language."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

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
def translated(obj: object, field: str = "name") -> str:
    """`field` of a reference row (indicator, province, topic, country ...) in the active
    language: its own translation, else the catalogs', else the English."""
    if obj is None:
        return ""
    if isinstance(obj, Mapping):
        return reference_text(obj.get(field, ""))
    own = getattr(obj, "translated", None)
    return own(field) if own else reference_text(getattr(obj, field, ""))


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


# Marks that join the letter before them (vowel signs, Khmer and Myanmar subscripts): a
# text is never cut just before one, which would leave it alone.
_JOINERS = {"\u17d2", "\u1039", "\u103a", "\u200d"}


@register.filter
def clip(value: object, limit: int | None) -> str:
    """`value` cut to at most `limit` characters plus an ellipsis, at a space when there is
    one near the end, and never inside a letter's cluster of marks. None: uncut."""
    text = str(value)
    if not limit or len(text) <= limit:
        return text
    cut = limit
    space = text.rfind(" ", 0, cut + 1)
    if space > limit * 0.7:
        cut = space
    else:
        while 0 < cut < len(text) and _joined(text, cut):
            cut -= 1
        if cut == 0:  # One cluster longer than the limit: keep it whole.
            cut = limit
            while cut < len(text) and _joined(text, cut):
                cut += 1
    # A few words of a new paragraph say nothing: end with the paragraph before instead.
    paragraph = text.rfind("\n\n", 0, cut)
    if paragraph > limit * 0.5 and cut - paragraph < 80:
        cut = paragraph
    return text[:cut].rstrip(" ,;:.\n") + "…"


def _joined(text: str, at: int) -> bool:
    """Whether text[at] belongs to the same written cluster as text[at - 1]."""
    return unicodedata.category(text[at]).startswith("M") or text[at - 1] in _JOINERS
