"""The person's own data: everything held about them shown and downloaded for their case worker
or supervisor only, every opening logged; their identifiers corrected with a sealed reason,
audited by field names only."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.models import AccessEvent, CaseNote, CaseworkRole, Client
from pathways.casework.services import SearchKeys, case_note_add, intake_search, retention_apply
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    signed_in,
    staff,
)

pytestmark = pytest.mark.django_db

NOTE = "Sreyneang asked to be called by her nickname"


@pytest.fixture
def world(kh, client):
    agency = make_agency(kh)
    people = {
        "worker": staff(agency, CaseworkRole.CASE_WORKER),
        "colleague": staff(agency, CaseworkRole.CASE_WORKER),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR),
        "lawyer": staff(agency, CaseworkRole.LEGAL_OFFICER),
        "other_worker": staff(make_agency(kh), CaseworkRole.CASE_WORKER),
    }
    case = open_case_for(
        register(kh, agency),
        case_worker=people["worker"],
        sections={"safe_location": "Aunt's house in Battambang"},
    )
    case_note_add(actor=people["worker"], case=case, text=NOTE)
    return {"case": case, "agency": agency, **people}


def urls(case) -> list[str]:
    return [
        reverse("casework:held_about", args=[case.pk]),
        reverse("casework:held_about_download", args=[case.pk]),
        reverse("casework:identity_correct", args=[case.pk]),
    ]


@pytest.mark.parametrize("who", ["worker", "supervisor"])
def test_the_case_worker_and_supervisor_see_everything_held_and_it_is_logged(world, client, who):
    signed_in(client, world[who])
    page = client.get(reverse("casework:held_about", args=[world["case"].pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for value in (
        "Sreyneang",
        "Chhorvann",
        "Aunt&#x27;s house in Battambang",
        NOTE,
        "+85512345678",
    ):
        assert value in text
    event = AccessEvent.objects.get(action=AccessEvent.Action.SUBJECT_ACCESS)
    assert (event.user, event.case_id, event.client_id) == (
        world[who],
        world["case"].pk,
        world["case"].client_id,
    )
    assert "first_name" in event.fields and "notes.notes" in event.fields


def test_the_download_holds_the_same_values_and_is_logged(world, client):
    signed_in(client, world["worker"])
    response = client.get(reverse("casework:held_about_download", args=[world["case"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    body = json.loads(response.content)
    values = [row["value"] for group in body for row in group["values"]]
    assert "Sreyneang" in values and NOTE in values
    assert AccessEvent.objects.filter(action=AccessEvent.Action.SUBJECT_ACCESS).count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("colleague", 404), ("lawyer", 403), ("other_worker", 404)],
)
def test_others_may_not_open_it(world, client, who, status):
    signed_in(client, world[who])
    for url in urls(world["case"]):
        assert client.get(url).status_code == status, url
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.SUBJECT_ACCESS).exists()


def correction(**overrides) -> dict:
    values = {
        "first_name": "Sreyneang",
        "last_name": "Chhorvan",
        "local_script_name": "ស្រីនាង ឆវណ្ណ",
        "birthdate": "2006-03-14",
        "birthdate_precision": "day",
        "identity_number": "N0123-4567",
        "identity_document_type": "national_id",
        "mobile_phone": "012 345 679",
        "email": "sreyneang@example.org",
        "address": "House 12, Street 271\nPhnom Penh",
        "reason": "Her family name is spelt with one n; a new phone",
    }
    return {**values, **overrides}


def test_the_case_worker_corrects_identifiers_audited_without_values(world, client):
    signed_in(client, world["worker"])
    url = reverse("casework:identity_correct", args=[world["case"].pk])
    assert client.get(url).status_code == 200
    before = AuditEvent.objects.count()
    response = client.post(url, correction())
    assert response.status_code == 302
    held = sealing.identity_unrecorded(Client.objects.get(), ["last_name", "mobile_phone"])
    assert (held.last_name, held.mobile_phone) == ("Chhorvan", "+85512345679")
    events = list(AuditEvent.objects.order_by("id")[before:])
    update = next(e for e in events if e.object_repr.startswith("casework.Client"))
    assert update.changes == {"fields": ["last_name", "mobile_phone"]}
    written = json.dumps([[e.object_repr, e.changes] for e in events], ensure_ascii=False)
    for value in ("Chhorvan", "345 679", "spelt", "Sreyneang"):
        assert value not in written
    note = CaseNote.objects.order_by("-id").first()
    assert "spelt with one n" in sealing.open_record(note, "text")
    logged = AccessEvent.objects.get(action=AccessEvent.Action.UPDATE)
    assert logged.fields == ["last_name", "mobile_phone"]
    found = intake_search(
        actor=world["worker"], agency=world["agency"], keys=SearchKeys(name="x", phone="012345679")
    )
    assert [m.client.pk for m in found] == [world["case"].client_id]


def test_a_correction_without_a_reason_or_change_writes_nothing(world, client):
    signed_in(client, world["worker"])
    url = reverse("casework:identity_correct", args=[world["case"].pk])
    before = AuditEvent.objects.count()
    missing = client.post(url, correction(reason=""))
    assert missing.status_code == 200 and "reason" in missing.context["form"].errors
    same = client.post(url, correction(last_name="Chhorvann", mobile_phone="012 345 678"))
    assert same.status_code == 200 and same.context["form"].non_field_errors()
    bad = client.post(url, correction(mobile_phone="12"))
    assert "mobile_phone" in bad.context["form"].errors
    assert AuditEvent.objects.count() == before
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.UPDATE).exists()


def test_others_may_not_correct(world, client):
    for who, status in (("lawyer", 403), ("colleague", 404), ("other_worker", 404)):
        signed_in(client, world[who])
        url = reverse("casework:identity_correct", args=[world["case"].pk])
        assert client.post(url, correction()).status_code == status
    held = sealing.identity_unrecorded(Client.objects.get(), ["last_name"])
    assert held.last_name == "Chhorvann"


def test_after_retention_nothing_is_left_to_show_or_correct(world, client):
    from django.utils import timezone

    from pathways.casework.models import Case

    Case.objects.filter(pk=world["case"].pk).update(
        stage=Case.Stage.CLOSED,
        status=Case.Status.CLOSED,
        closed_on=timezone.localdate().replace(year=2000),
    )
    retention_apply()
    signed_in(client, world["supervisor"])
    page = client.get(reverse("casework:held_about", args=[world["case"].pk]))
    assert page.status_code == 200 and "Sreyneang" not in page.content.decode()
    url = reverse("casework:identity_correct", args=[world["case"].pk])
    assert client.post(url, correction()).status_code == 200
    assert Client.objects.get().first_name_sealed is None


def test_the_persons_screenings_are_shown_with_their_labels(world, client):
    from pathways.casework.models import Screening
    from pathways.casework.tests.screening_helpers import start

    screening = start(world["worker"], world["agency"])
    screening.client = world["case"].client
    sealing.seal_record(screening, {"name": "Neary Screenedname"})
    screening.save()
    signed_in(client, world["worker"])
    page = client.get(reverse("casework:held_about", args=[world["case"].pk]))
    text = page.content.decode()
    assert "Neary Screenedname" in text and "Screening of" in text
    assert Screening.objects.get(pk=screening.pk).name_sealed is not None


def test_a_case_worker_sees_only_their_own_cases_of_the_person(world, client):
    # A second case of the same person at the agency, with a colleague: need to know holds.
    other = open_case_for(
        world["case"].client,
        case_worker=world["colleague"],
        sections={"safe_location": "Colleague's safe house in Kampot"},
    )
    signed_in(client, world["worker"])
    page = client.get(reverse("casework:held_about", args=[world["case"].pk])).content.decode()
    assert "Colleague&#x27;s safe house in Kampot" not in page
    assert other.case_number not in page
    assert not AccessEvent.objects.filter(case_id=other.pk, user=world["worker"]).exists()

    client.logout()
    signed_in(client, world["supervisor"])
    page = client.get(reverse("casework:held_about", args=[world["case"].pk])).content.decode()
    assert "Colleague&#x27;s safe house in Kampot" in page
