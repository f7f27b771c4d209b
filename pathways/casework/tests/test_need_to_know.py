"""Need to know: which cases and sections each casework role sees, and that values leave
only through `reading`, recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from pathways.casework import access, sealing
from pathways.casework.access import cases_visible_to, clients_visible_to, permitted_sections
from pathways.casework.models import (
    ALL_SECTIONS,
    AccessEvent,
    BreakGlassGrant,
    Case,
    CaseworkRole,
    Section,
)
from pathways.casework.reading import list_identities, open_case
from pathways.casework.services import case_note_add, data_key_rotate
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)

pytestmark = pytest.mark.django_db

SECTIONS = {
    "safe_location": "Shelter 7, room 3",
    "safety_notes": "Recruiter phoned the family twice",
    "medical_notes": "Needs follow-up for an injured wrist",
    "legal_notes": "Statement given to the provincial court",
    "unlawful_acts": "Made to send scam messages",
}


@pytest.fixture
def world(kh, la):
    shelter = make_agency(kh, "Shelter A")
    other = make_agency(kh, "Shelter B")
    abroad = make_agency(la, "Shelter L")
    people = {
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR),
        "worker": staff(shelter, CaseworkRole.CASE_WORKER),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER),
        "lawyer": staff(shelter, CaseworkRole.LEGAL_OFFICER),
        "admin": staff(shelter, CaseworkRole.AGENCY_ADMIN),
        "auditor": staff(shelter, CaseworkRole.ACCESS_AUDITOR),
        "statistician": staff(shelter, CaseworkRole.STATISTICIAN),
        "screener": staff(shelter, CaseworkRole.SCREENER),
        "coordinator": staff(other, CaseworkRole.NRM_COORDINATOR),
        "other_supervisor": staff(other, CaseworkRole.CASE_SUPERVISOR),
        "lao_coordinator": staff(abroad, CaseworkRole.NRM_COORDINATOR),
        "night_shelter": staff(other, CaseworkRole.CASE_SUPERVISOR, can_break_glass=True),
    }
    client = register(kh, shelter)
    case = open_case_for(
        client,
        case_worker=people["worker"],
        supervisor=people["supervisor"],
        sections=SECTIONS,
    )
    case_note_add(actor=people["worker"], case=case, text="Met her mother at the market")
    case_note_add(
        actor=people["lawyer"], case=case, text="Hearing set for March", section=Section.LEGAL
    )
    return {"case": case, "client": client, "shelter": shelter, **people}


def test_each_role_sees_what_it_needs_and_nothing_more(world):
    case = world["case"]
    assert permitted_sections(world["supervisor"], case) == ALL_SECTIONS
    assert permitted_sections(world["worker"], case) == ALL_SECTIONS
    assert permitted_sections(world["lawyer"], case) == {
        Section.SUMMARY,
        Section.IDENTITY,
        Section.LEGAL,
        Section.UNLAWFUL_ACTS,
    }
    assert permitted_sections(world["coordinator"], case) == {Section.SUMMARY}
    for name in (
        "colleague",
        "admin",
        "auditor",
        "statistician",
        "screener",
        "other_supervisor",
        "lao_coordinator",
        "night_shelter",
    ):
        assert permitted_sections(world[name], case) == frozenset(), name
        assert not cases_visible_to(world[name]).exists(), name
        with pytest.raises(Http404):
            access.case_for(world[name], case.pk)


def test_programme_roles_see_no_casework(world, personas):
    programme = [u for u in personas.values() if not u.casework_memberships.exists()]
    assert {"admin", "kh_manager", "kh_officer", "lscw_partner", "donor"} <= {
        u.username for u in programme
    }
    for user in programme:
        assert not cases_visible_to(user).exists(), user.username
        assert not clients_visible_to(user).exists(), user.username
        assert permitted_sections(user, world["case"]) == frozenset()


def test_a_team_member_joins_the_need_to_know(world):
    case = world["case"]
    case.team_members.add(world["colleague"])
    access.forget_casework_scope(world["colleague"])
    assert permitted_sections(world["colleague"], case) == ALL_SECTIONS
    assert list(cases_visible_to(world["colleague"])) == [case]


def test_the_legal_officer_opens_the_legal_sections_only(world):
    view = open_case(world["lawyer"], world["case"], via="web")
    assert view.fields == {
        "legal_notes": SECTIONS["legal_notes"],
        "unlawful_acts": SECTIONS["unlawful_acts"],
    }
    assert [text for _note, text in view.notes] == ["Hearing set for March"]
    assert view.identity.first_name == "Sreyneang"
    event = AccessEvent.objects.get()
    assert event.case_id == world["case"].pk
    assert event.client_id == world["client"].pk
    assert "safe_location" not in event.fields
    assert {"legal_notes", "unlawful_acts", "notes.legal", "first_name"} <= set(event.fields)


def test_the_coordinator_opens_nothing_sealed_and_leaves_no_read(world):
    view = open_case(world["coordinator"], world["case"], via="web")
    assert view.identity is None and view.fields == {} and view.notes == []
    assert not AccessEvent.objects.exists()


def test_break_glass_opens_safety_and_medical_for_four_hours_then_closes(world):
    user, case = world["night_shelter"], world["case"]
    now = timezone.now()
    grant = BreakGlassGrant(
        user=user,
        agency=world["night_shelter"].casework_memberships.get().agency,
        case=case,
        reason_code=BreakGlassGrant.Reason.MEDICAL_EMERGENCY,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=4),
    )
    sealing.seal_record(grant, {"reason": "Arrived at night, injured"})
    grant.save()
    assert permitted_sections(user, case) == {
        Section.SUMMARY,
        Section.IDENTITY,
        Section.SAFETY,
        Section.MEDICAL,
    }
    view = open_case(user, case, via="web")
    assert set(view.fields) == {
        "safe_location",
        "safety_risk_level",
        "safety_notes",
        "medical_notes",
    }
    assert AccessEvent.objects.get().action == AccessEvent.Action.BREAK_GLASS
    later = now + dt.timedelta(hours=4, seconds=1)
    assert permitted_sections(user, case, now=later) == frozenset()


def test_a_list_opens_only_the_columns_shown_and_records_each_client(world, kh):
    shelter = world["shelter"]
    others = [
        open_case_for(register(kh, shelter, sample_identity(first_name=f"Dara{i}")))
        for i in range(3)
    ]
    cases = list(cases_visible_to(world["supervisor"]).order_by("id"))
    assert len(cases) == 4
    names = list_identities(world["supervisor"], cases, fields=["first_name"], via="web")
    assert [names[c.pk].first_name for c in others] == ["Dara0", "Dara1", "Dara2"]
    assert names[others[0].pk].last_name == ""  # not asked for, not opened
    events = AccessEvent.objects.filter(action=AccessEvent.Action.LIST_WITH_IDENTIFIERS)
    assert events.count() == 4 and {tuple(e.fields) for e in events} == {("first_name",)}
    # The coordinator's list has no identity column to open.
    assert list_identities(world["coordinator"], cases, fields=["first_name"], via="web") == {}


def test_case_numbers_follow_country_and_year_and_name_no_one(world, kh):
    first = world["case"]
    second = open_case_for(register(kh, world["shelter"]))
    year = timezone.localdate().year
    assert first.case_number == f"KH-{year}-00001"
    assert second.case_number == f"KH-{year}-00002"
    assert str(second) == second.case_number


def test_only_the_agency_staff_can_be_assigned(world, kh):
    with pytest.raises(ValidationError) as excinfo:
        open_case_for(register(kh, world["shelter"]), case_worker=world["other_supervisor"])
    assert "case_worker" in excinfo.value.message_dict
    assert Case.objects.count() == 1


def test_rotation_reseals_cases_and_notes(world, kh):
    data_key_rotate(actor=None, country=kh)
    case = Case.objects.get()
    view = open_case(world["supervisor"], case, via="web")
    assert view.fields["safety_notes"] == SECTIONS["safety_notes"]
    assert {text for _n, text in view.notes} == {
        "Met her mother at the market",
        "Hearing set for March",
    }
    active = case.data_key_id
    assert all(n.data_key_id == active for n in case.notes.all())


def test_a_sealed_section_copied_to_another_case_does_not_open(world, kh):
    from pathways.lib import crypto

    other = open_case_for(register(kh, world["shelter"]))
    Case.objects.filter(pk=other.pk).update(safety_notes_sealed=world["case"].safety_notes_sealed)
    other.refresh_from_db()
    with pytest.raises(crypto.CryptoError):
        sealing.open_record(other, "safety_notes")
