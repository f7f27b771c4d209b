"""The map of the ASEAN member states coloured by program status, for the factsheet.

Drawn from a shipped SVG (maps/asean-simplified.svg: low-detail outlines hand-drawn for
Pathways, one path per country keyed by ISO code), inlined in the page and the PDF: no map
tiles, nothing fetched at run time. The legend names every status and its countries in
words, so the map does not rely on colour.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pathways.programs.models import Country

MAP_SVG = Path(__file__).with_name("maps") / "asean-simplified.svg"
_SVG = "{http://www.w3.org/2000/svg}"

# Fills as SVG presentation attributes: the PDF renderer does not apply the page's CSS to
# inline SVG. The factsheet's brand and accent (static/css/factsheet.css); "on hold" is
# hatched so it differs from the others by pattern as well as colour.
STATUS_FILLS = {
    Country.Status.ACTIVE: "#0b5d6b",
    Country.Status.ESTABLISHING: "#d9822b",
    Country.Status.ON_HOLD: "url(#fs-hatch)",
    Country.Status.REGIONAL: "#b9c9cf",
}


@dataclass(frozen=True)
class Outline:
    code: str
    d: str
    label_x: str
    label_y: str


@dataclass(frozen=True)
class MapCountry:
    country: Country
    outline: Outline
    is_current: bool

    @property
    def fill(self) -> str:
        return STATUS_FILLS.get(self.country.program_status, "#ffffff")


@dataclass(frozen=True)
class LegendEntry:
    status: str
    label: str
    countries: list[Country]

    @property
    def fill(self) -> str:
        return STATUS_FILLS[self.status]


@dataclass(frozen=True)
class AseanMap:
    view_box: str
    countries: list[MapCountry]
    legend: list[LegendEntry]


@lru_cache(maxsize=1)
def outlines() -> tuple[str, dict[str, Outline]]:
    """The shipped map's viewBox and each country's outline (our own file, parsed once)."""
    root = ET.parse(MAP_SVG).getroot()  # noqa: S314 - our own shipped file, not input
    shapes = {}
    for path in root.iter(f"{_SVG}path"):
        x, y = path.attrib["data-label"].split(",")
        code = path.attrib["id"]
        shapes[code] = Outline(code=code, d=path.attrib["d"], label_x=x, label_y=y)
    return root.attrib["viewBox"], shapes


def asean_map(countries: list[Country], *, current: Country | None) -> AseanMap:
    """The map of `countries` (those with an outline), the current one outlined, and a
    legend of the statuses in use, in the order Country.Status lists them."""
    view_box, shapes = outlines()
    drawn = [c for c in countries if c.code in shapes]
    legend = [
        LegendEntry(
            status=status.value,
            label=str(status.label),
            countries=[c for c in drawn if c.program_status == status.value],
        )
        for status in Country.Status
    ]
    return AseanMap(
        view_box=view_box,
        countries=[
            MapCountry(
                country=c,
                outline=shapes[c.code],
                is_current=current is not None and c.pk == current.pk,
            )
            for c in drawn
        ],
        legend=[entry for entry in legend if entry.countries],
    )
