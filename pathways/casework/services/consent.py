"""Consent (casework.md §5): recording one consent of one kind, withdrawing it, and the
override that lets a case be shared without it for a while.

* `consent_record` follows §5.2: an adult gives it themselves; for a child (by the client's
  age band, tier 1: 0–11 or 12–17) the child's assent and a guardian, unless the guardian is
  suspected, in which case a best-interests decision approved by a named case supervisor of
  the owner agency stands in. The capacity note (sealed), the language and whether an
  interpreter was used are required; the method is verbal, thumbprint, signature or
  electronic, the recorder named. Sharing for a referral names its recipients (agencies
  and/or categories), who is excluded and which sections; it lasts until the case closes
  unless given an end.
* `consent_withdraw` is one action: the consent is withdrawn and every open referral that
  relied on it (draft, offered, accepted, in progress) is revoked through the referral table
  (`referral_revocation.referral_revoke`), its receiver told and its access ended.
* `consent_override` is taken only with the `consent_override` capability (the owner
  agency's case supervisors, `access_consent.CONSENT_OVERRIDE_ROLE`), on a legal basis from
  the list, with a reason (sealed); the case's other supervisors are told; it ends after the
  country's `consent_override_hours` (72 by default).

Errors name the field; nothing is written on a refusal. Audit entries name fields only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import (
    SCREENING_ROLES,
    clients_visible_to,
    holds_role,
)
from pathways.casework.access_consent import (
    CONSENT_OVERRIDE_ROLE,
    require_consent_action,
    require_consent_override,
)
from pathways.casework.models import (
    Attachment,
    Case,
    Client,
    ConsentOverride,
    ConsentRecord,
    CountryCaseworkSettings,
    Referral,
    Section,
    StaffMembership,
)
from pathways.casework.services.referral_revocation import referral_revoke
from pathways.casework.transitions import REFERRAL_REVOCABLE
from pathways.lib.text import clean_text
from pathways.notifications.services import notify
from pathways.programs.models import Organisation

KIND_OVERRIDE = "consent_override"
CHILD_BANDS = (Client.AgeBand.CHILD_0_11, Client.AgeBand.CHILD_12_17)
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
Given = ConsentRecord.GivenBy
SHARE = ConsentRecord.Kind.SHARE_FOR_REFERRAL
# The kinds that name their recipients and sections: sharing for a referral, and moving the
# case to another agency (the transfer's guard asks that it name the receiving agency).
NAMING_KINDS = (SHARE, ConsentRecord.Kind.TRANSFER_CASE)


def is_child(client: Client) -> bool:
    """A child by the client's age band (the tier-1 value every page and rule reads)."""
    return client.age_band in CHILD_BANDS


def _who_gave_errors(
    client: Client,
    case: Case | None,
    given_by: str,
    child_assent: bool,
    guardian_relationship: str,
    guardian_suspected: bool,
    approver: Any,
) -> dict[str, str]:
    if given_by not in Given.values:
        return {"given_by": _("Say who gave the consent.")}
    if not is_child(client):
        if given_by != Given.PERSON:
            return {"given_by": _("An adult gives consent themselves.")}
        return {}
    errors: dict[str, str] = {}
    if given_by == Given.PERSON:
        errors["given_by"] = _(
            "A child's consent is their assent and a guardian's, or a best-interests decision "
            "when the guardian is suspected."
        )
    elif given_by == Given.CHILD_AND_GUARDIAN:
        if guardian_suspected:
            errors["given_by"] = _(
                "The guardian is suspected of involvement: a best-interests decision stands in "
                "for their consent."
            )
        if not child_assent:
            errors["child_assent"] = _("Record that the child assents.")
        if guardian_relationship not in ConsentRecord.GuardianRelationship.values:
            errors["guardian_relationship"] = _("Say how the guardian is related to the child.")
    elif given_by == Given.BEST_INTERESTS:
        if not guardian_suspected:
            errors["guardian_suspected"] = _(
                "A best-interests decision stands in only when the guardian is suspected."
            )
        agency_id = case.owner_agency_id if case else client.owner_agency_id
        if approver is None or not holds_role(approver, agency_id, CONSENT_OVERRIDE_ROLE):
            errors["best_interests_approver"] = _(
                "Name the case supervisor of the agency who approved the best-interests decision."
            )
    return errors


def _sharing_errors(
    kind: str,
    decision: str,
    agencies: list[Organisation],
    categories: list[str],
    excluded: list[Organisation],
    sections: list[str],
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in NAMING_KINDS:
        if agencies or categories or excluded or sections:
            errors["sections"] = _(
                "Only a consent to share for a referral or to transfer the case names recipients."
            )
        return errors
    if [c for c in categories if c not in ConsentRecord.RecipientCategory.values]:
        errors["recipient_categories"] = _("Choose the recipient categories from the list.")
    if decision == ConsentRecord.Decision.GIVEN and not (agencies or categories):
        errors["recipient_agencies"] = _("Name the agencies or categories it may be shared with.")
    if {a.pk for a in agencies} & {a.pk for a in excluded}:
        errors["excluded_agencies"] = _("An agency cannot be both a recipient and excluded.")
    if [s for s in sections if s not in Section.values]:
        errors["sections"] = _("Choose the sections from the list.")
    elif decision == ConsentRecord.Decision.GIVEN and not sections:
        errors["sections"] = _("Choose the sections of the case that may be shared.")
    return errors


def _require_recorder(actor: Any, client: Client, case: Case | None) -> None:
    if case is not None:
        require_consent_action(actor, case)
        return
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise Http404("No such client.")
    if not holds_role(actor, client.owner_agency_id, *SCREENING_ROLES):
        raise PermissionDenied("Only the client's agency records their consent.")


def consent_record(
    *,
    actor: Any,
    kind: str,
    decision: str,
    given_by: str,
    method: str,
    language: str,
    interpreter_used: bool | None,
    capacity_note: str,
    case: Case | None = None,
    client: Client | None = None,
    given_at: dt.datetime | None = None,
    child_assent: bool = False,
    guardian_relationship: str = "",
    guardian_suspected: bool = False,
    best_interests_approver: Any = None,
    recipient_agencies: Iterable[Organisation] = (),
    recipient_categories: Iterable[str] = (),
    excluded_agencies: Iterable[Organisation] = (),
    sections: Iterable[str] = (),
    valid_until: dt.datetime | None = None,
    evidence: Attachment | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ConsentRecord:
    """Record one consent (given or refused) of a case's client, or of a client before any
    case. 404 / 403 as `access_consent.require_consent_action`; ValidationError naming each
    field at fault, nothing written."""
    if case is None and client is None:
        raise ValueError("A consent is of a case or of a client.")
    client = case.client if case is not None else client
    _require_recorder(actor, client, case)
    now = timezone.now()
    given_at = given_at or now
    agencies, excluded = list(recipient_agencies), list(excluded_agencies)
    categories, sections = list(dict.fromkeys(recipient_categories)), list(dict.fromkeys(sections))
    note = clean_text(capacity_note or "", multiline=True).strip()
    language = (language or "").strip()
    errors: dict[str, str] = {}
    if kind not in ConsentRecord.Kind.values:
        errors["kind"] = _("Choose the kind of consent.")
    if decision not in ConsentRecord.Decision.values:
        errors["decision"] = _("Say whether the consent was given or refused.")
    if method not in ConsentRecord.Method.values:
        errors["method"] = _(
            "Say how the consent was given: verbal, thumbprint, signature or electronic."
        )
    if not _LANGUAGE.match(language):
        errors["language"] = _(
            "Give the language the consent was explained in, as a code (km, en)."
        )
    if interpreter_used is None:
        errors["interpreter_used"] = _("Say whether an interpreter was used.")
    if not note:
        errors["capacity_note"] = _(
            "Note the person's capacity to consent (their understanding, age, state)."
        )
    if given_at > now:
        errors["given_at"] = _("A consent cannot be given in the future.")
    if valid_until is not None and valid_until <= given_at:
        errors["valid_until"] = _("The end of the consent comes after it was given.")
    if evidence is not None and (
        case is None or evidence.case_id != case.pk or evidence.kind != Attachment.Kind.CONSENT_SCAN
    ):
        errors["evidence"] = _("The evidence is a signed consent form attached to this case.")
    errors |= _who_gave_errors(
        client,
        case,
        given_by,
        child_assent,
        guardian_relationship,
        guardian_suspected,
        best_interests_approver,
    )
    errors |= _sharing_errors(kind, decision, agencies, categories, excluded, sections)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = ConsentRecord(
            client=client,
            case=case,
            country_id=client.country_id,
            kind=kind,
            decision=decision,
            recipient_categories=categories,
            sections=sections,
            given_by=given_by,
            guardian_relationship=guardian_relationship
            if given_by == Given.CHILD_AND_GUARDIAN
            else "",
            best_interests_approver=best_interests_approver
            if given_by == Given.BEST_INTERESTS
            else None,
            method=method,
            language=language,
            interpreter_used=bool(interpreter_used),
            given_at=given_at,
            valid_until=valid_until,
            evidence=evidence,
            recorded_by=actor,
        )
        sealing.seal_record(consent, {"capacity_note": note})
        consent.full_clean()
        consent.save()
        consent.recipient_agencies.set(agencies)
        consent.excluded_agencies.set(excluded)
        fields = ["client", "case", "kind", "decision", "given_by", "method", "language"]
        fields += ["interpreter_used", "given_at", "capacity_note", "recorded_by"]
        fields += [
            name
            for name, value in (
                ("guardian_relationship", consent.guardian_relationship),
                ("best_interests_approver", consent.best_interests_approver_id),
                ("recipient_agencies", agencies),
                ("recipient_categories", categories),
                ("excluded_agencies", excluded),
                ("sections", sections),
                ("valid_until", valid_until),
                ("evidence", evidence),
            )
            if value
        ]
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=consent,
            fields=fields,
            source=source,
        )
    return consent


def consent_withdraw(
    *,
    actor: Any,
    consent: ConsentRecord,
    note: str = "",
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ConsentRecord:
    """Withdraw a given consent and revoke every open referral that relied on it, in one
    transaction. ValidationError if it was refused, is already withdrawn, or changed since
    `version` was read."""
    _require_recorder(actor, consent.client, consent.case)
    note = clean_text(note or "", multiline=True).strip()
    now = now or timezone.now()
    with transaction.atomic():
        consent = (
            ConsentRecord.objects.select_for_update().select_related("country").get(pk=consent.pk)
        )
        if version is not None and consent.version != version:
            raise ValidationError(
                _(
                    "Someone else changed this consent while you were working on it; nothing "
                    "was saved. Reload it and try again."
                )
            )
        if consent.withdrawn_at is not None:
            raise ValidationError(_("This consent is already withdrawn."))
        if consent.decision != ConsentRecord.Decision.GIVEN:
            raise ValidationError(_("A refused consent has nothing to withdraw."))
        consent.withdrawn_at, consent.withdrawn_by = now, actor
        consent.version += 1
        sealing.seal_record(consent, {"withdrawal_note": note})
        consent.full_clean()
        consent.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=consent,
            fields=[
                "withdrawn_at",
                "withdrawn_by",
                "version",
                *(["withdrawal_note"] if note else []),
            ],
            source=source,
        )
        open_referrals = Referral.objects.select_for_update().filter(
            consent_record=consent, status__in=REFERRAL_REVOCABLE
        )
        for referral in open_referrals.select_related("case", "country").order_by("pk"):
            referral_revoke(
                actor=actor,
                referral=referral,
                reason=Referral.RevokeReason.CONSENT_WITHDRAWN,
                now=now,
                source=source,
            )
    return consent


def _notify_override(override: ConsentOverride, actor: Any) -> bool:
    case = override.case
    held = StaffMembership.objects.filter(
        agency_id=case.owner_agency_id, role=CONSENT_OVERRIDE_ROLE, user__is_active=True
    ).exclude(user=actor)
    recipients = [m.user for m in held.select_related("user").order_by("user_id")]
    if not recipients:
        return False
    case_number = case.case_number
    kind, basis = override.kind, override.legal_basis

    def subject() -> str:
        return _("Consent overridden on case %(case)s") % {"case": case_number}

    def body() -> str:
        return _(
            "Consent to “%(kind)s” was overridden on case %(case)s on the basis of %(basis)s. "
            "The override ends on its own unless renewed; review it."
        ) % {
            "kind": ConsentRecord.Kind(kind).label,
            "case": case_number,
            "basis": ConsentOverride.LegalBasis(basis).label,
        }

    notify(
        recipients=recipients,
        kind=KIND_OVERRIDE,
        subject=subject,
        body=body,
        link=reverse("casework:case_detail", args=[case.pk]),
        case_number=case_number,
    )
    return True


def consent_override(
    *,
    actor: Any,
    case: Case,
    kind: str,
    legal_basis: str,
    reason: str,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ConsentOverride:
    """Override consent of `kind` on `case` until the country's override hours have passed.
    404 out of sight, 403 without the capability; ValidationError naming the field."""
    require_consent_override(actor, case)
    reason = clean_text(reason or "", multiline=True).strip()
    errors: dict[str, str] = {}
    if kind not in ConsentRecord.Kind.values:
        errors["kind"] = _("Choose the kind of consent overridden.")
    if legal_basis not in ConsentOverride.LegalBasis.values:
        errors["legal_basis"] = _("Choose the legal basis from the list.")
    if not reason:
        errors["reason"] = _("Say why consent is overridden.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    hours = CountryCaseworkSettings.settings_for(case.country_id).consent_override_hours
    with transaction.atomic():
        override = ConsentOverride(
            client_id=case.client_id,
            case=case,
            country_id=case.country_id,
            kind=kind,
            legal_basis=legal_basis,
            by=actor,
            at=now,
            expires_at=now + dt.timedelta(hours=hours),
        )
        sealing.seal_record(override, {"reason": reason})
        override.full_clean()
        override.save()
        override.supervisor_notified = _notify_override(override, actor)
        override.save(update_fields=["supervisor_notified"])
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=override,
            fields=[
                "case",
                "kind",
                "legal_basis",
                "reason",
                "at",
                "expires_at",
                "supervisor_notified",
            ],
            source=source,
        )
    return override
