"""The case's records (casework.md §2.5, §2.8): assessments against a versioned domain set,
care plans with their goals and the supervisor's approval, services delivered, follow-ups with
due dates, and the trafficking events of the person's journey.

Dates, scores, kinds and states are tier 1, in clear (the work lists and deadlines need them);
every text in someone's words (a domain's note, a plan's objectives, a goal, a follow-up, an
event's description) is sealed like a case note (`sealing.py`), bound to its record. Each record
belongs to one section of the case (`CARE_SECTIONS`): the case team's notes for the care work,
the exploitation section for the trafficking events, so a legal officer or a break-glass reader
sees none of it (`access.permitted_sections`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.cases import Case, Section
from pathways.casework.models.registry import country_code_validator


class AssessmentDomainSet(models.Model):
    """One version of a set of assessment domains, loaded from a file of
    `pathways/casework/domain_sets/` (`domain_sets.load_file`) and never changed after:
    assessments keep the version they used."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=60)
    title = models.JSONField(_("title"), default=dict)
    source = models.TextField(_("source"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    # Score -> {language: label}, and whether a higher score is better or a greater risk.
    scale = models.JSONField(_("scale"), default=dict)
    higher_is_better = models.BooleanField(_("a higher score is better"), default=True)
    # [{"code", "group", "title", "levels": {score: {language: text}}}] in interview order.
    domains = models.JSONField(_("domains"), default=list)
    content_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-loaded_at"]
        verbose_name = _("assessment domain set")
        verbose_name_plural = _("assessment domain sets")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="casework_domainset_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def domain_codes(self) -> list[str]:
        return [d["code"] for d in self.domains]


class CareRecord(models.Model):
    """What every record of the case's care work has: its case, a global id (its sealed values
    are bound to it), who wrote it and when, and the key its sealed columns are under."""

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    data_key_id = models.CharField(max_length=32, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # The sealed columns (each `<name>_sealed`), the kind sealing binds them to and the section
    # of the case they belong to.
    SEALED: tuple[str, ...] = ()
    SEALING_KIND = ""
    SECTION = Section.NOTES

    class Meta:
        abstract = True


class Assessment(CareRecord):
    """One assessment of the person against a domain set: a score per domain (in clear) and a
    note per domain (sealed as one value, domain code -> text)."""

    SEALED = ("notes",)
    SEALING_KIND = "assessment"

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    domain_set = models.ForeignKey(
        AssessmentDomainSet,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("domain set"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("assessor"),
    )
    scores = models.JSONField(_("scores"), default=dict)
    notes_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["case", "-assessed_on"], name="assessment_case_latest")]

    def __str__(self) -> str:
        return f"Assessment {self.pk or '-'}"


class CarePlan(CareRecord):
    """One version of the case's care plan [spl_]. A draft is written, submitted to the
    supervisor, approved (the approved version in force) or returned; a revision is a new
    version that needs approval again, and the one it replaces is superseded once it is."""

    SEALED = ("objectives", "action_plan")
    SEALING_KIND = "careplan"

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Sent back")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    class Type(models.TextChoices):
        # HTCDS spl_Type value names.
        EDUCATION = "Education", _("Education")
        FINANCIAL = "Financial", _("Financial")
        HEALTH = "Health", _("Health")
        LABOUR_REHAB = "LabourExploitationRehabilitation", _("Labour exploitation rehabilitation")
        LEGAL = "Legal", _("Legal")
        LIVELIHOOD = "Livelihood", _("Livelihood")
        RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
        SEXUAL_REHAB = "SexualExploitationRehabilitation", _("Sexual exploitation rehabilitation")
        SOCIAL_CARE = "SocialCare", _("Social care")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="care_plans", verbose_name=_("case")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    plan_type = models.CharField(_("type of plan"), max_length=40, choices=Type.choices)
    planned_end_date = models.DateField(_("planned end date"), null=True, blank=True)
    actual_end_date = models.DateField(_("actual end date"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The approved plan's next review (per-country interval from its approval).
    review_due = models.DateField(_("review due"), null=True, blank=True)
    objectives_sealed = models.BinaryField(null=True, blank=True)
    action_plan_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("care plan")
        verbose_name_plural = _("care plans")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="casework_careplan_number"),
            # At most one version being worked on or waiting: a revision replaces it.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(state__in=["draft", "submitted", "returned"]),
                name="casework_careplan_one_open_version",
            ),
        ]

    def __str__(self) -> str:
        return f"Care plan {self.pk or '-'} v{self.number}"


class Goal(CareRecord):
    """A goal of a care plan version: the domain it serves, what (sealed), the services
    planned (sealed), who is responsible, the target date and how it stands."""

    SEALED = ("description", "services")
    SEALING_KIND = "goal"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    plan = models.ForeignKey(
        CarePlan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("care plan")
    )
    domain = models.CharField(_("domain"), max_length=60)
    responsible = models.CharField(_("responsible"), max_length=200)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    description_sealed = models.BinaryField(null=True, blank=True)
    services_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["target_date", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return f"Goal {self.pk or '-'}"


class ServiceType(models.TextChoices):
    """HTCDS spl_Type value names, and the local extensions of casework.md §2.2."""

    EDUCATION = "Education", _("Education")
    FINANCIAL = "Financial", _("Financial")
    HEALTH = "Health", _("Health")
    LABOUR_REHAB = "LabourExploitationRehabilitation", _("Labour exploitation rehabilitation")
    LEGAL = "Legal", _("Legal")
    LIVELIHOOD = "Livelihood", _("Livelihood")
    RIGHTS_TRAINING = "RightsBasedTraining", _("Rights-based training")
    SEXUAL_REHAB = "SexualExploitationRehabilitation", _("Sexual exploitation rehabilitation")
    SOCIAL_CARE = "SocialCare", _("Social care")
    SHELTER = "Shelter", _("Shelter")
    REPATRIATION = "Repatriation", _("Repatriation")
    INTERPRETATION = "Interpretation", _("Interpretation")
    PSYCHOSOCIAL = "PsychosocialSupport", _("Psychosocial support")
    FAMILY_TRACING = "FamilyTracing", _("Family tracing")
    DOCUMENT_RECOVERY = "DocumentRecovery", _("Document recovery")


class ServiceDelivery(CareRecord):
    """A service the person received: its type, the agency that gave it, when, the outcome;
    a note in words is sealed. A referral completed (or not) by the receiving agency writes
    one back to the sender's case (casework.md §3.4): HTCDS `cas_ReferredOrganisation` is the
    provider, `cas_OutgoingReferralDate` the referral's `offered_at`, and the outcome."""

    SEALED = ("note",)
    SEALING_KIND = "service"

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("Completed")
        ONGOING = "ongoing", _("Ongoing")
        REFUSED = "refused", _("Refused by the person")
        NOT_AVAILABLE = "not_available", _("Not available")
        PARTLY = "partly", _("Delivered in part")
        NOT_COMPLETED = "not_completed", _("Not completed")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="services_delivered", verbose_name=_("case")
    )
    service_type = models.CharField(_("service"), max_length=40, choices=ServiceType.choices)
    provider = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("provider agency"),
    )
    delivered_on = models.DateField(_("delivered on"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    note_sealed = models.BinaryField(null=True, blank=True)
    # The referral whose outcome this is, when written back by the referral machine.
    referral = models.OneToOneField(
        "casework.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="written_back",
        verbose_name=_("referral"),
    )

    class Meta:
        ordering = ["-delivered_on", "-id"]
        verbose_name = _("service delivered")
        verbose_name_plural = _("services delivered")

    def __str__(self) -> str:
        return f"Service {self.pk or '-'}"


class FollowUp(CareRecord):
    """Something to do for the person by a date: what (sealed), when due, when done and by
    whom. Overdue is computed whenever it is read (`care_dates.due_state`)."""

    SEALED = ("what", "outcome")
    SEALING_KIND = "followup"

    class Kind(models.TextChoices):
        # OSCaR's interaction types.
        VISIT = "visit", _("Home or community visit")
        OFFICE = "office", _("Office meeting")
        PHONE = "phone", _("Phone call")
        THIRD_PARTY = "third_party", _("Contact with a third party")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    what_sealed = models.BinaryField(null=True, blank=True)
    outcome_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [models.Index(fields=["case", "done_on", "due_on"], name="followup_case_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, done_by__isnull=True)
                | Q(done_on__isnull=False, done_by__isnull=False),
                name="casework_followup_done_by_whom",
                violation_error_message=_("A follow-up done says when and by whom."),
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up {self.pk or '-'}"


class TraffickingEvent(CareRecord):
    """One stage of the person's journey [hte_]: recruitment, transit or exploitation, where
    (country and province; never a latitude or longitude, §2.5) and when; the description is
    sealed. The case's events in order (`position`) form the chain across countries."""

    SEALED = ("description",)
    SEALING_KIND = "traffickingevent"
    SECTION = Section.EXPLOITATION

    class Kind(models.TextChoices):
        # HTCDS hte_Type value names.
        RECRUITMENT = "Recruitment", _("Recruitment")
        TRANSIT = "Transit", _("Transit")
        EXPLOITATION = "Exploitation", _("Exploitation")

    class SiteType(models.TextChoices):
        SCAM_COMPOUND = "scam_compound", _("Scam compound")
        FISHING_VESSEL = "fishing_vessel", _("Fishing vessel")
        FACTORY = "factory", _("Factory")
        FARM_OR_PLANTATION = "farm_or_plantation", _("Farm or plantation")
        CONSTRUCTION_SITE = "construction_site", _("Construction site")
        KARAOKE_OR_BAR = "karaoke_or_bar", _("Karaoke, bar or massage parlour")
        BROTHEL = "brothel", _("Brothel")
        PRIVATE_HOUSE = "private_house", _("Private house")
        HOTEL_OR_GUESTHOUSE = "hotel_or_guesthouse", _("Hotel or guesthouse")
        BORDER_CROSSING = "border_crossing", _("Border crossing")
        VEHICLE = "vehicle", _("Vehicle in transit")
        ONLINE = "online", _("Online")
        STREET = "street", _("Street or public place")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="trafficking_events", verbose_name=_("case")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, validators=[country_code_validator])
    province = models.CharField(_("province or state"), max_length=120, blank=True)
    site_type = models.CharField(_("type of site"), max_length=24, choices=SiteType.choices)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    description_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("trafficking event")
        verbose_name_plural = _("trafficking events")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "position"], name="casework_traffickingevent_position"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="casework_traffickingevent_dates_in_order",
                violation_error_message=_("An event ends on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"Trafficking event {self.pk or '-'}"


# Every model of this module with sealed columns (sealing, key rotation and the tests of
# "no plaintext" walk them).
CARE_SEALED_MODELS: tuple[type[CareRecord], ...] = (
    Assessment,
    CarePlan,
    Goal,
    ServiceDelivery,
    FollowUp,
    TraffickingEvent,
)
