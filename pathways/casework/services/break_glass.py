"""Break-glass (casework.md §6.4): emergency read access of a named senior staff member to
one case of another agency, and its review.

`break_glass_open` grants the summary, identity, safety and medical sections for
`CASEWORK_BREAK_GLASS_HOURS`, read only (`access.permitted_sections` and `writable_sections`
apply it); the reason in the user's words is sealed; the owner agency's case supervisors and
the country's access auditors are notified at once. `break_glass_review` records whether the
use was justified, its comment sealed too. Notices carry the case number and what to do,
never the client's data nor the reason's words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access_staff import break_glass_reviewable
from pathways.casework.models import BreakGlassGrant, Case, CaseworkRole, StaffMembership
from pathways.lib.text import clean_text
from pathways.notifications.services import notify
from pathways.programs.models import Organisation

LINK_SALT = "casework.break_glass"
KIND_OPENED = "break_glass_opened"
KIND_REVIEWED = "break_glass_reviewed"


# --- the link from the intake search -------------------------------------------------------------


def break_glass_link_token(*, case: Case, user: Any) -> str:
    """The signed token of a link to break-glass on `case`, good for `user` only, for
    `CASEWORK_BREAK_GLASS_LINK_SECONDS` (the intake search makes it for a match elsewhere)."""
    return signing.dumps({"case": case.pk, "user": user.pk}, salt=LINK_SALT)


def case_id_from_link(token: str, user: Any) -> int | None:
    """The case a link names, if it is genuine, recent and made for `user`; None otherwise."""
    try:
        data = signing.loads(
            token, salt=LINK_SALT, max_age=settings.CASEWORK_BREAK_GLASS_LINK_SECONDS
        )
    except signing.BadSignature:  # also an expired one
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    case_id = data.get("case")
    return case_id if isinstance(case_id, int) else None


# --- who is told ---------------------------------------------------------------------------------


def _holders(role: str, **agency: Any) -> QuerySet:
    users = StaffMembership.objects.filter(role=role, **agency).values("user_id")
    return get_user_model().objects.filter(pk__in=users, is_active=True).order_by("pk")


def break_glass_watchers(case: Case) -> list[Any]:
    """Who is told of a break-glass use on `case`: the owner agency's case supervisors and
    the access auditors of the case's country."""
    supervisors = _holders(CaseworkRole.CASE_SUPERVISOR, agency_id=case.owner_agency_id)
    auditors = _holders(CaseworkRole.ACCESS_AUDITOR, agency__country_id=case.country_id)
    return list({u.pk: u for u in [*supervisors, *auditors]}.values())


def break_glass_agency(user: Any, case: Case) -> Organisation | None:
    """The agency the user may break glass for on `case`: one in the case's country where
    they hold the capability, other than the owner agency; None if there is none."""
    membership = (
        StaffMembership.objects.filter(
            user=user,
            can_break_glass=True,
            user__is_active=True,
            agency__country_id=case.country_id,
        )
        .exclude(agency_id=case.owner_agency_id)
        .select_related("agency")
        .order_by("agency_id")
        .first()
    )
    return membership.agency if membership else None


# --- opening -------------------------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _notify_opened(grant: BreakGlassGrant) -> None:
    case_number = grant.case.case_number
    who = grant.user.display_name
    agency = str(grant.agency)

    def subject() -> str:
        return _("Case %(case)s was opened under break-glass") % {"case": case_number}

    def body() -> str:
        return _(
            "%(user)s of %(agency)s opened case %(case)s under break-glass at %(start)s; the "
            "access ends at %(end)s. Review this use (justified or not) by %(due)s."
        ) % {
            "user": who,
            "agency": agency,
            "case": case_number,
            "start": _when(grant.granted_at),
            "end": _when(grant.expires_at),
            "due": _when(grant.review_due_at()),
        }

    notify(
        recipients=break_glass_watchers(grant.case),
        kind=KIND_OPENED,
        subject=subject,
        body=body,
        link=reverse("casework:break_glass_review", args=[grant.pk]),
        case_number=case_number,
    )


def break_glass_open(
    *,
    actor: Any,
    case: Case,
    agency: Organisation,
    reason_code: str,
    reason: str,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> BreakGlassGrant:
    """Grant `actor`, acting for `agency`, read access to `case` for the break-glass hours.

    PermissionDenied unless the actor holds the capability at `agency`, an agency of the
    case's country other than its owner; ValidationError naming the field for a missing
    reason. A closed case may be opened: the person may be back.
    """
    if not StaffMembership.objects.filter(
        user=actor, agency=agency, can_break_glass=True, user__is_active=True
    ).exists():
        raise PermissionDenied(_("You may not open cases under break-glass for this agency."))
    if agency.pk == case.owner_agency_id or agency.country_id != case.country_id:
        raise PermissionDenied(_("Break-glass opens a case of another agency of your country."))
    reason = clean_text(reason or "", multiline=True).strip()
    errors = {}
    if reason_code not in BreakGlassGrant.Reason.values:
        errors["reason_code"] = _("Choose the kind of emergency from the list.")
    if not reason:
        errors["reason"] = _("Say why you need to open this case now.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant(
            user=actor,
            agency=agency,
            case=case,
            reason_code=reason_code,
            granted_at=now,
            expires_at=now + dt.timedelta(hours=settings.CASEWORK_BREAK_GLASS_HOURS),
        )
        sealing.seal_record(grant, {"reason": reason})
        grant.full_clean()
        grant.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=grant,
            fields=["user", "agency", "case", "reason_code", "reason", "expires_at"],
            source=source,
        )
        _notify_opened(grant)
    return grant


# --- review --------------------------------------------------------------------------------------


def may_review(actor: Any, grant: BreakGlassGrant) -> bool:
    """A case supervisor of the owner agency or an access auditor of the case's country
    (`access_staff.break_glass_reviewable`), never the user who broke the glass."""
    if actor.pk == grant.user_id:
        return False
    return break_glass_reviewable(actor).filter(pk=grant.pk).exists()


def _notify_reviewed(grant: BreakGlassGrant) -> None:
    case_number = grant.case.case_number
    outcome = grant.review_outcome
    recipients = [grant.user]
    if outcome == BreakGlassGrant.Review.NOT_JUSTIFIED:
        # Unjustified uses go to the head of the agency that used break-glass.
        recipients += list(_holders(CaseworkRole.CASE_SUPERVISOR, agency_id=grant.agency_id))

    def subject() -> str:
        return _("Break-glass use on case %(case)s reviewed") % {"case": case_number}

    def body() -> str:
        label = BreakGlassGrant.Review(outcome).label
        return _(
            "The use of break-glass by %(user)s on case %(case)s, started %(start)s, was "
            "reviewed: %(outcome)s."
        ) % {
            "user": grant.user.display_name,
            "case": case_number,
            "start": _when(grant.granted_at),
            "outcome": label,
        }

    notify(
        recipients=recipients,
        kind=KIND_REVIEWED,
        subject=subject,
        body=body,
        case_number=case_number,
    )


def break_glass_review(
    *,
    actor: Any,
    grant: BreakGlassGrant,
    outcome: str,
    note: str,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> BreakGlassGrant:
    """Record whether the use was justified, with the reviewer's comment (sealed). Once:
    a review is final. PermissionDenied for anyone but a reviewer of the use."""
    if not may_review(actor, grant):
        raise PermissionDenied(
            _("Only the owner agency's supervisors and the access auditors review this use.")
        )
    note = clean_text(note or "", multiline=True).strip()
    errors = {}
    if outcome not in BreakGlassGrant.Review.values:
        errors["outcome"] = _("Choose whether the use was justified.")
    if not note:
        errors["note"] = _("Say why you decided so.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = (
            BreakGlassGrant.objects.select_for_update()
            .select_related("case__country", "user", "agency")
            .get(pk=grant.pk)
        )
        if grant.review_outcome:
            raise ValidationError(_("This use has already been reviewed."))
        grant.review_outcome = outcome
        grant.reviewed_by = actor
        grant.reviewed_at = now or timezone.now()
        sealing.seal_record(grant, {"review_note": note})
        grant.full_clean()
        grant.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=grant,
            fields=["review_outcome", "review_note", "reviewed_by", "reviewed_at"],
            source=source,
        )
        _notify_reviewed(grant)
    return grant
