"""Writes to users and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.accounts.models import Membership, Role, User
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.programs.models import Country, Organisation


def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    country: Country | None = None,
    organisation: Organisation | None = None,
    language: str = "",
    first_name: str = "",
    last_name: str = "",
    source: str = AuditEvent.Source.COMMAND,
) -> User:
    """Create a user with one membership; admins get the Django admin too.

    The server's command line (`actor=None`) or the regional MEL admin only: a membership
    is a scope, and nobody may hand one out from inside theirs."""
    if actor is not None:
        require(scope_for(actor).is_admin, _("Only the regional MEL admin creates users."))
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name)
        user.is_staff = role == Role.MEL_ADMIN
        user.is_superuser = role == Role.MEL_ADMIN
        user.set_password(password)
        user.full_clean()
        user.save()
        membership = Membership(
            user=user, role=role, country=country, organisation=organisation, language=language
        )
        membership.full_clean()
        membership.save()
        for instance in (user, membership):
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=instance,
                changes=diff({}, snapshot(instance)),
                source=source,
            )
    return user


def user_deactivate(
    *, actor: User | None, user: User, source: str = AuditEvent.Source.ADMIN
) -> User:
    """Close a user's account for good, keeping the user row.

    Users are deactivated, not deleted: the audit trail names them (the database refuses
    to delete a user who acted), and their records keep pointing at them. A deactivated
    user cannot sign in, their open sessions end at the next request, and their API tokens
    stop working.
    """
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.is_active:
            return user
        before = snapshot(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=user,
            changes=diff(before, snapshot(user)),
            source=source,
        )
    return user
