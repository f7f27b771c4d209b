"""Dashboards of the region and of each country: headline figures, charts, progress.

A `Board` is what a dashboard counts in and a `Query` the period and filters asked for; the
records, breakdown and indicators pages of the same dashboard use both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pathways.accounts.access import (
    get_country_or_region_for_user,
    scope_for,
    visible_countries,
)
from pathways.activities.models import Event, EventQuerySet
from pathways.activities.universe import Universe, universe_for
from pathways.programs.freshness import figures_version
from pathways.programs.models import Country
from pathways.results import charts, compare, figures, pending
from pathways.results.figures import FigureFilters, Rule
from pathways.results.forms import FIGURE_SLUGS, FilterForm, PeriodForm
from pathways.results.models import Achievement
from pathways.results.periods import Period, default_period, financial_years_with_data
from pathways.results.progress import progress_for
from pathways.results.tables import breakdown_table, sex_table

# --- The dashboard's scope, period and filters -----------------------------------------------


@dataclass(frozen=True)
class Board:
    """A dashboard: the universe it counts in (a country or the region, the user's events)
    and the URLs of its pages."""

    universe: Universe

    @property
    def country(self) -> Country | None:
        return self.universe.country

    @property
    def events(self) -> EventQuerySet:
        return self.universe.events

    @property
    def personal(self) -> bool:
        return self.universe.personal

    def url(self, name: str, *args: Any) -> str:
        if self.country is None:
            return reverse(f"results:{name}_region", args=args)
        return reverse(f"results:{name}_country", args=[self.country.code, *args])

    @property
    def title(self) -> str:
        return self.universe.label


def board_for(request: HttpRequest, code: str | None) -> Board:
    """404 when the user may not see the region or the country."""
    country = get_country_or_region_for_user(request.user, code)
    return Board(universe_for(request.user, country))


@dataclass
class Query:
    period: Period
    period_form: PeriodForm
    filter_form: FilterForm
    years: list[Period]

    @property
    def filters(self) -> FigureFilters:
        return self.filter_form.filters

    def querystring(self, **extra: Any) -> str:
        params = {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()}
        params.update({k: v for k, v in self.filters.active().items()})
        params.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(params)


def read_query(request: HttpRequest, board: Board) -> Query:
    """Period and filters from the query string; bad values leave a message, never a 500."""
    years = financial_years_with_data(board.events)
    period = years[0] if years else default_period(board.events)
    form = PeriodForm(initial={"start": period.start, "end": period.end})
    if "start" in request.GET or "end" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            period = form.period
        else:
            messages.error(
                request,
                _("The dates could not be used (write them as YYYY-MM-DD); showing %(p)s.")
                % {"p": period.label},
            )
    filter_form = FilterForm(request.GET or None)
    if filter_form.is_bound and not filter_form.is_valid():
        messages.error(request, _("Some filters were not recognised and are not applied."))
    return Query(period, form, filter_form, years)


def count_kwargs(board: Board, query: Query) -> dict[str, Any]:
    return {
        "events": board.events,
        "start": query.period.start,
        "end": query.period.end,
        "filters": query.filters,
    }


def _sex_labels() -> dict[str, str]:
    return {
        "women": _("Women"),
        "men": _("Men"),
        "other": _("Other"),
        "not_recorded": _("Not recorded"),
    }


def _waiting(request: HttpRequest, board: Board, query: Query) -> dict[str, Any]:
    """The possible duplicates that may lower each person figure, and where to review them
    (only for users who may review them: those who see personal data)."""
    kw = count_kwargs(board, query)
    scope = scope_for(request.user)
    countries = [board.country.pk] if board.country else list(scope.personal_data_country_ids)
    may_review = scope.is_admin or any(scope.can_see_personal_data_in(c) for c in countries)
    return {
        "participants": pending.waiting_pairs(Rule.PARTICIPANTS, **kw),
        "people_trained": pending.waiting_pairs(Rule.PEOPLE_TRAINED, **kw),
        "review_url": reverse("activities:duplicate_list") if may_review else "",
    }


# --- Dashboards ---------------------------------------------------------------------------------


@login_required
def dashboard_region(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.is_regional and scope.home_country_id is not None:
        code = Country.objects.values_list("code", flat=True).get(pk=scope.home_country_id)
        return redirect("results:dashboard_country", code=code)
    return _dashboard(request, board_for(request, None))


@login_required
def dashboard_country(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, board_for(request, code))


def dashboard_figures(board: Board, query: Query) -> dict[str, Any]:
    """The headline figures and charts in four aggregate queries: each breakdown used here
    is additive, so its rows sum to the figure of the same counting rule."""
    kw = count_kwargs(board, query)
    by_type = figures.breakdown(Rule.EVENTS, "event_type", **kw)
    by_pathway = figures.breakdown(Rule.EVENTS, "pathway", **kw)
    by_quarter = figures.breakdown(Rule.PARTICIPANTS, "quarter", **kw)
    by_position = figures.breakdown(Rule.PEOPLE_TRAINED, "position", **kw)
    training = by_type.row(Event.Type.TRAINING)
    return {
        "events": by_type.total,
        "capacity_development_events": training.count if training else 0,
        "participants": by_quarter.sex_total,
        "people_trained": by_position.sex_total,
        "by_type": by_type,
        "by_pathway": by_pathway,
        "by_quarter": by_quarter,
        "by_position": by_position,
    }


def _known(f: dict[str, Any]) -> dict[str, int]:
    return {
        Rule.EVENTS: f["events"],
        Rule.PARTICIPANTS: f["participants"].total,
        Rule.CAPACITY_DEVELOPMENT_EVENTS: f["capacity_development_events"],
        Rule.PEOPLE_TRAINED: f["people_trained"].total,
    }


def _charts(f: dict[str, Any]) -> dict[str, str]:
    labels = _sex_labels()
    svg = {
        "participants_sex": charts.sex_share_bar(
            title=_("Participants by sex"), sex=f["participants"], labels=labels
        ),
        "trained_sex": charts.sex_share_bar(
            title=_("People trained by sex"), sex=f["people_trained"], labels=labels
        ),
        "by_pathway": charts.bar_chart(
            title=_("Events by pathway"), items=[(r.label, r.count) for r in f["by_pathway"].rows]
        ),
        "by_type": charts.bar_chart(
            title=_("Events by type"), items=[(r.label, r.count) for r in f["by_type"].rows]
        ),
        "by_quarter": charts.column_chart(
            title=_("Participants by quarter"),
            items=[(r.label, r.count) for r in f["by_quarter"].rows],
        ),
        "by_position": charts.stacked_sex_bars(
            title=_("People trained by position category"),
            items=[(r.label, r.sex) for r in f["by_position"].rows if r.sex],
            labels=labels,
        ),
    }
    return {k: mark_safe(v) for k, v in svg.items()}  # noqa: S308 - built with escaping


DASHBOARD_TABLES = [
    # chart key, breakdown key in the figures, figure slug, dimension
    ("participants_sex", "participants", "participants", "sex"),
    ("trained_sex", "people_trained", "people-trained", "sex"),
    ("by_pathway", "by_pathway", "events", "pathway"),
    ("by_type", "by_type", "events", "event_type"),
    ("by_quarter", "by_quarter", "participants", "quarter"),
    ("by_position", "by_position", "people-trained", "position"),
]


def _chart_tables(board: Board, query: Query, f: dict[str, Any]) -> list[tuple]:
    """Each chart with its data table and the download link of that table."""
    svg = _charts(f)
    out = []
    for key, fkey, figure, by in DASHBOARD_TABLES:
        value = f[fkey]
        if isinstance(value, figures.SexBreakdown):
            table = sex_table(value, title=str(Rule(FIGURE_SLUGS[figure]).label))
        else:
            table = breakdown_table(value, f"{Rule(value.rule).label} – {value.dimension.label}")
        url = f"{board.url('breakdown')}?{query.querystring(figure=figure, by=by)}"
        out.append((key, svg[key], (table, url)))
    return out


# Seconds a rendered dashboard body is kept; its key changes with every write of the records
# its figures read, so this only bounds how long unused bodies occupy the cache.
DASHBOARD_CACHE_SECONDS = 600


def _dashboard(request: HttpRequest, board: Board) -> HttpResponse:
    return dashboard_page(request, board)


def dashboard_page(request: HttpRequest, board: Board, *, before: str = "") -> HttpResponse:
    """The dashboard of `board`; `before`, safe HTML shown above it and never cached (the
    home's "needs you" panel, which is the user's own)."""
    key = _dashboard_key(request, board)
    body = cache.get(key)
    if body is None:
        body, cacheable = _dashboard_body(request, board)
        if cacheable:
            cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    context = {"board": board, "body": body, "before": before}
    return render(request, "results/dashboard.html", context)


def _dashboard_key(request: HttpRequest, board: Board) -> str:
    """What a dashboard body depends on: the records its figures read (the version of the
    country's records, or of every country's for the region, moves with each audited write
    of them, in the same transaction; not with casework, accounts or another country's
    records), what the user may see, the question asked, the language and the day. Users
    with the same scope share bodies."""
    parts = (
        figures_version(board.country.pk if board.country else None),
        board.country.code if board.country else "",
        board.personal,
        *scope_for(request.user).key,
        sorted(request.GET.lists()),
        get_language(),
        dt.date.today().isoformat(),
    )
    return "pathways:dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _dashboard_body(request: HttpRequest, board: Board) -> tuple[str, bool]:
    """The dashboard's content, and whether it may be cached (not when the query string
    had values that could not be used: those leave a message for this request)."""
    query = read_query(request, board)
    f = dashboard_figures(board, query)
    qs = query.querystring()
    achievements = (
        Achievement.objects.visible_to(request.user)
        .filter(status=Achievement.Status.VERIFIED)
        .select_related("country", "outcome_area")
        .order_by("-date")
    )
    if board.country:
        achievements = achievements.filter(country=board.country)
    context = {
        "board": board,
        "query": query,
        "qs": qs,
        "f": f,
        "chart_tables": _chart_tables(board, query, f),
        "indicators_url": board.url("indicators"),
        # Keyed with underscores: a template cannot look up "people-trained".
        "links": {
            slug.replace("-", "_"): f"{board.url('records', slug)}?{qs}" for slug in FIGURE_SLUGS
        },
        "breakdown_url": board.url("breakdown"),
        "progress": progress_for(
            universe=board.universe,
            start=query.period.start,
            end=query.period.end,
            known=None if query.filters.active() else _known(f),
        ),
        "achievements": achievements[:5],
        "countries": visible_countries(request.user) if board.country is None else [],
        "waiting": _waiting(request, board, query),
        "changes": compare.year_on_year(
            _known(f), events=board.events, period=query.period, filters=query.filters
        ),
    }
    forms = (query.period_form, query.filter_form)
    cacheable = not any(form.is_bound and form.errors for form in forms)
    return render_to_string("results/dashboard_body.html", context, request), cacheable
