"""Figures for a scope and period, computed by the counting rules of pathways.results.figures."""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import translation
from ninja import Field, Query, Router, Schema

from pathways.accounts.access import get_country_for_user, get_country_or_region_for_user
from pathways.activities.universe import universe_for
from pathways.api.filters import check_period
from pathways.api.schemas import SexBreakdownOut
from pathways.programs.models import Organisation
from pathways.reports.factsheet import factsheet_for_user
from pathways.reports.forms import language_or_none
from pathways.results import figures

router = Router(tags=["figures"])


class PeriodOut(Schema):
    start: dt.date
    end: dt.date


class FiguresScopeOut(Schema):
    country: str | None
    organisation: int | None


class FiguresOut(Schema):
    scope: FiguresScopeOut
    period: PeriodOut
    counted: str = Field(
        description="Whose events the figures count, in words: a country, the region, or "
        "the events an organisation runs or co-runs there."
    )
    events: int
    participants: SexBreakdownOut
    capacity_development_events: int
    people_trained: SexBreakdownOut


class FactsheetPartnerOut(Schema):
    name: str
    acronym: str
    type: str


class FactsheetAchievementOut(Schema):
    title: str
    outcome_area: str
    text: str


class FactsheetOut(Schema):
    """The factsheet JSON of the reports pages, for a country or (`country` null) the region."""

    country: str | None
    start: dt.date
    end: dt.date
    events: int
    participants: SexBreakdownOut
    capacity_development_events: int
    people_trained: SexBreakdownOut
    partners: list[FactsheetPartnerOut]
    focal_point: str
    achievements: list[FactsheetAchievementOut]
    partial: bool
    counted: str = Field(
        description="Whose events the figures count, in words (a country, the region, or a "
        "partner's own events there)."
    )


class FiguresQuery(Schema):
    start: dt.date = Field(..., description="First day of the period (YYYY-MM-DD).")
    end: dt.date = Field(..., description="Last day of the period (YYYY-MM-DD).")
    country: str | None = Field(
        None, description="ISO code; the whole region in your scope when left out."
    )
    organisation: int | None = Field(
        None, description="Only events this organisation leads or co-organises (id)."
    )


@router.get("/figures/", response=FiguresOut, url_name="figures")
def figure_list(request: HttpRequest, q: Query[FiguresQuery]):
    """Events, participants, capacity development events and people trained, by the same
    counting rules as the dashboards and factsheets."""
    check_period(q.start, q.end)
    country = get_country_for_user(request.user, q.country) if q.country else None
    universe = universe_for(request.user, country)
    if q.organisation:
        universe = universe.narrowed_to(get_object_or_404(Organisation, pk=q.organisation))
    period = {"events": universe.events, "start": q.start, "end": q.end}
    return {
        "scope": {
            "country": q.country.upper() if q.country else None,
            "organisation": q.organisation,
        },
        "period": {"start": q.start, "end": q.end},
        "counted": universe.label,
        "events": figures.count_events(**period),
        "participants": figures.count_participants(**period).as_dict(),
        "capacity_development_events": figures.count_capacity_development_events(**period),
        "people_trained": figures.count_people_trained(**period).as_dict(),
    }


class FactsheetQuery(Schema):
    start: dt.date = Field(..., description="First day of the period (YYYY-MM-DD).")
    end: dt.date = Field(..., description="Last day of the period (YYYY-MM-DD).")
    country: str | None = Field(
        None, description="ISO code; the regional factsheet (regional users only) when left out."
    )
    lang: str | None = Field(
        None, description="Language of the texts (en, km, lo, th, vi, ...); yours when left out."
    )


@router.get("/factsheet/", response=FactsheetOut, url_name="factsheet")
def factsheet(request: HttpRequest, q: Query[FactsheetQuery]):
    """The factsheet of a country or the region for a period: the same figures, partners
    and verified achievements as the factsheet page, its PDF and its JSON download.
    `partial` is true when it counts only part of the country's events (a partner's own)."""
    check_period(q.start, q.end)
    country = get_country_or_region_for_user(request.user, q.country or None)
    with translation.override(language_or_none(q.lang) or translation.get_language()):
        sheet = factsheet_for_user(user=request.user, country=country, start=q.start, end=q.end)
        return sheet.as_json()
