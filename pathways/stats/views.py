"""Statistics releases: the published list and pages (with PDF and XLSX) for every signed-in
user; the statistician's workspace, drafts and exact internal counts; the focal point's
review."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.lib.tables import XLSX_TYPE
from pathways.stats import access, actip, disclosure
from pathways.stats.exports import (
    release_context,
    release_filename,
    release_title,
    release_xlsx,
    render_release_pdf,
    tables_xlsx,
)
from pathways.stats.forms import (
    DraftForm,
    InternalForm,
    ReleaseFilterForm,
    ReviewForm,
    VersionForm,
    language_or_none,
)
from pathways.stats.models import StatRelease
from pathways.stats.presentation import INTERNAL_RULE, exact_table, published_table
from pathways.stats.services import (
    ReleaseChanged,
    ReleaseRefused,
    release_draft,
    release_publish,
    release_recompute,
    release_review,
)

PAGE_SIZE = 20


def _add_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# --- published releases: every signed-in user ------------------------------------------------


@login_required
@require_GET
def release_list(request: HttpRequest) -> HttpResponse:
    releases = access.published_releases(request.user).select_related("country")
    countries = releases.order_by().values_list("country_id", flat=True).distinct()
    form = ReleaseFilterForm(request.GET or None, countries=list(countries))
    if form.is_bound and form.is_valid():
        if form.cleaned_data["country"]:
            releases = releases.filter(country=form.cleaned_data["country"])
        if form.cleaned_data["year"]:
            releases = releases.filter(year=form.cleaned_data["year"])
    page_obj = Paginator(releases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "works_on_releases": bool(access.draft_reader_country_ids(request.user)),
    }
    return render(request, "stats/release_list.html", context)


def _detail(request: HttpRequest, release: StatRelease, **extra: Any) -> HttpResponse:
    user, status = request.user, extra.pop("status", 200)
    language = translation.get_language()
    context = release_context(release) | {
        "title": release_title(release),
        "may_recompute": not release.is_published and access.may(user, release, "recompute"),
        "may_publish": release.status == StatRelease.Status.REVIEWED
        and access.may(user, release, "publish"),
        "may_review": release.status == StatRelease.Status.DRAFT
        and access.may(user, release, "review"),
        "version_form": VersionForm(initial={"version": release.version}),
        "pdf_languages": [(code, name) for code, name in settings.LANGUAGES if code != language],
        "works_on_releases": release.country_id in access.draft_reader_country_ids(user),
    }
    return render(request, "stats/release_detail.html", context | extra, status=status)


@login_required
@require_GET
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.release_for(request.user, pk))


@login_required
@require_GET
def release_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    release = access.published_release_for(request.user, pk)
    language = language_or_none(request.GET.get("lang")) or translation.get_language()
    response = HttpResponse(
        render_release_pdf(release, language=language), content_type="application/pdf"
    )
    name = release_filename(release, "pdf", language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def release_xlsx_download(request: HttpRequest, pk: int) -> HttpResponse:
    release = access.published_release_for(request.user, pk)
    language = translation.get_language()
    response = HttpResponse(release_xlsx(release), content_type=XLSX_TYPE)
    name = release_filename(release, "xlsx", language)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- the statistician's and the focal point's workspace ----------------------------------------


def _workspace(request: HttpRequest, form: DraftForm | None = None, status: int = 200):
    drafting, reviewing = access.workspace_countries(request.user)
    open_releases = (
        StatRelease.objects.filter(country__in=[*drafting, *reviewing])
        .exclude(status=StatRelease.Status.PUBLISHED)
        .select_related("country", "created_by")
    )
    to_review = [
        r
        for r in open_releases
        if r.status == StatRelease.Status.DRAFT
        and r.country in reviewing
        and r.created_by_id != request.user.pk
    ]
    if drafting and form is None:
        form = DraftForm(countries=drafting)
    context = {
        "drafting": drafting,
        "reviewing": reviewing,
        "open_releases": [r for r in open_releases if r.country in drafting],
        "to_review": to_review,
        "form": form,
    }
    return render(request, "stats/workspace.html", context, status=status)


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    return _workspace(request)


@login_required
@require_POST
def release_new(request: HttpRequest) -> HttpResponse:
    drafting, _reviewing = access.workspace_countries(request.user)
    if not drafting:
        access.statistician_country(request.user)  # the 403, worded
    form = DraftForm(request.POST, countries=drafting)
    if not form.is_valid():
        return _workspace(request, form, status=400)
    try:
        release = release_draft(
            actor=request.user, country=form.cleaned_data["country"], year=form.cleaned_data["year"]
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _workspace(request, form, status=400)
    except ReleaseRefused as refusal:
        form.add_error(None, str(refusal))
        return _workspace(request, form, status=409)
    messages.success(request, _("The draft is made. Check the tables, then ask for review."))
    return redirect("stats:release_detail", pk=release.pk)


def _versioned_write(request: HttpRequest, pk: int, action: str, done: str) -> HttpResponse:
    release = access.release_for(request.user, pk)
    access.require_release_action(request.user, release, action)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete; nothing changed. Please retry."))
        return _detail(request, release, status=400)
    service = release_recompute if action == "recompute" else release_publish
    try:
        service(actor=request.user, release=release, version=form.cleaned_data["version"])
    except ReleaseChanged as refusal:
        messages.error(request, str(refusal))
        return _detail(request, access.release_for(request.user, pk), status=409)
    except ReleaseRefused as refusal:
        messages.error(request, str(refusal))
        return _detail(request, release, status=409)
    messages.success(request, done)
    return redirect("stats:release_detail", pk=pk)


@login_required
@require_POST
def release_recompute_view(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("The counts are taken again; the release goes back to review.")
    return _versioned_write(request, pk, "recompute", done)


@login_required
@require_POST
def release_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("The release is published. It will never change.")
    return _versioned_write(request, pk, "publish", done)


@login_required
@require_http_methods(["GET", "POST"])
def release_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    release = access.release_for(request.user, pk)
    access.require_release_action(request.user, release, "review")
    if request.method == "GET":
        form = ReviewForm(initial={"version": release.version})
        return _review_page(request, release, form)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _review_page(request, release, form, status=400)
    values = form.cleaned_data
    try:
        release_review(
            actor=request.user,
            release=release,
            approve=values["decision"] == ReviewForm.APPROVE,
            note=values["note"],
            version=values["version"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _review_page(request, release, form, status=400)
    except ReleaseRefused as refusal:
        form.add_error(None, str(refusal))
        return _review_page(request, access.release_for(request.user, pk), form, status=409)
    messages.success(request, _("Your review is recorded; the statistician is told on the page."))
    return redirect("stats:workspace")


def _review_page(
    request: HttpRequest, release: StatRelease, form: ReviewForm, status: int = 200
) -> HttpResponse:
    context = release_context(release) | {"title": release_title(release), "form": form}
    return render(request, "stats/release_review.html", context, status=status)


# --- exact internal counts: the statistician only ---------------------------------------------


def _internal_choice(request: HttpRequest) -> tuple[Any, InternalForm, int | None]:
    country = access.statistician_country(request.user, request.GET.get("country", ""))
    form = InternalForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    return country, form, year


@login_required
@require_GET
def internal_counts(request: HttpRequest) -> HttpResponse:
    country, form, year = _internal_choice(request)
    drafting, _reviewing = access.workspace_countries(request.user)
    tables = [exact_table(t) for t in actip.actip_tables(country, year)] if year else []
    context = {
        "country": country,
        "countries": drafting,
        "form": form,
        "year": year,
        "tables": tables,
        "internal_rule": INTERNAL_RULE,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "stats/internal_counts.html", context, status=status)


@login_required
@require_GET
def internal_counts_xlsx(request: HttpRequest) -> HttpResponse:
    """The internal tables as they would be published: the same rules as a release."""
    country, form, year = _internal_choice(request)
    if year is None:
        return render(
            request,
            "stats/internal_counts.html",
            {"country": country, "form": form, "tables": [], "internal_rule": INTERNAL_RULE},
            status=400,
        )
    published = disclosure.publish_tables(actip.actip_tables(country, year))
    tables = [published_table(t.as_json()) for t in published]
    heading = _("%(country)s, %(year)d: as it would be published (not a release)") % {
        "country": country.name,
        "year": year,
    }
    response = HttpResponse(tables_xlsx(tables, heading=heading), content_type=XLSX_TYPE)
    name = f"statistics-{country.code}-{year}-as-published.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
