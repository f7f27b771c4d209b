"""The access auditor's log: every recorded read of their countries' casework, by ids and
field names only. Reading the log opens no value, so it is not itself an access event."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from pathways.casework.forms import AccessLogFilterForm
from pathways.casework.models import AccessEvent, Case, CaseworkRole, Client, Screening
from pathways.casework.views.common import PAGE_SIZE, with_role
from pathways.programs.models import Organisation


def events_audited_by(countries: frozenset[int]) -> QuerySet[AccessEvent]:
    """Events of the countries' agencies, and reads of the countries' cases, clients and
    screenings recorded without an agency (a reader working for several)."""
    agencies = Organisation.objects.filter(country_id__in=countries).values("pk")
    return AccessEvent.objects.filter(
        Q(agency_id__in=agencies)
        | Q(case_id__in=Case.objects.filter(country_id__in=countries).values("pk"))
        | Q(client_id__in=Client.objects.filter(country_id__in=countries).values("pk"))
        | Q(screening_id__in=Screening.objects.filter(country_id__in=countries).values("pk"))
    )


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    scope = with_role(request.user, CaseworkRole.ACCESS_AUDITOR)
    countries = scope.countries_with(CaseworkRole.ACCESS_AUDITOR)
    form = AccessLogFilterForm(request.GET or None)
    events = _filtered(events_audited_by(countries), form, countries)
    page = Paginator(events.select_related("user").order_by("-at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    events_shown = list(page.object_list)
    names = dict(
        Organisation.objects.filter(
            pk__in={e.agency_id for e in events_shown if e.agency_id}
        ).values_list("pk", "name")
    )
    for event in events_shown:
        event.agency_name = names.get(event.agency_id, "")
    context = {"form": form, "page_obj": page, "events": events_shown}
    return render(request, "casework/access_log.html", context)


def _filtered(
    events: QuerySet[AccessEvent], form: AccessLogFilterForm, countries: frozenset[int]
) -> QuerySet[AccessEvent]:
    if not form.is_valid():
        return events if not form.is_bound else events.none()
    data = form.cleaned_data
    if data["user"]:
        events = events.filter(user__username__iexact=data["user"])
    if data["case_number"]:
        case = Case.objects.filter(
            country_id__in=countries, case_number__iexact=data["case_number"]
        ).first()
        if case is None:
            return events.none()
        events = events.filter(Q(case_id=case.pk) | Q(client_id=case.client_id))
    if data["client"]:
        events = events.filter(client_id=data["client"])
    if data["action"]:
        events = events.filter(action=data["action"])
    if data["start"]:
        events = events.filter(at__gte=_day_start(data["start"]))
    if data["end"]:
        events = events.filter(at__lt=_day_start(data["end"] + dt.timedelta(days=1)))
    return events


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
