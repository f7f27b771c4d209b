"""The records behind a figure and any figure split by any dimension, with downloads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pathways.lib.tables import table_response
from pathways.results import charts, figures
from pathways.results.figures import EVENT_RULES, Rule
from pathways.results.forms import FIGURE_SLUGS, BreakdownForm
from pathways.results.tables import (
    Table,
    attendance_table,
    breakdown_table,
    event_table,
    participants_by_event_table,
    people_by_position_table,
    person_table,
)
from pathways.results.views.dashboard import Board, Query, board_for, count_kwargs, read_query

PAGE_SIZE = 50

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
    qs = figures.records(rule, **count_kwargs(board, query))
    if request.GET.get("format") in ("csv", "xlsx"):
        table = records_table(rule, qs, personal=board.personal)
        name = f"{figure}-{board.country.code if board.country else 'region'}"
        return table_response(
            filename=f"{name}-{query.period.start}-{query.period.end}",
            fmt=request.GET["format"],
            headers=table.headers,
            rows=table.rows,
            title=board.title,
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


def _chart(result: figures.Breakdown, title: str) -> str:
    """The breakdown drawn beside its table: shares by sex, bars split by sex, or bars."""
    if result.rule in EVENT_RULES:
        svg = charts.bar_chart(title=title, items=[(r.label, r.count) for r in result.rows])
    elif result.dimension.key == "sex":
        svg = charts.sex_share_bar(title=title, sex=result.sex_total)
    else:
        items = [(r.label, r.sex) for r in result.rows if r.sex]
        svg = charts.stacked_sex_bars(title=title, items=items)
    return mark_safe(svg)  # noqa: S308 - built with escaping


def _breakdown(request: HttpRequest, board: Board) -> HttpResponse:
    query = read_query(request, board)
    figure, by = "participants", "sex"
    # The form always shows the figure and split the page shows, so the next Show keeps them.
    form = BreakdownForm(
        request.GET if "figure" in request.GET else None, initial={"figure": figure, "by": by}
    )
    if form.is_valid():
        figure, by = form.cleaned_data["figure"], form.cleaned_data["by"]
    elif form.is_bound:
        reasons = " ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            _("%(reasons)s Showing participants by sex instead.") % {"reasons": reasons},
        )
        form = BreakdownForm(initial={"figure": figure, "by": by})
    rule = FIGURE_SLUGS[figure]
    result = figures.breakdown(rule, by, **count_kwargs(board, query))
    table = breakdown_table(result, f"{Rule(rule).label} – {result.dimension.label}")
    if request.GET.get("format") in ("csv", "xlsx"):
        return table_response(
            filename=f"{figure}-by-{by}-{board.country.code if board.country else 'region'}",
            fmt=request.GET["format"],
            headers=table.headers,
            rows=table.rows,
            title=board.title,
        )
    if by == "sex" and rule not in EVENT_RULES:
        links = [f"{board.url('records', figure)}?{query.querystring()}"]
    else:
        links = [_row_link(board, query, figure, by, r.key) for r in result.rows]
    context = {
        "board": board,
        "query": query,
        "form": form,
        "figure": figure,
        "by": by,
        "rule": Rule(rule),
        "result": result,
        "table": table,
        "rows": list(zip(table.rows, links, strict=True)),
        "chart": _chart(result, table.title),
        "qs": query.querystring(figure=figure, by=by),
        "keep": {"figure": figure, "by": by},
        "figure_total": figures.figure_value(rule, **count_kwargs(board, query)),
    }
    return render(request, "results/breakdown.html", context)
