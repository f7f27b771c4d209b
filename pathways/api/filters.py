"""The event list page's filters (activities.forms.EventFilterForm) as query parameters.

The form holds the filter logic, so the page and the API select the same events. Unknown
values are a validation error naming the parameter, never an empty answer that looks like
"no events". A country outside your scope is not an error: it simply has no events for you.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.errors import ValidationError

from pathways.activities.forms import EventFilterForm
from pathways.activities.models import Event
from pathways.programs.models import Country, OutcomeArea, Pathway


class EventFilters(Schema):
    country: str | None = Field(None, description="ISO code of the country, e.g. KH.")
    start: dt.date | None = Field(None, description="Events starting on or after (YYYY-MM-DD).")
    end: dt.date | None = Field(None, description="Events starting on or before (YYYY-MM-DD).")
    type: Event.Type | None = Field(None, description="Event type.")
    pathway: str | None = Field(None, description="Pathway code, e.g. national.")
    outcome_area: str | None = Field(None, description="Outcome area code, e.g. justice.")
    organisation: int | None = Field(None, description="Lead or co-organising organisation id.")
    topic: int | None = Field(None, description="Topic id.")
    search: str | None = Field(None, description="Words in the title or description.")
    sort: Literal["start_date", "title", "event_type", "country", "participants"] | None = None
    order: Literal["asc", "desc"] | None = None


# API parameter → the page form's field, where the names differ.
_FORM_FIELD = {"search": "q"}
_API_PARAM = {v: k for k, v in _FORM_FIELD.items()}


def invalid(param: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["query", param], "msg": message}])


def _pk_for_code(model: type[Model], param: str, code: str) -> int:
    pk = model.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise invalid(param, f"no {model._meta.verbose_name} has the code {code!r}")
    return pk


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise invalid("end", "the end of the period must not be before its start")


def _form_data(f: EventFilters) -> dict[str, Any]:
    data = f.dict(exclude={"country"}, exclude_none=True)
    if f.pathway:
        data["pathway"] = _pk_for_code(Pathway, "pathway", f.pathway)
    if f.outcome_area:
        data["outcome_area"] = _pk_for_code(OutcomeArea, "outcome_area", f.outcome_area)
    return {_FORM_FIELD.get(k, k): v for k, v in data.items()}


def filter_events(events: QuerySet[Event], f: EventFilters, user: Any) -> QuerySet[Event]:
    check_period(f.start, f.end)
    if f.country:
        if not Country.objects.filter(code__iexact=f.country).exists():
            raise invalid("country", f"no country has the code {f.country!r}")
        events = events.filter(country__code__iexact=f.country)
    form = EventFilterForm(_form_data(f), user=user)
    if not form.is_valid():
        raise ValidationError(
            [
                {"loc": ["query", _API_PARAM.get(name, name)], "msg": " ".join(errors)}
                for name, errors in form.errors.items()
            ]
        )
    return form.apply(events)
