"""Publications: a factsheet, donor workbook or IATI file as it was handed out, kept with
the figures it showed and its exact bytes, so later merges, imports and undos cannot
change what was published (docs/operations.md, "Publishing")."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.accounts.access import scope_for
from pathways.lib.tables import XLSX_TYPE


class PublicationQuerySet(models.QuerySet["Publication"]):
    def visible_to(self, user: Any) -> PublicationQuerySet:
        """Publications of the places whose whole figures the user sees: a country's to
        regional users and the country's own staff, the region's to regional users. A
        partner sees only its own events' figures, so no publication of a whole country."""
        scope = scope_for(user)
        if scope.is_regional:
            return self.all()
        return self.filter(country_id__in=scope.country_ids)


class Publication(models.Model):
    class Kind(models.TextChoices):
        FACTSHEET = "factsheet", _("Factsheet (PDF)")
        WORKBOOK = "workbook", _("Donor workbook (XLSX)")
        IATI = "iati", _("IATI activity file (XML)")

    kind = models.CharField(_("output"), max_length=10, choices=Kind.choices)
    # None: the region (the donor workbook and the IATI file are always the region's).
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    start = models.DateField(_("period start"))
    end = models.DateField(_("period end"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    counted = models.CharField(_("events counted"), max_length=300)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    # None when published at the server's command line without --user.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    figures = models.JSONField(_("figures as published"))
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("file as published"))
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    # A withdrawn publication stays, file and figures unchanged, marked with why.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("publication")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")), name="publication_period"
            ),
            models.CheckConstraint(
                condition=Q(kind="factsheet") | Q(country__isnull=True),
                name="publication_region_exports_have_no_country",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawal_reason="")
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
                name="publication_withdrawn_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        where = self.country.code if self.country_id else "region"
        return f"{self.kind} {where} {self.start}–{self.end} ({self.published_at:%Y-%m-%d})"

    @property
    def media_type(self) -> str:
        return {
            self.Kind.FACTSHEET: "application/pdf",
            self.Kind.WORKBOOK: XLSX_TYPE,
            self.Kind.IATI: "application/xml; charset=utf-8",
        }[self.Kind(self.kind)]

    @property
    def language_name(self) -> str:
        """The language in its own words, as the language menu names it."""
        return dict(settings.LANGUAGES).get(self.language, self.language)

    @property
    def content_is_intact(self) -> bool:
        """The stored bytes still hash to the checksum taken when they were published."""
        return hashlib.sha256(bytes(self.content)).hexdigest() == self.sha256


# The obligations tracker's models live in their own module; imported here so Django finds them.
from pathways.reports.obligation_models import ConventionArticle, ObligationStatus  # noqa: E402

__all__ = ["ConventionArticle", "ObligationStatus", "Publication", "PublicationQuerySet"]
