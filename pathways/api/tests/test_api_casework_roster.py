"""Mass intake through the API (issue 20 item 10): a roster uploaded as a multipart file
becomes a group of draft screenings through the upload page's service, all or nothing, each
problem named by row and column; the groups and a group's people (no names, filtered and
paged like the page); another agency's group is a 404, a role that does not screen a 403."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.models import Screening, ScreeningGroup
from pathways.casework.tests.pages import IDENTITY, OTHER_IDENTITY, build_world
from pathways.casework.tests.test_pages_roster import age_of, roster
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db
GROUPS = "/api/v1/casework/groups/"


@pytest.fixture
def w(db):
    return build_world(Country.objects.get(code="KH"), Country.objects.get(code="LA"))


def known_people() -> bytes:
    """Row 2: the shelter's own client; row 3: the other agency's; row 4: someone new;
    row 5: row 4 again."""
    age = age_of(IDENTITY.birthdate)
    return roster(
        f"{IDENTITY.local_script_name},,KH,female,{age},",
        f"{OTHER_IDENTITY.first_name} {OTHER_IDENTITY.last_name},,Cambodia,female,{age},",
        "Wang Wei,王伟,Chinese,male,29,shelter",
        "wang wei,,CN,M,29,",
    )


def upload(user, data: bytes, *, client=None, **extra):
    values = {
        "agency": extra.pop("agency"),
        "name": "Poipet handover",
        "arrived_on": timezone.localdate().isoformat(),
        "location_type": "border_checkpoint",
        "file": SimpleUploadedFile("roster.csv", data, content_type="text/csv"),
        **extra,
    }
    return (client or api_client(user)).post(GROUPS, values)


def test_a_roster_uploaded_through_the_api_becomes_a_group(w):
    response = upload(w.screener, known_people(), agency=w.shelter.pk)

    assert response.status_code == 201, response.content
    body = response.json()
    group = ScreeningGroup.objects.get(pk=body["group_id"])
    assert group.agency == w.shelter and group.name == "Poipet handover"
    assert body["people"] == 4
    assert body["possibly_registered"] == 2 and body["listed_twice"] == 1
    assert {"value": "CN", "people": 2} in body["by_nationality"]
    assert group.screenings.count() == 4
    assert set(group.screenings.values_list("state", flat=True)) == {Screening.State.DRAFT}
    [entry] = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(ScreeningGroup), object_id=str(group.pk)
    )
    assert entry.source == AuditEvent.Source.API
    # The names never come back: neither in the answer nor in the group's listing.
    listing = api_client(w.screener).get(f"{GROUPS}{group.pk}/")
    for text in (response.content, listing.content):
        assert b"Wang" not in text and IDENTITY.local_script_name.encode() not in text


def test_a_dry_run_counts_and_writes_nothing(w):
    response = upload(w.screener, known_people(), agency=w.shelter.pk, dry_run="true")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["group_id"] is None and body["people"] == 4
    assert body["possibly_registered"] is None and body["listed_twice"] == 1
    assert not ScreeningGroup.objects.exists() and not Screening.objects.exists()


def test_a_roster_with_problems_names_row_and_column_and_writes_nothing(w):
    data = roster("Wang Wei,,China,male,29,", "Li Na,,Atlantis,woman,two hundred,")
    client = api_client(w.screener)  # its token is audited as it is made
    audited = AuditEvent.objects.count()

    response = upload(w.screener, data, agency=w.shelter.pk, client=client)

    assert response.status_code == 400
    body = response.json()
    assert body["total"] == 3 and "nothing was imported" in body["detail"]
    where = {(p["row"], p["column"]) for p in body["problems"]}
    assert where == {(3, "C (Nationality)"), (3, "D (Sex)"), (3, "E (Age)")}
    assert all(p["message"] for p in body["problems"])
    assert not ScreeningGroup.objects.exists() and not Screening.objects.exists()
    assert AuditEvent.objects.count() == audited


def test_a_file_that_is_no_table_is_a_clear_refusal(w):
    crafted = b"PK\x03\x04" + b"\x00" * 64  # a broken workbook
    response = upload(w.screener, crafted, agency=w.shelter.pk)

    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert problem["row"] is None and problem["message"]
    assert not ScreeningGroup.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=200)
def test_an_oversize_roster_is_refused_without_being_read(w):
    data = roster(*[f"Person {n},,VN,female,30," for n in range(20)])
    assert len(data) > 200

    response = upload(w.screener, data, agency=w.shelter.pk)

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "file" and "larger than" in error["message"]
    assert not ScreeningGroup.objects.exists()


def test_missing_fields_are_named(w):
    response = api_client(w.screener).post(GROUPS, {"agency": w.shelter.pk})

    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"name", "arrived_on", "location_type", "file"} <= fields


def test_only_those_who_screen_for_the_agency_upload(w):
    # Another agency's case worker screens for theirs, not for the shelter: 403.
    refused = upload(w.other_worker, known_people(), agency=w.shelter.pk)
    assert refused.status_code == 403
    # A legal officer of the shelter does not screen: 403.
    assert upload(w.lawyer, known_people(), agency=w.shelter.pk).status_code == 403
    assert api_client(w.lawyer).get(GROUPS).status_code == 403
    assert not ScreeningGroup.objects.exists()


def test_the_groups_and_a_groups_people_by_row(w):
    group_id = upload(w.screener, known_people(), agency=w.shelter.pk).json()["group_id"]

    listing = api_client(w.worker).get(GROUPS).json()
    assert listing["count"] == 1
    [group] = listing["results"]
    assert group["id"] == group_id and group["people"] == 4
    assert group["not_yet_interviewed"] == 4

    detail = api_client(w.worker).get(f"{GROUPS}{group_id}/").json()
    assert detail["count"] == 4
    rows = {r["roster_row"]: r for r in detail["results"]}
    assert sorted(rows) == [2, 3, 4, 5]
    # The shelter's own client is named by their case, for the case worker who may see it;
    # the other agency's client only as a possible match.
    assert rows[2]["possible_case_id"] == w.case.pk
    assert rows[3]["possibly_registered"] and rows[3]["possible_case_id"] is None
    assert rows[5]["listed_twice_of_row"] == 4
    assert not any(r["interviewed"] for r in rows.values())


def test_a_groups_people_are_filtered_like_the_page(w):
    group_id = upload(w.screener, known_people(), agency=w.shelter.pk).json()["group_id"]
    client = api_client(w.screener)

    def rows(**query) -> list[int]:
        response = client.get(f"{GROUPS}{group_id}/", query)
        assert response.status_code == 200, response.content
        return [r["roster_row"] for r in response.json()["results"]]

    assert rows(show="possibly_registered") == [2, 3]
    assert rows(show="listed_twice") == [5]
    assert rows(nationality="CN") == [4, 5]
    assert rows(show="not_interviewed", nationality="KH") == [2, 3]
    bad = client.get(f"{GROUPS}{group_id}/", {"show": "everyone_twice"})
    assert bad.status_code == 422 and "show" in bad.json()["detail"]


def test_a_groups_people_are_paged_by_fifty(w):
    data = roster(*[f"Person {n},,VN,female,30," for n in range(60)])
    group_id = upload(w.screener, data, agency=w.shelter.pk).json()["group_id"]

    first = api_client(w.screener).get(f"{GROUPS}{group_id}/").json()
    assert first["count"] == 60 and len(first["results"]) == 50 and first["next"]
    second = api_client(w.screener).get(first["next"]).json()
    assert [r["roster_row"] for r in second["results"]] == list(range(52, 62))


def test_another_agency_finds_no_group(w):
    group_id = upload(w.screener, known_people(), agency=w.shelter.pk).json()["group_id"]

    assert api_client(w.other_worker).get(f"{GROUPS}{group_id}/").status_code == 404
    assert api_client(w.other_worker).get(GROUPS).json()["count"] == 0
    assert api_client(w.lawyer).get(f"{GROUPS}{group_id}/").status_code == 403


def test_the_roster_upload_is_described_as_multipart_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    upload = paths["/api/v1/casework/groups/"]["post"]
    schema = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert {"agency", "name", "arrived_on", "location_type", "file"} <= set(schema["required"])
    assert "get" in paths["/api/v1/casework/groups/{group_id}/"]
    for path in ("/api/v1/casework/intake/search/", "/api/v1/casework/intake/register/"):
        assert "post" in paths[path], path
