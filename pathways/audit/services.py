"""Recording audit events. Every service that writes calls `audit_record` inside its
transaction, so a change and its audit event are committed together or not at all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pathways.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return sorted(_plain(v) for v in value)
    return str(value)


def snapshot(instance: models.Model, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """Field values of an instance as JSON-friendly data, many-to-many included (by pk)."""
    skip = {"password", "last_login", *exclude}
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name not in skip:
            data[field.name] = _plain(field.value_from_object(instance))
    if instance.pk:
        for field in instance._meta.many_to_many:
            if field.name not in skip:
                data[field.name] = sorted(
                    getattr(instance, field.name).values_list("pk", flat=True)
                )
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    changes: dict[str, Any] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> AuditEvent:
    """Append one event to the hash chain. Must run inside the caller's transaction."""
    return audit_bulk(actor=actor, action=action, entries=[(instance, changes)], source=source)[0]


def audit_bulk(
    *,
    actor: Any,
    action: str,
    entries: Sequence[tuple[models.Model, dict[str, Any] | None]],
    source: str = AuditEvent.Source.WEB,
) -> list[AuditEvent]:
    """Append one event per (instance, changes) to the chain, in one locked write.

    For imports and loaders that create thousands of records: every record is still named.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
        events = []
        prev = head.last_hash
        for instance, changes in entries:
            event = AuditEvent(
                at=now,
                actor=user,
                actor_name=user.get_username() if user else "system",
                action=action,
                source=source,
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                object_id=str(instance.pk),
                object_repr=str(instance)[:300],
                changes=changes or {},
                prev_hash=prev,
            )
            event.hash = prev = event.compute_hash()
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        head.last_hash = prev
        head.save(update_fields=["last_hash"])
    return events


def audit_version() -> str:
    """The hash of the latest audit event. Every audited write changes it in its own
    transaction, so it names the state of the records for caches of what they show."""
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    return head or GENESIS_HASH


def verify_chain() -> AuditEvent | None:
    """The first event whose hash or link does not hold, or None when the chain is intact.

    A changed row fails its own hash; a deleted or inserted row breaks the next row's link;
    a row appended with a forged hash lies past the chain head; rows removed from the end
    leave the head naming a hash no row carries, and are reported as an unsaved event
    (no id) whose `prev_hash` is the last intact hash.
    """
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    expected_prev, last_id, past_head = GENESIS_HASH, None, False
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if past_head or event.prev_hash != expected_prev or event.compute_hash() != event.hash:
            return event
        expected_prev, last_id = event.hash, event.id
        past_head = event.hash == head
    if head is not None and head != expected_prev:
        return AuditEvent(
            object_repr=f"(missing events after event {last_id or 'none'})",
            hash=head,
            prev_hash=expected_prev,
        )
    return None


def describe_break(event: AuditEvent) -> str:
    """One line naming a broken link for an operator: id, time and object, and what broke."""
    if event.pk is None:
        return (
            "Audit chain broken: events are missing at the end of the chain "
            f"{event.object_repr}; the chain head expects hash {event.hash[:16]}."
        )
    if event.compute_hash() != event.hash:
        what = "its content does not match its hash (changed or inserted outside the app)"
    elif AuditEvent.objects.filter(hash=event.prev_hash).exists():
        what = "it comes after the chain head (added outside the app)"
    else:
        what = "it does not link to the event before it (an event was deleted or inserted)"
    return (
        f"Audit chain broken at event {event.pk} ({event.at:%Y-%m-%d %H:%M:%S %Z}, "
        f"{event.get_action_display().lower()} {event.object_repr}): {what}."
    )
