"""An agency administrator's staff: casework roles added to existing accounts, removed, and
the break-glass capability granted or withdrawn. Each write is audited by ids and field
names only, like every casework write."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.access import forget_casework_scope, holds_role
from pathways.casework.models import CaseworkRole, StaffMembership
from pathways.programs.models import Organisation


def _require_agency_admin(actor: Any, agency_id: int) -> None:
    """Only an administrator of the agency (or the server's command line, `actor=None`)."""
    if actor is None:
        return
    if not holds_role(actor, agency_id, CaseworkRole.AGENCY_ADMIN):
        raise PermissionDenied(_("Only an administrator of this agency can change its staff."))


def staff_role_add(
    *,
    actor: Any,
    agency: Organisation,
    user: Any,
    role: str,
    source: str = AuditEvent.Source.WEB,
) -> StaffMembership:
    """Give an existing, active account a casework role at the agency."""
    _require_agency_admin(actor, agency.pk)
    if not user.is_active:
        raise ValidationError(_("This account is deactivated: it cannot be given a role."))
    with transaction.atomic():
        if StaffMembership.objects.filter(user=user, agency=agency, role=role).exists():
            raise ValidationError(_("This person already holds that role at the agency."))
        membership = StaffMembership(user=user, agency=agency, role=role)
        membership.full_clean()
        membership.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=membership,
            fields=["user", "agency", "role"],
            source=source,
        )
    forget_casework_scope(user)
    return membership


def staff_role_remove(
    *, actor: Any, membership: StaffMembership, source: str = AuditEvent.Source.WEB
) -> None:
    """Take one role away. An administrator cannot take away their own last administrator
    role: they would lock themselves out of these pages."""
    _require_agency_admin(actor, membership.agency_id)
    with transaction.atomic():
        membership = StaffMembership.objects.select_for_update().get(pk=membership.pk)
        if _is_own_last_admin_role(actor, membership):
            raise ValidationError(
                _(
                    "You cannot remove your own last agency administrator role. Ask another "
                    "administrator of the agency to do it."
                )
            )
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            instance=membership,
            fields=["user", "agency", "role"],
            source=source,
        )
        membership.delete()
    if actor is not None:
        forget_casework_scope(actor)


def _is_own_last_admin_role(actor: Any, membership: StaffMembership) -> bool:
    if actor is None or membership.user_id != actor.pk:
        return False
    if membership.role != CaseworkRole.AGENCY_ADMIN:
        return False
    held = StaffMembership.objects.filter(user=actor, role=CaseworkRole.AGENCY_ADMIN)
    return held.count() <= 1


def staff_break_glass_set(
    *,
    actor: Any,
    membership: StaffMembership,
    allowed: bool,
    source: str = AuditEvent.Source.WEB,
) -> list[StaffMembership]:
    """Grant or withdraw break-glass for the person at the agency: the capability is the
    person's, so it is set on each of their roles there. Returns the roles changed."""
    _require_agency_admin(actor, membership.agency_id)
    with transaction.atomic():
        changed = list(
            StaffMembership.objects.select_for_update()
            .filter(user_id=membership.user_id, agency_id=membership.agency_id)
            .exclude(can_break_glass=allowed)
            .order_by("pk")
        )
        for row in changed:
            row.can_break_glass = allowed
            row.full_clean()
            row.save(update_fields=["can_break_glass"])
            audit_record_without_values(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=row,
                fields=["can_break_glass"],
                source=source,
            )
    if actor is not None:
        forget_casework_scope(actor)
    return changed
