"""Matching and writing: what each row will do, and the import written.

`plan_rows` links each row to a person on record the importer may see, or plans a new
person; `write_import` writes the plan in the caller's transaction (new persons and
attendances as rows, the possible duplicates queued for review, the mapping remembered, one
audit event for the whole import).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.access import scope_for
from pathways.activities.dedup.finder import (
    predicted_pairs,
    provisional_pks,
    queue_candidates,
    queue_outside_scope,
)
from pathways.activities.dedup.matching import (
    agreement_keys,
    find_sure_matches,
    is_same_attendee,
    is_sure_link,
    match_key,
    name_key,
)
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.importing.headers import Column
from pathways.activities.importing.preview import (
    ATTENDS,
    NEW,
    POSSIBLY,
    SAME,
    ImportPreview,
    ImportResult,
    Plan,
    PossibleDuplicate,
    ProblemRow,
    RowStatus,
)
from pathways.activities.importing.rows import (
    ALREADY_ATTENDS,
    DUPLICATE,
    WG_FIELDS,
    PersonRow,
    Skip,
)
from pathways.activities.importing.vocabulary import IGNORE
from pathways.activities.models import (
    Attendance,
    ColumnMapping,
    DuplicateCandidate,
    Event,
    ImportBatch,
    Person,
)
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


def plan_rows(
    actor: Any,
    event: Event,
    rows: list[PersonRow],
    *,
    possible: bool = True,
    organisations: dict[int, int] | None = None,
) -> Plan:
    """What each row will do. A row is linked only to a person the importer may see; a row
    that surely is someone they may not see is a new person like any other (the preview and
    the report say nothing more), queued for the country's data officers when written.

    `possible`: also name whom each new person possibly is (the preview's prediction; an
    import that writes asks the review queue instead, after queueing); `organisations`:
    the organisation recognised in each row (by row number), as the import will save it."""
    visible = _visible_persons(actor, event)
    matches = find_sure_matches(
        country=event.country, facts=[r.facts for r in rows], visible=visible
    )
    attendees = list(
        Person.objects.filter(attendances__event=event).only(*_ATTENDEE_FIELDS).order_by("pk")
    )
    attending = {p.pk for p in attendees}
    by_name: dict[str, list[Person]] = {}
    for attendee in attendees:
        for key in agreement_keys(attendee.full_name, attendee.latin_name):
            by_name.setdefault(key, []).append(attendee)
    plan = Plan()
    seen: set[int] = set()
    for row, (person, hidden) in zip(rows, matches, strict=True):
        if person is None:
            _plan_unmatched(plan, row, hidden, by_name)
            continue
        reasons = is_sure_link(row.facts, person)
        plan.statuses[row.row] = RowStatus(SAME, str(person), reasons.labels() if reasons else ())
        if person.pk in attending:
            plan.skipped.append(Skip(row.row, ALREADY_ATTENDS))
            plan.statuses[row.row] = RowStatus(ATTENDS, str(person))
        elif person.pk in seen:
            plan.skipped.append(Skip(row.row, DUPLICATE))
        else:
            seen.add(person.pk)
            plan.matched.append((row, person))
    if possible:
        _plan_possible(plan, event, visible, organisations or {})
    return plan


_ATTENDEE_FIELDS = (
    "full_name",
    "latin_name",
    "phone",
    "email",
    "id_number",
    "birth_year",
    "sex",
)


def _plan_unmatched(
    plan: Plan, row: PersonRow, hidden: int | None, by_name: dict[str, list[Person]]
) -> None:
    """A row matched to no one: already at the event under another script or spelling, or
    a new person (queued with the person outside the importer's scope it surely is).
    `by_name`: the event's attendees by `agreement_keys`."""
    # An event no one attends yet (most imports) has no attendee to compare the row with.
    keys = agreement_keys(row.full_name, row.latin_name) if by_name else ()
    near = sorted({p.pk: p for k in keys for p in by_name.get(k, [])}.items())
    attendee = next((p for _, p in near if is_same_attendee(row.facts, p)), None)
    if attendee is not None:
        plan.skipped.append(Skip(row.row, ALREADY_ATTENDS))
        plan.statuses[row.row] = RowStatus(ATTENDS, str(attendee))
        return
    plan.create.append(row)
    plan.statuses[row.row] = RowStatus(NEW)
    if hidden is not None:
        plan.outside[row.row] = hidden


def _plan_possible(
    plan: Plan, event: Event, visible: frozenset[int] | None, organisations: dict[int, int]
) -> None:
    """The pairs an import of the rows to create will leave waiting for review, as the
    finder will queue them once written (`predicted_pairs`, its own rule) and as the report
    will then list them (`waiting_pairs`): those whose two persons the importer may see, a
    row's person with one on record or with another row's. Each row names its likeliest."""
    if not plan.create:
        return
    pks = provisional_pks(len(plan.create))
    rows = dict(zip(pks, plan.create, strict=True))
    records = [
        PersonRecord.of(pk, _new_person(row, event, organisations)) for pk, row in rows.items()
    ]
    waiting, likeliest = [], {}
    # The pairs come best first: a row's first is the person it most likely is.
    for pair in predicted_pairs(country_id=event.country_id, new=records):
        new, other = (pair.a, pair.b) if pair.a in rows else (pair.b, pair.a)
        if other in rows or visible is None or other in visible:
            waiting.append((new, other))
            likeliest.setdefault(new, other)
    on_record = Person.objects.in_bulk({other for _, other in waiting if other not in rows})

    def name(pk: int) -> str:
        return _row_person_name(rows[pk]) if pk in rows else str(on_record[pk])

    for new, other in likeliest.items():
        shown = name(other)
        if other in rows:
            shown = _("%(name)s (row %(row)d)") % {"name": shown, "row": rows[other].row}
        plan.statuses[rows[new].row] = RowStatus(POSSIBLY, shown)
    for new, other in sorted(waiting, key=lambda pair: (rows[pair[0]].row, pair[1])):
        plan.possible.append(
            PossibleDuplicate(
                rows[new].row, None, name(new), None if other in rows else other, name(other)
            )
        )


def _row_person_name(row: PersonRow) -> str:
    """A row's person as the report will name them once written (`str(Person)`)."""
    return str(Person(full_name=row.full_name, latin_name=row.latin_name))


def _new_person(row: PersonRow, event: Event, organisations: dict[int, int]) -> dict[str, Any]:
    """A new person's field values (`insert_rows`)."""
    return {
        "full_name": row.full_name,
        "latin_name": row.latin_name,
        "name_key": name_key(row.full_name),
        "match_key": match_key(row.full_name, row.latin_name),
        "sex": row.sex,
        "birth_year": row.birth_year,
        "birth_date": row.birth_date,
        "age_band": row.age_band,
        "organisation_id": organisations.get(row.row),
        "position": row.position,
        "phone": row.phone,
        "email": row.email,
        "id_number": row.id_number,
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
        "age": row.age,
        "age_band": None if row.age_band == "not_recorded" else row.age_band,
        "import_batch_id": batch.pk,
    }


def write_import(
    *,
    actor,
    event: Event,
    preview: ImportPreview,
    source: str,
    skip_invalid: bool = False,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """`progress(stage, rows_done)`, when given, hears how many rows are settled: the rows
    matched or skipped at once, then the new persons as they are written, then every row."""
    plan = preview.plan or Plan()
    result = preview.result(skip_invalid)
    progress = progress or no_progress
    settled = len(plan.matched) + len(plan.skipped)
    progress("writing", settled)
    batch = ImportBatch.objects.create(
        event=event,
        file_name=preview.file_name[:255],
        file_sha256=preview.sha256,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        problem_rows=problem_sheet(preview.columns, result.left_out),
    )
    organisations = preview.organisations.matched
    # The batch row above was written in this transaction, as insert_rows requires. Rows,
    # not instances: building an instance per row costs more than writing the row.
    new = [_new_person(row, event, organisations) for row in plan.create]
    person_ids = insert_rows(Person, new)
    progress("queueing", settled + len(person_ids))
    records = [PersonRecord.of(pk, values) for pk, values in zip(person_ids, new, strict=True)]
    del new  # the records hold what is still needed of the rows' values
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
    progress("attending", settled + len(person_ids))
    attendance_ids = insert_rows(
        Attendance, [_attendance(row, event, pk, batch, organisations) for row, pk in pairs]
    )
    result.written, result.batch_id = True, batch.pk
    result.possible_duplicates = waiting_pairs(
        actor, event, dict(zip(person_ids, plan.create, strict=True))
    )
    batch.report = result.report()
    if skip_invalid:
        # The report stays as long as the batch: it names the rows left out, not their data.
        batch.report["left_out"] = [
            {"row": r.row, "columns": sorted({p.column for p in r.problems})}
            for r in result.left_out
        ]
    batch.save(update_fields=["report"])
    progress("recording", len(preview.read.rows))
    _remember_mapping(event, preview)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        instance=event,
        source=source,
        changes=_audit_changes(preview, result, person_ids, attendance_ids, plan),
    )
    return result


def no_progress(stage: str, rows_done: int = 0, rows_total: int | None = None) -> None:
    return None


def problem_sheet(columns: list[Column], rows: list[ProblemRow]) -> dict[str, Any]:
    """The rows left out as the sheet had them, under its own headers, with a 'problem'
    column: kept with the batch for PATHWAYS_UPLOAD_RETENTION_HOURS (`uploads_purge`)."""
    if not rows:
        return {}
    return {
        "headers": [c.header for c in columns],
        "rows": [
            [r.cell(c.index) for c in columns] + ["; ".join(p.message for p in r.problems)]
            for r in rows
        ],
    }


def waiting_pairs(
    actor: Any, event: Event, created: dict[int, PersonRow]
) -> list[PossibleDuplicate]:
    """The pairs of a person just created and another person that wait for review, of the
    pairs whose two persons the importer may see (the others are neither listed nor
    counted: a count would tell of persons the importer may not know of)."""
    if not created:
        return []
    visible = _visible_persons(actor, event)
    # The pairs are asked for from the lowest key of the persons just created up, rather than
    # by a list of every key (a big import's tens of thousands of keys made the query cost
    # more than the pairs); the pairs of other persons are left out here.
    low = min(created)
    pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.PENDING).filter(
        Q(person_a__gte=low) | Q(person_b__gte=low)
    )
    waiting: list[tuple[int, int]] = []
    for a, b in pairs.values_list("person_a_id", "person_b_id").order_by("person_a", "person_b"):
        if a not in created and b not in created:
            continue
        new, other = (a, b) if a in created else (b, a)
        if visible is None or {new, other} <= visible:
            waiting.append((new, other))
    names = _person_names({pk for pair in waiting for pk in pair})
    return sorted(
        (
            PossibleDuplicate(created[new].row, new, names[new], other, names[other])
            for new, other in waiting
        ),
        key=lambda p: (p.row, p.possible_id),
    )


def _person_names(pks: set[int]) -> dict[int, str]:
    """Each person named as `str(Person)` names them, from their names alone."""
    names = {}
    ordered = sorted(pks)
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        rows = Person.objects.filter(pk__in=chunk).values_list("pk", "full_name", "latin_name")
        names.update((pk, str(Person(full_name=f, latin_name=la))) for pk, f, la in rows)
    return names


def visible_pairs(user: Any, pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Of a stored report's possible duplicates (`PossibleDuplicate.as_dict`), the pairs
    whose two persons `user` may see now: a report is read by others than its importer."""
    ids = {p[side]["id"] for p in pairs for side in ("person", "possible")}
    seen = set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [p for p in pairs if p["person"]["id"] in seen and p["possible"]["id"] in seen]


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
        **({"rows_left_out": [r.row for r in result.left_out]} if result.skip_invalid else {}),
        "created_person_ids": id_ranges(person_ids),
        "matched_person_ids": id_ranges([p.pk for _, p in plan.matched]),
        "created_attendance_ids": id_ranges(attendance_ids),
        "column_mapping": {c.label: preview.mapping.get(c.index, IGNORE) for c in preview.columns},
    }
