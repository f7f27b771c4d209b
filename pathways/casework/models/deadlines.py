"""What `manage.py casework_deadlines` has sent: one row per deadline and level, so a run
sends nothing a run before it sent (casework.md, the decision on deadlines).

A deadline is known by its kind, its case, the record it belongs to (`ref`: the
identification decision, the approved plan, the follow-up, or the case itself) and its due
date: when the date moves (a plan resubmitted, a follow-up rescheduled), the new date is a
new deadline with notices of its own. The row holds no personal data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineNotice(models.Model):
    class Level(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")

    # What is due, as `deadlines.Due.kind` ("identification", "follow_up", …); other sources
    # (referrals) add kinds of their own.
    kind = models.CharField(_("kind"), max_length=32)
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.CASCADE,
        related_name="deadline_notices",
        verbose_name=_("case"),
    )
    ref = models.PositiveBigIntegerField(_("record"))
    due_on = models.DateField(_("due on"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("deadline notice")
        verbose_name_plural = _("deadline notices")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "case", "ref", "due_on", "level"],
                name="casework_deadline_notice_once",
            )
        ]

    def __str__(self) -> str:
        return f"Deadline notice {self.pk or '-'} ({self.kind}, {self.level})"
