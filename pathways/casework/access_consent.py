"""Consent as the gate of sharing (casework.md §5.4–5.5): which consent or override covers a
referral of a case to an agency, and who may record, withdraw or override consent.

`consent_covering` is the guard the referral `offer` calls: scope is enforced by the system,
not by training. It reads tier-1 columns only (kinds, recipients, sections, dates) and opens
nothing.

Who acts: the case's own case worker (on its team) or a case supervisor of the owner agency
records and withdraws consent (`access.require_case_action`). The `consent_override`
capability is held by the owner agency's case supervisors (§6.2: the supervisor "approves
plans, closures, overrides"); no other role overrides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pathways.casework.access import cases_visible_to, holds_role, require_case_action
from pathways.casework.models import Case, CaseworkRole, ConsentOverride, ConsentRecord
from pathways.programs.models import Organisation

# The recipient category an agency falls in by its type (a family is never an agency).
_CATEGORY_OF_TYPE = {
    Organisation.Type.GOVERNMENT: ConsentRecord.RecipientCategory.AUTHORITIES,
    Organisation.Type.INTERNATIONAL: ConsentRecord.RecipientCategory.INTERNATIONAL,
    Organisation.Type.REGIONAL_BODY: ConsentRecord.RecipientCategory.INTERNATIONAL,
    Organisation.Type.NGO: ConsentRecord.RecipientCategory.SERVICE_PROVIDERS,
    Organisation.Type.PRIVATE: ConsentRecord.RecipientCategory.SERVICE_PROVIDERS,
    Organisation.Type.IMPLEMENTER: ConsentRecord.RecipientCategory.SERVICE_PROVIDERS,
}
# The role holding the `consent_override` capability at the case's owner agency.
CONSENT_OVERRIDE_ROLE = CaseworkRole.CASE_SUPERVISOR


def recipient_category(agency: Organisation) -> str:
    """The recipient category (`ConsentRecord.RecipientCategory`) of an agency; "" if none."""
    return _CATEGORY_OF_TYPE.get(agency.type, "")


def consents_of(case: Case) -> QuerySet[ConsentRecord]:
    """The consents of a case: its own, and its client's given before any case existed."""
    return ConsentRecord.objects.filter(
        Q(case=case) | Q(case__isnull=True, client_id=case.client_id)
    )


def consent_in_force(consent: ConsentRecord, case: Case, at: dt.datetime) -> bool:
    """Given, not withdrawn, begun, and not past its end (the case's closure by default)."""
    if consent.decision != ConsentRecord.Decision.GIVEN or consent.given_at > at:
        return False
    if consent.withdrawn_at is not None and consent.withdrawn_at <= at:
        return False
    if consent.valid_until is not None:
        return at < consent.valid_until
    return case.status != Case.Status.CLOSED


def _covers(consent: ConsentRecord, agency: Organisation, sections: Iterable[str]) -> bool:
    if consent.excluded_agencies.filter(pk=agency.pk).exists():
        return False
    named = consent.recipient_agencies.filter(pk=agency.pk).exists()
    if not named and recipient_category(agency) not in consent.recipient_categories:
        return False
    return set(sections) <= set(consent.sections)


def consent_covering(
    *,
    case: Case,
    kind: str,
    agency: Organisation,
    sections: Iterable[str],
    at: dt.datetime | None = None,
) -> ConsentRecord | ConsentOverride | None:
    """The consent of `kind` that lets `case` be shared with `agency` for `sections` at `at`
    (now by default): given, not withdrawn, not expired, naming the agency or its category,
    not excluding it, and covering every section; else an override of that kind running at
    `at`; else None. The newest consent wins."""
    at = at or timezone.now()
    sections = list(sections)
    for consent in consents_of(case).filter(kind=kind).order_by("-given_at", "-id"):
        if consent_in_force(consent, case, at) and _covers(consent, agency, sections):
            return consent
    return (
        ConsentOverride.objects.filter(case=case, kind=kind, at__lte=at, expires_at__gt=at)
        .order_by("-expires_at")
        .first()
    )


def may_override(user: Any, case: Case) -> bool:
    """Whether the user holds the `consent_override` capability for `case` (a case
    supervisor of its owner agency, read afresh)."""
    return holds_role(user, case.owner_agency_id, CONSENT_OVERRIDE_ROLE)


def require_consent_action(user: Any, case: Case) -> None:
    """Record or withdraw a consent on `case`: 404 out of sight, 403 unless the case's own case
    worker or a supervisor of the owner agency."""
    require_case_action(user, case, "record_consent")


def require_consent_override(user: Any, case: Case) -> None:
    """404 for a case out of sight; 403 without the `consent_override` capability."""
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not may_override(user, case):
        raise PermissionDenied("Only a case supervisor of the owner agency overrides consent.")


def consent_for(user: Any, pk: int | str) -> ConsentRecord:
    """A consent of a case the user may see, by id; 404 otherwise."""
    try:
        return (
            ConsentRecord.objects.filter(case__in=cases_visible_to(user))
            .select_related("case", "country", "client")
            .get(pk=int(pk))
        )
    except (ConsentRecord.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such consent.") from exc
