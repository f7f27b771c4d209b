"""Casework writes, one module per part of the domain. Audit entries name records by id and
the fields written, never a value or display text (`audit_record_without_values`): the audit
chain can never be edited later, so no victim's data may enter it."""

from pathways.casework.services.cases import case_note_add, case_open
from pathways.casework.services.clients import client_register
from pathways.casework.services.rotation import RotationResult, data_key_rotate
from pathways.casework.services.staff import (
    staff_break_glass_set,
    staff_role_add,
    staff_role_remove,
)

__all__ = [
    "RotationResult",
    "case_note_add",
    "case_open",
    "client_register",
    "data_key_rotate",
    "staff_break_glass_set",
    "staff_role_add",
    "staff_role_remove",
]
