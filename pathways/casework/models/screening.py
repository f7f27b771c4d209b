"""First contact: indicator sets (versioned data, casework.md §4), a country's casework
settings, group rosters of mass returns and the screenings themselves (§2.4, §3.1).

A screening keeps its tier-1 facts in clear (where, by whom, sex, age band, nationality,
consent, the state of its workflow, the rule's suggestion) and its tier-3 content sealed like
a case's sections (`sealing.py`, kind "screening"): the answers as one value, the
exploitation notes, acts the person says they were compelled to commit, and the reasons a
screener gave for overriding the rule or voiding the screening.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.registry import Client, country_code_validator

# The screening's sealed columns, each `<name>_sealed`.
SCREENING_SEALED_FIELDS = (
    "answers",
    "exploitation_notes",
    "unlawful_acts",
    "override_reason",
    "void_reason",
    # From a group's roster (`services/roster.py`): the names as written, in any script,
    # the date of birth when given (ISO) and the roster's notes on the person.
    "name",
    "other_name",
    "birthdate",
    "roster_notes",
)


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


class IndicatorSet(models.Model):
    """One version of a set of indicators (or of a consent script), loaded from a file of
    `pathways/casework/indicator_sets/` (`indicators.load_file`) and never changed after:
    screenings keep pointing at the version they used."""

    class Kind(models.TextChoices):
        INDICATORS = "indicators", _("Indicators")
        CONSENT = "consent", _("Consent script")

    class Population(models.TextChoices):
        ADULT = "adult", _("Adults")
        CHILD = "child", _("Children")
        ANY = "any", _("Anyone")

    class Exploitation(models.TextChoices):
        LABOUR = "labour", _("Labour exploitation")
        SEXUAL = "sexual", _("Sexual exploitation")
        CRIMINALITY = "criminality", _("Forced criminality")
        ANY = "any", _("Any")

    code = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty for a set used in any country."),
    )
    population = models.CharField(_("population"), max_length=8, choices=Population.choices)
    exploitation = models.CharField(_("exploitation"), max_length=12, choices=Exploitation.choices)
    title = models.JSONField(_("title"), default=dict, help_text=_("Language code -> text."))
    source = models.TextField(_("source"))
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    translation_reviews = models.JSONField(_("translation reviews"), default=dict, blank=True)
    dimensions = models.JSONField(_("dimensions"), default=list, blank=True)
    rule = models.JSONField(_("combination rule"), default=dict, blank=True)
    script = models.JSONField(_("consent script"), default=dict, blank=True)
    consent_items = models.JSONField(_("consent items"), default=list, blank=True)
    # The file's content as loaded: a file changed without a new version is reported.
    content_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)

    class Meta:
        ordering = ["code", "-loaded_at"]
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="casework_indicatorset_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def awaits_review(self) -> bool:
        """Until a national counterpart signs it off, the screening page says so and the
        rule's suggestion is labelled as coming from an unreviewed set."""
        return not self.reviewed_by


class ScreeningIndicator(models.Model):
    class Strength(models.TextChoices):
        STRONG = "strong", _("Strong")
        MEDIUM = "medium", _("Medium")
        WEAK = "weak", _("Weak")

    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("indicator set"),
    )
    code = models.CharField(_("code"), max_length=40)
    dimension = models.CharField(_("dimension"), max_length=60)
    strength = models.CharField(_("strength"), max_length=8, choices=Strength.choices)
    question = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help for the screener"), default=dict, blank=True)
    child_wording = models.JSONField(_("wording for a child"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        ordering = ["indicator_set", "order"]
        verbose_name = _("screening indicator")
        verbose_name_plural = _("screening indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "code"], name="casework_indicator_code_per_set"
            )
        ]

    def __str__(self) -> str:
        return self.code


class ScreeningGroup(models.Model):
    """The roster of a mass return (e.g. people released from scam compounds handed over at
    a border): one screening per person, minimal fields first, interviews later."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agency"),
    )
    arrived_on = models.DateField(_("arrived on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-arrived_on", "-id"]
        verbose_name = _("screening group")
        verbose_name_plural = _("screening groups")

    def __str__(self) -> str:
        return self.name


class Screening(models.Model):
    """One encounter with one person (casework.md §2.4); its workflow is
    `transitions.SCREENING` (§3.1)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INDICATORS_PRESENT = "indicators_present", _("Indicators present")
        NO_INDICATORS = "no_indicators", _("No indicators")
        PRESUMED_VICTIM = "presumed_victim", _("Presumed victim")
        DECLINED_BY_PERSON = "declined_by_person", _("Declined by the person")
        CLOSED_NO_INDICATORS = "closed_no_indicators", _("Closed, no indicators")
        DUPLICATE = "duplicate", _("Duplicate")
        VOIDED = "voided", _("Voided")

    class LocationType(models.TextChoices):
        BORDER_CHECKPOINT = "border_checkpoint", _("Border checkpoint")
        IMMIGRATION_DETENTION = "immigration_detention", _("Immigration detention")
        POLICE_STATION = "police_station", _("Police station")
        SHELTER = "shelter", _("Shelter")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        HOTLINE = "hotline", _("Hotline")
        OUTREACH = "outreach", _("Outreach")
        EMBASSY_CONSULATE = "embassy_consulate", _("Embassy or consulate")
        HOSPITAL = "hospital", _("Hospital")
        ONLINE = "online", _("Online")

    class Consent(models.TextChoices):
        YES = "yes", _("Consents to the interview")
        NO = "no", _("Does not consent")
        REFUSED = "refused", _("Refused to answer")

    class Outcome(models.TextChoices):
        PRESUMED_VICTIM = "presumed_victim", _("Presumed victim")
        INDICATORS_PRESENT = "indicators_present", _("Indicators present")
        NO_INDICATORS = "no_indicators", _("No indicators")

    class Need(models.TextChoices):
        MEDICAL = "medical", _("Medical care")
        SHELTER = "shelter", _("Shelter")
        FOOD = "food", _("Food")
        INTERPRETER = "interpreter", _("Interpreter")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        CONSULAR = "consular", _("Consular assistance")

    global_id = models.UUIDField(_("global id"), default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    screening_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("screening agency"),
    )
    screener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screener"),
    )
    screened_at = models.DateTimeField(_("screened at"))
    state = models.CharField(
        _("state"), max_length=24, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # Moved by every action (`transitions.fire`): the second of two people acting at once
    # is told, and nothing the first wrote is lost.
    version = models.PositiveIntegerField(_("version"), default=0)

    # --- kept when the person refuses the interview (with the record's own who and when) ---
    location_type = models.CharField(
        _("type of location"), max_length=24, choices=LocationType.choices
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Client.Sex.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=Client.AgeBand.choices)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[country_code_validator]
    )

    # --- the interview ---
    province = models.CharField(_("province"), max_length=100, blank=True)
    interview_language = models.CharField(_("interview language"), max_length=10, blank=True)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    child_friendly_procedure = models.BooleanField(_("child-friendly procedure"), default=False)
    is_group_screening = models.BooleanField(_("group screening"), default=False)
    group = models.ForeignKey(
        ScreeningGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("group"),
    )
    # HTCDS con_Consent, its checklist as separate answers (the IOM screening form's items).
    consent_to_interview = models.CharField(
        _("consent to the interview"), max_length=8, choices=Consent.choices, blank=True
    )
    informed_of_purpose = models.BooleanField(_("informed of the purpose"), default=False)
    informed_of_data_use = models.BooleanField(_("informed of the use of data"), default=False)
    informed_of_research_use = models.BooleanField(
        _("informed of research use of non-identifying data"), default=False
    )
    informed_of_access_own_data = models.BooleanField(
        _("informed of the right to their own data"), default=False
    )
    informed_of_retention = models.BooleanField(
        _("informed of how long data is kept"), default=False
    )
    informed_of_withdrawal = models.BooleanField(
        _("informed of how to withdraw consent"), default=False
    )
    consent_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent script read"),
    )
    indicator_set = models.ForeignKey(
        IndicatorSet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("indicator set"),
    )
    immediate_needs = models.JSONField(_("immediate needs"), default=list, blank=True)
    urgent_referral_made = models.BooleanField(_("urgent referral made"), default=False)

    # --- triage ---
    dimensions_met = models.JSONField(_("dimensions met"), default=list, blank=True)
    suggested_outcome = models.CharField(
        _("outcome suggested by the rule"), max_length=20, choices=Outcome.choices, blank=True
    )
    confirmed_outcome = models.CharField(
        _("outcome confirmed"), max_length=20, choices=Outcome.choices, blank=True
    )
    is_override = models.BooleanField(_("rule overridden"), default=False)

    # --- where it led ---
    client = models.ForeignKey(
        "casework.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("client"),
    )
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="screenings",
        verbose_name=_("case"),
    )

    # --- from a group's roster (`services/roster.py`) ---
    roster_row = models.PositiveIntegerField(_("row of the roster"), null=True, blank=True)
    # A registered client whose name (in either script) and birth year match exactly: a
    # suggestion for the screener, shown as a link only to those who may see the client.
    possible_client = models.ForeignKey(
        "casework.Client",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possibly already registered as"),
    )
    # The earlier row of the same roster with the same name and birth year.
    roster_duplicate_row = models.PositiveIntegerField(
        _("same person as row"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # --- sealed (tier 3), every column under `data_key_id` ---
    data_key_id = models.CharField(_("data key"), max_length=32, db_index=True)
    answers_sealed = models.BinaryField(null=True, blank=True)
    exploitation_notes_sealed = models.BinaryField(null=True, blank=True)
    # Acts the person says they were compelled to commit (§2.4): never a reason to screen
    # anyone out; no guard reads it.
    unlawful_acts_sealed = models.BinaryField(null=True, blank=True)
    override_reason_sealed = models.BinaryField(null=True, blank=True)
    void_reason_sealed = models.BinaryField(null=True, blank=True)
    name_sealed = models.BinaryField(null=True, blank=True)
    other_name_sealed = models.BinaryField(null=True, blank=True)
    birthdate_sealed = models.BinaryField(null=True, blank=True)
    roster_notes_sealed = models.BinaryField(null=True, blank=True)
    # When retention cleared the sealed columns (`services/retention.py`).
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    class Meta:
        ordering = ["-screened_at", "-id"]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")
        indexes = [
            models.Index(fields=["screening_agency", "state"], name="screening_agency_state"),
            models.Index(fields=["screener", "-screened_at"], name="screening_screener_newest"),
            models.Index(fields=["group", "roster_row"], name="screening_group_row"),
        ]

    def __str__(self) -> str:
        # An id only: this text reaches logs and error pages.
        return gettext("Screening %(number)s") % {"number": self.pk or "-"}
