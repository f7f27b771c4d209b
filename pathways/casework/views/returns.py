"""The pages of returns across a border (casework.md §3.6): the case page's returns panel and
"Return to home country", a return's page with its steps and the forms of the steps the
reader may take, one POST per step, and the NRM coordinators' list of the returns from and to
their countries.

Thin: the access helpers decide who sees and acts (`access_returns`), the forms shape the
input, the services decide and write (`services/returns.py`, `return_request.py`,
`return_handover.py`). A return shows tier-1 facts only: no name, no word of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.casework.access import case_for, casework_scope, permitted_sections
from pathways.casework.access_returns import (
    require_return_action,
    require_return_request,
    return_actions_for,
    return_for,
    returns_visible_to,
)
from pathways.casework.models import Case, CaseworkRole, ReturnRequest
from pathways.casework.return_forms import ReturnRequestForm, ReturnStepForm
from pathways.casework.services.return_handover import return_close, return_hand_over
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import (
    handover_refusal,
    return_find_not_national,
    return_flag_safety_risk,
    return_issue_documents,
    return_resume,
    return_schedule,
    return_start_verification,
    return_verify_nationality,
    return_withdraw,
    stale_message,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.care import add_errors
from pathways.casework.views.common import PAGE_SIZE, casework_user, with_role

Status = ReturnRequest.Status
# Each step's service and the form values it takes beyond the actor, the return and version.
STEPS: dict[str, tuple[Callable[..., ReturnRequest], tuple[str, ...]]] = {
    "start_verification": (return_start_verification, ()),
    "verify_nationality": (return_verify_nationality, ()),
    "find_not_national": (return_find_not_national, ()),
    "issue_documents": (return_issue_documents, ()),
    "schedule": (return_schedule, ("on",)),
    "offer_handover": (
        return_hand_over,
        ("to_agency", "service_type", "urgency", "shared_sections", "details"),
    ),
    "close": (return_close, ()),
    "withdraw": (return_withdraw, ("note",)),
    "flag_safety_risk": (return_flag_safety_risk, ("reason",)),
    "resume": (return_resume, ("assessment",)),
}
BUTTONS = {
    "start_verification": gettext_lazy("Start the nationality verification"),
    "verify_nationality": gettext_lazy("Record: nationality verified"),
    "find_not_national": gettext_lazy("Record: not a national (closes the return)"),
    "issue_documents": gettext_lazy("Record: travel documents issued"),
    "schedule": gettext_lazy("Set the date"),
    "offer_handover": gettext_lazy("Offer the hand-over"),
    "close": gettext_lazy("Close the return"),
    "withdraw": gettext_lazy("Record: the person withdraws"),
    "flag_safety_risk": gettext_lazy("Put on hold for a safety risk"),
    "resume": gettext_lazy("Resume the return"),
}
SECONDARY = frozenset({"find_not_national", "withdraw", "flag_safety_risk"})


def verification_late(ret: ReturnRequest) -> bool:
    """Late whenever it is read, whether the deadline job ran or not."""
    return (
        ret.status == Status.NATIONALITY_VERIFICATION
        and ret.verification_due is not None
        and ret.verification_due < timezone.localdate()
    )


def return_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case page's returns panel: the case's returns (25 a page), and whether the reader
    may ask for one."""
    returns = returns_visible_to(request.user).filter(case=case).select_related("to_country")
    try:
        require_return_request(request.user, case)
        may_request = True
    except (Http404, PermissionDenied):
        may_request = False
    return {
        "returns": Paginator(returns.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
            request.GET.get("returns_page")
        ),
        "may_request": may_request,
    }


@login_required
@require_http_methods(["GET", "POST"])
def return_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Return to home country: ask for the person's return (the case's team)."""
    casework_user(request.user)
    case = case_for(request.user, pk)
    require_return_request(request.user, case)
    form = ReturnRequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            ret = return_request(
                actor=request.user, case=case, to_country=form.cleaned_data["to_country"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The return is requested; both countries' NRM coordinators are told.")
            )
            return redirect("casework:return_detail", pk=ret.pk)
    return render(request, "casework/return_request.html", {"case": case, "form": form})


def _steps(ret: ReturnRequest) -> list[tuple[str, Any]]:
    """The return's steps so far, in order, with when each was taken."""
    steps = [
        (_("Requested"), ret.created_at),
        (_("Nationality verification started"), ret.verification_started_at),
        (_("Nationality verified"), ret.verified_at),
        (_("Travel documents issued"), ret.documents_issued_at),
        (_("Handed over"), ret.handed_over_at),
        (_("Withdrawn by the person"), ret.withdrawn_at),
        (_("Closed"), ret.closed_at),
    ]
    return [(label, at) for label, at in steps if at is not None]


def _actions(request: HttpRequest, ret: ReturnRequest, sent: dict[str, ReturnStepForm]):
    items = []
    for action in return_actions_for(request.user, ret):
        if action == "offer_handover" and action not in sent and handover_refusal(ret):
            continue  # no date yet, or a hand-over waiting for its answer
        form = sent.get(action) or ReturnStepForm(
            action=action, ret=ret, initial={"version": ret.version}
        )
        items.append(
            {
                "action": action,
                "form": form,
                "button": BUTTONS[action],
                "secondary": action in SECONDARY,
            }
        )
    return items


def return_page(
    request: HttpRequest,
    ret: ReturnRequest,
    sent: dict[str, ReturnStepForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "ret": ret,
        "case": ret.case,
        "case_link": bool(permitted_sections(request.user, ret.case)),
        "steps": _steps(ret),
        "late": verification_late(ret),
        "actions": _actions(request, ret, sent or {}),
        "referral": ret.handover_referral,
    }
    return render(request, "casework/return_detail.html", context, status=status)


@login_required
@require_GET
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A return: its facts, its steps and the forms of the steps the reader may take."""
    casework_user(request.user)
    return return_page(request, return_for(request.user, pk))


@login_required
@require_POST
def return_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step of the return, carrying its version as the page showed it."""
    casework_user(request.user)
    ret = return_for(request.user, pk)
    if action not in STEPS:
        raise Http404("No such step.")
    require_return_action(request.user, ret, action)
    form = ReturnStepForm(request.POST, action=action, ret=ret)
    if not form.is_valid():
        return return_page(request, ret, {action: form}, status=400)
    if form.cleaned_data["version"] != ret.version:
        return _refused(request, ret, form, stale_message(ret))
    service, names = STEPS[action]
    values = {name: form.cleaned_data[name] for name in names}
    try:
        service(actor=request.user, ret=ret, version=form.cleaned_data["version"], **values)
    except ConcurrentChange:
        return _refused(request, return_for(request.user, pk), form, "")
    except TransitionRefused as refusal:
        return _refused(request, return_for(request.user, pk), form, str(refusal))
    except ValidationError as error:
        add_errors(form, error)
        return return_page(request, return_for(request.user, pk), {action: form}, status=400)
    for warning in getattr(ret, "warnings", []):
        messages.warning(request, warning)
    messages.success(
        request, _("The return is now “%(status)s”.") % {"status": ret.get_status_display()}
    )
    return redirect("casework:return_detail", pk=ret.pk)


def _refused(
    request: HttpRequest, ret: ReturnRequest, form: ReturnStepForm, why: str
) -> HttpResponse:
    """The return as it is now, with why nothing was done; what the user typed stays in the
    form (at the current version) if the step is still open to them."""
    messages.error(request, why or stale_message(ret))
    data: dict[str, Any] = request.POST.copy()
    data[form.add_prefix("version")] = str(ret.version)
    kept = ReturnStepForm(data, action=form.action, ret=ret)
    kept.is_valid()
    return return_page(request, ret, {form.action: kept}, status=409)


@login_required
@require_GET
def return_list(request: HttpRequest) -> HttpResponse:
    """The returns from and to the countries the NRM coordinator coordinates, newest first
    (25 a page), optionally of one status."""
    with_role(request.user, CaseworkRole.NRM_COORDINATOR)
    countries = casework_scope(request.user).countries_with(CaseworkRole.NRM_COORDINATOR)
    returns = returns_visible_to(request.user).filter(
        Q(from_country_id__in=countries) | Q(to_country_id__in=countries)
    )
    chosen = request.GET.get("status", "")
    if chosen in Status.values:
        returns = returns.filter(status=chosen)
    returns = returns.select_related(
        "case", "from_country", "to_country", "handover_referral__to_agency"
    ).order_by("-created_at", "-id")
    page = Paginator(returns, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(ret, verification_late(ret)) for ret in page.object_list]
    context = {"page_obj": page, "rows": rows, "statuses": Status.choices, "chosen": chosen}
    return render(request, "casework/return_list.html", context)
