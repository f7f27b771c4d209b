"""The ACTIP obligations matrix, read-only: each member state the caller sees, its status on
every article of the Convention and the evidence the caller may see. Statuses are set on the
pages (country manager, MEL admin)."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema

from pathways.reports.access import obligation_countries_for_user
from pathways.reports.obligations import build_matrix, country_evidence

router = Router(tags=["actip"])


class ArticleOut(Schema):
    number: int
    chapter: int
    chapter_title: str
    title: str = Field(description="The Convention's English title; empty where not recorded.")
    confirmed: bool = Field(description="Whether chapter and title were checked against the text.")


class StatusOut(Schema):
    article: int
    status: str = Field(
        description="not_assessed, not_met (not yet met), partly_met, met or not_applicable."
    )
    note: str
    updated_at: dt.datetime | None
    events: list[int] = Field(description="Ids of linked events the caller may see.")
    achievements: list[int] = Field(description="Ids of linked achievements the caller may see.")
    releases: list[int] = Field(description="Ids of linked published statistics releases.")


class CountryOut(Schema):
    country: str = Field(description="ISO code.")
    name: str
    statuses: list[StatusOut]


class MatrixOut(Schema):
    articles: list[ArticleOut]
    countries: list[CountryOut]


@router.get(
    "/actip/obligations/",
    response=MatrixOut,
    url_name="actip_obligations",
    summary="The ACTIP obligations matrix",
)
def actip_obligations(request: HttpRequest):
    """Every article, and for each member state the caller sees its status on each (a state
    with none recorded is `not_assessed`) with the evidence the caller may see."""
    matrix = build_matrix(obligation_countries_for_user(request.user))
    countries = []
    for row in matrix.rows:
        records = [c.record for c in row.cells if c.record is not None]
        evidence = country_evidence(request.user, row.country, records)
        statuses = []
        for cell in row.cells:
            found = evidence.get(cell.article.pk)
            statuses.append(
                {
                    "article": cell.article.number,
                    "status": cell.status,
                    "note": cell.record.note if cell.record else "",
                    "updated_at": cell.record.updated_at if cell.record else None,
                    "events": [e.pk for e in found.events] if found else [],
                    "achievements": [a.pk for a in found.achievements] if found else [],
                    "releases": [r.pk for r in found.releases] if found else [],
                }
            )
        countries.append(
            {"country": row.country.code, "name": row.country.name, "statuses": statuses}
        )
    return {"articles": matrix.articles, "countries": countries}
