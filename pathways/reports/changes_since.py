"""What changed a published output's figures since it was published: the records behind
"the difference explained" on a publication's page and in the API.

The events in question are those the publication counted, as they are now: the events of
its country (every country for the region) whose start date lies in its period. Counted
since the publication was made (after `published_at`):

- imports added: import batches into those events (rows read, attendances added);
- imports undone: batches undone from those events (the undo's audit event names the event
  and the attendances it removed), whenever the batch was imported;
- merges: merges of duplicate persons whose kept person attends one of those events now,
  and merges undone since whose kept or restored person attends one;
- events recorded, edited (moved out of the period or country included) or deleted, and
  attendance added, removed or edited (its role, say) by hand, as the audit trail records
  them.

A figure changes only through these; where none touched the publication's events, its
figures are unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from pathways.activities.models import (
    Attendance,
    Event,
    EventQuerySet,
    ImportBatch,
    PersonMerge,
)
from pathways.activities.universe import universe_of_all
from pathways.audit.models import AuditEvent
from pathways.reports.models import Publication


@dataclass(frozen=True)
class ImportSince:
    event_id: int
    event_title: str
    file_name: str
    at: dt.datetime
    rows: int
    attendances: int

    def as_json(self) -> dict[str, Any]:
        return {
            "event": self.event_id,
            "event_title": self.event_title,
            "file_name": self.file_name,
            "at": self.at.isoformat(),
            "rows": self.rows,
            "attendances": self.attendances,
        }


@dataclass(frozen=True)
class MergeSince:
    kept_person_id: int
    at: dt.datetime
    undone: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "kept_person": self.kept_person_id,
            "at": self.at.isoformat(),
            "undone": self.undone,
        }


@dataclass(frozen=True)
class ChangesSince:
    imports_added: list[ImportSince] = field(default_factory=list)
    imports_undone: list[ImportSince] = field(default_factory=list)
    merges: list[MergeSince] = field(default_factory=list)
    merges_undone: list[MergeSince] = field(default_factory=list)
    events_recorded: int = 0
    events_edited: int = 0
    events_deleted: int = 0
    attendances_added_by_hand: int = 0
    attendances_removed_by_hand: int = 0
    attendances_edited_by_hand: int = 0

    @property
    def attendances_imported(self) -> int:
        return sum(i.attendances for i in self.imports_added)

    @property
    def rows_imported(self) -> int:
        return sum(i.rows for i in self.imports_added)

    @property
    def attendances_unimported(self) -> int:
        return sum(i.attendances for i in self.imports_undone)

    @property
    def nothing(self) -> bool:
        return not any(
            (
                self.imports_added,
                self.imports_undone,
                self.merges,
                self.merges_undone,
                self.events_recorded,
                self.events_edited,
                self.events_deleted,
                self.attendances_added_by_hand,
                self.attendances_removed_by_hand,
                self.attendances_edited_by_hand,
            )
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "imports_added": {
                "count": len(self.imports_added),
                "rows": self.rows_imported,
                "attendances": self.attendances_imported,
                "batches": [i.as_json() for i in self.imports_added],
            },
            "imports_undone": {
                "count": len(self.imports_undone),
                "attendances": self.attendances_unimported,
                "batches": [i.as_json() for i in self.imports_undone],
            },
            "merges": {"count": len(self.merges), "merges": [m.as_json() for m in self.merges]},
            "merges_undone": {
                "count": len(self.merges_undone),
                "merges": [m.as_json() for m in self.merges_undone],
            },
            "events_recorded": self.events_recorded,
            "events_edited": self.events_edited,
            "events_deleted": self.events_deleted,
            "attendances_added_by_hand": self.attendances_added_by_hand,
            "attendances_removed_by_hand": self.attendances_removed_by_hand,
            "attendances_edited_by_hand": self.attendances_edited_by_hand,
        }


def counted_events(publication: Publication) -> EventQuerySet:
    """The events the publication counted, as they are now."""
    return universe_of_all(publication.country).in_period(publication.start, publication.end)


def _imports_added(events: EventQuerySet, since: dt.datetime) -> list[ImportSince]:
    batches = ImportBatch.objects.filter(imported_at__gt=since, event__in=events)
    return [
        ImportSince(
            event_id=b.event_id,
            event_title=b.event.title,
            file_name=b.file_name,
            at=b.imported_at,
            rows=int(b.report.get("rows_read") or 0),
            attendances=int(b.report.get("attendances_added") or 0),
        )
        for b in batches.select_related("event").order_by("imported_at", "pk")
    ]


def _audit_since(model: type, since: dt.datetime, actions: Iterable[str]) -> list[AuditEvent]:
    kind = ContentType.objects.get_for_model(model)
    found = AuditEvent.objects.filter(content_type=kind, at__gt=since, action__in=list(actions))
    return list(found.order_by("pk"))


def _ids_in(events: EventQuerySet, ids: Iterable[Any]) -> set[int]:
    wanted = {int(i) for i in ids if isinstance(i, int) or str(i).isdigit()}
    return set(events.filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()


def _imports_undone(events: EventQuerySet, since: dt.datetime) -> list[ImportSince]:
    undos = _audit_since(ImportBatch, since, [AuditEvent.Action.DELETE])
    inside = _ids_in(events, (u.changes.get("event") for u in undos))
    titles = dict(Event.objects.filter(pk__in=inside).values_list("pk", "title"))
    return [
        ImportSince(
            event_id=u.changes["event"],
            event_title=titles.get(u.changes["event"], ""),
            file_name=str(u.changes.get("file_name", "")),
            at=u.at,
            rows=0,
            attendances=int(u.changes.get("attendances_removed") or 0),
        )
        for u in undos
        if u.changes.get("event") in inside
    ]


def _attends(events: EventQuerySet, person_ids: set[int]) -> set[int]:
    found = Attendance.objects.filter(event__in=events, person_id__in=person_ids)
    return set(found.values_list("person_id", flat=True))


def _merges(events: EventQuerySet, since: dt.datetime) -> tuple[list[MergeSince], list[MergeSince]]:
    made = list(PersonMerge.objects.filter(merged_at__gt=since).order_by("merged_at", "pk"))
    undone = list(PersonMerge.objects.filter(undone_at__gt=since).order_by("undone_at", "pk"))
    persons = {m.kept_id for m in made + undone} | {
        (m.merged_snapshot or {}).get("id") for m in undone
    }
    attending = _attends(events, {p for p in persons if isinstance(p, int)})
    return (
        [MergeSince(m.kept_id, m.merged_at, False) for m in made if m.kept_id in attending],
        [
            MergeSince(m.kept_id, m.undone_at, True)
            for m in undone
            if m.undone_at and ({m.kept_id, (m.merged_snapshot or {}).get("id")} & attending)
        ],
    )


def _was_counted(
    changes: dict[str, Any],
    publication: Publication,
    *,
    country_id: int | None = None,
    start: str | None = None,
) -> bool:
    """Whether an event was one the publication counted before a change: its country and
    start date as the audit event's changes had them (all of them for a deletion), else as
    they are now."""
    country = changes["country"][0] if "country" in changes else country_id
    start = changes["start_date"][0] if "start_date" in changes else start
    if publication.country_id is not None and country != publication.country_id:
        return False
    return bool(start) and publication.start.isoformat() <= start <= publication.end.isoformat()


def _moved_out(publication: Publication, updates: list[AuditEvent], inside: set[int]) -> set[int]:
    """Events edited since that the publication counted and no longer counts (moved to
    another period or country)."""
    others = {int(a.object_id) for a in updates if a.object_id.isdigit()} - inside
    now = {
        pk: (country_id, start.isoformat())
        for pk, country_id, start in Event.objects.filter(pk__in=others).values_list(
            "pk", "country_id", "start_date"
        )
    }
    return {
        int(a.object_id)
        for a in updates
        if int(a.object_id) in now
        and _was_counted(
            a.changes,
            publication,
            country_id=now[int(a.object_id)][0],
            start=now[int(a.object_id)][1],
        )
    }


def _event_counts(publication: Publication, events: EventQuerySet) -> dict[str, int]:
    since = publication.published_at
    audits = _audit_since(Event, since, [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE])
    created = _ids_in(events, (a.object_id for a in audits if a.action == AuditEvent.Action.CREATE))
    updates = [a for a in audits if a.action == AuditEvent.Action.UPDATE]
    updated = _ids_in(events, (a.object_id for a in updates))
    moved = _moved_out(publication, updates, updated | created)
    deleted = _audit_since(Event, since, [AuditEvent.Action.DELETE])
    return {
        "events_recorded": len(created),
        "events_edited": len((updated | moved) - created),
        "events_deleted": sum(_was_counted(a.changes, publication) for a in deleted),
    }


def _attendance_event(changes: dict[str, Any]) -> Any:
    values = changes.get("event") or [None, None]
    return values[1] if values[1] is not None else values[0]


def _attendances_edited(events: EventQuerySet, since: dt.datetime) -> int:
    """Attendances at those events edited since (a role or days attended changed): an
    update's changes name only what changed, so the attendance says where it belongs."""
    updates = _audit_since(Attendance, since, [AuditEvent.Action.UPDATE])
    ids = {int(a.object_id) for a in updates if a.object_id.isdigit()}
    return Attendance.objects.filter(pk__in=ids, event__in=events).count() if ids else 0


def _attendance_counts(events: EventQuerySet, since: dt.datetime) -> dict[str, int]:
    actions = [AuditEvent.Action.CREATE, AuditEvent.Action.DELETE]
    audits = _audit_since(Attendance, since, actions)
    inside = _ids_in(events, (_attendance_event(a.changes) for a in audits))
    touched = [a for a in audits if _attendance_event(a.changes) in inside]
    return {
        "attendances_added_by_hand": sum(a.action == AuditEvent.Action.CREATE for a in touched),
        "attendances_removed_by_hand": sum(a.action == AuditEvent.Action.DELETE for a in touched),
        "attendances_edited_by_hand": _attendances_edited(events, since),
    }


def changes_since(publication: Publication) -> ChangesSince:
    """Everything recorded since the publication that touched the events it counted."""
    events = counted_events(publication)
    since = publication.published_at
    merges, merges_undone = _merges(events, since)
    return ChangesSince(
        imports_added=_imports_added(events, since),
        imports_undone=_imports_undone(events, since),
        merges=merges,
        merges_undone=merges_undone,
        **_event_counts(publication, events),
        **_attendance_counts(events, since),
    )
