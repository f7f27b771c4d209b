"""Referral packages received from agencies not on this deployment (casework.md §3.4, external
referral by manual transport): one row per package an agency imported, naming where the
referral came from and the case it opened.

The row holds the origin's tier-1 facts only (the sending agency's name and country, the
referral's global id, the sender's case number, the service and urgency asked for); the
person's identifiers and sections went into the client and the case, sealed there. One
referral is imported once per agency: the global id and the agency are unique together.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.care import ServiceType
from pathways.casework.models.cases import Case, Section
from pathways.casework.models.registry import ValuesIn


class ReferralPackageImport(models.Model):
    # The agency that imported the package and owns the case it opened.
    agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("importing agency"),
    )
    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        related_name="package_origin",
        verbose_name=_("case opened"),
    )
    # The referral as the sending deployment names it (its `Referral.global_id`).
    referral_global_id = models.UUIDField(_("referral's global id"))
    from_agency_name = models.CharField(_("sending agency"), max_length=200)
    from_country = models.CharField(_("sending agency's country"), max_length=2, blank=True)
    from_case_number = models.CharField(_("sender's case number"), max_length=40, blank=True)
    service_type = models.CharField(
        _("service"), max_length=40, choices=ServiceType.choices, blank=True
    )
    urgency = models.CharField(_("urgency"), max_length=10, blank=True)
    respond_by = models.DateTimeField(_("answer due"), null=True, blank=True)
    # What the package held, by `Section` values.
    sections = models.JSONField(
        _("sections received"), default=list, validators=[ValuesIn(tuple(Section.values))]
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("referral package imported")
        verbose_name_plural = _("referral packages imported")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "referral_global_id"],
                name="casework_referral_package_once_per_agency",
                violation_error_message=_("This agency has already imported this referral."),
            )
        ]

    def __str__(self) -> str:
        return gettext("Referral package %(number)s") % {"number": self.pk or "-"}
