"""A country's casework settings: the durations of its deadlines (identification, the case's
assessments and plans, referrals between agencies, returns), its retention periods and the
agencies that make formal identifications."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CountryCaseworkSettings(models.Model):
    """A country's casework durations and authorities; a country without a row uses the
    defaults (`settings_for`)."""

    country = models.OneToOneField(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="casework_settings",
        verbose_name=_("country"),
    )
    identification_due_days = models.PositiveSmallIntegerField(
        _("days to formal identification"),
        default=15,
        help_text=_(
            "From a presumed victim's referral for identification to the formal "
            "identification: the protection clock."
        ),
    )
    # The case's deadlines (casework.md §3.3; defaults from OSCaR and the design).
    first_assessment_due_days = models.PositiveSmallIntegerField(
        _("days to the first assessment"),
        default=7,
        help_text=_("From the day a case opens to its first assessment."),
    )
    reassessment_interval_days = models.PositiveSmallIntegerField(
        _("days between assessments"),
        default=180,
        help_text=_("From one assessment of a case to the next."),
    )
    plan_due_days = models.PositiveSmallIntegerField(
        _("days to the care plan"),
        default=14,
        help_text=_("From the day a case opens to its care plan's submission for approval."),
    )
    plan_review_interval_days = models.PositiveSmallIntegerField(
        _("days between care plan reviews"),
        default=90,
        help_text=_("From a care plan's approval to its review."),
    )
    # `manage.py casework_deadlines` reminds the case's workers this many days before a
    # deadline (0: on the day it is due).
    deadline_reminder_days = models.PositiveSmallIntegerField(
        _("days of notice before a deadline"),
        default=2,
        help_text=_(
            "How many days before an identification, assessment, care plan, review or "
            "follow-up is due its case workers are reminded (0: on the day)."
        ),
    )
    # Retention (casework.md §7.5): after these many days, `manage.py casework_retention`
    # pseudonymises what is sealed, keeping tier 1 for statistics.
    closed_case_retention_days = models.PositiveIntegerField(
        _("days a closed case keeps its identifiers"),
        default=3650,
        help_text=_(
            "From a case's closure to the pseudonymisation of its client's identifiers, its "
            "notes, care records and attachments (national law; ten years by default)."
        ),
    )
    no_indicator_screening_retention_days = models.PositiveIntegerField(
        _("days a screening without indicators keeps its answers"),
        default=90,
        help_text=_(
            "From a screening that found no indicators (or was declined) to the clearing of "
            "its names and answers."
        ),
    )
    # Referrals between agencies (casework.md §3.4): the receiver's answer and first contact
    # are due by urgency; the deadline job reminds and escalates on them.
    referral_respond_emergency_hours = models.PositiveSmallIntegerField(
        _("hours to answer an emergency referral"),
        default=2,
        help_text=_("From an emergency referral's offer to the receiving agency's answer."),
    )
    referral_respond_urgent_hours = models.PositiveSmallIntegerField(
        _("hours to answer an urgent referral"),
        default=24,
        help_text=_("From an urgent referral's offer to the receiving agency's answer."),
    )
    referral_respond_routine_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a routine referral"),
        default=3,
        help_text=_("From a routine referral's offer to the receiving agency's answer."),
    )
    referral_first_contact_emergency_hours = models.PositiveSmallIntegerField(
        _("hours to first contact on an emergency referral"),
        default=24,
        help_text=_(
            "From an emergency referral's acceptance to the first contact with the person."
        ),
    )
    referral_first_contact_urgent_hours = models.PositiveSmallIntegerField(
        _("hours to first contact on an urgent referral"),
        default=48,
        help_text=_("From an urgent referral's acceptance to the first contact with the person."),
    )
    referral_first_contact_routine_working_days = models.PositiveSmallIntegerField(
        _("working days to first contact on a routine referral"),
        default=5,
        help_text=_("From a routine referral's acceptance to the first contact with the person."),
    )
    referral_access_after_close_days = models.PositiveSmallIntegerField(
        _("days the receiving agency keeps access after a referral closes"),
        default=30,
        help_text=_(
            "From a referral's closure to the end of the receiving agency's access to the "
            "sections shared with it (a revocation ends it at once)."
        ),
    )
    nationality_verification_days = models.PositiveSmallIntegerField(
        _("days to verify nationality for a return"),
        default=30,
        help_text=_(
            "From the start of a return's nationality verification to its answer, after which "
            "it is escalated (ACTIP Art. 15(3): without undue or unreasonable delay)."
        ),
    )
    consent_override_hours = models.PositiveSmallIntegerField(
        _("hours a consent override lasts"),
        default=72,
        help_text=_("From a consent override to its end, unless it is renewed."),
    )
    # The CTDC contribution file (casework.md §8.1) leaves the system only on a data-sharing
    # agreement with IOM: off until a regional administrator switches it on for the country.
    ctdc_contribution_enabled = models.BooleanField(
        _("CTDC contribution file enabled"),
        default=False,
        help_text=_(
            "Whether a regional administrator may download the country's de-identified CTDC "
            "rows (cases whose people consented to non-identifiable reporting). Switch it on "
            "only once a data-sharing agreement with IOM is signed."
        ),
    )
    # Until an agency is named here, only preliminary decisions can be recorded (§13).
    formal_identifier_agencies = models.ManyToManyField(
        "programs.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("agencies making formal identifications"),
    )

    class Meta:
        verbose_name = _("country casework settings")
        verbose_name_plural = _("country casework settings")

    def __str__(self) -> str:
        return gettext("Casework settings of %(country)s") % {"country": self.country_id}

    @classmethod
    def settings_for(cls, country_id: int) -> CountryCaseworkSettings:
        """The country's row, or (unsaved) the defaults when it has none."""
        found = cls.objects.filter(country_id=country_id).first()
        return found or cls(country_id=country_id)
