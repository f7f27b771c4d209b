"""The results framework: indicators with baselines and targets, values reported by hand,
and achievements (narrative results) with their evidence files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pathways.activities.models import Event, Person, Sex
from pathways.programs.models import Translatable
from pathways.results.figures import FigureFilters, Rule

if TYPE_CHECKING:
    from pathways.accounts.models import User


class Indicator(Translatable):
    """A measure of an outcome area: computed from records by a counting rule, or reported
    by hand per country and period."""

    translatable_fields = ("name", "unit", "description")

    class Kind(models.TextChoices):
        COMPUTED = "computed", _("Computed from records")
        REPORTED = "reported", _("Reported by hand")

    outcome_area = models.ForeignKey(
        "programs.OutcomeArea",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("outcome area"),
    )
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: people, events."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    rule = models.CharField(
        _("counting rule"),
        max_length=30,
        choices=Rule.choices,
        blank=True,
        help_text=_("For computed indicators: which figure is counted."),
    )
    filter_event_type = models.CharField(
        _("only events of type"), max_length=20, choices=Event.Type.choices, blank=True
    )
    filter_position = models.CharField(
        _("only people in position"), max_length=20, choices=Person.Position.choices, blank=True
    )
    filter_sex = models.CharField(
        _("only people of sex"), max_length=12, choices=Sex.choices, blank=True
    )
    filter_organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only events led or co-organised by"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["outcome_area__order", "order", "code"]
        verbose_name = _("indicator")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reported", rule="") | Q(kind="computed") & ~Q(rule=""),
                name="indicator_rule_only_when_computed",
                violation_error_message=_(
                    "A computed indicator needs a counting rule; a reported one has none."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.translated()}"

    @property
    def is_computed(self) -> bool:
        return self.kind == self.Kind.COMPUTED

    @property
    def filters(self) -> FigureFilters:
        return FigureFilters(
            event_type=self.filter_event_type or None,
            position=self.filter_position or None,
            sex=self.filter_sex or None,
            organisation=self.filter_organisation_id,
        )


class IndicatorTarget(models.Model):
    """Baseline and target of an indicator for a country (or the region) and a period, or
    for one partner organisation's own events in its country (a partner-level target)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("country"),
        help_text=_("Empty for a regional target."),
    )
    organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_targets",
        verbose_name=_("partner organisation"),
        help_text=_(
            "Empty for a country or regional target. Set for a partner-level target: the "
            "events the organisation runs or co-runs in the country, shown to that partner "
            "instead of the country's target."
        ),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, default=0)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "country__name", "-period_start"]
        verbose_name = _("indicator target")
        # NULL never equals NULL in a unique index (SQLite and PostgreSQL alike), so each
        # kind of target has its own conditional constraint over the columns it sets.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "period_start", "period_end"],
                condition=Q(country__isnull=False, organisation__isnull=True),
                name="target_once_per_country_and_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period_start", "period_end"],
                condition=Q(country__isnull=True),
                name="target_once_per_region_and_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "country", "organisation", "period_start", "period_end"],
                condition=Q(organisation__isnull=False),
                name="target_once_per_partner_and_period",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) | Q(country__isnull=False),
                name="partner_target_in_a_country",
                violation_error_message=_("A partner-level target belongs to a country."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="target_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        where = str(self.country or _("Region"))
        if self.organisation_id:
            where = f"{where} · {self.organisation.short_name}"
        return f"{self.indicator.code} · {where} · {self.period_start}–{self.period_end}"

    def clean(self) -> None:
        super().clean()
        organisation = self.organisation if self.organisation_id else None
        if organisation is not None and organisation.country_id != self.country_id:
            raise ValidationError(
                {
                    "organisation": _(
                        "A partner-level target is for an organisation of the target's country."
                    )
                }
            )


class ReportedValue(models.Model):
    """A value of a hand-reported indicator for one country and period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="reported_values"
    )
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="reported_values",
        verbose_name=_("country"),
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(auto_now=True)
    is_synthetic = models.BooleanField(_("synthetic demo record"), default=False)

    class Meta:
        ordering = ["indicator", "country__name", "-period_start"]
        verbose_name = _("reported value")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "country", "period_start", "period_end"],
                name="reported_value_once_per_country_and_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reported_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.country} · {self.value}"


class ShownText(NamedTuple):
    """An achievement's title and text as a page shows them, and the language they are in."""

    title: str
    text: str
    language: str


class AchievementQuerySet(models.QuerySet["Achievement"]):
    def visible_to(self, user: User) -> AchievementQuerySet:
        """Regional users see every achievement; others those of countries they see.
        Drafts and submissions are seen only by whoever can edit in that country."""
        from pathways.accounts.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        editable = [c for c in scope.country_ids if scope.can_edit_in_country(c)]
        if scope.is_regional:
            return self.filter(Q(status=Achievement.Status.VERIFIED) | Q(country_id__in=editable))
        visible = set(scope.country_ids) | {
            c for c in scope.organisation_countries.values() if c is not None
        }
        return self.filter(
            Q(country_id__in=visible, status=Achievement.Status.VERIFIED)
            | Q(country_id__in=editable)
        )


class Achievement(models.Model):
    """A narrative result with partners, as a factsheet reports it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for verification")
        VERIFIED = "verified", _("Verified")

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    date = models.DateField(_("date"))
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.PROTECT,
        related_name="achievements",
        verbose_name=_("country"),
    )
    outcome_area = models.ForeignKey(
        "programs.OutcomeArea",
        on_delete=models.PROTECT,
        related_name="achievements",
        verbose_name=_("outcome area"),
    )
    partners = models.ManyToManyField(
        "programs.Organisation",
        blank=True,
        related_name="achievements",
        verbose_name=_("partners"),
    )
    related_events = models.ManyToManyField(
        Event, blank=True, related_name="achievements", verbose_name=_("related events")
    )
    is_good_practice = models.BooleanField(_("example of good practice"), default=False)
    # {"km": {"title": "...", "text": "..."}, ...}: the title and text in the site's other
    # languages, written by people (English is the title and text above). A factsheet in a
    # language without one shows the English and says so.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(
        _("reviewer's comment"), blank=True, help_text=_("Why it was sent back, if it was.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    is_synthetic = models.BooleanField(_("synthetic demo record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AchievementQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("achievement")
        indexes = [models.Index(fields=["country", "status", "date"])]

    def __str__(self) -> str:
        return self.title

    def translated(self, language: str) -> tuple[str, str] | None:
        """The (title, text) written in `language`, or None when there is none."""
        entry = (self.translations or {}).get(language) or {}
        if entry.get("text"):
            return entry.get("title") or self.title, entry["text"]
        return None

    @property
    def shown(self) -> ShownText:
        """The title and text in the reader's language where a translation was written,
        else the English, marked as such so a screen reader reads it as English."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        own = self.translated(language) if language != "en" else None
        if own is not None:
            return ShownText(own[0], own[1], language)
        return ShownText(self.title, self.text, "en")

    def clean(self) -> None:
        super().clean()
        self.translations = clean_translations(self.translations)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    # The stored name is the content hash: no user-chosen path ever reaches the disk.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class EvidenceFileQuerySet(models.QuerySet["EvidenceFile"]):
    def visible_to(self, user: User) -> EvidenceFileQuerySet:
        """The files `user` may download. Sign-in sheets and photos hold personal data, so
        a file is staff only unless its verifier made it public. Staff are those who may
        see personal data there: the admin, the data officers and manager of the record's
        country, and partners with such a role named on the achievement; they get every
        file of a record they see. Everyone else who sees the record (the donor, viewers,
        other partners) gets only its public files."""
        from pathways.accounts.access import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        if scope.is_regional:
            values_seen = Q(reported_value__isnull=False)
        else:
            countries = set(scope.country_ids) | {
                c for c in scope.organisation_countries.values() if c is not None
            }
            values_seen = Q(reported_value__country_id__in=countries)
        seen = Q(achievement__in=Achievement.objects.visible_to(user)) | values_seen
        countries = scope.personal_data_country_ids
        named = Achievement.objects.filter(partners__in=scope.personal_data_organisation_ids)
        staff = (
            Q(achievement__country_id__in=countries)
            | Q(reported_value__country_id__in=countries)
            | Q(achievement__in=named.values("pk"))
        )
        return self.filter(seen, Q(public=True) | staff)


class EvidenceFile(models.Model):
    """An uploaded file backing an achievement or a reported value. Served only through
    an access-checked view (`visible_to`), never as a static file."""

    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    reported_value = models.ForeignKey(
        ReportedValue, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public files may be downloaded by everyone who sees the record, the donor "
            "included; the others only by the country's staff."
        ),
    )

    objects = EvidenceFileQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("evidence file")
        constraints = [
            models.CheckConstraint(
                condition=Q(achievement__isnull=False, reported_value__isnull=True)
                | Q(achievement__isnull=True, reported_value__isnull=False),
                name="evidence_belongs_to_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def country_id(self) -> int:
        owner = self.achievement or self.reported_value
        return owner.country_id


def translation_languages() -> list[tuple[str, str]]:
    """The languages an achievement may be translated into: the site's, but English."""
    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


def clean_translations(value: Any) -> dict[str, dict[str, str]]:
    """`value` as {language: {"title": str, "text": str}}, empty entries dropped, or
    ValidationError naming what is wrong."""
    languages = dict(translation_languages())
    if not isinstance(value, dict):
        raise ValidationError({"translations": _("Translations must be a mapping of languages.")})
    cleaned = {}
    for code, entry in value.items():
        if code not in languages:
            raise ValidationError(
                {"translations": _("%(code)s is not a language of the site.") % {"code": code}}
            )
        if not isinstance(entry, dict) or set(entry) - {"title", "text"}:
            raise ValidationError({"translations": _("A translation has a title and a text.")})
        title, text = (str(entry.get(k) or "").strip() for k in ("title", "text"))
        if len(title) > 200:
            raise ValidationError(
                {
                    "translations": _("The %(language)s title is longer than 200 characters.")
                    % {"language": languages[code]}
                }
            )
        if title and not text:
            raise ValidationError(
                {
                    "translations": _("The %(language)s title has no text: give the text too.")
                    % {"language": languages[code]}
                }
            )
        if text:
            cleaned[code] = {"title": title, "text": text}
    return cleaned
