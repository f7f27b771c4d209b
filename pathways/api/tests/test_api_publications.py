from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from pathways.activities.dedup.merging import person_merge
from pathways.api.tests.factories import api_client, attend, country, make_event, make_person
from pathways.reports.publishing import publication_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/publications/"


@pytest.fixture
def published(kh_officer):
    """A Cambodia factsheet for 2021–22 published with three participants, two of them one
    person recorded twice."""
    event = make_event(code="KH", title="Synthetic training")
    twins = [make_person(name="Synthetic Twin"), make_person(name="Synthetic Twin")]
    for person in [*twins, make_person(name="Synthetic Man", sex="man")]:
        attend(event, person)
    publication = publication_create(
        actor=kh_officer,
        kind="factsheet",
        country=country("KH"),
        start=dt.date(2021, 7, 1),
        end=dt.date(2022, 6, 30),
    )
    return publication, twins


def test_the_list_gives_the_publications_in_scope(published, kh_manager):
    publication, _twins = published
    answer = api_client(kh_manager).get(URL).json()
    assert answer["count"] == 1
    first = answer["results"][0]
    assert first["id"] == publication.pk and first["kind"] == "factsheet"
    assert first["country"] == "KH" and first["published_by"] == "kh_officer"
    assert first["sha256"] == publication.sha256
    assert first["withdrawn_at"] is None and first["withdrawal_reason"] == ""


def test_a_withdrawn_publication_says_so(published, admin_user, kh_manager):
    from pathways.reports.publishing import publication_withdraw

    publication, _twins = published
    publication_withdraw(actor=admin_user, publication=publication, reason="Wrong period.")
    answer = api_client(kh_manager).get(f"{URL}{publication.pk}/").json()
    assert answer["withdrawn_at"] is not None and answer["withdrawal_reason"] == "Wrong period."


def test_the_detail_gives_published_and_current_figures_and_the_merge_between(
    published, kh_officer
):
    publication, twins = published
    person_merge(actor=kh_officer, kept=twins[0], merged=twins[1])
    answer = api_client(kh_officer).get(f"{URL}{publication.pk}/").json()
    participants = next(f for f in answer["figures"] if f["figure"] == "participants")
    assert participants == {
        "place": "KH",
        "start": "2021-07-01",
        "end": "2022-06-30",
        "figure": "participants",
        "published": 3,
        "current": 2,
        "difference": -1,
        "unchanged": False,
    }
    men = next(f for f in answer["figures"] if f["figure"] == "participants.men")
    assert men["unchanged"] and men["difference"] == 0
    assert answer["changes_since"]["merges"]["count"] == 1
    assert answer["changes_since"]["imports_added"]["count"] == 0
    published_total = next(r for r in answer["published_figures"] if r["figure"] == "participants")
    assert published_total["value"] == 3


def test_the_file_comes_back_byte_for_byte(published, kh_officer):
    publication, _twins = published
    response = api_client(kh_officer).get(f"{URL}{publication.pk}/file/")
    assert response.status_code == 200
    assert response.content == bytes(publication.content)


def test_other_countries_and_partners_see_nothing_and_anonymous_is_refused(
    published, la_manager, lscw_partner
):
    publication, _twins = published
    for user in (la_manager, lscw_partner):
        client = api_client(user)
        assert client.get(URL).json()["count"] == 0
        assert client.get(f"{URL}{publication.pk}/").status_code == 404
        assert client.get(f"{URL}{publication.pk}/file/").status_code == 404
    assert Client().get(URL).status_code == 401
    assert Client().get(f"{URL}{publication.pk}/").status_code == 401


def test_publications_cannot_be_changed_through_the_api(published, admin_user):
    publication, _twins = published
    client = api_client(admin_user)
    assert client.delete(f"{URL}{publication.pk}/").status_code == 405
    assert client.post(URL, {}, content_type="application/json").status_code == 405
