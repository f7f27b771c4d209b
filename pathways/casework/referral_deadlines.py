"""A referral's deadlines (casework.md §3.4) from the country's settings, and whether one is
late whenever it is read (the decision on deadlines: late when read, whatever a job did).

- `respond_by`: the receiver's answer, from the offer: 2 hours (emergency), 24 hours
  (urgent) or 3 working days (routine) by default;
- `first_contact_by`: the first contact with the person, from the acceptance: 24 hours,
  48 hours or 5 working days;
- `complete_by` is set by the receiver on acceptance. §3.4 bounds it by "the service type's
  default timeframe", which no model holds yet (`ServiceType` is a list of codes), so there
  is no bound to compute here;
- `access_expires_at`: the receiver's access, 30 days after the referral closes.

Working days are Monday to Friday in the country's time zone. `Country` has no time zone
column: `COUNTRY_ZONES` names the zone of each ASEAN member by its ISO code (Indonesia's
western zone, Jakarta), and any other country uses the site's `TIME_ZONE`. Public holidays
are not counted: Pathways has no holiday table yet. A count of working days keeps the time
of day (Friday 16:00 + 3 working days is Wednesday 16:00); one that starts on a Saturday or
Sunday starts at midnight on the Monday. Hours are plain elapsed hours, weekends included.

Nothing here opens a sealed value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings as django_settings
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, ngettext

from pathways.casework.models import CountryCaseworkSettings, Referral

COUNTRY_ZONES = {
    "BN": "Asia/Brunei",
    "ID": "Asia/Jakarta",
    "KH": "Asia/Phnom_Penh",
    "LA": "Asia/Vientiane",
    "MM": "Asia/Yangon",
    "MY": "Asia/Kuala_Lumpur",
    "PH": "Asia/Manila",
    "SG": "Asia/Singapore",
    "TH": "Asia/Bangkok",
    "VN": "Asia/Ho_Chi_Minh",
}
U = Referral.Urgency
S = Referral.Status
# An answer, a first contact or a completion due within this many hours is "due soon".
SOON_HOURS = 24
KIND_LABELS = {
    "respond": gettext_lazy("Answer"),
    "first_contact": gettext_lazy("First contact"),
    "complete": gettext_lazy("Completion"),
}


def country_zone(settings: CountryCaseworkSettings) -> ZoneInfo:
    """The zone whose Mondays to Fridays are the country's working days."""
    code = settings.country.code if settings.country_id else ""
    return ZoneInfo(COUNTRY_ZONES.get(code, django_settings.TIME_ZONE))


def add_working_days(start: dt.datetime, days: int, zone: ZoneInfo) -> dt.datetime:
    """`start` moved forward by `days` working days (Monday to Friday in `zone`)."""
    local = start.astimezone(zone)
    if local.weekday() >= 5:
        monday = local.date() + dt.timedelta(days=7 - local.weekday())
        local = dt.datetime.combine(monday, dt.time(0), tzinfo=zone)
    day, left = local.date(), days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return dt.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=zone)


def respond_by(
    offered_at: dt.datetime, urgency: str, settings: CountryCaseworkSettings
) -> dt.datetime:
    """When the receiving agency's answer to an offer is due."""
    if urgency == U.EMERGENCY:
        return offered_at + dt.timedelta(hours=settings.referral_respond_emergency_hours)
    if urgency == U.URGENT:
        return offered_at + dt.timedelta(hours=settings.referral_respond_urgent_hours)
    days = settings.referral_respond_routine_working_days
    return add_working_days(offered_at, days, country_zone(settings))


def first_contact_by(
    accepted_at: dt.datetime, urgency: str, settings: CountryCaseworkSettings
) -> dt.datetime:
    """When the receiver's first contact with the person is due after accepting."""
    if urgency == U.EMERGENCY:
        return accepted_at + dt.timedelta(hours=settings.referral_first_contact_emergency_hours)
    if urgency == U.URGENT:
        return accepted_at + dt.timedelta(hours=settings.referral_first_contact_urgent_hours)
    days = settings.referral_first_contact_routine_working_days
    return add_working_days(accepted_at, days, country_zone(settings))


def access_expires_at(closed_at: dt.datetime, settings: CountryCaseworkSettings) -> dt.datetime:
    """When the receiving agency's access to the shared sections ends after closure."""
    return closed_at + dt.timedelta(days=settings.referral_access_after_close_days)


# --- late when read ----------------------------------------------------------------------------

# The deadline that runs in each status, and the column holding it.
RUNNING = {
    S.OFFERED: ("respond", "respond_by"),
    S.ACCEPTED: ("first_contact", "first_contact_by"),
    S.IN_PROGRESS: ("complete", "complete_by"),
}


@dataclass(frozen=True)
class Lateness:
    """The deadline running on a referral at `now`, and how far it is."""

    kind: str
    due_at: dt.datetime
    now: dt.datetime

    @property
    def overdue(self) -> bool:
        return self.now > self.due_at

    @property
    def hours_late(self) -> float:
        """Hours past the deadline (negative while it is still ahead)."""
        return round((self.now - self.due_at).total_seconds() / 3600, 1)

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def state(self) -> str:
        """overdue, soon (within a day) or later: the colour's class."""
        if self.overdue:
            return "overdue"
        return "soon" if self.due_at - self.now <= dt.timedelta(hours=SOON_HOURS) else "later"

    @property
    def words(self) -> str:
        """How late or how long left, in words: hours under two days, days beyond."""
        gap = abs(self.now - self.due_at)
        hours, days = int(gap.total_seconds() // 3600), gap.days
        if self.overdue:
            if gap < dt.timedelta(hours=48):
                n = max(1, hours)
                return ngettext("Overdue by %(n)d hour", "Overdue by %(n)d hours", n) % {"n": n}
            return ngettext("Overdue by %(n)d day", "Overdue by %(n)d days", days) % {"n": days}
        if hours == 0:
            return gettext("Due within the hour")
        if gap < dt.timedelta(hours=48):
            return ngettext("Due in %(n)d hour", "Due in %(n)d hours", hours) % {"n": hours}
        return ngettext("Due in %(n)d day", "Due in %(n)d days", days) % {"n": days}


def referral_lateness(referral: Any, now: dt.datetime) -> Lateness | None:
    """The deadline running on the referral at `now` (the offer's answer, the first contact
    or the completion), or None when none runs (a draft, a final status, no date set)."""
    running = RUNNING.get(referral.status)
    if running is None:
        return None
    kind, column = running
    due_at = getattr(referral, column)
    return None if due_at is None else Lateness(kind, due_at, now)


def overdue_condition(now: dt.datetime) -> Q:
    """The same rule as a filter: referrals whose running deadline has passed at `now`."""
    return (
        Q(status=S.OFFERED, respond_by__lt=now)
        | Q(status=S.ACCEPTED, first_contact_by__lt=now)
        | Q(status=S.IN_PROGRESS, complete_by__lt=now)
    )
