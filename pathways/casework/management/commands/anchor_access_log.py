"""`manage.py anchor_access_log`: hash each finished day of the casework access log into the
audit chain, once."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.audit.keys import AuditKeyError
from pathways.casework.access_log import (
    AccessLogError,
    access_log_anchor_day,
    days_to_anchor,
    last_day_to_anchor,
)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(text) from None


class Command(BaseCommand):
    help = (
        "Write each finished day's casework access log (its number of events and their "
        "chained SHA-256) as one audit event. Without --date: every day not anchored yet, up "
        "to the last one that ended (UTC) at least 10 minutes ago. A day already anchored is "
        "not anchored again; if its events changed since, the command says so and fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=_day, help="Anchor this day (YYYY-MM-DD, UTC) only.")

    def handle(self, *args, date: dt.date | None = None, **options) -> None:
        days = [date] if date is not None else days_to_anchor(until=last_day_to_anchor())
        if not days:
            self.stdout.write("Nothing to anchor: every finished day is anchored.")
            return
        problems = []
        for day in days:
            try:
                done = access_log_anchor_day(day=day)
            except AccessLogError as error:
                problems.append(str(error))
                continue
            except (ValueError, AuditKeyError) as error:
                raise CommandError(str(error)) from None
            if done.already:
                self.stdout.write(
                    f"{day.isoformat()}: already anchored ({done.events} events), unchanged."
                )
            else:
                self.stdout.write(
                    f"{day.isoformat()}: anchored {done.events} events, hash {done.hash[:16]}."
                )
        if problems:
            raise CommandError("\n".join(problems), returncode=1)
