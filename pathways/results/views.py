"""Dashboards with drill-down and downloads, indicators, achievements and evidence files."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from pathways.accounts.access import Scope, get_country_for_user, require, scope_for
from pathways.activities.models import Event
from pathways.audit.services import audit_version
from pathways.lib.tables import table_response
from pathways.programs.models import Country
from pathways.results import charts, figures, services
from pathways.results.access import (
    can_set_evidence_public,
    evidence_download_response,
    get_evidence_for_user,
)
from pathways.results.figures import EVENT_RULES, FigureFilters, Rule
from pathways.results.forms import (
    FIGURE_SLUGS,
    AchievementFilterForm,
    AchievementForm,
    BreakdownForm,
    EvidenceForm,
    EvidencePublicForm,
    FilterForm,
    PeriodForm,
    ReportedValueForm,
    SendBackForm,
)
from pathways.results.models import Achievement, EvidenceFile, Indicator, ReportedValue
from pathways.results.periods import (
    Period,
    default_period,
    financial_years_with_data,
)
from pathways.results.progress import progress_for
from pathways.results.tables import (
    Table,
    attendance_table,
    breakdown_table,
    event_table,
    participants_by_event_table,
    people_by_position_table,
    person_table,
    sex_table,
)

PAGE_SIZE = 50

# --- The dashboard's scope, period and filters -----------------------------------------------


@dataclass
class Board:
    """What a dashboard counts in: a country (None: the region) and the user's events."""

    country: Country | None
    events: QuerySet[Event]
    personal: bool  # may this user see names behind the figures?

    def url(self, name: str, *args: Any) -> str:
        if self.country is None:
            return reverse(f"results:{name}_region", args=args)
        return reverse(f"results:{name}_country", args=[self.country.code, *args])

    @property
    def title(self) -> str:
        # Country names are reference data in English, translated through the catalogs.
        return _(self.country.name) if self.country else _("Region")


def _partner_sees_personal(scope: Scope, country: Country) -> bool:
    # A partner's universe is their organisation's events, whose participants they may see.
    return (
        not scope.is_regional
        and country.pk not in scope.country_ids
        and bool(scope.personal_data_organisation_ids)
    )


def board_for(request: HttpRequest, code: str | None) -> Board:
    """404 when the user may not see the region or the country."""
    scope = scope_for(request.user)
    events = Event.objects.visible_to(request.user)
    if code is None:
        if not scope.is_regional:
            raise Http404("The regional dashboard is for regional users.")
        return Board(None, events, scope.is_admin)
    country = get_country_for_user(request.user, code)
    personal = scope.can_see_personal_data_in(country.pk) or _partner_sees_personal(scope, country)
    return Board(country, events.filter(country=country), personal)


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


def _count_kwargs(board: Board, query: Query) -> dict[str, Any]:
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
    kw = _count_kwargs(board, query)
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


# Seconds a rendered dashboard body is kept; its key changes with every audited write, so
# this only bounds how long unused bodies occupy the cache.
DASHBOARD_CACHE_SECONDS = 600


def _dashboard(request: HttpRequest, board: Board) -> HttpResponse:
    key = _dashboard_key(request, board)
    body = cache.get(key)
    if body is None:
        body, cacheable = _dashboard_body(request, board)
        if cacheable:
            cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    return render(request, "results/dashboard.html", {"board": board, "body": body})


def _dashboard_key(request: HttpRequest, board: Board) -> str:
    """What a dashboard body depends on: the records (the audit chain's head changes with
    every audited write, in the same transaction), what the user may see, the question
    asked, the language and the day. Users with the same scope share bodies."""
    scope = scope_for(request.user)
    parts = (
        audit_version(),
        board.country.code if board.country else "",
        board.personal,
        sorted(scope.regional_roles),
        sorted((k, sorted(v)) for k, v in scope.country_roles.items()),
        sorted((k, sorted(v)) for k, v in scope.organisation_roles.items()),
        sorted(scope.organisation_countries.items(), key=lambda kv: kv[0]),
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
            events=board.events,
            country=board.country,
            start=query.period.start,
            end=query.period.end,
            known=None if query.filters.active() else _known(f),
        ),
        "achievements": achievements[:5],
        "countries": _country_links(request) if board.country is None else [],
    }
    forms = (query.period_form, query.filter_form)
    cacheable = not any(form.is_bound and form.errors for form in forms)
    return render_to_string("results/dashboard_body.html", context, request), cacheable


def _country_links(request: HttpRequest) -> list[Country]:
    scope = scope_for(request.user)
    return [c for c in Country.objects.all() if scope.can_see_country(c.pk)]


# --- Drill-down ---------------------------------------------------------------------------------


def records_table(rule: str, qs: QuerySet, *, personal: bool, window: slice | None = None) -> Table:
    """The table behind a figure; names only when `personal`. Record tables (events,
    attendances, persons) read only `window` of their rows; aggregate tables are small."""
    if rule in EVENT_RULES:
        return event_table(qs, window=window)
    if rule == Rule.PARTICIPANTS:
        if personal:
            return attendance_table(qs, window=window)
        return participants_by_event_table(qs)
    return person_table(qs, window=window) if personal else people_by_position_table(qs)


@login_required
def records_region(request: HttpRequest, figure: str) -> HttpResponse:
    return _records(request, board_for(request, None), figure)


@login_required
def records_country(request: HttpRequest, code: str, figure: str) -> HttpResponse:
    return _records(request, board_for(request, code), figure)


def _records(request: HttpRequest, board: Board, figure: str) -> HttpResponse:
    rule = FIGURE_SLUGS.get(figure)
    if rule is None:
        raise Http404("No such figure.")
    query = read_query(request, board)
    qs = figures.records(rule, **_count_kwargs(board, query))
    if request.GET.get("format") in ("csv", "xlsx"):
        table = records_table(rule, qs, personal=board.personal)
        name = f"{figure}-{board.country.code if board.country else 'region'}"
        return table_response(
            filename=f"{name}-{query.period.start}-{query.period.end}",
            fmt=request.GET["format"],
            headers=table.headers,
            rows=table.rows,
        )
    count = qs.count()
    table = records_table(rule, qs, personal=board.personal, window=slice(0, 0))
    if table.total is None:  # records: read only the rows of the page asked for
        page = Paginator(range(count), PAGE_SIZE).get_page(request.GET.get("page"))
        window = slice(max(page.start_index() - 1, 0), page.end_index())
        table = records_table(rule, qs, personal=board.personal, window=window)
        rows = list(table.rows)
    else:
        page = Paginator(list(table.rows), PAGE_SIZE).get_page(request.GET.get("page"))
        rows = list(page.object_list)
    context = {
        "board": board,
        "query": query,
        "rule": Rule(rule),
        "figure": figure,
        "count": count,
        "table": table,
        "rows": rows,
        "page": page,
        "qs": query.querystring(),
        "active_filters": _filter_labels(query),
    }
    return render(request, "results/records.html", context)


def _filter_labels(query: Query) -> list[tuple[str, str]]:
    form = query.filter_form
    if not form.is_bound or not form.is_valid():
        return []
    out = []
    for name, value in query.filters.active().items():
        choices = dict(form.fields[name].choices)
        out.append((str(form.fields[name].label), str(choices.get(value, value))))
    return out


# --- Breakdowns: any figure split by any dimension ---------------------------------------------


@login_required
def breakdown_region(request: HttpRequest) -> HttpResponse:
    return _breakdown(request, board_for(request, None))


@login_required
def breakdown_country(request: HttpRequest, code: str) -> HttpResponse:
    return _breakdown(request, board_for(request, code))


def _row_link(board: Board, query: Query, figure: str, by: str, key: str) -> str:
    """The records behind one row of a breakdown."""
    start, end, filters = figures.row_query(
        by, key, start=query.period.start, end=query.period.end, filters=query.filters
    )
    params = {"start": start.isoformat(), "end": end.isoformat(), **filters.active()}
    return f"{board.url('records', figure)}?{urlencode(params)}"


def _breakdown(request: HttpRequest, board: Board) -> HttpResponse:
    query = read_query(request, board)
    form = BreakdownForm(request.GET if "figure" in request.GET else None)
    figure, by = "participants", "sex"
    if form.is_valid():
        figure, by = form.cleaned_data["figure"], form.cleaned_data["by"]
    rule = FIGURE_SLUGS[figure]
    result = figures.breakdown(rule, by, **_count_kwargs(board, query))
    table = breakdown_table(result, f"{Rule(rule).label} – {result.dimension.label}")
    if request.GET.get("format") in ("csv", "xlsx"):
        return table_response(
            filename=f"{figure}-by-{by}-{board.country.code if board.country else 'region'}",
            fmt=request.GET["format"],
            headers=table.headers,
            rows=table.rows,
        )
    rows = list(zip(table.rows, result.rows, strict=True))
    context = {
        "board": board,
        "query": query,
        "form": form,
        "figure": figure,
        "by": by,
        "rule": Rule(rule),
        "result": result,
        "table": table,
        "rows": [(cells, _row_link(board, query, figure, by, r.key)) for cells, r in rows],
        "qs": query.querystring(figure=figure, by=by),
        "keep": {"figure": figure, "by": by},
        "figure_total": figures.figure_value(rule, **_count_kwargs(board, query)),
    }
    return render(request, "results/breakdown.html", context)


# --- Indicators against targets -----------------------------------------------------------------


def _progress_rows(progress: list) -> list[list[Any]]:
    return [
        [
            p.indicator.outcome_area.name,
            p.indicator.code,
            p.indicator.name,
            p.indicator.unit,
            p.target.period_start,
            p.target.period_end,
            p.target.baseline,
            p.target.target,
            p.value,
            p.percent,
        ]
        for p in progress
    ]


PROGRESS_HEADERS = [
    _l("Outcome area"),
    _l("Code"),
    _l("Indicator"),
    _l("Unit"),
    _l("Period start"),
    _l("Period end"),
    _l("Baseline"),
    _l("Target"),
    _l("Value"),
    _l("% of target"),
]


@login_required
def indicators_region(request: HttpRequest) -> HttpResponse:
    return _indicators(request, board_for(request, None))


@login_required
def indicators_country(request: HttpRequest, code: str) -> HttpResponse:
    return _indicators(request, board_for(request, code))


def _indicators(request: HttpRequest, board: Board) -> HttpResponse:
    query = read_query(request, board)
    progress = progress_for(
        events=board.events, country=board.country, start=query.period.start, end=query.period.end
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        return table_response(
            filename=f"indicators-{board.country.code if board.country else 'region'}",
            fmt=request.GET["format"],
            headers=[str(h) for h in PROGRESS_HEADERS],
            rows=_progress_rows(progress),
        )
    scope = scope_for(request.user)
    context = {
        "board": board,
        "query": query,
        "progress": progress,
        "qs": query.querystring(),
        "can_report": board.country is not None and scope.can_manage_country(board.country.pk),
        "reported": ReportedValue.objects.filter(country=board.country)
        .select_related("indicator")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=EvidenceFile.objects.visible_to(request.user),
                to_attr="visible_evidence",
            )
        )
        if board.country
        else ReportedValue.objects.none(),
        "reportable": Indicator.objects.filter(kind=Indicator.Kind.REPORTED, is_active=True),
    }
    return render(request, "results/indicators.html", context)


@login_required
def reported_value_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    country = get_country_for_user(request.user, code)
    require(scope_for(request.user).can_manage_country(country.pk))
    indicator = get_object_or_404(Indicator, pk=pk, kind=Indicator.Kind.REPORTED)
    countries = Country.objects.filter(pk=country.pk)
    form = ReportedValueForm(
        request.POST or None,
        request.FILES or None,
        countries=countries,
        initial={"country": country},  # the only choice: the country whose page this is
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            value = services.reported_value_save(
                actor=request.user,
                indicator=indicator,
                country=data["country"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                value=data["value"],
                note=data["note"],
            )
            if data.get("evidence"):
                services.evidence_add(
                    actor=request.user,
                    upload=data["evidence"],
                    filename=data["evidence"].name,
                    reported_value=value,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The value is saved."))
            return redirect("results:indicators_country", code=country.code)
    context = {"form": form, "indicator": indicator, "country": country}
    return render(request, "results/reported_value_form.html", context)


# --- Achievements -------------------------------------------------------------------------------


def _filtered_achievements(request: HttpRequest) -> tuple[QuerySet[Achievement], Any]:
    qs = Achievement.objects.visible_to(request.user).select_related("country", "outcome_area")
    form = AchievementFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["country"]:
            qs = qs.filter(country=d["country"])
        if d["outcome_area"]:
            qs = qs.filter(outcome_area=d["outcome_area"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["good_practice"]:
            qs = qs.filter(is_good_practice=True)
        if d["start"]:
            qs = qs.filter(date__gte=d["start"])
        if d["end"]:
            qs = qs.filter(date__lte=d["end"])
    return qs.order_by("-date", "title"), form


ACHIEVEMENT_HEADERS = [
    _l("Date"),
    _l("Country"),
    _l("Outcome area"),
    _l("Title"),
    _l("Status"),
    _l("Good practice"),
    _l("Text"),
]


@login_required
def achievement_list(request: HttpRequest) -> HttpResponse:
    qs, form = _filtered_achievements(request)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = (
            [
                a.date,
                a.country.name,
                a.outcome_area.name,
                a.title,
                a.get_status_display(),
                _("yes") if a.is_good_practice else _("no"),
                a.text,
            ]
            for a in qs
        )
        return table_response(
            filename="achievements",
            fmt=request.GET["format"],
            headers=[str(h) for h in ACHIEVEMENT_HEADERS],
            rows=rows,
        )
    params = request.GET.copy()
    params.pop("page", None)
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page": Paginator(qs, 20).get_page(request.GET.get("page")),
        "params": params.urlencode(),
        "can_create": scope.is_admin
        or any(scope.can_edit_in_country(c) for c in scope.country_ids),
    }
    return render(request, "results/achievement_list.html", context)


def get_achievement_for_user(user: Any, pk: int) -> Achievement:
    return get_object_or_404(Achievement.objects.visible_to(user), pk=pk)


@login_required
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    scope = scope_for(request.user)
    can_edit = scope.can_edit_in_country(achievement.country_id)
    can_manage = scope.can_manage_country(achievement.country_id)
    status = achievement.status
    context = {
        "a": achievement,
        "events": achievement.related_events.visible_to(request.user).order_by("start_date"),
        "evidence": achievement.evidence.visible_to(request.user),
        "can_set_public": can_manage,
        "can_edit": can_edit and status == Achievement.Status.DRAFT,
        "can_submit": can_edit and status == Achievement.Status.DRAFT,
        "can_review": can_manage and status == Achievement.Status.SUBMITTED,
        "send_back_form": SendBackForm(),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "results/achievement_detail.html", context)


def _editable_countries(user: Any) -> QuerySet[Country]:
    scope = scope_for(user)
    return Country.objects.filter(
        pk__in=[c.pk for c in Country.objects.all() if scope.can_edit_in_country(c.pk)]
    )


def _event_choices(user: Any, countries: QuerySet[Country]) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .filter(country__in=countries)
        .select_related("country")
        .order_by("-start_date")
    )


@login_required
def achievement_create(request: HttpRequest) -> HttpResponse:
    countries = _editable_countries(request.user)
    require(countries.exists(), _("You do not have a role that records achievements."))
    code = request.GET.get("country")
    if code:
        countries = countries.filter(code__iexact=code) or countries
    form = AchievementForm(
        request.POST or None,
        countries=countries,
        events=_event_choices(request.user, countries),
        initial={"country": countries.first()} if countries.count() == 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        achievement = services.achievement_create(
            actor=request.user,
            country=d["country"],
            partners=d["partners"],
            related_events=d["related_events"],
            **{k: d[k] for k in services.ACHIEVEMENT_FIELDS},
        )
        messages.success(request, _("The achievement is saved as a draft."))
        return redirect("results:achievement_detail", pk=achievement.pk)
    return render(request, "results/achievement_form.html", {"form": form, "a": None})


@login_required
def achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    require(scope_for(request.user).can_edit_in_country(achievement.country_id))
    require(achievement.is_editable, _("Only a draft can be changed."))
    countries = Country.objects.filter(pk=achievement.country_id)
    form = AchievementForm(
        request.POST or None,
        instance=achievement,
        countries=countries,
        events=_event_choices(request.user, countries),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.achievement_update(
            actor=request.user,
            achievement=Achievement.objects.get(pk=achievement.pk),
            partners=d["partners"],
            related_events=d["related_events"],
            **{k: d[k] for k in services.ACHIEVEMENT_FIELDS},
        )
        messages.success(request, _("The achievement is saved."))
        return redirect("results:achievement_detail", pk=achievement.pk)
    return render(request, "results/achievement_form.html", {"form": form, "a": achievement})


def _workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    try:
        if action == "submit":
            services.achievement_submit(actor=request.user, achievement=achievement)
            messages.success(request, _("Submitted for verification."))
        elif action == "verify":
            services.achievement_verify(actor=request.user, achievement=achievement)
            messages.success(request, _("The achievement is verified."))
        else:
            form = SendBackForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.achievement_send_back(
                actor=request.user, achievement=achievement, comment=comment
            )
            messages.success(request, _("Sent back to draft with your comment."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("results:achievement_detail", pk=pk)


@login_required
@require_POST
def achievement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def achievement_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "verify")


@login_required
@require_POST
def achievement_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "send_back")


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    require(scope_for(request.user).can_edit_in_country(achievement.country_id))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(
                actor=request.user, upload=upload, filename=upload.name, achievement=achievement
            )
            messages.success(request, _("%(name)s is attached.") % {"name": upload.name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("results:achievement_detail", pk=pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff-only files to the country's staff, public ones to everyone who sees the record
    (`EvidenceFile.objects.visible_to`); the API serves them through the same helper."""
    return evidence_download_response(request.user, pk)


@login_required
@require_POST
def evidence_set_public(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    require(can_set_evidence_public(request.user, evidence))
    form = EvidencePublicForm(request.POST)
    form.is_valid()  # a missing box is False: staff only
    public = form.cleaned_data.get("public", False)
    services.evidence_set_public(actor=request.user, evidence=evidence, public=public)
    message = (
        _("%(name)s is public: everyone who sees the record may open it, the donor included.")
        if public
        else _("%(name)s is for the country's staff only.")
    )
    messages.success(request, message % {"name": evidence.original_name})
    if evidence.achievement_id:
        return redirect("results:achievement_detail", pk=evidence.achievement_id)
    return redirect("results:indicators_country", code=evidence.reported_value.country.code)
