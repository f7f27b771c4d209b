"""The statistics pages: the CTDC contribution file of each country, for a regional
administrator (`access.py`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from pathways.casework.models import AccessEvent, CountryCaseworkSettings, IdentificationDecision
from pathways.programs.models import Country
from pathways.stats.ctdc import CtdcDisabled
from pathways.stats.ctdc_access import ctdc_country_for, require_ctdc_administrator
from pathways.stats.ctdc_export import (
    CSV_TYPE,
    FIRST_YEAR,
    ctdc_contribution,
    disabled_reason,
    year_problem,
)


def _years(country: Country) -> list[int]:
    """The years in which the country recorded identification decisions, newest first."""
    last = timezone.localdate().year
    found = IdentificationDecision.objects.filter(country=country).datetimes("decided_at", "year")
    return sorted({d.year for d in found if FIRST_YEAR <= d.year <= last}, reverse=True)


def _settings_link(settings: CountryCaseworkSettings | None) -> str:
    if settings is None:
        return reverse("admin:casework_countrycaseworksettings_add")
    return reverse("admin:casework_countrycaseworksettings_change", args=[settings.pk])


@login_required
@require_GET
def ctdc_countries(request: HttpRequest) -> HttpResponse:
    """Each country, whether its CTDC file is switched on, and a file per year when it is."""
    require_ctdc_administrator(request.user)
    found = {s.country_id: s for s in CountryCaseworkSettings.objects.all()}
    countries = []
    for country in Country.objects.all():
        settings = found.get(country.pk)
        enabled = settings is not None and settings.ctdc_contribution_enabled
        countries.append(
            {
                "country": country,
                "enabled": enabled,
                "years": _years(country) if enabled else [],
                "settings_url": _settings_link(settings),
            }
        )
    return render(request, "stats/ctdc_countries.html", {"countries": countries})


@login_required
@require_GET
def ctdc_download(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The country's file for the year, as CSV; a page saying why when it is refused."""
    country = ctdc_country_for(request.user, code)
    problem = year_problem(year)
    if problem:
        return _refused(request, country, problem, status=400)
    try:
        file = ctdc_contribution(
            actor=request.user,
            country=country,
            year=year,
            request=request,
            via=AccessEvent.Via.WEB,
        )
    except CtdcDisabled:
        return _refused(request, country, disabled_reason(country), status=403)
    response = HttpResponse(file.content, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _refused(request: HttpRequest, country: Country, reason: str, *, status: int) -> HttpResponse:
    context = {"country": country, "reason": reason}
    return render(request, "stats/ctdc_refused.html", context, status=status)
