"""Who may see which case, client and section: need to know (casework.md §6).

Every casework page, API route and export starts from `cases_visible_to(user)` /
`clients_visible_to(user)` and shows a case only through `permitted_sections(user, case)`;
the values themselves come out only through `reading.open_case` and
`reading.list_identities`, which apply these rules and record the read in the access log in
the same transaction. This module only decides: it opens nothing and writes nothing.

A case out of reach is a 404, as if it did not exist; programme roles (MEL admin, country
manager, data officer, partner, donor) give no casework access at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pathways.casework.access_grants import granted_sections, granting_agency, granting_referrals
from pathways.casework.models import (
    ALL_SECTIONS,
    BreakGlassGrant,
    Case,
    CaseworkRole,
    Client,
    CountryCaseworkSettings,
    IdentificationDecision,
    Screening,
    ScreeningGroup,
    Section,
    StaffMembership,
)

_CACHE_ATTR = "_pathways_casework_scope"
# A screener sees the clients they registered for this long (§6.2).
SCREENER_WINDOW = dt.timedelta(days=30)
BREAK_GLASS_SECTIONS = frozenset(
    {Section.SUMMARY, Section.IDENTITY, Section.SAFETY, Section.MEDICAL}
)
LEGAL_SECTIONS = frozenset(
    {Section.SUMMARY, Section.IDENTITY, Section.LEGAL, Section.UNLAWFUL_ACTS}
)
# Roles that read or write case content of their own agency.
CASE_CONTENT_ROLES = frozenset(
    {CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR, CaseworkRole.LEGAL_OFFICER}
)


@dataclass(frozen=True)
class CaseworkScope:
    """A user's casework roles: agency id -> roles, and each agency's country."""

    user_id: int | None = None
    roles: dict[int, frozenset[str]] = field(default_factory=dict)
    agency_countries: dict[int, int] = field(default_factory=dict)
    break_glass_agencies: frozenset[int] = frozenset()

    @property
    def is_casework_user(self) -> bool:
        return bool(self.roles)

    def agencies_with(self, *roles: str) -> frozenset[int]:
        return frozenset(a for a, held in self.roles.items() if held & set(roles))

    def countries_with(self, *roles: str) -> frozenset[int]:
        return frozenset(self.agency_countries[a] for a in self.agencies_with(*roles))

    def has_role(self, *roles: str) -> bool:
        return bool(self.agencies_with(*roles))

    def roles_at(self, agency_id: int) -> frozenset[str]:
        return self.roles.get(agency_id, frozenset())

    @property
    def can_break_glass(self) -> bool:
        return bool(self.break_glass_agencies)


def casework_scope(user: Any) -> CaseworkScope:
    """The user's casework roles, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CaseworkScope()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    countries: dict[int, int] = {}
    break_glass: set[int] = set()
    for m in StaffMembership.objects.filter(user=user).select_related("agency"):
        if m.agency.country_id is None:
            continue  # an agency without a country holds no casework
        roles.setdefault(m.agency_id, set()).add(m.role)
        countries[m.agency_id] = m.agency.country_id
        if m.can_break_glass:
            break_glass.add(m.agency_id)
    scope = CaseworkScope(
        user_id=user.pk,
        roles={a: frozenset(r) for a, r in roles.items()},
        agency_countries=countries,
        break_glass_agencies=frozenset(break_glass),
    )
    setattr(user, _CACHE_ATTR, scope)
    return scope


def holds_role(user: Any, agency_id: int, *roles: str) -> bool:
    """Whether the (active) user holds one of `roles` at the agency, read afresh: services
    check the people a write names (a case worker to assign, an administrator) with it, where
    a scope cached for the request could be stale."""
    return StaffMembership.objects.filter(
        user=user, agency_id=agency_id, role__in=roles, user__is_active=True
    ).exists()


def forget_casework_scope(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def active_break_glass(user: Any, now: dt.datetime | None = None) -> QuerySet[BreakGlassGrant]:
    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=now or timezone.now())


# --- visibility --------------------------------------------------------------------------------


def _case_filter(user: Any, scope: CaseworkScope) -> Q | None:
    parts: list[Q] = []
    supervised = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    if supervised:
        parts.append(Q(owner_agency_id__in=supervised))
    working = scope.agencies_with(CaseworkRole.CASE_WORKER)
    if working:
        mine = Q(case_worker=user) | Q(
            id__in=Case.team_members.through.objects.filter(user_id=user.pk).values("case_id")
        )
        parts.append(Q(owner_agency_id__in=working) & mine)
    legal = scope.agencies_with(CaseworkRole.LEGAL_OFFICER)
    if legal:
        parts.append(Q(owner_agency_id__in=legal))
    coordinated = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if coordinated:
        parts.append(Q(country_id__in=coordinated))
    if scope.can_break_glass:
        parts.append(Q(id__in=active_break_glass(user).values("case_id")))
    granting = granting_referrals(user, scope, timezone.now())
    if granting is not None:  # a receiving agency's referral grant (`access_grants.py`)
        parts.append(Q(id__in=granting.values("case_id")))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return combined


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """The cases whose summary the user may see: need to know, nothing by country alone but
    the NRM coordinator's summaries."""
    scope = casework_scope(user)
    condition = _case_filter(user, scope)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition)


def clients_visible_to(user: Any) -> QuerySet[Client]:
    """Clients with a case the user may see, and a screener's own registrations of the last
    30 days."""
    scope = casework_scope(user)
    condition = Q(id__in=cases_visible_to(user).values("client_id"))
    screening = scope.agencies_with(CaseworkRole.SCREENER)
    if screening:
        condition |= Q(
            owner_agency_id__in=screening,
            created_by=user,
            created_at__gte=timezone.now() - SCREENER_WINDOW,
        )
    if not scope.is_casework_user:
        return Client.objects.none()
    return Client.objects.filter(condition)


def permitted_sections(user: Any, case: Case, now: dt.datetime | None = None) -> frozenset[str]:
    """The sections of `case` the user may see; empty when the case is out of reach. The
    one rule every page, API route and export applies (casework.md §6.3)."""
    return sections_for_cases(user, [case], now)[case.pk]


def sections_for_cases(
    user: Any, cases: Sequence[Case], now: dt.datetime | None = None
) -> dict[int, frozenset[str]]:
    """`permitted_sections` for many cases at once (case id -> sections), in at most three
    queries whatever their number: a list page asks for all its rows together."""
    scope = casework_scope(user)
    if not scope.is_casework_user or not cases:
        return {case.pk: frozenset() for case in cases}
    ids = [case.pk for case in cases]
    on_team: set[int] = set()
    if scope.has_role(CaseworkRole.CASE_WORKER):
        on_team = {c.pk for c in cases if c.case_worker_id == user.pk}
        on_team |= set(
            Case.team_members.through.objects.filter(user_id=user.pk, case_id__in=ids).values_list(
                "case_id", flat=True
            )
        )
    granted: set[int] = set()
    if scope.can_break_glass:
        granted = set(
            active_break_glass(user, now).filter(case_id__in=ids).values_list("case_id", flat=True)
        )
    coordinated = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    shared = granted_sections(user, scope, ids, now or timezone.now())
    result = {}
    for case in cases:
        roles = scope.roles_at(case.owner_agency_id)
        sections: set[str] = set()
        if CaseworkRole.CASE_SUPERVISOR in roles:
            sections |= ALL_SECTIONS
        if CaseworkRole.CASE_WORKER in roles and case.pk in on_team:
            sections |= ALL_SECTIONS
        if CaseworkRole.LEGAL_OFFICER in roles:
            sections |= LEGAL_SECTIONS
        if case.country_id in coordinated:
            sections.add(Section.SUMMARY)
        if case.pk in granted:
            sections |= BREAK_GLASS_SECTIONS
        result[case.pk] = frozenset(sections | shared.get(case.pk, set()))
    return result


def _on_team(user: Any, case: Case) -> bool:
    if case.case_worker_id == user.pk:
        return True
    return case.team_members.filter(pk=user.pk).exists()


def break_glass_grant(
    user: Any, case: Case, now: dt.datetime | None = None
) -> BreakGlassGrant | None:
    """The user's running break-glass grant on the case, if any."""
    return active_break_glass(user, now).filter(case=case).order_by("-expires_at").first()


def writable_sections(user: Any, case: Case) -> frozenset[str]:
    """What the user may change: only through their own agency's role (break-glass and the
    NRM coordinator read only); a legal officer the legal sections."""
    scope = casework_scope(user)
    roles = scope.roles_at(case.owner_agency_id)
    if CaseworkRole.CASE_SUPERVISOR in roles or (
        CaseworkRole.CASE_WORKER in roles and _on_team(user, case)
    ):
        return ALL_SECTIONS - {Section.SUMMARY}
    if CaseworkRole.LEGAL_OFFICER in roles:
        return frozenset({Section.LEGAL, Section.UNLAWFUL_ACTS})
    return frozenset()


def acting_agency_id(user: Any, case: Case) -> int | None:
    """The agency the user reads the case for: their role at the owner agency, else the
    agency of a break-glass grant, else the receiving agency of a referral grant, else the
    coordinator's agency in the case's country."""
    scope = casework_scope(user)
    if scope.roles_at(case.owner_agency_id):
        return case.owner_agency_id
    grant = break_glass_grant(user, case) if scope.can_break_glass else None
    if grant is not None:
        return grant.agency_id
    receiving = granting_agency(user, scope, case.pk, timezone.now())
    if receiving is not None:
        return receiving
    for agency_id in scope.agencies_with(CaseworkRole.NRM_COORDINATOR):
        if scope.agency_countries[agency_id] == case.country_id:
            return agency_id
    return None


def case_for(user: Any, pk: int | str) -> Case:
    """The case by id if the user may see it; 404 otherwise, as if it did not exist."""
    try:
        return (
            cases_visible_to(user)
            .select_related("client", "country", "owner_agency")
            .get(pk=int(pk))
        )
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such case.") from exc


# --- screenings --------------------------------------------------------------------------------

# Who screens for an agency: its screeners, case workers and case supervisors.
SCREENING_ROLES = (
    CaseworkRole.SCREENER,
    CaseworkRole.CASE_WORKER,
    CaseworkRole.CASE_SUPERVISOR,
)


def screenings_visible_to(user: Any) -> QuerySet[Screening]:
    """A screener's own screenings of the last 30 days, a case worker's own, and every
    screening of the agencies the user supervises (casework.md §6.2)."""
    scope = casework_scope(user)
    parts: list[Q] = []
    screening = scope.agencies_with(CaseworkRole.SCREENER)
    if screening:
        since = timezone.now() - SCREENER_WINDOW
        parts.append(Q(screener=user, screening_agency_id__in=screening, screened_at__gte=since))
    working = scope.agencies_with(CaseworkRole.CASE_WORKER)
    if working:
        parts.append(Q(screener=user, screening_agency_id__in=working))
    supervised = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    if supervised:
        parts.append(Q(screening_agency_id__in=supervised))
    if not parts:
        return Screening.objects.none()
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return Screening.objects.filter(combined)


def screening_for(user: Any, pk: int | str) -> Screening:
    """The screening by id if the user may see it; 404 otherwise, as if it did not exist."""
    try:
        return (
            screenings_visible_to(user)
            .select_related("country", "screening_agency", "indicator_set")
            .get(pk=int(pk))
        )
    except (Screening.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such screening.") from exc


def screening_groups_visible_to(user: Any) -> QuerySet[ScreeningGroup]:
    """The rosters of the agencies the user screens for: the whole agency interviews a mass
    return, so each of its screeners sees every group's list (tier-1 facts only)."""
    agencies = casework_scope(user).agencies_with(*SCREENING_ROLES)
    return ScreeningGroup.objects.filter(agency_id__in=agencies)


def require_screening_take_over(user: Any, screening: Screening) -> None:
    """404 unless the screening is on the roster of a group the user sees; 403 unless they
    screen for its agency (read afresh). Whether the interview has begun is the workflow's
    guard (`screening_moves`)."""
    if screening.group_id is None or not (
        screening_groups_visible_to(user).filter(pk=screening.group_id).exists()
    ):
        raise Http404("No such screening.")
    if not holds_role(user, screening.screening_agency_id, *SCREENING_ROLES):
        raise PermissionDenied("Only a screener, case worker or supervisor of the agency screens.")


def roster_screening_for(user: Any, pk: int | str) -> Screening:
    """A screening on the roster of a group the user sees (tier-1 facts only); 404 otherwise."""
    try:
        return (
            Screening.objects.filter(group__in=screening_groups_visible_to(user))
            .select_related("country", "screening_agency", "group")
            .get(pk=int(pk))
        )
    except (Screening.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such screening.") from exc


def screening_group_for(user: Any, pk: int | str) -> ScreeningGroup:
    """The group by id if the user may see it; 404 otherwise."""
    try:
        return screening_groups_visible_to(user).select_related("agency").get(pk=int(pk))
    except (ScreeningGroup.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such group.") from exc


# Who reads the acts a person says they were compelled to commit (casework.md §2.4): the
# screening agency's case workers, case supervisors and legal officers; a screener writes
# them but does not read them back.
UNLAWFUL_ACTS_READERS = frozenset(
    {CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR, CaseworkRole.LEGAL_OFFICER}
)


def screening_fields_readable(user: Any, screening: Screening) -> frozenset[str]:
    """The sealed fields of a screening the user may read (names of
    `SCREENING_SEALED_FIELDS`); empty when the screening is out of reach."""
    if not screenings_visible_to(user).filter(pk=screening.pk).exists():
        return frozenset()
    fields = {"answers", "exploitation_notes", "override_reason", "void_reason"}
    roles = casework_scope(user).roles_at(screening.screening_agency_id)
    if roles & UNLAWFUL_ACTS_READERS:
        fields.add("unlawful_acts")
    return frozenset(fields)


def require_screening_start(user: Any, agency_id: int) -> None:
    """403 unless the user screens for the agency (read afresh: a role just removed counts)."""
    if not holds_role(user, agency_id, *SCREENING_ROLES):
        raise PermissionDenied("Only a screener, case worker or supervisor of the agency screens.")


def require_screening_action(user: Any, screening: Screening, action: str) -> None:
    """404 for a screening the user may not see; 403 unless they may take `action` on it:
    its own screener (still screening for the agency) or the agency's case supervisor; only
    the supervisor voids one."""
    if not screenings_visible_to(user).filter(pk=screening.pk).exists():
        raise Http404("No such screening.")
    agency_id = screening.screening_agency_id
    if holds_role(user, agency_id, CaseworkRole.CASE_SUPERVISOR):
        return
    if action == "void":
        raise PermissionDenied("Only a case supervisor of the agency voids a screening.")
    if screening.screener_id != user.pk or not holds_role(user, agency_id, *SCREENING_ROLES):
        raise PermissionDenied("Only the screening's own screener or a supervisor acts on it.")


# --- the case's stages and its identification ---------------------------------------------------

# Case actions only the owner agency's case supervisor takes (casework.md §3.3).
SUPERVISOR_CASE_ACTIONS = frozenset(
    {"approve_plan", "reject_plan", "approve_closure", "reject_closure", "reopen"}
)


def require_case_action(user: Any, case: Case, action: str) -> None:
    """404 for a case the user may not see; 403 unless they work on it for the owner agency
    (its case supervisor, or a case worker on its team, read afresh); only the supervisor
    approves or rejects a plan or a closure and reopens a case."""
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    agency_id = case.owner_agency_id
    if holds_role(user, agency_id, CaseworkRole.CASE_SUPERVISOR):
        return
    if action in SUPERVISOR_CASE_ACTIONS:
        raise PermissionDenied("Only a case supervisor of the owner agency takes this action.")
    if not (holds_role(user, agency_id, CaseworkRole.CASE_WORKER) and _on_team(user, case)):
        raise PermissionDenied("Only the case's own case worker or its supervisor acts on it.")


def formal_identifier(agency_id: int, country_id: int) -> bool:
    """Whether the agency is named in the country's settings as making formal
    identifications (none is until a regional administrator names one)."""
    return CountryCaseworkSettings.objects.filter(
        country_id=country_id, formal_identifier_agencies=agency_id
    ).exists()


def require_identification_action(
    user: Any, decision: IdentificationDecision, agency_id: int, action: str
) -> None:
    """The user acts on the decision for `agency_id`. 403 unless they hold a screening or
    case role there; 404 unless the agency owns the decision's case (and the user may see
    it) or makes formal identifications in its country; 403 for a review asked by anyone but
    the person's case worker, supervisor or lawyer at the owner agency."""
    if not holds_role(user, agency_id, *SCREENING_ROLES, CaseworkRole.LEGAL_OFFICER):
        raise PermissionDenied("The user holds no screening or case role at this agency.")
    case = decision.case
    owner = case is not None and case.owner_agency_id == agency_id
    on_case = owner and cases_visible_to(user).filter(pk=case.pk).exists()
    identifier = formal_identifier(agency_id, decision.country_id)
    if not on_case and not identifier:
        raise Http404("No such identification decision.")
    lawyer = on_case and holds_role(user, agency_id, CaseworkRole.LEGAL_OFFICER)
    working = on_case and (
        holds_role(user, agency_id, CaseworkRole.CASE_SUPERVISOR)
        or (holds_role(user, agency_id, CaseworkRole.CASE_WORKER) and _on_team(user, case))
    )
    if action == "request_review":
        if not (working or lawyer):
            raise PermissionDenied(
                "Only the person's case worker, supervisor or lawyer asks for a review."
            )
        return
    if not working and not (identifier and holds_role(user, agency_id, *SCREENING_ROLES)):
        raise PermissionDenied("Only the case's team or a formal identifier acts on this.")


def require_speaking_for_person(user: Any, case: Case) -> None:
    """The person's case worker on the team, or a case supervisor or legal officer of the owner
    agency, speaks for them (records that they object to their country of origin being told):
    404 for a case the user may not see, 403 for anyone else."""
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    agency_id = case.owner_agency_id
    if holds_role(user, agency_id, CaseworkRole.CASE_SUPERVISOR, CaseworkRole.LEGAL_OFFICER):
        return
    if holds_role(user, agency_id, CaseworkRole.CASE_WORKER) and _on_team(user, case):
        return
    raise PermissionDenied("Only the person's case worker, supervisor or lawyer speaks for them.")
