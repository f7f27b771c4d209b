"""Reviews of the interface's translations, kept in the database so that every host shows
them (the catalog files are each host's own) until an exported .po is committed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.accounts.models import translation_languages


class TranslationReview(models.Model):
    """A native speaker's word on one catalog entry: its text as they accepted or corrected
    it. `msgstr` holds one text per plural form (one for an entry without a plural)."""

    language = models.CharField(_("language"), max_length=8, choices=translation_languages())
    context = models.TextField(_("context"), blank=True)
    msgid = models.TextField(_("English text"))
    msgid_plural = models.TextField(_("English plural"), blank=True)
    msgstr = models.JSONField(_("translation"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        verbose_name = _("translation review")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "context", "msgid"], name="translationreview_one_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.msgid[:60]}"


class TranslationExport(models.Model):
    """One download of a language's .po file with the reviews applied: the audit trail
    names it, and it tells which reviews went out when."""

    language = models.CharField(_("language"), max_length=8, choices=translation_languages())
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exported by"),
    )
    exported_at = models.DateTimeField(_("exported at"))
    reviews = models.PositiveIntegerField(_("reviews applied"))

    class Meta:
        verbose_name = _("translation export")

    def __str__(self) -> str:
        return f"{self.language} .po {self.exported_at:%Y-%m-%d %H:%M}"
