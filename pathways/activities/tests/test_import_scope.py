"""An import links a row only to a person the importer may see. A partner's row that surely is
someone else of the country becomes a new person, queued for the country's data officers, and
the preview, the report and the API say nothing about that person."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.activities.dedup.finder import run_duplicate_finder
from pathways.activities.dedup.scoring import OUTSIDE_SCOPE, SURE_SCORE
from pathways.activities.importing import import_file, prepare_import
from pathways.activities.models import (
    Attendance,
    DuplicateCandidate,
    ImportBatch,
    Person,
    PersonMerge,
)
from pathways.activities.tests.import_sheets import (
    make_event,
    make_person,
    signin_sheet,
    xlsx_bytes,
)
from pathways.api.tests.factories import api_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _import(actor, event, **kwargs):
    data = xlsx_bytes(signin_sheet())
    return import_file(actor=actor, event=event, data=data, file_name="sheet.xlsx", **kwargs)


def _outsider() -> Person:
    """Sok Dara of the sheet (same name and phone), on record from a Ministry of Justice
    training that LSCW had no part in: not a person the LSCW partner may see."""
    person = make_person(full_name="Sok Dara", phone="+85512345678", email="dara@example.org")
    Attendance.objects.create(event=make_event(lead="MoJ", title="MoJ training"), person=person)
    return person


def _partner_event():
    return make_event(lead="LSCW", title="LSCW workshop")


def _pending_pairs() -> list[tuple[int, int]]:
    return list(
        DuplicateCandidate.objects.filter(status="pending").values_list("person_a", "person_b")
    )


def test_partner_dry_run_reports_a_person_outside_their_scope_as_new(lscw_partner):
    event = _partner_event()
    before = _import(lscw_partner, event, dry_run=True)
    _outsider()
    after = _import(lscw_partner, event, dry_run=True)
    assert after.report() == before.report()
    assert (after.persons_matched, after.persons_created) == (0, 3)
    assert after.warnings == before.warnings


def test_partner_preview_page_marks_every_row_new(client, lscw_partner):
    _outsider()
    event = _partner_event()
    client.force_login(lscw_partner)
    upload = reverse("activities:import_upload", args=[event.pk])
    data = SimpleUploadedFile("sheet.xlsx", xlsx_bytes(signin_sheet()))
    response = client.post(upload, {"file": data}, follow=True)
    assert response.status_code == 200
    assert response.context["result"].persons_matched == 0
    assert [status.kind for _, status in response.context["sample"]] == ["new"] * 3
    assert "same person as" not in response.content.decode()
    assert "possibly" not in response.content.decode()


def test_partner_api_dry_run_reports_no_one_outside_their_scope(lscw_partner):
    _outsider()
    event = _partner_event()
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    file = SimpleUploadedFile("sheet.xlsx", xlsx_bytes(signin_sheet()))
    response = api_client(lscw_partner).post(url, {"file": file, "dry_run": "true"})
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["persons_matched"], report["persons_created"]) == (0, 3)
    assert report["skipped"] == [{"row": 8, "reason": "blank"}, {"row": 9, "reason": "totals row"}]


def test_partner_import_creates_a_new_person_queued_for_the_country_officer(
    client, lscw_partner, kh_officer
):
    outsider = _outsider()
    event = _partner_event()
    result = _import(lscw_partner, event)
    assert (result.persons_matched, result.persons_created) == (0, 3)
    assert ImportBatch.objects.get(pk=result.batch_id).report["persons_matched"] == 0
    assert not Attendance.objects.filter(event=event, person=outsider).exists()
    new = Person.objects.exclude(pk=outsider.pk).get(full_name="Sok Dara")
    assert Attendance.objects.filter(event=event, person=new).exists()
    pending = DuplicateCandidate.objects.get(person_a=outsider, person_b=new)
    assert pending.status == "pending" and pending.reasons[0] == OUTSIDE_SCOPE
    assert not Person.objects.visible_to(lscw_partner).filter(pk=outsider.pk).exists()

    client.force_login(kh_officer)
    page = client.get(reverse("activities:duplicate_list")).content.decode()
    assert "not linked: whoever imported the sheet may not see the person on record" in page
    detail = client.get(reverse("activities:duplicate_detail", args=[pending.pk]))
    assert detail.status_code == 200 and "dara@example.org" in detail.content.decode()

    client.force_login(lscw_partner)
    assert client.get(reverse("activities:duplicate_list")).status_code == 403


def test_the_duplicate_finder_leaves_a_partners_sure_pair_for_the_officer(lscw_partner):
    outsider = _outsider()
    _import(lscw_partner, _partner_event())
    pending = DuplicateCandidate.objects.get(person_a=outsider)
    assert pending.score >= SURE_SCORE  # the finder alone would merge it
    run_duplicate_finder(country_ids=[outsider.country_id])
    assert not PersonMerge.objects.exists()
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert not Person.objects.visible_to(lscw_partner).filter(pk=outsider.pk).exists()


def test_partner_import_links_a_person_the_partner_may_see(lscw_partner):
    known = make_person(full_name="Dara Sok", phone="+85512345678")
    Attendance.objects.create(event=_partner_event(), person=known)
    event = make_event(lead="LSCW", title="LSCW follow-up")
    result = _import(lscw_partner, event)
    assert (result.persons_matched, result.persons_created) == (1, 2)
    assert Attendance.objects.filter(event=event, person=known).exists()
    assert not DuplicateCandidate.objects.exists()


def test_partner_row_that_is_a_visible_and_an_invisible_person_links_the_visible(lscw_partner):
    outsider = _outsider()  # matched by phone, which is tried first
    known = make_person(full_name="Sok Dara", birth_year=1985, id_number="N0123456")
    Attendance.objects.create(event=_partner_event(), person=known)
    event = make_event(lead="LSCW", title="LSCW follow-up")
    sheet = [
        ["Name", "Sex", "Phone", "Year of birth", "National ID"],
        ["Sok Dara", "M", "012 345 678", "1985", "n 0123-456"],
    ]
    data = xlsx_bytes(sheet)
    result = import_file(actor=lscw_partner, event=event, data=data, file_name="s.xlsx")
    assert (result.persons_matched, result.persons_created) == (1, 0)
    assert Attendance.objects.filter(event=event, person=known).exists()
    assert not Attendance.objects.filter(event=event, person=outsider).exists()


def test_country_officer_still_links_the_same_person(kh_officer):
    outsider = _outsider()
    event = _partner_event()
    preview = prepare_import(
        actor=kh_officer, event=event, data=xlsx_bytes(signin_sheet()), file_name="sheet.xlsx"
    )
    assert preview.result().persons_matched == 1
    result = _import(kh_officer, event)
    assert (result.persons_matched, result.persons_created) == (1, 2)
    assert Attendance.objects.filter(event=event, person=outsider).exists()
    assert not any(OUTSIDE_SCOPE in c.reasons for c in DuplicateCandidate.objects.all())
    assert _pending_pairs() == []
