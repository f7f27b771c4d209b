"""Matching and writing: what each row will do, and the import written.

`plan_rows` links each row to a person on record the importer may see, or plans a new
person; `write_import` writes the plan in the caller's transaction (new persons and
attendances as rows, the possible duplicates queued for review, the mapping remembered, one
audit event for the whole import).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pathways.accounts.access import scope_for
from pathways.activities.dedup.finder import queue_candidates, queue_outside_scope
from pathways.activities.dedup.matching import find_sure_matches, match_key, name_key
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.importing.preview import ImportPreview, ImportResult, Plan
from pathways.activities.importing.rows import (
    ALREADY_ATTENDS,
    DUPLICATE,
    WG_FIELDS,
    PersonRow,
    Skip,
)
from pathways.activities.importing.vocabulary import IGNORE
from pathways.activities.models import Attendance, ColumnMapping, Event, ImportBatch, Person
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.lib.bulk import insert_rows


def _visible_persons(actor: Any, event: Event) -> frozenset[int] | None:
    """The keys of the persons of the event's country whose personal data the importer may
    see; None when that is all of them (the country's staff, the admin, an operator at the
    server's command line), which costs nothing."""
    if actor is None or scope_for(actor).can_see_personal_data_in(event.country_id):
        return None
    persons = Person.objects.visible_to(actor).filter(country_id=event.country_id)
    return frozenset(persons.values_list("pk", flat=True))


def plan_rows(actor: Any, event: Event, rows: list[PersonRow]) -> Plan:
    """What each row will do. A row is linked only to a person the importer may see; a row
    that surely is someone they may not see is a new person like any other (the preview and
    the report say nothing more), queued for the country's data officers when written."""
    matches = find_sure_matches(
        country=event.country,
        facts=[r.facts for r in rows],
        visible=_visible_persons(actor, event),
    )
    attending = set(Attendance.objects.filter(event=event).values_list("person_id", flat=True))
    plan = Plan()
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


def _new_person(row: PersonRow, event: Event, organisations: dict[int, int]) -> dict[str, Any]:
    """A new person's field values (`insert_rows`)."""
    return {
        "full_name": row.full_name,
        "latin_name": row.latin_name,
        "name_key": name_key(row.full_name),
        "match_key": match_key(row.full_name, row.latin_name),
        "sex": row.sex,
        "birth_year": row.birth_year,
        "age_band": row.age_band,
        "organisation_id": organisations.get(row.row),
        "position": row.position,
        "phone": row.phone,
        "email": row.email,
        "country_id": event.country_id,
        "is_synthetic": event.is_synthetic,
        **{f: row.wg.get(f, "not_asked") for f in WG_FIELDS},
    }


def _attendance(
    row: PersonRow, event: Event, person_id: int, batch: ImportBatch, organisations: dict[int, int]
) -> dict:
    """An attendance's field values (`insert_rows`). An organisation no name, acronym or
    alias matched stays on the attendance as written."""
    return {
        "organisation_text": "" if row.row in organisations else row.organisation,
        "event_id": event.pk,
        "person_id": person_id,
        "role": row.role,
        "days_attended": row.days_attended,
        "pre_test_score": row.pre_test,
        "post_test_score": row.post_test,
        "import_batch_id": batch.pk,
    }


def write_import(*, actor, event: Event, preview: ImportPreview, source: str) -> ImportResult:
    plan = preview.plan or Plan()
    batch = ImportBatch.objects.create(
        event=event,
        file_name=preview.file_name[:255],
        file_sha256=preview.sha256,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    organisations = preview.organisations.matched
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
        Attendance, [_attendance(row, event, pk, batch, organisations) for row, pk in pairs]
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
