"""Moving a case: a transfer of its ownership to another agency (casework.md §3.5) and a
return of the person across a border (§3.6), whose hand-over is a referral to an agency of
the home country.

States and dates are tier 1, in clear; a transfer's reason in words, and the words of its
decision (why rejected or revoked), are sealed like a case note (`sealing.py`), bound to the
transfer's global id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.consent import ConsentRecord
from pathways.casework.models.referrals import Referral

__all__ = ["TRANSFER_SEALED_FIELDS", "ReturnRequest", "Transfer"]

# The sealed columns, each `<name>_sealed`.
TRANSFER_SEALED_FIELDS = ("reason", "decision_note")


class Transfer(models.Model):
    """A request to move a case's ownership to another agency, with the person's consent of
    kind `transfer_case`; on acceptance the old owner keeps a read-only summary."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    # Sealing (`sealing.py`): the sealed columns, the kind each value is bound to, the country.
    SEALED = TRANSFER_SEALED_FIELDS
    SEALING_KIND = "transfer"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="transfers", verbose_name=_("case")
    )
    from_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("from agency"),
    )
    to_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("to agency"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    consent_record = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("consent"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    # The case worker when the case moved: with the old owner's case supervisors, they keep
    # reading the case's summary (`access_transfers.former_owner_filter`).
    from_case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case worker before the transfer"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    data_key_id = models.CharField(max_length=32, db_index=True)
    reason_sealed = models.BinaryField(null=True, blank=True)
    decision_note_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [
            models.Index(fields=["to_agency", "status"], name="transfer_to_status"),
            # The old owner's summary of the cases it transferred (`access_transfers`).
            models.Index(fields=["from_agency", "status"], name="transfer_from_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="requested"),
                name="casework_transfer_one_open_per_case",
                violation_error_message=_("This case already has a transfer waiting."),
            ),
            models.CheckConstraint(
                condition=~Q(to_agency=models.F("from_agency")),
                name="casework_transfer_to_another_agency",
                violation_error_message=_("A case is transferred to another agency."),
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer {self.pk or '-'}"

    @property
    def sealing_country(self):
        return self.country


class ReturnRequest(models.Model):
    """A person's return from the country holding the case to their home country: nationality
    verification (due `verification_due`), travel documents, the date, then the hand-over,
    which is `handover_referral` to an agency of the home country (under both scopes)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        NATIONALITY_VERIFICATION = "nationality_verification", _("Nationality verification")
        DOCUMENTS_PENDING = "documents_pending", _("Travel documents pending")
        RETURN_SCHEDULED = "return_scheduled", _("Return scheduled")
        HANDED_OVER = "handed_over", _("Handed over")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn by the person")
        ON_HOLD = "on_hold", _("On hold for a safety risk")

    class ClosedReason(models.TextChoices):
        RETURNED = "returned", _("Returned and handed over")
        NOT_NATIONAL = "not_national", _("Not a national of the country of return")

    class HoldReason(models.TextChoices):
        """Why a return is on hold (ACTIP Art. 15(1)-(2): due regard for the person's
        safety); codes only, the details belong in the case's safety notes."""

        THREAT_FROM_TRAFFICKERS = "threat_from_traffickers", _("Threat from traffickers")
        FAMILY_INVOLVED = "family_involved", _("Family suspected of involvement")
        UNSAFE_AT_HOME = "unsafe_at_home", _("Unsafe conditions in the home area")
        HEALTH = "health", _("Health does not allow travel")
        LEGAL_PROCEEDINGS = "legal_proceedings", _("Needed for legal proceedings")
        OTHER = "other", _("Other safety risk")

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, related_name="returns", verbose_name=_("case")
    )
    from_country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("returning from"),
    )
    to_country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("returning to"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.REQUESTED
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # Set when verification starts (the country's days, ACTIP Art. 15(3)).
    verification_due = models.DateField(_("verification due"), null=True, blank=True)
    # When the deadline job escalated a late verification (it escalates once).
    verification_escalated_at = models.DateTimeField(
        _("verification overdue, escalated"), null=True, blank=True
    )
    scheduled_on = models.DateField(_("return on"), null=True, blank=True)
    handover_referral = models.ForeignKey(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hand-over referral"),
    )
    closed_reason = models.CharField(
        _("why closed"), max_length=16, choices=ClosedReason.choices, blank=True
    )
    # The status a hold was put on from, to resume to.
    on_hold_from = models.CharField(
        _("on hold from"), max_length=24, choices=Status.choices, blank=True
    )
    # The person's consent the request relied on (kind `transfer_case`, §5).
    consent_record = models.ForeignKey(
        ConsentRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returns",
        verbose_name=_("consent"),
    )
    hold_reason = models.CharField(
        _("why on hold"), max_length=24, choices=HoldReason.choices, blank=True
    )
    on_hold_at = models.DateTimeField(_("put on hold"), null=True, blank=True)
    # The risk assessment (the HTCDS risk set) a case supervisor resumed the return on.
    resumed_on_assessment = models.ForeignKey(
        "casework.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resumed on the risk assessment"),
    )
    # The steps, when each was taken (tier 1: the return page's timeline).
    verification_started_at = models.DateTimeField(_("verification started"), null=True, blank=True)
    verified_at = models.DateTimeField(_("nationality verified"), null=True, blank=True)
    documents_issued_at = models.DateTimeField(_("travel documents issued"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return")
        verbose_name_plural = _("returns")
        indexes = [
            models.Index(fields=["status", "verification_due"], name="return_verification_due"),
            models.Index(fields=["to_country", "status"], name="return_to_country_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_country=models.F("from_country")),
                name="casework_return_across_a_border",
                violation_error_message=_("A return goes to another country."),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(closed_reason=""),
                name="casework_return_closed_with_reason",
                violation_error_message=_("A closed return says why."),
            ),
            models.CheckConstraint(
                condition=~Q(status="on_hold") | ~Q(on_hold_from=""),
                name="casework_return_on_hold_from",
                violation_error_message=_("A return on hold keeps the step it was at."),
            ),
        ]

    def __str__(self) -> str:
        return f"Return {self.pk or '-'}"
