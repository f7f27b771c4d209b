"""Two runs of `casework_deadlines` at the same moment (a slow run overtaken by the next
slot's): both find the reminder unsent, both try; the unique notice lets one send it, and
the other's notifications roll back with its insert."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from pathways.casework.models import Case, DeadlineNotice
from pathways.casework.services import deadline_notices, deadline_notices_send
from pathways.casework.tests.care_helpers import care_world
from pathways.casework.tests.identification_helpers import presumed
from pathways.notifications.models import Notification
from pathways.programs.models import Country
from pathways.programs.services import load_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
    ),
]


def test_two_runs_at_once_send_one_reminder(monkeypatch):
    load_reference_data()
    reverse("casework:case_detail", args=[1])
    world = care_world(Country.objects.get(code="KH"), Case.Stage.PRESUMED)
    decision = presumed(world.worker, world.agency)
    today = decision.formal_identification_due - dt.timedelta(days=1)
    barrier = threading.Barrier(2, timeout=10)
    atomic = deadline_notices.transaction.atomic

    class Rendezvous:
        """Both runs have found the reminder unsent before either records it."""

        @staticmethod
        def atomic():
            barrier.wait()
            return atomic()

    monkeypatch.setattr(deadline_notices, "transaction", Rendezvous)
    runs = []

    def run() -> None:
        try:
            runs.append(deadline_notices_send(country_code="KH", today=today))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.total for r in runs) == [0, 1]
    assert DeadlineNotice.objects.filter(case=decision.case).count() == 1
    told = Notification.objects.filter(case_number=decision.case.case_number)
    assert list(told.values_list("recipient_id", flat=True)) == [world.worker.pk]
