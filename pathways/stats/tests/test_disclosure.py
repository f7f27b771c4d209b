"""The statistics service on small tables whose published form can be worked out by hand."""

from __future__ import annotations

import dataclasses
import json

import pytest

from pathways.stats.disclosure import (
    OTHER,
    TOTAL,
    CountTable,
    PublishedTable,
    TableShapeError,
    publish_median,
    publish_table,
    publish_tables,
    release_exposures,
)


def table(
    counts: dict[tuple[str, str], int],
    *,
    key: str = "t",
    population: str = "identified",
    row_dimension: str = "sex",
    column_dimension: str | None = "age",
    structural: frozenset[tuple[str, str]] = frozenset(),
    additive: bool = True,
) -> CountTable:
    """A table with one row dimension from {(row code, column code): count}."""
    rows = tuple((row,) for row in dict.fromkeys(row for row, _ in counts))
    columns = tuple(dict.fromkeys(column for _, column in counts))
    return CountTable(
        key=key,
        population=population,
        row_dimensions=(row_dimension,),
        column_dimension=column_dimension,
        rows=rows,
        columns=columns,
        counts={((row,), column): count for (row, column), count in counts.items()},
        structural_zeros=frozenset(((row,), column) for row, column in structural),
        additive=additive,
    )


def shown(published: PublishedTable) -> dict[tuple[str, str], str]:
    return {
        (row[0], column): published.cell(row, column).shown
        for row in published.all_rows()
        for column in published.all_columns()
    }


def test_counts_of_eleven_or_more_are_shown_as_the_range_of_their_multiple_of_five():
    published = shown(publish_table(table({("f", "adult"): 12, ("m", "adult"): 31})))
    assert published[("f", "adult")] == "10–14"
    assert published[("m", "adult")] == "30–34"
    assert published[(TOTAL, "adult")] == "40–44"  # 43, from the exact counts, not 10 + 30


def test_a_count_under_eleven_is_shown_as_under_eleven_and_its_line_hides_a_second_cell():
    published = publish_table(
        table({("f", "child"): 3, ("f", "adult"): 40, ("m", "child"): 25, ("m", "adult"): 60})
    )
    cells = shown(published)
    assert cells[("f", "child")] == "<11"
    # Row f would give 3 as its total minus 40; the smaller of 40 and 43 is hidden.
    assert cells[("f", "adult")] == "x"
    # Column child would give 3 as 28 minus 25: the 25 is hidden, then row m needs a second.
    assert cells[("m", "child")] == "x"
    assert cells[("m", "adult")] == "x"
    assert cells[("m", TOTAL)] == "85–89"
    for parts, margin in published.lines():
        hidden = [p for p in (*parts, margin) if published.cells[p].kind != "rounded"]
        assert len(hidden) != 1
    assert release_exposures([published]) == []


def test_a_structural_zero_is_shown_as_zero_and_an_ordinary_zero_as_under_eleven():
    published = shown(
        publish_table(
            table(
                {("f", "pregnant"): 20, ("m", "pregnant"): 0, ("f", "other"): 0},
                column_dimension="condition",
                structural=frozenset({("m", "pregnant")}),
            )
        )
    )
    assert published[("m", "pregnant")] == "0"
    assert published[("f", "other")] == "<11"


def test_a_margin_made_only_of_structural_zeros_is_a_structural_zero():
    published = shown(
        publish_table(
            table(
                {("f", "pregnant"): 30, ("m", "pregnant"): 0},
                column_dimension=None,
                structural=frozenset({("m", "pregnant")}),
            )
        )
    )
    assert published == {
        ("f", "pregnant"): "30–34",
        ("m", "pregnant"): "0",
        (TOTAL, "pregnant"): "30–34",
    }


def test_nationalities_with_fewer_than_eleven_people_are_grouped_as_other():
    counts = {
        ("KH", "f"): 30,
        ("KH", "m"): 25,
        ("MM", "f"): 20,
        ("MM", "m"): 11,
        ("TH", "f"): 6,
        ("TH", "m"): 4,
        ("VN", "f"): 5,
        ("VN", "m"): 0,
    }
    published = publish_table(table(counts, row_dimension="nationality", column_dimension="sex"))
    assert published.rows == (("KH",), ("MM",), (OTHER,))
    # TH has 10 people, VN 5: other holds 15, 4 of them men.
    assert published.cell((OTHER,), "m").shown == "<11"
    assert published.cell((OTHER,), TOTAL).shown == "15–19"


def test_provinces_under_fifty_are_grouped_as_other_and_larger_ones_shown():
    counts = {("Siem Reap", "count"): 50, ("Kep", "count"): 12, ("Pailin", "count"): 30}
    published = publish_table(table(counts, row_dimension="province", column_dimension=None))
    assert published.rows == (("Siem Reap",), (OTHER,))
    assert shown(published)[(OTHER, "count")] == "40–44"


def test_grouping_also_applies_to_a_nationality_column():
    counts = {("f", "KH"): 40, ("f", "LA"): 3, ("m", "KH"): 20, ("m", "LA"): 2}
    published = publish_table(table(counts, column_dimension="nationality"))
    assert published.columns == ("KH", OTHER)


def test_a_one_dimensional_table_has_a_total_row_and_no_total_column():
    published = publish_table(
        table({("f", "count"): 25, ("m", "count"): 33}, column_dimension=None)
    )
    assert published.all_columns() == ("count",)
    assert published.all_rows() == (("f",), ("m",), (TOTAL,))
    assert shown(published)[(TOTAL, "count")] == "55–59"
    assert all(column != TOTAL for _, column, _ in published.as_json()["cells"])


def test_a_table_that_is_not_additive_has_no_margins_and_each_cell_stands_alone():
    # One person may receive shelter and legal aid: the columns do not add up.
    counts = {("f", "shelter"): 14, ("f", "legal"): 4, ("m", "shelter"): 22, ("m", "legal"): 17}
    published = publish_table(table(counts, column_dimension="service", additive=False))
    assert published.all_rows() == (("f",), ("m",))
    assert published.all_columns() == ("shelter", "legal")
    # Primary suppression and rounding only: nothing else is hidden.
    assert shown(published) == {
        ("f", "shelter"): "10–14",
        ("f", "legal"): "<11",
        ("m", "shelter"): "20–24",
        ("m", "legal"): "15–19",
    }
    assert published.lines() == []


@pytest.mark.parametrize(
    ("row_dimensions", "column_dimension"),
    [
        (("sex", "age", "nationality"), "exploitation"),
        (("sex",), "month"),
        (("district",), None),
    ],
)
def test_tables_too_fine_or_with_more_than_three_dimensions_are_refused(
    row_dimensions, column_dimension
):
    refused = CountTable(
        key="fine",
        population="identified",
        row_dimensions=row_dimensions,
        column_dimension=column_dimension,
        rows=(),
        columns=("count",),
        counts={},
    )
    with pytest.raises(TableShapeError):
        publish_tables([refused])


def test_a_one_dimensional_table_with_several_columns_is_refused():
    with pytest.raises(TableShapeError, match="single column"):
        publish_table(table({("f", "a"): 20, ("f", "b"): 20}, column_dimension=None))


def test_a_structural_zero_that_counts_people_is_refused():
    with pytest.raises(TableShapeError, match="structural zero"):
        publish_table(table({("m", "pregnant"): 2}, structural=frozenset({("m", "pregnant")})))


def test_counts_outside_the_rows_and_columns_are_refused_not_dropped():
    mistaken = dataclasses.replace(
        table({("f", "count"): 20}, column_dimension=None), counts={(("m",), "count"): 12}
    )
    with pytest.raises(TableShapeError, match="outside its rows"):
        publish_table(mistaken)


def test_a_table_of_nobody_is_published_as_under_eleven():
    nobody = dataclasses.replace(
        table({("f", "count"): 0}, column_dimension=None), rows=(), counts={}
    )
    published = publish_table(nobody)
    assert published.all_rows() == ((TOTAL,),)
    assert published.cell((TOTAL,), "count").shown == "<11"


def test_a_median_needs_eleven_values():
    assert publish_median("days", [5.0] * 10).value is None
    published = publish_median("days", [float(day) for day in range(1, 12)])
    assert published.value == 6.0
    assert published.cases_shown.shown == "10–14"


def test_tables_of_one_population_are_protected_together():
    by_sex = table({("f", "count"): 0, ("m", "count"): 20}, key="sex", column_dimension=None)
    by_sex_and_age = table(
        {("f", "child"): 0, ("f", "adult"): 0, ("m", "child"): 10, ("m", "adult"): 10},
        key="sex-age",
    )
    alone = [publish_table(by_sex), publish_table(by_sex_and_age)]
    assert all(release_exposures([published]) == [] for published in alone)
    # Together: the same 20–24 people are 10 or fewer children and 10 or fewer adults, so
    # there are exactly 10 of each.
    exposed = {(e.table, e.row, e.column, e.low, e.high) for e in release_exposures(alone)}
    assert ("sex-age", (TOTAL,), "child", 10, 10) in exposed
    together = publish_tables([by_sex, by_sex_and_age])
    assert release_exposures(together) == []


def test_the_audit_finds_a_suppressed_cell_recoverable_by_subtraction():
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
    # f is the total less m: at most 44 - 40.
    (exposure,) = release_exposures([exposed])
    assert (exposure.row, exposure.column, exposure.low, exposure.high) == (("f",), "count", 0, 4)


def test_a_published_table_survives_its_json():
    published = publish_table(
        table({("f", "child"): 3, ("f", "adult"): 40, ("m", "child"): 25, ("m", "adult"): 60})
    )
    stored = json.loads(json.dumps(published.as_json()))
    assert PublishedTable.from_json(stored) == published
    assert ["hidden", 11, None] in [cell for _, _, cell in stored["cells"]]
