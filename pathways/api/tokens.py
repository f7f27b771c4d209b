"""Creating, revoking and checking API tokens."""

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

TOKEN_TAG = "pw"  # noqa: S105 - the public tag that starts every token, not a secret
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# Only the prefix and the hash go into the audit trail; the secret is never stored.
_AUDIT_EXCLUDE = ("token_hash",)


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


def api_token_create(
    *, actor: User | None, user: User, name: str = "", source: str = AuditEvent.Source.WEB
) -> IssuedToken:
    _require_own(actor, user)
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
    when the user's password changed since the token was made."""
    prefix = split_token(raw)
    if prefix is None:
        return None
    token = ApiToken.objects.active().select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(raw)):
        return None
    if token.ended_by_password_change:
        return None
    # Last use is operational metadata, not a change to audit; a minute's precision is
    # enough and spares a write on every request.
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
