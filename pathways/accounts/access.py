"""Who may see and change what. Every read starts here or from a `visible_to(user)` queryset.

A user's scope is the union of their memberships. Out of scope is a 404 (the object
might as well not exist); in scope without the role to change it is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pathways.accounts.models import (
    EDITING_ROLES,
    PERSONAL_DATA_ROLES,
    Role,
    translation_languages,
)

if TYPE_CHECKING:
    from pathways.activities.models import Event
    from pathways.programs.models import Country

_CACHE_ATTR = "_pathways_scope"


@dataclass(frozen=True)
class Scope:
    regional_roles: frozenset[str] = frozenset()
    country_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    organisation_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    organisation_countries: dict[int, int | None] = field(default_factory=dict)
    # The codes of the countries above, read with the memberships (no query of their own).
    country_codes: dict[int, str] = field(default_factory=dict)
    # The languages whose interface translations the user reviews: no programme records.
    translator_languages: frozenset[str] = frozenset()

    @property
    def is_authenticated(self) -> bool:
        return bool(
            self.regional_roles
            or self.country_roles
            or self.organisation_roles
            or self.translator_languages
        )

    @property
    def is_translator_only(self) -> bool:
        """Reviews translations and holds no role over programme records."""
        return bool(self.translator_languages) and not (
            self.regional_roles or self.country_roles or self.organisation_roles
        )

    @property
    def reviewable_languages(self) -> frozenset[str]:
        """The languages whose translations the user may review: a translator's own, and
        every one for the regional MEL admin."""
        if self.is_admin:
            return frozenset(code for code, _name in translation_languages())
        return self.translator_languages

    def can_review_language(self, language: str) -> bool:
        return language in self.reviewable_languages

    @property
    def is_admin(self) -> bool:
        return Role.MEL_ADMIN in self.regional_roles

    @property
    def is_regional(self) -> bool:
        """Sees every country (admin, donor, regional viewer)."""
        return bool(self.regional_roles)

    @property
    def is_donor(self) -> bool:
        return Role.DONOR in self.regional_roles and not self.is_admin

    @property
    def country_ids(self) -> frozenset[int]:
        return frozenset(self.country_roles)

    @property
    def organisation_ids(self) -> frozenset[int]:
        return frozenset(self.organisation_roles)

    @property
    def personal_data_country_ids(self) -> frozenset[int]:
        return frozenset(
            c for c, roles in self.country_roles.items() if roles & PERSONAL_DATA_ROLES
        )

    @property
    def personal_data_organisation_ids(self) -> frozenset[int]:
        return frozenset(
            o for o, roles in self.organisation_roles.items() if roles & PERSONAL_DATA_ROLES
        )

    @property
    def home_country_id(self) -> int | None:
        """The one country a country- or partner-scoped user works in, if there is one."""
        countries = set(self.country_roles) | {
            c for o, c in self.organisation_countries.items() if c is not None
        }
        return next(iter(countries)) if len(countries) == 1 else None

    @property
    def home_country_code(self) -> str | None:
        """The home country's code (`home_country_id`), for regional users none."""
        if self.is_regional or self.home_country_id is None:
            return None
        return self.country_codes.get(self.home_country_id)

    @property
    def key(self) -> tuple[Any, ...]:
        """The memberships in a stable order: users with equal keys see the same records,
        so what is rendered for one may be cached for the other."""
        return (
            sorted(self.regional_roles),
            sorted((k, sorted(v)) for k, v in self.country_roles.items()),
            sorted((k, sorted(v)) for k, v in self.organisation_roles.items()),
            sorted(self.organisation_countries.items(), key=lambda kv: kv[0]),
            sorted(self.translator_languages),
        )

    def roles_for_country(self, country_id: int) -> frozenset[str]:
        return self.regional_roles | self.country_roles.get(country_id, frozenset())

    def can_see_country(self, country_id: int) -> bool:
        """Country pages: regional users, the country's staff, and partners based there."""
        return (
            self.is_regional
            or country_id in self.country_roles
            or country_id in self.organisation_countries.values()
        )

    def can_edit_in_country(self, country_id: int) -> bool:
        return bool(self.roles_for_country(country_id) & EDITING_ROLES)

    def can_record_events_in(self, country_id: int) -> bool:
        """Record an event in the country, or move one there: its editing staff, and
        partners with an editing role whose organisation works there (or region-wide)."""
        if self.can_edit_in_country(country_id):
            return True
        return any(
            roles & EDITING_ROLES and self.organisation_countries.get(org) in (country_id, None)
            for org, roles in self.organisation_roles.items()
        )

    def can_manage_country(self, country_id: int) -> bool:
        roles = self.roles_for_country(country_id)
        return Role.COUNTRY_MANAGER in roles or Role.MEL_ADMIN in roles

    def can_see_personal_data_in(self, country_id: int) -> bool:
        return self.is_admin or country_id in self.personal_data_country_ids

    def partner_roles_for_event(self, event: Event) -> frozenset[str]:
        org_ids = {event.lead_organisation_id, *event.co_organisers.values_list("pk", flat=True)}
        roles: frozenset[str] = frozenset()
        for org_id in org_ids & set(self.organisation_roles):
            roles |= self.organisation_roles[org_id]
        return roles

    def can_edit_event(self, event: Event) -> bool:
        if self.can_edit_in_country(event.country_id):
            return True
        return bool(self.partner_roles_for_event(event) & EDITING_ROLES)

    def can_see_personal_data_of_event(self, event: Event) -> bool:
        if self.can_see_personal_data_in(event.country_id):
            return True
        return bool(self.partner_roles_for_event(event) & PERSONAL_DATA_ROLES)


def scope_for(user: Any) -> Scope:
    """The user's scope, computed once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    regional: set[str] = set()
    by_country: dict[int, set[str]] = {}
    by_org: dict[int, set[str]] = {}
    org_countries: dict[int, int | None] = {}
    codes: dict[int, str] = {}
    languages: set[str] = set()
    for m in user.memberships.select_related("country", "organisation__country"):
        if m.role == Role.TRANSLATOR:
            # Regional in form (no country, no partner) but no scope over any record.
            languages.add(m.language)
        elif m.country_id:
            by_country.setdefault(m.country_id, set()).add(m.role)
            codes[m.country_id] = m.country.code
        elif m.organisation_id:
            by_org.setdefault(m.organisation_id, set()).add(m.role)
            org_countries[m.organisation_id] = m.organisation.country_id
            if m.organisation.country_id:
                codes[m.organisation.country_id] = m.organisation.country.code
        else:
            regional.add(m.role)
    if user.is_superuser:
        regional.add(Role.MEL_ADMIN)
    scope = Scope(
        regional_roles=frozenset(regional),
        country_roles={k: frozenset(v) for k, v in by_country.items()},
        organisation_roles={k: frozenset(v) for k, v in by_org.items()},
        organisation_countries=org_countries,
        country_codes=codes,
        translator_languages=frozenset(languages),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def forget_scope(user: Any) -> None:
    """Drop the cached scope after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def get_country_for_user(user: Any, code: str) -> Country:
    from pathways.programs.models import Country

    country = Country.objects.filter(code__iexact=code).first()
    if country is None or not scope_for(user).can_see_country(country.pk):
        raise Http404("No such country in your scope.")
    return country


def get_country_or_region_for_user(user: Any, code: str | None) -> Country | None:
    """The country `code` in the user's scope, or None for the region (`code` None): 404
    outside the scope, and the region, which holds countries beyond any one country's team,
    is for users with the whole region in scope only. Dashboards, factsheets and the API
    open a place through this one rule."""
    if code is not None:
        return get_country_for_user(user, code)
    if not scope_for(user).is_regional:
        raise Http404("The region covers countries outside your scope.")
    return None


def visible_countries(user: Any) -> list[Country]:
    """The countries whose pages the user may open, in the countries' order."""
    from pathways.programs.models import Country

    scope = scope_for(user)
    return [c for c in Country.objects.all() if scope.can_see_country(c.pk)]


def require(condition: bool, message: str = "You do not have the role to do this.") -> None:
    """Raise 403 unless the condition holds: for writes by a user who can read the object."""
    if not condition:
        raise PermissionDenied(message)
