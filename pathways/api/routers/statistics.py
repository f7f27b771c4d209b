"""Statistics releases: published ACTIP and SOMTC tables, suppressed and rounded
(docs/api.md, "Statistics releases"). Read-only and published releases only: drafts never
leave through the API, and there is no ad-hoc query of the records behind them."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from pathways.api.pagination import LimitOffset, page
from pathways.stats import access
from pathways.stats.exports import release_title
from pathways.stats.models import StatRelease
from pathways.stats.presentation import MEDIAN_RULE, RULE, release_medians, release_tables

router = Router(tags=["statistics"])


class ReleaseFilters(Schema):
    country: str | None = Field(None, description="ISO code of the country, e.g. KH.")
    year: int | None = Field(None, description="The year the release describes.")


class ReleaseOut(Schema):
    id: int
    kind: str = Field(description="actip: the ACTIP and SOMTC tables.")
    title: str
    country: str = Field(description="ISO code.")
    year: int
    published_at: dt.datetime
    computed_at: dt.datetime = Field(description="When the counts were taken from the records.")


class ReleasePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ReleaseOut]


class CellOut(Schema):
    column: str = Field(description="The column's code; `total` for the row's margin.")
    shown: str = Field(description='As shown on the page: "<11", "x", "0" or a range "10–14".')
    low: int = Field(description="The least the true count may be.")
    high: int | None = Field(
        description="The most the true count may be; null for a hidden cell (no upper bound "
        "is published)."
    )
    kind: str = Field(
        description="zero (structural), suppressed (1 to 10, or a zero), hidden (11 or more, "
        "hidden so that a suppressed cell cannot be worked out) or rounded."
    )


class RowOut(Schema):
    codes: list[str] = Field(description="One code per row dimension; `total` for a margin.")
    labels: list[str]
    total: bool = Field(description="The margin row (every code `total`).")
    cells: list[CellOut]


class DimensionOut(Schema):
    code: str
    title: str


class ColumnOut(Schema):
    code: str
    label: str


class TableOut(Schema):
    key: str
    title: str
    population: str = Field(description="Tables of one population describe the same people.")
    row_dimensions: list[DimensionOut]
    column_dimension: DimensionOut | None
    columns: list[ColumnOut]
    rows: list[RowOut]


class MedianCasesOut(Schema):
    shown: str
    low: int
    high: int | None
    kind: str


class MedianOut(Schema):
    key: str
    title: str
    value: float | None = Field(description="Null where fewer than 11 cases lie behind it.")
    shown: str
    cases: MedianCasesOut


class ReleaseDetailOut(ReleaseOut):
    rule: str = Field(description="How counts are suppressed and rounded, in words.")
    median_rule: str
    tables: list[TableOut]
    medians: list[MedianOut]


def _release(release: StatRelease) -> dict:
    return {
        "id": release.pk,
        "kind": release.kind,
        "title": release_title(release),
        "country": release.country.code,
        "year": release.year,
        "published_at": release.published_at,
        "computed_at": release.computed_at,
    }


@router.get("/statistics/releases/", response=ReleasePage, url_name="stats_release_list")
def release_list(
    request: HttpRequest,
    filters: Query[ReleaseFilters],
    pagination: Query[LimitOffset.Input],
):
    """Published statistics releases, newest year first; labels in the language asked for
    with `Accept-Language`."""
    releases = access.published_releases(request.user).select_related("country")
    if filters.country:
        releases = releases.filter(country__code=filters.country.upper())
    if filters.year:
        releases = releases.filter(year=filters.year)
    return page(request, releases, pagination, _release)


@router.get(
    "/statistics/releases/{release_id}/",
    response=ReleaseDetailOut,
    url_name="stats_release_detail",
)
def release_detail(request: HttpRequest, release_id: int):
    """One published release: every table with its codes, labels and cells (each as shown
    and as the range its true count lies in), and the medians."""
    release = access.published_release_for(request.user, release_id)
    return {
        **_release(release),
        "rule": str(RULE),
        "median_rule": str(MEDIAN_RULE),
        "tables": [t.as_json() for t in release_tables(release.tables)],
        "medians": [m.as_json() for m in release_medians(release.medians)],
    }
