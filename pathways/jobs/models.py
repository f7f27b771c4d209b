"""A job: a piece of long work (an import of a big sheet, a full duplicate search, an export)
queued for a worker.

The job is the user's view of a task: what it is, who queued it, for which country, how far
it has come and how it ended (the report, or the error in words). The task itself lives in
the task backend (django-tasks); `task_id` names it. While a job runs, its stage, rows and
heartbeat are kept in the jobs cache (`progress.py`), outside the work's own transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The stages a job reports, in the words its page shows.
STAGES = {
    "": _("waiting for a worker"),
    "starting": _("starting"),
    "reading": _("reading the sheet"),
    "matching": _("matching rows with persons on record"),
    "writing": _("writing the new persons"),
    "queueing": _("queueing possible duplicates for review"),
    "attending": _("writing the attendance"),
    "recording": _("recording the import"),
    "persons": _("reading the country's persons"),
    "comparing": _("comparing persons who may be one"),
    "merging": _("merging sure matches and queueing the others"),
    "rendering": _("drawing the factsheets"),
    "building": _("building the file"),
    "storing": _("storing the file"),
    "done": _("done"),
    "failed": _("failed"),
}


class JobQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> JobQuerySet:
        """The user's own jobs; the admin's, every job; a country manager's, their country's."""
        from pathways.accounts.access import scope_for

        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = scope_for(user)
        if scope.is_admin:
            return self
        managed = [c for c in scope.country_ids if scope.can_manage_country(c)]
        return self.filter(Q(owner_id=user.pk) | Q(country_id__in=managed))


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("attendance import")
        DUPLICATES = "duplicates", _("duplicate search")
        FACTSHEETS = "factsheets", _("factsheet PDFs")
        IATI = "iati", _("IATI file")
        WORKBOOK = "workbook", _("donor workbook")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300)  # what the user queued, in their words
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(
        "programs.Country", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=32, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    # What the task needs to run (no personal data: ids, a stored upload's token, choices).
    params = models.JSONField(default=dict, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)  # in words for the user; never a traceback
    result_url = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When the user who queued it first read it ended: until then it waits in "needs you".
    seen_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def stage_label(self) -> str:
        return str(STAGES.get(self.stage, self.stage))

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.rows_done * 100 // self.rows_total) if self.rows_total else 0

    @property
    def is_ended(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_text(self) -> str:
        """How far it came, in the units of its kind: a sheet's rows, the factsheets'
        countries."""
        counts = {"done": self.rows_done, "total": self.rows_total}
        if self.kind == self.Kind.FACTSHEETS:
            return _("%(done)s of %(total)s countries") % counts
        return _("%(done)s of %(total)s rows") % counts

    @property
    def result_label(self) -> str:
        """The words of the link to what a finished job made (`result_url`)."""
        if self.kind == self.Kind.DUPLICATES:
            return str(_("Open the review queue"))
        return str(_("Open the import report"))

    @property
    def file(self) -> dict[str, Any] | None:
        """The file the job made (`files.py`), while it is kept; None before, or after the
        retention time deleted it."""
        found = (self.report or {}).get("file") if isinstance(self.report, dict) else None
        return found if found and not found.get("deleted") else None

    @property
    def file_deleted(self) -> bool:
        found = (self.report or {}).get("file") if isinstance(self.report, dict) else None
        return bool(found and found.get("deleted"))


class PeriodicRun(models.Model):
    """One slot of a periodic command (settings.PERIODIC_COMMANDS): queued by the scheduler
    that inserted the row, run by a worker, and how it ended. The unique (name, slot_start)
    is what keeps two schedulers from queuing one slot twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(max_length=64)
    slot_start = models.DateTimeField()
    command = models.CharField(max_length=100)
    args = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)  # in words; the traceback goes to the log only
    task_id = models.CharField(max_length=64, blank=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-slot_start", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "slot_start"], name="periodic_run_one_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.slot_start:%Y-%m-%d %H:%M:%S} ({self.get_status_display()})"


class StoredFile(models.Model):
    """A file of the shared storage kept in the database (`storage.DatabaseStorage`): every
    process of a deployment reads the same database, so a worker on another machine reads
    the sheet the web process stored. Files are small enough to hold one in memory (an
    upload is at most PATHWAYS_UPLOAD_MAX_BYTES) and kept only until their work is done."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
