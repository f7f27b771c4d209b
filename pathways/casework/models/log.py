"""What was read and when: the access log and its daily anchors, by ids and field names only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    """One read of a client's identifiers (or, later, of a case): who, when, which records
    and which fields, by ids and names only, never a value or display text.

    Append-only: written by `access_log.access_record` and by nothing else; nothing updates
    or deletes a row. Each day's events are hashed into the audit chain
    (`manage.py anchor_access_log`), so an edited, inserted or deleted row is found by
    `manage.py verify_audit`.
    """

    class Action(models.TextChoices):
        LIST_WITH_IDENTIFIERS = "list_with_identifiers", _("Listed with identifiers")
        VIEW = "view", _("Viewed")
        UPDATE = "update", _("Updated")
        EXPORT = "export", _("Exported")
        PRINT = "print", _("Printed")
        DOWNLOAD_ATTACHMENT = "download_attachment", _("Downloaded an attachment")
        BREAK_GLASS = "break_glass", _("Opened under break-glass")
        # Everything held about the person, shown or downloaded for them (casework.md §7.5).
        SUBJECT_ACCESS = "subject_access", _("Everything held shown for the person")

    class Via(models.TextChoices):
        WEB = "web", _("Web page")
        API = "api", _("API")
        COMMAND = "command", _("Command line")

    # The reader as recorded stays when the user row goes (SET_NULL on the key only).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    recorded_user_id = models.BigIntegerField(_("user id as recorded"))
    # Plain ids, not foreign keys: the log outlives the rows and is never cascaded.
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    client_id = models.BigIntegerField(_("client id"), null=True, blank=True, db_index=True)
    case_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    # A screening read before (or without) any client or case: its answers and notes.
    screening_id = models.BigIntegerField(_("screening id"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    fields = models.JSONField(_("fields read"), default=list, blank=True)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    at = models.DateTimeField(_("time"), db_index=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # The network, never the address: IPv4 /24, IPv6 /48.
    ip_prefix = models.CharField(_("network"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("access event")
        verbose_name_plural = _("access events")

    def __str__(self) -> str:
        return f"Access event {self.pk or '-'}"


class AccessLogDay(models.Model):
    """A day of the access log anchored into the audit chain. The audit entry is what counts
    (this table could be edited); the row makes a second anchoring of the day a no-op."""

    day = models.DateField(_("day"), unique=True)
    events = models.PositiveIntegerField(_("events"))
    hash = models.CharField(_("hash"), max_length=64)
    anchored_at = models.DateTimeField(_("anchored"))

    class Meta:
        ordering = ["day"]
        verbose_name = _("anchored access log day")
        verbose_name_plural = _("anchored access log days")

    def __str__(self) -> str:
        return f"Access log {self.day.isoformat()}"
