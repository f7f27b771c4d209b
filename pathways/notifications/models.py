"""A notice to one user: what happened and what to do, with a link to where to do it.

A notification names records by number (a case number) and never carries a client's
personal data: it is also sent by email, which leaves the system's protection.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # What kind of notice, as a code the sending domain chooses (e.g. "break_glass_opened").
    kind = models.CharField(_("kind"), max_length=40)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The case a notice is about, by number only; blank for notices about no case.
    case_number = models.CharField(_("case number"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The inbox and the navigation's unread count.
            models.Index(fields=["recipient", "read_at"], name="notification_inbox")
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk or '-'} ({self.kind})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
