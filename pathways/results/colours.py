"""The colours of the charts, once. The SVG charts (results.charts) and the factsheet's sex
bar (reports_tags.bar_segments) write them as literal colours, since PDF renderers do not
apply CSS variables inside SVG; the style sheets name the same colours as custom properties
(static/css/pathways.css and factsheet.css: --women, --men, --other, --not-recorded, --ink,
--muted, --brand, --line), and results/tests/test_colours.py holds the two in step."""

from __future__ import annotations

INK = "#1d2733"
MUTED = "#5b6776"
BAR = "#0b5d6b"
GRID = "#d8dee6"
# Text written on a coloured bar segment.
ON_BAR = "#ffffff"
SEX_COLOURS = {
    "women": "#7b3fa0",
    "men": "#1f6fb2",
    "other": "#2f9e8f",
    "not_recorded": "#9aa4b1",
}

# The custom property of each colour in the style sheets.
CSS_PROPERTIES = {
    "--ink": INK,
    "--muted": MUTED,
    "--brand": BAR,
    "--line": GRID,
    **{f"--{key.replace('_', '-')}": colour for key, colour in SEX_COLOURS.items()},
}
