"""The casework demo: Cambodian agencies, casework personas who sign in with the demo
two-factor secret, and synthetic clients whose values are sealed and open again."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from pathways.audit.models import AuditEvent
from pathways.casework import access, sealing
from pathways.casework.models import Case, CaseNote, CaseworkRole, Client, StaffMembership
from pathways.casework.tests.conftest import reading
from pathways.demo.casework import (
    CASEWORK_PERSONAS,
    DEMO_TOTP_SECRET,
    current_code,
    load_casework_demo,
    plan_clients,
)
from pathways.lib.phones import to_e164

pytestmark = pytest.mark.django_db

KHMER = range(0x1780, 0x1800)


@pytest.fixture
def demo():
    return load_casework_demo(password=PASSWORD, clients=60)


def test_every_casework_persona_signs_in_with_the_demo_password_and_code(demo, client):
    for member in CASEWORK_PERSONAS:
        user = demo.users[member.username]
        assert user.check_password(PASSWORD)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert device.verify_token(current_code())
        role = StaffMembership.objects.get(user=user)
        assert role.role == member.role and role.agency == demo.agencies[member.agency]
    assert StaffMembership.objects.get(user__username="kh_shelter_lead").can_break_glass
    assert demo.agencies["AHTJP"].name == (
        "Anti-Human Trafficking and Juvenile Protection Department"
    )
    assert {demo.agencies[a].acronym for a in ("MoSVY", "LSCW", "NCCT")} == {
        "MoSVY",
        "LSCW",
        "NCCT",
    }


def test_demo_clients_are_synthetic_sealed_and_open_to_what_was_planned(demo):
    assert Client.objects.count() == 60 + demo.staged_cases + demo.cohort_clients
    assert not Client.objects.filter(is_synthetic=False).exists()
    assert not Case.objects.filter(is_synthetic=False).exists()
    bulk = Client.objects.order_by("id")[:60]
    assert CaseNote.objects.filter(case__client__in=bulk).count() == demo.notes > 60
    khmer = [p for p in demo.planned if p.nationality == "KH"]
    assert khmer and all(
        any(ord(ch) in KHMER for ch in p.identity.local_script_name) for p in khmer
    )
    assert all(p.identity.first_name.replace(" ", "").isalpha() for p in demo.planned)
    for record, planned in zip(bulk, demo.planned, strict=True):
        opened = sealing.decrypt_identity(
            record, fields=["first_name", "local_script_name", "mobile_phone"], **reading()
        )
        assert opened.first_name == planned.identity.first_name
        assert opened.local_script_name == planned.identity.local_script_name
        assert opened.mobile_phone == to_e164(planned.identity.mobile_phone, "KH")


def test_every_demo_record_is_audited_by_id_and_field_names_only(demo):
    entries = AuditEvent.objects.filter(content_type__model__in=["client", "case", "casenote"])
    created = entries.filter(action=AuditEvent.Action.CREATE)
    records = Client.objects.count() + Case.objects.count() + CaseNote.objects.count()
    assert created.count() == records > demo.clients + demo.cases + demo.notes
    names = {p.identity.first_name for p in demo.planned}
    for entry in entries:
        assert entry.object_repr.startswith("casework.")
        assert set(entry.changes) == {"fields"}
        assert not names & set(map(str, entry.changes["fields"]))


def test_the_personas_see_what_their_roles_allow(demo):
    users = demo.users
    mosvy = Case.objects.filter(owner_agency=demo.agencies["MoSVY"])
    # Their own agency's cases, and those referred to it (the statistics cohort's referrals).
    visible = set(access.cases_visible_to(users["kh_supervisor"]))
    assert visible >= set(mosvy)
    referred = Case.objects.filter(referrals__to_agency=demo.agencies["MoSVY"])
    assert visible - set(mosvy) <= set(referred)
    own = access.cases_visible_to(users["kh_caseworker"])
    assert own.exists() and own.count() < mosvy.count()
    assert access.cases_visible_to(users["kh_coordinator"]).count() == Case.objects.count()
    assert access.clients_visible_to(users["kh_screener"]).exists()
    assert not access.cases_visible_to(users["kh_auditor"]).exists()
    assert not access.cases_visible_to(users["kh_agency_admin"]).exists()
    assert Case.objects.filter(status=Case.Status.CLOSED).exists()
    assert Case.objects.filter(status=Case.Status.OPEN).exists()
    roles = set(StaffMembership.objects.values_list("role", flat=True))
    assert CaseworkRole.LEGAL_OFFICER in roles


def test_loading_twice_adds_nothing(demo):
    counts = (Client.objects.count(), Case.objects.count(), AuditEvent.objects.count())
    again = load_casework_demo(password=PASSWORD, clients=60)
    assert again.clients == 0
    assert (Client.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == counts


def test_the_plan_is_the_same_every_time_and_spread_over_the_years():
    now = timezone.now()
    first, second = plan_clients(300, now=now), plan_clients(300, now=now)
    assert first == second
    years = {p.case.opened_on.year for p in first if p.case}
    assert years == {2021, 2022, 2023, 2024, 2025, 2026}
    nationalities = {p.nationality for p in first}
    assert {"KH", "VN", "TH", "LA"} <= nationalities


def test_demo_logins_prints_the_casework_personas_and_their_code():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    printed = out.getvalue()
    for member in CASEWORK_PERSONAS:
        assert f"  {member.username} " in printed
    assert DEMO_TOTP_SECRET[:4] in printed and "may break the glass" in printed


def test_the_demo_holds_cambodias_service_directory(demo):
    from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry

    shelter = demo.agencies["SHELTER"]
    assert AgencyProfile.objects.get(organisation=shelter).accepts_referrals
    assert ServiceDirectoryEntry.objects.filter(agency=shelter).exists()
    assert ServiceDirectoryEntry.objects.filter(agency=demo.agencies["AHTJP"]).exists()
