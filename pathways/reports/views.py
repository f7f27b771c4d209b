from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pathways.accounts.access import (
    get_country_or_region_for_user,
    scope_for,
    visible_countries,
)
from pathways.activities.models import EventQuerySet
from pathways.activities.universe import Universe, universe_for
from pathways.jobs.models import Job
from pathways.programs.models import Country, Program
from pathways.reports.access import can_publish, require_region_export
from pathways.reports.background import export_queue, factsheets_queue
from pathways.reports.factsheet import Factsheet, build_factsheet
from pathways.reports.forms import FactsheetsZipForm, language_or_none
from pathways.reports.models import Publication
from pathways.reports.rendering import SIDES, Fit, factsheet_filename, render_factsheet_pdf
from pathways.results.forms import PeriodForm
from pathways.results.models import Achievement
from pathways.results.periods import Period, default_period, financial_years


def _period_form(request: HttpRequest, events: EventQuerySet) -> PeriodForm:
    if "start" in request.GET or "end" in request.GET:
        return PeriodForm(request.GET)
    period = default_period(events)
    return PeriodForm({"start": period.start.isoformat(), "end": period.end.isoformat()})


def _factsheet(request: HttpRequest, universe: Universe, period: Period) -> Factsheet:
    return build_factsheet(
        universe=universe,
        start=period.start,
        end=period.end,
        achievements=Achievement.objects.visible_to(request.user),
    )


def _urls(code: str | None, period: Period) -> dict[str, str]:
    suffix = "" if code is None else code
    args = [] if code is None else [suffix]
    prefix = "reports:region_factsheet" if code is None else "reports:factsheet"
    query = urlencode({"start": period.start.isoformat(), "end": period.end.isoformat()})
    return {
        "pdf_url": f"{reverse(prefix + '_pdf', args=args)}?{query}",
        "pdf_two_sides_url": f"{reverse(prefix + '_pdf', args=args)}?{query}&sides=2",
        "json_url": f"{reverse(prefix + '_json', args=args)}?{query}",
    }


def _years(request: HttpRequest) -> tuple[list[Period], Period]:
    """The financial years on offer, newest first, and the latest with the user's data."""
    latest = default_period(universe_for(request.user, None).events)
    program = Program.objects.first()
    years = financial_years(program.start_year if program else latest.start.year, latest.end)
    return years, latest


@login_required
@require_GET
def factsheet_index(request: HttpRequest) -> HttpResponse:
    years, latest = _years(request)
    period, error = _chosen_year(request.GET.get("fy"), years, default=latest)
    return _render_index(request, years, period, error=error)


def _render_index(
    request: HttpRequest,
    years: list[Period],
    period: Period,
    *,
    error: str | None = None,
    zip_form: FactsheetsZipForm | None = None,
) -> HttpResponse:
    scope = scope_for(request.user)
    initial = {"fy": str(period.start.year), "language": translation.get_language()}
    context = {
        "countries": visible_countries(request.user),
        "show_region": scope.is_regional,
        "periods": years,
        "period": period,
        "period_error": error,
        "zip_form": zip_form or FactsheetsZipForm(initial=initial, years=years),
        "can_download_exports": scope.is_admin or scope.is_donor,
        "can_publish_exports": can_publish(request.user, Publication.Kind.WORKBOOK, None),
    }
    invalid = error or (zip_form is not None and zip_form.errors)
    return render(request, "reports/factsheet_index.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def factsheets_zip(request: HttpRequest) -> HttpResponse:
    """Queue the factsheet PDFs of every country the user may open, in one ZIP."""
    if not visible_countries(request.user):
        raise Http404("No country is in your scope.")
    years, latest = _years(request)
    form = FactsheetsZipForm(request.POST, years=years)
    if not form.is_valid():
        return _render_index(request, years, latest, zip_form=form)
    job = factsheets_queue(
        actor=request.user, period=form.cleaned_data["fy"], language=form.cleaned_data["language"]
    )
    return redirect("jobs:job_detail", job_id=job.pk)


def _chosen_year(
    value: str | None, years: list[Period], *, default: Period
) -> tuple[Period, str | None]:
    """The financial year picked as `?fy=2021` (its first year), or the default with an
    error when `value` names no year on offer."""
    if value is None:
        return default, None
    chosen = next((p for p in years if str(p.start.year) == value), None)
    if chosen is None:
        return default, _("There is no financial year %(value)s to report on.") % {"value": value}
    return chosen, None


def _factsheet_page(request: HttpRequest, code: str | None) -> HttpResponse:
    universe = universe_for(request.user, get_country_or_region_for_user(request.user, code))
    form = _period_form(request, universe.events)
    valid = form.is_valid()
    period = (
        Period(form.cleaned_data["start"], form.cleaned_data["end"])
        if valid
        else default_period(universe.events)
    )
    language = translation.get_language()
    urls = _urls(code, period)
    context = {
        "publish_url": _publish_url(request, universe.country, period, language),
        "factsheet": _factsheet(request, universe, period),
        "form": form,
        "generated_on": timezone.localdate(),
        # The page shows every achievement in full; only the printed pages are fitted.
        "fit": Fit(),
        "pdf_languages": [
            (lang, name, f"{urls['pdf_url']}&lang={lang}")
            for lang, name in settings.LANGUAGES
            if lang != language
        ],
        **urls,
    }
    return render(request, "reports/factsheet.html", context, status=200 if valid else 400)


def _publish_url(
    request: HttpRequest, country: Country | None, period: Period, language: str
) -> str | None:
    """Where the page's Publish button leads, for those who may publish its factsheet."""
    if not can_publish(request.user, Publication.Kind.FACTSHEET, country):
        return None
    query = {
        "kind": Publication.Kind.FACTSHEET,
        "country": country.code if country else "",
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "language": language,
    }
    return f"{reverse('reports:publish')}?{urlencode(query)}"


def _period_or_error(request: HttpRequest) -> Period | HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        messages = [f"{field}: {' '.join(errs)}" for field, errs in form.errors.items()]
        return HttpResponseBadRequest("; ".join(messages), content_type="text/plain")
    return Period(form.cleaned_data["start"], form.cleaned_data["end"])


def _factsheet_file(request: HttpRequest, code: str | None, fmt: str) -> HttpResponse:
    universe = universe_for(request.user, get_country_or_region_for_user(request.user, code))
    period = _period_or_error(request)
    if isinstance(period, HttpResponse):
        return period
    sides = _sides_or_none(request.GET.get("sides", "1"))
    if sides is None:
        return HttpResponseBadRequest(
            _("sides: a factsheet has one side or two."), content_type="text/plain"
        )
    language = language_or_none(request.GET.get("lang")) or translation.get_language()
    with translation.override(language):
        factsheet = _factsheet(request, universe, period)
        if fmt == "pdf":
            response = HttpResponse(
                render_factsheet_pdf(factsheet, sides=sides), content_type="application/pdf"
            )
        else:
            body = json.dumps(factsheet.as_json(), ensure_ascii=False, indent=2)
            response = HttpResponse(body, content_type="application/json; charset=utf-8")
    disposition = "attachment" if fmt == "pdf" else "inline"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{factsheet_filename(factsheet, fmt, language, sides=sides)}"'
    )
    return response


def _sides_or_none(value: str) -> int | None:
    """`?sides=1` (the default: one page) or `?sides=2` (program side and country side)."""
    return int(value) if value in {str(n) for n in SIDES} else None


@login_required
@require_GET
def factsheet(request: HttpRequest, code: str) -> HttpResponse:
    return _factsheet_page(request, code)


@login_required
@require_GET
def region_factsheet(request: HttpRequest) -> HttpResponse:
    return _factsheet_page(request, None)


@login_required
@require_GET
def factsheet_pdf(request: HttpRequest, code: str) -> HttpResponse:
    return _factsheet_file(request, code, "pdf")


@login_required
@require_GET
def region_factsheet_pdf(request: HttpRequest) -> HttpResponse:
    return _factsheet_file(request, None, "pdf")


@login_required
@require_GET
def factsheet_json(request: HttpRequest, code: str) -> HttpResponse:
    return _factsheet_file(request, code, "json")


@login_required
@require_GET
def region_factsheet_json(request: HttpRequest) -> HttpResponse:
    return _factsheet_file(request, None, "json")


@login_required
@require_POST
def iati_prepare(request: HttpRequest) -> HttpResponse:
    """Queue the IATI file; its job's page offers it when it is made."""
    require_region_export(request.user)
    job = export_queue(actor=request.user, kind=Job.Kind.IATI, language=translation.get_language())
    return redirect("jobs:job_detail", job_id=job.pk)


@login_required
@require_POST
def workbook_prepare(request: HttpRequest) -> HttpResponse:
    """Queue the donor workbook; its job's page offers it when it is made."""
    require_region_export(request.user)
    job = export_queue(
        actor=request.user, kind=Job.Kind.WORKBOOK, language=translation.get_language()
    )
    return redirect("jobs:job_detail", job_id=job.pk)
