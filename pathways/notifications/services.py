"""Sending notices: `notify` writes each recipient's inbox row and emails those with an
address once the caller's transaction has committed.

What a notice may say: the case number and what to do, never a client's personal data (no
name, phone, note or reason in their words); the callers' tests check theirs. An email that
cannot be sent loses no inbox row and breaks no caller: it is logged by notification id and
the exception's class, nothing more.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from pathways.lib.text import clean_text
from pathways.notifications.models import Notification

logger = logging.getLogger(__name__)

# A text, or a function returning it: called in each recipient's preferred language.
Text = str | Callable[[], str]


def _in_language(text: Text, user: Any) -> str:
    language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return str(text() if callable(text) else text)


def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    subject: Text,
    body: Text,
    link: str = "",
    case_number: str = "",
) -> list[Notification]:
    """One inbox row per distinct active recipient, and an email to each with an address
    after the surrounding transaction commits (none if it rolls back)."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    rows = []
    for user in users.values():
        rows.append(
            Notification(
                recipient=user,
                kind=kind,
                subject=clean_text(_in_language(subject, user)).strip()[:200],
                body=clean_text(_in_language(body, user), multiline=True).strip(),
                link=link,
                case_number=case_number,
            )
        )
    with transaction.atomic():
        created = Notification.objects.bulk_create(rows)
    emailed = [(n, users[n.recipient_id]) for n in rows if users[n.recipient_id].email]
    if emailed:
        transaction.on_commit(lambda: _send_emails(emailed))
    return created


def email_text(notification: Notification) -> str:
    """The email's body: the notice and the link to act on it."""
    if not notification.link:
        return notification.body
    return f"{notification.body}\n\n{settings.PATHWAYS_SITE_URL}{notification.link}"


def _send_emails(emailed: list[tuple[Notification, Any]]) -> None:
    for notification, user in emailed:
        # No mail server may break the caller or lose the inbox row.
        try:
            send_mail(
                notification.subject,
                email_text(notification),
                None,
                [user.email],
                fail_silently=False,
            )
        except Exception as exc:
            logger.warning(
                "Notification %s: the email could not be sent (%s).",
                notification.pk,
                type(exc).__name__,
            )


def notification_mark_read(*, actor: Any, notification: Notification) -> None:
    """The recipient has read the notice (a no-op when already read)."""
    if notification.recipient_id != actor.pk or notification.read_at is not None:
        return
    notification.read_at = timezone.now()
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=notification.read_at
    )
