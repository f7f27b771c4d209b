"""Identification decisions (casework.md §2.6): whether a person is a victim of trafficking,
decided by whom and at what level. A client has one or more; the latest formal one is
authoritative. Its workflow (§3.2) is the table `transitions.IDENTIFICATION_MOVES`, moved by
the services of `services/identification.py`.

Statuses and decision-making organisation types are the HTCDS 2.0 value names
(`vic_TraffickingStatus`, `vic_TraffickingStatusDecisionMakingOrg`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.registry import country_code_validator

IDENTIFICATION_SEALED_FIELDS = ("dissent_note",)


class IdentificationDecision(models.Model):
    class Status(models.TextChoices):
        POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim of trafficking")
        ACTUAL = "ActualVictimOfTrafficking", _("Actual victim of trafficking")
        NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim of trafficking")

    class DecisionMakingOrg(models.TextChoices):
        POLICE = "Police", _("Police")
        NGO = "NGO", _("NGO")
        COURT_OR_PROSECUTION = "CourtOrProsecution", _("Court or prosecution")
        NON_POLICE_GOVERNMENTAL = (
            "NonPoliceGovernmentalOrganization",
            _("Non-police governmental organization"),
        )
        OTHER = "Other", _("Other")

    class Level(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary")
        FORMAL = "formal", _("Formal")
        JUDICIAL = "judicial", _("Judicial")

    class FormUsed(models.TextChoices):
        # Cambodia's Guidelines on Forms and Procedures for Identification of Victims of
        # Human Trafficking (NCCT, 2016): which form, filled in by whom.
        SHORT_JUDICIAL_POLICE = (
            "kh2016_short_judicial_police",
            _("Short interview form — judicial police"),
        )
        SHORT_MOSVY_DOSVY = "kh2016_short_mosvy_dosvy", _("Short interview form — MoSVY/DoSVY")
        SHORT_DIPLOMATIC_MISSION = (
            "kh2016_short_diplomatic_mission",
            _("Short interview form — Cambodian diplomatic mission"),
        )
        DETAILED_JUDICIAL_POLICE = (
            "kh2016_detailed_judicial_police",
            _("Detailed form — judicial police"),
        )
        DETAILED_MOSVY_DOSVY = "kh2016_detailed_mosvy_dosvy", _("Detailed form — MoSVY/DoSVY")
        OTHER = "other", _("Another form")

    class State(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary")
        INTERVIEW_SCHEDULED = "interview_scheduled", _("Interview scheduled")
        IDENTIFIED = "identified", _("Identified")
        NOT_IDENTIFIED = "not_identified", _("Not identified")
        UNDER_REVIEW = "under_review", _("Under review")

    global_id = models.UUIDField(_("global id"), default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    client = models.ForeignKey(
        "casework.Client",
        on_delete=models.PROTECT,
        related_name="identification_decisions",
        verbose_name=_("client"),
    )
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identification_decisions",
        verbose_name=_("case"),
    )
    screening = models.ForeignKey(
        "casework.Screening",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="identification_decisions",
        verbose_name=_("screening"),
    )
    status = models.CharField(_("trafficking status"), max_length=32, choices=Status.choices)
    decision_making_org_type = models.CharField(
        _("decision-making organisation"), max_length=40, choices=DecisionMakingOrg.choices
    )
    decision_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decision agency"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    form_used = models.CharField(
        _("form used"), max_length=40, choices=FormUsed.choices, blank=True
    )
    # ACTIP art. 14(2): a decision of another country's competent authority, recognised.
    recognised_foreign_identification = models.BooleanField(
        _("recognises another country's identification"), default=False
    )
    recognised_issuing_country = models.CharField(
        _("issuing country"), max_length=2, blank=True, validators=[country_code_validator]
    )
    recognised_issuing_agency = models.CharField(_("issuing agency"), max_length=200, blank=True)
    # ACTIP art. 14(3): the country of origin is notified unless the victim objects.
    notify_country_of_origin = models.BooleanField(_("notify the country of origin"), default=False)
    victim_objects_to_notification = models.BooleanField(
        _("the person objects to notification"), default=False
    )
    # The dimensions met (codes of the indicator set), never narrative.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    review_requested = models.BooleanField(_("review requested"), default=False)
    # When the formal identification interview is to take place (schedule_interview).
    interview_scheduled_for = models.DateTimeField(
        _("interview scheduled for"), null=True, blank=True
    )
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.PRELIMINARY
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # The protection clock: a formal identification is due by then (per-country setting).
    formal_identification_due = models.DateField(_("formal identification due"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # --- sealed (tier 3) ---
    data_key_id = models.CharField(_("data key"), max_length=32, db_index=True)
    dissent_note_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("identification decision")
        verbose_name_plural = _("identification decisions")
        indexes = [
            models.Index(fields=["state", "formal_identification_due"], name="identification_due")
        ]

    def __str__(self) -> str:
        return gettext("Identification decision %(number)s") % {"number": self.pk or "-"}

    @property
    def is_authoritative_level(self) -> bool:
        """A formal or judicial decision: the latest such one is the client's identification."""
        return self.level in (self.Level.FORMAL, self.Level.JUDICIAL)


class CountryNotification(models.Model):
    """A task to notify a foreign national's country of origin that they were identified as a
    victim (ACTIP art. 14(3)), or the record that the person objected and it is not sent.
    It names the records and the country only: the notice itself is composed when sent, from
    the fields the treaty allows, never from narrative."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be sent")
        SENT = "sent", _("Sent")
        BLOCKED_BY_OBJECTION = "blocked_by_objection", _("Not sent: the person objects")

    client = models.ForeignKey(
        "casework.Client",
        on_delete=models.PROTECT,
        related_name="country_notifications",
        verbose_name=_("client"),
    )
    decision = models.OneToOneField(
        IdentificationDecision,
        on_delete=models.PROTECT,
        related_name="country_notification",
        verbose_name=_("identification decision"),
    )
    to_country = models.CharField(
        _("country notified"), max_length=2, validators=[country_code_validator]
    )
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("country-of-origin notification")
        verbose_name_plural = _("country-of-origin notifications")
        indexes = [models.Index(fields=["status", "to_country"], name="country_notification_due")]

    def __str__(self) -> str:
        return gettext("Notification %(number)s") % {"number": self.pk or "-"}
