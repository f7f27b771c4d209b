"""Referrals between agencies (casework.md §2.10, §3.4): one case's request for one service
from another agency, gated by consent, with deadlines by urgency, and its threaded log.

The referral is a grant, not a copy (Primero's model): the receiving agency reads the
`shared_sections` of the sender's case while the referral is accepted or in progress and
until `access_expires_at` (closure + the country's days), never after a revocation.

States, dates, codes and the sections are tier 1, in clear (work lists, deadlines and the
coordinator's dashboard need them); the words (details, a decline note, the feedback, a
thread's note) are sealed like a case note (`sealing.py`), bound to the record's global id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.care import ServiceType
from pathways.casework.models.cases import Section
from pathways.casework.models.consent import ConsentOverride, ConsentRecord
from pathways.casework.models.registry import ValuesIn

__all__ = ["REFERRAL_SEALED_FIELDS", "REFERRAL_UPDATE_SEALED_FIELDS", "Referral", "ReferralUpdate"]

# The sealed columns, each `<name>_sealed`.
REFERRAL_SEALED_FIELDS = ("details", "decline_note", "feedback")
REFERRAL_UPDATE_SEALED_FIELDS = ("note",)


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        REVOKED = "revoked", _("Revoked")
        CLOSED = "closed", _("Closed")

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency")
        URGENT = "urgent", _("Urgent")
        ROUTINE = "routine", _("Routine")

    class Reason(models.TextChoices):
        """HTCDS `cas_ReasonForOutgoingReferral` value names."""

        ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
        MIGRATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
        OTHER = "Other", _("Other")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity")
        OUT_OF_AREA = "out_of_area", _("Out of our area")
        INELIGIBLE = "ineligible", _("The person is not eligible")
        CONFLICT_OF_INTEREST = "conflict_of_interest", _("Conflict of interest")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        DELIVERED_FULLY = "delivered_fully", _("Service delivered fully")
        DELIVERED_PARTLY = "delivered_partly", _("Service delivered in part")

    class NotCompletedReason(models.TextChoices):
        PERSON_DECLINED = "person_declined", _("The person declined the service")
        LOST_CONTACT = "lost_contact", _("Lost contact with the person")
        CAPACITY = "capacity", _("No capacity after all")
        INELIGIBLE = "ineligible", _("The person is not eligible")

    class RevokeReason(models.TextChoices):
        SENDER = "sender", _("Withdrawn by the sending agency")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("The person withdrew consent")
        OVERRIDE_EXPIRED = "override_expired", _("The consent override ended")

    class Transport(models.TextChoices):
        PATHWAYS = "pathways", _("Through Pathways")
        MANUAL = "manual", _("By encrypted package, answer recorded by hand")

    # Sealing (`sealing.py`): the sealed columns, the kind each value is bound to, the country.
    SEALED = REFERRAL_SEALED_FIELDS
    SEALING_KIND = "referral"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case")
    )
    from_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from agency"),
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referred by"),
    )
    to_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to agency"),
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    service_type = models.CharField(_("service"), max_length=40, choices=ServiceType.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    reason = models.CharField(
        _("reason"), max_length=32, choices=Reason.choices, default=Reason.ADDITIONAL_SERVICES
    )
    # Consent (§5), or an override; the `offer` guard checks that one of them covers the
    # receiving agency and `shared_sections` (a draft may have neither yet).
    consent_record = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent"),
    )
    consent_override = models.ForeignKey(
        ConsentOverride,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("consent override"),
    )
    # `cases.Section` values the receiver may read, chosen by the sender.
    shared_sections = models.JSONField(
        _("sections shared"),
        default=list,
        blank=True,
        validators=[ValuesIn(tuple(Section.values))],
    )
    transport = models.CharField(
        _("transport"), max_length=10, choices=Transport.choices, default=Transport.PATHWAYS
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Moved by each change of status (`transitions.fire`).
    version = models.PositiveIntegerField(_("version"), default=0)

    # --- the deadlines and what happened, in order ---
    offered_at = models.DateTimeField(_("offered"), null=True, blank=True)
    respond_by = models.DateTimeField(_("answer due"), null=True, blank=True)
    # When the deadline job reminded the receiver of the answer due (it reminds once).
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=24, choices=DeclineReason.choices, blank=True
    )
    first_contact_by = models.DateTimeField(_("first contact due"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    first_contact_escalated_at = models.DateTimeField(
        _("first contact overdue, escalated"), null=True, blank=True
    )
    complete_by = models.DateTimeField(_("completion due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    not_completed_reason = models.CharField(
        _("why not completed"), max_length=20, choices=NotCompletedReason.choices, blank=True
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoke_reason = models.CharField(
        _("why revoked"), max_length=20, choices=RevokeReason.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The receiver reads the shared sections until then (closure + the country's days).
    access_expires_at = models.DateTimeField(_("access ends"), null=True, blank=True)
    # An expired offer sent to the NRM coordinator, who may re-route it as a new referral.
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    rerouted_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reroutes",
        verbose_name=_("re-routed from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    data_key_id = models.CharField(max_length=32, db_index=True)
    details_sealed = models.BinaryField(null=True, blank=True)
    decline_note_sealed = models.BinaryField(null=True, blank=True)
    feedback_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            # The receiver's and the sender's lists by status.
            models.Index(fields=["to_agency", "status"], name="referral_to_status"),
            models.Index(fields=["from_agency", "status"], name="referral_from_status"),
            # The deadline job: open offers by answer due, accepted ones by first contact due.
            models.Index(fields=["status", "respond_by"], name="referral_open_respond_by"),
            models.Index(fields=["status", "first_contact_by"], name="referral_first_contact_by"),
            # The receiver's access, checked on every read of a shared section.
            models.Index(fields=["case", "to_agency", "status"], name="referral_case_receiver"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_agency=models.F("from_agency")),
                name="casework_referral_to_another_agency",
                violation_error_message=_("A referral goes to another agency."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(consent_record__isnull=False)
                | Q(consent_override__isnull=False),
                name="casework_referral_consent_or_override",
                violation_error_message=_(
                    "A referral is offered with the person's consent or an override."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="casework_referral_declined_with_reason",
                violation_error_message=_("A declined referral says why."),
            ),
            models.CheckConstraint(
                condition=~Q(status="not_completed") | ~Q(not_completed_reason=""),
                name="casework_referral_not_completed_with_reason",
                violation_error_message=_("A referral not completed says why."),
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""),
                name="casework_referral_completed_with_outcome",
                violation_error_message=_("A completed referral records its outcome."),
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked") | Q(revoked_at__isnull=False),
                name="casework_referral_revoked_when",
                violation_error_message=_("A revoked referral records when."),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk or '-'}"

    @property
    def sealing_country(self):
        return self.country


class ReferralUpdate(models.Model):
    """One entry of a referral's thread: a message between the two agencies, or a change of
    status, a reminder or an escalation written by the services (their notes, if any,
    sealed)."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        STATUS = "status", _("Change of status")
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation")

    # Sealing (`sealing.py`): the sealed columns, the kind each value is bound to, the country.
    SEALED = REFERRAL_UPDATE_SEALED_FIELDS
    SEALING_KIND = "referralupdate"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="updates", verbose_name=_("referral")
    )
    at = models.DateTimeField(_("at"))
    # Empty for what the deadline job writes.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # For a change of status: the status reached.
    status = models.CharField(
        _("status"), max_length=16, choices=Referral.Status.choices, blank=True
    )
    data_key_id = models.CharField(max_length=32, db_index=True)
    note_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral update")
        verbose_name_plural = _("referral updates")

    def __str__(self) -> str:
        return f"Referral update {self.pk or '-'}"

    @property
    def sealing_country(self):
        return self.referral.country
