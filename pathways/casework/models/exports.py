"""Exports of a case in the HTCDS (casework.md §6.3 rule 4): an export holding more than the
summary is asked for, approved or refused by a supervisor of the case's agency, and then
downloaded once, encrypted under a password shown once to the requester.

The row holds ids, sections and dates. Between the moment the requester prepares the file
and its download it also holds the file itself, encrypted under that password (which is not
kept); the download empties the column.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.cases import Case, Section


class ExportRequest(models.Model):
    class State(models.TextChoices):
        REQUESTED = "requested", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        DOWNLOADED = "downloaded", _("Downloaded")

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="export_requests", verbose_name=_("case")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    # The sections asked for (values of `Section`); the file holds those the requester may
    # still see when it is made.
    sections = models.JSONField(_("sections"), default=list)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    prepared_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)
    # The encrypted file between its preparation and its download, and its name.
    package = models.BinaryField(null=True, blank=True)
    package_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("export request")
        verbose_name_plural = _("export requests")
        indexes = [models.Index(fields=["state", "case"], name="export_request_state")]

    def __str__(self) -> str:
        return gettext("Export request %(number)s") % {"number": self.pk or "-"}

    def section_labels(self) -> list[str]:
        labels = dict(Section.choices)
        return [str(labels.get(s, s)) for s in self.sections]
