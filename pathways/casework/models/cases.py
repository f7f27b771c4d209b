"""A case: the work of one owner agency with one client, who works on it, and its sealed
sections. Screening, stages, plans and referrals build on it in their own changes.

Every section beyond the summary is sealed like a client's identifiers (`sealing.py`), bound
to the case: `*_sealed` columns hold ciphertext only, and `permitted_sections(user, case)`
(`access.py`) decides which of them a reader's page may open.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.registry import country_code_validator


class Section(models.TextChoices):
    """What a page may show of a case. SUMMARY is tier 1 (in clear); IDENTITY is the
    client's tier-2 identifiers; the rest are tier 3, each sealed."""

    SUMMARY = "summary", _("Summary")
    IDENTITY = "identity", _("Identity")
    SAFETY = "safety", _("Safety")
    MEDICAL = "medical", _("Medical")
    EXPLOITATION = "exploitation", _("Exploitation")
    LEGAL = "legal", _("Legal")
    NOTES = "notes", _("Case notes")
    # Acts the person says they were compelled to commit (§2.4): the owner agency's case
    # worker, supervisor and legal officer only.
    UNLAWFUL_ACTS = "unlawful_acts", _("Acts compelled")


ALL_SECTIONS = frozenset(Section.values)
# Notes are written in the tier-3 sections only.
NOT_NOTE_SECTIONS = (Section.SUMMARY, Section.IDENTITY)

# The case's sealed columns, each `<name>_sealed`, and the section each belongs to.
CASE_SEALED_FIELDS = {
    "safe_location": Section.SAFETY,
    "safety_risk_level": Section.SAFETY,
    "safety_notes": Section.SAFETY,
    "medical_notes": Section.MEDICAL,
    "exploitation_details": Section.EXPLOITATION,
    "legal_notes": Section.LEGAL,
    "unlawful_acts": Section.UNLAWFUL_ACTS,
}


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ExploitationType(models.TextChoices):
        """HTCDS `vic_TypeOfExploitation`, stored by its value names, with two local values:
        forced criminality (casework.md §2.4; exported as HTCDS "Other" with the local value
        beside it, `htcds/export.py`) and "not known yet" (exported as no value)."""

        FORCED_LABOUR = "ForcedLabour", _("Forced labour")
        SEXUAL_EXPLOITATION = "SexualExploitation", _("Sexual exploitation")
        CHILD_LABOUR = "ChildLabour", _("Child labour")
        FORCED_MARRIAGE = "ForcedMarriage", _("Forced marriage")
        SERVITUDE = "Servitude", _("Servitude")
        FORCED_MILITARY = (
            "ForcedMilitaryByNonStateActors",
            _("Forced military (by non-state actors)"),
        )
        ORGAN_REMOVAL = "OrganRemoval", _("Organ removal")
        FORCED_BEGGING = "ForcedBegging", _("Forced begging")
        FORCED_ADOPTION = "ForcedAdoption", _("Forced adoption")
        SURROGACY = "Surrogacy", _("Surrogacy")
        OTHER = "Other", _("Other")
        FORCED_CRIMINALITY = "ForcedCriminality", _("Forced criminality")
        UNKNOWN = "Unknown", _("Not known yet")

    class Stage(models.TextChoices):
        """Where the work with the client stands (casework.md §3.3); `status` is the coarse
        open/closed beside it."""

        PRESUMED = "presumed", _("Presumed victim")
        OPEN = "open", _("Open")
        ASSESSMENT = "assessment", _("Assessment")
        PLAN_PENDING_APPROVAL = "plan_pending_approval", _("Plan awaiting approval")
        SERVICES = "services", _("Services")
        REINTEGRATION = "reintegration", _("Reintegration")
        MONITORING = "monitoring", _("Monitoring")
        CLOSURE_PENDING = "closure_pending", _("Closure awaiting approval")
        CLOSED = "closed", _("Closed")
        TRANSFERRED = "transferred", _("Transferred")

    class ClosureReason(models.TextChoices):
        # HTCDS cas_ReasonForCaseClosure, merged from OSCaR's exit reasons and Primero's
        # closure form (casework.md §2.7).
        GOALS_ACHIEVED = "goals_achieved", _("Goals achieved; no longer needs support")
        REFUSED_SERVICE = "refused_service", _("The person refused services")
        MOVED_IN_COUNTRY = "moved_in_country", _("Moved out of the area, within the country")
        MOVED_ABROAD = "moved_abroad", _("Moved abroad")
        TRANSFERRED = "transferred", _("Transferred to another agency")
        REPATRIATED = "repatriated", _("Repatriated")
        LOST_CONTACT = "lost_contact", _("Lost contact")
        DIED = "died", _("Died")
        NOT_A_VICTIM_REFERRED = (
            "not_a_victim_referred_elsewhere",
            _("Not identified as a victim; referred elsewhere"),
        )
        OTHER = "other", _("Other")

    global_id = models.UUIDField(_("global id"), default=uuid.uuid4, unique=True, editable=False)
    # Country code, year and sequence: nothing derived from a name.
    case_number = models.CharField(_("case number"), max_length=20, unique=True)
    client = models.ForeignKey(
        "casework.Client", on_delete=models.PROTECT, related_name="cases", verbose_name=_("client")
    )
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    owner_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner agency"),
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    # The explicit need-to-know list beside the case worker.
    team_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("team members")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    exploitation_type = models.CharField(
        _("type of exploitation"),
        max_length=32,
        choices=ExploitationType.choices,
        default=ExploitationType.UNKNOWN,
    )
    # Where the person was exploited (ISO 3166 code; blank when not known): ACTIP's "country
    # of exploitation" and HTCDS's `CountryOfExploitation`.
    exploitation_country = models.CharField(
        _("country of exploitation"),
        max_length=2,
        blank=True,
        validators=[country_code_validator],
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.OPEN)
    # Moved by each change of stage (`transitions.fire`): of two people acting on the case at
    # once, the second is told rather than overwriting the first.
    version = models.PositiveIntegerField(_("version"), default=0)
    # The stage a closure was asked from, to return to when the closure is rejected.
    stage_before_closure = models.CharField(
        _("stage before closure"), max_length=24, choices=Stage.choices, blank=True
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=40, choices=ClosureReason.choices, blank=True
    )
    closure_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closure approved by"),
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # --- sealed sections, every column under `data_key_id` ---
    data_key_id = models.CharField(_("data key"), max_length=32, db_index=True)
    safe_location_sealed = models.BinaryField(null=True, blank=True)
    safety_risk_level_sealed = models.BinaryField(null=True, blank=True)
    safety_notes_sealed = models.BinaryField(null=True, blank=True)
    medical_notes_sealed = models.BinaryField(null=True, blank=True)
    exploitation_details_sealed = models.BinaryField(null=True, blank=True)
    legal_notes_sealed = models.BinaryField(null=True, blank=True)
    unlawful_acts_sealed = models.BinaryField(null=True, blank=True)
    # When retention cleared its sealed sections, notes and attachments (casework.md §7.5).
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["owner_agency", "status"], name="case_agency_status"),
            models.Index(fields=["country", "status"], name="case_country_status"),
            # The case lists, newest first, page by page without sorting every case.
            models.Index(fields=["owner_agency", "-opened_on", "-id"], name="case_agency_newest"),
            models.Index(fields=["country", "-opened_on", "-id"], name="case_country_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="casework_case_closed_on_when_closed",
                violation_error_message=_("A closed case has a closing date, and only then."),
            ),
            # The coarse status follows the stage (a transferred case's status is its
            # transfer's to decide).
            models.CheckConstraint(
                condition=Q(stage="closed", status="closed")
                | Q(stage="transferred")
                | (~Q(stage__in=["closed", "transferred"]) & Q(status="open")),
                name="casework_case_status_follows_stage",
                violation_error_message=_("A case is closed in its closed stage, and only then."),
            ),
        ]

    def __str__(self) -> str:
        # The case number only: it names no one.
        return self.case_number or gettext("New case")


class CaseNumberSequence(models.Model):
    """The last case number given in a country and year (locked while a case is opened)."""

    country = models.ForeignKey("programs.Country", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="casework_case_number_year")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.year}: {self.last}"


class CaseNote(models.Model):
    """A note on a case, in one section (so a legal officer reads the legal notes only)."""

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case")
    )
    section = models.CharField(
        _("section"),
        max_length=20,
        choices=[
            (s.value, s.label) for s in Section if s not in (Section.SUMMARY, Section.IDENTITY)
        ],
        default=Section.NOTES,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"))
    data_key_id = models.CharField(max_length=32, db_index=True)
    text_sealed = models.BinaryField()

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self) -> str:
        return f"Case note {self.pk or '-'}"


class BreakGlassGrantQuerySet(models.QuerySet):
    """Statuses as filters, the same rules as `BreakGlassGrant.status` (computed when read:
    nothing marks a grant overdue)."""

    def with_status(self, status: str, now: dt.datetime | None = None) -> BreakGlassGrantQuerySet:
        now = now or timezone.now()
        if status in BreakGlassGrant.Review.values:
            return self.filter(review_outcome=status)
        unreviewed = self.filter(review_outcome="")
        due = now - dt.timedelta(hours=settings.CASEWORK_BREAK_GLASS_REVIEW_HOURS)
        if status == BreakGlassGrant.Status.RUNNING:
            return unreviewed.filter(expires_at__gt=now)
        if status == BreakGlassGrant.Status.OVERDUE:
            return unreviewed.filter(expires_at__lte=now, granted_at__lt=due)
        if status == BreakGlassGrant.Status.AWAITING_REVIEW:
            return unreviewed.filter(expires_at__lte=now, granted_at__gte=due)
        raise ValueError(f"{status!r} is not a status of a break-glass grant.")

    def counts(self, now: dt.datetime | None = None) -> dict[str, int]:
        """How many uses are unreviewed, overdue for review and not justified (one query)."""
        now = now or timezone.now()
        due = now - dt.timedelta(hours=settings.CASEWORK_BREAK_GLASS_REVIEW_HOURS)
        unreviewed = Q(review_outcome="")
        return self.aggregate(
            unreviewed=models.Count("id", filter=unreviewed),
            overdue=models.Count(
                "id", filter=unreviewed & Q(expires_at__lte=now, granted_at__lt=due)
            ),
            not_justified=models.Count("id", filter=Q(review_outcome="not_justified")),
        )


class BreakGlassGrant(models.Model):
    """Emergency read access of one user to one case of another agency, for 4 hours (§6.4)."""

    class Reason(models.TextChoices):
        IMMINENT_HARM = "imminent_harm", _("Imminent harm")
        MEDICAL_EMERGENCY = "medical_emergency", _("Medical emergency")
        MISSING_CHILD = "missing_child", _("Missing child")
        OTHER = "other", _("Other")

    class Review(models.TextChoices):
        JUSTIFIED = "justified", _("Justified")
        NOT_JUSTIFIED = "not_justified", _("Not justified")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        AWAITING_REVIEW = "awaiting_review", _("Ended, awaiting review")
        OVERDUE = "overdue", _("Overdue for review")
        JUSTIFIED = "justified", _("Justified")
        NOT_JUSTIFIED = "not_justified", _("Not justified")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    # The agency the user acted for when opening the case.
    agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="break_glass_grants", verbose_name=_("case")
    )
    reason_code = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # Why, in the user's words: sealed like a case note, since it may describe the person.
    reason_sealed = models.BinaryField()
    data_key_id = models.CharField(max_length=32, db_index=True)
    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    granted_at = models.DateTimeField(_("granted"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_outcome = models.CharField(
        _("review"), max_length=20, choices=Review.choices, blank=True
    )
    # The reviewer's comment, sealed like the reason: it may say why the person was at risk.
    review_note_sealed = models.BinaryField(null=True, blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")

    def __str__(self) -> str:
        return f"Break-glass {self.pk or '-'}"

    def review_due_at(self) -> dt.datetime:
        return self.granted_at + dt.timedelta(hours=settings.CASEWORK_BREAK_GLASS_REVIEW_HOURS)

    def status(self, now: dt.datetime | None = None) -> str:
        """Where the use stands: reviewed (justified or not), else running, else waiting for
        its review, else overdue (no review within the review period). Computed when read;
        `BreakGlassGrantQuerySet.with_status` filters by the same rules."""
        now = now or timezone.now()
        if self.review_outcome:
            return self.review_outcome
        if self.expires_at > now:
            return self.Status.RUNNING
        if self.review_due_at() < now:
            return self.Status.OVERDUE
        return self.Status.AWAITING_REVIEW
