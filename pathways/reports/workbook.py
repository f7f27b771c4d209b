"""The donor workbook: one XLSX the annual report is built from, readable as opened.

Sheets: figures by country and financial year, indicators against targets, events, and
verified achievements. No personal data: no person appears in it, only counts.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from pathways.activities.models import Event
from pathways.activities.universe import universe_of_all
from pathways.lib.rounding import percent_half_up
from pathways.lib.tables import add_sheet
from pathways.programs.models import Country, Program
from pathways.reports.factsheet import verified_achievements
from pathways.reports.indicators import (
    IndicatorPeriod,
    collect_indicator_results,
    reporting_periods,
)
from pathways.results.figures import (
    SexBreakdown,
    count_capacity_development_events,
    count_events,
    count_participants,
    count_people_trained,
)
from pathways.results.periods import financial_year, financial_year_of

COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0"%"'
DATE_FORMAT = "yyyy-mm-dd"


def _sex_columns(label: str) -> list[tuple[str, str]]:
    return [
        (label, COUNT_FORMAT),
        (_("%(label)s: women") % {"label": label}, COUNT_FORMAT),
        (_("%(label)s: men") % {"label": label}, COUNT_FORMAT),
        (_("%(label)s: other") % {"label": label}, COUNT_FORMAT),
        (_("%(label)s: not recorded") % {"label": label}, COUNT_FORMAT),
        (_("%(label)s: %% women") % {"label": label}, PERCENT_FORMAT),
        (_("%(label)s: %% men") % {"label": label}, PERCENT_FORMAT),
        (_("%(label)s: %% other") % {"label": label}, PERCENT_FORMAT),
        (_("%(label)s: %% not recorded") % {"label": label}, PERCENT_FORMAT),
    ]


def _sex_values(breakdown: SexBreakdown) -> list[int]:
    d = breakdown.as_dict()
    keys = ("total", "women", "men", "other", "not_recorded")
    return [d[k] for k in keys] + [d[f"pct_{k}"] for k in keys[1:]]


def figures_columns() -> list[tuple[str, str | None]]:
    return [
        (_("Country"), None),
        (_("Financial year"), None),
        (_("Period start"), DATE_FORMAT),
        (_("Period end"), DATE_FORMAT),
        (_("Events"), COUNT_FORMAT),
        *_sex_columns(_("Participants")),
        (_("Capacity development events"), COUNT_FORMAT),
        *_sex_columns(_("People trained")),
    ]


def figures_rows() -> Iterator[list[Any]]:
    """The four headline figures for each country and the region, per financial year."""
    places: list[Country | None] = [*Country.objects.order_by("name"), None]
    for place in places:
        universe = universe_of_all(place)
        for period in reporting_periods(universe.events):
            span = {"events": universe.events, "start": period.start, "end": period.end}
            yield [
                place.name if place else _("Region (all countries)"),
                period.short_label,
                period.start,
                period.end,
                count_events(**span),
                *_sex_values(count_participants(**span)),
                count_capacity_development_events(**span),
                *_sex_values(count_people_trained(**span)),
            ]


def indicator_columns() -> list[tuple[str, str | None]]:
    return [
        (_("Country"), None),
        (_("Outcome area"), None),
        (_("Code"), None),
        (_("Indicator"), None),
        (_("Unit"), None),
        (_("Baseline year"), "0"),
        (_("Baseline"), COUNT_FORMAT),
        (_("Period start"), DATE_FORMAT),
        (_("Period end"), DATE_FORMAT),
        (_("Target"), COUNT_FORMAT),
        (_("Actual"), COUNT_FORMAT),
        (_("Actual: women"), COUNT_FORMAT),
        (_("Actual: men"), COUNT_FORMAT),
        (_("Actual: other"), COUNT_FORMAT),
        (_("Actual: not recorded"), COUNT_FORMAT),
        (_("Actual as percentage of target"), PERCENT_FORMAT),
    ]


def _actual_parts(item: IndicatorPeriod) -> list[Decimal | int | None]:
    actual = item.actual
    if isinstance(actual, SexBreakdown):
        return [actual.total, actual.women, actual.men, actual.other, actual.not_recorded]
    return [actual, None, None, None, None]


def _percent_of_target(item: IndicatorPeriod) -> int | None:
    total = item.actual_total
    if total is None or not item.target:
        return None
    return percent_half_up(total, item.target)


def indicator_rows() -> Iterator[list[Any]]:
    """Each indicator against its targets, per country and for the region."""
    places: list[Country | None] = [*Country.objects.order_by("name"), None]
    for place in places:
        for indicator in collect_indicator_results(country=place):
            for item in indicator.periods:
                yield [
                    place.name if place else _("Region (all countries)"),
                    indicator.outcome_area,
                    indicator.code,
                    indicator.title,
                    indicator.unit,
                    indicator.baseline_year,
                    indicator.baseline_value,
                    item.period.start,
                    item.period.end,
                    item.target,
                    *_actual_parts(item),
                    _percent_of_target(item),
                ]


def event_columns() -> list[tuple[str, str | None]]:
    return [
        (_("Country"), None),
        (_("Start"), DATE_FORMAT),
        (_("End"), DATE_FORMAT),
        (_("Title"), None),
        (_("Type"), None),
        (_("Capacity development"), None),
        (_("Pathway"), None),
        (_("Lead organisation"), None),
        (_("Province"), None),
        (_("Modality"), None),
        *_sex_columns(_("Participants")),
        (_("Synthetic demo record"), None),
    ]


def event_rows() -> Iterator[list[Any]]:
    """Events and their participant counts; never who attended."""
    events = (
        universe_of_all(None)
        .events.select_related("country", "pathway", "lead_organisation", "province")
        .order_by("country__name", "start_date", "title")
    )
    for event in events:
        one = Event.objects.filter(pk=event.pk)
        participants = count_participants(events=one, start=event.start_date, end=event.start_date)
        yield [
            event.country.name,
            event.start_date,
            event.end_date,
            event.title,
            event.get_event_type_display(),
            _("yes") if event.is_capacity_development else _("no"),
            event.pathway.name if event.pathway else "",
            event.lead_organisation.name if event.lead_organisation else "",
            event.province.name if event.province else "",
            event.get_modality_display(),
            *_sex_values(participants),
            _("yes") if event.is_synthetic else _("no"),
        ]


def achievement_columns() -> list[tuple[str, str | None]]:
    return [
        (_("Country"), None),
        (_("Date"), DATE_FORMAT),
        (_("Financial year"), None),
        (_("Outcome area"), None),
        (_("Title"), None),
        (_("Text"), None),
        (_("Partners"), None),
        (_("Example of good practice"), None),
        (_("Synthetic demo record"), None),
    ]


def achievement_rows(program: Program) -> Iterator[list[Any]]:
    """Verified achievements over the program's life, by country and date."""
    start, end = program_span(program)
    found = verified_achievements(country=None, start=start, end=end)
    for item in found.order_by("country__name", "date", "pk"):
        yield [
            item.country.name,
            item.date,
            financial_year_of(item.date).short_label,
            item.outcome_area.name,
            item.title,
            item.text,
            ", ".join(p.short_name for p in item.partners.all()),
            _("yes") if item.is_good_practice else _("no"),
            _("yes") if item.is_synthetic else _("no"),
        ]


def program_span(program: Program) -> tuple[dt.date, dt.date]:
    return financial_year(program.start_year).start, financial_year(program.end_year - 1).end


def _apply_formats(sheet: Any, formats: Sequence[str | None]) -> None:
    for index, number_format in enumerate(formats, start=1):
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.number_format = number_format


def _add(workbook: Workbook, title: str, columns, rows) -> None:
    add_sheet(workbook, title, [c[0] for c in columns], rows)
    _apply_formats(workbook[title[:31]], [c[1] for c in columns])


def donor_workbook_bytes() -> bytes:
    program = Program.objects.select_related("funder", "implementer").get()
    workbook = Workbook()
    workbook.remove(workbook.active)
    _add(workbook, _("Figures"), figures_columns(), figures_rows())
    _add(workbook, _("Indicators"), indicator_columns(), indicator_rows())
    _add(workbook, _("Events"), event_columns(), event_rows())
    _add(workbook, _("Achievements"), achievement_columns(), achievement_rows(program))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
