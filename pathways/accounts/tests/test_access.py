from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.accounts.access import get_country_for_user, require, scope_for
from pathways.accounts.models import Membership, Role
from pathways.activities.dedup.matching import name_key
from pathways.activities.models import Attendance, Event, Person
from pathways.programs.models import Country, Organisation

pytestmark = pytest.mark.django_db


def make_event(code: str, title: str, lead: str | None = None, co: str | None = None) -> Event:
    event = Event.objects.create(
        title=title,
        event_type=Event.Type.TRAINING,
        start_date="2022-02-01",
        end_date="2022-02-02",
        country=Country.objects.get(code=code),
        lead_organisation=Organisation.objects.get(acronym=lead) if lead else None,
    )
    if co:
        event.co_organisers.add(Organisation.objects.get(acronym=co))
    return event


def make_person(code: str, name: str) -> Person:
    return Person.objects.create(
        full_name=name, name_key=name_key(name), country=Country.objects.get(code=code)
    )


@pytest.fixture
def events() -> dict[str, Event]:
    return {
        "kh_cnp": make_event("KH", "CNP training", lead="CNP"),
        "kh_lscw": make_event("KH", "LSCW training", lead="LSCW"),
        "kh_co": make_event("KH", "NCCT forum with LSCW", lead="NCCT", co="LSCW"),
        "la": make_event("LA", "Lao training", lead="MoPS"),
    }


def visible(user) -> set[str]:
    return set(Event.objects.visible_to(user).values_list("title", flat=True))


def test_country_staff_see_only_their_countrys_events(events, kh_officer, la_manager):
    assert visible(kh_officer) == {"CNP training", "LSCW training", "NCCT forum with LSCW"}
    assert visible(la_manager) == {"Lao training"}


def test_partner_sees_events_their_organisation_leads_or_co_organises(events, lscw_partner):
    assert visible(lscw_partner) == {"LSCW training", "NCCT forum with LSCW"}


def test_admin_and_donor_see_the_whole_region(events, admin_user, donor):
    assert len(visible(admin_user)) == len(visible(donor)) == 4


def test_a_user_without_membership_sees_nothing(events, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x" * 16)
    assert visible(nobody) == set()
    assert not scope_for(nobody).can_see_country(Country.objects.get(code="KH").pk)


def test_who_may_edit_an_event(events, kh_officer, la_manager, lscw_partner, donor, admin_user):
    kh_cnp, kh_co = events["kh_cnp"], events["kh_co"]
    assert scope_for(kh_officer).can_edit_event(kh_cnp)
    assert not scope_for(la_manager).can_edit_event(kh_cnp)
    assert scope_for(lscw_partner).can_edit_event(kh_co)
    assert not scope_for(lscw_partner).can_edit_event(kh_cnp)
    assert not scope_for(donor).can_edit_event(kh_cnp)
    assert scope_for(admin_user).can_edit_event(kh_cnp)


def test_a_viewer_sees_the_country_but_may_not_edit_or_see_names(django_user_model):
    viewer = django_user_model.objects.create_user("kh_viewer", password="x" * 16)
    kh = Country.objects.get(code="KH")
    Membership.objects.create(user=viewer, role=Role.VIEWER, country=kh)
    scope = scope_for(viewer)
    assert scope.can_see_country(kh.pk)
    assert not scope.can_edit_in_country(kh.pk)
    assert not scope.can_see_personal_data_in(kh.pk)


def test_personal_data_is_for_country_data_roles_and_the_admin(
    events, kh_officer, la_manager, donor, admin_user, lscw_partner
):
    sok = make_person("KH", "Sok Dara")
    make_person("LA", "Somphone Vongsa")
    Attendance.objects.create(event=events["kh_lscw"], person=sok)

    def names(user) -> set[str]:
        return set(Person.objects.visible_to(user).values_list("full_name", flat=True))

    assert names(kh_officer) == {"Sok Dara"}
    assert names(la_manager) == {"Somphone Vongsa"}
    assert names(admin_user) == {"Sok Dara", "Somphone Vongsa"}
    assert names(donor) == set()
    assert names(lscw_partner) == {"Sok Dara"}  # attended an LSCW event


def test_out_of_scope_country_is_a_404_and_a_missing_role_a_403(la_manager):
    with pytest.raises(Http404):
        get_country_for_user(la_manager, "KH")
    assert get_country_for_user(la_manager, "la").code == "LA"
    with pytest.raises(PermissionDenied):
        require(False)


def test_a_membership_is_for_a_country_or_a_partner_not_both(kh_officer):
    membership = Membership(
        user=kh_officer,
        role=Role.DATA_OFFICER,
        country=Country.objects.get(code="KH"),
        organisation=Organisation.objects.get(acronym="LSCW"),
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_admins_and_donors_are_always_regional(kh_officer):
    membership = Membership(
        user=kh_officer, role=Role.DONOR, country=Country.objects.get(code="KH")
    )
    with pytest.raises(ValidationError):
        membership.full_clean()


def test_users_with_the_same_memberships_share_a_scope_key_and_others_do_not(
    django_user_model, kh_officer, kh_manager, lscw_partner
):
    """The key is what a cached page may be shared on: equal for equal memberships, and
    different as soon as a role or a country differs."""
    twin = django_user_model.objects.create_user("kh_officer_twin", password="x" * 16)
    for m in kh_officer.memberships.all():
        Membership.objects.create(
            user=twin, role=m.role, country=m.country, organisation=m.organisation
        )
    assert scope_for(twin).key == scope_for(kh_officer).key
    assert scope_for(kh_manager).key != scope_for(kh_officer).key
    assert scope_for(lscw_partner).key != scope_for(kh_officer).key
