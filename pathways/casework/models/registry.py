"""The casework registry: victims and possible victims, never programme participants.

A `Client` keeps its tier-1 facts (country, owning agency, sex, age band, nationality) in
clear for statistics and routing, and every tier-2 identifier sealed with its country's data
key (`pathways/casework/sealing.py`): the columns ending in `_sealed` hold ciphertext only,
the `blind_index_*` columns keyed HMACs for exact-match search. Nothing here decrypts; the
access layer calls `sealing.reveal` / `sealing.decrypt_identity` after its checks.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The tier-2 identifiers, each in a `<name>_sealed` column. Their order is the order of
# `ClientIdentity`'s fields.
SEALED_FIELDS = (
    "first_name",
    "middle_name",
    "last_name",
    "local_script_name",
    "nickname",
    "birthdate",
    "identity_number",
    "mobile_phone",
    "home_phone",
    "email",
    "address",
)

# The kinds of blind index, each in a `blind_index_<kind>` column.
BLIND_INDEXES = ("mobile_phone", "home_phone", "identity_number", "name", "local_name")

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Enter a two-letter ISO 3166 country code in capitals, e.g. KH.")
)


@deconstructible
class ValuesIn:
    """For a JSON list of value names (eligibility, sections, recipient categories): a list,
    each item one of `allowed` (or, without `allowed`, matching `pattern`), none twice."""

    def __init__(self, allowed: tuple[str, ...] = (), pattern: str = "") -> None:
        self.allowed = tuple(allowed)
        self.pattern = pattern

    def __call__(self, value) -> None:
        if not isinstance(value, list) or len(set(map(str, value))) != len(value):
            raise ValidationError(_("Choose each value at most once."), code="invalid_list")
        wrong = [
            str(item)
            for item in value
            if not isinstance(item, str)
            or (item not in self.allowed if self.allowed else not re.fullmatch(self.pattern, item))
        ]
        if wrong:
            raise ValidationError(
                _("Not a value this list takes: %(values)s."),
                code="value_not_allowed",
                params={"values": ", ".join(wrong)},
            )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ValuesIn)
            and self.allowed == other.allowed
            and self.pattern == other.pattern
        )


class DataKey(models.Model):
    """A country's key, stored only wrapped by the master key (which is never in the database).

    Encryption keys are rotated (`manage.py casework_keys rotate`): one is active for new
    writes, older ones stay to open what they sealed until nothing uses them, then are
    retired (kept, so a restored backup from before the rotation can still be read). The
    blind-index key is separate and never rotated with them: the indexes stay comparable.
    """

    class Purpose(models.TextChoices):
        ENCRYPTION = "encryption", _("Field encryption")
        BLIND_INDEX = "blind_index", _("Blind index")

    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    key_id = models.CharField(_("key id"), max_length=32, unique=True)
    wrapped = models.BinaryField(_("wrapped key"))
    # Which master key wrapped it (a fingerprint, not the key): a wrong master key is named
    # as such before anything is tried.
    master_fingerprint = models.CharField(_("master key fingerprint"), max_length=16)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["country", "purpose", "created_at", "id"]
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "purpose"],
                condition=Q(is_active=True),
                name="casework_datakey_one_active_per_country_purpose",
            )
        ]

    def __str__(self) -> str:
        return self.key_id


class Client(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        INTERSEX = "intersex", _("Intersex")
        UNKNOWN = "unknown", _("Unknown")

    class AgeBand(models.TextChoices):
        CHILD_0_11 = "0-11", _("0–11")
        CHILD_12_17 = "12-17", _("12–17")
        ADULT_18_24 = "18-24", _("18–24")
        ADULT_25_34 = "25-34", _("25–34")
        ADULT_35_49 = "35-49", _("35–49")
        ADULT_50 = "50+", _("50 and over")
        UNKNOWN = "unknown", _("Unknown")

    class BirthdatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")
        ESTIMATED = "estimated", _("Estimated")

    class DocumentType(models.TextChoices):
        NATIONAL_ID = "national_id", _("National identity card")
        PASSPORT = "passport", _("Passport")
        BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
        FAMILY_BOOK = "family_book", _("Family book")
        OTHER = "other", _("Other document")

    # --- tier 1, in clear ---
    global_id = models.UUIDField(_("global id"), default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "programs.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    owner_agency = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("owner agency"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_band = models.CharField(_("age band"), max_length=10, choices=AgeBand.choices)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, validators=[country_code_validator]
    )
    is_stateless = models.BooleanField(_("stateless"), default=False)
    birthdate_precision = models.CharField(
        _("birthdate precision"), max_length=10, choices=BirthdatePrecision.choices, blank=True
    )
    identity_document_type = models.CharField(
        _("identity document type"), max_length=20, choices=DocumentType.choices, blank=True
    )
    is_synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    # --- tier 2, sealed (`sealing.py`); every sealed column of a row is under `data_key_id` ---
    data_key_id = models.CharField(_("data key"), max_length=32, db_index=True)
    first_name_sealed = models.BinaryField(null=True, blank=True)
    middle_name_sealed = models.BinaryField(null=True, blank=True)
    last_name_sealed = models.BinaryField(null=True, blank=True)
    local_script_name_sealed = models.BinaryField(null=True, blank=True)
    nickname_sealed = models.BinaryField(null=True, blank=True)
    birthdate_sealed = models.BinaryField(null=True, blank=True)
    identity_number_sealed = models.BinaryField(null=True, blank=True)
    mobile_phone_sealed = models.BinaryField(null=True, blank=True)
    home_phone_sealed = models.BinaryField(null=True, blank=True)
    email_sealed = models.BinaryField(null=True, blank=True)
    address_sealed = models.BinaryField(null=True, blank=True)

    # --- blind indexes (HMAC-SHA256 hex under the country's blind-index key) ---
    blind_index_mobile_phone = models.CharField(max_length=64, blank=True, db_index=True)
    blind_index_home_phone = models.CharField(max_length=64, blank=True, db_index=True)
    blind_index_identity_number = models.CharField(max_length=64, blank=True, db_index=True)
    blind_index_name = models.CharField(max_length=64, blank=True, db_index=True)
    blind_index_local_name = models.CharField(max_length=64, blank=True, db_index=True)
    # When retention cleared every identifier and index (casework.md §7.5); tier 1 stays.
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        # Never a name: this text reaches logs, the audit trail and error pages.
        return gettext("Client %(number)s") % {"number": self.pk or "-"}
