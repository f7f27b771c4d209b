"""Screening (casework.md §2.4, §3.1): one keyword-only service per action of the workflow,
each checking who may act (`access.require_screening_*`) and calling `transitions.fire`,
which changes the state, runs the action's effect and records the audit entry in one
transaction.

What a refusal keeps: a person who does not consent to the interview leaves only their sex,
age band, nationality and the type of place (with the record's own who and when), so the
statistics stay honest and nothing identifying is stored. Committing an offence is never a
reason to screen anyone out: the acts a person says they were compelled to commit are
written only into the restricted, sealed `unlawful_acts`, and no guard reads it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import reading, sealing
from pathways.casework.access import (
    clients_visible_to,
    require_screening_action,
    require_screening_start,
    require_screening_take_over,
)
from pathways.casework.indicators import ANSWERS, RuleResult, evaluate_set
from pathways.casework.models import (
    SCREENING_SEALED_FIELDS,
    Case,
    Client,
    IndicatorSet,
    Screening,
    ScreeningGroup,
)
from pathways.casework.residency import require_country_held
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services.cases import exploitation_errors
from pathways.casework.services.screening_moves import (
    CONSENT_ITEMS,
    REFUSALS,
    SCREENING,
    State,
)
from pathways.casework.transitions import (
    TransitionRefused,
    fire,
)
from pathways.lib.text import clean_text
from pathways.programs.models import Organisation

# --- the services -------------------------------------------------------------------------------


def screening_start(
    *,
    actor: Any,
    agency: Organisation,
    location_type: str,
    sex: str,
    age_band: str,
    nationality: str = "",
    consent_to_interview: str = "",
    informed_of: Iterable[str] = (),
    consent_set: IndicatorSet | None = None,
    indicator_set: IndicatorSet | None = None,
    screened_at: dt.datetime | None = None,
    province: str = "",
    interview_language: str = "",
    interpreter_used: bool = False,
    child_friendly_procedure: bool = False,
    group: ScreeningGroup | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Screening:
    """A new screening by `actor` for `agency`, a draft to answer. Consent may be recorded
    later (a roster's people are screened later); a refusal given now ends the interview at
    once, keeping only sex, age band, nationality and location type."""
    require_screening_start(actor, agency.pk)
    if agency.country_id is None:
        raise ValidationError({"agency": _("The screening agency must belong to a country.")})
    require_country_held(agency.country, field="agency")
    refused = consent_to_interview in REFUSALS
    values: dict[str, Any] = {"location_type": location_type, "sex": sex, "age_band": age_band}
    values["nationality"] = nationality
    if not refused:
        values.update(
            _interview_values(
                consent_to_interview=consent_to_interview,
                informed_of=informed_of,
                consent_set=consent_set,
                indicator_set=indicator_set,
                province=province,
                interview_language=interview_language,
                interpreter_used=interpreter_used,
                child_friendly_procedure=child_friendly_procedure,
            )
        )
    _check_group(group, agency)
    with transaction.atomic():
        screening = Screening(
            country=agency.country,
            screening_agency=agency,
            screener=actor,
            screened_at=screened_at or timezone.now(),
            is_group_screening=group is not None,
            group=group,
            **values,
        )
        sealing.seal_record(screening, {})
        screening.full_clean(exclude=[f"{f}_sealed" for f in SCREENING_SEALED_FIELDS])
        screening.save()
        written = ["country", "screening_agency", "screener", "screened_at", "state"]
        written += [name for name, value in values.items() if value not in ("", None, False)]
        written += ["group", "is_group_screening"] if group else []
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=screening,
            fields=written,
            source=source,
        )
        if refused:
            fire(
                SCREENING,
                screening,
                "refuse_consent",
                actor=actor,
                consent=consent_to_interview,
                source=source,
            )
    return screening


def _interview_values(
    *,
    consent_to_interview: str,
    informed_of: Iterable[str],
    consent_set: IndicatorSet | None,
    indicator_set: IndicatorSet | None,
    **values: Any,
) -> dict[str, Any]:
    informed = set(informed_of)
    errors: dict[str, str] = {}
    if informed - set(CONSENT_ITEMS):
        errors["informed_of"] = _("Choose the consent items from the list.")
    if consent_set is not None and consent_set.kind != IndicatorSet.Kind.CONSENT:
        errors["consent_set"] = _("Choose a consent script, not a set of indicators.")
    if indicator_set is not None and indicator_set.kind != IndicatorSet.Kind.INDICATORS:
        errors["indicator_set"] = _("Choose a set of indicators, not a consent script.")
    if consent_to_interview not in ("", Screening.Consent.YES):
        errors["consent_to_interview"] = _("Choose whether the person consents.")
    if errors:
        raise ValidationError(errors)
    for name in ("province", "interview_language"):
        values[name] = clean_text(values[name]).strip()
    return {
        **values,
        "consent_to_interview": consent_to_interview,
        "consent_set": consent_set,
        "indicator_set": indicator_set,
        **{f"informed_of_{item}": item in informed for item in CONSENT_ITEMS},
    }


def _check_group(group: ScreeningGroup | None, agency: Organisation) -> None:
    if group is not None and group.agency_id != agency.pk:
        raise ValidationError({"group": _("The group must be one of the screening agency's.")})


ANSWERABLE = {
    "consent_to_interview",
    "consent_set",
    "indicator_set",
    "province",
    "interview_language",
    "interpreter_used",
    "child_friendly_procedure",
    "immediate_needs",
    "urgent_referral_made",
    "exploitation_notes",
    "unlawful_acts",
    *(f"informed_of_{item}" for item in CONSENT_ITEMS),
}


def screening_take_over(
    *, actor: Any, screening: Screening, source: str = AuditEvent.Source.WEB
) -> Screening:
    """A screener of the agency takes a roster's person whose interview has not begun: the
    people of a mass return are listed by whoever uploaded the roster and interviewed by
    every screener of the agency, each becoming the screener of those they take."""
    require_screening_take_over(actor, screening)
    return fire(SCREENING, screening, "take_over", actor=actor, source=source)


def screening_answer(
    *,
    actor: Any,
    screening: Screening,
    answers: Mapping[str, str] | None = None,
    source: str = AuditEvent.Source.WEB,
    **values: Any,
) -> Screening:
    """Record answers (indicator code -> yes/no/unknown/refused, merged into those given
    before) and interview facts (`ANSWERABLE`) while the screening is a draft."""
    require_screening_action(actor, screening, "answer")
    unknown = sorted(set(values) - ANSWERABLE)
    if unknown:
        raise TypeError(f"Not answerable fields of a screening: {unknown}")
    changes = _clean_answer_values(screening, values)
    if answers:
        changes["answers"] = _merged_answers(screening, changes, answers)
    return fire(SCREENING, screening, "answer", actor=actor, changes=changes, source=source)


def _clean_answer_values(screening: Screening, values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    consent = values.get("consent_to_interview")
    if consent is not None and consent != Screening.Consent.YES:
        errors["consent_to_interview"] = _(
            "Record a refusal of the interview as such: it ends the interview."
        )
    chosen = values.get("indicator_set")
    if chosen is not None and chosen.kind != IndicatorSet.Kind.INDICATORS:
        errors["indicator_set"] = _("Choose a set of indicators, not a consent script.")
    chosen_script = values.get("consent_set")
    if chosen_script is not None and chosen_script.kind != IndicatorSet.Kind.CONSENT:
        errors["consent_set"] = _("Choose a consent script, not a set of indicators.")
    needs = values.get("immediate_needs")
    if needs is not None and not set(needs) <= set(Screening.Need.values):
        errors["immediate_needs"] = _("Choose the immediate needs from the list.")
    if errors:
        raise ValidationError(errors)
    cleaned = dict(values)
    for name in ("province", "interview_language", "exploitation_notes", "unlawful_acts"):
        if name in cleaned:
            multiline = name in ("exploitation_notes", "unlawful_acts")
            cleaned[name] = clean_text(cleaned[name] or "", multiline=multiline).strip()
    if needs is not None:
        cleaned["immediate_needs"] = sorted(set(needs))
    return cleaned


def _merged_answers(
    screening: Screening, changes: Mapping[str, Any], answers: Mapping[str, str]
) -> str:
    indicator_set = changes.get("indicator_set") or screening.indicator_set
    if indicator_set is None:
        raise ValidationError(
            {"answers": _("Choose the set of indicators before recording answers.")}
        )
    codes = set(indicator_set.indicators.values_list("code", flat=True))
    if set(answers) - codes:
        raise ValidationError({"answers": _("Some answers are to questions not in this set.")})
    if any(value not in ANSWERS for value in answers.values()):
        raise ValidationError(
            {"answers": _("Each answer is yes, no, unknown or refused to answer.")}
        )
    merged = reading.screening_answers_for_services(screening)
    if changes.get("indicator_set") and changes["indicator_set"].pk != screening.indicator_set_id:
        merged = {}  # another set: the earlier answers were to other questions
    merged.update(answers)
    return json.dumps(merged, sort_keys=True)


def screening_refuse_consent(
    *,
    actor: Any,
    screening: Screening,
    consent: str = Screening.Consent.NO,
    source: str = AuditEvent.Source.WEB,
) -> Screening:
    """The person does not consent to the interview (or refuses to answer): it ends here,
    and all but sex, age band, nationality and location type is cleared."""
    require_screening_action(actor, screening, "refuse_consent")
    return fire(SCREENING, screening, "refuse_consent", actor=actor, consent=consent, source=source)


def screening_submit(
    *, actor: Any, screening: Screening, source: str = AuditEvent.Source.WEB
) -> Screening:
    require_screening_action(actor, screening, "submit")
    return fire(SCREENING, screening, "submit", actor=actor, source=source)


def screening_suggestion(screening: Screening) -> RuleResult:
    """What the indicator set's rule suggests from the answers given."""
    if screening.indicator_set is None:
        raise TransitionRefused(_("This screening has no set of indicators to apply."))
    return evaluate_set(screening.indicator_set, reading.screening_answers_for_services(screening))


def screening_triage(
    *,
    actor: Any,
    screening: Screening,
    confirmed_outcome: str,
    override_reason: str = "",
    source: str = AuditEvent.Source.WEB,
) -> Screening:
    """The screener confirms the rule's suggestion, or overrides it with a reason; "no
    indicators" leads to NO_INDICATORS, anything else to INDICATORS_PRESENT."""
    require_screening_action(actor, screening, "triage")
    reason = clean_text(override_reason or "", multiline=True).strip()
    to = State.NO_INDICATORS
    if confirmed_outcome != Screening.Outcome.NO_INDICATORS:
        to = State.INDICATORS_PRESENT
    result = None
    if (screening.state, "triage") in SCREENING.table:  # else `fire` names the state
        result = screening_suggestion(screening)
    return fire(
        SCREENING,
        screening,
        "triage",
        actor=actor,
        to=to,
        result=result,
        confirmed=confirmed_outcome,
        reason=reason,
        source=source,
    )


def screening_refer_for_identification(
    *,
    actor: Any,
    screening: Screening,
    identity: ClientIdentity | None = None,
    client: Client | None = None,
    birthdate_precision: str = "",
    identity_document_type: str = "",
    decision_making_org_type: str = "",
    legal_basis: str = "",
    exploitation_type: str = Case.ExploitationType.UNKNOWN,
    exploitation_country: str = "",
    source: str = AuditEvent.Source.WEB,
) -> Screening:
    """A presumed victim: the client (registered now from `identity`, or an existing
    `client` the actor may see), a case in stage PRESUMED and a preliminary identification
    whose formal one is due in the country's `identification_due_days`."""
    require_screening_action(actor, screening, "refer_for_identification")
    if (identity is None) == (client is None):
        raise ValueError("Give the identity of a new client or an existing client, not both.")
    if client is not None:
        _check_existing_client(actor, screening, client)
    errors = exploitation_errors(exploitation_type, exploitation_country)
    if errors:
        raise ValidationError(errors)
    referral = {
        "client": client,
        "identity": identity,
        "birthdate_precision": birthdate_precision,
        "identity_document_type": identity_document_type,
        "decision_making_org_type": decision_making_org_type,
        "legal_basis": clean_text(legal_basis).strip(),
        "exploitation_type": exploitation_type,
        "exploitation_country": exploitation_country,
        "source": source,
    }
    return fire(
        SCREENING,
        screening,
        "refer_for_identification",
        actor=actor,
        referral=referral,
        source=source,
    )


def _check_existing_client(actor: Any, screening: Screening, client: Client) -> None:
    """404 for a client the actor may not see, as if it did not exist."""
    if client.country_id != screening.country_id:
        raise Http404("No such client.")
    if not clients_visible_to(actor).filter(pk=client.pk).exists():
        raise Http404("No such client.")


def screening_no_consent_to_continue(
    *, actor: Any, screening: Screening, source: str = AuditEvent.Source.WEB
) -> Screening:
    """The person does not wish to go on to identification; what they said stays sealed."""
    require_screening_action(actor, screening, "no_consent_to_continue")
    return fire(SCREENING, screening, "no_consent_to_continue", actor=actor, source=source)


def screening_offer_other_services(
    *, actor: Any, screening: Screening, source: str = AuditEvent.Source.WEB
) -> Screening:
    """No indicators: the person is offered other services and the screening closes."""
    require_screening_action(actor, screening, "offer_other_services")
    return fire(SCREENING, screening, "offer_other_services", actor=actor, source=source)


def screening_mark_duplicate(
    *, actor: Any, screening: Screening, client: Client, source: str = AuditEvent.Source.WEB
) -> Screening:
    """The person is already a client (one the actor may see): the screening is linked to
    them and ends."""
    require_screening_action(actor, screening, "mark_duplicate")
    _check_existing_client(actor, screening, client)
    return fire(SCREENING, screening, "mark_duplicate", actor=actor, client=client, source=source)


def screening_void(
    *, actor: Any, screening: Screening, reason: str, source: str = AuditEvent.Source.WEB
) -> Screening:
    """Void a screening entered in error (a case supervisor, with a reason, sealed)."""
    require_screening_action(actor, screening, "void")
    reason = clean_text(reason or "", multiline=True).strip()
    return fire(SCREENING, screening, "void", actor=actor, reason=reason, source=source)
