"""The service directory's services, the guard a referral offer calls (`directory_check`) and
the shipped Cambodian directory (casework.md §2.1, §2.2, §3.4)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from pathways.audit.models import AuditEvent
from pathways.casework.access_directory import directory_check
from pathways.casework.directory import CAMBODIA, load_file
from pathways.casework.models import (
    AgencyProfile,
    CaseworkRole,
    Client,
    ServiceDirectoryEntry,
    ServiceType,
)
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
    directory_entry_change,
    directory_entry_remove,
)
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.transitions import ConcurrentChange
from pathways.programs.models import Province

TODAY = dt.date(2026, 12, 7)
AGREEMENT = ProfileInput(
    htcds_type=AgencyProfile.OrgType.NGO,
    accepts_referrals=True,
    is_nrm_member=True,
    referral_contact_role="Intake officer",
    phone="+85523123456",
    data_sharing_agreement_reference="DSA-2026-01",
    data_sharing_signed_on=dt.date(2026, 1, 1),
    data_sharing_expires_on=dt.date(2027, 12, 31),
)


def province(country, name: str) -> Province:
    return Province.objects.get(country=country, name=name)


@pytest.fixture
def shelter(kh):
    agency = make_agency(kh, "Synthetic directory shelter")
    agency_profile_save(actor=None, agency=agency, values=AGREEMENT)
    return agency


def shelter_entry(agency, **values) -> ServiceDirectoryEntry:
    return directory_entry_add(
        actor=None,
        agency=agency,
        values=EntryInput(**{"service_type": ServiceType.SHELTER, **values}),
    )


# --- who may write -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_admin_keeps_own_agency_but_not_another(kh, shelter):
    admin = staff(shelter, CaseworkRole.AGENCY_ADMIN)
    other = make_agency(kh, "Synthetic other agency")
    entry = directory_entry_add(
        actor=admin, agency=shelter, values=EntryInput(service_type=ServiceType.LEGAL)
    )
    assert entry.country_id == kh.pk
    with pytest.raises(PermissionDenied):
        directory_entry_add(
            actor=admin, agency=other, values=EntryInput(service_type=ServiceType.LEGAL)
        )
    assert not ServiceDirectoryEntry.objects.filter(agency=other).exists()


@pytest.mark.django_db
def test_coordinator_keeps_every_agency_of_their_country_only(kh, la, shelter):
    coordinator = staff(make_agency(kh, "Synthetic NCCT"), CaseworkRole.NRM_COORDINATOR)
    lao = make_agency(la, "Synthetic Lao shelter")
    agency_profile_save(
        actor=coordinator,
        agency=shelter,
        values=ProfileInput(**{**AGREEMENT.__dict__, "accepts_referrals": False}),
        version=0,
    )
    assert AgencyProfile.objects.get(organisation=shelter).accepts_referrals is False
    with pytest.raises(PermissionDenied):
        agency_profile_save(actor=coordinator, agency=lao, values=AGREEMENT)
    assert not AgencyProfile.objects.filter(organisation=lao).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER, CaseworkRole.SCREENER]
)
def test_other_roles_of_the_agency_cannot_write(shelter, role):
    user = staff(shelter, role)
    entry = shelter_entry(shelter)
    audits = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        directory_entry_change(
            actor=user,
            entry=entry,
            values=EntryInput(service_type=ServiceType.SHELTER, accepting=False),
        )
    with pytest.raises(PermissionDenied):
        directory_entry_remove(actor=user, entry=entry)
    with pytest.raises(PermissionDenied):
        agency_profile_save(actor=user, agency=shelter, values=AGREEMENT)
    assert AuditEvent.objects.count() == audits
    entry.refresh_from_db()
    assert entry.accepting


@pytest.mark.django_db
def test_writes_are_audited_by_field_names_without_values(shelter):
    admin = staff(shelter, CaseworkRole.AGENCY_ADMIN)
    entry = shelter_entry(shelter)
    directory_entry_change(
        actor=admin,
        entry=entry,
        values=EntryInput(service_type=ServiceType.SHELTER, capacity_note="Twelve beds"),
        version=0,
    )
    event = AuditEvent.objects.order_by("pk").last()
    assert event.action == AuditEvent.Action.UPDATE
    assert "capacity_note" in str(event.changes)
    assert "Twelve beds" not in str(event.changes)
    entry.refresh_from_db()
    assert entry.version == 1


@pytest.mark.django_db
def test_a_stale_version_is_refused_and_nothing_written(shelter):
    admin = staff(shelter, CaseworkRole.AGENCY_ADMIN)
    entry = shelter_entry(shelter)
    directory_entry_change(
        actor=admin,
        entry=entry,
        values=EntryInput(service_type=ServiceType.SHELTER, accepting=False),
        version=0,
    )
    with pytest.raises(ConcurrentChange):
        directory_entry_change(
            actor=admin,
            entry=entry,
            values=EntryInput(service_type=ServiceType.SHELTER, capacity_note="Other"),
            version=0,
        )
    entry.refresh_from_db()
    assert (entry.accepting, entry.capacity_note) == (False, "")


@pytest.mark.django_db
def test_a_province_of_another_country_is_refused(la, shelter):
    with pytest.raises(ValidationError) as refused:
        shelter_entry(shelter, province=province(la, "Vientiane Capital"))
    assert "province" in refused.value.message_dict


@pytest.mark.django_db
def test_the_same_service_twice_in_a_province_is_refused(kh, shelter):
    shelter_entry(shelter, province=province(kh, "Battambang"))
    with pytest.raises(ValidationError, match="already lists this service"):
        shelter_entry(shelter, province=province(kh, "Battambang"))


# --- the guard on a referral offer -------------------------------------------------------------


def client_like(**values) -> Client:
    return Client(**{"sex": "female", "age_band": "12-17", "nationality": "KH", **values})


@pytest.mark.django_db
def test_check_allows_a_listed_service_under_a_current_agreement(kh, shelter):
    shelter_entry(shelter, province=province(kh, "Battambang"))
    check = directory_check(
        agency=shelter,
        service_type=ServiceType.SHELTER,
        province=province(kh, "Battambang"),
        client=client_like(),
        on=TODAY,
    )
    assert check.allowed and not check.warnings


@pytest.mark.django_db
def test_check_refuses_after_the_agreement_expired(shelter):
    shelter_entry(shelter)
    on_last_day = directory_check(
        agency=shelter, service_type=ServiceType.SHELTER, province=None, on=dt.date(2027, 12, 31)
    )
    assert on_last_day.allowed
    day_after = directory_check(
        agency=shelter, service_type=ServiceType.SHELTER, province=None, on=dt.date(2028, 1, 1)
    )
    assert not day_after.allowed
    assert "expired" in day_after.refusals[0]


@pytest.mark.django_db
def test_check_refuses_without_agreement_profile_or_acceptance(kh, shelter):
    shelter_entry(shelter)
    bare = make_agency(kh, "Synthetic bare agency")
    shelter_entry(bare)
    check = directory_check(agency=bare, service_type=ServiceType.SHELTER, province=None, on=TODAY)
    assert check.refusals == ["Synthetic bare agency does not accept referrals."]
    agency_profile_save(
        actor=None,
        agency=shelter,
        values=ProfileInput(**{**AGREEMENT.__dict__, "data_sharing_agreement_reference": ""}),
    )
    check = directory_check(
        agency=shelter, service_type=ServiceType.SHELTER, province=None, on=TODAY
    )
    assert "no data-sharing agreement" in check.refusals[0]


@pytest.mark.django_db
def test_check_refuses_a_service_not_listed_or_not_accepting(shelter):
    shelter_entry(shelter, accepting=False)
    unlisted = directory_check(
        agency=shelter, service_type=ServiceType.LEGAL, province=None, on=TODAY
    )
    assert "lists no “Legal” service" in unlisted.refusals[0]
    closed = directory_check(
        agency=shelter, service_type=ServiceType.SHELTER, province=None, on=TODAY
    )
    assert "not accepting referrals for “Shelter”" in closed.refusals[0]


@pytest.mark.django_db
def test_check_warns_but_allows_another_province_and_eligibility(kh, shelter):
    shelter_entry(
        shelter,
        province=province(kh, "Battambang"),
        sexes=["female"],
        age_bands=["18-24"],
        nationalities=["KH"],
    )
    check = directory_check(
        agency=shelter,
        service_type=ServiceType.SHELTER,
        province=province(kh, "Takeo"),
        client=client_like(sex="male", age_band="12-17", nationality="VN"),
        on=TODAY,
    )
    assert check.allowed
    assert len(check.warnings) == 4
    assert "does not list “Shelter” in Takeo" in check.warnings[0]
    assert any("sex" in w for w in check.warnings)
    assert any("age band" in w for w in check.warnings)
    assert any("nationality" in w for w in check.warnings)


@pytest.mark.django_db
def test_a_nationwide_entry_covers_every_province(kh, shelter):
    shelter_entry(shelter)
    check = directory_check(
        agency=shelter,
        service_type=ServiceType.SHELTER,
        province=province(kh, "Takeo"),
        client=client_like(),
        on=TODAY,
    )
    assert check.allowed and not check.warnings


# --- the shipped Cambodian directory -----------------------------------------------------------


def directory_state() -> tuple:
    profiles = list(AgencyProfile.objects.order_by("pk").values_list("pk", "version"))
    entries = list(ServiceDirectoryEntry.objects.order_by("pk").values_list("pk", "version"))
    return profiles, entries, AuditEvent.objects.count()


@pytest.mark.django_db
def test_the_seed_loads_the_seed_partners_and_twice_changes_nothing():
    first = load_file(CAMBODIA)
    assert first.profiles_created >= 6 and first.entries_created >= 10
    # The demo's own agencies are not in a database without the demo.
    assert set(first.skipped) == {"AHTJP", "MSS"}
    mosvy = AgencyProfile.objects.get(organisation__acronym="MoSVY")
    assert mosvy.accepts_referrals
    before = directory_state()
    second = load_file(CAMBODIA)
    assert (second.profiles_created, second.entries_created) == (0, 0)
    assert directory_state() == before


@pytest.mark.django_db
def test_the_seed_keeps_what_a_coordinator_changed():
    load_file(CAMBODIA)
    entry = ServiceDirectoryEntry.objects.filter(agency__acronym="LSCW").first()
    directory_entry_change(
        actor=None,
        entry=entry,
        values=EntryInput(
            service_type=entry.service_type, province=entry.province, capacity_note="Full"
        ),
    )
    changed = directory_state()
    load_file(CAMBODIA)
    assert directory_state() == changed
    entry.refresh_from_db()
    assert entry.capacity_note == "Full"


@pytest.mark.django_db
def test_the_seed_says_it_is_synthetic_and_an_expired_agreement_refuses():
    import json

    data = json.loads(CAMBODIA.read_text(encoding="utf-8"))
    assert data["synthetic"] is True and "SYNTHETIC" in data["about"]
    load_file(CAMBODIA)
    moj = AgencyProfile.objects.get(organisation__acronym="MoJ").organisation
    check = directory_check(agency=moj, service_type=ServiceType.LEGAL, province=None, on=TODAY)
    assert "expired" in check.refusals[0]


@pytest.mark.django_db
def test_the_command_loads_and_lists():
    out = io.StringIO()
    call_command("casework_directory", "load", stdout=out)
    assert "added" in out.getvalue() and "AHTJP" in out.getvalue()
    out = io.StringIO()
    call_command("casework_directory", "load", stdout=out)
    assert "0 profile(s) and 0 entry(ies) added" in out.getvalue()
    out = io.StringIO()
    call_command("casework_directory", "list", stdout=out)
    assert "Legal Support for Children and Women" in out.getvalue()
