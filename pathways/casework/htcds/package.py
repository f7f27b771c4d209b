"""The referral package: a referral's shared sections, in the HTCDS, for an agency that is not
on this deployment (casework.md §3.4 external referral, §7.3), and reading one back.

The file is a frame around a password-encrypted body (`lib/passworded.py`, the same encryption
as an exported case):

    FRAME_MAGIC (8 bytes) | body length (8, big-endian) | SHA-256 of the body (32) | body

The frame lets the receiver tell a file cut short or altered on its way (the length and the
digest, checked before any password) from a wrong password (the body's authentication then
fails). The body opens, with the password sent by another channel, to UTF-8 JSON:

    {"package": {"format": "pathways-referral-package", "version": 1},
     "referral": {the referral's own facts: global id, agencies, service, urgency, deadlines,
                  the sections shared},
     "htcds": {an HTCDS 2.0 document of the sections shared, `htcds-2.0.schema.json`}}

Reading checks the frame, the password, the format and version, the referral's facts and the
HTCDS document against the committed schema, and that the document holds no section the
referral did not share; each failure is a `PackageRefused` with its own code and message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator

from pathways.casework.htcds.export import CASE_LOCAL_FIELDS, IDENTITY_FIELDS
from pathways.casework.htcds.schema import schema_errors
from pathways.casework.models import CASE_SEALED_FIELDS, Case, Referral, Section, ServiceType
from pathways.lib import passworded
from pathways.lib.countries import country_name

FORMAT = "pathways-referral-package"
VERSION = 1
FRAME_MAGIC = b"PWREFPK1"
LENGTH_BYTES, DIGEST_BYTES = 8, 32
HEADER_BYTES = len(FRAME_MAGIC) + LENGTH_BYTES + DIGEST_BYTES
EXTENSION = "pwref"

NULLABLE_TIME: dict[str, Any] = {"type": ["string", "null"], "format": "date-time"}
REFERRAL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["global_id", "from_agency", "service_type", "urgency", "shared_sections"],
    "properties": {
        "global_id": {"type": "string", "format": "uuid", "minLength": 32},
        "from_agency": {"type": "string", "minLength": 1, "maxLength": 200},
        "from_country": {"type": "string", "pattern": "^([A-Z]{2})?$"},
        "referred_by": {"type": "string"},
        "to_agency": {"type": "string"},
        "case_number": {"type": "string", "maxLength": 40},
        "service_type": {"enum": list(ServiceType.values)},
        "urgency": {"enum": list(Referral.Urgency.values)},
        "reason": {"enum": list(Referral.Reason.values)},
        "offered_at": NULLABLE_TIME,
        "respond_by": NULLABLE_TIME,
        "first_contact_by": NULLABLE_TIME,
        "complete_by": NULLABLE_TIME,
        "shared_sections": {
            "type": "array",
            "items": {"enum": list(Section.values)},
            "uniqueItems": True,
        },
    },
}
PACKAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["package", "referral", "htcds"],
    "properties": {
        "package": {"type": "object"},
        "referral": REFERRAL_SCHEMA,
        "htcds": {"type": "object"},
    },
}


class PackageRefused(Exception):
    """The file is not a package this deployment can import; `code` says why (for the API),
    the message says it to a person. Never holds a value of the package."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# --- the frame ---------------------------------------------------------------------------------


def seal(plain: bytes, password: str) -> bytes:
    """The package file: `plain` encrypted under `password`, framed."""
    body = passworded.encrypt(plain, password)
    length = len(body).to_bytes(LENGTH_BYTES, "big")
    return FRAME_MAGIC + length + hashlib.sha256(body).digest() + body


def _body(data: bytes) -> bytes:
    """The encrypted body, once the frame says it arrived whole and unaltered."""
    if not data.startswith(FRAME_MAGIC):
        if data.startswith(passworded.MAGIC):
            raise PackageRefused(
                "not_a_package",
                _("This is an exported case, not a referral package: it cannot be imported."),
            )
        raise PackageRefused("not_a_package", _("This file is not a Pathways referral package."))
    if len(data) < HEADER_BYTES:
        raise PackageRefused("truncated", _("The file is incomplete: ask the sender for it again."))
    length = int.from_bytes(data[len(FRAME_MAGIC) : len(FRAME_MAGIC) + LENGTH_BYTES], "big")
    body = data[HEADER_BYTES:]
    if len(body) < length:
        raise PackageRefused(
            "truncated",
            _(
                "The file is incomplete (%(held)s of %(expected)s bytes): it was cut short on "
                "its way. Ask the sender for it again."
            )
            % {"held": len(data), "expected": length + HEADER_BYTES},
        )
    digest = data[len(FRAME_MAGIC) + LENGTH_BYTES : HEADER_BYTES]
    if len(body) > length or hashlib.sha256(body).digest() != digest:
        raise PackageRefused(
            "altered",
            _(
                "The file was altered or damaged on its way: it is not the package the sender "
                "made. Ask the sender for it again."
            ),
        )
    return body


def open_package(data: bytes, password: str) -> dict[str, Any]:
    """The package's JSON, checked: PackageRefused for a file cut short, altered, under
    another password, of another format or version, or not matching its schema."""
    body = _body(data)
    try:
        plain = passworded.decrypt(body, password.strip())
    except passworded.WrongPassword:
        raise PackageRefused(
            "wrong_password",
            _("The password does not open this package. Check it with the sender."),
        ) from None
    except ValueError:
        raise PackageRefused(
            "altered", _("The file was altered or damaged on its way. Ask the sender again.")
        ) from None
    try:
        package = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused(
            "invalid", _("The package does not hold a readable document.")
        ) from None
    _check(package)
    return package


def _check(package: Any) -> None:
    head = package.get("package") if isinstance(package, dict) else None
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise PackageRefused("not_a_package", _("This file is not a Pathways referral package."))
    if head.get("version") != VERSION:
        raise PackageRefused(
            "wrong_version",
            _(
                "This package is of version %(version)s; this Pathways reads version "
                "%(supported)s. Ask the sender to export it again, or update Pathways."
            )
            % {"version": head.get("version"), "supported": VERSION},
        )
    errors = [
        "/".join(map(str, e.absolute_path)) or "(package)"
        for e in Draft202012Validator(PACKAGE_SCHEMA).iter_errors(package)
    ]
    errors += [f"htcds/{error}" for error in schema_errors(package["htcds"])]
    if errors:
        raise PackageRefused(
            "invalid",
            _("The package does not match its format (%(where)s): nothing can be imported.")
            % {"where": ", ".join(errors[:5])},
        )
    try:
        uuid.UUID(package["referral"]["global_id"])
    except ValueError:
        raise PackageRefused(
            "invalid", _("The package does not name its referral: nothing can be imported.")
        ) from None
    held = set(package["htcds"]["export"].get("sections", []))
    if not held <= set(package["referral"]["shared_sections"]):
        raise PackageRefused(
            "invalid",
            _("The package holds sections the referral did not share: nothing can be imported."),
        )


# --- building ----------------------------------------------------------------------------------


def _at(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def referral_facts(referral: Referral, sections: list[str]) -> dict[str, Any]:
    """The referral's own facts, tier 1: what it asks for, from whom, by when."""
    return {
        "global_id": str(referral.global_id),
        "from_agency": referral.from_agency.name,
        "from_country": referral.country.code,
        "referred_by": referral.from_user.display_name,
        "to_agency": referral.to_agency.name,
        "case_number": referral.case.case_number,
        "service_type": referral.service_type,
        "urgency": referral.urgency,
        "reason": referral.reason,
        "offered_at": _at(referral.offered_at),
        "respond_by": _at(referral.respond_by),
        "first_contact_by": _at(referral.first_contact_by),
        "complete_by": _at(referral.complete_by),
        "shared_sections": sections,
    }


def package_json(referral: Referral, document: dict[str, Any]) -> bytes:
    """The package's plain JSON: the referral's facts and the HTCDS document, whose case
    group also names the referral as the standard does (`cas_ReferredOrganisation`, …)."""
    sections = sorted(document["export"].get("sections", []))
    case = document.setdefault("case", {})
    case["cas_ReferredOrganisation"] = referral.to_agency.name
    case["cas_ReasonForOutgoingReferral"] = referral.reason
    if referral.offered_at:
        case["cas_OutgoingReferralDate"] = referral.offered_at.date().isoformat()
    package = {
        "package": {"format": FORMAT, "version": VERSION},
        "referral": referral_facts(referral, sections),
        "htcds": document,
    }
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


# --- reading into this deployment's records ---------------------------------------------------


@dataclass(frozen=True)
class PackageContent:
    """What a package holds, in this deployment's terms: the referral's facts, the sections,
    the person's tier-1 values and identifiers, the case's sealed fields and its notes."""

    referral: dict[str, Any]
    sections: tuple[str, ...]
    person: dict[str, Any]
    identity: dict[str, Any]
    case_fields: dict[str, str]
    notes: tuple[tuple[str, dt.datetime | None, str], ...]
    exploitation_type: str
    exploitation_country: str = ""

    def __repr__(self) -> str:
        return f"PackageContent(sections={list(self.sections)})"

    def fields_by_section(self) -> dict[str, list[str]]:
        """The names of the fields held, by section (for a preview: names, never values)."""
        held: dict[str, list[str]] = {}
        if Section.SUMMARY in self.sections:
            held[Section.SUMMARY] = [k for k, v in self.person.items() if v not in ("", None)]
        if self.identity:
            held[Section.IDENTITY] = [k for k, v in self.identity.items() if v not in ("", None)]
        for name in self.case_fields:
            held.setdefault(CASE_SEALED_FIELDS[name], []).append(name)
        for note in self.notes:
            held.setdefault(note[0], []).append("note")
        return held


def _person(document: dict[str, Any]) -> dict[str, Any]:
    person = document.get("person", {})
    citizenship = person.get("prs_Citizenship") or [""]
    return {
        "sex": person.get("loc_Sex", ""),
        "age_band": person.get("loc_AgeBand", ""),
        "nationality": citizenship[0],
        "is_stateless": bool(person.get("loc_IsStateless", False)),
        "birthdate_precision": person.get("loc_BirthdatePrecision", ""),
        "identity_document_type": person.get("loc_IdentityDocumentType", ""),
    }


def _identity(document: dict[str, Any]) -> dict[str, Any]:
    person = document.get("person", {})
    identity: dict[str, Any] = {
        field: person[name] for field, name in IDENTITY_FIELDS.items() if name in person
    }
    if person.get("prs_Birthdate"):
        identity["birthdate"] = dt.date.fromisoformat(person["prs_Birthdate"])
    return identity


def _exploitation_type(document: dict[str, Any]) -> str:
    victim = document.get("victim", {})
    local = victim.get("loc_TypeOfExploitation", "")
    types = victim.get("vic_TypeOfExploitation") or []
    chosen = local or (types[0] if types else Case.ExploitationType.UNKNOWN)
    return chosen if chosen in Case.ExploitationType.values else Case.ExploitationType.OTHER


def _exploitation_country(document: dict[str, Any]) -> str:
    """The country of exploitation, when it is a country's code ("" otherwise)."""
    code = document.get("victim", {}).get("loc_CountryOfExploitation", "")
    return code if isinstance(code, str) and code.isupper() and country_name(code) else ""


def content_of(package: dict[str, Any]) -> PackageContent:
    """The content of a checked package (`open_package`), only of the sections it names."""
    document = package["htcds"]
    sections = tuple(sorted(document["export"].get("sections", [])))
    case_fields = {}
    for field, (group, name) in CASE_LOCAL_FIELDS.items():
        value = document.get(group, {}).get(name)
        if value and CASE_SEALED_FIELDS[field] in sections:
            case_fields[field] = value
    notes = tuple(
        (
            comment.get("loc_Section", Section.NOTES),
            dt.datetime.fromisoformat(comment["loc_WrittenAt"])
            if comment.get("loc_WrittenAt")
            else None,
            comment["cco_CaseComment"],
        )
        for comment in document.get("case_comments", [])
        if comment.get("cco_CaseComment") and comment.get("loc_Section", "notes") in sections
    )
    identity = _identity(document) if Section.IDENTITY in sections else {}
    return PackageContent(
        referral=package["referral"],
        sections=sections,
        person=_person(document),
        identity=identity,
        case_fields=case_fields,
        notes=notes,
        exploitation_type=_exploitation_type(document),
        exploitation_country=_exploitation_country(document),
    )
