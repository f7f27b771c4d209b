"""Undoing an import: exactly what one batch wrote, removed again, or nothing at all.

An import records what it created in its audit event (`writing._audit_changes`: the ids of
the persons and attendances it wrote, by batch). Undo removes the batch's attendances, the
persons it created that nothing else refers to now, the duplicate pairs and block rows that
were only about those persons, and the batch itself, so the same file can be imported
again. It is refused, changing nothing, when later work built on the import:

- a merge (not undone) kept, absorbed, or moved or dropped an attendance of, a person or
  attendance of the batch (`PersonMerge`);
- a person the batch created was edited since (its `version` moved past 1: every edit and
  every merge that fills a field raises it);
- an attendance of the batch was edited since (an update audit event on it: attendances
  have no version, and every attendance edit goes through `attendance_update`, audited).

A person the batch created who has since attended another event is kept, as are the
persons the batch only matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.activities.importing.writing import id_ranges
from pathways.activities.models import (
    Attendance,
    DuplicateCandidate,
    Event,
    ImportBatch,
    Person,
    PersonBlock,
    PersonMerge,
)
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.programs.models import Country


@dataclass
class UndoResult:
    batch_id: int
    file_name: str
    attendances_removed: int = 0
    persons_removed: int = 0
    persons_kept: int = 0
    candidates_removed: int = 0
    removed_person_ids: list[int] = field(default_factory=list)

    def report(self) -> dict[str, Any]:
        return {
            "import_batch": self.batch_id,
            "file_name": self.file_name,
            "attendances_removed": self.attendances_removed,
            "persons_removed": self.persons_removed,
            "persons_kept": self.persons_kept,
            "candidates_removed": self.candidates_removed,
        }


def _expand(ranges: Iterable[Iterable[int]]) -> set[int]:
    ids: set[int] = set()
    for first, last in ranges:
        ids.update(range(first, last + 1))
    return ids


def import_record(batch: ImportBatch) -> AuditEvent | None:
    """The audit event the import wrote, which names every record it created."""
    return (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.IMPORT,
            content_type=ContentType.objects.get_for_model(Event),
            object_id=str(batch.event_id),
            changes__import_batch=batch.pk,
        )
        .order_by("pk")
        .first()
    )


def can_undo_import(actor: Any, event: Event) -> bool:
    """Undo is the import's own right: who may import into the event may undo its imports."""
    return scope_for(actor).can_edit_event(event)


def _check_actor(actor: Any, event: Event, source: str) -> None:
    if actor is None and source == AuditEvent.Source.COMMAND:
        return  # an operator at the server's command line
    require(can_undo_import(actor, event), _("You cannot change this event's attendance."))


def _merge_reason(batch: ImportBatch, created: set[int], attendance_ids: set[int]) -> str | None:
    # Merges join two persons of one country only: the event's country's are all that count.
    merges = PersonMerge.objects.filter(
        merged_at__gte=batch.imported_at,
        undone_at__isnull=True,
        kept__country_id=batch.event.country_id,
    ).values_list("kept_id", "merged_snapshot", "moved_attendance_ids", "dropped_attendances")
    for kept_id, snapshot, moved, dropped in merges.iterator():
        touched = (
            kept_id in created
            or (snapshot or {}).get("id") in created
            or attendance_ids & set(moved or ())
            or attendance_ids & {a.get("id") for a in dropped or ()}
        )
        if touched:
            return _(
                "A later merge of duplicate persons involves persons or attendances of this "
                "import. Undo that merge first."
            )
    return None


def _edit_reason(created: set[int], attendance_ids: set[int], since) -> str | None:
    if Person.objects.filter(pk__in=created, version__gt=1).exists():
        return _("A person this import created has been edited since. Undo is no longer safe.")
    edited = AuditEvent.objects.filter(
        action=AuditEvent.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(Attendance),
        object_id__in=[str(pk) for pk in attendance_ids],
        at__gte=since,
    )
    if edited.exists():
        return _("An attendance of this import has been edited since. Undo is no longer safe.")
    return None


def undo_refusal(batch: ImportBatch) -> str | None:
    """Why this import can no longer be undone, or None when it can."""
    record = import_record(batch)
    if record is None:
        return _("The record of what this import created cannot be found; it cannot be undone.")
    created = _expand(record.changes.get("created_person_ids", []))
    attendance_ids = _expand(record.changes.get("created_attendance_ids", []))
    return _merge_reason(batch, created, attendance_ids) or _edit_reason(
        created, attendance_ids, batch.imported_at
    )


@transaction.atomic
def import_undo(
    *, actor: Any, batch: ImportBatch, source: str = AuditEvent.Source.WEB
) -> UndoResult:
    """Remove exactly what one import wrote; ValidationError (nothing changed) when refused."""
    # The import's own locks, in its order: event, then country (imports and merges in one
    # country wait for each other), so an undo never meets an import or merge half-way.
    event = Event.objects.select_for_update(no_key=True).get(pk=batch.event_id)
    _check_actor(actor, event, source)
    Country.objects.select_for_update(no_key=True).get(pk=event.country_id)
    batch = ImportBatch.objects.select_for_update().filter(pk=batch.pk, event=event).first()
    if batch is None:
        raise ValidationError(_("This import has already been undone."))
    reason = undo_refusal(batch)
    if reason:
        raise ValidationError(reason)
    record = import_record(batch)
    assert record is not None  # undo_refusal said so
    created = _expand(record.changes.get("created_person_ids", []))
    list(Person.objects.select_for_update().filter(pk__in=created).values_list("pk", flat=True))
    attendances = Attendance.objects.filter(import_batch=batch)
    result = UndoResult(batch_id=batch.pk, file_name=batch.file_name)
    result.attendances_removed = attendances.count()
    attendances.delete()
    elsewhere = set(
        Attendance.objects.filter(person_id__in=created).values_list("person_id", flat=True)
    )
    removable = sorted(
        set(Person.objects.filter(pk__in=created).values_list("pk", flat=True)) - elsewhere
    )
    result.persons_kept = len(elsewhere)
    result.removed_person_ids = removable
    result.candidates_removed = _remove_persons(removable)
    result.persons_removed = len(removable)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=batch,
        changes={
            **result.report(),
            # What the event page lists for an undone import, the batch row being gone.
            "event": event.pk,
            "imported_at": batch.imported_at.isoformat(),
            "imported_by": batch.imported_by_id,
            "attendances_added": (batch.report or {}).get("attendances_added", 0),
            "persons_created": (batch.report or {}).get("persons_created", 0),
            "file_sha256": batch.file_sha256,
            "removed_person_ids": id_ranges(removable),
        },
        source=source,
    )
    batch.delete()
    return result


def _remove_persons(ids: list[int]) -> int:
    """Delete persons with the rows only about them; the number of duplicate pairs removed."""
    if not ids:
        return 0
    pairs = DuplicateCandidate.objects.filter(Q(person_a_id__in=ids) | Q(person_b_id__in=ids))
    candidates, _counts = pairs.delete()
    PersonBlock.objects.filter(person_id__in=ids).delete()
    Person.objects.filter(pk__in=ids).delete()
    return candidates
