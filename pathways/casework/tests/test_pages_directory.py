"""The service directory's pages and API routes: the search with its filters and pages of 25,
an agency's page with the edit forms for those who keep it, and the same rules through the
API (casework.md §2.1, §2.2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as Browser
from django.urls import reverse

from pathways.api.tokens import api_token_create
from pathways.audit.models import AuditEvent
from pathways.casework.models import AgencyProfile, CaseworkRole, ServiceDirectoryEntry
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
)
from pathways.casework.tests.conftest import make_agency, signed_in, staff
from pathways.programs.models import Province

pytestmark = pytest.mark.django_db


def profile(agency, expires=dt.date(2099, 12, 31), accepts=True) -> None:
    agency_profile_save(
        actor=None,
        agency=agency,
        values=ProfileInput(
            htcds_type=AgencyProfile.OrgType.NGO,
            accepts_referrals=accepts,
            data_sharing_agreement_reference="DSA synthetic",
            data_sharing_signed_on=dt.date(2020, 1, 1),
            data_sharing_expires_on=expires,
        ),
    )


def entry(agency, service="Shelter", province=None, **values) -> ServiceDirectoryEntry:
    return directory_entry_add(
        actor=None,
        agency=agency,
        values=EntryInput(service_type=service, province=province, **values),
    )


@pytest.fixture
def world(kh, la):
    kh_shelter = make_agency(kh, "Synthetic Battambang shelter")
    kh_lawyers = make_agency(kh, "Synthetic legal aid")
    lao = make_agency(la, "Synthetic Lao shelter")
    profile(kh_shelter)
    profile(kh_lawyers, expires=dt.date(2020, 6, 30))
    profile(lao)
    battambang = Province.objects.get(country=kh, name="Battambang")
    entry(kh_shelter, province=battambang, sexes=["female"])
    entry(kh_shelter, service="Health", province=battambang, accepting=False)
    entry(kh_lawyers, service="Legal", age_bands=["12-17"])
    entry(lao, service="Shelter")
    worker = staff(kh_shelter, CaseworkRole.CASE_WORKER, username="dir_worker")
    return {
        "kh_shelter": kh_shelter,
        "kh_lawyers": kh_lawyers,
        "lao": lao,
        "battambang": battambang,
        "takeo": Province.objects.get(country=kh, name="Takeo"),
        "worker": worker,
        "admin": staff(kh_shelter, CaseworkRole.AGENCY_ADMIN, username="dir_admin"),
        "coordinator": staff(
            make_agency(kh, "Synthetic NCCT"), CaseworkRole.NRM_COORDINATOR, username="dir_nrm"
        ),
    }


def page_as(user) -> Browser:
    return signed_in(Browser(), user)


def api_as(user) -> Browser:
    token = api_token_create(actor=None, user=user, two_factor_verified=True)
    return Browser(HTTP_AUTHORIZATION=f"Bearer {token.secret}")


def listed(response) -> str:
    return response.content.decode()


# --- the directory page -------------------------------------------------------------------------


def test_every_casework_user_sees_their_countrys_directory_only(world):
    response = page_as(world["worker"]).get(reverse("casework:directory"))
    body = listed(response)
    assert response.status_code == 200
    assert "Synthetic Battambang shelter" in body and "Synthetic legal aid" in body
    assert "Synthetic Lao shelter" not in body
    assert "Expired on" in body and "badge due-overdue" in body


def test_the_directory_is_not_there_for_someone_without_a_casework_role(world, kh_officer):
    browser = Browser()
    browser.force_login(kh_officer)
    assert browser.get(reverse("casework:directory")).status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"service": "Legal"}, ["Synthetic legal aid"], ["Synthetic Battambang shelter"]),
        # Takeo: the nationwide legal aid, not the Battambang shelter.
        ({"province": "takeo"}, ["Synthetic legal aid"], ["Synthetic Battambang shelter"]),
        ({"sex": "male", "service": "Shelter"}, [], ["Synthetic Battambang shelter"]),
        ({"age_band": "18-24", "service": "Legal"}, [], ["Synthetic legal aid"]),
        ({"nationality": "vn", "service": "Shelter"}, ["Synthetic Battambang shelter"], []),
    ],
)
def test_filters(world, query, shown, hidden):
    if "province" in query:
        query = {**query, "province": world[query["province"]].pk}
    body = listed(page_as(world["worker"]).get(reverse("casework:directory"), query))
    for name in shown:
        assert name in body
    for name in hidden:
        assert name not in body


def test_accepting_only_leaves_out_closed_services_and_agencies(world):
    browser = page_as(world["worker"])
    every = listed(browser.get(reverse("casework:directory"), {"service": "Health"}))
    assert "Not accepting" in every
    accepting = listed(
        browser.get(reverse("casework:directory"), {"service": "Health", "accepting_only": "on"})
    )
    assert "Synthetic Battambang shelter" not in accepting


def test_a_bad_nationality_is_named(world):
    response = page_as(world["worker"]).get(reverse("casework:directory"), {"nationality": "K1"})
    assert response.status_code == 400
    assert "two-letter country code" in listed(response)


def test_the_directory_comes_25_to_a_page(world, kh):
    many = make_agency(kh, "Synthetic many services")
    profile(many)
    for province in Province.objects.filter(country=kh).exclude(name="Takeo")[:24]:
        entry(many, service="Livelihood", province=province)
    browser = page_as(world["worker"])
    first = browser.get(reverse("casework:directory"), {"service": "Livelihood"})
    assert first.context["page_obj"].paginator.count == 24
    # Cambodia has 25 provinces: the 25th, and the whole country, make 26.
    entry(many, service="Livelihood", province=Province.objects.get(country=kh, name="Takeo"))
    entry(many, service="Livelihood")
    first = browser.get(reverse("casework:directory"), {"service": "Livelihood"})
    assert len(first.context["rows"]) == 25
    assert "Page 1 of 2" in listed(first)
    second = browser.get(reverse("casework:directory"), {"service": "Livelihood", "page": 2})
    assert len(second.context["rows"]) == 1


def test_the_worklist_links_to_the_directory(world):
    body = listed(page_as(world["worker"]).get(reverse("casework:worklist")))
    assert reverse("casework:directory") in body


# --- an agency's page and its writes ------------------------------------------------------------


def test_agency_page_shows_edit_forms_to_its_keepers_only(world):
    url = reverse("casework:directory_agency", args=[world["kh_shelter"].pk])
    for user, editable in ((world["worker"], False), (world["admin"], True)):
        body = listed(page_as(user).get(url))
        assert "Synthetic Battambang shelter" in body
        assert ("Save the profile" in body) is editable
    lao_url = reverse("casework:directory_agency", args=[world["lao"].pk])
    assert page_as(world["worker"]).get(lao_url).status_code == 404


def test_a_write_without_the_role_is_403_and_writes_nothing(world):
    audits = AuditEvent.objects.count()
    url = reverse("casework:directory_entry_add", args=[world["kh_shelter"].pk])
    response = page_as(world["worker"]).post(url, {"new-service_type": "Legal"})
    assert response.status_code == 403
    assert AuditEvent.objects.count() == audits
    # The shelter's administrator keeps its own entries, not another agency's.
    other = reverse("casework:directory_entry_add", args=[world["kh_lawyers"].pk])
    assert page_as(world["admin"]).post(other, {"new-service_type": "Health"}).status_code == 403


def test_the_admin_adds_changes_and_removes_an_entry(world):
    browser = page_as(world["admin"])
    shelter = world["kh_shelter"]
    response = browser.post(
        reverse("casework:directory_entry_add", args=[shelter.pk]),
        {
            "new-service_type": "Interpretation",
            "new-province": world["takeo"].pk,
            "new-sexes": ["female", "male"],
            "new-nationalities": "vn, th",
            "new-accepting": "on",
        },
    )
    assert response.status_code == 302
    added = ServiceDirectoryEntry.objects.get(agency=shelter, service_type="Interpretation")
    assert (added.province, added.nationalities) == (world["takeo"], ["TH", "VN"])
    edit = reverse("casework:directory_entry", args=[added.pk])
    assert browser.get(edit).status_code == 200
    response = browser.post(
        edit, {"service_type": "Interpretation", "capacity_note": "Two", "version": 0}
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.capacity_note, added.accepting, added.province) == ("Two", False, None)
    # A second writer who read version 0 is told, and nothing is lost.
    stale = browser.post(
        edit, {"service_type": "Interpretation", "capacity_note": "X", "version": 0}
    )
    assert stale.status_code == 400 and "Someone else changed this" in listed(stale)
    added.refresh_from_db()
    assert added.capacity_note == "Two"
    remove = reverse("casework:directory_entry_remove", args=[added.pk])
    assert browser.post(remove, {"version": added.version}).status_code == 302
    assert not ServiceDirectoryEntry.objects.filter(pk=added.pk).exists()


def test_the_coordinator_saves_a_profile_and_bad_input_writes_nothing(world):
    browser = page_as(world["coordinator"])
    lawyers = world["kh_lawyers"]
    url = reverse("casework:directory_profile", args=[lawyers.pk])
    form = {
        "htcds_type": "LegalService",
        "accepts_referrals": "on",
        "data_sharing_agreement_reference": "DSA renewed",
        "data_sharing_signed_on": "2026-01-01",
        "data_sharing_expires_on": "2025-01-01",
        "phone": "023 123",
        "version": 0,
    }
    bad = browser.post(url, form)
    assert bad.status_code == 400
    assert "international form" in listed(bad)
    assert AgencyProfile.objects.get(organisation=lawyers).data_sharing_expires_on == dt.date(
        2020, 6, 30
    )
    good = browser.post(
        url, {**form, "phone": "+85523123456", "data_sharing_expires_on": "2028-01-01"}
    )
    assert good.status_code == 302
    saved = AgencyProfile.objects.get(organisation=lawyers)
    assert (saved.data_sharing_expires_on, saved.htcds_type) == (
        dt.date(2028, 1, 1),
        "LegalService",
    )


# --- the API --------------------------------------------------------------------------------------


def test_api_lists_with_filters_and_pages(world):
    client = api_as(world["worker"])
    url = reverse("api:casework_directory")
    body = client.get(url).json()
    names = {row["agency"]["name"] for row in body["results"]}
    assert names == {"Synthetic Battambang shelter", "Synthetic legal aid"}
    assert body["count"] == 3
    legal = client.get(url, {"service": "Legal"}).json()["results"]
    assert [r["agreement"] for r in legal] == ["expired"]
    paged = client.get(url, {"limit": 1}).json()
    assert len(paged["results"]) == 1 and paged["next"]
    assert client.get(url, {"service": "Spa"}).status_code == 422


def test_api_writes_follow_the_same_rules(world):
    shelter = world["kh_shelter"]
    new = {"service_type": "Education", "province": world["battambang"].pk}
    url = reverse("api:casework_directory_entries", args=[shelter.pk])
    assert (
        api_as(world["worker"]).post(url, new, content_type="application/json").status_code == 403
    )
    admin = api_as(world["admin"])
    created = admin.post(url, new, content_type="application/json")
    assert created.status_code == 201
    entry_id = created.json()["id"]
    one = reverse("api:casework_directory_entry", args=[entry_id])
    changed = admin.put(
        one, {**new, "accepting": False, "version": 0}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 1
    stale = admin.put(one, {**new, "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    profile_url = reverse("api:casework_directory_profile", args=[shelter.pk])
    saved = admin.put(
        profile_url,
        {"htcds_type": "NGO", "accepts_referrals": False, "version": 0},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["profile"]["agreement"] == "none"
    assert admin.delete(one).status_code == 204
    lao = reverse("api:casework_directory_agency", args=[world["lao"].pk])
    assert admin.get(lao).status_code == 404


def test_a_second_profile_writer_is_told_and_their_values_stay_on_the_form(world):
    shelter = world["kh_shelter"]
    url = reverse("casework:directory_profile", args=[shelter.pk])
    form = {"htcds_type": "NGO", "accepts_referrals": "on", "version": "0"}
    first = page_as(world["admin"]).post(url, {**form, "referral_contact_role": "Intake"})
    assert first.status_code == 302
    second = page_as(world["coordinator"]).post(url, {**form, "referral_contact_role": "Nurse"})
    assert second.status_code == 400
    body = listed(second)
    assert "Someone else changed this" in body and 'value="Nurse"' in body
    assert AgencyProfile.objects.get(organisation=shelter).referral_contact_role == "Intake"
    assert second.context["profile_form"]["version"].value() == "1"
