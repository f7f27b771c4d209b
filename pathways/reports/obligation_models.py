"""The ACTIP obligations tracker: the Convention's articles, and for each member state a
status per article with the evidence behind it (events, achievements, published statistics
releases). docs/obligations.md says what each status means."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConventionArticle(models.Model):
    """One article of ACTIP, in the Convention's English (see actip_articles.py for which
    titles are confirmed against the text)."""

    number = models.PositiveSmallIntegerField(_("article"), unique=True)
    chapter = models.PositiveSmallIntegerField(_("chapter"))
    chapter_title = models.CharField(_("chapter title"), max_length=200)
    # Empty where the title is not yet recorded: pages then show "Article N" alone.
    title = models.CharField(_("title"), max_length=200, blank=True)
    confirmed = models.BooleanField(_("checked against the Convention's text"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("Convention article")

    def __str__(self) -> str:
        return f"Article {self.number}" + (f": {self.title}" if self.title else "")


class ObligationStatus(models.Model):
    """Where a member state stands on one article. No row means "not assessed"."""

    class Status(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed")
        NOT_MET = "not_met", _("Not yet met")
        PARTLY_MET = "partly_met", _("Partly met")
        MET = "met", _("Met")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member state"),
    )
    article = models.ForeignKey(
        ConventionArticle,
        on_delete=models.PROTECT,
        related_name="statuses",
        verbose_name=_("article"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED
    )
    note = models.TextField(_("note"), blank=True)
    events = models.ManyToManyField(
        "activities.Event", blank=True, related_name="+", verbose_name=_("events")
    )
    achievements = models.ManyToManyField(
        "results.Achievement", blank=True, related_name="+", verbose_name=_("achievements")
    )
    releases = models.ManyToManyField(
        "stats.StatRelease",
        blank=True,
        related_name="+",
        verbose_name=_("statistics releases"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    objects: Any = models.Manager()

    class Meta:
        ordering = ["country__name", "article__number"]
        verbose_name = _("obligation status")
        verbose_name_plural = _("obligation statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "article"], name="obligation_one_per_country_article"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} art. {self.article_id}: {self.status}"
