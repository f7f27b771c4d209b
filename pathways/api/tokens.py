"""Creating, revoking and checking API tokens.

A user with a casework role gets a token only from a session signed in with two factors, and
it works for `CASEWORK_API_TOKEN_HOURS` (8) from its creation (casework.md, "Signing in")."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.models import User
from pathways.api.models import ApiToken
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.casework.signin import is_casework_user, token_lifetime

TOKEN_TAG = "pw"  # noqa: S105 - the public tag that starts every token, not a secret
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# Only the prefix and the hash go into the audit trail; the secret is never stored.
_AUDIT_EXCLUDE = ("token_hash",)


class TokenRefused(Exception):
    """A token that exists and matches but no longer works; the message says why."""


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the full token, shown once


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def split_token(raw: str) -> str | None:
    """The prefix of a well-formed token, or None."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_TAG or not parts[1] or not parts[2]:
        return None
    return parts[1]


def _require_own(actor: User | None, user: User) -> None:
    """A token acts as its user: only they (or the server's command line, `actor=None`)
    create or revoke one, or anyone could borrow another user's scope."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("You can only manage your own API tokens."))


def _require_two_factor(user: User, two_factor_verified: bool) -> None:
    if not two_factor_verified and is_casework_user(user):
        raise PermissionDenied(
            _(
                "You hold a casework role: an API token can only be made from a sign-in "
                "with two-factor. Sign in with your code, then create the token."
            )
        )


def expires_at(token: ApiToken) -> dt.datetime | None:
    """When a casework user's token stops working; None for a token without an end."""
    if not is_casework_user(token.user):
        return None
    return token.created_at + token_lifetime()


def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str = "",
    source: str = AuditEvent.Source.WEB,
    two_factor_verified: bool = False,
) -> IssuedToken:
    """`two_factor_verified`: the request creating it was signed in with two factors
    (`request.user.is_verified()`), required for a user with a casework role."""
    _require_own(actor, user)
    _require_two_factor(user, two_factor_verified)
    with transaction.atomic():
        prefix = secrets.token_hex(4)
        raw = f"{TOKEN_TAG}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken(
            user=user,
            name=name.strip(),
            prefix=prefix,
            token_hash=hash_token(raw),
            password_fingerprint=user.password_fingerprint,
        )
        token.full_clean()
        token.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=token,
            changes=diff({}, snapshot(token, exclude=_AUDIT_EXCLUDE)),
            source=source,
        )
    return IssuedToken(token=token, secret=raw)


def api_token_revoke(
    *, actor: User | None, token: ApiToken, source: str = AuditEvent.Source.WEB
) -> ApiToken:
    _require_own(actor, token.user)
    if token.revoked_at is not None:
        raise ValidationError(_("Token %(prefix)s is already revoked.") % {"prefix": token.prefix})
    with transaction.atomic():
        before = snapshot(token, exclude=_AUDIT_EXCLUDE)
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=token,
            changes=diff(before, snapshot(token, exclude=_AUDIT_EXCLUDE)),
            source=source,
        )
    return token


def api_tokens_revoke_all(
    *, actor: User | None, user: User, source: str = AuditEvent.Source.WEB
) -> list[ApiToken]:
    """Revoke every token of `user` not yet revoked (those a password change ended too)."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at=None))
        for token in tokens:
            api_token_revoke(actor=actor, token=token, source=source)
    return tokens


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The active token matching `raw`, with its last use recorded; None otherwise, also
    when the user's password changed since the token was made. Raises TokenRefused for a
    casework user's token past its hours."""
    prefix = split_token(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    if token.ended_by_password_change:
        return None
    end = expires_at(token)
    if end is not None and timezone.now() >= end:
        raise TokenRefused(
            _(
                "This token has expired: a casework user's token works for %(hours)d hours. "
                "Create a new one on your profile page after signing in with two-factor."
            )
            % {"hours": int(token_lifetime().total_seconds() // 3600)}
        )
    # Last use is operational metadata, not a change to audit; a minute's precision is
    # enough and spares a write on every request.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
