"""Merging two records of one person, and undoing it exactly.

A merge moves every attendance of the merged person to the kept one, so every counting rule
counts the person once at once. When both attended the same event, one attendance stays and
the other is kept in the PersonMerge record, with the merged person's snapshot and the
fields of the kept person filled from it: everything `person_unmerge` needs to put things
back as they were.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.activities.access import check_merge_access
from pathways.activities.dedup.blocks import refresh_person_blocks
from pathways.activities.dedup.matching import assign_keys
from pathways.activities.models import Attendance, Person, PersonMerge, Sex
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, snapshot
from pathways.programs.models import Country

# Fields of the kept person that the merged one may fill, with the values meaning "empty".
_FILLABLE: dict[str, tuple[Any, ...]] = {
    "latin_name": ("",),
    "sex": (Sex.NOT_RECORDED,),
    "birth_year": (None,),
    # After the birth year, and only when the year agrees (`_fill_empty`).
    "birth_date": (None,),
    "age_band": (Person.AgeBand.NOT_RECORDED,),
    "organisation": (None,),
    "position": ("",),
    "phone": ("",),
    "email": ("",),
    **{f"wg_{d}": (Person.Difficulty.NOT_ASKED,) for d in Person.WASHINGTON_GROUP_DOMAINS},
}


def _restore(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    """An unsaved instance with the field values of a `snapshot`, primary key included."""
    instance = model()
    for f in model._meta.concrete_fields:
        if f.name in data:
            setattr(instance, f.attname, f.to_python(data[f.name]))
    return instance


def _insert_exactly(instance: models.Model, data: dict[str, Any]) -> None:
    """Insert with the snapshot's primary key, then put back the automatic timestamps."""
    instance.save(force_insert=True)
    stamps = {
        name: instance._meta.get_field(name).to_python(data[name])
        for name in ("created_at", "updated_at")
        if data.get(name)
    }
    type(instance)._default_manager.filter(pk=instance.pk).update(**stamps)


def _fill_empty(kept: Person, merged: Person) -> dict[str, list[Any]]:
    """Fill the kept person's empty fields from the merged one's; returns the old and new
    values (as JSON) of each field filled. A birth date is taken only when it agrees with
    the kept person's birth year (filled first): the year is the date's year."""
    filled: dict[str, list[Any]] = {}
    for name, empty in _FILLABLE.items():
        f = Person._meta.get_field(name)
        old, new = getattr(kept, f.attname), getattr(merged, f.attname)
        if name == "birth_date" and new is not None and kept.birth_year not in (None, new.year):
            continue
        if old in empty and new not in empty:
            setattr(kept, f.attname, new)
            filled[name] = [_json(old), _json(new)]
    return filled


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _split_attendances(kept: Person, merged: Person) -> tuple[list[int], list[dict[str, Any]]]:
    kept_events = set(kept.attendances.values_list("event_id", flat=True))
    moved: list[int] = []
    dropped: list[dict[str, Any]] = []
    for attendance in merged.attendances.order_by("pk"):
        if attendance.event_id in kept_events:
            dropped.append(snapshot(attendance))
        else:
            moved.append(attendance.pk)
    return moved, dropped


def _save_person(person: Person) -> None:
    assign_keys(person)
    person.version += 1
    person.full_clean()
    person.save()
    refresh_person_blocks([person])


@transaction.atomic
def person_merge(
    *,
    actor: Any,
    kept: Person,
    merged: Person,
    source: str = AuditEvent.Source.WEB,
) -> PersonMerge:
    """Merge `merged` into `kept`: attendances moved, empty fields filled, `merged` deleted."""
    # Wait for an import in this country, as imports wait for each other: an import that has
    # matched a row to `merged` would otherwise deadlock with, or fail on, its deletion.
    Country.objects.select_for_update(no_key=True).get(pk=merged.country_id)
    kept = Person.objects.select_for_update().get(pk=kept.pk)
    merged = Person.objects.select_for_update().get(pk=merged.pk)
    check_merge_access(actor, kept.country_id)
    check_merge_access(actor, merged.country_id)
    if kept.pk == merged.pk or kept.country_id != merged.country_id:
        raise ValidationError(_("Only two different persons of one country can be merged."))
    moved, dropped = _split_attendances(kept, merged)
    Attendance.objects.filter(pk__in=[a["id"] for a in dropped]).delete()
    Attendance.objects.filter(pk__in=moved).update(person=kept)
    filled = _fill_empty(kept, merged)
    if filled:
        _save_person(kept)
    # Earlier merges into the person now merged away follow it, so they stay undoable.
    PersonMerge.objects.filter(kept=merged).update(kept=kept)
    merge = PersonMerge.objects.create(
        kept=kept,
        merged_snapshot=snapshot(merged),
        moved_attendance_ids=moved,
        dropped_attendances=dropped,
        filled_fields=filled,
        merged_by=actor,
    )
    merged.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.MERGE,
        instance=merge,
        changes={
            "kept": kept.pk,
            "merged": merge.merged_snapshot,
            "moved_attendances": moved,
            "dropped_attendances": [a["id"] for a in dropped],
            "filled_fields": filled,
        },
        source=source,
    )
    return merge


def _restore_kept_fields(kept: Person, filled: dict[str, list[Any]]) -> None:
    """Empty again the fields the merge filled, unless someone has changed them since."""
    changed = False
    for name, (old, new) in filled.items():
        f = Person._meta.get_field(name)
        if getattr(kept, f.attname) == f.to_python(new):
            setattr(kept, f.attname, f.to_python(old))
            changed = True
    if changed:
        _save_person(kept)


@transaction.atomic
def person_unmerge(
    *, actor: Any, merge: PersonMerge, source: str = AuditEvent.Source.WEB
) -> Person:
    """Undo a merge: the merged person back with its primary key, attendances and fields."""
    merge = PersonMerge.objects.select_for_update().select_related("kept").get(pk=merge.pk)
    check_merge_access(actor, merge.kept.country_id)
    if merge.undone_at is not None:
        raise ValidationError(_("This merge has already been undone."))
    moved = merge.moved_attendance_ids
    if Attendance.objects.filter(pk__in=moved).count() != len(moved):
        raise ValidationError(
            _("Some attendances of this merge were changed by a later merge; undo that one first.")
        )
    person = _restore(Person, merge.merged_snapshot)
    _insert_exactly(person, merge.merged_snapshot)
    refresh_person_blocks([person])
    Attendance.objects.filter(pk__in=moved).update(person=person)
    for data in merge.dropped_attendances:
        _insert_exactly(_restore(Attendance, data), data)
    _restore_kept_fields(merge.kept, merge.filled_fields)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UNMERGE,
        instance=merge,
        changes={"restored_person": person.pk, "restored_attendances": moved},
        source=source,
    )
    return person
