"""The participant tally (EventTally): whether it is kept here, and its recount from the records.

The triggers of migration 0004_event_tally keep it on SQLite and PostgreSQL; on any other
database it is not kept and the figures count the records. `rebuild` rewrites it from the
records, for a database whose tally is in doubt (`manage.py event_tally --rebuild`).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count

from pathways.activities.models import EventTally
from pathways.activities.participants import participations

KEPT_ON = ("sqlite", "postgresql")

Tally = dict[tuple[int, str], int]


def is_kept() -> bool:
    return connection.vendor in KEPT_ON


def stored() -> Tally:
    """The tally as the database holds it."""
    rows = EventTally.objects.values_list("event_id", "sex", "participants")
    return {(event, sex): n for event, sex, n in rows}


def recount() -> Tally:
    """The tally as the records give it: participant attendances by event and person's sex."""
    rows = (
        participations().values_list("event_id", "person__sex").annotate(n=Count("pk")).order_by()
    )
    return {(event, sex): n for event, sex, n in rows}


def differences(limit: int = 10) -> list[str]:
    """Where the stored tally differs from the records, at most `limit` of them."""
    held, counted = stored(), recount()
    keys = sorted(set(held) | set(counted))
    wrong = [k for k in keys if held.get(k) != counted.get(k)]
    return [
        f"event {event}, {sex}: stored {held.get((event, sex), 0)}, "
        f"records {counted.get((event, sex), 0)}"
        for event, sex in wrong[:limit]
    ]


@transaction.atomic
def rebuild() -> int:
    """Rewrite the tally from the records; returns its number of rows."""
    if connection.vendor == "postgresql":
        # Writers of attendance or persons wait, so none changes what is being counted.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE activities_attendance, activities_person IN SHARE MODE")
    EventTally.objects.all().delete()
    EventTally.objects.bulk_create(
        EventTally(event_id=event, sex=sex, participants=n) for (event, sex), n in recount().items()
    )
    return EventTally.objects.count()
