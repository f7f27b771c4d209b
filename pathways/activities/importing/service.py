"""The attendance import service: one path for the web page, the command and benchmarks.

`prepare_import` reads, maps and normalises a sheet and works out what an import would do,
writing nothing. `import_file` does the same and then, unless there are errors, the file
was already imported, or it is a dry run, writes every row in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.activities.dedup.finder import queue_candidates, queue_outside_scope
from pathways.activities.dedup.matching import find_sure_matches, match_key, name_key
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.importing.headers import NAME_FIELDS, Column, Layout, find_layout
from pathways.activities.importing.rows import (
    ALREADY_ATTENDS,
    DUPLICATE,
    WG_FIELDS,
    PersonRow,
    Problem,
    RowsRead,
    Skip,
    read_rows,
)
from pathways.activities.importing.vocabulary import FIELDS, IGNORE, fold
from pathways.activities.models import (
    Attendance,
    ColumnMapping,
    Event,
    ImportBatch,
    Person,
)
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.lib.bulk import insert_rows
from pathways.lib.collector import paused_collector
from pathways.lib.spreadsheets import Sheet, SpreadsheetError, read_sheets
from pathways.programs.models import Country, Organisation

REPORT_KEYS = (
    "rows_read",
    "attendances_added",
    "persons_created",
    "persons_matched",
    "skipped",
    "errors",
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    rows_read: int = 0
    attendances_added: int = 0
    persons_created: int = 0
    persons_matched: int = 0
    skipped: list[Skip] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False
    written: bool = False
    batch_id: int | None = None
    encoding: str = ""  # what a CSV file was read as; "" for workbooks

    def report(self) -> dict[str, Any]:
        """The report with exactly the documented keys (the command's --json output)."""
        return {
            "rows_read": self.rows_read,
            "attendances_added": self.attendances_added,
            "persons_created": self.persons_created,
            "persons_matched": self.persons_matched,
            "skipped": [s.as_dict() for s in self.skipped],
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class ImportPreview:
    """What an import of this file with this mapping would do; nothing is written."""

    event: Event
    file_name: str
    sha256: str
    sheet_name: str
    header_rows: list[int]
    columns: list[Column]
    mapping: dict[int, str]
    mapping_source: str
    read: RowsRead
    warnings: list[str]
    signature: str
    already_imported: bool = False
    plan: _Plan | None = None
    encoding: str = ""  # what a CSV file was read as (a key of ENCODINGS); "" for workbooks

    @property
    def errors(self) -> list[Problem]:
        return self.read.errors

    @property
    def can_confirm(self) -> bool:
        return not self.errors and not self.already_imported

    def result(self) -> ImportResult:
        plan = self.plan or _Plan()
        ok = not self.errors and not self.already_imported
        return ImportResult(
            rows_read=self.read.rows_read,
            attendances_added=len(plan.create) + len(plan.matched) if ok else 0,
            persons_created=len(plan.create) if ok else 0,
            persons_matched=len(plan.matched) if ok else 0,
            skipped=sorted(self.read.skipped + plan.skipped, key=lambda s: s.row),
            errors=list(self.errors),
            warnings=list(self.warnings),
            already_imported=self.already_imported,
            encoding=self.encoding,
        )


@dataclass
class _Plan:
    create: list[PersonRow] = field(default_factory=list)
    matched: list[tuple[PersonRow, Person]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    # Rows to create (by row number) that surely are a person on record whom the importer
    # may not see: that person's key, for the review queue only (never in a report).
    outside: dict[int, int] = field(default_factory=dict)


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_actor(actor: Any, event: Event, source: str) -> None:
    if actor is None and source == AuditEvent.Source.COMMAND:
        return  # an operator at the server's command line
    require(scope_for(actor).can_edit_event(event), "You cannot change this event's attendance.")


def prepare_import(
    *,
    actor: Any,
    event: Event,
    data: bytes,
    file_name: str,
    mapping: dict[int, str] | None = None,
    encoding: str | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ImportPreview:
    """Read, map, normalise and match; report what an import would do. Writes nothing.
    `encoding` (a key of ENCODINGS) reads a CSV file as that instead of detecting it."""
    with paused_collector():  # see import_file
        preview = _parse(
            actor=actor,
            event=event,
            data=data,
            file_name=file_name,
            mapping=mapping,
            encoding=encoding,
            source=source,
        )
        if not preview.already_imported:
            preview.plan = _plan(actor, event, preview.read.rows)
        return preview


def import_file(
    *,
    actor: Any,
    event: Event,
    data: bytes,
    file_name: str,
    mapping: dict[int, str] | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> ImportResult:
    """Import a sheet into an event: every row or none. Raises ImportFileError for a file that
    cannot be read at all; row problems come back in `errors` with nothing written."""
    # A big sheet's rows, persons, records and blocks are many small objects, none in a
    # reference cycle: Python's cycle collector would walk them again and again and find
    # nothing to free (docs/performance.md).
    with paused_collector():
        return _import_file(
            actor=actor,
            event=event,
            data=data,
            file_name=file_name,
            mapping=mapping,
            encoding=encoding,
            dry_run=dry_run,
            source=source,
        )


def _import_file(
    *, actor, event, data, file_name, mapping, encoding, dry_run, source
) -> ImportResult:
    preview = _parse(
        actor=actor,
        event=event,
        data=data,
        file_name=file_name,
        mapping=mapping,
        encoding=encoding,
        source=source,
    )
    if preview.errors or preview.already_imported or dry_run:
        if not preview.already_imported:
            preview.plan = _plan(actor, event, preview.read.rows)
        return preview.result()
    with transaction.atomic():
        # FOR NO KEY UPDATE: imports (and merges) in one country still wait for each other,
        # but rows that merely refer to the country or the event do not wait for the import.
        # PostgreSQL checks those references at commit, after the writer has taken the audit
        # chain's head, which the import also needs: a plain FOR UPDATE here deadlocks with
        # any event or person saved in the country meanwhile.
        locked = Event.objects.select_for_update(no_key=True).get(pk=event.pk)
        # Imports in one country wait for each other: each matches against the persons the
        # one before it created, so people on two sheets imported at once are one person.
        Country.objects.select_for_update(no_key=True).get(pk=locked.country_id)
        if ImportBatch.objects.filter(event=locked, file_sha256=preview.sha256).exists():
            preview.already_imported = True
            return preview.result()
        preview.plan = _plan(actor, locked, preview.read.rows)
        return _write(actor=actor, event=locked, preview=preview, source=source)


# --- Reading and mapping ----------------------------------------------------------------


def _parse(*, actor, event, data, file_name, mapping, encoding, source) -> ImportPreview:
    _check_actor(actor, event, source)
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
        warnings=_organisation_warnings(event, read.rows),
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
        if name == IGNORE:
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


def _organisations(event: Event) -> dict[str, int]:
    found: dict[str, int] = {}
    orgs = Organisation.objects.filter(Q(country_id=event.country_id) | Q(country__isnull=True))
    for org in orgs.only("pk", "name", "acronym"):
        for text in (org.name, getattr(org, "acronym", "")):
            if text:
                found.setdefault(fold(text), org.pk)
    return found


def _organisation_warnings(event: Event, rows: list[PersonRow]) -> list[str]:
    known = _organisations(event)
    unknown: dict[str, list[int]] = {}
    for row in rows:
        if row.organisation and fold(row.organisation) not in known:
            unknown.setdefault(row.organisation, []).append(row.row)
    warnings = []
    for text, numbers in sorted(unknown.items(), key=lambda item: item[1][0])[:50]:
        shown = ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
        warnings.append(
            _(
                "'%(name)s' (rows %(rows)s) is not an organisation on record; these persons "
                "are saved without an organisation."
            )
            % {"name": text[:60], "rows": shown}
        )
    if len(unknown) > 50:
        more = len(unknown) - 50
        warnings.append(_("%(n)d more organisation names are not on record.") % {"n": more})
    return warnings


# --- Matching and writing ---------------------------------------------------------------


def _visible_persons(actor: Any, event: Event) -> frozenset[int] | None:
    """The keys of the persons of the event's country whose personal data the importer may
    see; None when that is all of them (the country's staff, the admin, an operator at the
    server's command line), which costs nothing."""
    if actor is None or scope_for(actor).can_see_personal_data_in(event.country_id):
        return None
    persons = Person.objects.visible_to(actor).filter(country_id=event.country_id)
    return frozenset(persons.values_list("pk", flat=True))


def _plan(actor: Any, event: Event, rows: list[PersonRow]) -> _Plan:
    """What each row will do. A row is linked only to a person the importer may see; a row
    that surely is someone they may not see is a new person like any other (the preview and
    the report say nothing more), queued for the country's data officers when written."""
    matches = find_sure_matches(
        country=event.country,
        facts=[r.facts for r in rows],
        visible=_visible_persons(actor, event),
    )
    attending = set(Attendance.objects.filter(event=event).values_list("person_id", flat=True))
    plan = _Plan()
    seen: set[int] = set()
    for row, (person, hidden) in zip(rows, matches, strict=True):
        if person is None:
            plan.create.append(row)
            if hidden is not None:
                plan.outside[row.row] = hidden
        elif person.pk in attending:
            plan.skipped.append(Skip(row.row, ALREADY_ATTENDS))
        elif person.pk in seen:
            plan.skipped.append(Skip(row.row, DUPLICATE))
        else:
            seen.add(person.pk)
            plan.matched.append((row, person))
    return plan


def _new_person(row: PersonRow, event: Event, organisations: dict[str, int]) -> dict[str, Any]:
    """A new person's field values (`insert_rows`)."""
    return {
        "full_name": row.full_name,
        "latin_name": row.latin_name,
        "name_key": name_key(row.full_name),
        "match_key": match_key(row.full_name, row.latin_name),
        "sex": row.sex,
        "birth_year": row.birth_year,
        "age_band": row.age_band,
        "organisation_id": organisations.get(fold(row.organisation)) if row.organisation else None,
        "position": row.position,
        "phone": row.phone,
        "email": row.email,
        "country_id": event.country_id,
        "is_synthetic": event.is_synthetic,
        **{f: row.wg.get(f, "not_asked") for f in WG_FIELDS},
    }


def _attendance(row: PersonRow, event: Event, person_id: int, batch: ImportBatch) -> dict:
    """An attendance's field values (`insert_rows`)."""
    return {
        "event_id": event.pk,
        "person_id": person_id,
        "role": row.role,
        "days_attended": row.days_attended,
        "pre_test_score": row.pre_test,
        "post_test_score": row.post_test,
        "import_batch_id": batch.pk,
    }


def _write(*, actor, event: Event, preview: ImportPreview, source: str) -> ImportResult:
    plan = preview.plan or _Plan()
    batch = ImportBatch.objects.create(
        event=event,
        file_name=preview.file_name[:255],
        file_sha256=preview.sha256,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    organisations = _organisations(event)
    # The batch row above was written in this transaction, as insert_rows requires. Rows,
    # not instances: building an instance per row costs more than writing the row.
    new = [_new_person(row, event, organisations) for row in plan.create]
    person_ids = insert_rows(Person, new)
    records = [PersonRecord.of(pk, values) for pk, values in zip(person_ids, new, strict=True)]
    # Rows that surely were a person the importer may not see wait for a data officer,
    # before the finder queues the same pairs with less telling reasons.
    queue_outside_scope(
        pairs=[
            (record, plan.outside[row.row])
            for row, record in zip(plan.create, records, strict=True)
            if row.row in plan.outside
        ]
    )
    # New persons that may be someone already on record wait in the duplicates review queue.
    queue_candidates(persons=records)
    pairs = list(zip(plan.create, person_ids, strict=True))
    pairs += [(row, person.pk) for row, person in plan.matched]
    pairs.sort(key=lambda pair: pair[0].row)
    attendance_ids = insert_rows(
        Attendance, [_attendance(row, event, pk, batch) for row, pk in pairs]
    )
    result = preview.result()
    result.written, result.batch_id = True, batch.pk
    batch.report = result.report()
    batch.save(update_fields=["report"])
    _remember_mapping(event, preview)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        instance=event,
        source=source,
        changes=_audit_changes(preview, result, person_ids, attendance_ids, plan),
    )
    return result


def _remember_mapping(event: Event, preview: ImportPreview) -> None:
    if event.lead_organisation_id is None:
        return
    ColumnMapping.objects.update_or_create(
        organisation_id=event.lead_organisation_id,
        header_signature=preview.signature,
        defaults={"mapping": {str(i): f for i, f in sorted(preview.mapping.items())}},
    )


def id_ranges(ids: Sequence[int]) -> list[list[int]]:
    """[1, 2, 3, 7] -> [[1, 3], [7, 7]]: every id named, compactly."""
    ranges: list[list[int]] = []
    for pk in sorted(ids):
        if ranges and pk == ranges[-1][1] + 1:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    return ranges


def _audit_changes(preview, result, person_ids, attendance_ids, plan) -> dict[str, Any]:
    """One audit event for the whole import that still names every record it created."""
    return {
        "import_batch": result.batch_id,
        "file_name": preview.file_name[:255],
        "file_sha256": preview.sha256,
        "rows_read": result.rows_read,
        "attendances_added": result.attendances_added,
        "persons_created": result.persons_created,
        "persons_matched": result.persons_matched,
        "rows_skipped": len(result.skipped),
        "created_person_ids": id_ranges(person_ids),
        "matched_person_ids": id_ranges([p.pk for _, p in plan.matched]),
        "created_attendance_ids": id_ranges(attendance_ids),
        "column_mapping": {c.label: preview.mapping.get(c.index, IGNORE) for c in preview.columns},
    }
