"""Indicators against their targets, and values reported by a country."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pathways.accounts.access import get_country_for_user, require
from pathways.lib.tables import table_response
from pathways.programs.models import Country
from pathways.results import services
from pathways.results.access import can_report_values
from pathways.results.forms import ReportedValueForm
from pathways.results.models import EvidenceFile, Indicator, ReportedValue
from pathways.results.progress import progress_for
from pathways.results.views.dashboard import Board, board_for, read_query

# --- Indicators against targets -----------------------------------------------------------------


def _progress_rows(progress: list) -> list[list[Any]]:
    return [
        [
            p.indicator.outcome_area.translated("name"),
            p.indicator.code,
            p.indicator.translated("name"),
            p.indicator.translated("unit"),
            p.period_start,
            p.period_end,
            p.target.baseline if p.target else None,
            p.target.target if p.target else None,
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
    progress = progress_for(universe=board.universe, start=query.period.start, end=query.period.end)
    if request.GET.get("format") in ("csv", "xlsx"):
        return table_response(
            filename=f"indicators-{board.country.code if board.country else 'region'}",
            fmt=request.GET["format"],
            headers=[str(h) for h in PROGRESS_HEADERS],
            rows=_progress_rows(progress),
            title=board.title,
        )
    context = {
        "board": board,
        "query": query,
        "progress": progress,
        "qs": query.querystring(),
        "can_report": board.country is not None and can_report_values(request.user, board.country),
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
    require(can_report_values(request.user, country))
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
