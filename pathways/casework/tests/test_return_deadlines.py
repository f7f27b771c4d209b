"""The nationality verification of a return in `manage.py casework_deadlines` (casework.md
§3.6, ACTIP Art. 15(3)): a reminder to the case's team before it is due, one escalation to
both countries' NRM coordinators after; the clock moved forward; twice sends once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from pathways.casework.models import DeadlineNotice, ReturnRequest
from pathways.casework.services import deadline_notices_send
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import (
    return_start_verification,
    return_verify_nationality,
)
from pathways.casework.tests.return_helpers import return_world
from pathways.casework.tests.test_returns import PERSONAL
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db
KIND = "return_verification"


def in_verification(w) -> ReturnRequest:
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    return return_start_verification(actor=w.worker, ret=ret, version=ret.version)


def sent(level: str):
    """The return's notices (the case's own deadlines are told apart by their link)."""
    return Notification.objects.filter(
        kind=f"deadline_{level}", link__startswith="/casework/returns/"
    )


def test_a_reminder_before_the_verification_is_due_goes_to_the_case_team_once():
    w = return_world()
    ret = in_verification(w)
    today = ret.verification_due - dt.timedelta(days=1)
    early = deadline_notices_send(country_code="TH", today=today - dt.timedelta(days=5))
    assert early.sent[("TH", KIND, "reminder")] == 0
    run = deadline_notices_send(country_code="TH", today=today)
    assert run.sent[("TH", KIND, "reminder")] == 1
    told = set(sent("reminder").values_list("recipient", flat=True))
    assert {w.worker.pk, w.supervisor.pk} <= told
    assert w.kh_nrm.pk not in told and w.th_nrm.pk not in told
    notice = sent("reminder").filter(recipient=w.worker).get()
    assert notice.link == f"/casework/returns/{ret.pk}/"
    assert w.case.case_number in notice.subject
    again = deadline_notices_send(country_code="TH", today=today)
    assert again.sent[("TH", KIND, "reminder")] == 0 and sent("reminder").count() == len(told)


def test_an_overdue_verification_is_escalated_to_both_coordinators_once():
    w = return_world()
    ret = in_verification(w)
    late = ret.verification_due + dt.timedelta(days=1)
    run = deadline_notices_send(today=late)
    assert run.sent[("TH", KIND, "escalation")] == 1
    told = set(sent("escalation").values_list("recipient", flat=True))
    assert {w.th_nrm.pk, w.kh_nrm.pk, w.worker.pk} <= told
    assert w.la_nrm.pk not in told
    ret.refresh_from_db()
    assert ret.verification_escalated_at is not None
    for notice in sent("escalation"):
        assert all(value not in notice.subject + notice.body for value in PERSONAL)
    # Twice is once: a later run, and the command, send nothing more.
    later = deadline_notices_send(today=late + dt.timedelta(days=3))
    assert later.sent[("TH", KIND, "escalation")] == 0
    call_command("casework_deadlines")
    assert sent("escalation").count() == len(told)
    assert DeadlineNotice.objects.filter(kind=KIND, level="escalation").count() == 1


def test_an_answered_verification_is_not_escalated():
    w = return_world()
    ret = in_verification(w)
    return_verify_nationality(actor=w.kh_nrm, ret=ret, version=ret.version)
    late = timezone.localdate() + dt.timedelta(days=45)
    assert deadline_notices_send(today=late).sent[("TH", KIND, "escalation")] == 0
