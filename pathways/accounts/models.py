"""Users and their memberships: who may see and change what, and where."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pathways.programs.labels import reference_name


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("user")
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def password_fingerprint(self) -> str:
        """Changes whenever the password does, whichever way it is set (profile, admin,
        `changepassword`, a reset): API tokens remember it and stop working when it changes."""
        return password_fingerprint(self.password)

    def check_password(self, raw_password: str | None) -> bool:
        """As Django's, but a hash upgrade (the same password, hashed anew after a Django
        upgrade or from an older hasher) is no password change: the user's API tokens
        follow the new hash and keep working."""

        def rehash(raw: str) -> None:
            before = self.password_fingerprint
            self.set_password(raw)
            self._password = None
            self.save(update_fields=["password"])
            self.api_tokens.filter(password_fingerprint=before).update(
                password_fingerprint=self.password_fingerprint
            )

        return check_password(raw_password, self.password, rehash)


def password_fingerprint(password_hash: str) -> str:
    # A digest of the stored (salted) hash, so it tells nothing about the password itself.
    return hashlib.sha256(password_hash.encode()).hexdigest()


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    DATA_OFFICER = "data_officer", _("Data officer")
    COUNTRY_MANAGER = "country_manager", _("Country manager")
    MEL_ADMIN = "mel_admin", _("Regional MEL admin")
    DONOR = "donor", _("Donor viewer")
    # Reviews the interface's translations into one language; sees no programme records.
    TRANSLATOR = "translator", _("Translator")


def translation_languages() -> list[tuple[str, str]]:
    """The languages the interface is translated into: every language but the source."""
    return [(code, name) for code, name in settings.LANGUAGES if code != "en"]


# Roles that may create and change records inside their scope.
EDITING_ROLES = frozenset({Role.DATA_OFFICER, Role.COUNTRY_MANAGER, Role.MEL_ADMIN})
# Roles that may see personal data of participants inside their scope.
PERSONAL_DATA_ROLES = frozenset({Role.DATA_OFFICER, Role.COUNTRY_MANAGER, Role.MEL_ADMIN})


class Membership(models.Model):
    """One role of one user over one scope: the region, a country, or a partner organisation.

    The scope is the region when neither country nor organisation is set.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(
        "programs.Country",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        "programs.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("partner organisation"),
    )
    # A translator's language; no other role has one.
    language = models.CharField(
        _("language"), max_length=8, blank=True, choices=translation_languages()
    )

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.CheckConstraint(
                condition=~Q(country__isnull=False, organisation__isnull=False),
                name="membership_one_scope",
                violation_error_message=_("A membership is for a country or a partner, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["mel_admin", "donor"])
                | Q(country__isnull=True, organisation__isnull=True),
                name="membership_regional_roles_are_regional",
                violation_error_message=_("Admins and donor viewers have the whole region."),
            ),
            models.CheckConstraint(
                condition=~Q(role="translator")
                | (~Q(language="") & Q(country__isnull=True, organisation__isnull=True)),
                name="membership_translator_has_a_language",
                violation_error_message=_(
                    "A translator has a language and no country or partner organisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role="translator") | Q(language=""),
                name="membership_only_translators_have_a_language",
                violation_error_message=_("Only a translator's membership names a language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.language:
            return self.get_language_display()
        # Reference names in the reader's language, as every page names them.
        if self.country_id:
            return reference_name(self.country)
        if self.organisation_id:
            return reference_name(self.organisation)
        return str(_("Region"))


class SignInFailure(models.Model):
    """One failed password check from a client address, kept for the cool-off time: the
    per-address lock counts these across all usernames (`accounts/lockout.py`)."""

    address = models.GenericIPAddressField()
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "at"], name="signinfailure_address_at")]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M}"
