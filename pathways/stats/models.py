"""Statistics releases: the only way a count of victims leaves the system (casework.md §8.2).

A release is a snapshot of a country's tables for one year, already suppressed and rounded by
`disclosure.publish_tables`: it holds no exact count of fewer than 11 people and no record.
A casework statistician drafts it, the country's data-protection focal point reviews it, the
statistician publishes it, and from then on it never changes; pages, PDFs, the API and
exports show published releases only.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatReleaseQuerySet(models.QuerySet["StatRelease"]):
    def published(self) -> StatReleaseQuerySet:
        return self.filter(status=StatRelease.Status.PUBLISHED)


class StatRelease(models.Model):
    class Kind(models.TextChoices):
        ACTIP = "actip", _("ACTIP and SOMTC tables")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        RETURNED = "returned", _("Returned by the reviewer")
        REVIEWED = "reviewed", _("Reviewed")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ACTIP)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # The tables as they will be (or were) published: codes, suppressed and rounded cells,
    # medians; never an exact small count (`disclosure.PublishedTable.as_json`).
    tables = models.JSONField(_("tables"), default=list)
    # The medians as published (`disclosure.PublishedMedian.as_json`): a value only over at
    # least 11 cases, the number of cases as a range.
    medians = models.JSONField(_("medians"), default=list, blank=True)
    # When the counts were taken from the records.
    computed_at = models.DateTimeField(_("computed at"))
    # Differentially private counts (the optional mode): the privacy budget spent, else None.
    epsilon = models.FloatField(_("privacy budget (ε)"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects: Any = StatReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "country__name", "-published_at", "-id"]
        verbose_name = _("statistics release")
        verbose_name_plural = _("statistics releases")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="stats_release_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.country_id} {self.year} ({self.status})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
