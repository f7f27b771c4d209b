"""The attack test (issue 22, item 7): a reader with linear programming and every value a
release publishes tries to pin down each suppressed cell; none may be bounded to a range
narrower than 5 people.

The attacker here is written apart from the service's own audit and is stronger in its model:
for each population it takes as unknowns the people in every combination of codes of every
dimension the population's tables use (the joint table behind them), and reads each published
cell and margin as the range it shows over a sum of those unknowns. So it uses everything the
tables imply together, not only the equations within each table. `attack` works on any list of
published tables (a demo release too).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from pathways.stats.disclosure import (
    OTHER,
    TOTAL,
    CountTable,
    PublishedTable,
    publish_tables,
)

Cell = tuple[str, tuple[str, ...], str]  # (table key, row, column)
# No suppressed cell may be bounded more narrowly than this (whole people).
SAFE_WIDTH = 5
SLACK = 1e-6


def table_dimensions(table: PublishedTable) -> tuple[str, ...]:
    return table.row_dimensions + ((table.column_dimension,) if table.column_dimension else ())


def cell_codes(table: PublishedTable, row: tuple[str, ...], column: str) -> tuple[str, ...]:
    return row + ((column,) if table.column_dimension else ())


def attack(
    published: Sequence[PublishedTable], *, enough: int | None = None
) -> dict[Cell, tuple[int, int]]:
    """The whole-people range [low, high] a reader can prove for each "<11" cell.

    With `enough`, a cell whose values across the solutions found so far already differ by
    that much is not solved for again (its range is then at least as wide as reported),
    which is all a test of "never narrower than 5" needs, and much faster."""
    found: dict[Cell, tuple[int, int]] = {}
    populations = sorted({table.population for table in published})
    for population in populations:
        tables = [t for t in published if t.population == population and t.additive]
        if tables:
            found.update(_attack_population(tables, enough))
    return found


def _attack_population(
    tables: list[PublishedTable], enough: int | None
) -> dict[Cell, tuple[int, int]]:
    dimensions, joint = joint_table(tables)
    rows, lows, highs, targets = [], [], [], []
    for table in tables:
        for (row, column), cell in table.cells.items():
            vector = np.array(
                [behind(table, row, column, dimensions, codes) for codes in joint], dtype=float
            )
            rows.append(vector)
            # The rules are public: a range is only published for 11 or more.
            lows.append(max(cell.low, 11) if cell.kind == "rounded" else cell.low)
            highs.append(np.inf if cell.high is None else cell.high)
            if cell.kind == "suppressed":
                targets.append(((table.key, row, column), vector))
    constraint = LinearConstraint(np.array(rows), np.array(lows), np.array(highs))
    bounds = Bounds(np.zeros(len(joint)), unlisted_are_none(tables, dimensions, joint))
    return bound_targets(targets, constraint, bounds, enough)


def joint_table(
    tables: list[PublishedTable],
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The dimensions of a population's tables, and every combination of their codes."""
    codes: dict[str, set[str]] = {}
    for table in tables:
        for row in table.rows:
            for column in table.columns:
                named = zip(table_dimensions(table), cell_codes(table, row, column), strict=True)
                for d, code in named:
                    codes.setdefault(d, set()).add(code)
    dimensions = tuple(sorted(codes))
    return dimensions, list(itertools.product(*(sorted(codes[d]) for d in dimensions)))


def behind(
    table: PublishedTable,
    row: tuple[str, ...],
    column: str,
    dimensions: tuple[str, ...],
    codes: tuple[str, ...],
) -> bool:
    """Whether people with these codes are counted in this cell (a margin takes any code)."""
    wanted = zip(table_dimensions(table), cell_codes(table, row, column), strict=True)
    return all(code == TOTAL or codes[dimensions.index(d)] == code for d, code in wanted)


def unlisted_are_none(
    tables: list[PublishedTable], dimensions: tuple[str, ...], joint: list[tuple[str, ...]]
) -> np.ndarray:
    """A table counts everyone of its population: people with a code it does not list are none."""
    upper = np.full(len(joint), np.inf)
    for table in tables:
        for i, d in enumerate(table_dimensions(table)):
            listed = {cell_codes(table, r, c)[i] for r in table.rows for c in table.columns}
            for j, codes in enumerate(joint):
                if codes[dimensions.index(d)] not in listed:
                    upper[j] = 0
    return upper


def bound_targets(
    targets: list[tuple[Cell, np.ndarray]],
    constraint: LinearConstraint,
    bounds: Bounds,
    enough: int | None,
) -> dict[Cell, tuple[int, int]]:
    """Smallest and largest value of each target; every solution widens what is seen."""
    found = {}
    seen = [[math.inf, -math.inf] for _ in targets]
    for number, (cell, vector) in enumerate(targets):
        for sign in (1.0, -1.0):
            if enough is not None and seen[number][1] - seen[number][0] >= enough:
                break
            result = milp(sign * vector, constraints=constraint, bounds=bounds)
            assert result.status == 0, f"the release contradicts itself: {result.message}"
            for other, (_, values) in zip(seen, targets, strict=True):
                value = float(values @ result.x)
                other[0], other[1] = min(other[0], value), max(other[1], value)
        found[cell] = (math.ceil(seen[number][0] - SLACK), math.floor(seen[number][1] + SLACK))
    return found


# Random releases: populations of people over a few dimensions, tables as their breakdowns.
CODES = {
    "sex": ("f", "m"),
    "age": ("child", "adult"),
    "nationality": ("KH", "LA", "MM", "TH", "VN"),
    "province": ("Kampot", "Kep", "Takeo"),
    "exploitation": ("labour", "sexual", "criminality"),
}
count = st.one_of(st.integers(0, 20), st.integers(0, 20), st.integers(0, 4), st.integers(21, 150))


@st.composite
def populations(draw: st.DrawFn) -> dict[str, Population]:
    """One or two populations: their dimensions, the people in each combination of codes,
    and the combinations impossible by definition (structural zeros, in every table alike)."""
    drawn = {}
    for name in ("identified", "assisted")[: draw(st.integers(1, 2))]:
        dimensions = tuple(
            draw(st.lists(st.sampled_from(sorted(CODES)), min_size=2, max_size=4, unique=True))
        )
        joint = list(itertools.product(*(CODES[d] for d in dimensions)))
        people = draw(st.lists(count, min_size=len(joint), max_size=len(joint)))
        impossible = draw(st.sets(st.sampled_from(joint), max_size=len(joint) // 3))
        counts = {
            codes: 0 if codes in impossible else n for codes, n in zip(joint, people, strict=True)
        }
        drawn[name] = Population(dimensions, counts, frozenset(impossible))
    return drawn


@dataclass(frozen=True)
class Population:
    dimensions: tuple[str, ...]
    joint: dict[tuple[str, ...], int]
    impossible: frozenset[tuple[str, ...]]


@st.composite
def releases(draw: st.DrawFn) -> tuple[dict[str, Population], list[CountTable]]:
    people = draw(populations())
    tables = []
    for number in range(draw(st.integers(1, 4))):
        population = draw(st.sampled_from(sorted(people)))
        chosen = draw(st.permutations(people[population].dimensions))
        rows = tuple(chosen[: draw(st.integers(1, min(2, len(chosen))))])
        rest = chosen[len(rows) :]
        column = draw(st.sampled_from((None, *rest))) if rest else None
        additive = draw(st.sampled_from((True, True, True, False)))
        tables.append(
            breakdown(f"t{number}", population, people[population], rows, column, additive)
        )
    return people, tables


def breakdown(
    key: str,
    population: str,
    people: Population,
    rows: tuple[str, ...],
    column: str | None,
    additive: bool,
) -> CountTable:
    """The exact counts of one table over a population, with its structural zeros."""
    row_codes = list(itertools.product(*(CODES[d] for d in rows)))
    columns = CODES[column] if column else ("count",)
    counts, structural = {}, set()
    for row in row_codes:
        for col in columns:
            wanted = dict(zip(rows, row, strict=True)) | ({column: col} if column else {})
            behind = [
                codes
                for codes in people.joint
                if all(codes[people.dimensions.index(d)] == code for d, code in wanted.items())
            ]
            counts[(row, col)] = sum(people.joint[codes] for codes in behind)
            if all(codes in people.impossible for codes in behind):
                structural.add((row, col))
    return CountTable(
        key=key,
        population=population,
        row_dimensions=rows,
        column_dimension=column,
        rows=tuple(row_codes),
        columns=columns,
        counts=counts,
        structural_zeros=frozenset(structural),
        additive=additive,
    )


def true_count(
    table: PublishedTable, people: Mapping[str, Population], row: tuple[str, ...], column: str
) -> int:
    """The exact number of people behind a published cell, from the population itself."""
    dimensions, joint = people[table.population].dimensions, people[table.population].joint
    wanted = row + ((column,) if table.column_dimension else ())
    listed = {
        d: {cell_codes(table, r, c)[i] for r in table.rows for c in table.columns} - {OTHER}
        for i, d in enumerate(table_dimensions(table))
    }
    total = 0
    for codes, n in joint.items():
        ok = True
        for d, code in zip(table_dimensions(table), wanted, strict=True):
            mine = codes[dimensions.index(d)]
            if code == OTHER:
                ok &= mine not in listed[d]
            elif code != TOTAL:
                ok &= mine == code
        total += n if ok else 0
    return total


def population_total(
    people: Mapping[str, Population], population: str, dimension: str, code: str
) -> int:
    dimensions, joint = people[population].dimensions, people[population].joint
    return sum(n for codes, n in joint.items() if codes[dimensions.index(dimension)] == code)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_no_suppressed_cell_of_a_random_release_can_be_bounded_narrower_than_five(release):
    people, tables = release
    published = publish_tables(tables)
    ranges = attack(published, enough=SAFE_WIDTH)
    for table in published:
        for (row, column), cell in table.cells.items():
            truth = true_count(table, people, row, column)
            if cell.kind == "rounded":
                assert truth >= 11 and cell.low % 5 == 0 and cell.low <= truth <= cell.high
                assert cell.high == cell.low + 4
            elif cell.kind == "zero":
                assert truth == 0
            elif cell.kind == "hidden":
                assert truth >= 11
            else:
                assert cell.kind == "suppressed" and truth <= 10
                if table.additive:
                    low, high = ranges[(table.key, row, column)]
                    assert high - low >= SAFE_WIDTH, (table.key, row, column, low, high)


@settings(max_examples=15, deadline=None)
@given(releases())
def test_the_attacker_bounds_every_suppressed_cell_around_its_true_count(release):
    """The attacker is sound: its exact ranges hold the truth (else its model is wrong)."""
    people, tables = release
    published = publish_tables(tables)
    for (key, row, column), (low, high) in attack(published).items():
        (table,) = [t for t in published if t.key == key]
        assert low <= true_count(table, people, row, column) <= high


@settings(max_examples=40, deadline=None)
@given(releases())
def test_rare_nationalities_and_small_provinces_are_grouped_and_no_line_leaves_one_unknown(
    release,
):
    people, tables = release
    for table in publish_tables(tables):
        for i, d in enumerate(table_dimensions(table)):
            minimum = {"nationality": 11, "province": 50}.get(d)
            if minimum is None:
                continue
            shown = {cell_codes(table, r, c)[i] for r in table.rows for c in table.columns}
            for code in CODES[d]:
                enough = population_total(people, table.population, d, code) >= minimum
                assert (code in shown) == enough
        for parts, margin in table.lines():
            unknown = [
                p for p in (*parts, margin) if table.cells[p].kind in ("suppressed", "hidden")
            ]
            assert len(unknown) != 1


def test_the_attacker_pins_a_cell_left_alone_in_its_line():
    """The attacker is able: a table published with primary suppression only gives away the
    small cell by subtraction."""
    exposed = PublishedTable.from_json(
        {
            "key": "t",
            "population": "identified",
            "row_dimensions": ["sex"],
            "column_dimension": None,
            "rows": [["f"], ["m"]],
            "columns": ["count"],
            "cells": [
                [["f"], "count", ["suppressed", 0, 10]],
                [["m"], "count", ["rounded", 40, 44]],
                [["total"], "count", ["rounded", 40, 44]],
            ],
        }
    )
    assert attack([exposed]) == {("t", ("f",), "count"): (0, 4)}
