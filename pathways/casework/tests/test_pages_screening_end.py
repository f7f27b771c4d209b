"""The pages that void a screening and mark one a duplicate of a client already registered:
offered on the screening's page only to those the workflow and the guard allow, the reason
for voiding sealed, the client named by a case the user may see, and a stale form told what
the screening is now with nothing written and what was typed kept."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework.models import Screening
from pathways.casework.services import screening_answer, screening_submit
from pathways.casework.tests.pages import browser_as, build_world
from pathways.casework.tests.screening_helpers import start

pytestmark = pytest.mark.django_db
REASON = "Entered twice at the Poipet checkpoint by two screeners"


@pytest.fixture
def w(kh, la):
    world = build_world(kh, la)
    screening = start(world.screener, world.shelter)
    screening = screening_answer(actor=world.screener, screening=screening, answers={"dr-s": "yes"})
    screening_submit(actor=world.screener, screening=screening)
    world.screening = Screening.objects.get(pk=screening.pk)
    return world


def url(name: str, screening: Screening) -> str:
    return reverse(f"casework:{name}", args=[screening.pk])


def state_of(screening: Screening) -> tuple[str, int, int | None]:
    return Screening.objects.values_list("state", "version", "client_id").get(pk=screening.pk)


def audits(screening: Screening) -> int:
    content_type = ContentType.objects.get_for_model(Screening)
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(screening.pk)).count()


def test_the_page_links_each_ending_only_for_those_allowed(w):
    detail = url("screening_detail", w.screening)
    supervisor = browser_as(w.supervisor).get(detail).content.decode()
    assert url("screening_void", w.screening) in supervisor
    assert url("screening_duplicate", w.screening) in supervisor
    # The screener marks their own screening a duplicate; only a supervisor voids.
    screener = browser_as(w.screener).get(detail).content.decode()
    assert url("screening_duplicate", w.screening) in screener
    assert url("screening_void", w.screening) not in screener


def test_the_supervisor_voids_a_screening_with_a_sealed_reason(w):
    browser = browser_as(w.supervisor)
    page = browser.get(url("screening_void", w.screening))
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()

    response = browser.post(
        url("screening_void", w.screening), {"version": w.screening.version, "reason": REASON}
    )

    assert response.status_code == 302
    assert response["Location"] == url("screening_detail", w.screening)
    row = Screening.objects.get(pk=w.screening.pk)
    assert row.state == Screening.State.VOIDED
    assert REASON.encode() not in bytes(row.void_reason_sealed)
    detail = browser.get(url("screening_detail", w.screening)).content.decode()
    assert REASON in detail
    # A void screening offers neither ending again, and its pages send back to it.
    assert url("screening_void", w.screening) not in detail
    assert url("screening_duplicate", w.screening) not in detail
    again = browser.get(url("screening_void", w.screening))
    assert again.status_code == 302


def test_voiding_needs_a_reason_and_the_supervisors_role(w):
    before, audited = state_of(w.screening), audits(w.screening)
    void = url("screening_void", w.screening)
    body = {"version": w.screening.version, "reason": REASON}
    assert browser_as(w.screener).get(void).status_code == 403
    assert browser_as(w.screener).post(void, body).status_code == 403
    assert browser_as(w.other_breaker).post(void, body).status_code == 404
    missing = browser_as(w.supervisor).post(void, {"version": w.screening.version, "reason": ""})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    assert state_of(w.screening) == before and audits(w.screening) == audited


def test_a_stale_void_is_told_what_changed_and_keeps_the_reason(w):
    version = w.screening.version
    # Someone else writes to the screening while the form is open.
    Screening.objects.filter(pk=w.screening.pk).update(version=version + 1)
    before, audited = state_of(w.screening), audits(w.screening)

    response = browser_as(w.supervisor).post(
        url("screening_void", w.screening), {"version": version, "reason": REASON}
    )

    page = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in page
    assert REASON in page and f'value="{version + 1}"' in page
    assert state_of(w.screening) == before and audits(w.screening) == audited


def test_a_screening_is_marked_a_duplicate_of_a_client_by_their_case_number(w):
    browser = browser_as(w.supervisor)
    assert browser.get(url("screening_duplicate", w.screening)).status_code == 200

    response = browser.post(
        url("screening_duplicate", w.screening),
        {"version": w.screening.version, "case_number": w.case.case_number},
    )

    assert response.status_code == 302
    state, _, client_id = state_of(w.screening)
    assert state == Screening.State.DUPLICATE and client_id == w.client.pk


def test_a_client_out_of_reach_is_not_named_and_nothing_is_written(w):
    before, audited = state_of(w.screening), audits(w.screening)
    page = url("screening_duplicate", w.screening)
    body = {"version": w.screening.version}
    # Another agency's client, an unknown number, and for the screener a case they may not
    # see: the same answer each time.
    for user, number in (
        (w.supervisor, w.other_case.case_number),
        (w.supervisor, "KH-0000-NOPE"),
        (w.screener, w.case.case_number),
    ):
        response = browser_as(user).post(page, {**body, "case_number": number})
        assert response.status_code == 200
        assert "No client you may see" in response.content.decode()
    assert browser_as(w.other_breaker).get(page).status_code == 404
    assert browser_as(w.lawyer).post(page, {**body, "case_number": "x"}).status_code == 404
    assert state_of(w.screening) == before and audits(w.screening) == audited


def test_a_stale_duplicate_is_told_what_changed_and_nothing_is_written(w):
    version = w.screening.version
    browser_as(w.supervisor).post(
        url("screening_void", w.screening), {"version": version, "reason": REASON}
    )
    before, audited = state_of(w.screening), audits(w.screening)

    response = browser_as(w.supervisor).post(
        url("screening_duplicate", w.screening),
        {"version": version, "case_number": w.case.case_number},
    )

    page = response.content.decode()
    assert response.status_code == 200 and 'id="conflict"' in page
    assert "Voided" in page and w.case.case_number in page
    assert state_of(w.screening) == before and audits(w.screening) == audited


def test_the_rosters_possible_match_is_suggested_to_who_may_see_its_case(w):
    Screening.objects.filter(pk=w.screening.pk).update(possible_client=w.client)
    page = browser_as(w.supervisor).get(url("screening_duplicate", w.screening))
    assert f'value="{w.case.case_number}"' in page.content.decode()
    # The screener may not see the case: nothing is filled in for them.
    page = browser_as(w.screener).get(url("screening_duplicate", w.screening))
    assert w.case.case_number not in page.content.decode()
