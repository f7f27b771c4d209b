"""Casework writes, one module per part of the domain. Audit entries name records by id and
the fields written, never a value or display text (`audit_record_without_values`): the audit
chain can never be edited later, so no victim's data may enter it."""

from pathways.casework.services.attachments import attachment_add
from pathways.casework.services.break_glass import break_glass_open, break_glass_review
from pathways.casework.services.cases import case_note_add, case_open
from pathways.casework.services.clients import client_register
from pathways.casework.services.identification import identification_preliminary_open
from pathways.casework.services.intake import (
    IntakeMatch,
    SearchKeys,
    SearchLimitReached,
    intake_register,
    intake_search,
)
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
    screening_triage,
    screening_void,
)
from pathways.casework.services.staff import (
    staff_break_glass_set,
    staff_role_add,
    staff_role_remove,
)

__all__ = [
    "IntakeMatch",
    "RotationResult",
    "SearchKeys",
    "SearchLimitReached",
    "attachment_add",
    "break_glass_open",
    "break_glass_review",
    "case_note_add",
    "case_open",
    "client_register",
    "data_key_rotate",
    "identification_preliminary_open",
    "intake_register",
    "intake_search",
    "screening_answer",
    "screening_mark_duplicate",
    "screening_no_consent_to_continue",
    "screening_offer_other_services",
    "screening_refer_for_identification",
    "screening_refuse_consent",
    "screening_start",
    "screening_submit",
    "screening_triage",
    "screening_void",
    "staff_break_glass_set",
    "staff_role_add",
    "staff_role_remove",
]
