"""Moving a case through its stages from the case page (casework.md §3.3): one POST per action,
carrying the case's version as the page showed it. Someone else acted since: the user is told
the stage the case is now in and nothing is written; an action the workflow refuses: its
reason, on the page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.casework.access import case_for, require_case_action
from pathways.casework.case_stage_forms import StageActionForm
from pathways.casework.models import Case
from pathways.casework.services import (
    case_approve_closure,
    case_confirm_identification,
    case_identification_negative_and_close,
    case_reject_closure,
    case_reopen,
    case_request_closure,
    case_start_assessment,
    case_start_monitoring,
    case_start_reintegration,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.cases import case_page
from pathways.casework.views.common import casework_user

Service = Callable[..., Case]
# Each action's service and the form values it takes beyond the actor and the case.
SERVICES: dict[str, tuple[Service, tuple[str, ...]]] = {
    "confirm_identification": (case_confirm_identification, ()),
    "start_assessment": (case_start_assessment, ()),
    "start_reintegration": (case_start_reintegration, ()),
    "start_monitoring": (case_start_monitoring, ()),
    "request_closure": (case_request_closure, ("reason", "note")),
    "approve_closure": (case_approve_closure, ()),
    "reject_closure": (case_reject_closure, ()),
    "reopen": (case_reopen, ("reason",)),
    "identification_negative_and_close": (case_identification_negative_and_close, ("note",)),
}
PANEL = "#case-stage"


def stale_message(case: Case) -> str:
    return _(
        "Someone else acted on this case while you were looking at it: it is now “%(stage)s”. "
        "Nothing you sent was saved; see the case as it is now, and act again if you still "
        "need to."
    ) % {"stage": case.get_stage_display()}


@login_required
@require_POST
def case_stage_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    casework_user(request.user)
    case = case_for(request.user, pk)
    if action not in SERVICES:
        raise Http404("No such action.")
    require_case_action(request.user, case, action)
    form = StageActionForm(request.POST, action=action)
    if not form.is_valid():
        return case_page(request, case, stage_forms={action: form})
    if form.cleaned_data["version"] != case.version:
        return _refused(request, case, form, stale_message(case))
    service, names = SERVICES[action]
    values = {name: form.cleaned_data[name] for name in names}
    try:
        service(actor=request.user, case=case, **values)
    except ConcurrentChange:
        return _refused(request, case_for(request.user, pk), form, "")
    except TransitionRefused as refusal:
        return _refused(request, case_for(request.user, pk), form, str(refusal))
    now = {"stage": case.get_stage_display()}
    messages.success(request, _("The case is now “%(stage)s”.") % now)
    return redirect(case_url(case))


def case_url(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk]) + PANEL


def _refused(request: HttpRequest, case: Case, form: StageActionForm, why: str) -> HttpResponse:
    """The case page as it is now, with why nothing was done; what the user typed stays in
    the form (at the case's current version) if the action is still open to them."""
    messages.error(request, why or stale_message(case))
    data: dict[str, Any] = request.POST.copy()
    data[form.add_prefix("version")] = str(case.version)
    kept = StageActionForm(data, action=form.action)
    kept.is_valid()
    return case_page(request, case, stage_forms={form.action: kept}, status=409)
