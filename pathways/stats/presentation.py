"""A release's tables as a reader gets them: titles and labels in the active language, every
cell as shown ("<11", "10–14", "0"). One shape for the page, the PDF, the XLSX file and the
API, so that they cannot disagree.

Tables are read generically from their published JSON (`disclosure.PublishedTable.as_json`):
any number of row dimensions, any columns, margins where the table has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.stats import actip
from pathways.stats.disclosure import OTHER, TOTAL, CountTable, PublishedCell, with_margins

RULE = gettext_lazy(
    "Counts under 11 are shown as <11. Other counts are rounded down to a multiple of 5 and "
    "shown as the range they lie in; totals are rounded from exact counts, so the cells need "
    "not add up to them. A count shown as x is 11 or more, hidden so that no count under 11 "
    "can be worked out from the others."
)
MEDIAN_RULE = gettext_lazy(
    "A median is shown only where it lies over at least 11 cases; otherwise it is shown as "
    "<11. The number of cases behind it is shown as a range, like the counts."
)
INTERNAL_RULE = gettext_lazy(
    "Exact counts, before suppression and rounding: internal — not for publication. "
    "The download gives these tables as they would be published."
)
# The single column of a one-dimensional table.
COUNT_COLUMN = "count"


def dimension_label(dimension: str | None, code: str) -> str:
    """A category's name in the active language."""
    if code == TOTAL:
        return _("Total")
    if code == OTHER:
        return _("Other")
    if dimension is None and code == COUNT_COLUMN:
        return _("Count")
    if dimension is None:
        return code
    return str(actip.dimension_label(dimension, code))


def dimension_title(dimension: str | None) -> str:
    if dimension is None:
        return ""
    return str(actip.DIMENSION_TITLES.get(dimension, dimension))


def table_title(key: str) -> str:
    return str(actip.TABLE_TITLES.get(key, key))


def median_title(key: str) -> str:
    return str(actip.MEDIAN_TITLES.get(key, key))


@dataclass(frozen=True)
class ShownCell:
    column: str
    kind: str  # zero, suppressed, hidden, rounded; "exact" on the internal page
    low: int
    high: int | None  # None for a hidden cell: no upper bound is published
    shown: str

    def as_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "shown": self.shown,
            "low": self.low,
            "high": self.high,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class ShownRow:
    codes: tuple[str, ...]
    labels: tuple[str, ...]
    cells: tuple[ShownCell, ...]
    is_total: bool


@dataclass(frozen=True)
class ShownTable:
    key: str
    title: str
    population: str
    row_dimensions: tuple[tuple[str, str], ...]  # (code, title)
    column_dimension: tuple[str | None, str]
    columns: tuple[tuple[str, str], ...]  # (code, label), the margin last if there is one
    rows: tuple[ShownRow, ...]

    @property
    def headers(self) -> list[str]:
        return [title for _code, title in self.row_dimensions] + [
            label for _code, label in self.columns
        ]

    def values(self) -> list[list[str]]:
        """Each row as the reader reads it: its labels, then each cell as shown."""
        return [[*row.labels, *(cell.shown for cell in row.cells)] for row in self.rows]

    def as_json(self) -> dict[str, Any]:
        code, title = self.column_dimension
        return {
            "key": self.key,
            "title": self.title,
            "population": self.population,
            "row_dimensions": [{"code": c, "title": t} for c, t in self.row_dimensions],
            "column_dimension": {"code": code, "title": title} if code else None,
            "columns": [{"code": c, "label": label} for c, label in self.columns],
            "rows": [
                {
                    "codes": list(row.codes),
                    "labels": list(row.labels),
                    "total": row.is_total,
                    "cells": [cell.as_json() for cell in row.cells],
                }
                for row in self.rows
            ],
        }


@dataclass(frozen=True)
class ShownMedian:
    key: str
    title: str
    value: float | None
    cases: ShownCell

    @property
    def shown(self) -> str:
        return "<11" if self.value is None else f"{self.value:g}"

    def as_json(self) -> dict[str, Any]:
        cases = self.cases.as_json()
        cases.pop("column")
        return {
            "key": self.key,
            "title": self.title,
            "value": self.value,
            "shown": self.shown,
            "cases": cases,
        }


def _shape(
    data: Mapping[str, Any], positions: Iterable[tuple[tuple[str, ...], str]]
) -> tuple[list[tuple[str, ...]], list[str]]:
    """The rows and columns to show: the table's own, then the margins it has."""
    present = set(positions)
    rows = [tuple(row) for row in data["rows"]]
    columns = list(data["columns"])
    total_row = (TOTAL,) * len(data["row_dimensions"])
    if any(r == total_row for r, _c in present):
        rows.append(total_row)
    if any(c == TOTAL for _r, c in present):
        columns.append(TOTAL)
    return rows, columns


def _table(
    data: Mapping[str, Any], cells: Mapping[tuple[tuple[str, ...], str], ShownCell]
) -> ShownTable:
    row_dimensions = tuple(data["row_dimensions"])
    column_dimension = data["column_dimension"]
    rows, columns = _shape(data, cells)
    shown_rows = []
    for row in rows:
        pairs = zip(row_dimensions, row, strict=True)
        labels = tuple(dimension_label(d, code) for d, code in pairs)
        shown_rows.append(
            ShownRow(
                codes=row,
                labels=labels,
                cells=tuple(cells[(row, column)] for column in columns if (row, column) in cells),
                is_total=all(code == TOTAL for code in row),
            )
        )
    return ShownTable(
        key=data["key"],
        title=table_title(data["key"]),
        population=data["population"],
        row_dimensions=tuple((d, dimension_title(d)) for d in row_dimensions),
        column_dimension=(column_dimension, dimension_title(column_dimension)),
        columns=tuple((c, dimension_label(column_dimension, c)) for c in columns),
        rows=tuple(shown_rows),
    )


def _published_cell(column: str, value: Sequence[Any]) -> ShownCell:
    cell = PublishedCell.from_json(value)
    return ShownCell(column, cell.kind, cell.low, cell.high, cell.shown)


def published_table(data: Mapping[str, Any]) -> ShownTable:
    """One table of a release, from its published JSON."""
    cells = {
        (tuple(row), column): _published_cell(column, value) for row, column, value in data["cells"]
    }
    return _table(data, cells)


def release_tables(tables: Sequence[Mapping[str, Any]]) -> list[ShownTable]:
    return [published_table(data) for data in tables]


def release_medians(medians: Sequence[Mapping[str, Any]]) -> list[ShownMedian]:
    return [
        ShownMedian(
            key=data["key"],
            title=median_title(data["key"]),
            value=data["value"],
            cases=_published_cell("cases", data["cases"]),
        )
        for data in medians
    ]


def exact_table(table: CountTable) -> ShownTable:
    """The internal page's table: exact counts, margins where the table has them."""
    counts = with_margins(table) if table.additive else dict(_cells_only(table))
    data = {
        "key": table.key,
        "population": table.population,
        "row_dimensions": table.row_dimensions,
        "column_dimension": table.column_dimension,
        "rows": table.rows,
        "columns": table.columns,
    }
    cells = {
        position: ShownCell(position[1], "exact", count, count, str(count))
        for position, count in counts.items()
    }
    return _table(data, cells)


def _cells_only(table: CountTable) -> Iterable[tuple[tuple[tuple[str, ...], str], int]]:
    for row in table.rows:
        for column in table.columns:
            yield (row, column), table.count(row, column)
