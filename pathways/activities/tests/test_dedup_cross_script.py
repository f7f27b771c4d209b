"""Issue 15, item 2: a person on record in another script is recognised at import.

Linked without asking only on a shared phone, email or identity number with names that agree
across scripts; a common name with the same birth year, sex and organisation waits for
review; a person already at the event under another script adds nothing; the report, the
command and the API list the possible duplicates the importer may see."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from pathways.activities.dedup.blocks import refresh_person_blocks
from pathways.activities.dedup.matching import PersonFacts, is_sure_link, names_agree
from pathways.activities.importing import import_file, prepare_import
from pathways.activities.models import Attendance, DuplicateCandidate, Person
from pathways.activities.tests.factories import make_person
from pathways.activities.tests.import_sheets import make_event, xlsx_bytes
from pathways.api.tests.factories import api_client
from pathways.programs.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Sex", "Phone", "Email", "Year of birth", "Organisation"]


def _sheet(*rows: list[str]) -> bytes:
    return xlsx_bytes([HEADER, *rows])


def _import(actor, event, data: bytes, **kwargs):
    return import_file(actor=actor, event=event, data=data, file_name="s.xlsx", **kwargs)


def _row(name="", sex="M", phone="", email="", year="", org="") -> list[str]:
    return [name, sex, phone, email, year, org]


@pytest.mark.parametrize(
    ("on_record", "row"),
    [
        ("Sok Dara", "សុខ ដារ៉ា"),
        ("សុខ ដារ៉ា", "Sok Dara"),
        ("Somchai Jaidee", "สมชาย ใจดี"),
        ("Nguyễn Văn An", "Nguyen Van An"),
        ("Nguyen Van An", "NGUYỄN Văn An"),
    ],
    ids=["khmer-row", "latin-row", "thai", "vietnamese-without-marks", "vietnamese-with-marks"],
)
def test_a_row_in_another_script_with_the_same_phone_is_the_person_on_record(
    kh_officer, on_record, row
):
    person = make_person(full_name=on_record, phone="+85512345678")
    event = make_event()
    result = _import(kh_officer, event, _sheet(_row(row, phone="012 345 678")))
    assert (result.persons_matched, result.persons_created) == (1, 0)
    assert Attendance.objects.filter(event=event, person=person).exists()


def test_family_members_sharing_a_phone_are_not_linked(kh_officer):
    """A family shares one phone: 'Sok Channa' is not her father 'Sok Dara'."""
    father = make_person(full_name="Sok Dara", phone="+85512345678")
    event = make_event()
    result = _import(kh_officer, event, _sheet(_row("សុខ ចន្នា", "F", "012 345 678")))
    assert (result.persons_matched, result.persons_created) == (1 - 1, 1)
    assert not Attendance.objects.filter(event=event, person=father).exists()
    facts = PersonFacts(full_name="Sok Channa", phone="+85512345678")
    assert is_sure_link(facts, father) is None


def test_a_common_name_with_the_same_birth_year_sex_and_organisation_waits_for_review(
    kh_officer,
):
    """Police officers share names: without a shared contact or ID the row is a new person,
    named in the preview as possibly the one on record, and queued."""
    cnp = Organisation.objects.get(acronym="CNP")
    officer = make_person(
        full_name="Chan Sophea", sex="man", birth_year=1985, organisation=cnp, latin_name=""
    )
    refresh_person_blocks([officer])  # as every service that writes a person does
    event = make_event()
    data = _sheet(_row("ចាន់ សុភា", "M", year="1985", org="CNP"))
    preview = prepare_import(actor=kh_officer, event=event, data=data, file_name="s.xlsx")
    status = next(iter(preview.plan.statuses.values()))
    assert (status.kind, status.name) == ("possibly", "Chan Sophea")
    assert "will wait for review" in status.text
    result = _import(kh_officer, event, data)
    assert (result.persons_matched, result.persons_created) == (0, 1)
    new = Person.objects.exclude(pk=officer.pk).get(attendances__event=event)
    pending = DuplicateCandidate.objects.filter(status="pending")
    assert {(p.person_a_id, p.person_b_id) for p in pending} == {(officer.pk, new.pk)}
    report = result.report()["possible_duplicates"]
    assert report == {
        "count": 1,
        "pairs": [
            {
                "row": 2,
                "person": {"id": new.pk, "name": str(new)},
                "possible": {"id": officer.pk, "name": "Chan Sophea"},
            }
        ],
    }


def test_the_same_identity_number_links_across_scripts(kh_officer):
    person = make_person(full_name="Keo Vanna", id_number="N0123456")
    event = make_event()
    data = xlsx_bytes([["Name", "Sex", "National ID"], ["កែវ វណ្ណា", "F", "n 0123-456"]])
    preview = prepare_import(actor=kh_officer, event=event, data=data, file_name="s.xlsx")
    status = preview.plan.statuses[2]
    assert status.kind == "same"
    assert status.text == "same person as Keo Vanna (same identity number, names agree)"
    result = _import(kh_officer, event, data)
    assert (result.persons_matched, result.persons_created) == (1, 0)
    assert Attendance.objects.filter(event=event, person=person).exists()


def test_a_row_already_at_the_event_under_another_script_adds_nothing(kh_officer):
    dara = make_person(full_name="Sok Dara", sex="man", birth_year=1990)
    event = make_event()
    Attendance.objects.create(event=event, person=dara)
    data = _sheet(_row("សុខ ដារ៉ា", "M", year="1990"), _row("ស្រី មុំ", "F"))
    preview = prepare_import(actor=kh_officer, event=event, data=data, file_name="s.xlsx")
    assert preview.plan.statuses[2].kind == "attends"
    assert "already at this event" in preview.plan.statuses[2].text
    result = _import(kh_officer, event, data)
    assert (result.persons_matched, result.persons_created) == (0, 1)
    assert [s.as_dict() for s in result.skipped] == [
        {"row": 2, "reason": "already recorded at this event"}
    ]
    assert Attendance.objects.filter(event=event).count() == 2


def test_an_attendee_whose_birth_year_differs_is_not_the_row(kh_officer):
    dara = make_person(full_name="Sok Dara", birth_year=1990)
    event = make_event()
    Attendance.objects.create(event=event, person=dara)
    result = _import(kh_officer, event, _sheet(_row("សុខ ដារ៉ា", year="1970")))
    assert result.persons_created == 1


def test_a_person_outside_the_importers_scope_is_never_a_candidate(lscw_partner):
    """The partner may not see a Ministry of Justice trainee: neither linked, nor named as
    possibly them, nor counted among the possible duplicates."""
    outsider = make_person(full_name="Sok Dara", phone="+85512345678", birth_year=1985)
    Attendance.objects.create(event=make_event(lead="MoJ", title="MoJ training"), person=outsider)
    event = make_event(lead="LSCW", title="LSCW workshop")
    data = _sheet(_row("សុខ ដារ៉ា", phone="012 345 678", year="1985"))
    preview = prepare_import(actor=lscw_partner, event=event, data=data, file_name="s.xlsx")
    assert preview.plan.statuses[2].kind == "new"
    assert preview.result().possible_duplicates == []
    result = _import(lscw_partner, event, data)
    assert (result.persons_matched, result.persons_created) == (0, 1)
    assert result.report()["possible_duplicates"] == {"count": 0, "pairs": []}
    assert not Attendance.objects.filter(event=event, person=outsider).exists()


def test_names_agree_is_every_word_in_any_order_in_any_script():
    assert names_agree("សុខ ដារ៉ា", "", "DARA, Sok", "")
    assert names_agree("Nguyễn Văn An", "", "Nguyen Van An", "")
    assert not names_agree("Sok Dara", "", "Sok Channa", "")
    assert not names_agree("Sok Dara", "", "Sok Dara Vichet", "")
    # A sheet that runs the words together writes the same name.
    assert names_agree("SOKDARA", "", "Sok Dara", "")
    assert names_agree("DaraSok", "", "សុខ ដារ៉ា", "")
    assert not names_agree("SokDara", "", "Sok Channa", "")


def _queued_import(actor, event):
    """A sheet whose one row waits for review with Chan Sophea, on record in the event's
    country at a Ministry of Justice training."""
    officer = make_person(full_name="Chan Sophea", sex="man", birth_year=1985)
    Attendance.objects.create(event=make_event(title="MoJ earlier"), person=officer)
    return officer, _sheet(_row("ចាន់ សុភា", "M", year="1985"))


def test_the_command_json_report_lists_the_possible_duplicates(tmp_path, capsys):
    event = make_event()
    officer, data = _queued_import(None, event)
    path = tmp_path / "s.xlsx"
    path.write_bytes(data)
    call_command("import_attendance", str(path), "--event", str(event.pk), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["possible_duplicates"]["count"] == 1
    assert report["possible_duplicates"]["pairs"][0]["possible"]["id"] == officer.pk


def test_the_api_reports_the_possible_duplicates(kh_officer):
    event = make_event()
    officer, data = _queued_import(kh_officer, event)
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    file = SimpleUploadedFile("s.xlsx", data)
    response = api_client(kh_officer).post(url, {"file": file})
    assert response.status_code == 201, response.content
    pairs = response.json()["possible_duplicates"]
    assert pairs["count"] == 1
    assert pairs["pairs"][0]["possible"] == {"id": officer.pk, "name": "Chan Sophea"}
    assert pairs["pairs"][0]["person"]["name"] == "ចាន់ សុភា"


def test_the_report_page_shows_only_pairs_its_reader_may_see(client, kh_officer, lscw_partner):
    event = make_event(lead="LSCW", title="LSCW workshop")
    officer, data = _queued_import(kh_officer, event)
    result = _import(kh_officer, event, data)
    assert result.report()["possible_duplicates"]["count"] == 1
    url = reverse("activities:import_report", args=[event.pk, result.batch_id])
    client.force_login(kh_officer)
    page = client.get(url).content.decode()
    assert "1 possible duplicate waits for review" in page and "Chan Sophea" in page
    # The partner may see their own workshop's new person, not the MoJ trainee.
    assert not Person.objects.visible_to(lscw_partner).filter(pk=officer.pk).exists()
    client.force_login(lscw_partner)
    response = client.get(url)
    assert response.status_code == 200
    assert "possible duplicate" not in response.content.decode()
