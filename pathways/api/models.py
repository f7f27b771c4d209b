"""API tokens: a random secret shown once, stored only as its SHA-256 hash.

A token reads `pw_<prefix>_<secret>`. The prefix is stored in clear so a token can be found
(and named when it is revoked) without the secret; the whole token is hashed. A token works
only while its user keeps the password they had when it was made (`password_fingerprint`):
whoever changes a password because it leaked also ends the tokens made with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    password_fingerprint = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name})" if self.name else self.prefix

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.ended_by_password_change

    @property
    def ended_by_password_change(self) -> bool:
        return self.password_fingerprint != self.user.password_fingerprint


class ApiRequestCount(models.Model):
    """Requests of one token in one rate-limit window, when the count is kept in the main
    database (`API_RATE_STORE = "database"`, the default with PostgreSQL). Written only by
    `pathways.api.ratelimit`, one statement per request."""

    bucket = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    hits = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bucket", "window_start"], name="api_request_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bucket} @ {self.window_start}: {self.hits}"
