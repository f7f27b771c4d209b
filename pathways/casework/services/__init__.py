"""Casework writes, one module per part of the domain. Audit entries name records by id and
the fields written, never a value or display text (`audit_record_without_values`): the audit
chain can never be edited later, so no victim's data may enter it."""

from pathways.casework.services.attachments import attachment_add
from pathways.casework.services.break_glass import break_glass_open, break_glass_review
from pathways.casework.services.care import (
    GoalInput,
    assessment_record,
    care_plan_approve,
    care_plan_return,
    care_plan_save,
    care_plan_submit,
    goal_status_set,
)
from pathways.casework.services.care_records import (
    followup_add,
    followup_done,
    service_record,
    trafficking_event_save,
)
from pathways.casework.services.case_stages import (
    case_approve_closure,
    case_approve_plan,
    case_confirm_identification,
    case_identification_negative_and_close,
    case_reject_closure,
    case_reject_plan,
    case_reopen,
    case_request_closure,
    case_start_assessment,
    case_start_monitoring,
    case_start_reintegration,
    case_submit_plan,
)
from pathways.casework.services.cases import case_exploitation_update, case_note_add, case_open
from pathways.casework.services.clients import client_register
from pathways.casework.services.consent import (
    consent_override,
    consent_record,
    consent_withdraw,
)
from pathways.casework.services.corrections import client_identity_correct
from pathways.casework.services.deadline_notices import DeadlineRun, deadline_notices_send
from pathways.casework.services.identification import (
    IdentificationOutcome,
    identification_preliminary_open,
    identification_recognise_foreign_decision,
    identification_record_decision,
    identification_record_objection,
    identification_record_review,
    identification_request_review,
    identification_reschedule,
    identification_schedule_interview,
)
from pathways.casework.services.intake import (
    IntakeMatch,
    SearchKeys,
    SearchLimitReached,
    intake_register,
    intake_search,
)
from pathways.casework.services.referral_progress import (
    referral_acknowledge,
    referral_cannot_complete,
    referral_complete,
    referral_message,
    referral_record_first_contact,
)
from pathways.casework.services.referral_reroute import referral_reroute
from pathways.casework.services.referral_revocation import referral_revoke
from pathways.casework.services.referrals import (
    referral_accept,
    referral_decline,
    referral_offer,
    referral_record_answer,
)
from pathways.casework.services.retention import RetentionResult, retention_apply
from pathways.casework.services.roster import RosterSummary, roster_check, roster_import
from pathways.casework.services.roster_reading import RosterError
from pathways.casework.services.rotation import RotationResult, data_key_rotate
from pathways.casework.services.screening import (
    screening_answer,
    screening_mark_duplicate,
    screening_no_consent_to_continue,
    screening_offer_other_services,
    screening_refer_for_identification,
    screening_refuse_consent,
    screening_start,
    screening_submit,
    screening_take_over,
    screening_triage,
    screening_void,
)
from pathways.casework.services.staff import (
    staff_break_glass_set,
    staff_role_add,
    staff_role_remove,
)
from pathways.casework.services.transfers import (
    transfer_accept,
    transfer_reject,
    transfer_request,
    transfer_revoke,
)

__all__ = [
    "DeadlineRun",
    "GoalInput",
    "IdentificationOutcome",
    "IntakeMatch",
    "RetentionResult",
    "RosterError",
    "RosterSummary",
    "RotationResult",
    "SearchKeys",
    "SearchLimitReached",
    "assessment_record",
    "attachment_add",
    "break_glass_open",
    "break_glass_review",
    "care_plan_approve",
    "care_plan_return",
    "care_plan_save",
    "care_plan_submit",
    "case_approve_closure",
    "case_approve_plan",
    "case_confirm_identification",
    "case_exploitation_update",
    "case_identification_negative_and_close",
    "case_note_add",
    "case_open",
    "case_reject_closure",
    "case_reject_plan",
    "case_reopen",
    "case_request_closure",
    "case_start_assessment",
    "case_start_monitoring",
    "case_start_reintegration",
    "case_submit_plan",
    "client_identity_correct",
    "client_register",
    "consent_override",
    "consent_record",
    "consent_withdraw",
    "data_key_rotate",
    "deadline_notices_send",
    "followup_add",
    "followup_done",
    "goal_status_set",
    "identification_preliminary_open",
    "identification_recognise_foreign_decision",
    "identification_record_decision",
    "identification_record_objection",
    "identification_record_review",
    "identification_request_review",
    "identification_reschedule",
    "identification_schedule_interview",
    "intake_register",
    "intake_search",
    "referral_accept",
    "referral_acknowledge",
    "referral_cannot_complete",
    "referral_complete",
    "referral_decline",
    "referral_message",
    "referral_offer",
    "referral_record_answer",
    "referral_record_first_contact",
    "referral_reroute",
    "referral_revoke",
    "retention_apply",
    "roster_check",
    "roster_import",
    "screening_answer",
    "screening_mark_duplicate",
    "screening_no_consent_to_continue",
    "screening_offer_other_services",
    "screening_refer_for_identification",
    "screening_refuse_consent",
    "screening_start",
    "screening_submit",
    "screening_take_over",
    "screening_triage",
    "screening_void",
    "service_record",
    "staff_break_glass_set",
    "staff_role_add",
    "staff_role_remove",
    "trafficking_event_save",
    "transfer_accept",
    "transfer_reject",
    "transfer_request",
    "transfer_revoke",
]
