"""Who reads and who keeps the service directory (casework.md §2.1, §2.2), and whether an
agency can take a referral for a service (§3.4, the guard on `offer`). Decides only; writes
nothing.

The directory holds no personal data: every casework user reads the directory of the
countries they work in. An agency's referral profile and entries are kept by the agency's own
administrator and by the NRM coordinator of its country (§6.2). Another country's directory
does not exist for a user (404), and a write without the role is a 403.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pathways.casework.access import casework_scope, holds_role
from pathways.casework.models import (
    AgencyProfile,
    CaseworkRole,
    Client,
    ServiceDirectoryEntry,
    ServiceType,
    StaffMembership,
)
from pathways.programs.models import Organisation, Province


def directory_countries(user: Any) -> frozenset[int]:
    """The countries whose directory the user reads: those of every casework role they hold.
    404 for a user with none (for them the directory does not exist)."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    return frozenset(scope.agency_countries.values())


def entries_visible_to(user: Any) -> QuerySet[ServiceDirectoryEntry]:
    return ServiceDirectoryEntry.objects.filter(country_id__in=directory_countries(user))


def agencies_visible_to(user: Any) -> QuerySet[Organisation]:
    """The agencies of the user's countries: each has a page in the directory."""
    return Organisation.objects.filter(country_id__in=directory_countries(user))


def agency_for(user: Any, pk: int | str) -> Organisation:
    """One agency of the user's countries; 404 otherwise, as if it did not exist."""
    try:
        return agencies_visible_to(user).select_related("country").get(pk=int(pk))
    except (Organisation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such agency.") from exc


def entry_for(user: Any, pk: int | str) -> ServiceDirectoryEntry:
    try:
        return (
            entries_visible_to(user)
            .select_related("agency__country", "province", "country")
            .get(pk=int(pk))
        )
    except (ServiceDirectoryEntry.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such directory entry.") from exc


def may_keep_directory(user: Any, agency: Organisation) -> bool:
    """Whether the user keeps the agency's profile and entries: its own administrator, or the
    NRM coordinator of its country. Read afresh (a service checks the actor with it)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if holds_role(user, agency.pk, CaseworkRole.AGENCY_ADMIN):
        return True
    return StaffMembership.objects.filter(
        user=user,
        role=CaseworkRole.NRM_COORDINATOR,
        agency__country_id=agency.country_id,
        user__is_active=True,
    ).exists()


def require_directory_keeper(actor: Any, agency: Organisation) -> None:
    """PermissionDenied unless the actor keeps the agency's directory entries (the server's
    command line, `actor=None`, loads the seed)."""
    if actor is None:
        return
    if agency.country_id is None or not may_keep_directory(actor, agency):
        raise PermissionDenied(
            _(
                "Only the agency's administrator or the NRM coordinator of its country can "
                "change its directory entries."
            )
        )


def kept_agencies(user: Any) -> QuerySet[Organisation]:
    """The agencies whose directory entries the user keeps (for the directory page's links)."""
    scope = casework_scope(user)
    own = scope.agencies_with(CaseworkRole.AGENCY_ADMIN)
    countries = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    return Organisation.objects.filter(Q(pk__in=own) | Q(country_id__in=countries)).order_by("name")


@dataclass(frozen=True)
class DirectoryFilter:
    """What the directory page and the API list filter on; an empty value does not filter.
    A province finds the entries there and the nationwide ones."""

    service_type: str = ""
    province: Province | None = None
    sex: str = ""
    age_band: str = ""
    nationality: str = ""
    accepting_only: bool = False


def directory_search(user: Any, wanted: DirectoryFilter) -> QuerySet[ServiceDirectoryEntry]:
    """The entries of the user's countries that match, agency by agency."""
    found = entries_visible_to(user).eligible_for(
        sex=wanted.sex, age_band=wanted.age_band, nationality=wanted.nationality
    )
    if wanted.service_type:
        found = found.filter(service_type=wanted.service_type)
    if wanted.province is not None:
        found = found.filter(Q(province=wanted.province) | Q(province__isnull=True))
    if wanted.accepting_only:
        found = found.filter(accepting=True, agency__referral_profile__accepts_referrals=True)
    # Nationwide first on both databases (NULLs sort differently on each by default).
    return found.select_related("agency__referral_profile", "province", "country").order_by(
        "agency__name", "service_type", F("province__name").asc(nulls_first=True), "pk"
    )


def eligibility_words(entry: ServiceDirectoryEntry) -> str:
    """Whom the entry serves, in words: “Anyone”, or each limit named."""
    parts = []
    if entry.sexes:
        parts.append(", ".join(str(Client.Sex(v).label) for v in entry.sexes))
    if entry.age_bands:
        parts.append(", ".join(str(Client.AgeBand(v).label) for v in entry.age_bands))
    if entry.nationalities:
        parts.append(", ".join(entry.nationalities))
    return "; ".join(parts) or _("Anyone")


def agreement_state(profile: AgencyProfile | None, on: dt.date) -> str:
    """“valid”, “expired” or “none” (no profile, or no agreement on record)."""
    if profile is None or not profile.data_sharing_agreement_reference:
        return "none"
    return "valid" if profile.agreement_current_on(on) else "expired"


def profile_of(agency: Organisation) -> AgencyProfile | None:
    try:
        return agency.referral_profile
    except AgencyProfile.DoesNotExist:
        return None


# --- the guard on a referral offer ---------------------------------------------------------------


@dataclass
class DirectoryCheck:
    """What the directory says about referring a person to an agency for a service: reasons
    that refuse the referral, and warnings the sender reads before going on."""

    refusals: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entries: list[ServiceDirectoryEntry] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return not self.refusals


def directory_check(
    *,
    agency: Organisation,
    service_type: str,
    province: Province | None,
    client: Client | None = None,
    on: dt.date | None = None,
) -> DirectoryCheck:
    """Whether a referral to `agency` for `service_type` can be offered on `on` (today by
    default): refused when the agency takes no referrals, its data-sharing agreement is
    missing or has expired, or it lists no such service open to referrals; a warning when no
    entry covers the province or the person's sex, age band or nationality."""
    on = on or timezone.localdate()
    check = DirectoryCheck()
    profile = AgencyProfile.objects.filter(organisation=agency).first()
    check.refusals += _profile_refusals(agency, profile, on)
    entries = list(
        ServiceDirectoryEntry.objects.filter(agency=agency, service_type=service_type)
        .select_related("province")
        .order_by("province__name", "pk")
    )
    check.entries = entries
    service = ServiceType(service_type).label if service_type in ServiceType.values else ""
    names = {"agency": agency.name, "service": service or service_type}
    if not entries:
        check.refusals.append(
            _("%(agency)s lists no “%(service)s” service in the directory.") % names
        )
        return check
    accepting = [e for e in entries if e.accepting]
    if not accepting:
        check.refusals.append(
            _("%(agency)s is not accepting referrals for “%(service)s” now.") % names
        )
        return check
    check.warnings += _fit_warnings(accepting, province, client, names)
    return check


def _profile_refusals(
    agency: Organisation, profile: AgencyProfile | None, on: dt.date
) -> list[str]:
    names = {"agency": agency.name}
    if profile is None or not profile.accepts_referrals:
        return [_("%(agency)s does not accept referrals.") % names]
    if not profile.data_sharing_agreement_reference:
        return [_("%(agency)s has no data-sharing agreement on record.") % names]
    if not profile.agreement_current_on(on):
        day = date_format(profile.data_sharing_expires_on, "SHORT_DATE_FORMAT")
        return [
            _("The data-sharing agreement with %(agency)s expired on %(day)s.")
            % {**names, "day": day}
        ]
    return []


def _fit_warnings(
    entries: list[ServiceDirectoryEntry],
    province: Province | None,
    client: Client | None,
    names: dict[str, str],
) -> list[str]:
    warnings = []
    if province is not None:
        here = [e for e in entries if e.province_id in (None, province.pk)]
        if not here:
            warnings.append(
                _("%(agency)s does not list “%(service)s” in %(province)s.")
                % {**names, "province": province}
            )
        else:
            entries = here
    if client is None:
        return warnings
    for attribute, column, label in (
        ("sex", "sexes", _("sex")),
        ("age_band", "age_bands", _("age band")),
        ("nationality", "nationalities", _("nationality")),
    ):
        value = getattr(client, attribute)
        served = (not getattr(e, column) or value in getattr(e, column) for e in entries)
        if value and not any(served):
            warnings.append(
                _("The person's %(what)s is not among those %(agency)s serves for “%(service)s”.")
                % {**names, "what": label}
            )
    return warnings
