"""Writes to events, persons and attendance: checked, validated, audited in one transaction.

Events and persons carry a `version`. An update names the version its form was loaded
with; when the stored version has moved on, the update is refused with a ConflictError
listing what the other user changed, so nothing is overwritten silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from pathways.activities.access import (
    require_attendance_rights,
    require_event_edit,
    require_event_in_scope,
    require_person_create_in,
    require_person_edit,
    require_person_visible,
)
from pathways.activities.dedup import matching
from pathways.activities.dedup.blocks import refresh_person_blocks
from pathways.activities.models import Attendance, Event, Person, Topic
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.programs.models import Country

EVENT_FIELDS = (
    "title",
    "event_type",
    "start_date",
    "end_date",
    "country",
    "province",
    "pathway",
    "lead_organisation",
    "modality",
    "description",
)
EVENT_M2M_FIELDS = ("outcome_areas", "co_organisers", "topics")
PERSON_FIELDS = (
    "full_name",
    "latin_name",
    "sex",
    "birth_year",
    "birth_date",
    "age_band",
    *(f"wg_{d}" for d in Person.WASHINGTON_GROUP_DOMAINS),
    "organisation",
    "position",
    "phone",
    "email",
    "id_number",
)
ATTENDANCE_FIELDS = (
    "role",
    "days_attended",
    "pre_test_score",
    "post_test_score",
    "age",
    "age_band",
)


@dataclass(frozen=True)
class FieldConflict:
    """One field another user changed since the form was loaded.

    `you_changed` is False when the submitted value is still the one loaded: the user did
    not touch the field, so their form can safely take the other user's value.
    """

    field: str
    label: str
    theirs: str
    yours: str
    you_changed: bool = True
    theirs_plain: Any = None


class ConflictError(Exception):
    """The record changed since it was loaded; `conflicts` says what the other user changed."""

    def __init__(self, *, current_version: int, conflicts: list[FieldConflict]) -> None:
        super().__init__(_("This record was changed by someone else while you were editing it."))
        self.current_version = current_version
        self.conflicts = conflicts


# --- helpers ------------------------------------------------------------------------------


def display_value(instance: models.Model, name: str, value: Any) -> str:
    """A field value as a person reads it: labels for choices, names for related objects."""
    field = instance._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if field.many_to_many:
        return ", ".join(str(v) for v in value) or "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _current_value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all())
    return getattr(instance, name)


def _plain(value: Any) -> Any:
    """A value as the audit trail stores it (pks, ISO dates), for comparing with it."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is not None and not isinstance(value, bool | int | float | str):
        return str(value)
    return value


def _loaded_values(instance: models.Model, version: int) -> dict[str, Any]:
    """{field: value at `version`} for every field updated after it, from the audit trail."""
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        action=AuditEvent.Action.UPDATE,
    ).order_by("id")
    loaded: dict[str, Any] = {}
    for event in events.only("changes"):
        versions = event.changes.get("version")
        if not versions or versions[1] is None or versions[1] <= version:
            continue
        for name, (old, _new) in event.changes.items():
            loaded.setdefault(name, old)
    return loaded


def _check_version(instance: models.Model, version: int, changes: Mapping[str, Any]) -> None:
    current = instance.version  # type: ignore[attr-defined]
    if version == current:
        return
    loaded = _loaded_values(instance, version)
    fields = (*instance._meta.concrete_fields, *instance._meta.many_to_many)
    names = [f.name for f in fields if f.editable and f.name in loaded]
    conflicts = []
    for name in names:
        theirs = _current_value(instance, name)
        yours = changes.get(name, theirs)
        conflicts.append(
            FieldConflict(
                field=name,
                label=str(instance._meta.get_field(name).verbose_name).capitalize(),
                theirs=display_value(instance, name, theirs),
                yours=display_value(instance, name, yours),
                you_changed=_plain(yours) != loaded[name],
                theirs_plain=_plain(theirs),
            )
        )
    raise ConflictError(current_version=current, conflicts=conflicts)


def _audit(actor: Any, action: str, instance: models.Model, before: dict, source: str) -> None:
    after = snapshot(instance) if action != AuditEvent.Action.DELETE else {}
    audit_record(
        actor=actor, action=action, instance=instance, changes=diff(before, after), source=source
    )


def _set_fields(instance: models.Model, values: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(instance, name, value)


# --- events -------------------------------------------------------------------------------


def _check_country_change(event: Event, old_country_id: int) -> None:
    """Attendees are held by the event's country; moving the event would hand their names
    to another country's staff and leave the persons behind."""
    if event.country_id != old_country_id and event.attendances.exists():
        raise ValidationError(
            {
                "country": _(
                    "This event has attendance recorded; its country cannot change. "
                    "Record the event again in the other country instead."
                )
            }
        )


def topics_from_names(names: Iterable[str]) -> list[Topic]:
    """Existing topics by name (case-insensitive), new ones created for the rest."""
    topics = []
    for name in {" ".join(n.split()) for n in names if n.strip()}:
        topic = Topic.objects.filter(name__iexact=name).first()
        topics.append(topic or Topic.objects.create(name=name[:100]))
    return topics


@transaction.atomic
def event_create(
    *,
    actor: Any,
    values: Mapping[str, Any],
    outcome_areas: Iterable[Any] = (),
    co_organisers: Iterable[Any] = (),
    topics: Iterable[Topic] = (),
    new_topics: Iterable[str] = (),
    is_synthetic: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Event:
    """Create an event from `values` (the fields of EVENT_FIELDS); reported_by is the actor.

    `new_topics` are topic names typed by the user, created unless they exist already.
    """
    co_organisers = list(co_organisers)
    event = Event(reported_by=actor if getattr(actor, "pk", None) else None)
    event.is_synthetic = is_synthetic
    _set_fields(event, values, EVENT_FIELDS)
    require_event_in_scope(actor, event, [o.pk for o in co_organisers], country_moved=True)
    _validate_event(event)
    event.save()
    event.outcome_areas.set(outcome_areas)
    event.co_organisers.set(co_organisers)
    event.topics.set([*topics, *topics_from_names(new_topics)])
    _audit(actor, AuditEvent.Action.CREATE, event, {}, source)
    return event


def _validate_event(event: Event) -> None:
    event.full_clean()
    if event.province_id and event.province.country_id != event.country_id:
        raise ValidationError(
            {"province": _("This province is not in %(country)s.") % {"country": event.country}}
        )


@transaction.atomic
def event_update(
    *,
    actor: Any,
    event: Event,
    version: int,
    values: Mapping[str, Any],
    outcome_areas: Iterable[Any] | None = None,
    co_organisers: Iterable[Any] | None = None,
    topics: Iterable[Topic] | None = None,
    new_topics: Iterable[str] = (),
    source: str = AuditEvent.Source.WEB,
) -> Event:
    """Change an event loaded at `version`; ConflictError when someone saved in between.

    Many-to-many fields left as None stay as they are.
    """
    # NO KEY: rows that refer to the event (attendances imported meanwhile) do not wait for
    # the edit; their reference is checked at commit, after the audit chain's head is taken.
    event = Event.objects.select_for_update(no_key=True).get(pk=event.pk)
    require_event_edit(actor, event)
    new_topics = list(new_topics)
    if new_topics:
        topics = [*(event.topics.all() if topics is None else topics)]
        topics += topics_from_names(new_topics)
    m2m = {"outcome_areas": outcome_areas, "co_organisers": co_organisers, "topics": topics}
    m2m = {k: list(v) for k, v in m2m.items() if v is not None}
    _check_version(event, version, {**values, **m2m})
    before = snapshot(event)
    old_country_id = event.country_id
    _set_fields(event, values, EVENT_FIELDS)
    co_ids = [o.pk for o in m2m.get("co_organisers", event.co_organisers.all())]
    moved = event.country_id != old_country_id
    require_event_in_scope(actor, event, co_ids, country_moved=moved)
    _check_country_change(event, old_country_id)
    _validate_event(event)
    event.version += 1
    event.save()
    for name, objects in m2m.items():
        getattr(event, name).set(objects)
    _audit(actor, AuditEvent.Action.UPDATE, event, before, source)
    return event


@transaction.atomic
def event_delete(*, actor: Any, event: Event, source: str = AuditEvent.Source.WEB) -> None:
    """Delete an event and its attendances; the persons stay."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_event_edit(actor, event)
    before = snapshot(event)
    before["attendances"] = sorted(event.attendances.values_list("person_id", flat=True))
    _audit(actor, AuditEvent.Action.DELETE, event, before, source)
    event.delete()


# --- persons ------------------------------------------------------------------------------


def _validate_person(person: Person) -> None:
    matching.assign_keys(person)
    person.email = (person.email or "").strip().lower()
    person.full_clean()


@transaction.atomic
def person_create(
    *,
    actor: Any,
    country: Country,
    values: Mapping[str, Any],
    is_synthetic: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Person:
    """Create a person held by `country` (the fields of PERSON_FIELDS): staff who edit in
    the country. Partners add persons through their event's attendance."""
    require_person_create_in(actor, country)
    return _person_create(
        actor=actor, country=country, values=values, is_synthetic=is_synthetic, source=source
    )


def _person_create(
    *, actor: Any, country: Country, values: Mapping[str, Any], is_synthetic: bool, source: str
) -> Person:
    person = Person(country=country, is_synthetic=is_synthetic)
    _set_fields(person, values, PERSON_FIELDS)
    _validate_person(person)
    person.save()
    refresh_person_blocks([person])
    _audit(actor, AuditEvent.Action.CREATE, person, {}, source)
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    version: int,
    values: Mapping[str, Any],
    source: str = AuditEvent.Source.WEB,
) -> Person:
    """Change a person loaded at `version`; ConflictError when someone saved in between."""
    # NO KEY, as for events: an import recording this person meanwhile checks its reference
    # at commit, holding the audit chain's head this edit also needs; FOR UPDATE deadlocks.
    person = Person.objects.select_for_update(no_key=True).get(pk=person.pk)
    require_person_edit(actor, person)
    _check_version(person, version, values)
    before = snapshot(person)
    _set_fields(person, values, PERSON_FIELDS)
    _validate_person(person)
    person.version += 1
    person.save()
    refresh_person_blocks([person])
    _audit(actor, AuditEvent.Action.UPDATE, person, before, source)
    return person


# --- attendance ---------------------------------------------------------------------------


@transaction.atomic
def attendance_add(
    *,
    actor: Any,
    event: Event,
    person: Person,
    values: Mapping[str, Any] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Attendance:
    """Record that `person` attended `event` (role, days, scores in `values`)."""
    event = _lock_for_attendance(actor, event)
    if person.country_id != event.country_id:
        raise ValidationError(_("This person's record is held by another country."))
    require_person_visible(actor, person)
    return _record_attendance(actor, event, person, values, source)


@transaction.atomic
def attendance_add_new_person(
    *,
    actor: Any,
    event: Event,
    person_values: Mapping[str, Any],
    values: Mapping[str, Any] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Attendance:
    """A new person, held by the event's country, and their attendance: both or neither."""
    event = _lock_for_attendance(actor, event)
    person = _person_create(
        actor=actor, country=event.country, values=person_values, is_synthetic=False, source=source
    )
    return _record_attendance(actor, event, person, values, source)


def _lock_for_attendance(actor: Any, event: Event) -> Event:
    # Wait for an import into this event to finish, as imports wait for each other, so the
    # import never trips over a row this adds half-way through its own writing.
    event = Event.objects.select_for_update().get(pk=event.pk)
    require_attendance_rights(actor, event)
    return event


def _record_attendance(
    actor: Any, event: Event, person: Person, values: Mapping[str, Any] | None, source: str
) -> Attendance:
    attendance = Attendance(event=event, person=person)
    _set_fields(attendance, values or {}, ATTENDANCE_FIELDS)
    attendance.full_clean()
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        # Another request recorded the same person at this event a moment ago.
        raise ValidationError(_("This person is already recorded at this event.")) from None
    _audit(actor, AuditEvent.Action.CREATE, attendance, {}, source)
    return attendance


@transaction.atomic
def attendance_update(
    *,
    actor: Any,
    attendance: Attendance,
    values: Mapping[str, Any],
    source: str = AuditEvent.Source.WEB,
) -> Attendance:
    # The stored row's event decides, not whatever event the caller attached to it.
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    require_attendance_rights(actor, attendance.event)
    before = snapshot(attendance)
    _set_fields(attendance, values, ATTENDANCE_FIELDS)
    attendance.full_clean()
    attendance.save()
    _audit(actor, AuditEvent.Action.UPDATE, attendance, before, source)
    return attendance


@transaction.atomic
def attendance_remove(
    *, actor: Any, attendance: Attendance, source: str = AuditEvent.Source.WEB
) -> None:
    # The stored row's event decides, not whatever event the caller attached to it.
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    require_attendance_rights(actor, attendance.event)
    before = snapshot(attendance)
    _audit(actor, AuditEvent.Action.DELETE, attendance, before, source)
    attendance.delete()
