"""The nationality verification of a return as a source of `manage.py casework_deadlines`
(casework.md §3.6; ACTIP Art. 15(3): "without undue or unreasonable delay").

For each return of a country's cases in nationality verification:

- due within the country's `deadline_reminder_days` (today included): one reminder to the
  case's team (its case worker and team, the owner agency's case supervisors);
- past `verification_due`: one escalation to the NRM coordinators of both countries, with a
  copy to the team, and `verification_escalated_at` set in the same transaction.

Each notice is a `DeadlineNotice` (kind `return_verification`, the case, the return's id,
the due date, the level), so running the job twice sends nothing twice, and a moved due date
(verification started again after a hold) is a new deadline. The words hold the case number,
the date and what to do, with a link to the return page; nothing of the person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.models import CountryCaseworkSettings, DeadlineNotice, ReturnRequest
from pathways.casework.services.deadline_pending import Pending
from pathways.programs.models import Country

KIND = "return_verification"
WHAT = gettext_lazy("Nationality verification for a return")
Level = DeadlineNotice.Level
Texts = tuple[Callable[[], str], Callable[[], str]]


def _texts(ret: ReturnRequest, level: str) -> Callable[[], Texts]:
    def values() -> dict[str, str]:
        return {
            "case": ret.case.case_number,
            "date": date_format(ret.verification_due, "DATE_FORMAT"),
        }

    def reminder() -> str:
        return (
            _(
                "The nationality verification for the return of case %(case)s is due on "
                "%(date)s. Ask the home country's authorities for their answer, and record it "
                "on the return when it comes."
            )
            % values()
        )

    def reminder_subject() -> str:
        return _("Case %(case)s: nationality verification due on %(date)s") % values()

    def overdue() -> str:
        return (
            _(
                "The nationality verification for the return of case %(case)s was due on "
                "%(date)s and has no answer. A return is to be verified without undue delay: "
                "the NRM coordinators of both countries are told. Open the return to follow "
                "it up."
            )
            % values()
        )

    def overdue_subject() -> str:
        return _("Case %(case)s: nationality verification is overdue") % values()

    if level == Level.REMINDER:
        return lambda: (reminder_subject, reminder)
    return lambda: (overdue_subject, overdue)


def _mark_escalated(ret: ReturnRequest) -> Callable[[], None]:
    def mark() -> None:
        ReturnRequest.objects.filter(pk=ret.pk, verification_escalated_at__isnull=True).update(
            verification_escalated_at=timezone.now()
        )

    return mark


def return_verification_notices(country: Country, today: dt.date) -> Iterator[Pending]:
    """The reminders and escalations due on the nationality verifications of the country's
    returns, not sent yet."""
    from pathways.casework.services.return_notices import (
        case_team,
        coordinators,
        return_link,
    )

    lead = CountryCaseworkSettings.settings_for(country.pk).deadline_reminder_days
    returns = (
        ReturnRequest.objects.filter(
            from_country=country,
            status=ReturnRequest.Status.NATIONALITY_VERIFICATION,
            verification_due__isnull=False,
        )
        .select_related("case")
        .order_by("pk")
    )
    for ret in returns:
        days = (ret.verification_due - today).days
        level = Level.ESCALATION if days < 0 else Level.REMINDER if days <= lead else ""
        if not level or (level == Level.ESCALATION and ret.verification_escalated_at):
            continue
        key = {"kind": KIND, "case": ret.case, "ref": ret.pk, "due_on": ret.verification_due}
        if DeadlineNotice.objects.filter(**key, level=level).exists():
            continue
        told = case_team(ret.case)
        if level == Level.ESCALATION:
            told = [*coordinators(ret.from_country_id, ret.to_country_id), *told]
        yield Pending(
            kind=KIND,
            case=ret.case,
            ref=ret.pk,
            due_on=ret.verification_due,
            level=level,
            what=WHAT,
            recipients=tuple({u.pk: u for u in told}.values()),
            texts=_texts(ret, level),
            link=return_link(ret),
            on_sent=_mark_escalated(ret) if level == Level.ESCALATION else None,
        )
