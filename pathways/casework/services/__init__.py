"""Casework writes, one module per part of the domain. Audit entries name records by id and
the fields written, never a value or display text (`audit_record_without_values`): the audit
chain can never be edited later, so no victim's data may enter it."""

from pathways.casework.services.cases import case_note_add, case_open
from pathways.casework.services.clients import client_register
from pathways.casework.services.intake import (
    IntakeMatch,
    SearchKeys,
    SearchLimitReached,
    intake_register,
    intake_search,
)
from pathways.casework.services.rotation import RotationResult, data_key_rotate

__all__ = [
    "IntakeMatch",
    "RotationResult",
    "SearchKeys",
    "SearchLimitReached",
    "case_note_add",
    "case_open",
    "client_register",
    "data_key_rotate",
    "intake_register",
    "intake_search",
]
