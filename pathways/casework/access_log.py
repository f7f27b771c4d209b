"""The casework access log: who read which client's identifiers, when, by ids only.

`access_record` appends events; `sealing.reveal` and `sealing.decrypt_identity` call it for
every opening of a client's identifiers, so nothing reads them unrecorded. Each day's events
are hashed in id order, SHA-256 chained over a canonical form of each row, and the day's
count and hash are written as one audit event (`access_log_anchor_day`); `verify_anchored_days`
(run by `manage.py verify_audit` through settings.AUDIT_VERIFIERS) recomputes every anchored
day and names a day whose events were edited, inserted or deleted since.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from pathways.accounts.lockout import client_address
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.casework.models import (
    CASE_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    AccessEvent,
    AccessLogDay,
)
from pathways.casework.signin import is_background_poll

REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# What an event may name as read: a client's identifiers, a case's sealed fields, its notes
# (by section, e.g. "notes.legal"), its attachments, a break-glass reason and its review.
NOTE_FIELDS = frozenset(
    f"notes.{section}"
    for section in ("safety", "medical", "exploitation", "legal", "notes", "unlawful_acts")
)
CARE_FIELDS = frozenset(
    {"assessments", "care_plans", "services_delivered", "follow_ups", "trafficking_events"}
)
# A screening's sealed fields as an event names them ("screening.answers").
SCREENING_READ_FIELDS = frozenset(f"screening.{name}" for name in SCREENING_SEALED_FIELDS)
KNOWN_FIELDS = frozenset(
    {
        *SEALED_FIELDS,
        *CASE_SEALED_FIELDS,
        *NOTE_FIELDS,
        "attachments",
        "break_glass_reason",
        "break_glass_review_note",
        # The case's care records (`reading_care.py`), each kind by its name.
        *CARE_FIELDS,
        *SCREENING_READ_FIELDS,
        # A consent's and an override's words (`reading_consent.py`).
        "consent.capacity_note",
        "consent.withdrawal_note",
        "consent_override.reason",
        # A referral's words and its thread's notes (`reading_referrals.py`).
        "referral.details",
        "referral.decline_note",
        "referral.feedback",
        "referral.thread",
    }
)
# A day is anchored only this long after it ended (UTC): a request that stamped an event
# just before midnight may still be committing.
ANCHOR_GRACE = dt.timedelta(minutes=10)


class AccessLogError(Exception):
    """An anchored day whose events no longer match the anchor; the message names the day."""


# --- recording ---------------------------------------------------------------------------------


def ip_prefix(address: str | None) -> str:
    """The network an address is in: IPv4 /24, IPv6 /48 (an IPv4-mapped address as IPv4);
    "" for no or an unreadable address. The full address is never kept."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    bits = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def request_id(request: HttpRequest | None) -> str:
    """The request's id: a proxy's X-Request-ID when it is a plain token, else one made
    here and kept on the request, so every event of one request carries the same id."""
    if request is None:
        return ""
    known = getattr(request, "_casework_request_id", None)
    if known is None:
        sent = request.META.get(REQUEST_ID_HEADER, "")
        known = sent if _REQUEST_ID.match(sent) else uuid.uuid4().hex
        request._casework_request_id = known  # type: ignore[attr-defined]
    return known


def access_record(
    *,
    user: Any,
    action: str,
    client_ids: Iterable[int],
    fields: Iterable[str],
    via: str,
    request: HttpRequest | None = None,
    agency_id: int | None = None,
    case_id: int | None = None,
    screening_id: int | None = None,
) -> list[AccessEvent]:
    """One access event per client read (a list: one per client, in one insert).

    `fields` are the names of what was shown (the sealed fields of a client; later the
    sections of a case), never values. Raises ValueError, writing nothing, for a reader who
    is not a signed-in user, an unknown action, via or field, or no client.
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        raise ValueError("An access event needs the user who read: a signed-in user.")
    if is_background_poll(request):
        # A page refreshing itself is not a person reading: it may show nothing recorded here.
        raise ValueError("A background poll may not read identifiers or case sections.")
    if action not in AccessEvent.Action.values:
        raise ValueError(f"{action!r} is not an access action.")
    if via not in AccessEvent.Via.values:
        raise ValueError(f"{via!r} is not a way of access (web, api or command).")
    names = sorted(set(fields))
    unknown = [name for name in names if name not in KNOWN_FIELDS]
    if unknown:
        # Only names are logged: anything else might be a value passed by mistake.
        raise ValueError(f"Not field names of a client: {len(unknown)} given.")
    ids = list(dict.fromkeys(int(pk) for pk in client_ids))
    if not ids and case_id is None and screening_id is None:
        raise ValueError("An access event needs the client (or case, or screening) read.")
    now = timezone.now()
    common = {
        "user": user,
        "recorded_user_id": user.pk,
        "agency_id": agency_id,
        "case_id": case_id,
        "screening_id": screening_id,
        "action": action,
        "fields": names,
        "via": via,
        "at": now,
        "request_id": request_id(request),
        "ip_prefix": ip_prefix(client_address(request)) if request is not None else "",
    }
    events = [AccessEvent(client_id=pk, **common) for pk in ids or [None]]
    with transaction.atomic():
        return AccessEvent.objects.bulk_create(events, batch_size=1000)


# --- the daily hash --------------------------------------------------------------------------


def _canonical(event: AccessEvent) -> bytes:
    """Every column of an event, in a fixed order, as compact JSON."""
    row = [
        event.pk,
        event.recorded_user_id,
        event.agency_id,
        event.client_id,
        event.case_id,
        event.action,
        list(event.fields),
        event.via,
        event.at.astimezone(dt.UTC).isoformat(),
        event.request_id,
        event.ip_prefix,
    ]
    if event.screening_id is not None:
        # Only then: the days anchored before screenings were logged keep their hashes.
        row.append(event.screening_id)
    return json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()


def _bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def day_digest(day: dt.date) -> tuple[int, str]:
    """How many access events `day` (UTC) holds and their chained SHA-256, in id order."""
    start, end = _bounds(day)
    digest = hashlib.sha256(f"pathways access log {day.isoformat()}".encode()).hexdigest()
    count = 0
    events = AccessEvent.objects.filter(at__gte=start, at__lt=end).order_by("id")
    for event in events.iterator(chunk_size=2000):
        digest = hashlib.sha256(digest.encode() + b"\n" + _canonical(event)).hexdigest()
        count += 1
    return count, digest


@dataclass(frozen=True)
class Anchoring:
    day: dt.date
    events: int
    hash: str
    already: bool  # anchored before, and still matching


def access_log_anchor_day(*, day: dt.date) -> Anchoring:
    """Write `day`'s count and hash as one audit event, once.

    A day anchored before is left as it is when its events still match; AccessLogError
    when they do not (events were added, changed or removed after the anchoring). A day
    not over for ANCHOR_GRACE yet cannot be anchored (ValueError).
    """
    if _bounds(day)[1] + ANCHOR_GRACE > timezone.now():
        raise ValueError(
            f"{day.isoformat()} (UTC) is not over yet, or ended less than "
            f"{int(ANCHOR_GRACE.total_seconds() // 60)} minutes ago: it cannot be anchored yet."
        )
    count, digest = day_digest(day)
    # The audit chain decides whether a day is anchored, not the table (which could be
    # edited): a day whose row went is still found, and compared.
    entry = _anchor_entry(day)
    if entry is None:
        try:
            with transaction.atomic():
                anchored = AccessLogDay.objects.create(
                    day=day, events=count, hash=digest, anchored_at=timezone.now()
                )
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.CREATE,
                    instance=anchored,
                    changes={"day": day.isoformat(), "events": count, "hash": digest},
                    source=AuditEvent.Source.COMMAND,
                )
            return Anchoring(day, count, digest, already=False)
        except IntegrityError:
            # Another run anchored the day at the same moment: compare with its anchor.
            entry = _anchor_entry(day)
    if entry is None:
        raise AccessLogError(
            f"The access log of {day.isoformat()} is marked anchored, but the audit trail holds "
            "no anchor for it: the table of anchored days was changed outside the app."
        )
    if (entry.changes.get("events"), entry.changes.get("hash")) != (count, digest):
        raise AccessLogError(_mismatch(day, entry, count, digest))
    return Anchoring(day, count, digest, already=True)


def last_day_to_anchor(now: dt.datetime | None = None) -> dt.date:
    """The latest day (UTC) that ended at least ANCHOR_GRACE ago."""
    return ((now or timezone.now()) - ANCHOR_GRACE).astimezone(dt.UTC).date() - dt.timedelta(days=1)


def days_to_anchor(*, until: dt.date) -> list[dt.date]:
    """The days up to `until` not anchored yet, from the first access event on: a day missed
    (the scheduler was down) is caught up by the next run, a day without events is anchored
    with none (so none can be slipped in later)."""
    first = AccessEvent.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    day = first.astimezone(dt.UTC).date()
    done = set(_anchor_entries())
    days = []
    while day <= until:
        if day.isoformat() not in done:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# --- verification (settings.AUDIT_VERIFIERS) --------------------------------------------------


def _anchor_entry(day: dt.date) -> AuditEvent | None:
    """The (first) audit entry anchoring `day`."""
    content_type = ContentType.objects.get_for_model(AccessLogDay)
    return (
        AuditEvent.objects.filter(content_type=content_type, changes__day=day.isoformat())
        .order_by("id")
        .first()
    )


def _anchor_entries() -> dict[str, AuditEvent]:
    """The audit entries anchoring access-log days, by day (the first for each day)."""
    content_type = ContentType.objects.get_for_model(AccessLogDay)
    entries: dict[str, AuditEvent] = {}
    for event in AuditEvent.objects.filter(content_type=content_type).order_by("id"):
        day = event.changes.get("day") if isinstance(event.changes, dict) else None
        if isinstance(day, str):
            entries.setdefault(day, event)
    return entries


def _mismatch(day: dt.date, entry: AuditEvent, count: int, digest: str) -> str:
    return (
        f"Access log of {day.isoformat()} does not match its anchor (audit event {entry.pk}): "
        f"anchored {entry.changes.get('events')} events with hash "
        f"{str(entry.changes.get('hash'))[:16]}, now {count} events with hash {digest[:16]}; "
        "access events of that day were edited, inserted or deleted after it was anchored."
    )


def verify_anchored_days() -> list[str]:
    """A message for each anchored day whose access events no longer give its anchor's
    count and hash; none when all match. The audit chain itself is checked before this."""
    problems = []
    for day_text, entry in _anchor_entries().items():
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            problems.append(f"Audit event {entry.pk} anchors an access-log day it cannot name.")
            continue
        count, digest = day_digest(day)
        if (entry.changes.get("events"), entry.changes.get("hash")) != (count, digest):
            problems.append(_mismatch(day, entry, count, digest))
    return problems
