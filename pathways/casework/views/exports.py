"""Exporting a case in the HTCDS (casework.md §6.3 rule 4): the export page of a case, the
requests awaiting a supervisor, and a request's page where it is decided, prepared (its
password shown once) and downloaded once. A page of a request out of reach is a 404; acting
on a request without the right to is refused with the reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.casework.access import case_for
from pathways.casework.export_access import (
    export_request_for,
    export_requests_to_decide,
    export_requests_visible_to,
    exportable_sections,
    may_decide,
)
from pathways.casework.models import ExportRequest, Section
from pathways.casework.services.htcds_export import (
    ExportFile,
    export_approve,
    export_download,
    export_prepare,
    export_refuse,
    export_request,
    export_summary,
)
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.common import casework_user


class ExportForm(forms.Form):
    sections = forms.MultipleChoiceField(
        label=gettext_lazy("Sections to export"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The summary alone is exported at once. Anything more needs a supervisor's "
            "approval, and is then downloaded once, encrypted under a password shown to you."
        ),
        error_messages={"required": gettext_lazy("Choose at least one section to export.")},
    )

    def __init__(self, *args: Any, permitted: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [(s.value, s.label) for s in Section if s in permitted]


def file_response(file: ExportFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    case = case_for(request.user, pk)
    permitted = exportable_sections(request.user, case)
    data = request.POST if request.method == "POST" else None
    form = ExportForm(data, permitted=permitted, initial={"sections": ["summary"]})
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["sections"])
        try:
            if chosen == {Section.SUMMARY}:
                return file_response(export_summary(actor=request.user, case=case, request=request))
            export = export_request(actor=request.user, case=case, sections=chosen)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your export is asked for: a supervisor decides."))
            return redirect("casework:export_detail", pk=export.pk)
    return render(request, "casework/export_case.html", {"case": case, "form": form})


@login_required
@require_GET
def export_list(request: HttpRequest) -> HttpResponse:
    casework_user(request.user)
    context = {
        "to_decide": list(export_requests_to_decide(request.user)[:100]),
        "mine": list(
            export_requests_visible_to(request.user).filter(requested_by=request.user)[:50]
        ),
    }
    return render(request, "casework/export_list.html", context)


def _detail(request: HttpRequest, export: ExportRequest, **extra: Any) -> HttpResponse:
    context = {
        "export": export,
        "can_decide": export.state == ExportRequest.State.REQUESTED
        and may_decide(request.user, export),
        "is_requester": export.requested_by_id == request.user.pk,
        **extra,
    }
    return render(request, "casework/export_detail.html", context)


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    return _detail(request, export_request_for(request.user, pk))


@login_required
@require_POST
def export_decide(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    export = export_request_for(request.user, pk)
    decide = {"approve": export_approve, "refuse": export_refuse}.get(request.POST.get("decision"))
    if decide is None:
        messages.error(request, _("Choose to approve or to refuse the export."))
        return redirect("casework:export_detail", pk=export.pk)
    try:
        decide(actor=request.user, export=export)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect("casework:export_detail", pk=export.pk)


@login_required
@require_POST
def export_prepare_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The password is in this response only: it is not kept."""
    casework_user(request.user)
    export = export_request_for(request.user, pk)
    try:
        password = export_prepare(actor=request.user, export=export, request=request)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("casework:export_detail", pk=export.pk)
    response = _detail(request, export, password=password)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def export_download_view(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    export = export_request_for(request.user, pk)
    try:
        file = export_download(actor=request.user, export=export)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("casework:export_detail", pk=export.pk)
    return file_response(file)
