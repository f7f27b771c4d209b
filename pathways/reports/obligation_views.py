"""Pages of the ACTIP obligations tracker: the regional matrix (page and PDF), a member
state's articles with status and evidence, and the edit page of one status."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from pathways.accounts.access import get_country_for_user
from pathways.reports.access import (
    can_edit_obligations,
    obligation_countries_for_user,
    require_obligation_edit,
)
from pathways.reports.obligation_forms import ObligationForm
from pathways.reports.obligation_models import ObligationStatus
from pathways.reports.obligations import (
    STATUS_MARKS,
    build_matrix,
    chapters_of,
    country_evidence,
    evidence_for,
    get_article,
    record_for,
)
from pathways.reports.obligations_pdf import render_obligations_pdf
from pathways.reports.services import ObligationConflict, obligation_set


def _legend() -> list[tuple[str, str]]:
    return [(STATUS_MARKS[s], str(s.label)) for s in ObligationStatus.Status]


@login_required
@require_GET
def obligations_matrix(request: HttpRequest) -> HttpResponse:
    matrix = build_matrix(obligation_countries_for_user(request.user))
    return render(
        request, "reports/obligations_matrix.html", {"matrix": matrix, "legend": _legend()}
    )


@login_required
@require_GET
def obligations_matrix_pdf(request: HttpRequest) -> HttpResponse:
    matrix = build_matrix(obligation_countries_for_user(request.user))
    pdf = render_obligations_pdf(matrix, legend=_legend())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"actip-obligations-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def obligations_country(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country_for_user(request.user, code)
    matrix = build_matrix([country])
    records = [c.record for c in matrix.rows[0].cells if c.record is not None]
    evidence = country_evidence(request.user, country, records)
    items = [(cell, evidence.get(cell.article.pk)) for cell in matrix.rows[0].cells]
    chapters = [
        (chapter, [i for i in items if i[0].article.chapter == chapter.number])
        for chapter in chapters_of(matrix.articles)
    ]
    context = {
        "country": country,
        "chapters": chapters,
        "can_edit": can_edit_obligations(request.user, country),
        "legend": _legend(),
    }
    return render(request, "reports/obligations_country.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def obligation_edit(request: HttpRequest, code: str, number: int) -> HttpResponse:
    country = get_country_for_user(request.user, code)
    require_obligation_edit(request.user, country)
    article = get_article(number)
    record = record_for(country, article)
    if request.method == "POST":
        form = ObligationForm(request.POST, user=request.user, country=country)
        if form.is_valid() and _saved(request, form, country, article):
            url = reverse("reports:obligations_country", args=[country.code])
            return redirect(f"{url}#article-{article.number}")
    else:
        form = ObligationForm(
            initial=_initial(record, request.user), user=request.user, country=country
        )
    context = {
        "country": country,
        "article": article,
        "record": record,
        "form": form,
    }
    return render(request, "reports/obligation_edit.html", context)


def _initial(record: ObligationStatus | None, user) -> dict:
    if record is None:
        return {"status": ObligationStatus.Status.NOT_ASSESSED, "version": 0}
    evidence = evidence_for(user, record)
    return {
        "status": record.status,
        "note": record.note,
        "events": evidence.events,
        "achievements": evidence.achievements,
        "releases": evidence.releases,
        "version": record.version,
    }


def _saved(request: HttpRequest, form: ObligationForm, country, article) -> bool:
    data = form.cleaned_data
    try:
        obligation_set(
            actor=request.user,
            country=country,
            article=article,
            version=data["version"],
            status=data["status"],
            note=data["note"],
            events=data["events"],
            achievements=data["achievements"],
            releases=data["releases"],
        )
    except ObligationConflict as conflict:
        form.add_error(None, str(conflict))
        return False
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return False
    return True
