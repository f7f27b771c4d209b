"""The NRM coordinator's dashboard on a country's referrals (casework.md §6.2), and its
tables as CSV and XLSX.

Tier 1 only (case numbers, agencies, codes, dates and counts, `nrm_figures`): no sealed value
is opened, so neither the page nor a download writes an access event (§6.5 logs reads of
tiers 2 and 3 and the exports of case records).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from pathways.casework.access_nrm import coordinated_countries, coordinated_country
from pathways.casework.nrm_figures import Table, dashboard_tables
from pathways.casework.nrm_forms import NrmFilterForm
from pathways.casework.views.common import PAGE_SIZE
from pathways.lib.tables import XLSX_TYPE, table_response, xlsx_bytes

DOWNLOAD_FORMATS = ("csv", "xlsx")


def _dashboard(request: HttpRequest) -> tuple[NrmFilterForm, Any, list[Table]]:
    countries = coordinated_countries(request.user)
    country = coordinated_country(request.user, request.GET.get("country", ""))
    form = NrmFilterForm(request.GET or None, countries=countries)
    tables = dashboard_tables(form.filters(country), timezone.now())
    return form, country, tables


@login_required
@require_GET
def nrm_dashboard(request: HttpRequest) -> HttpResponse:
    form, country, tables = _dashboard(request)
    overdue = next(t for t in tables if t.key == "overdue")
    page = Paginator(overdue.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "country": country,
        "tables": [t for t in tables if t.key != "overdue"],
        "overdue": overdue,
        "page_obj": page,
        "query": query.urlencode(),
    }
    return render(request, "casework/nrm_dashboard.html", context)


@login_required
@require_GET
def nrm_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every table as one workbook (xlsx), or the table named by `table` as CSV."""
    if fmt not in DOWNLOAD_FORMATS:
        coordinated_countries(request.user)  # 404 / 403 first, like the page
        return HttpResponseBadRequest(_("Choose CSV or XLSX."))
    form, country, tables = _dashboard(request)
    if form.is_bound and not form.is_valid():
        problems = [
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}"
            for name, errors in form.errors.items()
        ]
        return HttpResponseBadRequest("\n".join(problems), content_type="text/plain")
    name = f"nrm-referrals-{country.code.lower()}"
    heading = _("Referrals in %(country)s") % {"country": country}
    if fmt == "xlsx":
        sheets = [(t.title, t.headers, t.rows) for t in tables]
        response = HttpResponse(xlsx_bytes(sheets, heading=heading), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    wanted = request.GET.get("table", "open")
    table = next((t for t in tables if t.key == wanted), None)
    if table is None:
        return HttpResponseBadRequest(_("No such table on the dashboard."))
    return table_response(
        filename=f"{name}-{table.key}",
        fmt="csv",
        headers=table.headers,
        rows=table.rows,
        title=f"{heading}: {table.title}",
    )
