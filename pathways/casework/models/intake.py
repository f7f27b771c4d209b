"""Intake searches: who searched for an existing client, when, with which kinds of key and
how many records matched, never the values searched for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeSearch(models.Model):
    """One search before registering a person. Also the rate limit's counter: a user's
    searches of the last ten minutes are counted here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # A plain id like the access log's: the log outlives the agency row.
    agency_id = models.BigIntegerField(_("agency id"), null=True, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)
    # The kinds of key used ("name", "phone", "identity_number", "birth_year"), no values.
    kinds = models.JSONField(_("kinds of key"), default=list)
    matches = models.PositiveIntegerField(_("matching records"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("intake search")
        verbose_name_plural = _("intake searches")
        indexes = [models.Index(fields=["user", "at"], name="intake_search_user_at")]

    def __str__(self) -> str:
        return f"Intake search {self.pk or '-'}"
