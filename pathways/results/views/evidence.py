"""Evidence files of achievements and reported values: attach, download, make public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.accounts.access import require
from pathways.results import services
from pathways.results.access import (
    can_set_evidence_public,
    evidence_download_response,
    get_achievement_for_edit,
    get_evidence_for_user,
)
from pathways.results.forms import EvidenceForm, EvidencePublicForm


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_edit(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.evidence_add(
                actor=request.user, upload=upload, filename=upload.name, achievement=achievement
            )
            messages.success(request, _("%(name)s is attached.") % {"name": upload.name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("results:achievement_detail", pk=pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff-only files to the country's staff, public ones to everyone who sees the record
    (`EvidenceFile.objects.visible_to`); the API serves them through the same helper."""
    return evidence_download_response(request.user, pk)


@login_required
@require_POST
def evidence_set_public(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    require(can_set_evidence_public(request.user, evidence))
    form = EvidencePublicForm(request.POST)
    form.is_valid()  # a missing box is False: staff only
    public = form.cleaned_data.get("public", False)
    services.evidence_set_public(actor=request.user, evidence=evidence, public=public)
    message = (
        _("%(name)s is public: everyone who sees the record may open it, the donor included.")
        if public
        else _("%(name)s is for the country's staff only.")
    )
    messages.success(request, message % {"name": evidence.original_name})
    if evidence.achievement_id:
        return redirect("results:achievement_detail", pk=evidence.achievement_id)
    return redirect("results:indicators_country", code=evidence.reported_value.country.code)
