"""Issue 3's "done when": a second event's Kobo export with some of the same people in another
script links them to the same persons; uncertain pairs wait in the review queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.activities.importing import import_file
from pathways.activities.models import Attendance, DuplicateCandidate, Person
from pathways.activities.tests.import_sheets import csv_bytes, make_event, signin_sheet, xlsx_bytes

pytestmark = pytest.mark.django_db

KOBO_HEADER = [
    "start",
    "participant/name",
    "participant/sex",
    "participant/organisation",
    "participant/phone",
    "_id",
    "_uuid",
    "_submission_time",
    "_index",
]
# The same people as import_sheets.PEOPLE, written in Khmer script by another organiser
# (synthetic names and numbers), and one newcomer.
KOBO_ROWS = [
    ["2022-04-04", "សុខ ដារ៉ា", "ប្រុស", "CNP", "+855 12 345 678", "101", "u-1", "2022-04-04", "1"],
    ["2022-04-04", "ចាន់ ស្រីមុំ", "ស្រី", "MoJ", "855 92 555 111", "102", "u-2", "2022-04-04", "2"],
    ["2022-04-04", "កែវ វណ្ណា", "ស្រី", "MoJ", "", "103", "u-3", "2022-04-04", "3"],
    ["2022-04-04", "ហេង សំណាង", "ប្រុស", "MoJ", "", "104", "u-4", "2022-04-04", "4"],
]


def _import_both(kh_officer):
    first, second = make_event(title="Training one"), make_event(title="Training two")
    import_file(actor=kh_officer, event=first, data=xlsx_bytes(signin_sheet()), file_name="a.xlsx")
    kobo = csv_bytes([KOBO_HEADER, *KOBO_ROWS], delimiter=";")
    result = import_file(actor=kh_officer, event=second, data=kobo, file_name="kobo.csv")
    return first, second, result


def test_kobo_export_in_khmer_links_the_same_people_and_queues_the_uncertain(kh_officer):
    _, second, result = _import_both(kh_officer)
    assert result.errors == []
    assert (result.persons_matched, result.persons_created) == (2, 2)
    dara = Person.objects.get(full_name="Sok Dara")
    sreymom = Person.objects.get(full_name="Chan Sreymom")
    assert set(Attendance.objects.filter(event=second).values_list("person", flat=True)) >= {
        dara.pk,
        sreymom.pk,
    }
    assert dara.attendances.count() == sreymom.attendances.count() == 2
    vanna = Person.objects.get(full_name="Keo Vanna")
    khmer_vanna = Person.objects.get(full_name="កែវ វណ្ណា")
    pending = DuplicateCandidate.objects.filter(status="pending")
    assert [(c.person_a_id, c.person_b_id) for c in pending] == [(vanna.pk, khmer_vanna.pk)]
    assert "other_script" in pending.get().reasons


def test_the_uncertain_pair_waits_in_the_officers_review_queue(client, kh_officer):
    _import_both(kh_officer)
    client.force_login(kh_officer)
    page = client.get(reverse("activities:duplicate_list")).content.decode()
    assert "Keo Vanna" in page and "កែវ វណ្ណា" in page
