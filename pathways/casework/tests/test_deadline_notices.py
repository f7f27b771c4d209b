"""`manage.py casework_deadlines` (the clock moved with freezegun): a deadline due soon reminds
the case's workers once, an overdue one tells the owning agency's case supervisors once with a
copy to the workers, however often it runs; closed cases and done follow-ups get nothing;
nobody of another agency is told; no notice holds the client's name; a dry run writes
nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from pathways.audit.models import AuditEvent
from pathways.casework.models import Case, CountryCaseworkSettings, DeadlineNotice, FollowUp
from pathways.casework.services import followup_add, followup_done
from pathways.casework.tests.care_helpers import care_world
from pathways.casework.tests.conftest import sample_identity
from pathways.casework.tests.identification_helpers import case_in_stage, presumed
from pathways.jobs.periodic import periodic_entries
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db
Stage = Case.Stage


@pytest.fixture(autouse=True)
def _urls_loaded() -> None:
    """The URLs (and the API's schemas) load before the clock is frozen: pydantic cannot
    build a schema for freezegun's fake date class."""
    reverse("casework:case_detail", args=[1])


def _on(day: dt.date) -> dt.datetime:
    """Noon UTC of `day`: the same date in Bangkok."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def _run(day: dt.date, *args: str) -> str:
    out = StringIO()
    with freeze_time(_on(day)):
        call_command("casework_deadlines", *args, stdout=out)
    return out.getvalue()


def _told(case: Case, kind: str = "") -> list[tuple[str, str]]:
    rows = Notification.objects.filter(case_number=case.case_number)
    if kind:
        rows = rows.filter(kind=kind)
    return sorted(rows.values_list("kind", "recipient__username"))


def _presumed(world):
    """A presumed victim's case waiting for identification (the world's own case, in stage
    PRESUMED without a decision, owes nothing)."""
    decision = presumed(world.worker, world.agency)
    return decision.case, decision.formal_identification_due


def test_identification_due_tomorrow_reminds_the_worker_once_then_escalates_once(
    kh, django_capture_on_commit_callbacks
):
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    assert case.case_worker_id == world.worker.pk
    # On the team by mistake, but of another agency: never told (need to know).
    case.team_members.add(world.other_worker)
    for user in (world.worker, world.supervisor):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        _run(due - dt.timedelta(days=1))
    reminder = [("deadline_reminder", world.worker.username)]
    assert _told(case) == reminder
    notice = Notification.objects.get(case_number=case.case_number)
    assert notice.subject.startswith(f"Case {case.case_number}: Formal identification due on")
    assert notice.link == reverse("casework:case_detail", args=[case.pk])
    assert len(mail.outbox) == 1

    _run(due - dt.timedelta(days=1))
    _run(due)
    assert _told(case) == reminder

    with django_capture_on_commit_callbacks(execute=True):
        _run(due + dt.timedelta(days=1))
    _run(due + dt.timedelta(days=3))
    assert _told(case, "deadline_escalation") == sorted(
        [
            ("deadline_escalation", world.supervisor.username),
            ("deadline_escalation", world.worker.username),
        ]
    )
    escalation = Notification.objects.get(kind="deadline_escalation", recipient=world.supervisor)
    assert escalation.subject == f"Case {case.case_number}: Formal identification is overdue"
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    for outsider in (world.other_supervisor, world.other_worker, world.colleague, world.lawyer):
        assert outsider.pk not in told
    assert DeadlineNotice.objects.filter(case=case).count() == 2
    # No name, script or identifier of the client in the inbox or the emails.
    identity = sample_identity()
    texts = [n.subject + n.body for n in Notification.objects.all()]
    texts += [m.subject + m.body for m in mail.outbox]
    assert len(mail.outbox) == 3
    for text in texts:
        for value in (
            identity.first_name,
            identity.last_name,
            identity.local_script_name,
            identity.identity_number,
            identity.mobile_phone,
        ):
            assert value not in text


def test_each_notice_is_audited_by_ids_and_field_names(kh):
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    before = AuditEvent.objects.count()
    _run(due)
    notice = DeadlineNotice.objects.get(case=case)
    event = AuditEvent.objects.get(object_id=str(notice.pk), content_type__model="deadlinenotice")
    assert AuditEvent.objects.count() == before + 1
    assert event.source == AuditEvent.Source.COMMAND
    assert case.case_number not in str(event.changes)


def test_a_closed_case_and_a_done_follow_up_get_nothing(kh):
    world = care_world(kh, Stage.SERVICES)
    today = timezone.localdate()
    done = followup_add(
        actor=world.worker, case=world.case, kind="visit", what="Visit", due_on=today
    )
    followup_done(actor=world.worker, followup=done, done_on=today)
    closed = care_world(kh, Stage.SERVICES)
    followup_add(actor=closed.worker, case=closed.case, kind="visit", what="Visit", due_on=today)
    case_in_stage(closed.case, Stage.CLOSED)
    for days in (0, 1, 30, 400):
        _run(today + dt.timedelta(days=days))
    assert not DeadlineNotice.objects.filter(kind="follow_up").exists()
    assert _told(closed.case) == []
    assert not DeadlineNotice.objects.filter(case=closed.case).exists()
    # The open case is told of its own deadlines (its assessment), not of the done follow-up.
    assert DeadlineNotice.objects.filter(case=world.case, kind="assessment").exists()


def test_a_follow_up_reminds_its_assignee_and_a_moved_date_is_reminded_again(kh):
    world = care_world(kh, Stage.SERVICES)
    today = timezone.localdate()
    followup = followup_add(
        actor=world.worker,
        case=world.case,
        kind="phone",
        what="Call",
        due_on=today + dt.timedelta(days=10),
        assigned_to=world.colleague,
    )
    _run(today + dt.timedelta(days=8))
    assert _told(world.case, "deadline_reminder") == sorted(
        [
            ("deadline_reminder", world.worker.username),
            ("deadline_reminder", world.colleague.username),
        ]
    )
    # Rescheduled: the new date is a deadline of its own.
    FollowUp.objects.filter(pk=followup.pk).update(due_on=today + dt.timedelta(days=20))
    _run(today + dt.timedelta(days=8))
    assert DeadlineNotice.objects.filter(kind="follow_up", ref=followup.pk).count() == 1
    _run(today + dt.timedelta(days=19))
    assert list(
        DeadlineNotice.objects.filter(ref=followup.pk, kind="follow_up")
        .order_by("due_on")
        .values_list("due_on", "level")
    ) == [
        (today + dt.timedelta(days=10), "reminder"),
        (today + dt.timedelta(days=20), "reminder"),
    ]


def test_the_lead_time_is_the_countrys(kh):
    CountryCaseworkSettings.objects.create(country=kh, deadline_reminder_days=5)
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    _run(due - dt.timedelta(days=6))
    assert _told(case) == []
    _run(due - dt.timedelta(days=5))
    assert _told(case) == [("deadline_reminder", world.worker.username)]


def test_a_dry_run_counts_by_country_and_kind_and_writes_nothing(kh):
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    audited = AuditEvent.objects.count()
    out = _run(due, "--dry-run")
    assert "Would send 1 deadline notices." in out
    assert "KH identification reminder: 1" in out
    assert case.case_number not in out
    assert not DeadlineNotice.objects.exists()
    assert not Notification.objects.exists()
    assert AuditEvent.objects.count() == audited
    assert "Sent 1 deadline notices." in _run(due)
    assert "Sent 0 deadline notices." in _run(due)


def test_one_country_only_and_an_unknown_code_is_refused(kh):
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    assert "Sent 0 deadline notices." in _run(due, "--country", "LA")
    assert _told(case) == []
    _run(due, "--country", "kh")
    assert _told(case) == [("deadline_reminder", world.worker.username)]
    with pytest.raises(CommandError, match="no country with the code ZZ"):
        _run(due, "--country", "ZZ")


def test_a_deadline_with_nobody_to_tell_waits_for_someone(kh):
    world = care_world(kh, Stage.PRESUMED)
    case, due = _presumed(world)
    Case.objects.filter(pk=case.pk).update(case_worker=None)
    out = _run(due)
    assert "1 deadlines have nobody to tell" in out
    assert not DeadlineNotice.objects.exists()
    Case.objects.filter(pk=case.pk).update(case_worker=world.colleague)
    _run(due)
    assert _told(case) == [("deadline_reminder", world.colleague.username)]


def test_the_scheduler_runs_it_every_15_minutes():
    entries = {e.name: e for e in periodic_entries()}
    assert entries["casework_deadlines"].command == "casework_deadlines"
    assert entries["casework_deadlines"].every == 900
