"""Consent (casework.md §2.9, §5): one record per kind of consent a person gave or refused,
never one tick box; and the override that lets a referral go without it, on a legal basis,
for 72 hours.

Kinds, decisions, recipients, sections, methods and dates are tier 1, in clear: the referral
`offer` guard and the exports check them. What is said about the person in words (the
capacity note, the withdrawal note, an override's reason) is sealed like a case note
(`sealing.py`), bound to the record's global id.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.attachments import Attachment
from pathways.casework.models.cases import Section
from pathways.casework.models.registry import ValuesIn

__all__ = ["CONSENT_SEALED_FIELDS", "OVERRIDE_SEALED_FIELDS", "ConsentOverride", "ConsentRecord"]

# The sealed columns, each `<name>_sealed`.
CONSENT_SEALED_FIELDS = ("capacity_note", "withdrawal_note")
OVERRIDE_SEALED_FIELDS = ("reason",)


class ConsentKind(models.TextChoices):
    INTERVIEW = "interview", _("To be interviewed and have the answers recorded")
    SERVICES = "services", _("To receive case management and services")
    SHARE_FOR_REFERRAL = "share_for_referral", _("To share information for a referral")
    TRANSFER_CASE = "transfer_case", _("To move the case to another agency")
    LAW_ENFORCEMENT = (
        "law_enforcement_cooperation",
        _("To share a statement or documents with the police or prosecutors"),
    )
    FAMILY_CONTACT = "family_contact", _("To contact or trace family")
    ORIGIN_NOTIFICATION_OBJECTION = (
        "country_of_origin_notification_objection",
        _("Objects to notifying the country of origin"),
    )
    REPORTING = (
        "reporting_non_identifiable",
        _("To include the case in statistics, without identifying the person"),
    )
    PHOTO_AND_DOCUMENTS = (
        "photo_and_documents",
        _("To keep photos and scanned identity documents"),
    )


class ConsentRecord(models.Model):
    """One consent of one person, of one kind: given or refused, by whom, how, to whom and
    for which sections of the case (for sharing), until when; withdrawn by one action."""

    Kind = ConsentKind

    class Decision(models.TextChoices):
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused")

    class RecipientCategory(models.TextChoices):
        FAMILY = "family", _("Family")
        AUTHORITIES = "authorities", _("Authorities")
        INTERNATIONAL = (
            "international_organisations",
            _("IOM, UNHCR and other international bodies"),
        )
        SERVICE_PROVIDERS = "service_providers", _("Other service providers")

    class GivenBy(models.TextChoices):
        PERSON = "person", _("The person")
        CHILD_AND_GUARDIAN = "child_assent_and_guardian", _("The child's assent and a guardian")
        BEST_INTERESTS = (
            "best_interests_determination",
            _("A best-interests decision of the social-welfare authority"),
        )

    class GuardianRelationship(models.TextChoices):
        PARENT = "parent", _("Parent")
        LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian")
        RELATIVE = "relative", _("Other relative")
        OTHER = "other", _("Other")

    class Method(models.TextChoices):
        VERBAL = "verbal", _("Verbal")
        THUMBPRINT = "thumbprint", _("Thumbprint")
        SIGNATURE = "signature", _("Signature")
        ELECTRONIC = "electronic", _("Electronic")

    # Sealing (`sealing.py`): the sealed columns, the kind each value is bound to, the country.
    SEALED = CONSENT_SEALED_FIELDS
    SEALING_KIND = "consent"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "casework.Client",
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("client"),
    )
    # Empty for a consent given before a case existed (at screening) or for every case.
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("case"),
    )
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=48, choices=ConsentKind.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    # For sharing: to whom (named agencies and/or categories), who is excluded, and which
    # sections of the case (`cases.Section` values) may be shared.
    recipient_agencies = models.ManyToManyField(
        "programs.Organisation", blank=True, related_name="+", verbose_name=_("recipient agencies")
    )
    recipient_categories = models.JSONField(_("recipient categories"), default=list, blank=True)
    excluded_agencies = models.ManyToManyField(
        "programs.Organisation", blank=True, related_name="+", verbose_name=_("excluded agencies")
    )
    sections = models.JSONField(
        _("sections that may be shared"),
        default=list,
        blank=True,
        validators=[ValuesIn(tuple(Section.values))],
    )
    given_by = models.CharField(_("given by"), max_length=32, choices=GivenBy.choices)
    guardian_relationship = models.CharField(
        _("guardian's relationship"),
        max_length=20,
        choices=GuardianRelationship.choices,
        blank=True,
    )
    best_interests_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("best-interests decision approved by"),
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    language = models.CharField(_("language"), max_length=12, help_text=_("A language code."))
    interpreter_used = models.BooleanField(_("through an interpreter"), default=False)
    given_at = models.DateTimeField(_("given"))
    # Empty: until the case closes (casework.md §5.7).
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    evidence = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    data_key_id = models.CharField(max_length=32, db_index=True)
    capacity_note_sealed = models.BinaryField(null=True, blank=True)
    withdrawal_note_sealed = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [
            models.Index(fields=["client", "kind", "-given_at"], name="consent_client_kind_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_by="best_interests_determination")
                | Q(best_interests_approver__isnull=False),
                name="casework_consent_best_interests_approved",
                violation_error_message=_("A best-interests decision names who approved it."),
            ),
            models.CheckConstraint(
                condition=~Q(given_by="child_assent_and_guardian") | ~Q(guardian_relationship=""),
                name="casework_consent_guardian_relationship",
                violation_error_message=_("A guardian's consent says how they are related."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="casework_consent_withdrawal_recorded_by",
                violation_error_message=_("A withdrawal names who recorded it."),
            ),
        ]

    def __str__(self) -> str:
        return f"Consent {self.pk or '-'}"

    @property
    def sealing_country(self):
        return self.country


class ConsentOverride(models.Model):
    """Sharing without consent, on a legal basis, by a user with the `consent_override`
    capability (casework.md §5.5): it notifies the supervisor and ends at `expires_at`
    (72 hours by default, set by the service) unless renewed."""

    class LegalBasis(models.TextChoices):
        VITAL_INTERESTS = "vital_interests", _("The person's vital interests")
        CHILD_BEST_INTERESTS = "child_best_interests", _("The child's best interests")
        LEGAL_OBLIGATION = "legal_obligation", _("A legal obligation")

    # Sealing (`sealing.py`): the sealed columns, the kind each value is bound to, the country.
    SEALED = OVERRIDE_SEALED_FIELDS
    SEALING_KIND = "consentoverride"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client = models.ForeignKey(
        "casework.Client", on_delete=models.PROTECT, related_name="+", verbose_name=_("client")
    )
    case = models.ForeignKey(
        "casework.Case",
        on_delete=models.PROTECT,
        related_name="consent_overrides",
        verbose_name=_("case"),
    )
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=48, choices=ConsentKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    supervisor_notified = models.BooleanField(_("supervisor notified"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    data_key_id = models.CharField(max_length=32, db_index=True)
    reason_sealed = models.BinaryField()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("consent override")
        verbose_name_plural = _("consent overrides")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("at")),
                name="casework_consent_override_expires_after",
                violation_error_message=_("An override ends after it was made."),
            )
        ]

    def __str__(self) -> str:
        return f"Consent override {self.pk or '-'}"

    @property
    def sealing_country(self):
        return self.country
