"""The identification panel and pages (casework.md §3.2): the authoritative decision in words,
the due date of the formal identification (overdue in words and colour), the history; the
interview scheduled, a decision or a review recorded, another country's decision recognised,
each only by those allowed; formal decisions only by a named agency, the form saying why not;
the country of origin told unless the person objects; the non-punishment notice once
identified; of two people deciding at once, the second is told and nothing is lost."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    CaseworkRole,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.services.identification_moves import NON_PUNISHMENT_NOTICE
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.identification_helpers import (
    decision_in_state,
    name_formal_identifier,
    presumed,
)
from pathways.casework.tests.pages import browser_as

Decision = IdentificationDecision
State = Decision.State
Status = Decision.Status


@pytest.fixture
def w(kh):
    agency = make_agency(kh, "Provincial DoSVY")
    other = make_agency(kh, "Shelter Beta")
    people = {
        "worker": staff(agency, CaseworkRole.CASE_WORKER, "worker"),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR, "sup"),
        "lawyer": staff(agency, CaseworkRole.LEGAL_OFFICER, "lawyer"),
        "coordinator": staff(other, CaseworkRole.NRM_COORDINATOR, "coordinator"),
        "other_worker": staff(other, CaseworkRole.CASE_WORKER, "otherworker"),
    }
    decision = presumed(people["worker"], agency)
    return SimpleNamespace(
        agency=agency, other=other, decision=decision, case=decision.case, **people
    )


def case_html(w, user) -> str:
    response = browser_as(user).get(reverse("casework:case_detail", args=[w.case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def url(name: str, decision: Decision) -> str:
    return reverse(f"casework:{name}", args=[decision.case_id, decision.pk])


def current(w) -> Decision:
    return Decision.objects.filter(case=w.case).order_by("-decided_at", "-id").first()


def schedule(w, user=None) -> Decision:
    when = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {"version": w.decision.version, "when": when}
    response = browser_as(user or w.worker).post(url("identification_schedule", w.decision), data)
    assert response.status_code == 302, response.content.decode()
    return Decision.objects.get(pk=w.decision.pk)


def decision_data(decision: Decision, **extra) -> dict:
    return {
        "version": decision.version,
        "status": Status.ACTUAL,
        "level": Decision.Level.FORMAL,
        "decision_making_org_type": Decision.DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
        "form_used": Decision.FormUsed.DETAILED_MOSVY_DOSVY,
        "decided_on": timezone.localdate().isoformat(),
        "legal_basis": "Law on Suppression of Human Trafficking, art. 10",
        **extra,
    }


def test_panel_says_no_formal_identification_yet_and_when_it_is_due(w):
    html = case_html(w, w.worker)
    assert "No formal identification yet." in html
    assert "Formal identification due on" in html
    assert "in 15 days" in html
    assert "Possible victim of trafficking" in html
    assert url("identification_schedule", w.decision) in html
    assert str(NON_PUNISHMENT_NOTICE)[:40] not in html


def test_an_overdue_identification_is_said_in_words_and_colour(w):
    past = timezone.localdate() - dt.timedelta(days=3)
    Decision.objects.filter(pk=w.decision.pk).update(formal_identification_due=past)
    html = case_html(w, w.supervisor)
    assert "overdue by 3 days" in html
    assert 'class="message error">Formal identification due on' in html


@pytest.mark.parametrize("role", ["lawyer", "coordinator"])
def test_readers_who_may_not_act_see_no_identification_action(w, role):
    html = case_html(w, getattr(w, role))
    assert "No formal identification yet." in html
    assert "/identification/" not in html
    response = browser_as(getattr(w, role)).get(url("identification_schedule", w.decision))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["identification_schedule", "identification_decide", "identification_recognise"]
)
def test_another_agency_gets_404(w, name):
    browser = browser_as(w.other_worker)
    assert browser.get(url(name, w.decision)).status_code == 404
    assert browser.post(url(name, w.decision), {"version": 0}).status_code == 404
    review = url("identification_request_review", w.decision)
    assert browser.post(review, {"version": 0}).status_code == 404


def test_a_decision_of_another_case_is_404(w):
    other = presumed(w.other_worker, w.other)
    wrong = reverse("casework:identification_schedule", args=[w.case.pk, other.pk])
    assert browser_as(w.worker).get(wrong).status_code == 404


def test_a_named_agency_records_a_formal_identification(w):
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    assert scheduled.state == State.INTERVIEW_SCHEDULED
    assert "Identification interview:" in case_html(w, w.worker)
    page = browser_as(w.worker).get(url("identification_decide", scheduled))
    assert "Your agency is named in Cambodia" in page.content.decode()
    assert "You act for Provincial DoSVY." in page.content.decode()
    assert "The person objects to their country of origin being told" in page.content.decode()

    response = browser_as(w.worker).post(
        url("identification_decide", scheduled), decision_data(scheduled), follow=True
    )
    html = response.content.decode()
    new = current(w)
    assert (new.status, new.level, new.state) == (Status.ACTUAL, "formal", State.IDENTIFIED)
    assert new.form_used == Decision.FormUsed.DETAILED_MOSVY_DOSVY
    assert new.supersedes_id == w.decision.pk
    assert "The decision is recorded: Actual victim of trafficking (Formal)." in html
    assert "The country of origin (VN) is to be told" in html
    assert new.country_notification.status == CountryNotification.Status.PENDING
    assert "No formal identification yet." not in html
    assert str(NON_PUNISHMENT_NOTICE)[:40] in html
    assert "Formal identification due on" not in html


def test_the_persons_objection_blocks_the_notification(w):
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    data = decision_data(scheduled, victim_objects_to_notification="on")
    response = browser_as(w.worker).post(url("identification_decide", scheduled), data, follow=True)
    assert "will not be told: the person objects" in response.content.decode()
    notification = current(w).country_notification
    assert notification.status == CountryNotification.Status.BLOCKED_BY_OBJECTION


def test_a_national_is_not_asked_about_notifying_a_country_of_origin(w):
    decision = decision_in_state(presumed(w.worker, w.agency, "KH"), State.INTERVIEW_SCHEDULED)
    page = browser_as(w.worker).get(url("identification_decide", decision))
    assert page.status_code == 200
    assert "country of origin being told" not in page.content.decode()


def test_an_agency_not_named_is_told_why_and_records_only_a_preliminary_decision(w, kh):
    named = make_agency(kh, "Anti-Human Trafficking Police")
    name_formal_identifier(named)
    scheduled = schedule(w)
    page = browser_as(w.worker).get(url("identification_decide", scheduled)).content.decode()
    assert "Provincial DoSVY is not named in Cambodia" in page
    assert "Anti-Human Trafficking Police" in page

    before = Decision.objects.count()
    response = browser_as(w.worker).post(
        url("identification_decide", scheduled), decision_data(scheduled)
    )
    assert response.status_code == 200
    assert "may record only a preliminary decision" in response.content.decode()
    assert Decision.objects.count() == before
    assert Decision.objects.get(pk=scheduled.pk).state == State.INTERVIEW_SCHEDULED

    data = decision_data(scheduled, level=Decision.Level.PRELIMINARY)
    response = browser_as(w.worker).post(url("identification_decide", scheduled), data, follow=True)
    assert "No formal identification yet." in response.content.decode()
    assert current(w).level == Decision.Level.PRELIMINARY


def test_bad_input_names_each_field_and_writes_nothing(w):
    scheduled = schedule(w)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = decision_data(scheduled, decided_on=future, status="")
    response = browser_as(w.worker).post(url("identification_decide", scheduled), data)
    html = response.content.decode()
    assert "Date of the decision: The date of the decision cannot be in the future." in html
    assert "Decision: This field is required." in html
    assert Decision.objects.filter(case=w.case).count() == 1


def test_a_decision_cannot_be_dated_before_the_one_it_replaces(w):
    name_formal_identifier(w.agency)
    earlier = timezone.now() - dt.timedelta(days=5)
    Decision.objects.filter(pk=w.decision.pk).update(decided_at=earlier)
    scheduled = schedule(w)
    too_early = (timezone.localdate() - dt.timedelta(days=6)).isoformat()
    data = decision_data(scheduled, decided_on=too_early)
    response = browser_as(w.worker).post(url("identification_decide", scheduled), data)
    assert "cannot be before the decision it replaces" in response.content.decode()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = decision_data(scheduled, decided_on=yesterday.isoformat())
    browser_as(w.worker).post(url("identification_decide", scheduled), data)
    assert timezone.localdate(current(w).decided_at) == yesterday


def test_an_action_the_workflow_refuses_is_explained(w):
    name_formal_identifier(w.agency)
    # The decision is still preliminary: no interview yet, so nothing to decide on.
    data = decision_data(w.decision)
    response = browser_as(w.worker).post(url("identification_decide", w.decision), data)
    assert response.status_code == 409
    assert "that is “Preliminary” cannot be decided" in response.content.decode()
    assert Decision.objects.filter(case=w.case).count() == 1


def test_of_two_people_deciding_at_once_the_second_is_told_and_keeps_what_they_typed(w):
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    first, second = browser_as(w.worker), browser_as(w.supervisor)
    assert second.get(url("identification_decide", scheduled)).status_code == 200
    first.post(url("identification_decide", scheduled), decision_data(scheduled))
    count = Decision.objects.count()
    data = decision_data(scheduled, status=Status.NOT_A_VICTIM, legal_basis="Second opinion basis")
    response = second.post(url("identification_decide", scheduled), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else acted on this identification" in html
    assert "it is now “Identified”" in html
    assert 'value="Second opinion basis"' in html
    assert Decision.objects.count() == count
    assert current(w).status == Status.ACTUAL


def test_the_lawyer_asks_for_a_review_and_a_supervisor_records_its_outcome(w):
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    browser_as(w.worker).post(url("identification_decide", scheduled), decision_data(scheduled))
    identified = current(w)
    html = case_html(w, w.lawyer)
    assert url("identification_request_review", identified) in html
    assert url("identification_review", identified) not in html
    response = browser_as(w.lawyer).post(
        url("identification_request_review", identified),
        {"version": identified.version},
        follow=True,
    )
    assert "A review is requested" in response.content.decode()
    assert Decision.objects.get(pk=identified.pk).state == State.UNDER_REVIEW

    html = case_html(w, w.supervisor)
    assert "This decision is under review." in html
    under_review = Decision.objects.get(pk=identified.pk)
    data = decision_data(under_review, status=Status.NOT_A_VICTIM)
    response = browser_as(w.supervisor).post(url("identification_review", under_review), data)
    assert response.status_code == 302
    reviewed = current(w)
    assert (reviewed.status, reviewed.supersedes_id) == (Status.NOT_A_VICTIM, identified.pk)
    assert str(NON_PUNISHMENT_NOTICE)[:40] not in case_html(w, w.worker)


def test_a_stale_review_request_is_told_not_written(w):
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    browser_as(w.worker).post(url("identification_decide", scheduled), decision_data(scheduled))
    identified = current(w)
    browser_as(w.worker).post(
        url("identification_request_review", identified), {"version": identified.version}
    )
    response = browser_as(w.lawyer).post(
        url("identification_request_review", identified),
        {"version": identified.version},
        follow=True,
    )
    assert "it is now “Under review”" in response.content.decode()


def test_another_countrys_identification_is_recognised(w):
    name_formal_identifier(w.agency)
    page = url("identification_recognise", w.decision)
    response = browser_as(w.worker).post(
        page, {"version": w.decision.version, "issuing_country": "x1", "issuing_agency": ""}
    )
    html = response.content.decode()
    assert "Give the two-letter code of the country" in html
    assert "Agency that identified the person: This field is required." in html
    assert Decision.objects.filter(case=w.case).count() == 1

    data = {
        "version": w.decision.version,
        "issuing_country": "th",
        "issuing_agency": "Anti-Trafficking in Persons Division",
        "decision_making_org_type": Decision.DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
    }
    response = browser_as(w.worker).post(page, data, follow=True)
    html = response.content.decode()
    recognised = current(w)
    assert recognised.recognised_foreign_identification
    assert recognised.recognised_issuing_country == "TH"
    assert "Recognises the identification by Anti-Trafficking in Persons Division (TH)" in html
    assert str(NON_PUNISHMENT_NOTICE)[:40] in html


def test_recognising_by_an_agency_not_named_is_refused_with_the_reason(w):
    page = url("identification_recognise", w.decision)
    data = {
        "version": w.decision.version,
        "issuing_country": "TH",
        "issuing_agency": "Anti-Trafficking in Persons Division",
        "decision_making_org_type": Decision.DecisionMakingOrg.NGO,
    }
    response = browser_as(w.worker).post(page, data)
    assert "No agency is named yet in Cambodia" in response.content.decode()
    assert Decision.objects.filter(case=w.case).count() == 1


def _identified(w) -> CountryNotification:
    name_formal_identifier(w.agency)
    scheduled = schedule(w)
    browser_as(w.worker).post(url("identification_decide", scheduled), decision_data(scheduled))
    return current(w).country_notification


def objection_url(w, notification: CountryNotification) -> str:
    return reverse("casework:country_notification_objection", args=[w.case.pk, notification.pk])


def test_the_person_objects_after_the_decision_and_their_country_is_not_told(w):
    notification = _identified(w)
    assert notification.status == CountryNotification.Status.PENDING
    assert objection_url(w, notification) in case_html(w, w.lawyer)
    assert objection_url(w, notification) not in case_html(w, w.coordinator)
    response = browser_as(w.worker).post(objection_url(w, notification), follow=True)
    html = response.content.decode()
    assert "Noted: the person objects, so their country of origin (VN) will not be told." in html
    notification.refresh_from_db()
    assert notification.status == CountryNotification.Status.BLOCKED_BY_OBJECTION
    assert notification.decision.victim_objects_to_notification
    assert objection_url(w, notification) not in html
    entry = AuditEvent.objects.filter(
        object_id=str(notification.pk), content_type__model="countrynotification"
    ).order_by("-id")[0]
    assert (entry.action, entry.changes["fields"]) == (AuditEvent.Action.UPDATE, ["status"])

    again = browser_as(w.lawyer).post(objection_url(w, notification), follow=True)
    assert "it is “Not sent: the person objects”" in again.content.decode()


def test_an_objection_comes_too_late_once_the_country_was_told(w):
    notification = _identified(w)
    CountryNotification.objects.filter(pk=notification.pk).update(
        status=CountryNotification.Status.SENT, sent_at=timezone.now()
    )
    response = browser_as(w.supervisor).post(objection_url(w, notification), follow=True)
    assert "no longer waiting to be sent: it is “Sent”" in response.content.decode()
    notification.refresh_from_db()
    assert notification.status == CountryNotification.Status.SENT


def test_only_the_persons_case_team_records_an_objection(w):
    notification = _identified(w)
    assert browser_as(w.coordinator).post(objection_url(w, notification)).status_code == 403
    assert browser_as(w.other_worker).post(objection_url(w, notification)).status_code == 404
    assert browser_as(w.worker).get(objection_url(w, notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.status == CountryNotification.Status.PENDING
