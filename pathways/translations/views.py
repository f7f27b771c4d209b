"""The translation status of every language, a language's review page, and its export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.accounts.access import scope_for
from pathways.translations.access import get_language_for_reviewer
from pathways.translations.catalogs import catalog, language_name
from pathways.translations.forms import ReviewForm
from pathways.translations.services import export_po, review_record
from pathways.translations.status import ALL, AWAITING, REVIEWED, Row, language_statuses, rows

PER_PAGE = 20
# A review that was not saved: the entry's (context, msgid) and the form with its errors.
Failure = tuple[tuple[str, str], ReviewForm]


@login_required
@require_GET
def status(request: HttpRequest) -> HttpResponse:
    context = {
        "statuses": language_statuses(),
        "reviewable": scope_for(request.user).reviewable_languages,
    }
    return render(request, "translations/status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, language: str) -> HttpResponse:
    get_language_for_reviewer(request.user, language)
    show = request.GET.get("show", AWAITING)
    if show not in (AWAITING, REVIEWED, ALL):
        show = AWAITING
    query = request.GET.get("q", "")
    failed = None
    if request.method == "POST":
        failed = _record(request, language)
        if failed is None:
            messages.success(request, _("Review saved."))
            return redirect(_page_url(language, request.GET))
    page = Paginator(rows(language, show=show, query=query), PER_PAGE).get_page(
        request.GET.get("page")
    )
    entries = [_shown(row, failed) for row in page.object_list]
    if failed and not any(shown["errors"] for shown in entries):
        # The entry is not on this page (no longer in the catalog): say why nothing was saved.
        for error in failed[1].non_field_errors():
            messages.error(request, error)
    context = {
        "language": language,
        "language_name": language_name(language),
        "page_obj": page,
        "entries": entries,
        "show": show,
        "query": query,
        "filters": [
            (AWAITING, _("Awaiting review")),
            (REVIEWED, _("Reviewed")),
            (ALL, _("All")),
        ],
    }
    return render(request, "translations/review.html", context, status=400 if failed else 200)


def _record(request: HttpRequest, language: str) -> Failure | None:
    """Save the posted review; on failure the entry's key and the form with its errors."""
    form = ReviewForm(request.POST, forms_count=_forms_in_post(request, language))
    key = (request.POST.get("context", ""), request.POST.get("msgid", ""))
    if not form.is_valid():
        form.add_error(None, _("The review could not be read; nothing was saved."))
        return key, form
    try:
        review_record(
            actor=request.user,
            language=language,
            context=key[0],
            msgid=key[1],
            msgstr=form.texts(),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return key, form
    return None


def _forms_in_post(request: HttpRequest, language: str) -> int:
    entry = catalog(language).get(request.POST.get("context", ""), request.POST.get("msgid", ""))
    return catalog(language).nplurals if entry and entry.msgid_plural else 1


def _shown(row: Row, failed: Failure | None) -> dict[str, Any]:
    """One entry as the template shows it, with the typed text kept where saving failed."""
    form = failed[1] if failed and failed[0] == row.entry.key else None
    texts = row.texts
    if form is not None:
        texts = tuple(form.data.get(f"msgstr_{i}", "") for i in range(len(texts)))
    labels = (
        [_("Form %(number)d") % {"number": i + 1} for i in range(len(texts))]
        if len(texts) > 1
        else [_("Translation")]
    )
    return {
        "row": row,
        "fields": list(zip(range(len(texts)), labels, texts, strict=True)),
        "errors": form.non_field_errors() if form is not None else [],
    }


def _page_url(language: str, params: dict) -> str:
    kept = {k: params[k] for k in ("show", "q", "page") if params.get(k)}
    url = reverse("translations:review", args=[language])
    return f"{url}?{urlencode(kept)}" if kept else url


@login_required
@require_GET
def export(request: HttpRequest, language: str) -> HttpResponse:
    get_language_for_reviewer(request.user, language)
    body = export_po(actor=request.user, language=language)
    response = HttpResponse(body, content_type="text/x-gettext-translation; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="django-{language}.po"'
    return response
