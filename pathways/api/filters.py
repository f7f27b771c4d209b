"""The event list's filters, as query parameters. Unknown codes are a validation error
naming the parameter, never an empty answer that looks like "no events"."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model, Q, QuerySet
from ninja import Field, Schema
from ninja.errors import ValidationError

from pathways.activities.models import Event, Topic
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway


class EventFilters(Schema):
    country: str | None = Field(None, description="ISO code of the country, e.g. KH.")
    start: dt.date | None = Field(None, description="Events starting on or after (YYYY-MM-DD).")
    end: dt.date | None = Field(None, description="Events starting on or before (YYYY-MM-DD).")
    type: Event.Type | None = Field(None, description="Event type.")
    pathway: str | None = Field(None, description="Pathway code.")
    outcome_area: str | None = Field(None, description="Outcome area code.")
    organisation: int | None = Field(None, description="Lead or co-organising organisation id.")
    topic: int | None = Field(None, description="Topic id.")
    search: str | None = Field(None, description="Words in the title or description.")


def invalid(param: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", param], "msg": message}])


def _must_exist(model: type[Model], param: str, **lookup: object) -> None:
    if not model.objects.filter(**lookup).exists():
        value = next(iter(lookup.values()))
        raise invalid(param, f"no {model._meta.verbose_name} matches {value!r}")


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise invalid("end", "the end of the period must not be before its start")


def filter_events(events: QuerySet[Event], f: EventFilters) -> QuerySet[Event]:
    check_period(f.start, f.end)
    if f.country:
        _must_exist(Country, "country", code__iexact=f.country)
        events = events.filter(country__code__iexact=f.country)
    if f.start:
        events = events.filter(start_date__gte=f.start)
    if f.end:
        events = events.filter(start_date__lte=f.end)
    if f.type:
        events = events.filter(event_type=f.type)
    if f.pathway:
        _must_exist(Pathway, "pathway", code=f.pathway)
        events = events.filter(pathway__code=f.pathway)
    if f.outcome_area:
        _must_exist(OutcomeArea, "outcome_area", code=f.outcome_area)
        events = events.filter(outcome_areas__code=f.outcome_area)
    if f.organisation:
        _must_exist(Organisation, "organisation", pk=f.organisation)
        events = events.filter(
            Q(lead_organisation_id=f.organisation) | Q(co_organisers__id=f.organisation)
        )
    if f.topic:
        _must_exist(Topic, "topic", pk=f.topic)
        events = events.filter(topics__id=f.topic)
    if f.search:
        events = events.filter(Q(title__icontains=f.search) | Q(description__icontains=f.search))
    return events.distinct()
