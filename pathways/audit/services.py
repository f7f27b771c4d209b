"""Recording audit events. Every service that writes calls `audit_record` inside its
transaction, so a change and its audit event are committed together or not at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from pathways.audit.keys import AuditKeyError, KeyRing, signing_keys, verification_keys
from pathways.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64

# Called inside the writing transaction with the records each audited write names, after its
# events are written: higher apps keep state that must move with the records in the same
# commit (pathways.programs.freshness: the versions caches of figures are keyed by).
_write_listeners: list[Callable[[Sequence[models.Model]], None]] = []


def on_audited_write(listener: Callable[[Sequence[models.Model]], None]) -> None:
    """Call `listener(instances)` in the transaction of every audited write from now on."""
    if listener not in _write_listeners:
        _write_listeners.append(listener)


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):
        # A stored file is recorded by its name; a File is iterable, by lines of content.
        return value.name or ""
    if isinstance(value, Iterable) and not isinstance(value, bytes):
        return sorted(_plain(v) for v in value)
    return str(value)


def _repr(instance: models.Model) -> str:
    # Reference rows name themselves in the active language; the trail keeps the site's own,
    # whoever made the change.
    with translation.override(settings.LANGUAGE_CODE):
        return str(instance)[:300]


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


def audit_record_without_values(
    *,
    actor: Any,
    action: str,
    instance: models.Model,
    fields: Iterable[str] = (),
    source: str = AuditEvent.Source.WEB,
) -> AuditEvent:
    """Append one event naming the record by model and id and the fields written, never a
    value or the record's display text: for records whose content may not enter the chain,
    which can never be edited later (casework: victims' data)."""
    return audit_bulk(
        actor=actor,
        action=action,
        entries=[(instance, {"fields": sorted(set(fields))})],
        source=source,
        without_values=True,
    )[0]


def _id_repr(instance: models.Model) -> str:
    return f"{instance._meta.label} {instance.pk}"


def audit_bulk(
    *,
    actor: Any,
    action: str,
    entries: Sequence[tuple[models.Model, dict[str, Any] | None]],
    source: str = AuditEvent.Source.WEB,
    without_values: bool = False,
) -> list[AuditEvent]:
    """Append one event per (instance, changes) to the chain, in one locked write.

    For imports and loaders that create thousands of records: every record is still named.
    `without_values` names each record by model and id instead of its display text (the
    caller passes changes that hold field names only).
    Raises AuditKeyError, writing nothing, when there is no key to sign with.
    """
    describe = _id_repr if without_values else _repr
    user = actor if getattr(actor, "is_authenticated", False) else None
    now = timezone.now()
    keys = signing_keys()
    with transaction.atomic():
        head, prev, _marker = _lock_head(keys, now, source)
        events = []
        for instance, changes in entries:
            event = AuditEvent(
                at=now,
                actor=user,
                recorded_actor_id=user.pk if user else None,
                actor_name=user.get_username() if user else "system",
                action=action,
                source=source,
                content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
                object_id=str(instance.pk),
                object_repr=describe(instance),
                changes=changes or {},
                prev_hash=prev,
                key_id=keys.active_id,
            )
            event.hash = prev = event.compute_hash(keys)
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=1000)
        _move_head(head, prev, keys)
        instances = [instance for instance, _changes in entries]
        for listener in _write_listeners:
            listener(instances)
    return events


def audit_key_marker(*, source: str = AuditEvent.Source.COMMAND) -> AuditEvent | None:
    """Record now that the key in force signs the chain from here (after a rotation);
    None when it already does."""
    keys = signing_keys()
    with transaction.atomic():
        return _lock_head(keys, timezone.now(), source)[2]


def _lock_head(
    keys: KeyRing, now: dt.datetime, source: str
) -> tuple[AuditChainHead, str, AuditEvent | None]:
    """The locked chain head, the hash to chain to, and the key marker written if any.

    When the key in force did not sign the latest entry (the first signed write, or the
    first after a rotation), a marker signed with the new key is appended first: the chain
    records which key signs from which entry, and the marker's link seals all before it.
    """
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head = AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH)
    if head.key_id == keys.active_id:
        return head, head.last_hash, None
    marker = AuditEvent(
        at=now,
        actor_name="system",
        action=AuditEvent.Action.KEY,
        source=source,
        content_type=ContentType.objects.get_for_model(AuditChainHead),
        object_id=str(head.pk),
        object_repr=f"Audit chain signed with key {keys.active_id} from here",
        changes={"key_id": [head.key_id or None, keys.active_id]},
        prev_hash=head.last_hash,
        key_id=keys.active_id,
    )
    marker.hash = marker.compute_hash(keys)
    marker.save()
    _move_head(head, marker.hash, keys)
    return head, marker.hash, marker


def _move_head(head: AuditChainHead, last_hash: str, keys: KeyRing) -> None:
    head.last_hash, head.key_id = last_hash, keys.active_id
    head.save(update_fields=["last_hash", "key_id"])


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainBreak:
    """The first event whose hash or link does not hold, and why, in an operator's words.

    `event` is unsaved (no id) when events are missing at the end of the chain.
    """

    event: AuditEvent
    why: str
    missing_key: bool = False

    def describe(self) -> str:
        event = self.event
        if event.pk is None:
            return (
                "Audit chain broken: events are missing at the end of the chain "
                f"{event.object_repr}; the chain head expects hash {event.hash[:16]}."
            )
        prefix = "Audit chain cannot be checked" if self.missing_key else "Audit chain broken"
        return (
            f"{prefix} at event {event.pk} ({event.at:%Y-%m-%d %H:%M:%S %Z}, "
            f"{event.get_action_display().lower()} {event.object_repr}): {self.why}."
        )


UNSIGNED_WITH_KEYS = (
    "the audit key file holds signing keys, yet no event of the chain is signed: signed events "
    "were rewritten to the unsigned rule by someone without the key, or a backup from before "
    "signing began was restored (check that first; `manage.py audit_rotate_key` then signs "
    "from here on)"
)


def verify_chain(*, keys: KeyRing | None = None) -> ChainBreak | None:
    """The first break in the chain, or None when it is intact.

    A changed row fails its own hash; a deleted or inserted row breaks the next row's link;
    a row appended with a forged hash lies past the chain head; rows removed from the end
    leave the head naming a hash no row carries, and are reported as an unsaved event
    (no id) whose `prev_hash` is the last intact hash. Once a key marker began signing, an
    unsigned entry, or one signed with a key other than the one in force, is a break too:
    that is what a rewrite by someone without the key looks like.
    """
    keys = keys if keys is not None else verification_keys()
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    expected_prev, last, past_head, in_force = GENESIS_HASH, None, False, ""
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        broken = _check_event(event, expected_prev, past_head, in_force, keys)
        if broken is not None:
            return broken
        if event.action == AuditEvent.Action.KEY:
            in_force = event.key_id
        expected_prev, last = event.hash, event
        past_head = event.hash == head
    if keys.keys and last is not None and not in_force:
        # Signing starts with a marker as soon as a key exists, so a keyed installation
        # whose chain holds no marker had its signed events rewritten to the unsigned rule.
        return ChainBreak(last, UNSIGNED_WITH_KEYS)
    last_id = last.id if last is not None else None
    if head is not None and head != expected_prev:
        missing = AuditEvent(
            object_repr=f"(missing events after event {last_id or 'none'})",
            hash=head,
            prev_hash=expected_prev,
        )
        return ChainBreak(missing, "events are missing at the end")
    return None


def _check_event(
    event: AuditEvent, expected_prev: str, past_head: bool, in_force: str, keys: KeyRing
) -> ChainBreak | None:
    why = ""
    if past_head:
        why = "it comes after the chain head (added outside the app)"
    elif event.prev_hash != expected_prev:
        why = "it does not link to the event before it (an event was deleted or inserted)"
    elif not event.key_id and in_force:
        why = (
            f"it is not signed, yet every event after signing began with key {in_force} must "
            "be (rewritten outside the app by someone without the key)"
        )
    elif event.key_id and event.key_id not in keys.keys:
        return ChainBreak(event, _missing_key(event.key_id, keys), missing_key=True)
    elif event.compute_hash(keys) != event.hash:
        why = "its content does not match its hash (changed or inserted outside the app)"
    elif event.action != AuditEvent.Action.KEY and event.key_id != in_force:
        why = f"it is signed with key {event.key_id}, but no key change to it was recorded"
    elif event.action == AuditEvent.Action.KEY and _older(event.key_id, in_force, keys):
        # Retired keys stay in the file for checking; one that leaked must not sign again.
        why = f"it switches signing back to the retired key {event.key_id}"
    return ChainBreak(event, why) if why else None


def _older(key_id: str, than: str, keys: KeyRing) -> bool:
    order = list(keys.keys)
    return bool(than) and order.index(key_id) < order.index(than)


def _missing_key(key_id: str, keys: KeyRing) -> str:
    where = keys.path if keys.path.exists() else f"{keys.path} (which does not exist)"
    return (
        f"it is signed with key {key_id!r}, which is not in the audit key file {where}; "
        "restore the key file from your copy (retired keys must stay in it) and verify again"
    )


def run_verifiers() -> list[str]:
    """The problems reported by the checks of settings.AUDIT_VERIFIERS (records other apps
    anchored in the chain, e.g. the casework access log's daily hashes); empty when all hold.
    Named by dotted path so this bottom layer imports none of the apps above it."""
    problems: list[str] = []
    for path in getattr(settings, "AUDIT_VERIFIERS", []):
        problems.extend(import_string(path)())
    return problems


def describe_break(broken: ChainBreak) -> str:
    """One line naming a broken link for an operator: id, time and object, and what broke."""
    return broken.describe()


def chain_is_signed() -> bool:
    """Whether the latest entry is signed; False for a chain written before signing began
    and not written to since (the next audited write signs it)."""
    last = AuditEvent.objects.order_by("-id").values_list("key_id", flat=True).first()
    return last is None or bool(last)


# --- anchors ------------------------------------------------------------------------------

ANCHOR_FIELDS = ("event", "hash", "at", "key_id")


class AnchorError(Exception):
    """A saved chain head that cannot be written, read or matched; the message says why."""


def audit_anchor() -> dict[str, Any]:
    """The chain head (its event, hash and time), signed with the key in force, for an
    operator to keep away from the server and check the chain against later."""
    keys = signing_keys()
    head = AuditChainHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    event = AuditEvent.objects.filter(hash=head).first() if head else None
    if event is None:
        raise AnchorError("The audit chain has no events yet: there is no head to anchor.")
    anchor: dict[str, Any] = {
        "event": event.pk,
        "hash": event.hash,
        "at": event.at.isoformat(),
        "key_id": keys.active_id,
    }
    anchor["signature"] = _anchor_signature(anchor, keys)
    return anchor


def check_anchor(anchor: Any, *, keys: KeyRing | None = None) -> None:
    """AnchorError unless `anchor` was signed by `audit_anchor` and its event is still in
    the chain unchanged. The rest of the chain is for `verify_chain` to check."""
    fields = (*ANCHOR_FIELDS, "signature")
    if (
        not isinstance(anchor, dict)
        or not all(k in anchor for k in fields)
        or not isinstance(anchor["event"], int)
    ):
        raise AnchorError(
            "This is not an anchor written by `manage.py audit_anchor`: it needs the fields "
            f"{', '.join(ANCHOR_FIELDS)} and signature."
        )
    keys = keys if keys is not None else verification_keys()
    try:
        expected = _anchor_signature(anchor, keys)
    except AuditKeyError as error:
        raise AnchorError(f"The anchor cannot be checked. {error}") from None
    if not hmac.compare_digest(expected, str(anchor["signature"])):
        raise AnchorError(
            "The anchor's signature does not match its content: the anchor file was changed, "
            f"or was not signed with the audit key {anchor['key_id']}."
        )
    event = AuditEvent.objects.filter(pk=anchor["event"]).first()
    if event is None:
        raise AnchorError(
            f"Event {anchor['event']}, the chain head anchored at {anchor['at']}, is no longer "
            "in the audit trail: events were removed."
        )
    if event.hash != anchor["hash"] or event.at.isoformat() != anchor["at"]:
        raise AnchorError(
            f"Event {anchor['event']} is not the one anchored at {anchor['at']}: the chain "
            "up to it was rewritten since."
        )


def _anchor_signature(anchor: dict[str, Any], keys: KeyRing) -> str:
    body = json.dumps({k: anchor[k] for k in ANCHOR_FIELDS}, sort_keys=True, default=str)
    # A prefix of its own, so no anchor signature could pass for an entry's hash.
    message = b"pathways audit anchor\n" + body.encode()
    return hmac.new(keys.key(str(anchor["key_id"])), message, hashlib.sha256).hexdigest()
