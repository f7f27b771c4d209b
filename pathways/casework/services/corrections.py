"""The person's own data corrected at their request, through their case worker.

The identifiers are resealed (with new blind indexes); the reason is kept as a sealed note on
the case, so the case's timeline shows it; the audit event names the fields, never a value;
the access log records the update under the case.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import require_case_action
from pathways.casework.access_log import access_record
from pathways.casework.models import SEALED_FIELDS, AccessEvent, Case, Client, Section
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services.cases import case_note_add
from pathways.casework.services.clients import _check_identity, _clean_identity
from pathways.lib.text import clean_text

TIER_ONE = ("birthdate_precision", "identity_document_type")


def client_identity_correct(
    *,
    actor: Any,
    case: Case,
    identity: ClientIdentity,
    birthdate_precision: str = "",
    identity_document_type: str = "",
    reason: str,
    request: HttpRequest | None = None,
    source: str = AuditEvent.Source.WEB,
    via: str = "",
) -> list[str]:
    """Correct the identifiers of the case's client; the names of the fields changed. The
    access event is marked `via` (by default the web with a request, else the command line).

    404/403 as `require_case_action` (the person's case worker or the case supervisor);
    ValidationError naming the field, nothing written, for bad input, no reason, nothing
    changed, or a client already pseudonymised."""
    require_case_action(actor, case, "correct_identity")
    reason = clean_text(reason or "", multiline=True).strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the person asked for the correction.")})
    identity = _clean_identity(identity, case.client.country)
    _check_identity(identity, birthdate_precision, identity_document_type)
    with transaction.atomic():
        client = Client.objects.select_for_update().select_related("country").get(pk=case.client_id)
        if client.pseudonymised_at is not None:
            raise ValidationError(_("This person's identifiers were removed under retention."))
        held = sealing.identity_unrecorded(client, SEALED_FIELDS)
        changed = [f for f in SEALED_FIELDS if getattr(held, f) != getattr(identity, f)]
        tier_one = {"birthdate_precision": birthdate_precision}
        tier_one["identity_document_type"] = identity_document_type
        changed += [f for f in TIER_ONE if getattr(client, f) != tier_one[f]]
        if not changed:
            raise ValidationError(_("Nothing to correct: every value is as it is held."))
        sealing.seal_identity(client, identity)
        for name, value in tier_one.items():
            setattr(client, name, value)
        client.full_clean()
        client.save()
        read = [f for f in changed if f in SEALED_FIELDS]
        if read:
            access_record(
                user=actor,
                action=AccessEvent.Action.UPDATE,
                client_ids=[client.pk],
                fields=read,
                via=via or (AccessEvent.Via.WEB if request else AccessEvent.Via.COMMAND),
                request=request,
                agency_id=case.owner_agency_id,
                case_id=case.pk,
            )
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=client,
            fields=changed,
            source=source,
        )
        case_note_add(
            actor=actor,
            case=case,
            section=Section.NOTES,
            text=_("Identifiers corrected at the person's request. Reason: %(reason)s")
            % {"reason": reason},
            source=source,
        )
    return changed
