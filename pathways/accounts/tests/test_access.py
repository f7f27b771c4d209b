from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.accounts.access import (
    Scope,
    forget_scope,
    get_country_for_user,
    require,
    scope_for,
)
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


# --- Scope on its own: the rules every page and service asks, without a database ------------

KH, LA = 1, 2
ORG_KH, ORG_REGION = 10, 20


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


def test_a_donor_is_regional_but_an_admin_who_is_also_a_donor_counts_as_admin():
    donor = Scope(regional_roles=roles(Role.DONOR))
    both = Scope(regional_roles=roles(Role.DONOR, Role.MEL_ADMIN))
    assert donor.is_donor and donor.is_regional and not donor.is_admin
    assert both.is_admin and not both.is_donor
    assert not Scope().is_regional and not Scope().is_authenticated


def test_a_country_viewer_may_not_record_events_but_an_officer_may():
    viewer = Scope(country_roles={KH: roles(Role.VIEWER)})
    officer = Scope(country_roles={KH: roles(Role.DATA_OFFICER)})
    assert not viewer.can_record_events_in(KH)
    assert officer.can_record_events_in(KH) and not officer.can_record_events_in(LA)


def test_a_partner_records_events_where_their_organisation_works_or_anywhere_if_region_wide():
    local = Scope(
        organisation_roles={ORG_KH: roles(Role.DATA_OFFICER)},
        organisation_countries={ORG_KH: KH},
    )
    regional = Scope(
        organisation_roles={ORG_REGION: roles(Role.DATA_OFFICER)},
        organisation_countries={ORG_REGION: None},
    )
    viewing = Scope(
        organisation_roles={ORG_KH: roles(Role.VIEWER)}, organisation_countries={ORG_KH: KH}
    )
    assert local.can_record_events_in(KH) and not local.can_record_events_in(LA)
    assert regional.can_record_events_in(KH) and regional.can_record_events_in(LA)
    assert not viewing.can_record_events_in(KH)


def test_only_the_country_manager_and_the_admin_manage_a_country():
    assert Scope(country_roles={KH: roles(Role.COUNTRY_MANAGER)}).can_manage_country(KH)
    assert Scope(regional_roles=roles(Role.MEL_ADMIN)).can_manage_country(KH)
    assert not Scope(country_roles={KH: roles(Role.DATA_OFFICER)}).can_manage_country(KH)
    assert not Scope(country_roles={LA: roles(Role.COUNTRY_MANAGER)}).can_manage_country(KH)
    assert not Scope(regional_roles=roles(Role.DONOR)).can_manage_country(KH)


def test_a_partner_sees_the_country_their_organisation_works_in_and_no_other():
    partner = Scope(
        organisation_roles={ORG_KH: roles(Role.VIEWER)}, organisation_countries={ORG_KH: KH}
    )
    assert partner.can_see_country(KH) and not partner.can_see_country(LA)
    assert Scope(regional_roles=roles(Role.DONOR)).can_see_country(LA)


def test_personal_data_is_seen_with_a_data_role_in_the_country_or_as_admin():
    officer = Scope(country_roles={KH: roles(Role.DATA_OFFICER), LA: roles(Role.VIEWER)})
    assert officer.can_see_personal_data_in(KH) and not officer.can_see_personal_data_in(LA)
    assert officer.personal_data_country_ids == {KH}
    assert Scope(regional_roles=roles(Role.MEL_ADMIN)).can_see_personal_data_in(LA)
    assert not Scope(regional_roles=roles(Role.DONOR)).can_see_personal_data_in(LA)
    partner = Scope(
        organisation_roles={ORG_KH: roles(Role.DATA_OFFICER), ORG_REGION: roles(Role.VIEWER)}
    )
    assert partner.personal_data_organisation_ids == {ORG_KH}


def test_the_home_country_is_the_one_country_a_user_works_in_and_none_for_two_or_regional():
    # The home country preselects the country of a new event and opens its dashboard.
    officer = Scope(country_roles={KH: roles(Role.DATA_OFFICER)}, country_codes={KH: "KH"})
    partner = Scope(
        organisation_roles={ORG_KH: roles(Role.VIEWER), ORG_REGION: roles(Role.VIEWER)},
        organisation_countries={ORG_KH: KH, ORG_REGION: None},
        country_codes={KH: "KH"},
    )
    two = Scope(country_roles={KH: roles(Role.VIEWER), LA: roles(Role.VIEWER)})
    admin = Scope(regional_roles=roles(Role.MEL_ADMIN), country_roles={KH: roles(Role.VIEWER)})
    assert officer.home_country_id == KH and officer.home_country_code == "KH"
    assert partner.home_country_id == KH and partner.home_country_code == "KH"
    assert two.home_country_id is None and two.home_country_code is None
    assert admin.home_country_code is None


def test_scope_keys_differ_when_an_organisation_works_in_another_country():
    here = Scope(
        organisation_roles={ORG_KH: roles(Role.VIEWER)}, organisation_countries={ORG_KH: KH}
    )
    there = Scope(
        organisation_roles={ORG_KH: roles(Role.VIEWER)}, organisation_countries={ORG_KH: LA}
    )
    assert here.key != there.key
    assert Scope(regional_roles=roles(Role.DONOR)).key != Scope().key


def test_a_deactivated_user_loses_their_scope_and_a_superuser_is_the_admin(
    kh_officer, django_user_model
):
    kh = Country.objects.get(code="KH").pk
    assert scope_for(kh_officer).can_see_country(kh)
    kh_officer.is_active = False
    assert not scope_for(kh_officer).can_see_country(kh)
    root = django_user_model.objects.create_superuser("root", password="x" * 16)
    assert scope_for(root).is_admin


def test_a_changed_membership_is_seen_once_the_scope_is_forgotten(django_user_model):
    user = django_user_model.objects.create_user("newcomer", password="x" * 16)
    kh = Country.objects.get(code="KH")
    assert not scope_for(user).can_see_country(kh.pk)
    Membership.objects.create(user=user, role=Role.VIEWER, country=kh)
    forget_scope(user)
    assert scope_for(user).can_see_country(kh.pk)


def test_names_at_an_event_are_for_its_countrys_data_staff_and_its_organising_partners(
    events, kh_officer, la_manager, lscw_partner, donor
):
    kh_cnp, kh_co = events["kh_cnp"], events["kh_co"]
    assert scope_for(kh_officer).can_see_personal_data_of_event(kh_cnp)
    assert not scope_for(la_manager).can_see_personal_data_of_event(kh_cnp)
    assert scope_for(lscw_partner).can_see_personal_data_of_event(kh_co)
    assert not scope_for(lscw_partner).can_see_personal_data_of_event(kh_cnp)
    assert not scope_for(donor).can_see_personal_data_of_event(kh_cnp)


def test_a_missing_role_says_so_on_the_403_page():
    # templates/403.html prints the exception's message.
    with pytest.raises(PermissionDenied) as excinfo:
        require(False)
    assert str(excinfo.value) == "You do not have the role to do this."
    with pytest.raises(PermissionDenied, match="Only the country manager"):
        require(False, "Only the country manager may verify.")


def test_a_partner_in_two_organisers_keeps_the_roles_of_both(events, django_user_model):
    # Lead NCCT and co-organiser LSCW: an editing role in either one lets the partner edit.
    ncct, lscw = (Organisation.objects.get(acronym=a) for a in ("NCCT", "LSCW"))
    for name, editing, viewing in (("p1", ncct, lscw), ("p2", lscw, ncct)):
        user = django_user_model.objects.create_user(name, password="x" * 16)
        Membership.objects.create(user=user, role=Role.DATA_OFFICER, organisation=editing)
        Membership.objects.create(user=user, role=Role.VIEWER, organisation=viewing)
        assert scope_for(user).can_edit_event(events["kh_co"]), name


def test_the_scope_read_from_memberships_knows_home_countries_and_regional_roles(
    kh_officer, lscw_partner, donor
):
    kh, la = (Country.objects.get(code=c).pk for c in ("KH", "LA"))
    assert scope_for(kh_officer).home_country_code == "KH"
    partner = scope_for(lscw_partner)
    assert partner.home_country_code == "KH"
    assert partner.can_see_country(kh) and not partner.can_see_country(la)
    assert scope_for(donor).is_donor
