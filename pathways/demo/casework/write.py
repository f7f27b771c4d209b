"""Writing the casework demo: agencies, staff, then the clients, cases and notes in bulk."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.accounts.models import User
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.casework import keys, sealing
from pathways.casework.directory import CAMBODIA as CAMBODIA_DIRECTORY
from pathways.casework.directory import load_file as load_directory
from pathways.casework.models import (
    SEALED_FIELDS,
    Case,
    CaseNote,
    Client,
    DataKey,
    StaffMembership,
)
from pathways.casework.residency import holds_country
from pathways.casework.sealing import ClientIdentity
from pathways.demo.casework.bulk import audit_created_in_bulk, backdate, case_numbers
from pathways.demo.casework.care import load_domain_sets
from pathways.demo.casework.people import (
    CASEWORK_PERSONAS,
    COUNTRY,
    DEMO_CLIENTS,
    DEMO_TOTP_KEY,
    NEW_AGENCIES,
    OTHER_STAFF,
    PARTNER_AGENCIES,
)
from pathways.demo.casework.plan import (
    CaseworkDemo,
    PlannedCase,
    PlannedClient,
    PlannedNote,
    plan_clients,
)
from pathways.demo.casework.screenings import StagedDemo, screenings_loaded
from pathways.demo.casework.stages import load_staged_demo
from pathways.demo.casework.statistics import load_statistics_release
from pathways.demo.casework.statistics_cohort import closure_reason_for
from pathways.lib.phones import to_e164
from pathways.programs.models import Country, Organisation

# --- Writing it ---------------------------------------------------------------------------


def ensure_casework_agencies(country: Country) -> dict[str, Organisation]:
    agencies = {}
    for key, name, acronym, kind in NEW_AGENCIES:
        agency = Organisation.objects.filter(name=name).first()
        if agency is None:
            agency = Organisation.objects.create(
                name=name, acronym=acronym, type=kind, country=country
            )
            _audit_created(agency)
        agencies[key] = agency
    for acronym in PARTNER_AGENCIES:
        agencies[acronym] = Organisation.objects.get(acronym=acronym, country=country)
    return agencies


def _audit_created(instance) -> None:
    audit_record(
        actor=None,
        action=AuditEvent.Action.CREATE,
        instance=instance,
        changes=diff({}, snapshot(instance, exclude=["password"])),
        source=AuditEvent.Source.COMMAND,
    )


def ensure_casework_staff(agencies: dict[str, Organisation], *, password: str) -> dict[str, User]:
    """The casework personas (the demo password and the demo two-factor secret) and the
    colleagues who share the cases (no password); existing users are left as they are."""
    users = {}
    for member in [*CASEWORK_PERSONAS, *OTHER_STAFF]:
        user = User.objects.filter(username=member.username).first()
        if user is None:
            user = User(
                username=member.username,
                first_name=member.first_name,
                last_name=member.last_name,
            )
            user.set_password(password) if member.persona else user.set_unusable_password()
            user.full_clean()
            user.save()
            _audit_created(user)
            role = StaffMembership.objects.create(
                user=user,
                agency=agencies[member.agency],
                role=member.role,
                can_break_glass=member.can_break_glass,
            )
            _audit_created(role)
            if member.persona:
                device = TOTPDevice.objects.create(
                    user=user,
                    name="Demo authenticator (synthetic)",
                    key=DEMO_TOTP_KEY.hex(),
                    confirmed=True,
                )
                audit_record(
                    actor=None,
                    action=AuditEvent.Action.CREATE,
                    instance=device,
                    changes={"two_factor": ["off", "on"]},
                    source=AuditEvent.Source.COMMAND,
                )
        users[member.username] = user
    return users


def casework_demo_loaded() -> bool:
    return Client.objects.filter(is_synthetic=True).exists()


def load_casework_demo(
    *, password: str, clients: int = DEMO_CLIENTS, now: dt.datetime | None = None
) -> CaseworkDemo | None:
    """Load the casework demo once: None when the deployment does not hold Cambodia's
    casework; the personas alone (no clients, no screenings) when the synthetic clients and
    the screenings are already there. The bulk clients and the staged screenings and cases
    (`screenings`, `stages`) are each loaded when missing."""
    country = Country.objects.get(code=COUNTRY)
    if not holds_country(country):
        return None
    demo = CaseworkDemo()
    with transaction.atomic(), keys.pinned_active_keys():
        demo.agencies = ensure_casework_agencies(country)
        demo.users = ensure_casework_staff(demo.agencies, password=password)
        if not casework_demo_loaded():
            demo.planned = plan_clients(clients, now=now)
            _write(demo, country)
        # The service directory, as `casework_directory load` (what is there is kept).
        load_directory(CAMBODIA_DIRECTORY)
        # The assessment domain sets, as `casework_domain_sets load --all` (kept if loaded).
        domain_sets = load_domain_sets()
        if not screenings_loaded(country):
            staged = StagedDemo(country, demo.agencies, demo.users, now or timezone.now())
            staged.domain_sets = domain_sets
            load_staged_demo(staged)
            demo.screenings, demo.staged_cases = staged.screenings, staged.cases
            demo.cohort_clients = staged.cohort
            demo.said = staged.said
        # Last: the release counts whatever the steps above identified.
        demo.release, demo.release_refused = load_statistics_release(country, demo.users)
    return demo


def _write(demo: CaseworkDemo, country: Country) -> None:
    # The keys once, before the rows: each sealing then finds them pinned and unwrapped.
    for purpose in DataKey.Purpose:
        keys.unwrap(keys.active_key(country, purpose))
    records = [_client(demo, country, planned) for planned in demo.planned]
    Client.objects.bulk_create(records, batch_size=500)
    backdate(Client, records, [p.registered_at for p in demo.planned])
    demo.clients = len(records)
    with_cases = sorted(
        (p.case.opened_on, i) for i, p in enumerate(demo.planned) if p.case is not None
    )
    numbers = case_numbers(country, [opened for opened, _i in with_cases])
    cases = []
    for (_opened, i), number in zip(with_cases, numbers, strict=True):
        cases.append(_case(demo, records[i], demo.planned[i].case, number))
    Case.objects.bulk_create(cases, batch_size=500)
    backdate(Case, cases, [records[i].created_at for _o, i in with_cases])
    notes = [
        _note(demo, case, planned)
        for case, (_o, i) in zip(cases, with_cases, strict=True)
        for planned in demo.planned[i].case.notes
    ]
    CaseNote.objects.bulk_create(notes, batch_size=500)
    demo.cases, demo.notes = len(cases), len(notes)
    audit_created_in_bulk(
        records, [_client_fields(r, p) for r, p in zip(records, demo.planned, strict=True)]
    )
    planned_cases = [demo.planned[i].case for _o, i in with_cases]
    audit_created_in_bulk(
        cases, [_case_fields(c, p) for c, p in zip(cases, planned_cases, strict=True)]
    )
    audit_created_in_bulk(notes, [["case", "section", "text"]] * len(notes))


def _client(demo: CaseworkDemo, country: Country, planned: PlannedClient) -> Client:
    identity = planned.identity
    # Phones in E.164, as `client_register` stores them.
    stored = ClientIdentity(
        **{
            **{f: getattr(identity, f) for f in SEALED_FIELDS},
            "mobile_phone": to_e164(identity.mobile_phone, country.code),
            "home_phone": to_e164(identity.home_phone, country.code),
        }
    )
    client = Client(
        country=country,
        owner_agency=demo.agencies[planned.owner],
        sex=planned.sex,
        age_band=planned.age_band,
        nationality=planned.nationality,
        birthdate_precision=planned.birthdate_precision,
        identity_document_type=planned.identity_document_type,
        is_synthetic=True,
        created_by=demo.users[planned.registered_by],
    )
    sealing.seal_identity(client, stored)
    return client


def _case(demo: CaseworkDemo, client: Client, planned: PlannedCase, number: str) -> Case:
    case = Case(
        client=client,
        country=client.country,
        owner_agency=client.owner_agency,
        case_worker=demo.users[planned.case_worker],
        supervisor=demo.users[planned.supervisor],
        status=Case.Status.CLOSED if planned.closed_on else Case.Status.OPEN,
        stage=Case.Stage.CLOSED if planned.closed_on else Case.Stage.OPEN,
        opened_on=planned.opened_on,
        closed_on=planned.closed_on,
        closure_reason=closure_reason_for(number) if planned.closed_on else "",
        closure_approved_by=demo.users[planned.supervisor] if planned.closed_on else None,
        exploitation_type=planned.exploitation_type,
        is_synthetic=True,
        case_number=number,
    )
    sealing.seal_record(case, planned.sections)
    return case


def _note(demo: CaseworkDemo, case: Case, planned: PlannedNote) -> CaseNote:
    note = CaseNote(
        case=case,
        section=planned.section,
        written_by=demo.users[planned.author],
        written_at=planned.written_at,
    )
    sealing.seal_record(note, {"text": planned.text})
    return note


def _client_fields(client: Client, planned: PlannedClient) -> list[str]:
    tier_one = ["country", "owner_agency", "sex", "age_band", "nationality", "is_synthetic"]
    tier_one += ["birthdate_precision", "identity_document_type"]
    written = [f for f in SEALED_FIELDS if getattr(planned.identity, f)]
    return [f for f in tier_one if getattr(client, f)] + written


def _case_fields(case: Case, planned: PlannedCase) -> list[str]:
    written = ["case_number", "client", "owner_agency", "opened_on", "exploitation_type"]
    written += ["case_worker", "supervisor", "status", "stage", "is_synthetic"]
    written += ["closed_on", "closure_reason", "closure_approved_by"] if planned.closed_on else []
    return written + [name for name, value in planned.sections.items() if value]
