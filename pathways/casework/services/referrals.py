"""Offering a referral and answering it (casework.md §3.4, §5.4): the sender offers with the
person's consent, the receiving agency accepts or declines, and for an agency not on
Pathways the sender records its answer by hand. The work after acceptance is in
`referral_progress.py`, the re-route in `referral_reroute.py`.

Every write is one transaction through the referral table (`referral_machine`): a refusal
(ValidationError naming the field, TransitionRefused naming the status, PermissionDenied,
Http404) writes nothing. Notices name the case number and what to do, never the person or
anyone's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import referral_deadlines, sealing
from pathways.casework.access import holds_role, permitted_sections, require_case_action
from pathways.casework.access_consent import consent_covering, may_override
from pathways.casework.access_directory import directory_check
from pathways.casework.access_referrals import require_referral_action
from pathways.casework.models import (
    Case,
    CaseworkRole,
    ConsentOverride,
    ConsentRecord,
    CountryCaseworkSettings,
    Referral,
    Section,
    ServiceType,
)
from pathways.casework.services.referral_machine import (
    REFERRAL_MACHINE,
    check_version,
    receiving_people,
    referral_link,
    sender_people,
    settings_of,
    staged,
    when,
    words,
    zone_of,
)
from pathways.casework.transitions import TransitionRefused, fire
from pathways.notifications.services import notify
from pathways.programs.models import Organisation

SHARE = ConsentRecord.Kind.SHARE_FOR_REFERRAL
RECEIVER_ROLES = (CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)
KIND_OFFERED = "referral_offered"
KIND_ANSWERED = "referral_answered"


# --- offering -------------------------------------------------------------------------------------


def case_refusal(case: Case) -> str | None:
    """Why no referral is offered for `case` now (the offer's and the re-route's rule)."""
    if case.status != Case.Status.OPEN or case.stage == Case.Stage.TRANSFERRED:
        return _("Only an open case is referred.")
    return None


def _offer_errors(
    actor: Any,
    case: Case,
    to_agency: Organisation,
    service_type: str,
    urgency: str,
    reason: str,
    transport: str,
    sections: list[str],
    to_user: Any,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if refusal := case_refusal(case):
        errors["case"] = refusal
    if to_agency.pk == case.owner_agency_id:
        errors["to_agency"] = _("A referral goes to another agency.")
    if service_type not in ServiceType.values:
        errors["service_type"] = _("Choose the service from the list.")
    if urgency not in Referral.Urgency.values:
        errors["urgency"] = _("Choose how urgent the referral is.")
    if reason not in Referral.Reason.values:
        errors["reason"] = _("Choose the reason for the referral.")
    if transport not in Referral.Transport.values:
        errors["transport"] = _("Choose how the referral reaches the agency.")
    readable = permitted_sections(actor, case)
    if Section.SUMMARY not in sections:
        errors["shared_sections"] = _("The summary is always shared.")
    elif not set(sections) <= readable:
        errors["shared_sections"] = _("Share only sections of the case you may read yourself.")
    if to_user is not None and not holds_role(to_user, to_agency.pk, *RECEIVER_ROLES):
        errors["to_user"] = _("Assign it to a case worker or supervisor of that agency.")
    return errors


def _consent_for(
    actor: Any,
    case: Case,
    to_agency: Organisation,
    sections: list[str],
    use_override: bool,
    now: dt.datetime,
) -> tuple[ConsentRecord | None, ConsentOverride | None]:
    found = consent_covering(case=case, kind=SHARE, agency=to_agency, sections=sections, at=now)
    if isinstance(found, ConsentRecord):
        return found, None
    if found is not None and use_override:
        if not may_override(actor, case):
            raise ValidationError(
                {"use_override": _("Only a case supervisor of the agency refers on an override.")}
            )
        return None, found
    names = {
        "agency": to_agency.name,
        "sections": ", ".join(str(Section(s).label) for s in sections),
    }
    message = _(
        "The person has not consented to sharing %(sections)s with %(agency)s. Record their "
        "consent to share for a referral with that agency and those sections first."
    )
    if found is not None:
        message += " " + _("An override is running: refer on the override if it applies.")
    raise ValidationError({"consent": message % names})


def referral_offer(
    *,
    actor: Any,
    case: Case,
    to_agency: Organisation,
    service_type: str,
    urgency: str,
    shared_sections: Iterable[str],
    details: str = "",
    reason: str = Referral.Reason.ADDITIONAL_SERVICES,
    to_user: Any = None,
    transport: str = Referral.Transport.PATHWAYS,
    use_override: bool = False,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """Create the referral and offer it at once, under the consent (or, with `use_override`,
    a running override) that covers `to_agency` and `shared_sections`. The directory's
    warnings do not block: they are on the returned referral's `warnings`."""
    require_case_action(actor, case, "refer")
    now = now or timezone.now()
    sections = list(dict.fromkeys(shared_sections))
    errors = _offer_errors(
        actor, case, to_agency, service_type, urgency, reason, transport, sections, to_user
    )
    if errors:
        raise ValidationError(errors)
    consent, override = _consent_for(actor, case, to_agency, sections, use_override, now)
    check = directory_check(
        agency=to_agency,
        service_type=service_type,
        province=None,  # a case records no province
        client=case.client,
        on=timezone.localtime(now, zone_of(case)).date(),
    )
    if not check.allowed:
        raise ValidationError({"to_agency": check.refusals})
    settings = CountryCaseworkSettings.settings_for(case.country_id)
    with transaction.atomic():
        referral = Referral(
            country_id=case.country_id,
            case=case,
            from_agency_id=case.owner_agency_id,
            from_user=actor,
            to_agency=to_agency,
            to_user=to_user,
            service_type=service_type,
            urgency=urgency,
            reason=reason,
            consent_record=consent,
            consent_override=override,
            shared_sections=sections,
            transport=transport,
        )
        sealing.seal_record(referral, {"details": words(details)})
        referral.full_clean()
        referral.save()
        fields = ["case", "from_agency", "from_user", "to_agency", "service_type", "urgency"]
        fields += ["reason", "shared_sections", "transport", "consent_record" if consent else ""]
        fields += ["consent_override" if override else "", "to_user" if to_user else ""]
        fields += ["details" if referral.details_sealed else ""]
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=referral,
            fields=[f for f in fields if f],
            source=source,
        )
        due = referral_deadlines.respond_by(now, urgency, settings)
        with staged(referral, offered_at=now, respond_by=due):
            fire(
                REFERRAL_MACHINE,
                referral,
                "offer",
                actor=actor,
                source=source,
                origin=source,
                now=now,
            )
        notify_offered(referral)
    referral.warnings = list(check.warnings)
    return referral


def notify_offered(referral: Referral) -> None:
    if referral.transport == Referral.Transport.MANUAL:
        return  # the agency is not on Pathways: the package goes by another channel
    number = referral.case.case_number
    due = when(referral.respond_by, zone_of(referral))

    def subject() -> str:
        return _("New referral for case %(case)s") % {"case": number}

    def body() -> str:
        return _(
            "New referral for case %(case)s (%(service)s, %(urgency)s): answer by %(due)s. "
            "Open the referral to accept or decline it."
        ) % {
            "case": number,
            "service": ServiceType(referral.service_type).label,
            "urgency": Referral.Urgency(referral.urgency).label,
            "due": due,
        }

    notify(
        recipients=receiving_people(referral),
        kind=KIND_OFFERED,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=number,
    )


# --- answering ------------------------------------------------------------------------------------


def _complete_by(value: dt.date | dt.datetime | None, referral: Referral, now: dt.datetime):
    """A date is the end of that day in the country; it must come after now."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(23, 59), zone_of(referral))
    if value <= now:
        raise ValidationError({"complete_by": _("The completion date comes after today.")})
    return value


def _accepted(
    referral: Referral,
    *,
    actor: Any,
    action: str,
    note: str,
    now: dt.datetime,
    source: str,
    complete_by: dt.datetime | None = None,
    to_user: Any = None,
) -> None:
    first = referral_deadlines.first_contact_by(now, referral.urgency, settings_of(referral))
    values = {"responded_at": now, "first_contact_by": first, "complete_by": complete_by}
    with staged(referral, to_user_id=getattr(to_user, "pk", None), **values):
        fire(
            REFERRAL_MACHINE,
            referral,
            action,
            actor=actor,
            source=source,
            origin=source,
            note=note,
            now=now,
        )
    referral.to_user = to_user
    # A return's hand-over: accepted, the return is handed over in the same transaction.
    from pathways.casework.services.returns import return_handover_accepted

    return_handover_accepted(referral=referral, actor=actor, now=now, source=source)


def _declined(
    referral: Referral,
    *,
    actor: Any,
    reason: str,
    note: str,
    now: dt.datetime,
    source: str,
) -> None:
    if reason not in Referral.DeclineReason.values:
        raise ValidationError({"reason": _("Choose why the referral is declined.")})
    if reason == Referral.DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Say why, when the reason is “Other”.")})
    with staged(referral, responded_at=now, decline_reason=reason):
        sealing.seal_record(referral, {"decline_note": note})
        fire(
            REFERRAL_MACHINE,
            referral,
            "decline",
            actor=actor,
            source=source,
            origin=source,
            now=now,
        )


def _not_manual(referral: Referral) -> None:
    if referral.transport == Referral.Transport.MANUAL:
        raise TransitionRefused(
            _("This referral went by package: the sending agency records its answer by hand.")
        )


def referral_accept(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    complete_by: dt.date | dt.datetime | None = None,
    to_user: Any = None,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """The receiving agency accepts: the first contact falls due, the referral is assigned
    (to `to_user`, else whom the sender named, else the actor) and its shared sections open
    to them and the agency's supervisors; the sender is told."""
    require_referral_action(actor, referral, "accept")
    _not_manual(referral)
    check_version(referral, version)
    now = now or timezone.now()
    complete_by = _complete_by(complete_by, referral, now)
    to_user = to_user or referral.to_user or actor
    if not holds_role(to_user, referral.to_agency_id, *RECEIVER_ROLES):
        raise ValidationError(
            {"to_user": _("Assign it to a case worker or supervisor of your agency.")}
        )
    with transaction.atomic():
        _accepted(
            referral,
            actor=actor,
            action="accept",
            note=words(note),
            now=now,
            source=source,
            complete_by=complete_by,
            to_user=to_user,
        )
        notify_sender(referral, accepted=True)
    return referral


def referral_decline(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    reason: str,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """The receiving agency declines, with a reason ("other" needs a note, sealed); the
    sender is told (the reason's label, never the note)."""
    require_referral_action(actor, referral, "decline")
    _not_manual(referral)
    check_version(referral, version)
    now = now or timezone.now()
    with transaction.atomic():
        _declined(referral, actor=actor, reason=reason, note=words(note), now=now, source=source)
        notify_sender(referral, accepted=False)
    return referral


def referral_record_answer(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    accepted: bool,
    decline_reason: str = "",
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """The sender records the answer of an agency not on Pathways (a manual referral): the
    same effects as accepting (unassigned) or declining."""
    require_referral_action(actor, referral, "record_answer")
    if referral.transport != Referral.Transport.MANUAL:
        raise TransitionRefused(_("The receiving agency answers this referral on Pathways."))
    check_version(referral, version)
    now = now or timezone.now()
    note = words(note)
    with transaction.atomic():
        if accepted:
            _accepted(referral, actor=actor, action="accept", note=note, now=now, source=source)
        else:
            _declined(
                referral, actor=actor, reason=decline_reason, note=note, now=now, source=source
            )
    return referral


def notify_sender(referral: Referral, *, accepted: bool) -> None:
    number = referral.case.case_number
    agency = referral.to_agency.name
    reason = referral.decline_reason

    def subject() -> str:
        if accepted:
            return _("Referral for case %(case)s accepted") % {"case": number}
        return _("Referral for case %(case)s declined") % {"case": number}

    def body() -> str:
        if accepted:
            return _(
                "%(agency)s accepted the referral for case %(case)s. Nothing is needed from "
                "you now; you will be told when it is completed."
            ) % {"agency": agency, "case": number}
        return _(
            "%(agency)s declined the referral for case %(case)s (%(reason)s). Open the "
            "referral and refer the person to another agency if they still need the service."
        ) % {"agency": agency, "case": number, "reason": Referral.DeclineReason(reason).label}

    notify(
        recipients=sender_people(referral),
        kind=KIND_ANSWERED,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=number,
    )
