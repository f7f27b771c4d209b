"""The mass intake pages: upload (check, import, problems), the groups and a group's people."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pathways.casework.models import Screening, ScreeningGroup
from pathways.casework.tests.pages import IDENTITY, OTHER_IDENTITY, browser_as, build_world

pytestmark = pytest.mark.django_db
UPLOAD = reverse("casework:roster_upload")
GROUPS = reverse("casework:group_list")
HEADER = "Name,Other name,Nationality,Sex,Age,Location type\n"


@pytest.fixture
def w(kh, la):
    return build_world(kh, la)


def age_of(birthdate) -> int:
    today = timezone.localdate()
    return (
        today.year - birthdate.year - ((today.month, today.day) < (birthdate.month, birthdate.day))
    )


def roster(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def known_people() -> bytes:
    """Row 2: the shelter's own client by the Khmer name; row 3: the other agency's client;
    row 4: someone new; row 5: row 4 again."""
    age = age_of(IDENTITY.birthdate)
    return roster(
        f"{IDENTITY.local_script_name},,KH,female,{age},",
        f"{OTHER_IDENTITY.first_name} {OTHER_IDENTITY.last_name},,Cambodia,female,{age},",
        "Wang Wei,王伟,Chinese,male,29,shelter",
        "wang wei,,CN,M,29,",
    )


def post(user, data: bytes, action: str = "import", **extra):
    values = {
        "agency": extra.pop("agency"),
        "name": "Poipet handover",
        "arrived_on": timezone.localdate().isoformat(),
        "location_type": "border_checkpoint",
        "action": action,
        "file": SimpleUploadedFile("roster.csv", data, content_type="text/csv"),
        **extra,
    }
    return browser_as(user).post(UPLOAD, values)


@pytest.mark.parametrize("role", ["screener", "worker", "supervisor"])
def test_those_who_screen_reach_the_upload_page(w, role):
    assert browser_as(getattr(w, role)).get(UPLOAD).status_code == 200
    assert browser_as(getattr(w, role)).get(GROUPS).status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "auditor", "statistician", "lawyer"])
def test_other_casework_roles_get_403(w, role):
    assert browser_as(getattr(w, role)).get(UPLOAD).status_code == 403
    assert browser_as(getattr(w, role)).get(GROUPS).status_code == 403


def test_an_import_leads_to_the_group_page_with_its_checks(w):
    response = post(w.worker, known_people(), agency=w.shelter.pk)

    group = ScreeningGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:group_detail", args=[group.pk])
    html = browser_as(w.worker).get(response["Location"]).content.decode()
    assert html.count("possibly already registered") == 2
    # The worker's own client links to the case; the other agency's does not.
    assert reverse("casework:case_detail", args=[w.case.pk]) in html
    assert reverse("casework:case_detail", args=[w.other_case.pk]) not in html
    assert "same as row 4" in html
    for value in ("Wang", "王伟", IDENTITY.local_script_name, OTHER_IDENTITY.first_name):
        assert value not in html


def test_a_screener_sees_the_flag_but_not_the_case(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    group = ScreeningGroup.objects.get()
    html = browser_as(w.screener).get(reverse("casework:group_detail", args=[group.pk]))
    text = html.content.decode()
    assert "possibly already registered" in text
    assert reverse("casework:case_detail", args=[w.case.pk]) not in text


def test_a_bad_roster_shows_every_problem_and_writes_nothing(w):
    data = roster("Wang Wei,,Narnia,male,29,", ",,CN,male,abc,")
    response = post(w.screener, data, agency=w.shelter.pk)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Row 2, column C (Nationality)" in html
    assert "Row 3, column A (Name)" in html
    assert "Row 3, column E (Age)" in html
    assert "nobody was imported" in html
    assert not Screening.objects.exists() and not ScreeningGroup.objects.exists()


def test_checking_a_roster_counts_and_writes_nothing(w):
    response = post(w.screener, known_people(), action="check", agency=w.shelter.pk)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The file lists 4 people, with no problems." in html
    assert "China" in html and "Cambodia" in html
    assert not ScreeningGroup.objects.exists()


def test_another_agency_cannot_open_the_group(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    group = ScreeningGroup.objects.get()
    url = reverse("casework:group_detail", args=[group.pk])
    assert browser_as(w.other_worker).get(url).status_code == 404
    assert group.name not in browser_as(w.other_worker).get(GROUPS).content.decode()


def test_an_agency_not_ones_own_is_refused_at_upload(w):
    response = post(w.screener, known_people(), agency=w.other.pk)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ScreeningGroup.objects.exists()


def test_the_group_page_filters_and_pages_by_fifty(w):
    rows = [f"Person {i},,{'CN' if i % 3 else 'VN'},male,30," for i in range(120)]
    post(w.screener, roster(*rows), agency=w.shelter.pk)
    url = reverse("casework:group_detail", args=[ScreeningGroup.objects.get().pk])
    browser = browser_as(w.screener)

    first = browser.get(url).content.decode()
    assert 'role="status">120 people shown.' in first
    assert len(re.findall(r"<tr>\s*<td>\d+</td>", first)) == 50
    assert "Page 1 of 3" in first
    viet = browser.get(url, {"nationality": "VN"}).content.decode()
    assert 'role="status">40 people shown.' in viet
    Screening.objects.filter(roster_row__lte=11).update(consent_to_interview="yes")
    waiting = browser.get(url, {"show": "not_interviewed"}).content.decode()
    assert 'role="status">110 people shown.' in waiting
    assert (
        'role="status">0 people shown.'
        in browser.get(url, {"show": "possibly_registered"}).content.decode()
    )


def _take(user, screening):
    url = reverse("casework:screening_take_over", args=[screening.pk])
    return browser_as(user).post(url, {"version": screening.version})


def test_another_screener_takes_a_person_of_the_roster_and_becomes_their_screener(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    group = ScreeningGroup.objects.get()
    person = group.screenings.get(roster_row=4)
    page = browser_as(w.screener).get(reverse("casework:group_detail", args=[group.pk]))
    assert "Take this interview" in page.content.decode()
    # The person is not yet the screener's: their screening page is out of reach.
    detail = reverse("casework:screening_detail", args=[person.pk])
    assert browser_as(w.screener).get(detail).status_code == 404

    response = _take(w.screener, person)

    assert response.status_code == 302 and response["Location"] == detail
    taken = Screening.objects.get(pk=person.pk)
    assert taken.screener_id == w.screener.pk and taken.version == person.version + 1
    assert browser_as(w.screener).get(detail).status_code == 200
    page = browser_as(w.screener).get(reverse("casework:group_detail", args=[group.pk]))
    assert f'href="{detail}"' in page.content.decode()


def test_the_second_of_two_taking_the_same_person_is_told_and_the_first_keeps_them(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    person = ScreeningGroup.objects.get().screenings.get(roster_row=4)
    assert _take(w.screener, person).status_code == 302

    late = browser_as(w.supervisor)
    response = late.post(
        reverse("casework:screening_take_over", args=[person.pk]),
        {"version": person.version},
        follow=True,
    )

    assert "changed by someone else meanwhile" in response.content.decode()
    assert Screening.objects.get(pk=person.pk).screener_id == w.screener.pk


def test_an_interview_begun_is_not_taken_over(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    person = ScreeningGroup.objects.get().screenings.get(roster_row=4)
    Screening.objects.filter(pk=person.pk).update(consent_to_interview=Screening.Consent.YES)
    person.refresh_from_db()

    response = browser_as(w.screener).post(
        reverse("casework:screening_take_over", args=[person.pk]),
        {"version": person.version},
        follow=True,
    )

    assert "This interview has begun" in response.content.decode()
    assert Screening.objects.get(pk=person.pk).screener_id == w.worker.pk


@pytest.mark.parametrize("role", ["lawyer", "coordinator", "other_worker", "statistician"])
def test_no_one_outside_the_agencys_screening_staff_takes_a_person(w, role):
    post(w.worker, known_people(), agency=w.shelter.pk)
    person = ScreeningGroup.objects.get().screenings.get(roster_row=4)
    response = _take(getattr(w, role), person)
    assert response.status_code in (403, 404)
    assert Screening.objects.get(pk=person.pk).screener_id == w.worker.pk


def test_a_person_taken_by_one_screener_is_not_taken_back_by_another(w):
    post(w.worker, known_people(), agency=w.shelter.pk)
    group = ScreeningGroup.objects.get()
    person = group.screenings.get(roster_row=4)
    assert _take(w.screener, person).status_code == 302
    taken = Screening.objects.get(pk=person.pk)

    page = browser_as(w.worker).get(reverse("casework:group_detail", args=[group.pk]))
    response = browser_as(w.worker).post(
        reverse("casework:screening_take_over", args=[person.pk]),
        {"version": taken.version},
        follow=True,
    )

    # The uploader sees the person as someone else's now: no link, no button.
    html = page.content.decode()
    assert reverse("casework:screening_detail", args=[person.pk]) not in html
    assert reverse("casework:screening_take_over", args=[person.pk]) not in html
    assert "Another screener has taken this interview already" in response.content.decode()
    assert Screening.objects.get(pk=person.pk).screener_id == w.screener.pk
