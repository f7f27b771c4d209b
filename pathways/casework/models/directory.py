"""The referral network's directory (casework.md §2.1, §2.2): each agency's referral profile
and what services it offers where, for whom.

Nothing here is about a person: every column is tier 1, in clear. The service types are the
care records' (`care.ServiceType`: HTCDS `spl_Type` value names and the local extensions),
so a service delivered and a service referred for are counted alike.

Eligibility is three JSON lists of value names (sexes, age bands as `Client` stores them,
ISO nationalities); an empty list means anyone. They filter the same way on SQLite and
PostgreSQL with `eligible_for` (an exact empty list, or the quoted value inside the list).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.care import ServiceType
from pathways.casework.models.registry import Client, ValuesIn

# An ISO 3166 code, as `Client.nationality` holds it.
NATIONALITY = r"[A-Z]{2}"

__all__ = ["AgencyProfile", "ServiceDirectoryEntry", "ServiceType"]


class AgencyProfile(models.Model):
    """An organisation as a member of the referral network: its HTCDS type, how to reach it,
    whether it takes referrals, and its data-sharing agreement. Referrals to it are blocked
    once the agreement has expired (or when it has none)."""

    class OrgType(models.TextChoices):
        """HTCDS `org_Type` value names."""

        NGO = "NGO", _("NGO")
        LAW_ENFORCEMENT = "LawEnforcement", _("Law enforcement")
        HEALTH = "HealthServiceOrganisation", _("Health service organisation")
        CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation", _("Central government")
        LOCAL_GOVERNMENT = "LocalGovernmentOrganisation", _("Local government")
        IMMIGRATION = "ImmigrationService", _("Immigration service")
        LEGAL = "LegalService", _("Legal service")
        BUSINESS = "CorporateBusiness", _("Corporate business")
        SCHOOL = "SchoolOrCollege", _("School or college")

    organisation = models.OneToOneField(
        "programs.Organisation",
        on_delete=models.CASCADE,
        related_name="referral_profile",
        verbose_name=_("agency"),
    )
    htcds_type = models.CharField(_("type (HTCDS)"), max_length=32, choices=OrgType.choices)
    phone = models.CharField(
        _("phone"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+[1-9][0-9]{6,14}$",
                _("Enter the number in international form, digits only: +85523123456."),
            )
        ],
        help_text=_("International form (E.164): +85523123456."),
    )
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=False)
    is_nrm_member = models.BooleanField(
        _("member of the national referral mechanism"),
        default=False,
        help_text=_("Has signed the national data-sharing protocol."),
    )
    referral_contact_role = models.CharField(
        _("who receives referrals"),
        max_length=100,
        blank=True,
        help_text=_("A role, not a person's name: “Intake officer”."),
    )
    # The signed agreement itself stays with the agencies: a case's attachments belong to a
    # case, and this document belongs to none. Its reference and dates decide.
    data_sharing_agreement_reference = models.CharField(
        _("data-sharing agreement"),
        max_length=200,
        blank=True,
        help_text=_("The agreement's reference number or title."),
    )
    data_sharing_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    data_sharing_expires_on = models.DateField(
        _("agreement expires on"),
        null=True,
        blank=True,
        help_text=_("No referral can be offered to the agency after this day."),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("agency referral profile")
        verbose_name_plural = _("agency referral profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(data_sharing_expires_on__isnull=True)
                | Q(data_sharing_signed_on__isnull=True)
                | Q(data_sharing_expires_on__gt=models.F("data_sharing_signed_on")),
                name="casework_agency_agreement_expires_after_signing",
                violation_error_message=_("An agreement expires after the day it was signed."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def agreement_current_on(self, day) -> bool:
        """Whether a referral may be offered to the agency on `day` as far as the agreement
        goes: one is recorded and has not expired."""
        return bool(self.data_sharing_agreement_reference) and (
            self.data_sharing_expires_on is None or day <= self.data_sharing_expires_on
        )


class ServiceDirectoryEntryQuerySet(models.QuerySet):
    def eligible_for(
        self, *, sex: str = "", age_band: str = "", nationality: str = ""
    ) -> ServiceDirectoryEntryQuerySet:
        """Entries open to a person of this sex, age band and nationality (an empty value
        does not filter). Works alike on SQLite and PostgreSQL: a JSON list is either exactly
        empty (anyone) or holds the value, quoted."""
        found = self
        for name, value in (
            ("sexes", sex),
            ("age_bands", age_band),
            ("nationalities", nationality),
        ):
            if value:
                found = found.filter(Q(**{name: []}) | Q(**{f"{name}__icontains": f'"{value}"'}))
        return found


class ServiceDirectoryEntry(models.Model):
    """One service an agency offers in one province (or nationwide), and to whom: the
    "refer to" picker and the coordinator's service-gap figures read these."""

    agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.CASCADE,
        related_name="directory_entries",
        verbose_name=_("agency"),
    )
    service_type = models.CharField(_("service"), max_length=40, choices=ServiceType.choices)
    # The scope: the country whose directory lists it (and whose coordinator sees it).
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    province = models.ForeignKey(
        "programs.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
        help_text=_("Empty: the whole country."),
    )
    sexes = models.JSONField(
        _("sexes served"),
        default=list,
        blank=True,
        validators=[ValuesIn(tuple(Client.Sex.values))],
        help_text=_("Empty: anyone."),
    )
    age_bands = models.JSONField(
        _("age bands served"),
        default=list,
        blank=True,
        validators=[ValuesIn(tuple(Client.AgeBand.values))],
        help_text=_("Empty: any age."),
    )
    nationalities = models.JSONField(
        _("nationalities served"),
        default=list,
        blank=True,
        validators=[ValuesIn(pattern=NATIONALITY)],
        help_text=_("Two-letter country codes. Empty: any nationality."),
    )
    capacity_note = models.CharField(_("capacity"), max_length=300, blank=True)
    accepting = models.BooleanField(_("accepting referrals now"), default=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    objects = ServiceDirectoryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["service_type", "agency__name", "id"]
        verbose_name = _("service directory entry")
        verbose_name_plural = _("service directory entries")
        indexes = [
            models.Index(fields=["service_type", "province"], name="directory_service_province"),
            models.Index(fields=["country", "service_type"], name="directory_country_service"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "service_type", "province"],
                name="casework_directory_agency_service_province",
                violation_error_message=_(
                    "This agency already lists this service in this province."
                ),
            ),
            # NULL is distinct in a unique constraint: nationwide entries need their own.
            models.UniqueConstraint(
                fields=["agency", "service_type"],
                condition=Q(province__isnull=True),
                name="casework_directory_agency_service_nationwide",
                violation_error_message=_(
                    "This agency already lists this service for the whole country."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.service_type} {self.province_id or '*'}"
