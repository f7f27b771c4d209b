"""The figures of a published output, kept as plain rows, and the same rows counted again
now, side by side.

A row is one number the output showed: {"place": "KH" (None: the region), "start",
"end" (ISO dates), "figure": "events" | "participants" | "participants.women" | ... |
"indicator.<code>", "value"}. A factsheet has one place and one period; the donor workbook
and the IATI file every country and the region, per financial year, with the indicators'
values. Every number comes from pathways.results.figures through the same universes the
outputs count; nothing here counts on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from pathways.activities.participants import SexBreakdown
from pathways.activities.universe import universe_of_all
from pathways.programs.labels import reference_name
from pathways.programs.models import Country
from pathways.reports.factsheet import Factsheet, build_factsheet
from pathways.reports.indicators import collect_indicator_results, reporting_periods
from pathways.reports.models import Publication
from pathways.results.figures import (
    count_capacity_development_events,
    count_events,
    count_participants,
    count_people_trained,
)
from pathways.results.periods import Period

SEXES = ("women", "men", "other", "not_recorded")
Row = dict[str, Any]


def _sex_rows(base: Row, name: str, breakdown: SexBreakdown) -> list[Row]:
    rows = [{**base, "figure": name, "value": breakdown.total}]
    return rows + [
        {**base, "figure": f"{name}.{sex}", "value": getattr(breakdown, sex)} for sex in SEXES
    ]


def _headline_rows(
    base: Row, events: int, participants: SexBreakdown, capacity: int, trained: SexBreakdown
) -> list[Row]:
    return [
        {**base, "figure": "events", "value": events},
        *_sex_rows(base, "participants", participants),
        {**base, "figure": "capacity_development_events", "value": capacity},
        *_sex_rows(base, "people_trained", trained),
    ]


def _base(country: Country | None, start: dt.date, end: dt.date) -> Row:
    return {
        "place": country.code if country else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def factsheet_rows(factsheet: Factsheet) -> list[Row]:
    """The numbers the factsheet shows: its four headline figures, people by sex."""
    return _headline_rows(
        _base(factsheet.country, factsheet.start, factsheet.end),
        factsheet.events,
        factsheet.participants,
        factsheet.capacity_development_events,
        factsheet.people_trained,
    )


def _place_rows(country: Country | None) -> list[Row]:
    universe = universe_of_all(country)
    rows: list[Row] = []
    for period in reporting_periods(universe.events):
        span = {"events": universe.events, "start": period.start, "end": period.end}
        rows += _headline_rows(
            _base(country, period.start, period.end),
            count_events(**span),
            count_participants(**span),
            count_capacity_development_events(**span),
            count_people_trained(**span),
        )
    return rows


def _plain(value: Decimal | int | None) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def _indicator_rows(country: Country | None) -> list[Row]:
    rows: list[Row] = []
    for result in collect_indicator_results(country=country):
        for item in result.periods:
            if item.actual_total is None:
                continue
            base = _base(country, item.period.start, item.period.end)
            rows.append(
                {**base, "figure": f"indicator.{result.code}", "value": _plain(item.actual_total)}
            )
    return rows


def region_export_rows() -> list[Row]:
    """The numbers the donor workbook and the IATI file report: headline figures of every
    country and the region per financial year, then every indicator's values."""
    places: list[Country | None] = [*Country.objects.order_by("name"), None]
    rows: list[Row] = []
    for place in places:
        rows += _place_rows(place)
    for place in places:
        rows += _indicator_rows(place)
    return rows


def figure_label(figure: str) -> str:
    """A row's figure in words: "Participants: women", "Indicator 1.2"."""
    if figure.startswith("indicator."):
        return _("Indicator %(code)s") % {"code": figure.removeprefix("indicator.")}
    name, _dot, sex = figure.partition(".")
    names = {
        "events": _("Events"),
        "participants": _("Participants"),
        "capacity_development_events": _("Capacity development events"),
        "people_trained": _("People trained"),
    }
    sexes = {
        "women": _("women"),
        "men": _("men"),
        "other": _("other"),
        "not_recorded": _("not recorded"),
    }
    label = names.get(name, name)
    return (
        _("%(label)s: %(part)s") % {"label": label, "part": sexes.get(sex, sex)} if sex else label
    )


def place_label(code: str | None, countries: dict[str, Country]) -> str:
    if code is None:
        return _("Region")
    country = countries.get(code)
    return reference_name(country) if country else code


@dataclass(frozen=True)
class FigureChange:
    """One figure as published beside the same figure counted now (None: not shown
    then, or no longer counted now)."""

    place: str | None
    start: dt.date
    end: dt.date
    figure: str
    published: int | Decimal | None
    current: int | Decimal | None

    @property
    def unchanged(self) -> bool:
        return self.published == self.current

    @property
    def difference(self) -> int | Decimal | None:
        if self.published is None or self.current is None:
            return None
        return self.current - self.published

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def as_json(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "figure": self.figure,
            "published": _plain(self.published),
            "current": _plain(self.current),
            "difference": _plain(self.difference),
            "unchanged": self.unchanged,
        }


def _number(value: Any) -> int | Decimal | None:
    if value is None or isinstance(value, int):
        return value
    return Decimal(str(value))


def _key(row: Row) -> tuple[Any, ...]:
    return (row["place"], row["start"], row["end"], row["figure"])


def compare(published: list[Row], current: list[Row]) -> list[FigureChange]:
    """Every figure as published beside its value now, in the published order; figures
    counted now that the output did not show (a new financial year) come last."""
    now = {_key(row): row["value"] for row in current}
    then = {_key(row): row["value"] for row in published}
    keys = [_key(row) for row in published] + [_key(r) for r in current if _key(r) not in then]
    return [
        FigureChange(
            place=place,
            start=dt.date.fromisoformat(start),
            end=dt.date.fromisoformat(end),
            figure=figure,
            published=_number(then.get((place, start, end, figure))),
            current=_number(now.get((place, start, end, figure))),
        )
        for place, start, end, figure in keys
    ]


def current_rows(publication: Publication) -> list[Row]:
    """The publication's figures counted now, for the same place, events and period."""
    if publication.kind != Publication.Kind.FACTSHEET:
        return region_export_rows()
    universe = universe_of_all(publication.country)
    factsheet = build_factsheet(universe=universe, start=publication.start, end=publication.end)
    return factsheet_rows(factsheet)
