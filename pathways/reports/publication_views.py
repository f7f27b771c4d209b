"""Publications: the list, one publication beside its figures now, its file as published,
and publishing itself (a confirmation, then a POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.accounts.access import get_country_or_region_for_user, require
from pathways.programs.models import Country
from pathways.reports import publishing
from pathways.reports.access import (
    can_publish,
    can_withdraw,
    get_publication_for_user,
    publications_for_user,
)
from pathways.reports.changes_since import changes_since
from pathways.reports.forms import PublishForm, WithdrawForm
from pathways.reports.publishing import check_request, publication_create
from pathways.reports.snapshots import (
    FigureChange,
    compare,
    current_rows,
    figure_label,
    place_label,
)

PAGE_SIZE = 25


@login_required
@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    # The files and figures are read on a publication's own page, never for the list.
    listed = publications_for_user(request.user).defer("content", "figures")
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/publication_list.html", {"page_obj": page})


def figure_table(changes: list[FigureChange]) -> list[dict[str, object]]:
    """The rows of the publication page: each figure as published, now, and the change."""
    countries = {c.code: c for c in Country.objects.all()}
    return [
        {
            "place": place_label(change.place, countries),
            "period": change.period.short_label,
            "figure": figure_label(change.figure),
            "change": change,
        }
        for change in changes
    ]


@login_required
@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_user(request.user, pk)
    changes = compare(publication.figures["rows"], current_rows(publication))
    context = {
        "publication": publication,
        "table": figure_table(changes),
        "differ": sum(not change.unchanged for change in changes),
        "since": changes_since(publication),
        "can_withdraw": can_withdraw(request.user) and publication.withdrawn_at is None,
    }
    return render(request, "reports/publication_detail.html", context)


@login_required
@require_GET
def publication_download(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_user(request.user, pk)
    response = HttpResponse(bytes(publication.content), content_type=publication.media_type)
    response["Content-Disposition"] = f'attachment; filename="{publication.file_name}"'
    return response


def _place(request: HttpRequest, form: PublishForm) -> Country | None:
    """The form's country (None: the region) as the user may open it: 404 outside scope."""
    return get_country_or_region_for_user(request.user, form.cleaned_data["country"])


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    form = PublishForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render(request, "reports/publish_confirm.html", {"form": form}, status=400)
    country = _place(request, form)
    data = form.cleaned_data
    require(can_publish(request.user, data["kind"], country), _("You may not publish this output."))
    asked = {k: data[k] for k in ("kind", "start", "end", "language")}
    try:
        if request.method == "GET":
            check_request(country=country, **asked)
            return render(
                request, "reports/publish_confirm.html", {"form": form, "country": country}
            )
        publication = publication_create(actor=request.user, country=country, **asked)
    except ValidationError as error:
        form.add_error(None, error)
        context = {"form": form, "country": country}
        return render(request, "reports/publish_confirm.html", context, status=400)
    messages.success(request, _("Published. Its figures and file are kept as they are now."))
    return redirect("reports:publication_detail", pk=publication.pk)


@login_required
@require_http_methods(["GET", "POST"])
def publication_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_user(request.user, pk)
    require(can_withdraw(request.user), _("Only the MEL admin may withdraw a publication."))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publishing.publication_withdraw(
                actor=request.user, publication=publication, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The publication is marked withdrawn."))
            return redirect("reports:publication_detail", pk=publication.pk)
    context = {"publication": publication, "form": form}
    status = 400 if form.errors else 200
    return render(request, "reports/publication_withdraw.html", context, status=status)
