"""The JSON Schema of a Pathways HTCDS export, derived from the HTCDS 2.0 field standard.

Each group of the document holds the standard's fields of one table (its prefix), every field
typed from the sheet: a picklist's value names as an enum, a multiselect as a list of them, an
ISO code list as a pattern. Beside them, a group may hold Pathways' local extensions, always
named `loc_…` so nothing local passes for a field of the standard. Retired fields are left
out. The schema is written to `htcds-2.0.schema.json` by `manage.py htcds_schema`; a test
derives it again and compares, so the committed file never drifts from the sheet.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pathways.casework.htcds import standard
from pathways.casework.models import Case, Client, IdentificationDecision, Section

SCHEMA_PATH = Path(__file__).resolve().parent / "htcds-2.0.schema.json"
LOCAL_PREFIX = "loc_"
# The document's groups: (key, HTCDS prefix, a list of records or one record).
GROUPS = (
    ("organisation", "org_", False),
    ("person", "prs_", False),
    ("victim", "vic_", False),
    ("perpetrators", "per_", True),
    ("case", "cas_", False),
    ("case_comments", "cco_", True),
    ("trafficking_events", "hte_", True),
    ("support_plans", "spl_", True),
    ("consent", "con_", False),
)
HTCDS_PREFIXES = tuple(prefix for _, prefix, _ in GROUPS)

STRING: dict[str, Any] = {"type": "string"}
DATE: dict[str, Any] = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DATETIME: dict[str, Any] = {"type": "string", "format": "date-time"}
CODE_LISTS = {"ISO 3166": r"^[A-Z]{2}$", "ISO 639": r"^[a-z]{2,3}(-[A-Z]{2})?$"}
TYPES: dict[str, dict[str, Any]] = {
    "checkbox": {"type": "boolean"},
    "number": {"type": "number"},
    "geolocation": {"type": "number"},
    "date": DATE,
}


def enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def local_fields() -> dict[str, dict[str, dict[str, Any]]]:
    """Pathways' own fields, by group: values of its own lists, and the sealed sections that
    have no field in the standard."""
    note_sections = [s.value for s in Section if s not in (Section.SUMMARY, Section.IDENTITY)]
    local_types = [v for v in Case.ExploitationType.values if v in LOCAL_EXPLOITATION_TYPES]
    return {
        "person": {
            "loc_Sex": enum(Client.Sex.values),
            "loc_AgeBand": enum(Client.AgeBand.values),
            "loc_IsStateless": {"type": "boolean"},
            "loc_LocalScriptName": STRING,
            "loc_Nickname": STRING,
            "loc_Address": STRING,
            "loc_BirthdatePrecision": enum(Client.BirthdatePrecision.values),
            "loc_IdentityDocumentType": enum(Client.DocumentType.values),
        },
        "victim": {
            "loc_TypeOfExploitation": enum(local_types),
            # The country where the person was exploited (ISO 3166; CTDC's
            # `CountryOfExploitation`): the standard's `vic_LocationOfExploitation` is free text.
            "loc_CountryOfExploitation": {"type": "string", "pattern": CODE_LISTS["ISO 3166"]},
            "loc_IdentificationLevel": enum(IdentificationDecision.Level.values),
            "loc_IdentificationDecidedOn": DATE,
            "loc_ExploitationDetails": STRING,
            "loc_UnlawfulActs": STRING,
        },
        "case": {
            "loc_CaseNumber": STRING,
            "loc_GlobalId": STRING,
            "loc_Stage": enum(Case.Stage.values),
            "loc_OpenedOn": DATE,
            "loc_ClosedOn": DATE,
            "loc_ReasonForCaseClosure": enum(Case.ClosureReason.values),
            "loc_SafeLocation": STRING,
            "loc_SafetyRiskLevel": STRING,
            "loc_SafetyNotes": STRING,
            "loc_MedicalNotes": STRING,
            "loc_LegalNotes": STRING,
        },
        "case_comments": {"loc_Section": enum(note_sections), "loc_WrittenAt": DATETIME},
    }


# Values of `Case.ExploitationType` that are not in the standard: exported as "Other" (or
# as nothing, for "not known yet") with the local value in `loc_TypeOfExploitation`.
LOCAL_EXPLOITATION_TYPES = frozenset(
    {Case.ExploitationType.FORCED_CRIMINALITY, Case.ExploitationType.UNKNOWN}
)


def field_schema(field: standard.Field) -> dict[str, Any]:
    kind = field.type.lower()
    if field.values:
        one = enum(field.values)
    elif field.code_list:
        one = {"type": "string", "pattern": CODE_LISTS[field.code_list]}
    else:
        one = dict(TYPES.get(kind, STRING))
    if field.is_multiselect:
        return {"title": field.label, "type": "array", "items": one, "uniqueItems": True}
    return {"title": field.label, **one}


def export_metadata() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["standard", "version", "case_number", "exported_by", "exported_at"],
        "properties": {
            "standard": {"const": "HTCDS"},
            "version": {"const": standard.VERSION},
            "case_number": STRING,
            "exported_by": STRING,
            "exported_at": DATETIME,
            "sections": {
                "type": "array",
                "items": enum(Section.values),
                "uniqueItems": True,
            },
        },
    }


def _group(prefix: str, local: dict[str, Any], fields: dict[str, standard.Field]) -> dict:
    properties = {
        name: field_schema(field)
        for name, field in fields.items()
        if field.prefix == prefix and not field.is_retired
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties | local,
    }


def derive_schema(fields: dict[str, standard.Field] | None = None) -> dict[str, Any]:
    """The schema of an export, from the standard's fields (the sheet's when not given)."""
    fields = standard.fields() if fields is None else fields
    local = local_fields()
    properties: dict[str, Any] = {"export": export_metadata()}
    for key, prefix, many in GROUPS:
        group = _group(prefix, local.get(key, {}), fields)
        properties[key] = {"type": "array", "items": group} if many else group
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pathways.example/schemas/htcds-2.0.schema.json",
        "title": "Pathways case export in the Human Trafficking Case Data Standard 2.0",
        "description": (
            "Derived from IOM's HTCDS Field Standards 2.0 (CC BY 4.0) by `manage.py "
            "htcds_schema`; fields named loc_… are Pathways' local extensions."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["export", "case"],
        "properties": properties,
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@cache
def committed_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(document: dict[str, Any]) -> list[str]:
    """What makes `document` invalid against the committed schema: each error's path and
    message (names and schema words only: the values are left out)."""
    validator = Draft202012Validator(committed_schema())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.validator}" for e in errors]
