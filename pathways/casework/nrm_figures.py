"""The NRM coordinator's figures on a country's referrals (casework.md §3.4, §6.2): open
referrals by receiving agency and status, the overdue ones (late when read, by
`referral_deadlines`), declines by reason, service gaps, and the median hours to answer and
to first contact. One definition each, shared by the page, its CSV and XLSX downloads and
the API; every figure is counted in the database.

Which referrals: those of the country offered in the period (a draft was never offered and
is never counted), of the urgency and the service chosen. The period's days are the
country's (`referral_deadlines.country_zone`).

Service gaps, two ways (a referral records no province, so a decline is placed through the
directory of the agency that declined):
- declines for no capacity or out of area, by service and declining agency, each with what
  that agency's directory entries for the service say (missing, or where accepting or not);
- the country's provinces with no accepting entry for a service referred for in the period
  (a nationwide entry covers every province).

Tier 1 only: case numbers, agencies, codes and dates. Nothing here opens a sealed value.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.models import CountryCaseworkSettings, Referral, ServiceDirectoryEntry
from pathways.casework.models.care import ServiceType
from pathways.casework.referral_deadlines import (
    country_zone,
    overdue_condition,
    referral_lateness,
)
from pathways.programs.models import Province

S = Referral.Status
OPEN_STATUSES = (S.OFFERED, S.ACCEPTED, S.IN_PROGRESS)
GAP_REASONS = (Referral.DeclineReason.NO_CAPACITY, Referral.DeclineReason.OUT_OF_AREA)
# Fewer referrals than this give no median.
MEDIAN_MINIMUM = 5


@dataclass(frozen=True)
class NrmFilters:
    country_id: int
    start: dt.date | None = None
    end: dt.date | None = None
    urgency: str = ""
    service: str = ""


@dataclass
class Table:
    """One table of the dashboard, as the page shows it and the downloads write it."""

    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def referrals_in(filters: NrmFilters) -> QuerySet[Referral]:
    found = Referral.objects.filter(country_id=filters.country_id, offered_at__isnull=False)
    zone = country_zone(CountryCaseworkSettings.settings_for(filters.country_id))
    if filters.start:
        found = found.filter(offered_at__gte=dt.datetime.combine(filters.start, dt.time(0), zone))
    if filters.end:
        after = filters.end + dt.timedelta(days=1)
        found = found.filter(offered_at__lt=dt.datetime.combine(after, dt.time(0), zone))
    if filters.urgency:
        found = found.filter(urgency=filters.urgency)
    if filters.service:
        found = found.filter(service_type=filters.service)
    return found


def open_by_agency(filters: NrmFilters) -> Table:
    """Open referrals (offered, accepted, in progress) per receiving agency and status, and
    the expired offers not yet re-routed: the coordinator's queue (§3.4)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    found = referrals_in(filters)
    rows = (
        found.filter(status__in=OPEN_STATUSES)
        .values("to_agency__name", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        counts[row["to_agency__name"]][row["status"]] = row["n"]
    expired = (
        found.filter(status=S.EXPIRED, reroutes__isnull=True)
        .values("to_agency__name")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in expired:
        counts[row["to_agency__name"]][S.EXPIRED] = row["n"]
    columns = (*OPEN_STATUSES, S.EXPIRED)
    headers = [
        _("Receiving agency"),
        *(str(S(s).label) for s in OPEN_STATUSES),
        _("Expired, not re-routed"),
        _("Total"),
    ]
    table = Table("open", _("Open referrals by receiving agency and status"), headers)
    for agency in sorted(counts):
        numbers = [counts[agency].get(s, 0) for s in columns]
        table.rows.append([agency, *numbers, sum(numbers)])
    return table


def overdue_referrals(filters: NrmFilters, now: dt.datetime) -> QuerySet[Referral]:
    """Referrals whose running deadline has passed at `now`, the longest late first."""
    return (
        referrals_in(filters)
        .filter(overdue_condition(now))
        .select_related("case", "from_agency", "to_agency")
        .order_by("offered_at", "id")
    )


def overdue_table(filters: NrmFilters, now: dt.datetime) -> Table:
    """The overdue referrals with how late each is, the latest first."""
    headers = [
        _("Case number"),
        _("From agency"),
        _("To agency"),
        _("Service"),
        _("Urgency"),
        _("Deadline"),
        _("Hours late"),
        _("How late"),
    ]
    table = Table("overdue", _("Overdue referrals"), headers)
    rows = []
    for referral in overdue_referrals(filters, now):
        late = referral_lateness(referral, now)
        if late is None:  # pragma: no cover - the filter is the same rule
            continue
        rows.append(
            (
                late.hours_late,
                [
                    referral.case.case_number,
                    referral.from_agency.name,
                    referral.to_agency.name,
                    referral.get_service_type_display(),
                    referral.get_urgency_display(),
                    late.label,
                    late.hours_late,
                    late.words,
                ],
            )
        )
    rows.sort(key=lambda pair: -pair[0])
    table.rows = [row for _hours, row in rows]
    return table


def declines_by_reason(filters: NrmFilters) -> Table:
    table = Table("declines", _("Declines by reason"), [_("Reason"), _("Declines")])
    rows = (
        referrals_in(filters)
        .filter(status=S.DECLINED)
        .values("decline_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "decline_reason")
    )
    labels = dict(Referral.DeclineReason.choices)
    table.rows = [[str(labels.get(r["decline_reason"], "")), r["n"]] for r in rows]
    return table


def declined_for_capacity(filters: NrmFilters) -> Table:
    """Declines for no capacity or out of area, by service and agency, with what the
    agency's directory entries for the service say."""
    headers = [_("Service"), _("Declining agency"), _("Reason"), _("Declines"), _("Directory")]
    table = Table("gaps_declined", _("Declined for no capacity or out of area"), headers)
    rows = list(
        referrals_in(filters)
        .filter(status=S.DECLINED, decline_reason__in=GAP_REASONS)
        .values("service_type", "to_agency_id", "to_agency__name", "decline_reason")
        .annotate(n=Count("id"))
        .order_by("service_type", "to_agency__name", "decline_reason")
    )
    entries = _directory_of({r["to_agency_id"] for r in rows}, {r["service_type"] for r in rows})
    services, reasons = dict(ServiceType.choices), dict(Referral.DeclineReason.choices)
    for r in rows:
        listed = entries.get((r["to_agency_id"], r["service_type"]), [])
        table.rows.append(
            [
                str(services.get(r["service_type"], r["service_type"])),
                r["to_agency__name"],
                str(reasons[r["decline_reason"]]),
                r["n"],
                "; ".join(listed) if listed else _("Not in the directory"),
            ]
        )
    return table


def _directory_of(agencies: set[int], services: set[str]) -> dict[tuple[int, str], list[str]]:
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    rows = ServiceDirectoryEntry.objects.filter(
        agency_id__in=agencies, service_type__in=services
    ).values_list("agency_id", "service_type", "province__name", "accepting")
    for agency, service, province, accepting in rows.order_by("province__name"):
        where = province or _("whole country")
        state = _("accepting") if accepting else _("not accepting")
        found[(agency, service)].append(f"{where} ({state})")
    return found


def provinces_without_service(filters: NrmFilters) -> Table:
    """Provinces of the country with no accepting directory entry for a service referred
    for in the period (or the service chosen)."""
    headers = [_("Service"), _("Province"), _("Directory")]
    table = Table("gaps_provinces", _("Provinces with no accepting entry for a service"), headers)
    if filters.service:
        services = [filters.service]
    else:
        services = sorted(
            set(referrals_in(filters).values_list("service_type", flat=True).distinct())
        )
    if not services:
        return table
    provinces = list(
        Province.objects.filter(country_id=filters.country_id)
        .order_by("name")
        .values_list("id", "name")
    )
    counts = (
        ServiceDirectoryEntry.objects.filter(
            country_id=filters.country_id, service_type__in=services
        )
        .values("service_type", "province_id", "accepting")
        .annotate(n=Count("id"))
        .order_by()
    )
    accepting: set[tuple[str, int | None]] = set()
    listed: set[tuple[str, int | None]] = set()
    for row in counts:
        key = (row["service_type"], row["province_id"])
        listed.add(key)
        if row["accepting"]:
            accepting.add(key)
    labels = dict(ServiceType.choices)
    for service in services:
        if (service, None) in accepting:
            continue  # a nationwide entry accepts for every province
        for province_id, name in provinces:
            if (service, province_id) in accepting:
                continue
            why = _("Not accepting") if (service, province_id) in listed else _("No entry")
            table.rows.append([str(labels.get(service, service)), name, why])
    return table


def median_hours(filters: NrmFilters, start: str, end: str) -> tuple[float | None, int]:
    """The median of `end - start` in hours over the referrals that have both, and how many
    they are; no median below `MEDIAN_MINIMUM`. The database orders the durations and hands
    back the middle one or two."""
    found = referrals_in(filters).filter(**{f"{start}__isnull": False, f"{end}__isnull": False})
    n = found.count()
    if n < MEDIAN_MINIMUM:
        return None, n
    duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    ordered = found.annotate(took=duration).order_by("took").values_list("took", flat=True)
    middle = list(ordered[(n - 1) // 2 : n // 2 + 1])
    seconds = sum(d.total_seconds() for d in middle) / len(middle)
    return round(seconds / 3600, 1), n


# The answer is timed from the offer; the first contact from the acceptance (the answer).
MEDIANS = {
    "respond": (gettext_lazy("Hours to answer an offer"), "offered_at", "responded_at"),
    "first_contact": (
        gettext_lazy("Hours from acceptance to first contact"),
        "responded_at",
        "first_contact_at",
    ),
}


def medians_table(filters: NrmFilters) -> Table:
    headers = [_("Measure"), _("Median hours"), _("Referrals")]
    table = Table("medians", _("Median hours to answer and to first contact"), headers)
    for label, start, end in MEDIANS.values():
        hours, n = median_hours(filters, start, end)
        value: Any = hours if hours is not None else _("Not enough referrals")
        table.rows.append([str(label), value, n])
    return table


def dashboard_tables(filters: NrmFilters, now: dt.datetime) -> list[Table]:
    """Every table of the dashboard, in the page's order."""
    return [
        open_by_agency(filters),
        overdue_table(filters, now),
        declines_by_reason(filters),
        declined_for_capacity(filters),
        provinces_without_service(filters),
        medians_table(filters),
    ]
