"""The access auditor's log: their country's reads, searchable, ids and field names only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.casework.tests.pages import (
    IDENTITY_VALUES,
    SECTION_VALUES,
    browser_as,
    build_world,
)

pytestmark = pytest.mark.django_db
LOG = reverse("casework:access_log")


@pytest.fixture
def w(kh, la):
    world = build_world(kh, la)
    # Reads to find in the log: the lawyer opens the case, the worker lists it.
    browser_as(world.lawyer).get(reverse("casework:case_detail", args=[world.case.pk]))
    browser_as(world.worker).get(reverse("casework:case_list"))
    return world


def log(reader, **query) -> tuple[int, str]:
    response = browser_as(reader).get(LOG, query)
    return response.status_code, response.content.decode()


def test_auditor_sees_the_reads_by_ids_and_field_names(w):
    status, html = log(w.auditor)
    assert status == 200
    assert "2 events match." in html
    assert "lawyer" in html and "worker" in html and "legal_notes" in html
    assert f"<td>{w.case.pk}</td>" in html and f"<td>{w.client.pk}</td>" in html
    for value in [*IDENTITY_VALUES, *SECTION_VALUES.values()]:
        assert value not in html


def test_auditor_filters_by_user_action_case_and_client(w):
    assert "1 event matches." in log(w.auditor, user="lawyer")[1]
    assert "1 event matches." in log(w.auditor, action="list_with_identifiers")[1]
    assert "2 events match." in log(w.auditor, case_number=w.case.case_number)[1]
    assert "2 events match." in log(w.auditor, client=str(w.client.pk))[1]
    assert "0 events match." in log(w.auditor, client=str(w.other_client.pk))[1]
    assert "0 events match." in log(w.auditor, start="2001-01-01", end="2001-01-31")[1]


def test_a_backwards_date_range_is_an_error(w):
    status, html = log(w.auditor, start="2030-01-02", end="2030-01-01")
    assert status == 200 and "The end date is before the start date." in html


def test_an_auditor_of_another_country_sees_none_of_these_reads(w):
    status, html = log(w.lao_auditor)
    assert status == 200 and "0 events match." in html


@pytest.mark.parametrize("role", ["supervisor", "worker", "coordinator", "agency_admin"])
def test_other_casework_roles_get_403(w, role):
    assert log(getattr(w, role))[0] == 403


def test_reading_the_log_is_not_itself_an_access_event(w):
    from pathways.casework.models import AccessEvent

    before = AccessEvent.objects.count()
    log(w.auditor)
    assert AccessEvent.objects.count() == before
