"""What needs the user, for the "needs you" panel of their home: each item a count computed
as the page is read and a link to the records behind it. Only what the user may act on is
counted: the duplicates they may review, the events and achievements they may change or
verify, the indicator values they may report, and the jobs they queued.

Casework will add its own items (cases due, referrals to answer) through this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from pathways.accounts.access import scope_for
from pathways.activities.access import candidates_for_user, events_editable_by
from pathways.activities.dedup.groups import groups_waiting
from pathways.activities.forms import without_attendance
from pathways.jobs.access import jobs_active, jobs_ended_unread
from pathways.programs.models import Country
from pathways.results.models import Achievement, Indicator, IndicatorTarget, ReportedValue


@dataclass(frozen=True)
class Need:
    label: str  # says what waits, with its count
    count: int
    url: str


def needs_for(user: Any, country: Country | None) -> list[Need]:
    """What waits for the user in the country (None: every country they work in)."""
    found = [
        _duplicates(user, country),
        _events_without_attendance(user, country),
        *_achievements(user, country),
        _values_due(user, country),
        *_jobs(user),
    ]
    return [need for need in found if need is not None and need.count]


def _url(name: str, *args: Any, **query: str) -> str:
    query = {k: v for k, v in query.items() if v}
    return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")


def _duplicates(user: Any, country: Country | None) -> Need | None:
    try:
        pending = candidates_for_user(user)
    except PermissionDenied:
        return None
    if country is not None:
        pending = pending.filter(person_a__country=country)
    groups = groups_waiting(pending)
    label = ngettext(
        "%(n)d group of possible duplicates to review",
        "%(n)d groups of possible duplicates to review",
        groups,
    ) % {"n": groups}
    return Need(label, groups, reverse("activities:duplicate_list"))


def _events_without_attendance(user: Any, country: Country | None) -> Need:
    events = events_editable_by(user)
    if country is not None:
        events = events.filter(country=country)
    n = without_attendance(events, past_only=True).count()
    label = ngettext(
        "%(n)d past event with no attendance recorded",
        "%(n)d past events with no attendance recorded",
        n,
    ) % {"n": n}
    code = country.code if country else ""
    return Need(label, n, _url("activities:event_list", country=code, attendance="past-none"))


def _achievements(user: Any, country: Country | None) -> list[Need]:
    scope = scope_for(user)
    achievements = Achievement.objects.visible_to(user)
    if country is not None:
        achievements = achievements.filter(country=country)
    countries = list(achievements.values_list("country_id", flat=True).distinct())
    editing = [c for c in countries if scope.can_edit_in_country(c)]
    managing = [c for c in countries if scope.can_manage_country(c)]
    drafts = achievements.filter(status=Achievement.Status.DRAFT, country_id__in=editing).count()
    submitted = achievements.filter(
        status=Achievement.Status.SUBMITTED, country_id__in=managing
    ).count()
    code = country.code if country else ""
    return [
        Need(
            ngettext(
                "%(n)d draft achievement to submit", "%(n)d draft achievements to submit", drafts
            )
            % {"n": drafts},
            drafts,
            _url("results:achievement_list", country=code, status=Achievement.Status.DRAFT),
        ),
        Need(
            ngettext(
                "%(n)d achievement waiting for verification",
                "%(n)d achievements waiting for verification",
                submitted,
            )
            % {"n": submitted},
            submitted,
            _url("results:achievement_list", country=code, status=Achievement.Status.SUBMITTED),
        ),
    ]


def _values_due(user: Any, country: Country | None) -> Need | None:
    """Hand-reported indicators whose country target period has begun (as of today) and
    for which no value inside that period has been reported yet. Only for one country:
    the link goes to that country's indicators page, where its manager reports values."""
    if country is None or not scope_for(user).can_manage_country(country.pk):
        return None
    today = dt.date.today()
    reported = ReportedValue.objects.filter(
        indicator_id=OuterRef("indicator_id"),
        country=country,
        period_start__gte=OuterRef("period_start"),
        period_end__lte=OuterRef("period_end"),
    )
    due = (
        IndicatorTarget.objects.filter(
            country=country,
            organisation__isnull=True,
            indicator__kind=Indicator.Kind.REPORTED,
            indicator__is_active=True,
            period_start__lte=today,
        )
        .exclude(Exists(reported))
        .values("indicator_id")
        .distinct()
    )
    n = due.count()
    label = ngettext(
        "%(n)d reported indicator with no value yet for its target period",
        "%(n)d reported indicators with no value yet for their target period",
        n,
    ) % {"n": n}
    return Need(label, n, reverse("results:indicators_country", args=[country.code]))


def _jobs(user: Any) -> list[Need]:
    ended = jobs_ended_unread(user)
    n_ended = ended.count()
    only = ended.first() if n_ended == 1 else None
    active = jobs_active(user).count()
    jobs_url = reverse("jobs:job_list")
    return [
        Need(
            ngettext(
                "%(n)d job ended that you have not opened",
                "%(n)d jobs ended that you have not opened",
                n_ended,
            )
            % {"n": n_ended},
            n_ended,
            reverse("jobs:job_detail", args=[only.pk]) if only else jobs_url,
        ),
        Need(
            ngettext("%(n)d job waiting or running", "%(n)d jobs waiting or running", active)
            % {"n": active},
            active,
            jobs_url,
        ),
    ]
