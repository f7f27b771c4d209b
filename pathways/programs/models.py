"""Reference data of a program: the program itself, countries, pathways, outcome areas,
organisations and the steering committee."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.lib.translated import clean_field_translations, translated_text
from pathways.programs.logos import LogoField


class Translatable(models.Model):
    """Reference data people read in their language: the English in the row's own fields,
    the other languages in `translations`, {language: {field: text}}, written side by side
    in the admin. Imports, exports and the API keep to the English fields."""

    translatable_fields: ClassVar[tuple[str, ...]] = ("name",)

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def translated(self, field: str = "name") -> str:
        """`field` in the active language, falling back to the English."""
        return translated_text(self.translations, field, getattr(self, field))

    def clean(self) -> None:
        super().clean()
        fields = [self._meta.get_field(name) for name in self.translatable_fields]
        self.translations = clean_field_translations(
            self.translations,
            {f.name: f.max_length for f in fields},
            {f.name: str(f.verbose_name) for f in fields},
        )


class Organisation(models.Model):
    class Type(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        NGO = "ngo", _("NGO / civil society")
        REGIONAL_BODY = "regional_body", _("Regional body")
        INTERNATIONAL = "international", _("International organisation")
        PRIVATE = "private", _("Private sector")
        DONOR = "donor", _("Donor")
        IMPLEMENTER = "implementer", _("Implementer")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    country = models.ForeignKey(
        "programs.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Empty for regional and international organisations."),
    )
    is_key_partner = models.BooleanField(
        _("key partner"), default=False, help_text=_("Listed as a key partner on factsheets.")
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=100, blank=True)
    logo = LogoField(
        _("logo"),
        help_text=_(
            "PNG or JPEG, at most 2 MB; shown on factsheets of the programs it funds or implements."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class OrganisationAlias(models.Model):
    """Another way a sheet writes an organisation: its name in another script or language, an
    acronym, a common misspelling. Matched by `key` (`programs.organisations.organisation_key`),
    so case, spacing, punctuation and invisible characters do not keep two spellings apart."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )
    text = models.CharField(_("text"), max_length=300, help_text=_("As people write it."))
    key = models.CharField(_("matching key"), max_length=300, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "text"]
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"],
                name="organisation_alias_once",
                violation_error_message=_("The organisation already has this alias."),
            )
        ]
        indexes = [models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.text


class Program(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    budget = models.DecimalField(_("budget"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="AUD")
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="funded_programs"
    )
    implementer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="implemented_programs"
    )
    iati_identifier = models.CharField(_("IATI identifier"), max_length=100, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    logo = LogoField(_("logo"), help_text=_("PNG or JPEG, at most 2 MB; shown on factsheets."))

    class Meta:
        verbose_name = _("program")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="program_years_in_order"
            )
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def duration_years(self) -> int:
        return self.end_year - self.start_year


class Country(Translatable):
    class Status(models.TextChoices):
        ACTIVE = "active", _("National programming active")
        ESTABLISHING = "establishing", _("National programming being established")
        ON_HOLD = "on_hold", _("National programming on hold")
        REGIONAL = "regional", _("Takes part regionally")

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    program_status = models.CharField(_("program status"), max_length=20, choices=Status.choices)
    focal_point = models.CharField(_("focal point"), max_length=300, blank=True)
    focal_point_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focal point organisation"),
    )
    summary = models.TextField(_("summary"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=50, blank=True, help_text=_("Language codes, comma-separated.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.translated()


class Province(Translatable):
    """A first-level subdivision of a country (province, region, state)."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="provinces")
    name = models.CharField(_("name"), max_length=100)
    local_name = models.CharField(_("local name"), max_length=100, blank=True)

    class Meta:
        ordering = ["country__name", "name"]
        verbose_name = _("province")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="province_unique_per_country")
        ]

    def __str__(self) -> str:
        return self.translated()


class Pathway(Translatable):
    translatable_fields = ("name", "description")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("pathway")

    def __str__(self) -> str:
        return self.translated()


class OutcomeArea(Translatable):
    translatable_fields = ("name", "description")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("outcome area")

    def __str__(self) -> str:
        return self.translated()


class SteeringCommitteeMember(models.Model):
    """A seat on the Regional Program Steering Committee (RPSC)."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", _("Co-chair")
        MEMBER = "member", _("Member")

    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    title = models.CharField(_("title"), max_length=300)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="rpsc_seats"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="rpsc_seats"
    )

    class Meta:
        ordering = ["role", "country__name", "title"]
        verbose_name = _("steering committee member")

    def __str__(self) -> str:
        return self.title


class FiguresVersion(models.Model):
    """How often the records one country's figures read have changed (`scope` is the
    country's key), or the reference data every country's figures read (`scope` ""). Moved
    in the transaction of each audited write (pathways.programs.freshness): caches of what
    figures show are keyed by these, so a write elsewhere leaves them standing."""

    scope = models.CharField(_("scope"), max_length=20, unique=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("figures version")
        verbose_name_plural = _("figures versions")

    def __str__(self) -> str:
        return f"{self.scope or 'reference'}: {self.version}"
