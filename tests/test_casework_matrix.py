"""Casework authorisation matrix: every casework page and API route, for every persona.

The programme personas of tests/test_authorisation_matrix.py (who hold no casework role) and
the casework personas of one sample case (`CW_PERSONAS`) open every entry of CASEWORK_MATRIX.
`test_every_casework_route_is_in_the_matrix` walks `get_resolver()`: a pattern of the
`casework` namespace (or a statistics page of casework rows, `CASEWORK_KEYS`) or a route
under /api/v1/casework/ without an entry fails it, naming it, and so does an entry whose URL
no longer exists.

Each entry gives, per persona, the status and, for a 200, the value groups the persona may
read in it (`sees`). The sample case holds a distinctive made-up value in every tier
(`VALUES`: identifiers, each sealed field, notes in several sections, an identity document's
name and bytes, a break-glass reason). `test_casework_matrix` asks every entry as the persona
and checks the status, that no value of a group outside `sees` is in the response (body and
headers, JSON read as text, what the request itself sent left aside) and that each group in
`sees` does show, so the table says exactly what a persona reads. Writes carry a `state`
read before and after, inside a savepoint rolled back after each write: it changes for the
personas in `changed_by` alone, and a refused write adds nothing to the audit trail.

The reads follow `access.permitted_sections` (casework.md §6): the owner agency's case
supervisor and the case worker on the case everything; the legal officer identity, legal
and acts compelled; the NRM coordinator of the country the summary; a break-glass grant
identity, safety and medical; everyone else a 404 (403 for a page of a role they lack).
`test_case_entries_follow_permitted_sections` compares the case entries with the rule, and
`test_matrix_fails_when_permitted_sections_lets_everything_through` takes the rule out and
expects the walk to name the leaks.

Adding a casework URL is one entry here: `page(kwargs, default=..., persona=status or
(status, groups))`; a programme persona gets a 404 unless the entry says otherwise.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client as Browser
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pathways.accounts.models import Role, User
from pathways.api.tests.factories import make_user
from pathways.api.tokens import api_token_create
from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    ALL_SECTIONS,
    AccessEvent,
    BreakGlassGrant,
    Case,
    CaseworkRole,
    Client,
    CountryNotification,
    ExportRequest,
    IdentificationDecision,
    ReturnRequest,
    Screening,
    Section,
    StaffMembership,
)
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    signed_in,
    staff,
)
from pathways.casework.tests.identification_helpers import formal_decision
from pathways.programs.models import Country
from tests.test_authorisation_matrix import ANON, PERSONAS

PROGRAMME = PERSONAS[1:]
# Casework personas, all around one case of the Cambodian shelter "owner".
CW_PERSONAS = [
    "screener",  # owner agency, screens people; sees only their own registrations
    "worker",  # owner agency, the case's case worker
    "other_worker",  # owner agency, a case worker not on the case
    "supervisor",  # owner agency's case supervisor
    "legal",  # owner agency's legal officer
    "agency_admin",  # owner agency's administrator: staff, no case content
    "nrm_kh",  # NRM coordinator in Cambodia: the summary of every Cambodian case
    "nrm_la",  # NRM coordinator in Laos
    "statistician",  # casework statistician in Cambodia: aggregates only
    "dpo",  # data-protection focal point in Cambodia: reviews statistics releases
    "auditor",  # access auditor in Cambodia: the access log, break-glass reviews
    "breaker",  # another Cambodian agency's supervisor who may break the glass, no grant
    "breaker_granted",  # the same, with a running grant on the case
]
ALL_PERSONAS = [*PERSONAS, *CW_PERSONAS]

# --- the sample case's values, by group ----------------------------------------------------------

FIRST, LAST = "Qorvessa", "Tranchelby"
KHMER_NAME = "សុវណ្ណារី ពេជ្រចិន្តា"
VALUES: dict[str, list[str]] = {
    "identity": [
        FIRST,
        LAST,
        KHMER_NAME,
        "ZK4471-0938",
        "+85516771902",
        "771 902",
        "qorvessa.tranchelby@example.org",
        "Plot 88 Vellmark Lane Sangkat Oyvore",
    ],
    "safety": ["Hidden annex Brindlecourt", "Trafficker Vaskorin watches the bus depot"],
    "medical": ["Lacerated palm Zelmorin clinic follow-up"],
    "exploitation": ["Recruited by agent Pharquell for the Drossane cannery"],
    "legal": ["Deposition Quintavel filed at Takeo court"],
    "unlawful_acts": ["Compelled to courier parcels for Mordekay ring"],
    "notes.notes": ["Caseworker visit Oldenfrieth planned"],
    "notes.safety": ["Safety note Crestavine threat logged"],
    "notes.medical": ["Medical note Ambrevoy prescription renewed"],
    "notes.exploitation": ["Exploitation note Kelvraith debt ledger"],
    "notes.legal": ["Legal note Sorvantine hearing adjourned"],
    "notes.unlawful_acts": ["Unlawful acts note Petrakell scam script"],
    "attachment_name": ["Passport-scan-Ulverhalt.pdf"],
    "attachment_file": ["Brindlewhistle-document-bytes"],
    "break_glass_reason": ["Night arrival at Farrowgate shelter with fever"],
    # The details of the sample referral to the other agency (sealed on the referral): its
    # sending case team, its receivers and the country's NRM coordinator read them.
    "referral_details": ["Referral details Marrowgale hearing Thursday"],
    # A screening by the owner agency's screener: its notes, and the acts the person says
    # they were compelled to commit (read by the agency's case workers and supervisors only).
    "screening_notes": ["Screening note Varnholt recruiter boat"],
    "screening_acts": ["Screening acts Quellbrook parcels carried"],
    # The offered referral's details and a message of its thread: its sides read them.
    "referral_words": [
        "Referral details Wystamere hearing bus fare",
        "Thread message Corrowdene meets Monday",
    ],
}
SECTION_FIELDS = {
    "safe_location": VALUES["safety"][0],
    "safety_notes": VALUES["safety"][1],
    "medical_notes": VALUES["medical"][0],
    "exploitation_details": VALUES["exploitation"][0],
    "legal_notes": VALUES["legal"][0],
    "unlawful_acts": VALUES["unlawful_acts"][0],
}
# A roster naming the sample client (the group page shows no name, only the match).
ROSTER_BYTES = f"Name,Nationality,Sex,Age band\n{FIRST} {LAST},KH,female,18-24\n".encode()
ATTACHMENT_BYTES = (
    b"%PDF-1.4\n% Brindlewhistle-document-bytes\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
)
UPLOAD_BYTES = b"%PDF-1.4\n% Synthetic upload\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# The groups each section's reader sees on the case page and in the API's case (the identity
# document belongs to the identity section, so its name goes with it).
EVERYTHING = frozenset(
    g
    for g in VALUES
    if g not in ("attachment_file", "break_glass_reason", "referral_details", "referral_words")
    and not g.startswith("screening_")
)
LEGAL = frozenset(
    {"identity", "attachment_name", "legal", "unlawful_acts", "notes.legal", "notes.unlawful_acts"}
)
BREAK_GLASS = frozenset(
    {"identity", "attachment_name", "safety", "medical", "notes.safety", "notes.medical"}
)
NAMES = frozenset({"identity"})  # a list's names
FILE = frozenset({"attachment_name", "attachment_file"})  # a download: its name and bytes
NOTHING: frozenset[str] = frozenset()

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]


@dataclass(frozen=True)
class Expect:
    statuses: dict[str, int]
    sees: dict[str, frozenset[str]]
    kwargs: Kwargs | None = None
    method: str = "get"
    form: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    json: Callable[[SimpleNamespace], dict[str, Any]] | None = None
    is_api: bool = False
    state: Callable[[SimpleNamespace], Any] | None = None
    changed_by: frozenset[str] = frozenset()


def _entry(
    kwargs: Kwargs | None,
    *,
    default: int,
    anonymous: int,
    is_api: bool,
    method: str = "get",
    form=None,
    json=None,
    state=None,
    changed_by: tuple[str, ...] = (),
    **per_persona: int | tuple[int, frozenset[str]],
) -> Expect:
    unknown = (set(per_persona) | set(changed_by)) - set(ALL_PERSONAS)
    assert not unknown, f"unknown personas in the casework matrix: {unknown}"
    statuses = {ANON: anonymous} | {p: 404 for p in PROGRAMME} | {p: default for p in CW_PERSONAS}
    sees: dict[str, frozenset[str]] = {}
    for persona, value in per_persona.items():
        status, groups = value if isinstance(value, tuple) else (value, NOTHING)
        statuses[persona] = status
        sees[persona] = groups
    return Expect(
        statuses,
        sees,
        kwargs,
        method=method,
        form=form,
        json=json,
        is_api=is_api,
        state=state,
        changed_by=frozenset(changed_by),
    )


def page(kwargs: Kwargs | None = None, *, default: int = 200, **rest: Any) -> Expect:
    """A casework page: anonymous is sent to sign in (302), programme personas get 404."""
    return _entry(kwargs, default=default, anonymous=302, is_api=False, **rest)


def api(kwargs: Kwargs | None = None, *, default: int = 200, **rest: Any) -> Expect:
    """A casework API route called with the persona's token: anonymous gets 401."""
    return _entry(kwargs, default=default, anonymous=401, is_api=True, **rest)


def case_pk(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.case.pk}


def case_id(d: SimpleNamespace) -> dict[str, int]:
    return {"case_id": d.case.pk}


def attachment_kwargs(d: SimpleNamespace) -> dict[str, int]:
    return {"case_id": d.case.pk, "pk": d.attachment.pk}


def notes_of_case(d: SimpleNamespace) -> list[int]:
    return list(d.case.notes.order_by("pk").values_list("pk", flat=True))


def attachments_of_case(d: SimpleNamespace) -> list[int]:
    return list(d.case.attachments.order_by("pk").values_list("pk", flat=True))


def cases(d: SimpleNamespace) -> int:
    return Case.objects.count()


def grants(d: SimpleNamespace) -> list[tuple[int, str]]:
    return list(BreakGlassGrant.objects.order_by("pk").values_list("pk", "review_outcome"))


def export_events(d: SimpleNamespace) -> int:
    return AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).count()


def export_requests(d: SimpleNamespace) -> int:
    return ExportRequest.objects.count()


def clients(d: SimpleNamespace) -> int:
    return Client.objects.count()


def package_upload(d: SimpleNamespace, action: str = "preview") -> dict[str, Any]:
    """The sample referral's package and its password, as a receiving agency sends them."""
    return {
        "action": action,
        "password": d.package.password,
        "file": SimpleUploadedFile("referral.pwref", d.package.content),
    }


def package_confirm(d: SimpleNamespace) -> dict[str, Any]:
    return {
        "action": "confirm",
        "password": d.package.password,
        "package": base64.b64encode(d.package.content).decode("ascii"),
    }


def staff_roles(d: SimpleNamespace) -> list[tuple[int, str, bool]]:
    return list(StaffMembership.objects.order_by("pk").values_list("pk", "role", "can_break_glass"))


def upload(d: SimpleNamespace) -> dict[str, Any]:
    return {
        "kind": "other",
        "section": "notes",
        "file": SimpleUploadedFile("synthetic-upload.pdf", UPLOAD_BYTES),
    }


def group_pk(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.group.pk}


def groups(d: SimpleNamespace) -> int:
    from pathways.casework.models import ScreeningGroup

    return ScreeningGroup.objects.count()


def roster_upload_form(d: SimpleNamespace) -> dict[str, Any]:
    return {
        "agency": d.group.agency_id,
        "name": "Synthetic handover",
        "arrived_on": "2026-01-05",
        "location_type": "border_checkpoint",
        "action": "import",
        "file": SimpleUploadedFile("roster.csv", ROSTER_BYTES),
    }


def newcomer(d: SimpleNamespace) -> dict[str, str]:
    return {
        "first_name": "Synthetic",
        "last_name": "Newcomer",
        "sex": Client.Sex.FEMALE,
        "age_band": Client.AgeBand.CHILD_12_17,
        "exploitation_type": Case.ExploitationType.UNKNOWN,
    }


# Who reads what of the case (casework.md §6): the case's own readers by their sections.
CASE_READERS = {
    "worker": (200, EVERYTHING),
    "supervisor": (200, EVERYTHING),
    "legal": (200, LEGAL),
    "nrm_kh": 200,
    "breaker_granted": (200, BREAK_GLASS),
}
# Those who may write in the case: a note, a document.
CASE_WRITERS = ("worker", "supervisor")
# The identity document: identity section readers only (not the coordinator).
FILE_READERS = {p: (200, FILE) for p in ("worker", "supervisor", "legal", "breaker_granted")}
# Readers of the case who may write nothing in it.
READ_ONLY = {"nrm_kh": 403, "breaker_granted": 403}
# Everything held about the person: the case worker and the supervisor alone.
HELD = EVERYTHING
HELD_READERS = {
    "worker": (200, HELD),
    "supervisor": (200, HELD),
    "legal": 403,
    **READ_ONLY,
}


def identity_of_client(d: SimpleNamespace) -> str:
    sealed = Client.objects.get(pk=d.case.client_id).first_name_sealed
    return bytes(sealed or b"").hex()


# Roles that register people (intake) and those that do not (403).
GROUP_STAFF = ("screener", "worker", "other_worker", "supervisor")


def roster_member(d: SimpleNamespace) -> Screening:
    return Screening.objects.filter(group=d.group).order_by("pk").first()


NOT_REGISTERING = {
    p: 403 for p in ("legal", "agency_admin", "nrm_kh", "nrm_la", "statistician", "dpo", "auditor")
}
# Case lists: names only where the identity section is permitted.
LIST_NAMES = {p: (200, NAMES) for p in ("worker", "supervisor", "legal", "breaker_granted")}
# Screenings: the screener's own and every one of the supervisor's agency; the acts
# compelled only to the supervisor (a screener writes them but does not read them back).
SCREENING_READERS = {
    "screener": (200, frozenset({"screening_notes"})),
    "supervisor": (200, frozenset({"screening_notes", "screening_acts"})),
}
SCREENING_MOVERS = {"screener": 302, "supervisor": 302}


def screening_pk(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.screening.pk}


def screening_state(d: SimpleNamespace) -> tuple[str, int]:
    d.screening.refresh_from_db()
    return d.screening.state, d.screening.version


# Who may export the case's summary: every reader of the case.
EXPORTERS = {p: 200 for p in CASE_READERS}
# The sending case's team makes a referral's package; the referral's other readers (the
# coordinator, the receiving agency's supervisor reading the case by break-glass) are refused;
# the legal officer does not see referrals.
PACKAGE_MAKERS = {"worker": 200, "supervisor": 200, **READ_ONLY}
# Case supervisors import packages: the other agency's (the owner's own referral is refused,
# 400: its person is already its client); every other casework role is refused.
PACKAGE_IMPORTERS = {
    **dict.fromkeys(CW_PERSONAS, 403),
    "supervisor": 200,
    "breaker": 200,
    "breaker_granted": 200,
}
# The break-glass reviewers of the case: the owner's supervisor, the country's auditor.
REVIEWERS = ("supervisor", "auditor")

# The case's care records: its case worker and supervisor read and write them; the other
# readers of the case (legal officer, coordinator, break-glass) are refused (403).
CARE_TEAM = {"worker": 200, "supervisor": 200}
CARE_REFUSED = {"legal": 403, "nrm_kh": 403, "breaker_granted": 403}

# Consent (casework.md §5): the case's team records and withdraws; a supervisor of the owner
# agency alone overrides; every reader of the case reads a consent's tier 1.
CONSENT_WRITERS = {"worker": 302, "supervisor": 302, "legal": 403, **READ_ONLY}
CONSENT_API_REFUSED = {"legal": 403, **READ_ONLY}


def consent_kw(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.case.pk, "consent_id": d.consent.pk}


def consents_of_case(d: SimpleNamespace) -> list[tuple[int, Any]]:
    from pathways.casework.models import ConsentRecord

    return list(ConsentRecord.objects.filter(case=d.case).values_list("pk", "withdrawn_at"))


def overrides_of_case(d: SimpleNamespace) -> int:
    return d.case.consent_overrides.count()


def consent_form(d: SimpleNamespace) -> dict[str, Any]:
    """An interview consent of the sample client, a child: their assent and a parent's."""
    return {
        "kind": "interview",
        "decision": "given",
        "given_by": "child_assent_and_guardian",
        "child_assent": True,
        "guardian_relationship": "parent",
        "method": "verbal",
        "language": "km",
        "interpreter_used": "no",
        "capacity_note": "Synthetic capacity note",
    }


OVERRIDE_FORM = {"kind": "share_for_referral", "legal_basis": "vital_interests", "reason": "Synth"}

# Transfers (casework.md §3.5): the sample case's request to move to the "other" agency,
# whose supervisors (the breakers) decide it. Everyone who sees the case sees it; the case's
# team asks and revokes; the receiving supervisors accept or reject.
TRANSFER_SEERS = dict.fromkeys(
    ("worker", "supervisor", "legal", "nrm_kh", "breaker", "breaker_granted"), 200
)
RECEIVERS = ("breaker", "breaker_granted")
TRANSFER_REQUESTERS = {"worker": 200, "supervisor": 200, "legal": 403, **READ_ONLY}


def transfer_kw(d: SimpleNamespace, action: str = "") -> dict[str, Any]:
    return {"pk": d.transfer.pk, **({"action": action} if action else {})}


def transfer_state(d: SimpleNamespace) -> tuple[str, int, int]:
    from pathways.casework.models import Transfer

    status, version = Transfer.objects.values_list("status", "version").get(pk=d.transfer.pk)
    return status, version, Case.objects.get(pk=d.case.pk).owner_agency_id


def transfer_decision(
    kwargs: Kwargs, action: str, *, json: bool, done: int, deciders: tuple[str, ...]
) -> Expect:
    """A decision on the sample transfer: `deciders` take it (`done`), the transfer's other
    seers are refused (403), anyone else finds no transfer (404)."""
    refused = {p: 403 for p in TRANSFER_SEERS if p not in deciders}
    version = {f"{action}-version": 0} if not json else {"version": 0}
    return (api if json else page)(
        kwargs,
        default=404,
        method="post",
        **({"json": lambda d: version} if json else {"form": lambda d: version}),
        state=transfer_state,
        changed_by=deciders,
        **dict.fromkeys(deciders, done),
        **refused,
    )


def care_write(kwargs: Kwargs, form: Callable, state: Callable) -> Expect:
    """A write of a care record: the case's team writes (302), its other readers are refused
    (403), anyone else finds no case (404)."""
    return page(
        kwargs,
        default=404,
        method="post",
        form=form,
        state=state,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        **CARE_REFUSED,
    )


def care_api(json: Callable, state: Callable, status: int) -> Expect:
    """A care record written through the API on the sample case: its team writes (`status`),
    its other readers are refused (403), anyone else finds no case (404)."""
    return api(
        case_id,
        default=404,
        method="post",
        json=json,
        state=state,
        changed_by=CASE_WRITERS,
        worker=status,
        supervisor=status,
        **CARE_REFUSED,
    )


def assessments_of_case(d: SimpleNamespace) -> int:
    return d.case.assessments.count()


def plans_of_case(d: SimpleNamespace) -> list[tuple[int, str]]:
    return list(d.case.care_plans.order_by("pk").values_list("pk", "state"))


def assessment_form(d: SimpleNamespace) -> dict[str, Any]:
    from pathways.casework.models import AssessmentDomainSet

    domain_set = AssessmentDomainSet.objects.get(code="csi-12")
    scores = {f"score_{code}": "3" for code in domain_set.domain_codes}
    return {"set": domain_set.pk, "assessed_on": dt.date.today().isoformat(), **scores}


def domain_scores(d: SimpleNamespace) -> dict[str, int]:
    from pathways.casework.models import AssessmentDomainSet

    return dict.fromkeys(AssessmentDomainSet.objects.get(code="csi-12").domain_codes, 3)


# The identification pages' actors: the case's worker and supervisor (the legal officer and
# the other readers of the case are refused, 403).
ID_ACTORS = {"worker": 200, "supervisor": 200, "legal": 403, **READ_ONLY}


def decision_kwargs(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.case.pk, "decision_pk": d.decision.pk}


def stage_of(d: SimpleNamespace) -> tuple[str, int]:
    return Case.objects.values_list("stage", "version").get(pk=d.case.pk)


def exploitation_of(d: SimpleNamespace) -> tuple[str, str, int]:
    return Case.objects.values_list("exploitation_type", "exploitation_country", "version").get(
        pk=d.case.pk
    )


def decision_of(d: SimpleNamespace) -> tuple[str, int]:
    return IdentificationDecision.objects.values_list("state", "version").get(pk=d.decision.pk)


# The service directory (no personal data): every casework persona of Cambodia reads it; the
# owner agency's administrator and Cambodia's NRM coordinator keep the owner's entries (the
# others are refused, 403); the Lao coordinator finds no Cambodian agency (404).
DIRECTORY_KEEPERS = ("agency_admin", "nrm_kh")
NOT_KEEPING = {p: 403 for p in CW_PERSONAS if p not in (*DIRECTORY_KEEPERS, "nrm_la")}


def owner_agency(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.directory_entry.agency_id}


def directory_entry_pk(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.directory_entry.pk}


def directory_state(d: SimpleNamespace) -> tuple[list, list]:
    from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry

    return (
        list(AgencyProfile.objects.order_by("pk").values_list("pk", "version")),
        list(ServiceDirectoryEntry.objects.order_by("pk").values_list("pk", "version")),
    )


def directory_write(kwargs: Kwargs, *, form=None, json=None, status: int = 302, **rest) -> Expect:
    """A write in the owner agency's directory entries: its keepers write (`status`), the
    other Cambodian personas are refused (403), the Lao coordinator finds nothing (404)."""
    make = api if json is not None else page
    return make(
        kwargs,
        default=404,
        form=form,
        json=json,
        state=directory_state,
        changed_by=DIRECTORY_KEEPERS,
        **dict.fromkeys(DIRECTORY_KEEPERS, status),
        **NOT_KEEPING,
        **rest,
    )


def directory_profile_form(d: SimpleNamespace) -> dict[str, Any]:
    # The owner's profile accepts referrals: the write stops it (a change to see).
    return {"htcds_type": "NGO", "version": "0"}


def directory_entry_form(d: SimpleNamespace, prefix: str = "") -> dict[str, Any]:
    return {f"{prefix}service_type": "Livelihood", f"{prefix}accepting": "on"}


# Returns across a border (casework.md §3.6): the sample case's return to Laos, in nationality
# verification. The case's readers see it, and Laos's NRM coordinator (the home country) too,
# never a word of the case; the case's team takes its steps, and Laos's coordinator records
# the verification's answer.
RETURN_READERS = {
    p: 200 for p in ("worker", "supervisor", "legal", "nrm_kh", "nrm_la", "breaker_granted")
}
RETURN_REFUSED = {"legal": 403, "nrm_kh": 403, "breaker_granted": 403}
RETURN_VERIFIERS = (*CASE_WRITERS, "nrm_la")


def return_pk(d: SimpleNamespace) -> dict[str, int]:
    return {"pk": d.ret.pk}


def return_of(d: SimpleNamespace) -> tuple[str, int]:
    from pathways.casework.models import ReturnRequest

    return ReturnRequest.objects.values_list("status", "version").get(pk=d.ret.pk)


def returns_of_case(d: SimpleNamespace) -> int:
    return d.case.returns.count()


# Referrals (casework.md §3.4): the sample case is offered to the other agency (whose case
# supervisors, the break-glass personas, answer for it), tier 1 to each side and the country's
# NRM coordinator, its details to the same; an offer gives the receiver no case content. Who
# may take each action (`access_referrals.require_referral_action`): the receivers answer, the
# case team withdraws, either side writes, the coordinator re-routes; an action the offered
# referral does not allow now sends those who may take it back to the referral (302).
DETAILS = frozenset({"referral_details"})
REFERRAL_READERS = {
    p: (200, DETAILS) for p in ("worker", "supervisor", "nrm_kh", "breaker", "breaker_granted")
}
RECEIVERS = ("breaker", "breaker_granted")
SENDERS = CASE_WRITERS
REFERRAL_SIDES = (*SENDERS, *RECEIVERS, "nrm_kh")


def referral_kw(action: str) -> Kwargs:
    return lambda d: {"pk": d.referral.pk, "action": action}


def referral_state(d: SimpleNamespace) -> tuple[str, int, int]:
    from pathways.casework.models import Referral

    referral = Referral.objects.get(pk=d.referral.pk)
    return referral.status, referral.version, referral.updates.count()


def referrals_count(d: SimpleNamespace) -> int:
    from pathways.casework.models import Referral

    return Referral.objects.count()


# Referrals (casework.md §3.4): the sample case's sending side (its worker and supervisor),
# the receiving agency of the offer ("other": the breakers, its case supervisors) and the
# country's coordinator see a referral and read its words; the later steps of the others go
# to an agency with no persona. The list is every casework persona's (tier 1, no words).
API_REFERRAL_SIDES = ("worker", "supervisor", "nrm_kh", "breaker", "breaker_granted")
ANY_WORDS = frozenset({"referral_words"})
API_REFERRAL_READERS = {p: (200, ANY_WORDS) for p in API_REFERRAL_SIDES}
# Seeing a referral without the role for a move: 403; anyone else finds nothing (404).
SEEN_NOT_RECEIVING = {"worker": 403, "supervisor": 403, "nrm_kh": 403}
SEEN_NOT_SENDING = {"nrm_kh": 403, "breaker": 403, "breaker_granted": 403}


def api_referral_state(name: str) -> Callable[[SimpleNamespace], Any]:
    from pathways.casework.models import Referral

    return lambda d: Referral.objects.values_list("status", "version").get(pk=d.referrals[name].pk)


def referral_count(d: SimpleNamespace) -> int:
    from pathways.casework.models import Referral

    return Referral.objects.count()


def referral_action(action: str, takers: tuple[str, ...], status: int, **rest: Any) -> Expect:
    """An action's page on the sample referral: `takers` get `status`, the referral's other
    sides 403, anyone else 404."""
    statuses = {p: 403 for p in REFERRAL_SIDES} | dict.fromkeys(takers, status)
    return page(referral_kw(action), default=404, **statuses, **rest)


def referral_post(action: str, takers: tuple[str, ...], form: Callable) -> Expect:
    return referral_action(
        action,
        takers,
        302,
        method="post",
        form=form,
        state=referral_state,
        changed_by=takers,
    )


def referral_version(d: SimpleNamespace) -> int:
    from pathways.casework.models import Referral

    return Referral.objects.get(pk=d.referral.pk).version


REFERRAL_MATRIX: dict[str, Expect] = {
    "casework:referral_list": page(),
    "casework:referral_detail": page(
        lambda d: {"pk": d.referral.pk}, default=404, **REFERRAL_READERS
    ),
    "casework:referral_offer": page(
        case_pk, default=404, worker=200, supervisor=200, legal=403, **READ_ONLY
    ),
    "casework:referral_offer|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {
            "to_agency": d.referral.to_agency_id,
            "service_type": "Legal",
            "urgency": "urgent",
            "reason": "AdditionalServicesRequired",
            "transport": "pathways",
        },
        state=referrals_count,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=403,
        **READ_ONLY,
    ),
    "casework:referral_action|accept": referral_action("accept", RECEIVERS, 200),
    "casework:referral_action|decline": referral_action("decline", RECEIVERS, 200),
    "casework:referral_action|record_first_contact": referral_action(
        "record_first_contact", RECEIVERS, 302
    ),
    "casework:referral_action|complete": referral_action("complete", RECEIVERS, 302),
    "casework:referral_action|cannot_complete": referral_action("cannot_complete", RECEIVERS, 302),
    "casework:referral_action|acknowledge": referral_action("acknowledge", SENDERS, 302),
    "casework:referral_action|revoke": referral_action("revoke", SENDERS, 200),
    "casework:referral_action|message": referral_action("message", (*SENDERS, *RECEIVERS), 200),
    "casework:referral_action|record_answer": referral_action("record_answer", SENDERS, 302),
    "casework:referral_action|reroute": referral_action("reroute", ("nrm_kh",), 302),
    "casework:referral_action|accept-post": referral_post(
        "accept", RECEIVERS, lambda d: {"version": referral_version(d)}
    ),
    "casework:referral_action|decline-post": referral_post(
        "decline",
        RECEIVERS,
        lambda d: {"version": referral_version(d), "reason": "no_capacity"},
    ),
    "casework:referral_action|revoke-post": referral_post(
        "revoke", SENDERS, lambda d: {"version": referral_version(d)}
    ),
    "casework:referral_action|message-post": referral_post(
        "message", (*SENDERS, *RECEIVERS), lambda d: {"note": "Synthetic message"}
    ),
}


def thread_count(d: SimpleNamespace) -> int:
    return d.referrals["offered"].updates.count()


def referral_move(name: str, json: Callable, **who: Any) -> Expect:
    """A move on the sample referral `name` with its version: `who`'s personas get their
    status, and those it lets through (2xx) change it."""

    def taken(status: int | tuple[int, frozenset[str]]) -> bool:
        return (status[0] if isinstance(status, tuple) else status) < 300

    return api(
        lambda d: {"referral_id": d.referrals[name].pk},
        default=404,
        method="post",
        json=lambda d: {"version": api_referral_state(name)(d)[1], **json(d)},
        state=api_referral_state(name),
        changed_by=tuple(p for p, status in who.items() if taken(status)),
        **who,
    )


# The ACTIP obligations tracker (reports layer) links published statistics releases, the one
# thing of casework that leaves it: its routes are walked here too. Casework roles hold no
# programme scope, so every casework persona gets a 404; programme personas as in the
# programme matrix (tests/test_authorisation_matrix.py).
OBLIGATION_ROUTES = (
    "reports:obligations_matrix",
    "reports:obligations_matrix_pdf",
    "reports:obligations_country",
    "reports:obligation_edit",
    "api:actip_obligations",
)
READS_OBLIGATIONS = {p: 200 for p in PROGRAMME if p != "km_translator"}
SETS_KH_OBLIGATIONS = {"admin", "kh_manager"}
SEES_KH = {p: 200 for p in READS_OBLIGATIONS if p != "la_manager"}


def kh_article_14(d: SimpleNamespace) -> dict[str, Any]:
    return {"code": "KH", "number": 14}


def kh_obligation(d: SimpleNamespace) -> tuple[str, int]:
    from pathways.reports.models import ObligationStatus

    found = ObligationStatus.objects.filter(country__code="KH", article__number=14).first()
    return (found.status, found.version) if found else ("not_assessed", 0)


OBLIGATION_MATRIX: dict[str, Expect] = {
    "reports:obligations_matrix": page(default=404, **READS_OBLIGATIONS),
    "reports:obligations_matrix_pdf": page(default=404, **READS_OBLIGATIONS),
    "reports:obligations_country": page(lambda d: {"code": "KH"}, default=404, **SEES_KH),
    "reports:obligation_edit": page(
        kh_article_14,
        default=404,
        **{p: (200 if p in SETS_KH_OBLIGATIONS else 403) for p in SEES_KH},
    ),
    "reports:obligation_edit|post": page(
        kh_article_14,
        default=404,
        method="post",
        form=lambda d: {"status": "met", "version": kh_obligation(d)[1]},
        state=kh_obligation,
        changed_by=tuple(SETS_KH_OBLIGATIONS),
        **{p: (302 if p in SETS_KH_OBLIGATIONS else 403) for p in SEES_KH},
    ),
    "api:actip_obligations": api(default=404, **READS_OBLIGATIONS),
}

CASEWORK_MATRIX: dict[str, Expect] = {
    **REFERRAL_MATRIX,
    **OBLIGATION_MATRIX,
    # Case numbers and counts only: every casework persona, no value.
    "casework:worklist": page(),
    # The NRM coordinator's dashboard on the country's referrals: case numbers and counts,
    # no value; every other casework role is refused.
    "casework:nrm_dashboard": page(default=403, nrm_kh=200, nrm_la=200),
    "casework:nrm_download": page(lambda d: {"fmt": "xlsx"}, default=403, nrm_kh=200, nrm_la=200),
    "casework:case_list": page(**LIST_NAMES),
    "casework:case_detail": page(case_pk, default=404, **CASE_READERS),
    # A note in "Case notes": the legal officer may not write there (the form comes back).
    "casework:note_add": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"section": "notes", "text": "Synthetic web note"},
        state=notes_of_case,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=(200, LEGAL),
        **READ_ONLY,
    ),
    "casework:note_add|legal": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"section": "legal", "text": "Synthetic legal note"},
        state=notes_of_case,
        changed_by=(*CASE_WRITERS, "legal"),
        worker=302,
        supervisor=302,
        legal=302,
        **READ_ONLY,
    ),
    # The case's type and country of exploitation: its case worker and supervisor change
    # them; the other readers of the case are refused (403).
    "casework:case_exploitation": page(
        case_pk, default=404, worker=200, supervisor=200, legal=403, **READ_ONLY
    ),
    "casework:case_exploitation|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {
            "exploitation_type": "ForcedCriminality",
            "exploitation_country": "TH",
            "version": exploitation_of(d)[2],
        },
        state=exploitation_of,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=403,
        **READ_ONLY,
    ),
    # Everything held about the person, for their case worker and supervisor to give them;
    # the correction form shows the identifiers only.
    "casework:held_about": page(case_pk, default=404, **HELD_READERS),
    "casework:held_about_download": page(case_pk, default=404, **HELD_READERS),
    "casework:identity_correct": page(
        case_pk,
        default=404,
        worker=(200, NAMES),
        supervisor=(200, NAMES),
        legal=403,
        **READ_ONLY,
    ),
    "casework:identity_correct|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"first_name": "Synthetic", "reason": "Synthetic correction"},
        state=identity_of_client,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=403,
        **READ_ONLY,
    ),
    "casework:intake": page(**NOT_REGISTERING),
    # A search by the client's name and identity number: who typed them may see them again;
    # a match at the user's own agency is named by its case number alone.
    "casework:intake|post": page(
        method="post",
        form=lambda d: {"name": f"{FIRST} {LAST}", "identity_number": VALUES["identity"][3]},
        **NOT_REGISTERING,
    ),
    "casework:intake_register": page(**NOT_REGISTERING),
    "casework:intake_register|post": page(
        default=302,
        method="post",
        form=newcomer,
        state=cases,
        changed_by=(
            "screener",
            "worker",
            "other_worker",
            "supervisor",
            "breaker",
            "breaker_granted",
        ),
        **NOT_REGISTERING,
    ),
    # Mass intake: the agencies' screening staff; a group only to its own agency's.
    "casework:group_list": page(**NOT_REGISTERING),
    "casework:roster_upload": page(**NOT_REGISTERING),
    # The other agency's supervisors may not import for the owner (the form comes back).
    "casework:roster_upload|post": page(
        default=302,
        method="post",
        form=roster_upload_form,
        state=groups,
        changed_by=("screener", "worker", "other_worker", "supervisor"),
        breaker=200,
        breaker_granted=200,
        **NOT_REGISTERING,
    ),
    "casework:group_detail": page(
        group_pk,
        default=404,
        **dict.fromkeys(("screener", "worker", "other_worker", "supervisor"), 200),
        **NOT_REGISTERING,
    ),
    # A person of the roster whose interview has not begun: any of the agency's screening
    # staff takes them (and becomes their screener); the group is out of reach for others.
    "casework:screening_take_over": page(
        lambda d: {"pk": roster_member(d).pk},
        default=404,
        method="post",
        form=lambda d: {"version": str(roster_member(d).version)},
        state=lambda d: (roster_member(d).screener_id, roster_member(d).version),
        changed_by=GROUP_STAFF,
        **dict.fromkeys(GROUP_STAFF, 302),
    ),
    # Ending a screening: voiding it, the agency's supervisor alone (its screener 403); a
    # duplicate, its screener or the supervisor, refused on the form while it is a draft
    # (and the screener may not see the sample case's client), nothing written.
    "casework:screening_void": page(screening_pk, default=404, screener=403, supervisor=200),
    "casework:screening_void|post": page(
        screening_pk,
        default=404,
        method="post",
        form=lambda d: {"version": screening_state(d)[1], "reason": "Synthetic void reason"},
        state=screening_state,
        changed_by=("supervisor",),
        screener=403,
        supervisor=302,
    ),
    "casework:screening_duplicate": page(screening_pk, default=404, screener=302, supervisor=302),
    "casework:screening_duplicate|post": page(
        screening_pk,
        default=404,
        method="post",
        form=lambda d: {"version": screening_state(d)[1], "case_number": d.case.case_number},
        state=screening_state,
        screener=200,
        supervisor=200,
    ),
    "casework:access_log": page(default=403, auditor=200),
    "casework:break_glass_report": page(
        default=403, supervisor=200, auditor=200, breaker=200, breaker_granted=200
    ),
    "casework:break_glass_start": page(default=403, breaker=200, breaker_granted=200),
    # The breaker opens the case (a new grant); the one with a grant is sent to the case.
    "casework:break_glass_start|post": page(
        default=403,
        method="post",
        form=lambda d: {
            "case_number": d.case.case_number,
            "reason_code": BreakGlassGrant.Reason.OTHER,
            "reason": "Synthetic emergency",
        },
        state=grants,
        changed_by=("breaker",),
        breaker=302,
        breaker_granted=302,
    ),
    "casework:break_glass_review": page(
        lambda d: {"pk": d.grant.pk},
        default=404,
        supervisor=(200, frozenset({"break_glass_reason"})),
        auditor=(200, frozenset({"break_glass_reason"})),
    ),
    "casework:break_glass_review|post": page(
        lambda d: {"pk": d.grant.pk},
        default=404,
        method="post",
        form=lambda d: {"outcome": "justified", "note": "Synthetic review"},
        state=grants,
        changed_by=REVIEWERS,
        supervisor=302,
        auditor=302,
    ),
    "casework:attachment_add": page(
        case_id, default=404, worker=200, supervisor=200, legal=200, **READ_ONLY
    ),
    # A document for "Case notes": the legal officer may not add one there (the form comes
    # back).
    "casework:attachment_add|post": page(
        case_id,
        default=404,
        method="post",
        form=upload,
        state=attachments_of_case,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=200,
        **READ_ONLY,
    ),
    "casework:attachment": page(attachment_kwargs, default=404, **FILE_READERS),
    "casework:screening_list": page(**NOT_REGISTERING),
    "casework:screening_new": page(**NOT_REGISTERING),
    "casework:screening_detail": page(screening_pk, default=404, **SCREENING_READERS),
    "casework:screening_setup": page(screening_pk, default=404, screener=200, supervisor=200),
    "casework:screening_consent": page(screening_pk, default=404, screener=200, supervisor=200),
    "casework:screening_questions": page(
        lambda d: {"pk": d.screening.pk, "step": 1}, default=404, screener=200, supervisor=200
    ),
    "casework:screening_notes": page(screening_pk, default=404, **SCREENING_READERS),
    # A draft has no suggestion or next step yet: its screener is sent to the questions.
    "casework:screening_triage": page(screening_pk, default=404, **SCREENING_MOVERS),
    "casework:screening_outcome": page(screening_pk, default=404, **SCREENING_MOVERS),
    # Refused for a draft, with the reason on its page: nothing changes.
    "casework:screening_decline": page(
        screening_pk,
        default=404,
        method="post",
        form=lambda d: {"version": str(d.screening.version)},
        state=screening_state,
        **SCREENING_MOVERS,
    ),
    "casework:screening_close": page(
        screening_pk,
        default=404,
        method="post",
        form=lambda d: {"version": str(d.screening.version)},
        state=screening_state,
        **SCREENING_MOVERS,
    ),
    "casework:staff": page(default=403, agency_admin=200),
    "casework:staff|post": page(
        default=403,
        method="post",
        form=lambda d: {"account": "kh_officer", "role": CaseworkRole.CASE_WORKER},
        state=staff_roles,
        changed_by=("agency_admin",),
        agency_admin=302,
    ),
    "casework:staff_remove": page(
        lambda d: {"pk": d.spare_role.pk},
        default=403,
        method="post",
        form=lambda d: {},
        state=staff_roles,
        changed_by=("agency_admin",),
        agency_admin=302,
    ),
    "casework:staff_break_glass": page(
        lambda d: {"pk": d.spare_role.pk},
        default=403,
        method="post",
        form=lambda d: {"allowed": "1"},
        state=staff_roles,
        changed_by=("agency_admin",),
        agency_admin=302,
    ),
    # --- the case's care records (casework.md "A case's records"): the case's team ----------
    "casework:assessment_history": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    "casework:assessment_add": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    "casework:assessment_add|post": care_write(case_pk, assessment_form, assessments_of_case),
    "casework:care_plan_edit": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    # The sample case is open, not yet in assessment: the plan is refused (the form comes
    # back with the reason) and nothing is written, for everyone.
    "casework:care_plan_edit|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"plan_type": "SocialCare", "objectives": "Synthetic objectives"},
        state=plans_of_case,
        **CARE_TEAM,
        **CARE_REFUSED,
    ),
    # Approving the version awaiting approval: the owner's supervisor alone.
    "casework:care_plan_move": page(
        lambda d: {"pk": d.case.pk, "plan_id": d.plan.pk, "move": "approve"},
        default=404,
        method="post",
        form=lambda d: {},
        state=plans_of_case,
        changed_by=("supervisor",),
        supervisor=302,
        worker=403,
        **CARE_REFUSED,
    ),
    "casework:goal_status": care_write(
        lambda d: {"pk": d.case.pk, "goal_id": d.goal.pk},
        lambda d: {"status": "achieved"},
        lambda d: list(d.case_goals().values_list("pk", "status")),
    ),
    "casework:consent_add": page(
        case_pk, default=404, worker=200, supervisor=200, legal=403, **READ_ONLY
    ),
    "casework:consent_add|post": page(
        case_pk,
        default=404,
        method="post",
        form=consent_form,
        state=consents_of_case,
        changed_by=CASE_WRITERS,
        **CONSENT_WRITERS,
    ),
    "casework:consent_detail": page(consent_kw, default=404, **dict.fromkeys(CASE_READERS, 200)),
    "casework:consent_withdraw": page(
        consent_kw, default=404, worker=200, supervisor=200, legal=403, **READ_ONLY
    ),
    "casework:consent_withdraw|post": page(
        consent_kw,
        default=404,
        method="post",
        form=lambda d: {"version": d.consent.version, "confirm": "on"},
        state=consents_of_case,
        changed_by=CASE_WRITERS,
        **CONSENT_WRITERS,
    ),
    "casework:consent_override": page(
        case_pk, default=404, supervisor=200, worker=403, legal=403, **READ_ONLY
    ),
    "casework:consent_override|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: OVERRIDE_FORM,
        state=overrides_of_case,
        changed_by=("supervisor",),
        supervisor=302,
        worker=403,
        legal=403,
        **READ_ONLY,
    ),
    # --- transfers of the case's ownership ----------------------------------------------------
    "casework:transfer_new": page(case_pk, default=404, **TRANSFER_REQUESTERS),
    # One request already waits: the form comes back saying so, nothing written.
    "casework:transfer_new|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"to_agency": d.transfer.to_agency_id, "reason": "Synthetic"},
        state=transfer_state,
        **TRANSFER_REQUESTERS,
    ),
    "casework:transfer_list": page(),
    "casework:transfer_detail": page(lambda d: transfer_kw(d), default=404, **TRANSFER_SEERS),
    "casework:transfer_action": transfer_decision(
        lambda d: transfer_kw(d, "accept"), "accept", json=False, done=302, deciders=RECEIVERS
    ),
    "casework:transfer_action|revoke": transfer_decision(
        lambda d: transfer_kw(d, "revoke"),
        "revoke",
        json=False,
        done=302,
        deciders=CASE_WRITERS,
    ),
    "casework:service_add": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    "casework:service_add|post": care_write(
        case_pk,
        lambda d: {
            "service_type": "Shelter",
            "provider": d.case.owner_agency_id,
            "delivered_on": dt.date.today().isoformat(),
            "outcome": "completed",
        },
        lambda d: d.case.services_delivered.count(),
    ),
    "casework:followup_add": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    "casework:followup_add|post": care_write(
        case_pk,
        lambda d: {
            "kind": "phone",
            "what": "Synthetic call",
            "due_on": dt.date.today().isoformat(),
            "assigned_to": d.users["worker"].pk,
        },
        lambda d: d.case.follow_ups.count(),
    ),
    "casework:followup_done": care_write(
        lambda d: {"pk": d.case.pk, "followup_id": d.followup.pk},
        lambda d: {"done_on": dt.date.today().isoformat()},
        lambda d: list(d.case.follow_ups.values_list("pk", "done_on")),
    ),
    "casework:event_add": page(case_pk, default=404, **CARE_TEAM, **CARE_REFUSED),
    "casework:event_add|post": care_write(
        case_pk,
        lambda d: {"kind": "Transit", "country": "TH", "site_type": "vehicle"},
        lambda d: d.case.trafficking_events.count(),
    ),
    "casework:event_edit": page(
        lambda d: {"pk": d.case.pk, "event_id": d.event.pk},
        default=404,
        **CARE_TEAM,
        **CARE_REFUSED,
    ),
    "casework:event_edit|post": care_write(
        lambda d: {"pk": d.case.pk, "event_id": d.event.pk},
        lambda d: {"kind": "Transit", "country": "LA", "site_type": "vehicle"},
        lambda d: list(d.case.trafficking_events.values_list("pk", "country")),
    ),
    # The case's stage: the case worker and the supervisor move it (the others may see it
    # and are refused, 403).
    "casework:case_stage_action": page(
        lambda d: {"pk": d.case.pk, "action": "start_assessment"},
        default=404,
        method="post",
        form=lambda d: {"start_assessment-version": stage_of(d)[1]},
        state=stage_of,
        changed_by=CASE_WRITERS,
        worker=302,
        supervisor=302,
        legal=403,
        **READ_ONLY,
    ),
    # The identification pages: the case's team; the legal officer asks for a review only.
    "casework:identification_schedule": page(decision_kwargs, default=404, **ID_ACTORS),
    "casework:identification_decide": page(decision_kwargs, default=404, **ID_ACTORS),
    "casework:identification_review": page(decision_kwargs, default=404, **ID_ACTORS),
    "casework:identification_recognise": page(decision_kwargs, default=404, **ID_ACTORS),
    "casework:identification_request_review": page(
        decision_kwargs,
        default=404,
        method="post",
        form=lambda d: {"version": decision_of(d)[1]},
        state=decision_of,
        changed_by=(*CASE_WRITERS, "legal"),
        worker=302,
        supervisor=302,
        legal=302,
        **READ_ONLY,
    ),
    "casework:country_notification_objection": page(
        lambda d: {"pk": d.case.pk, "notification_pk": d.notification.pk},
        default=404,
        method="post",
        form=lambda d: {},
        state=lambda d: CountryNotification.objects.get(pk=d.notification.pk).status,
        changed_by=(*CASE_WRITERS, "legal"),
        worker=302,
        supervisor=302,
        legal=302,
        **READ_ONLY,
    ),
    # --- HTCDS export (casework.md §6.3 rule 4) ----------------------------------------------
    # The summary alone leaves at once, as a file with no sealed value, recorded as an
    # export; beyond it, through the owner agency's roles only, a request a supervisor
    # decides, then a file prepared and downloaded once by its requester, encrypted.
    "casework:case_export": page(case_pk, default=404, **EXPORTERS),
    "casework:case_export|summary": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"sections": ["summary"]},
        state=export_events,
        changed_by=tuple(EXPORTERS),
        **EXPORTERS,
    ),
    "casework:case_export|identity": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"sections": ["summary", "identity"]},
        state=export_requests,
        changed_by=("worker", "supervisor", "legal"),
        worker=302,
        supervisor=302,
        legal=302,
        nrm_kh=200,
        breaker_granted=200,
    ),
    "casework:export_list": page(),
    "casework:export_detail": page(
        lambda d: {"pk": d.export.pk}, default=404, worker=200, supervisor=200
    ),
    "casework:export_decide": page(
        lambda d: {"pk": d.export.pk},
        default=404,
        method="post",
        form=lambda d: {"decision": "approve"},
        state=lambda d: ExportRequest.objects.get(pk=d.export.pk).state,
        changed_by=("supervisor",),
        worker=302,
        supervisor=302,
    ),
    "casework:export_prepare": page(
        lambda d: {"pk": d.approved.pk},
        default=404,
        method="post",
        form=lambda d: {},
        state=lambda d: ExportRequest.objects.get(pk=d.approved.pk).prepared_at,
        changed_by=("worker",),
        worker=200,
        supervisor=302,
    ),
    "casework:export_download": page(
        lambda d: {"pk": d.prepared.pk},
        default=404,
        method="post",
        form=lambda d: {},
        state=lambda d: ExportRequest.objects.get(pk=d.prepared.pk).state,
        changed_by=("worker",),
        worker=200,
        supervisor=302,
    ),
    # --- The referral package (casework.md §3.4, external referral) -------------------------
    # Made by the sending case's team for an offered manual referral, its password shown
    # once (no value in the page: the file is encrypted); imported by case supervisors, the
    # preview naming fields only, the confirmation registering the person (the owner's own
    # referral is refused).
    "casework:referral_package": page(
        lambda d: {"pk": d.manual_referral.pk}, default=404, **PACKAGE_MAKERS
    ),
    "casework:referral_package|post": page(
        lambda d: {"pk": d.manual_referral.pk},
        default=404,
        method="post",
        form=lambda d: {},
        state=export_events,
        changed_by=("worker", "supervisor"),
        **PACKAGE_MAKERS,
    ),
    "casework:referral_package_import": page(default=403, **PACKAGE_IMPORTERS),
    "casework:referral_package_import|preview": page(
        default=403,
        method="post",
        form=package_upload,
        state=clients,
        **{**PACKAGE_IMPORTERS, "supervisor": 400},
    ),
    "casework:referral_package_import|confirm": page(
        default=403,
        method="post",
        form=package_confirm,
        state=clients,
        changed_by=("breaker", "breaker_granted"),
        **{**PACKAGE_IMPORTERS, "supervisor": 400, "breaker": 302, "breaker_granted": 302},
    ),
    # --- API v1 -----------------------------------------------------------------------------
    "api:casework_case_list": api(**LIST_NAMES),
    "api:casework_nrm_referrals": api(default=403, nrm_kh=200, nrm_la=200),
    "api:casework_case_detail": api(case_id, default=404, **CASE_READERS),
    "api:casework_case_note_add": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {"section": "notes", "text": "Synthetic API note"},
        state=notes_of_case,
        changed_by=CASE_WRITERS,
        worker=201,
        supervisor=201,
        legal=403,
        **READ_ONLY,
    ),
    # The summary as HTCDS: every reader of the case, no sealed value, recorded as an export.
    "api:casework_case_htcds": api(case_id, default=404, **EXPORTERS),
    "api:casework_attachment": api(
        lambda d: {"case_id": d.case.pk, "attachment_id": d.attachment.pk},
        default=404,
        **FILE_READERS,
    ),
    # A document for "Case notes" through the API: the case's team; the legal officer may
    # not add one there (422), the case's other readers write nothing (403).
    "api:casework_attachment_add": api(
        case_id,
        default=404,
        method="post",
        form=upload,
        state=attachments_of_case,
        changed_by=CASE_WRITERS,
        worker=201,
        supervisor=201,
        legal=422,
        **READ_ONLY,
    ),
    # Screenings: tier-1 facts in the list (none of the casework personas sees a value); a
    # new one by the owner agency's screening staff (the others are refused, 403).
    "api:casework_screenings": api(),
    "api:casework_screenings|post": api(
        method="post",
        json=lambda d: {
            "agency": d.screening.screening_agency_id,
            "location_type": "border_checkpoint",
            "sex": "female",
            "age_band": "25-34",
            "nationality": "VN",
            "indicator_set": d.screening.indicator_set_id,
        },
        state=lambda d: Screening.objects.count(),
        changed_by=GROUP_STAFF,
        default=403,
        **dict.fromkeys(GROUP_STAFF, 201),
    ),
    "api:casework_screening_detail": api(
        lambda d: {"screening_id": d.screening.pk}, default=404, **SCREENING_READERS
    ),
    "api:casework_screening_answer": api(
        lambda d: {"screening_id": d.screening.pk},
        default=404,
        method="post",
        json=lambda d: {"version": screening_state(d)[1], "province": "Synthetic province"},
        state=screening_state,
        changed_by=tuple(SCREENING_MOVERS),
        screener=200,
        supervisor=200,
    ),
    # A draft is not referred: the workflow refuses (409) and nothing is written.
    "api:casework_screening_refer": api(
        lambda d: {"screening_id": d.screening.pk},
        default=404,
        method="post",
        json=lambda d: {"version": screening_state(d)[1], "identity": {"first_name": "Synth"}},
        state=screening_state,
        screener=409,
        supervisor=409,
    ),
    "api:casework_screening_action": api(
        lambda d: {"screening_id": d.screening.pk, "action": "submit"},
        default=404,
        method="post",
        json=lambda d: {"version": screening_state(d)[1]},
        state=screening_state,
        changed_by=tuple(SCREENING_MOVERS),
        screener=200,
        supervisor=200,
    ),
    # A roster's person whose interview has not begun: any of the agency's screening staff.
    "api:casework_screening_action|take_over": api(
        lambda d: {"screening_id": roster_member(d).pk, "action": "take_over"},
        default=404,
        method="post",
        json=lambda d: {"version": roster_member(d).version},
        state=lambda d: (roster_member(d).screener_id, roster_member(d).version),
        changed_by=GROUP_STAFF,
        **dict.fromkeys(GROUP_STAFF, 200),
    ),
    # Intake through the API, as its pages: a match at the user's own agency by its case
    # number alone, no identifier; a registration by every registering role.
    "api:casework_intake_search": api(
        method="post",
        json=lambda d: {"name": f"{FIRST} {LAST}", "identity_number": VALUES["identity"][3]},
        **NOT_REGISTERING,
    ),
    "api:casework_intake_register": api(
        default=201,
        method="post",
        json=newcomer,
        state=cases,
        changed_by=(
            "screener",
            "worker",
            "other_worker",
            "supervisor",
            "breaker",
            "breaker_granted",
        ),
        **NOT_REGISTERING,
    ),
    # Mass intake through the API, as its pages: the agencies' screening staff; a roster
    # uploaded for the owner agency by its own staff alone (another agency's supervisor, 403).
    "api:casework_groups": api(**NOT_REGISTERING),
    "api:casework_groups|post": api(
        method="post",
        form=roster_upload_form,
        state=groups,
        changed_by=GROUP_STAFF,
        default=201,
        breaker=403,
        breaker_granted=403,
        **NOT_REGISTERING,
    ),
    "api:casework_group_detail": api(
        lambda d: {"group_id": d.group.pk},
        default=404,
        **dict.fromkeys(GROUP_STAFF, 200),
        **NOT_REGISTERING,
    ),
    # The case's identification decisions (tier-1 facts) and its stage: every reader of the
    # case; acting on them as the pages allow.
    "api:casework_case_identification": api(
        case_id, default=404, **dict.fromkeys(CASE_READERS, 200)
    ),
    "api:casework_identification_action": api(
        lambda d: {"case_id": d.case.pk, "decision_id": d.decision.pk, "action": "request_review"},
        default=404,
        method="post",
        json=lambda d: {"version": decision_of(d)[1]},
        state=decision_of,
        changed_by=(*CASE_WRITERS, "legal"),
        worker=200,
        supervisor=200,
        legal=200,
        **READ_ONLY,
    ),
    "api:casework_notification_objection": api(
        lambda d: {"case_id": d.case.pk, "notification_id": d.notification.pk},
        default=404,
        method="post",
        json=lambda d: {},
        state=lambda d: CountryNotification.objects.get(pk=d.notification.pk).status,
        changed_by=(*CASE_WRITERS, "legal"),
        worker=200,
        supervisor=200,
        legal=200,
        **READ_ONLY,
    ),
    "api:casework_case_stage": api(case_id, default=404, **dict.fromkeys(CASE_READERS, 200)),
    # The case's care records: its team reads and writes them; its other readers are refused.
    "api:casework_case_care": api(case_id, default=404, **CARE_TEAM, **CARE_REFUSED),
    "api:casework_care_assessment_add": care_api(
        lambda d: {
            "domain_set": "csi-12",
            "assessed_on": dt.date.today().isoformat(),
            "scores": domain_scores(d),
        },
        assessments_of_case,
        status=201,
    ),
    # The sample case is open, not yet in assessment: the plan is refused (422) for its team.
    "api:casework_care_plan_save": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {
            "plan_type": "SocialCare",
            "objectives": "Synthetic objectives",
            "goals": [
                {
                    "domain": "education",
                    "description": "Synthetic goal",
                    "responsible": "Synthetic",
                    "target_date": dt.date.today().isoformat(),
                }
            ],
        },
        state=plans_of_case,
        worker=422,
        supervisor=422,
        **CARE_REFUSED,
    ),
    "api:casework_care_plan_move": api(
        lambda d: {"case_id": d.case.pk, "plan_id": d.plan.pk, "move": "approve"},
        default=404,
        method="post",
        json=lambda d: {},
        state=plans_of_case,
        changed_by=("supervisor",),
        supervisor=200,
        worker=403,
        **CARE_REFUSED,
    ),
    "api:casework_care_followup_add": care_api(
        lambda d: {
            "kind": "phone",
            "what": "Synthetic call",
            "due_on": dt.date.today().isoformat(),
            "assigned_to": d.users["worker"].pk,
        },
        lambda d: d.case.follow_ups.count(),
        status=201,
    ),
    "api:casework_care_followup_done": api(
        lambda d: {"case_id": d.case.pk, "followup_id": d.followup.pk},
        default=404,
        method="post",
        json=lambda d: {"done_on": dt.date.today().isoformat()},
        state=lambda d: list(d.case.follow_ups.values_list("pk", "done_on")),
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        **CARE_REFUSED,
    ),
    "api:casework_care_event_add": care_api(
        lambda d: {"kind": "Transit", "country": "TH", "site_type": "vehicle"},
        lambda d: d.case.trafficking_events.count(),
        status=201,
    ),
    "api:casework_care_event_edit": api(
        lambda d: {"case_id": d.case.pk, "event_id": d.event.pk},
        default=404,
        method="post",
        json=lambda d: {"kind": "Transit", "country": "LA", "site_type": "vehicle"},
        state=lambda d: list(d.case.trafficking_events.values_list("pk", "country")),
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        **CARE_REFUSED,
    ),
    # Everything held about the person, and their identifiers corrected: as the pages.
    "api:casework_case_held": api(case_id, default=404, **HELD_READERS),
    "api:casework_case_identity_correct": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {"identity": {"first_name": "Synthetic"}, "reason": "Synthetic reason"},
        state=identity_of_client,
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        legal=403,
        **READ_ONLY,
    ),
    # A goal of the plan in force, at the status last read; a service delivered.
    "api:casework_care_goal_status": api(
        lambda d: {"case_id": d.case.pk, "goal_id": d.goal.pk},
        default=404,
        method="post",
        json=lambda d: {"status": "achieved", "status_was": "not_started"},
        state=lambda d: list(d.case_goals().values_list("pk", "status")),
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        **CARE_REFUSED,
    ),
    "api:casework_care_service_add": care_api(
        lambda d: {
            "service_type": "Shelter",
            "provider": d.case.owner_agency_id,
            "delivered_on": dt.date.today().isoformat(),
            "outcome": "completed",
        },
        lambda d: d.case.services_delivered.count(),
        status=201,
    ),
    # Voiding a screening: the agency's case supervisor alone (its screener is refused).
    "api:casework_screening_action|void": api(
        lambda d: {"screening_id": d.screening.pk, "action": "void"},
        default=404,
        method="post",
        json=lambda d: {"version": screening_state(d)[1], "reason": "Synthetic reason"},
        state=screening_state,
        changed_by=("supervisor",),
        screener=403,
        supervisor=200,
    ),
    # A draft is not marked a duplicate (409 for the supervisor, who sees the client); the
    # screener does not see the sample case's client (404): nothing changes.
    "api:casework_screening_action|mark_duplicate": api(
        lambda d: {"screening_id": d.screening.pk, "action": "mark_duplicate"},
        default=404,
        method="post",
        json=lambda d: {"version": screening_state(d)[1], "client": d.case.client_id},
        state=screening_state,
        supervisor=409,
    ),
    # HTCDS export beyond the summary: asked for through the owner agency's roles (the
    # coordinator and the break-glass reader export the summary only: 403), decided by a
    # supervisor other than the requester, prepared and downloaded by the requester alone.
    "api:casework_case_export_request": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {"sections": ["summary", "identity"]},
        state=export_requests,
        changed_by=("worker", "supervisor", "legal"),
        worker=201,
        supervisor=201,
        legal=201,
        nrm_kh=403,
        breaker_granted=403,
    ),
    "api:casework_exports": api(),
    "api:casework_export_detail": api(
        lambda d: {"export_id": d.export.pk}, default=404, worker=200, supervisor=200
    ),
    "api:casework_export_decide": api(
        lambda d: {"export_id": d.export.pk},
        default=404,
        method="post",
        json=lambda d: {
            "decision": "approve",
            "version": ExportRequest.objects.get(pk=d.export.pk).version,
        },
        state=lambda d: ExportRequest.objects.get(pk=d.export.pk).state,
        changed_by=("supervisor",),
        worker=403,
        supervisor=200,
    ),
    "api:casework_export_prepare": api(
        lambda d: {"export_id": d.approved.pk},
        default=404,
        method="post",
        json=lambda d: {},
        state=lambda d: ExportRequest.objects.get(pk=d.approved.pk).prepared_at,
        changed_by=("worker",),
        worker=200,
        supervisor=403,
    ),
    "api:casework_export_download": api(
        lambda d: {"export_id": d.prepared.pk},
        default=404,
        method="post",
        json=lambda d: {"version": ExportRequest.objects.get(pk=d.prepared.pk).version},
        state=lambda d: ExportRequest.objects.get(pk=d.prepared.pk).state,
        changed_by=("worker",),
        worker=200,
        supervisor=403,
    ),
    "api:casework_referral_package": api(
        lambda d: {"referral_id": d.manual_referral.pk},
        default=404,
        method="post",
        json=lambda d: {},
        state=export_events,
        changed_by=("worker", "supervisor"),
        **PACKAGE_MAKERS,
    ),
    "api:casework_referral_package_import|dry_run": api(
        default=403,
        method="post",
        form=lambda d: {**package_upload(d), "dry_run": "true"},
        state=clients,
        **{**PACKAGE_IMPORTERS, "supervisor": 400},
    ),
    "api:casework_referral_package_import": api(
        default=403,
        method="post",
        form=package_upload,
        state=clients,
        changed_by=("breaker", "breaker_granted"),
        **{**PACKAGE_IMPORTERS, "supervisor": 400, "breaker": 201, "breaker_granted": 201},
    ),
    "api:casework_consents": api(case_id, default=404, **dict.fromkeys(CASE_READERS, 200)),
    "api:casework_consent_add": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {**consent_form(d), "interpreter_used": False},
        state=consents_of_case,
        changed_by=CASE_WRITERS,
        worker=201,
        supervisor=201,
        **CONSENT_API_REFUSED,
    ),
    "api:casework_consent_withdraw": api(
        lambda d: {"case_id": d.case.pk, "consent_id": d.consent.pk},
        default=404,
        method="post",
        json=lambda d: {},
        state=consents_of_case,
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        **CONSENT_API_REFUSED,
    ),
    "api:casework_consent_override": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: OVERRIDE_FORM,
        state=overrides_of_case,
        changed_by=("supervisor",),
        supervisor=201,
        worker=403,
        **CONSENT_API_REFUSED,
    ),
    "api:casework_transfers": api(),
    "api:casework_transfer_detail": api(
        lambda d: {"transfer_id": d.transfer.pk}, default=404, **TRANSFER_SEERS
    ),
    "api:casework_transfer_request": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {"to_agency": d.transfer.to_agency_id},
        state=transfer_state,
        worker=422,
        supervisor=422,
        legal=403,
        **READ_ONLY,
    ),
    "api:casework_transfer_action": transfer_decision(
        lambda d: {"transfer_id": d.transfer.pk, "action": "accept"},
        "accept",
        json=True,
        done=200,
        deciders=RECEIVERS,
    ),
    "api:casework_transfer_action|revoke": transfer_decision(
        lambda d: {"transfer_id": d.transfer.pk, "action": "revoke"},
        "revoke",
        json=True,
        done=200,
        deciders=CASE_WRITERS,
    ),
    "api:casework_case_stage_action": api(
        lambda d: {"case_id": d.case.pk, "action": "start_assessment"},
        default=404,
        method="post",
        json=lambda d: {"version": stage_of(d)[1]},
        state=stage_of,
        changed_by=CASE_WRITERS,
        worker=200,
        supervisor=200,
        legal=403,
        **READ_ONLY,
    ),
    # --- returns across a border -----------------------------------------------------------
    # The case already has a return under way: asking for another is refused on the form.
    "casework:return_request": page(
        case_pk, default=404, worker=200, supervisor=200, **RETURN_REFUSED
    ),
    "casework:return_request|post": page(
        case_pk,
        default=404,
        method="post",
        form=lambda d: {"to_country": Country.objects.get(code="LA").pk},
        state=returns_of_case,
        worker=200,
        supervisor=200,
        **RETURN_REFUSED,
    ),
    "casework:return_list": page(default=403, nrm_kh=200, nrm_la=200),
    "casework:return_detail": page(return_pk, default=404, **RETURN_READERS),
    "casework:return_action": page(
        lambda d: {"pk": d.ret.pk, "action": "verify_nationality"},
        default=404,
        method="post",
        form=lambda d: {"verify_nationality-version": return_of(d)[1]},
        state=return_of,
        changed_by=RETURN_VERIFIERS,
        **dict.fromkeys(RETURN_VERIFIERS, 302),
        **RETURN_REFUSED,
    ),
    "api:casework_returns": api(),
    "api:casework_return": api(lambda d: {"return_id": d.ret.pk}, default=404, **RETURN_READERS),
    "api:casework_return_request": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {"to_country": "LA"},
        state=returns_of_case,
        worker=422,
        supervisor=422,
        **RETURN_REFUSED,
    ),
    "api:casework_return_action": api(
        lambda d: {"return_id": d.ret.pk, "action": "verify_nationality"},
        default=404,
        method="post",
        json=lambda d: {"version": return_of(d)[1]},
        state=return_of,
        changed_by=RETURN_VERIFIERS,
        **dict.fromkeys(RETURN_VERIFIERS, 200),
        **RETURN_REFUSED,
    ),
    # --- the service directory ---------------------------------------------------------------
    "casework:directory": page(),
    "casework:directory_agency": page(owner_agency, nrm_la=404),
    "casework:directory_profile": directory_write(
        owner_agency, method="post", form=directory_profile_form
    ),
    "casework:directory_entry_add": directory_write(
        owner_agency, method="post", form=lambda d: directory_entry_form(d, "new-")
    ),
    "casework:directory_entry": page(
        directory_entry_pk, default=404, agency_admin=200, nrm_kh=200, **NOT_KEEPING
    ),
    "casework:directory_entry|post": directory_write(
        directory_entry_pk,
        method="post",
        form=lambda d: {**directory_entry_form(d), "version": "0"},
    ),
    "casework:directory_entry_remove": directory_write(
        directory_entry_pk, method="post", form=lambda d: {"version": "0"}
    ),
    "api:casework_directory": api(),
    "api:casework_directory_agency": api(
        lambda d: {"agency_id": d.directory_entry.agency_id}, nrm_la=404
    ),
    "api:casework_directory_profile": directory_write(
        lambda d: {"agency_id": d.directory_entry.agency_id},
        method="put",
        json=lambda d: {"htcds_type": "NGO", "accepts_referrals": False, "version": 0},
        status=200,
    ),
    "api:casework_directory_entries": directory_write(
        lambda d: {"agency_id": d.directory_entry.agency_id},
        method="post",
        json=lambda d: {"service_type": "Livelihood"},
        status=201,
    ),
    "api:casework_directory_entry|put": directory_write(
        lambda d: {"entry_id": d.directory_entry.pk},
        method="put",
        json=lambda d: {"service_type": "Livelihood", "version": 0},
        status=200,
    ),
    "api:casework_directory_entry|delete": directory_write(
        lambda d: {"entry_id": d.directory_entry.pk},
        method="delete",
        json=lambda d: {},
        status=204,
    ),
    # --- referrals ---------------------------------------------------------------------------
    "api:casework_referrals": api(),
    "api:casework_referral_detail": api(
        lambda d: {"referral_id": d.referrals["offered"].pk}, default=404, **API_REFERRAL_READERS
    ),
    # The case's team refers (the consent covers "other" and the summary); the case's other
    # readers may not (403).
    "api:casework_referral_offer": api(
        case_id,
        default=404,
        method="post",
        json=lambda d: {
            "to_agency": d.referrals["offered"].to_agency_id,
            "service_type": "Legal",
            "urgency": "urgent",
            "shared_sections": ["summary"],
            "details": "Synthetic offer details",
        },
        state=referral_count,
        changed_by=SENDERS,
        worker=201,
        supervisor=201,
        legal=403,
        **READ_ONLY,
    ),
    "api:casework_referral_accept": referral_move(
        "offered",
        lambda d: {},
        **dict.fromkeys(RECEIVERS, (200, ANY_WORDS)),
        **SEEN_NOT_RECEIVING,
    ),
    "api:casework_referral_decline": referral_move(
        "offered",
        lambda d: {"reason": "no_capacity"},
        **dict.fromkeys(RECEIVERS, (200, ANY_WORDS)),
        **SEEN_NOT_RECEIVING,
    ),
    "api:casework_referral_first_contact": referral_move(
        "accepted", lambda d: {}, **SEEN_NOT_RECEIVING
    ),
    "api:casework_referral_complete": referral_move(
        "in_progress",
        lambda d: {"outcome": "delivered_fully"},
        **SEEN_NOT_RECEIVING,
    ),
    "api:casework_referral_cannot_complete": referral_move(
        "in_progress",
        lambda d: {"reason": "lost_contact"},
        **SEEN_NOT_RECEIVING,
    ),
    "api:casework_referral_acknowledge": referral_move(
        "completed", lambda d: {}, worker=200, supervisor=200, nrm_kh=403
    ),
    "api:casework_referral_revoke": referral_move(
        "offered",
        lambda d: {},
        **dict.fromkeys(SENDERS, (200, ANY_WORDS)),
        **SEEN_NOT_SENDING,
    ),
    "api:casework_referral_record_answer": referral_move(
        "manual",
        lambda d: {"accepted": True},
        worker=200,
        supervisor=200,
        nrm_kh=403,
    ),
    # Either side writes to the thread; the coordinator reads it only.
    "api:casework_referral_message": api(
        lambda d: {"referral_id": d.referrals["offered"].pk},
        default=404,
        method="post",
        json=lambda d: {"note": "Synthetic message"},
        state=thread_count,
        changed_by=(*SENDERS, *RECEIVERS),
        **dict.fromkeys((*SENDERS, *RECEIVERS), 201),
        nrm_kh=403,
    ),
    # An expired offer: the country's coordinator re-routes it to "other" (a new referral).
    "api:casework_referral_reroute": api(
        lambda d: {"referral_id": d.referrals["expired"].pk},
        default=404,
        method="post",
        json=lambda d: {
            "version": api_referral_state("expired")(d)[1],
            "to_agency": d.referrals["offered"].to_agency_id,
        },
        state=referral_count,
        changed_by=("nrm_kh",),
        nrm_kh=201,
        worker=403,
        supervisor=403,
    ),
    # The CTDC contribution file (pathways/stats), made of casework records: the regional
    # administrator's alone. Cambodia has it on and the sample client consented to
    # non-identifiable reporting, so her row is in the file, and none of her values.
    "stats:ctdc_countries": page(default=404, admin=200),
    "stats:ctdc_download": page(
        lambda d: {"code": "KH", "year": d.decision.decided_at.year}, default=404, admin=200
    ),
}


# Statistics releases (pathways/stats): a published release is every signed-in user's to read
# (page, PDF, XLSX, API); drafts only the country's statistician's and focal point's, and
# never in a file or the API. The statistician drafts, recomputes and publishes; the focal
# point reviews (not a release they drafted); the workspace is theirs (403 for another
# casework role), the exact internal counts the statistician's alone. No case value shows.
EVERYONE = dict.fromkeys(ALL_PERSONAS[1:], 200)
DRAFT_READERS = {"statistician": 200, "dpo": 200}


def release_kw(status: str) -> Kwargs:
    return lambda d: {"pk": d.releases[status].pk}


def release_state(d: SimpleNamespace) -> list[tuple[int, str, int]]:
    from pathways.stats.models import StatRelease

    return list(StatRelease.objects.order_by("pk").values_list("pk", "status", "version"))


def release_write(status: str, form: Callable, *, default: int = 404, **who: Any) -> Expect:
    """A write on a release: those in `who` with a 302 change it, the rest change nothing."""
    return page(
        release_kw(status),
        default=default,
        method="post",
        form=form,
        state=release_state,
        changed_by=tuple(p for p, code in who.items() if code == 302),
        **who,
    )


STATS_MATRIX: dict[str, Expect] = {
    "stats:release_list": page(**EVERYONE),
    "stats:release_detail": page(release_kw("published"), **EVERYONE),
    "stats:release_detail|draft": page(release_kw("draft"), default=404, **DRAFT_READERS),
    "stats:release_pdf": page(release_kw("published"), **EVERYONE),
    "stats:release_xlsx": page(release_kw("published"), **EVERYONE),
    "stats:release_xlsx|draft": page(release_kw("draft"), default=404),
    "stats:release_recompute": release_write(
        "draft", lambda d: {"version": "0"}, statistician=302, dpo=403
    ),
    "stats:release_publish": release_write(
        "reviewed", lambda d: {"version": "0"}, statistician=302, dpo=403
    ),
    # Published: the statistician is told it never changes (409), nothing is written.
    "stats:release_publish|published": release_write(
        "published",
        lambda d: {"version": "0"},
        default=403,
        **dict.fromkeys(PROGRAMME, 403),
        statistician=409,
    ),
    "stats:release_review": page(release_kw("draft"), default=404, dpo=200, statistician=403),
    "stats:release_review|post": release_write(
        "draft", lambda d: {"version": "0", "decision": "approve"}, dpo=302, statistician=403
    ),
    "stats:workspace": page(default=403, statistician=200, dpo=200),
    "stats:release_new": page(
        default=403,
        method="post",
        form=lambda d: {"country": str(d.case.country_id), "year": "2022"},
        state=release_state,
        changed_by=("statistician",),
        statistician=302,
    ),
    "stats:internal_counts": page(default=403, statistician=200),
    # Without a year there is nothing to download: the statistician is told so (400).
    "stats:internal_counts_xlsx": page(default=403, statistician=400),
    "api:stats_release_list": api(**EVERYONE),
    "api:stats_release_detail": api(
        lambda d: {"release_id": d.releases["published"].pk}, **EVERYONE
    ),
    "api:stats_release_detail|draft": api(
        lambda d: {"release_id": d.releases["draft"].pk}, default=404
    ),
}
CASEWORK_MATRIX |= STATS_MATRIX


# --- walking the URL configuration ------------------------------------------------------------


# The casework pages, and the statistics pages that hand out rows made of casework records.
CASEWORK_KEYS = ("casework:", "stats:")


def casework_routes(patterns=None, prefix: str = "", namespace: str = "") -> Iterator[str]:
    """The matrix key of every casework page and every route under /api/v1/casework/, and of
    the statistics releases' pages and API (drafted and reviewed by casework roles), walked
    as `url_patterns` of the programme matrix walks them."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from casework_routes(p.url_patterns, route, ns)
        elif isinstance(p, URLPattern):
            key = f"{namespace}{p.name}" if p.name else route
            casework = key.startswith(CASEWORK_KEYS) or key in OBLIGATION_ROUTES
            if casework or route.lstrip("^").startswith(("api/v1/casework/", "api/v1/statistics/")):
                yield key


def test_every_casework_route_is_in_the_matrix():
    keys = list(casework_routes())
    covered = {key.split("|")[0] for key in CASEWORK_MATRIX}
    missing = [k for k in keys if k not in covered]
    stale = sorted(covered - set(keys))
    assert any(k.startswith("api:") for k in keys), "the walk finds no casework API route"
    assert not missing, (
        "Casework URLs without an entry in the casework matrix (add it to CASEWORK_MATRIX in "
        f"tests/test_casework_matrix.py): {missing}"
    )
    assert not stale, f"Casework matrix entries for URLs that no longer exist: {stale}"


# --- sample data, built once for the module -----------------------------------------------------


@pytest.fixture(scope="module")
def casework_keys(tmp_path_factory):
    """One master key and one file store for the whole module: the sample case is sealed
    once, and every test opens it."""
    from django.conf import settings

    from pathways.casework import keys

    folder = tmp_path_factory.mktemp("casework-matrix")
    key = folder / "casework-master.key"
    key.write_bytes(base64.b64encode(secrets.token_bytes(32)) + b"\n")
    key.chmod(0o600)
    storage = settings.STORAGES["casework"]
    options = {**storage.get("OPTIONS", {}), "location": str(folder / "casework-files")}
    with override_settings(
        CASEWORK_MASTER_KEY_FILE=key,
        STORAGES={**settings.STORAGES, "casework": {**storage, "OPTIONS": options}},
    ):
        keys.clear_cache()
        yield key
    keys.clear_cache()


@pytest.fixture
def master_key_file(casework_keys):
    """The module's key instead of one per test (the root conftest's)."""
    return casework_keys


@pytest.fixture
def casework_files_in_a_temporary_folder(casework_keys):
    """The module's file store instead of one per test (the root conftest's)."""
    return None


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, casework_keys):
    """The sample case, every persona and their signed-in clients, made once per module and
    rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


# Programme personas the programme matrix makes itself (not demo personas).
_MADE_HERE = {"kh_viewer", "lscw_viewer"}


def _build_world() -> SimpleNamespace:
    from pathways.casework.services import (
        attachment_add,
        break_glass_open,
        case_note_add,
        consent_record,
        roster_import,
    )

    kh, la = Country.objects.get(code="KH"), Country.objects.get(code="LA")
    owner, other, nrm = (make_agency(kh, f"Synthetic {n}") for n in ("owner", "other", "NRM"))
    receiving = make_agency(kh, "Synthetic receiving")
    users = {p: User.objects.get(username=p) for p in PROGRAMME if p not in _MADE_HERE}
    users["kh_viewer"] = make_user("kh_viewer", Role.VIEWER, code="KH")
    users["lscw_viewer"] = make_user("lscw_viewer", Role.VIEWER, org="LSCW")
    roles = {
        "screener": (owner, CaseworkRole.SCREENER, {}),
        "worker": (owner, CaseworkRole.CASE_WORKER, {}),
        "other_worker": (owner, CaseworkRole.CASE_WORKER, {}),
        "supervisor": (owner, CaseworkRole.CASE_SUPERVISOR, {}),
        "legal": (owner, CaseworkRole.LEGAL_OFFICER, {}),
        "agency_admin": (owner, CaseworkRole.AGENCY_ADMIN, {}),
        "nrm_kh": (nrm, CaseworkRole.NRM_COORDINATOR, {}),
        "nrm_la": (make_agency(la, "Synthetic Lao NRM"), CaseworkRole.NRM_COORDINATOR, {}),
        "statistician": (nrm, CaseworkRole.STATISTICIAN, {}),
        "dpo": (nrm, CaseworkRole.DATA_PROTECTION, {}),
        "auditor": (nrm, CaseworkRole.ACCESS_AUDITOR, {}),
        "breaker": (other, CaseworkRole.CASE_SUPERVISOR, {"can_break_glass": True}),
        "breaker_granted": (other, CaseworkRole.CASE_SUPERVISOR, {"can_break_glass": True}),
    }
    for persona, (agency, role, extra) in roles.items():
        users[persona] = staff(agency, role, username=f"cw_{persona}", **extra)
    identity = sample_identity(
        first_name=FIRST,
        last_name=LAST,
        local_script_name=KHMER_NAME,
        birthdate=dt.date(2005, 8, 19),
        identity_number=VALUES["identity"][3],
        mobile_phone="016 771 902",
        email=VALUES["identity"][6],
        address=VALUES["identity"][7],
    )
    worker = users["worker"]
    case = open_case_for(
        register(kh, owner, identity),
        case_worker=worker,
        supervisor=users["supervisor"],
        sections={**SECTION_FIELDS, "safety_risk_level": "high"},
    )
    for group, values in VALUES.items():
        if group.startswith("notes."):
            section = group.split(".", 1)[1]
            case_note_add(actor=worker, case=case, text=values[0], section=section)
    attachment = attachment_add(
        actor=worker,
        case=case,
        kind="identity_document",
        data=ATTACHMENT_BYTES,
        filename=VALUES["attachment_name"][0],
    )
    grant = break_glass_open(
        actor=users["breaker_granted"],
        case=case,
        agency=other,
        reason_code=BreakGlassGrant.Reason.MEDICAL_EMERGENCY,
        reason=VALUES["break_glass_reason"][0],
    )
    group = roster_import(
        actor=worker,
        agency=owner,
        name="Synthetic handover",
        arrived_on=dt.date(2026, 1, 5),
        data=ROSTER_BYTES,
        location_type="border_checkpoint",
    ).group
    # A formal identification on the case, with its country of origin still to be told.
    decision = formal_decision(case, IdentificationDecision.Status.ACTUAL)
    notification = CountryNotification.objects.create(
        client=case.client,
        decision=decision,
        to_country="VN",
        status=CountryNotification.Status.PENDING,
    )
    screening = _screening(users["screener"], owner)
    consent = consent_record(
        actor=worker,
        case=case,
        **{
            **consent_form(SimpleNamespace()),
            "kind": "share_for_referral",
            "interpreter_used": False,
        },
        recipient_agencies=[other, receiving],
        sections=["summary"],
    )
    ret = ReturnRequest.objects.create(
        case=case,
        from_country=kh,
        to_country=la,
        requested_by=worker,
        status=ReturnRequest.Status.NATIONALITY_VERIFICATION,
        verification_due=dt.date.today() + dt.timedelta(days=30),
    )
    # The API's referrals first: their deadline job would expire any offer made before it.
    referrals = _referrals(case, worker, other, receiving)
    transfer = _transfer(case, worker, other)
    manual_referral, package = _referral_package(case, worker, other, consent)
    _ctdc(case, worker)
    d = SimpleNamespace(
        case=case,
        ret=ret,
        transfer=transfer,
        referral=_referral(worker, case, other),
        manual_referral=manual_referral,
        package=package,
        group=group,
        decision=decision,
        notification=notification,
        attachment=attachment,
        grant=grant,
        screening=screening,
        consent=consent,
        **_exports(case, worker, users["supervisor"]),
        users=users,
        **_care_records(case, worker),
        spare_role=StaffMembership.objects.get(
            user=staff(owner, CaseworkRole.CASE_WORKER, username="cw_spare")
        ),
        directory_entry=_directory(owner),
        referrals=referrals,
    )
    d.releases = _releases(kh, users["statistician"])
    d.clients = {persona: _clients(persona, d) for persona in ALL_PERSONAS}
    return d


def _releases(kh: Country, statistician: User) -> dict[str, Any]:
    """Cambodia's statistics releases by the statistician: one published, a draft and one
    the focal point approved (each of another year)."""
    from pathways.stats.tests.release_helpers import written_release

    return {
        status: written_release(kh, status=status, year=year, created_by=statistician)
        for status, year in (("published", 2023), ("draft", 2025), ("reviewed", 2024))
    }


def _transfer(case: Case, worker: User, other) -> Any:
    """The case's request to move to the other agency, with the person's consent naming it."""
    from pathways.casework.services import consent_record, transfer_request

    consent_record(
        actor=worker,
        case=case,
        **{**consent_form(SimpleNamespace()), "kind": "transfer_case", "interpreter_used": False},
        recipient_agencies=[other],
        sections=["summary"],
    )
    return transfer_request(actor=worker, case=case, to_agency=other, reason="Synthetic move")


def _referral(worker: User, case: Case, other) -> Any:
    """The case offered to the other agency, listed in the directory for legal aid, under the
    person's consent to share the summary with it."""
    from pathways.casework.models import AgencyProfile
    from pathways.casework.services import referral_offer
    from pathways.casework.services.directory import (
        EntryInput,
        ProfileInput,
        agency_profile_save,
        directory_entry_add,
    )

    today = dt.date.today()
    values = ProfileInput(
        htcds_type=AgencyProfile.OrgType.NGO,
        accepts_referrals=True,
        data_sharing_agreement_reference="DSA synthetic",
        data_sharing_signed_on=today - dt.timedelta(days=30),
        data_sharing_expires_on=today + dt.timedelta(days=365),
    )
    if not AgencyProfile.objects.filter(organisation=other).exists():
        agency_profile_save(actor=None, agency=other, values=values)
        directory_entry_add(actor=None, agency=other, values=EntryInput("Legal"))
    return referral_offer(
        actor=worker,
        case=case,
        to_agency=other,
        service_type="Legal",
        urgency="urgent",
        shared_sections=["summary"],
        details=VALUES["referral_details"][0],
    )


def _ctdc(case: Case, worker: User) -> None:
    """Cambodia's CTDC contribution file switched on, and the sample client's consent to
    non-identifiable reporting: her row is in the file."""
    from pathways.casework.models import CountryCaseworkSettings
    from pathways.casework.services import consent_record

    CountryCaseworkSettings.objects.update_or_create(
        country=case.country, defaults={"ctdc_contribution_enabled": True}
    )
    form = {**consent_form(SimpleNamespace()), "interpreter_used": False}
    consent_record(actor=worker, case=case, **{**form, "kind": "reporting_non_identifiable"})


def _referral_package(case: Case, worker: User, other, consent) -> tuple[Any, Any]:
    """An offered referral of the case to the other agency, sent by hand (manual transport),
    sharing the summary, identity and medical sections, and its package."""
    from pathways.casework.models import Referral
    from pathways.casework.services.referral_package import referral_package_export

    referral = Referral.objects.create(
        country=case.country,
        case=case,
        from_agency=case.owner_agency,
        from_user=worker,
        to_agency=other,
        service_type="Health",
        urgency=Referral.Urgency.URGENT,
        consent_record=consent,
        shared_sections=["summary", "identity", "medical"],
        transport=Referral.Transport.MANUAL,
        status=Referral.Status.OFFERED,
        offered_at=dt.datetime.now(dt.UTC),
        data_key_id=case.data_key_id,
    )
    return referral, referral_package_export(actor=worker, referral=referral)


def _directory(owner) -> Any:
    """The owner agency in the directory: a profile at version 0 and one entry."""
    from pathways.casework.models import AgencyProfile
    from pathways.casework.services.directory import (
        EntryInput,
        ProfileInput,
        agency_profile_save,
        directory_entry_add,
    )

    values = ProfileInput(htcds_type=AgencyProfile.OrgType.NGO, accepts_referrals=True)
    agency_profile_save(actor=None, agency=owner, values=values)
    return directory_entry_add(actor=None, agency=owner, values=EntryInput("Shelter"))


def _referrals(case: Case, worker: User, other, receiving) -> dict[str, Any]:
    """The sample case's referrals, made through the services: an offer to "other" with
    words in its details and thread; to "receiving" (whose supervisor is no persona) one at
    each later step, an expired offer and one sent by package awaiting its answer."""
    from pathways.casework import services
    from pathways.casework.models import AgencyProfile, Referral
    from pathways.casework.services.directory import (
        EntryInput,
        ProfileInput,
        agency_profile_save,
        directory_entry_add,
    )
    from pathways.casework.services.referral_deadline_notices import referral_deadlines_run

    for agency in (other, receiving):
        if AgencyProfile.objects.filter(organisation=agency).exists():
            continue  # "other" is in the directory already, for the pages' sample referral
        profile = ProfileInput(
            htcds_type=AgencyProfile.OrgType.NGO,
            accepts_referrals=True,
            data_sharing_agreement_reference="Synthetic DSA",
            data_sharing_expires_on=dt.date.today() + dt.timedelta(days=365),
        )
        agency_profile_save(actor=None, agency=agency, values=profile)
        directory_entry_add(actor=None, agency=agency, values=EntryInput("Legal"))
    receiver = staff(receiving, CaseworkRole.CASE_SUPERVISOR, username="cw_receiving")

    def offer(to, details="Synthetic details", **extra):
        return services.referral_offer(
            actor=worker,
            case=case,
            to_agency=to,
            service_type="Legal",
            urgency="urgent",
            shared_sections=["summary"],
            details=details,
            **extra,
        )

    # An offer answered by nobody, expired and escalated by the deadline job when its
    # answer was due (before the others exist, which the job would expire too).
    made = {"expired": offer(receiving)}
    later = made["expired"].respond_by + dt.timedelta(minutes=1)
    referral_deadlines_run(country=case.country, now=later)
    made["offered"] = offer(other, VALUES["referral_words"][0])
    services.referral_message(
        actor=worker, referral=made["offered"], note=VALUES["referral_words"][1]
    )
    steps = (
        ("accepted", services.referral_accept, {}),
        ("in_progress", services.referral_record_first_contact, {}),
        ("completed", services.referral_complete, {"outcome": "delivered_fully"}),
    )
    for upto in range(1, len(steps) + 1):
        referral = offer(receiving)
        for _name, service, values in steps[:upto]:
            service(actor=receiver, referral=referral, version=referral.version, **values)
        made[steps[upto - 1][0]] = referral
    made["manual"] = offer(receiving, transport=Referral.Transport.MANUAL)
    made["expired"].refresh_from_db()
    assert made["expired"].status == Referral.Status.EXPIRED
    return made


def _care_records(case: Case, worker: User) -> dict[str, Any]:
    """The domain sets, and on the sample case an approved plan with a goal, a version
    awaiting approval, a follow-up and a trafficking event (the case is open: the plans are
    written directly, as a later stage would have left them)."""
    from pathways.casework import sealing
    from pathways.casework.domains import load_file, shipped_files
    from pathways.casework.models import CarePlan, Goal
    from pathways.casework.services import followup_add, trafficking_event_save

    for path in shipped_files():
        load_file(path)
    plans = []
    for number, state in ((1, CarePlan.State.APPROVED), (2, CarePlan.State.SUBMITTED)):
        plan = CarePlan(case=case, number=number, state=state, plan_type="SocialCare")
        sealing.seal_record(plan, {"objectives": "Synthetic objectives"})
        plan.save()
        plans.append(plan)
    goal = Goal(
        plan=plans[0],
        case=case,
        domain="education",
        responsible="Synthetic",
        target_date=dt.date.today(),
    )
    sealing.seal_record(goal, {"description": "Synthetic goal"})
    goal.save()
    today = dt.date.today()
    return {
        "plan": plans[1],
        "goal": goal,
        "case_goals": lambda: Goal.objects.filter(case=case).order_by("pk"),
        "followup": followup_add(
            actor=worker, case=case, kind="visit", what="Synthetic visit", due_on=today
        ),
        "event": trafficking_event_save(
            actor=worker, case=case, kind="Recruitment", country="KH", site_type="online"
        ),
    }


def _screening(screener: User, agency) -> Any:
    from pathways.casework.services import screening_answer
    from pathways.casework.tests.screening_helpers import start

    screening = start(screener, agency)
    return screening_answer(
        actor=screener,
        screening=screening,
        answers={"dr-s": "yes"},
        exploitation_notes=VALUES["screening_notes"][0],
        unlawful_acts=VALUES["screening_acts"][0],
    )


def _exports(case: Case, worker: User, supervisor: User) -> dict[str, Any]:
    """Requests to export the case by its worker: one awaiting approval, one approved, one
    approved and prepared (its encrypted file waiting for its download)."""
    from pathways.casework.services.htcds_export import (
        export_approve,
        export_prepare,
        export_request,
    )

    made = {}
    for name in ("export", "approved", "prepared"):
        made[name] = export_request(actor=worker, case=case, sections=["summary", "medical"])
    for name in ("approved", "prepared"):
        export_approve(actor=supervisor, export=made[name])
    export_prepare(actor=worker, export=made["prepared"])
    return made


def _clients(persona: str, d: SimpleNamespace) -> dict[bool, Browser]:
    """{is_api: client}: a token for the API, a signed-in session (two-factor for a
    casework persona) for the pages."""
    if persona == ANON:
        return {True: Browser(), False: Browser()}
    user = d.users[persona]
    pages = Browser()
    if persona in CW_PERSONAS:
        signed_in(pages, user)
    else:
        pages.force_login(user)
    token = api_token_create(actor=None, user=user, two_factor_verified=True)
    return {True: Browser(HTTP_AUTHORIZATION=f"Bearer {token.secret}"), False: pages}


# --- asking and checking --------------------------------------------------------------------------


def request(client: Browser, key: str, expect: Expect, d: SimpleNamespace):
    url = reverse(key.split("|")[0], kwargs=expect.kwargs(d) if expect.kwargs else None)
    send = getattr(client, expect.method)
    if expect.json is not None:
        return url, {}, send(url, expect.json(d), content_type="application/json")
    if expect.form is not None:
        sent = expect.form(d)
        return url, sent, send(url, sent)
    return url, {}, send(url)


def text_of(response, sent: dict[str, Any]) -> str:
    """What a reader gets: the headers (a download's file name) and the body, JSON as text
    (so Khmer is not hidden behind \\u escapes), the request's own form values taken out."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        with contextlib.suppress(ValueError):
            body = json.dumps(json.loads(body), ensure_ascii=False)
    for value in sent.values():
        if isinstance(value, str) and value:
            body = body.replace(value, "")
    headers = "\n".join(f"{k}: {v}" for k, v in response.items())
    return f"{headers}\n{body}"


def check(persona: str, key: str, url: str, expect: Expect, response, text: str) -> list[str]:
    where = f"{key} {expect.method.upper()} {url}"
    expected = expect.statuses[persona]
    problems = []
    if response.status_code != expected:
        problems.append(f"{where}: {response.status_code}, expected {expected}")
    allowed = expect.sees.get(persona, NOTHING) if response.status_code == 200 else NOTHING
    for group, values in VALUES.items():
        shown = [v for v in values if v in text]
        if group not in allowed and shown:
            problems.append(f"{where}: shows {group} {shown[0]!r}")
        if group in allowed and not shown and response.status_code == expected:
            problems.append(f"{where}: was to show {group}, shows none of it")
    return problems


def walk(persona: str, d: SimpleNamespace) -> list[str]:
    """Every entry as `persona`: each wrong status, leaked or missing group and wrong write."""
    problems = []
    for key, expect in CASEWORK_MATRIX.items():
        client = d.clients[persona][expect.is_api]
        if expect.method == "get":
            url, sent, response = request(client, key, expect, d)
            problems += check(persona, key, url, expect, response, text_of(response, sent))
            continue
        # A write, undone after its check: every entry starts from the same sample data.
        with transaction.atomic():
            before = AuditEvent.objects.count(), expect.state(d) if expect.state else None
            url, sent, response = request(client, key, expect, d)
            after = AuditEvent.objects.count(), expect.state(d) if expect.state else None
            problems += check(persona, key, url, expect, response, text_of(response, sent))
            problems += _wrong_write(persona, f"{key} POST {url}", expect, before, after)
            transaction.set_rollback(True)
    return problems


def _wrong_write(persona: str, where: str, expect: Expect, before, after) -> list[str]:
    (audits_before, state_before), (audits_after, state_after) = before, after
    problems = []
    if expect.statuses[persona] >= 400 and audits_after != audits_before:
        problems.append(f"{where}: refused, yet {audits_after - audits_before} audited write(s)")
    if expect.state is not None:
        changed = state_after != state_before
        if changed and persona not in expect.changed_by:
            problems.append(f"{where}: changed {state_before!r} to {state_after!r}")
        if not changed and persona in expect.changed_by:
            problems.append(f"{where}: was to change {state_before!r}, did not")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_casework_matrix(persona: str, world: SimpleNamespace):
    problems = walk(persona, world)
    assert not problems, f"{persona}:\n" + "\n".join(problems)


# Each section's value groups on a case page.
SECTION_GROUPS = {
    Section.SUMMARY: set(),
    Section.IDENTITY: {"identity", "attachment_name"},
    Section.SAFETY: {"safety", "notes.safety"},
    Section.MEDICAL: {"medical", "notes.medical"},
    Section.EXPLOITATION: {"exploitation", "notes.exploitation"},
    Section.LEGAL: {"legal", "notes.legal"},
    Section.NOTES: {"notes.notes"},
    Section.UNLAWFUL_ACTS: {"unlawful_acts", "notes.unlawful_acts"},
}


@pytest.mark.django_db
def test_case_entries_follow_permitted_sections(world: SimpleNamespace):
    """The case page and the API's case give each persona exactly the groups of the
    sections `access.permitted_sections` allows, and a 404 where it allows none."""
    from pathways.casework.access import permitted_sections

    assert set(SECTION_GROUPS) == ALL_SECTIONS
    disagree = []
    for persona in ALL_PERSONAS[1:]:
        user = User.objects.get(pk=world.users[persona].pk)
        sections = permitted_sections(user, world.case)
        groups = frozenset().union(*(SECTION_GROUPS[s] for s in sections))
        want = (200, groups) if sections else (404, NOTHING)
        for key in ("casework:case_detail", "api:casework_case_detail"):
            expect = CASEWORK_MATRIX[key]
            have = (expect.statuses[persona], expect.sees.get(persona, NOTHING))
            if have != want:
                disagree.append(f"{key} {persona}: matrix {have}, permitted_sections {want}")
    assert not disagree, "\n".join(disagree)


@pytest.mark.django_db
def test_matrix_fails_when_permitted_sections_lets_everything_through(monkeypatch, world):
    """Take the section check out, as a careless change would: the walk must name what the
    legal officer, the coordinator and the break-glass reader may now read."""
    from pathways.casework import access, reading

    def everything(user, case, now=None):
        return ALL_SECTIONS

    monkeypatch.setattr(access, "permitted_sections", everything)
    monkeypatch.setattr(reading, "permitted_sections", everything)
    legal = walk("legal", world)
    assert any(p.startswith("casework:case_detail ") and "shows medical" in p for p in legal)
    assert any(p.startswith("api:casework_case_detail ") and "shows safety" in p for p in legal)
    coordinator = walk("nrm_kh", world)
    assert any(p.startswith("casework:case_detail ") and "shows identity" in p for p in coordinator)
    assert any(
        p.startswith("casework:attachment GET") and "200, expected 404" in p for p in coordinator
    )
    breaker = walk("breaker_granted", world)
    assert any(
        p.startswith("api:casework_case_detail ") and "shows unlawful_acts" in p for p in breaker
    )
