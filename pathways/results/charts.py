"""Charts as SVG markup, rendered on the server: the same chart serves the page and the PDF.

Pure functions: data in, markup out. Accessible (role="img", <title>, <desc>, every number
written as text) and made for WeasyPrint too: no JavaScript, no external fonts, no CSS
variables, only presentation attributes with literal colours.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import count
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from pathways.activities.participants import SexBreakdown
from pathways.results.colours import BAR, GRID, INK, MUTED, ON_BAR, SEX_COLOURS

FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"

_ids = count(1)
HEADING = 26  # room for the visible title


def _n(value: int) -> str:
    """A count as the page around the chart writes it, in the active language's format."""
    return number_format(value, force_grouping=True)


def _attr(value: object) -> str:
    return escape(str(value), {'"': "&quot;"})


def _text(x: float, y: float, content: object, **attrs: object) -> str:
    merged = {"font-family": FONT, "font-size": "12", "fill": INK}
    merged.update({k.replace("_", "-"): v for k, v in attrs.items()})
    extra = "".join(f' {k}="{_attr(v)}"' for k, v in merged.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(str(content))}</text>'


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> str:
    """The chart with its title written on top as well, so a printed page shows it."""
    uid = next(_ids)
    height += HEADING
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}">'
        f'<title id="chart-title-{uid}">{escape(title)}</title>'
        f'<desc id="chart-desc-{uid}">{escape(desc)}</desc>'
        + _text(8, 16, title, font_size="14", font_weight="bold")
        + f'<g transform="translate(0,{HEADING})">'
        + "".join(body)
        + "</g></svg>"
    )


def _describe(items: Sequence[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {_n(value)}" for label, value in items) or _("No records.")


def _truncate(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    *, title: str, items: Sequence[tuple[str, int]], width: int = 560, label_width: int = 250
) -> str:
    """Horizontal bars, one per (label, value), the value written after each bar."""
    row, top = 26, 8
    height = top * 2 + row * max(len(items), 1)
    peak = max((v for _, v in items), default=0) or 1
    room = width - label_width - 60
    body = []
    for i, (label, value) in enumerate(items):
        y = top + i * row
        length = room * value / peak
        body.append(_text(label_width - 8, y + 16, _truncate(label, 38), text_anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{BAR}"><title>{escape(label)}: {_n(value)}</title></rect>'
        )
        body.append(_text(label_width + length + 6, y + 16, f"{_n(value)}"))
    if not items:
        body.append(_text(8, top + 16, _("No records in this period."), fill=MUTED))
    return _svg(width, height, title, _describe(items), body)


def column_chart(
    *, title: str, items: Sequence[tuple[str, int]], width: int = 560, height: int = 220
) -> str:
    """Vertical columns (for quarters), value above and label below each column."""
    base, top, left = height - 36, 24, 16
    slot = (width - 2 * left) / max(len(items), 1)
    peak = max((v for _, v in items), default=0) or 1
    body = [f'<line x1="{left}" y1="{base}" x2="{width - left}" y2="{base}" stroke="{GRID}"/>']
    for i, (label, value) in enumerate(items):
        x = left + i * slot + slot * 0.15
        h = (base - top) * value / peak
        mid = x + slot * 0.35
        body.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{escape(label)}: {_n(value)}</title></rect>'
        )
        body.append(_text(mid, base - h - 6, f"{_n(value)}", text_anchor="middle"))
        body.append(_text(mid, base + 16, label, text_anchor="middle", font_size="11"))
    if not items:
        body.append(_text(left, top + 16, _("No records in this period."), fill=MUTED))
    return _svg(width, height, title, _describe(items), body)


def _sex_parts(sex: SexBreakdown, labels: dict[str, str]) -> list[tuple[str, str, int, int]]:
    parts = [
        ("women", labels["women"], sex.women, sex.pct_women),
        ("men", labels["men"], sex.men, sex.pct_men),
        ("other", labels["other"], sex.other, sex.pct_other),
        ("not_recorded", labels["not_recorded"], sex.not_recorded, sex.pct_not_recorded),
    ]
    # Women and men always; other and not recorded whenever they are not zero.
    return [p for p in parts if p[0] in ("women", "men") or p[2]]


def default_sex_labels() -> dict[str, str]:
    return {
        "women": _("Women"),
        "men": _("Men"),
        "other": _("Other"),
        "not_recorded": _("Not recorded"),
    }


def sex_share_bar(
    *,
    title: str,
    sex: SexBreakdown,
    labels: dict[str, str] | None = None,
    width: int = 560,
) -> str:
    """One bar split by sex, each part with its count and share written in the legend."""
    labels = labels or default_sex_labels()
    parts = _sex_parts(sex, labels)
    bar_h, left = 28, 8
    room = width - 2 * left
    x = float(left)
    body = []
    for key, label, value, pct in parts:
        w = room * value / sex.total if sex.total else 0
        if w:
            body.append(
                f'<rect x="{x:.1f}" y="8" width="{w:.1f}" height="{bar_h}" '
                f'fill="{SEX_COLOURS[key]}">'
                f"<title>{escape(label)}: {_n(value)} ({pct}%)</title></rect>"
            )
            if w > 40:
                body.append(_text(x + w / 2, 27, f"{pct}%", fill=ON_BAR, text_anchor="middle"))
        x += w
    for i, (key, label, value, pct) in enumerate(parts):
        y = 8 + bar_h + 20 + i * 20
        body.append(
            f'<rect x="{left}" y="{y - 10}" width="12" height="12" fill="{SEX_COLOURS[key]}"/>'
        )
        body.append(_text(left + 18, y, f"{label}: {_n(value)} ({pct}%)"))
    height = 8 + bar_h + 20 + 20 * len(parts)
    desc = "; ".join(f"{label}: {_n(value)} ({pct}%)" for _, label, value, pct in parts)
    return _svg(width, height, title, _("Total %(n)s.") % {"n": _n(sex.total)} + f" {desc}", body)


def stacked_sex_bars(
    *,
    title: str,
    items: Sequence[tuple[str, SexBreakdown]],
    labels: dict[str, str] | None = None,
    width: int = 560,
    label_width: int = 250,
) -> str:
    """Horizontal bars (e.g. people trained by position) each split by sex; total at the end."""
    labels = labels or default_sex_labels()
    row, top = 26, 8
    peak = max((s.total for _, s in items), default=0) or 1
    room = width - label_width - 60
    body = []
    for i, (label, sex) in enumerate(items):
        y = top + i * row
        x = float(label_width)
        body.append(_text(label_width - 8, y + 16, _truncate(label, 38), text_anchor="end"))
        for key, part_label, value, pct in _sex_parts(sex, labels):
            w = room * value / peak
            if w:
                body.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{SEX_COLOURS[key]}"><title>{escape(label)}, {escape(part_label)}: '
                    f"{_n(value)} ({pct}%)</title></rect>"
                )
            x += w
        body.append(_text(x + 6, y + 16, _n(sex.total)))
    legend_y = top + row * max(len(items), 1) + 16
    for i, key in enumerate(("women", "men", "other", "not_recorded")):
        lx = 8 + i * 130
        body.append(
            f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{SEX_COLOURS[key]}"/>'
        )
        body.append(_text(lx + 16, legend_y, labels[key]))
    if not items:
        body.append(_text(8, top + 16, _("No records in this period."), fill=MUTED))
    desc = "; ".join(
        f"{label}: {_n(s.total)} ({labels['women']} {_n(s.women)}, {labels['men']} {_n(s.men)}"
        + (f", {labels['other']} {_n(s.other)}" if s.other else "")
        + (f", {labels['not_recorded']} {_n(s.not_recorded)}" if s.not_recorded else "")
        + ")"
        for label, s in items
    )
    return _svg(width, legend_y + 10, title, desc or _("No records."), body)
