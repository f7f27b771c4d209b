"""Reading and mapping: the file read, the sheet and its header row found, the columns
mapped (as chosen, as remembered for the organisation, or as detected) and every row read
and normalised (`rows.py`), into an `ImportPreview`. Nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.utils.translation import gettext as _

from pathways.activities.importing.headers import (
    MULTI_FIELDS,
    NAME_FIELDS,
    Column,
    Layout,
    find_layout,
)
from pathways.activities.importing.preview import (
    ImportFileError,
    ImportPreview,
    OrganisationsRead,
    UnmatchedOrganisation,
)
from pathways.activities.importing.rows import PersonRow, Problem, read_rows
from pathways.activities.importing.vocabulary import FIELDS, IGNORE
from pathways.activities.models import ColumnMapping, Event, ImportBatch
from pathways.lib.spreadsheets import Sheet, SpreadsheetError, read_sheets
from pathways.programs.organisations import organisation_key, organisation_lookup


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_file(*, event, data, file_name, mapping, encoding) -> ImportPreview:
    try:
        sheets = read_sheets(
            data,
            max_bytes=settings.UPLOAD_MAX_BYTES,
            memory_mb=settings.SPREADSHEET_READER_MEMORY_MB,
            seconds=settings.SPREADSHEET_READER_SECONDS,
            encoding=encoding,
        )
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from exc
    sheet, layout = _choose_sheet(sheets)
    chosen, source_name = _mapping_to_use(event, layout, mapping)
    problems = _mapping_problems(layout.columns, chosen)
    read = read_rows(
        sheet.rows,
        start=layout.data_start,
        columns=layout.columns,
        mapping=chosen,
        region=event.country.code,
    )
    if not read.rows_read:
        raise ImportFileError(_("The sheet has a header row but no rows of attendance below it."))
    read.errors[:0] = problems
    organisations = _organisations(event, read.rows)
    sha = file_sha256(data)
    return ImportPreview(
        event=event,
        file_name=file_name,
        sha256=sha,
        sheet_name=sheet.name,
        header_rows=[i + 1 for i in layout.header_rows],
        columns=layout.columns,
        mapping=chosen,
        mapping_source=source_name,
        read=read,
        warnings=[],
        organisations=organisations,
        signature=layout.signature,
        already_imported=ImportBatch.objects.filter(event=event, file_sha256=sha).exists(),
        encoding=sheet.encoding,
    )


def _choose_sheet(sheets: Sequence[Sheet]) -> tuple[Sheet, Layout]:
    if not any(any(c for c in row) for sheet in sheets for row in sheet.rows):
        raise ImportFileError(_("The file has no rows: every sheet is empty."))
    for sheet in sheets:
        layout = find_layout(sheet.rows)
        if layout is not None:
            return sheet, layout
    raise ImportFileError(
        _(
            "No header row was found. In the first 50 rows of each sheet we looked for a row of "
            "column names that includes the person's name and at least one more column such as "
            "sex, position, organisation or phone (in English or a language of the region). "
            "Add such a header row above the names."
        )
    )


def _mapping_to_use(event: Event, layout: Layout, mapping: dict[int, str] | None):
    indexes = {c.index for c in layout.columns}
    if mapping is not None:
        chosen = {i: f for i, f in mapping.items() if i in indexes and f in FIELDS}
        return {**{i: IGNORE for i in indexes}, **chosen}, "chosen"
    remembered = _remembered(event, layout)
    if remembered is not None:
        return remembered, "remembered"
    return layout.mapping(), "detected"


def _remembered(event: Event, layout: Layout) -> dict[int, str] | None:
    if event.lead_organisation_id is None:
        return None
    saved = ColumnMapping.objects.filter(
        organisation_id=event.lead_organisation_id, header_signature=layout.signature
    ).first()
    if saved is None:
        return None
    indexes = {c.index for c in layout.columns}
    chosen = {int(i): f for i, f in saved.mapping.items() if str(i).isdigit() and f in FIELDS}
    if set(chosen) != indexes:
        return None
    return chosen


def _mapping_problems(columns: list[Column], mapping: dict[int, str]) -> list[Problem]:
    problems = []
    labels = {c.index: c.label for c in columns}
    used: dict[str, int] = {}
    for index in sorted(mapping):
        name = mapping[index]
        if name == IGNORE or name in MULTI_FIELDS:
            continue
        if name in used:
            message = _(
                "'%(field)s' is chosen for two columns, '%(first)s' and '%(second)s'. "
                "Choose it for one column and ignore the other."
            ) % {"field": FIELDS[name], "first": labels[used[name]], "second": labels[index]}
            problems.append(Problem(None, labels[index], message))
        used.setdefault(name, index)
    if not set(used) & set(NAME_FIELDS):
        message = _("No column is read as the person's name. Choose the column that holds names.")
        problems.append(Problem(None, "", message))
    return problems


def _organisations(event: Event, rows: list[PersonRow]) -> OrganisationsRead:
    """Each row's organisation matched by name, acronym or alias (`organisation_key`); the
    texts that matched none, with their rows, for the preview to list and the officer to
    resolve."""
    known = organisation_lookup(event.country_id)
    read = OrganisationsRead()
    by_key: dict[str, UnmatchedOrganisation] = {}
    for row in rows:
        if not row.organisation:
            continue
        key = organisation_key(row.organisation)
        if key in known:
            read.matched[row.row] = known[key]
        elif key:
            found = by_key.setdefault(key, UnmatchedOrganisation(text=row.organisation))
            found.rows.append(row.row)
    read.unmatched = list(by_key.values())
    return read
