"""Publications: factsheets, donor workbooks and IATI files as they were published, with
their figures then and now and what changed in between (docs/operations.md, "Publishing").
Read-only: publishing is done on the pages or with `manage.py publish`."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from pathways.api.pagination import LimitOffset, page
from pathways.reports.access import get_publication_for_user, publications_for_user
from pathways.reports.changes_since import changes_since
from pathways.reports.models import Publication
from pathways.reports.snapshots import compare, current_rows

router = Router(tags=["publications"])

Number = int | str | None


class PublicationOut(Schema):
    id: int
    kind: str = Field(description="factsheet (PDF), workbook (donor workbook, XLSX) or iati.")
    country: str | None = Field(description="ISO code; null for the region.")
    start: dt.date
    end: dt.date
    language: str
    counted: str = Field(description="Whose events the figures count, in words.")
    published_at: dt.datetime
    published_by: str | None = Field(
        description="Username; null when published at the command line."
    )
    file_name: str
    sha256: str = Field(description="SHA-256 of the file as published.")
    withdrawn_at: dt.datetime | None = Field(
        description="When the MEL admin withdrew it; null while it stands."
    )
    withdrawal_reason: str = Field(description="Why it was withdrawn; empty while it stands.")


class PublicationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PublicationOut]


class FigureRowOut(Schema):
    place: str | None
    start: dt.date
    end: dt.date
    figure: str
    value: Number


class FigureChangeOut(Schema):
    place: str | None
    start: dt.date
    end: dt.date
    figure: str
    published: Number = Field(description="As published; null when the output did not show it.")
    current: Number = Field(description="Counted now; null when it is no longer counted.")
    difference: Number
    unchanged: bool


class ImportSinceOut(Schema):
    event: int
    event_title: str
    file_name: str
    at: dt.datetime
    rows: int
    attendances: int


class ImportsOut(Schema):
    count: int
    rows: int = 0
    attendances: int
    batches: list[ImportSinceOut]


class MergeSinceOut(Schema):
    kept_person: int
    at: dt.datetime
    undone: bool


class MergesOut(Schema):
    count: int
    merges: list[MergeSinceOut]


class ChangesSinceOut(Schema):
    imports_added: ImportsOut
    imports_undone: ImportsOut
    merges: MergesOut
    merges_undone: MergesOut
    events_recorded: int
    events_edited: int
    events_deleted: int
    attendances_added_by_hand: int
    attendances_removed_by_hand: int
    attendances_edited_by_hand: int


class PublicationDetailOut(PublicationOut):
    published_figures: list[FigureRowOut]
    current_figures: list[FigureRowOut]
    figures: list[FigureChangeOut] = Field(
        description="Each figure as published beside its value now, and the difference."
    )
    changes_since: ChangesSinceOut = Field(
        description="What was recorded since publishing that touched the events it counted."
    )


def _publication(p: Publication) -> dict:
    return {
        "id": p.pk,
        "kind": p.kind,
        "country": p.country.code if p.country_id else None,
        "start": p.start,
        "end": p.end,
        "language": p.language,
        "counted": p.counted,
        "published_at": p.published_at,
        "published_by": p.published_by.get_username() if p.published_by_id else None,
        "file_name": p.file_name,
        "sha256": p.sha256,
        "withdrawn_at": p.withdrawn_at,
        "withdrawal_reason": p.withdrawal_reason,
    }


@router.get("/publications/", response=PublicationPage, url_name="publication_list")
def publication_list(request: HttpRequest, pagination: Query[LimitOffset.Input]):
    """Publications of the places whose whole figures you see, newest first."""
    listed = publications_for_user(request.user).defer("content", "figures")
    return page(request, listed, pagination, _publication)


@router.get("/publications/{pk}/", response=PublicationDetailOut, url_name="publication_detail")
def publication_detail(request: HttpRequest, pk: int):
    """One publication: its figures as published, as counted now, each pair's difference,
    and the imports, undos, merges and edits since that explain it."""
    publication = get_publication_for_user(request.user, pk)
    current = current_rows(publication)
    return {
        **_publication(publication),
        "published_figures": publication.figures["rows"],
        "current_figures": current,
        "figures": [c.as_json() for c in compare(publication.figures["rows"], current)],
        "changes_since": changes_since(publication).as_json(),
    }


@router.get("/publications/{pk}/file/", url_name="publication_file")
def publication_file(request: HttpRequest, pk: int):
    """The file exactly as published (PDF, XLSX or XML)."""
    publication = get_publication_for_user(request.user, pk)
    response = HttpResponse(bytes(publication.content), content_type=publication.media_type)
    response["Content-Disposition"] = f'attachment; filename="{publication.file_name}"'
    return response
