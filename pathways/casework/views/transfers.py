"""The transfer pages (casework.md §3.5): the case page's transfer panel, asking for a
transfer, the list of transfers (those waiting for the reader's decision first), and one
transfer with the forms its reader may use: accept (choosing a case worker of the receiving
agency), reject (why) or revoke.

Thin: access helpers fetch (404 out of sight, 403 without the role), the forms shape the
input, the services decide. A transfer's words are opened only through `reading_transfers`,
which records the read. A stale form is told the transfer's status now, nothing written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.casework.access import case_for
from pathways.casework.access_transfers import (
    may_act,
    may_request_transfer,
    require_transfer_action,
    require_transfer_request,
    transfer_for,
    transfers_visible_to,
    transfers_waiting_for,
)
from pathways.casework.models import AccessEvent, Case, Transfer
from pathways.casework.reading_transfers import may_read_transfer_words, open_transfer_words
from pathways.casework.services import (
    transfer_accept,
    transfer_reject,
    transfer_request,
    transfer_revoke,
)
from pathways.casework.transfer_forms import TransferDecisionForm, TransferRequestForm
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.care import add_errors
from pathways.casework.views.common import PAGE_SIZE, casework_user

ACTIONS = ("accept", "reject", "revoke")
BUTTONS = {
    "accept": gettext_lazy("Accept the case"),
    "reject": gettext_lazy("Reject the transfer"),
    "revoke": gettext_lazy("Withdraw the request"),
}


def transfer_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case page's transfers (tier 1), newest first, and whether the reader may ask."""
    transfers = case.transfers.select_related("from_agency", "to_agency").order_by("-pk")
    return {
        "transfers": list(transfers[:PAGE_SIZE]),
        "may_request": may_request_transfer(request.user, case),
    }


@login_required
@require_http_methods(["GET", "POST"])
def transfer_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to transfer the case to another agency (its team; the person's consent first)."""
    casework_user(request.user)
    case = case_for(request.user, pk)
    require_transfer_request(request.user, case)
    form = TransferRequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            made = transfer_request(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The transfer is asked; the receiving agency's supervisors are told.")
            )
            return redirect("casework:transfer_detail", pk=made.pk)
    return render(request, "casework/transfer_new.html", {"case": case, "form": form})


@login_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    """The transfers waiting for the reader's decision, then every transfer they may see."""
    casework_user(request.user)
    related = ("case", "from_agency", "to_agency")
    waiting = transfers_waiting_for(request.user).select_related(*related).order_by("pk")
    seen = transfers_visible_to(request.user).select_related(*related).order_by("-pk")
    context = {
        "waiting": list(waiting[:PAGE_SIZE]),
        "page_obj": Paginator(seen, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "casework/transfer_list.html", context)


def _forms(
    user: Any, transfer: Transfer, bound: TransferDecisionForm | None
) -> list[dict[str, Any]]:
    if transfer.status != Transfer.Status.REQUESTED:
        return []
    shown = []
    for action in ACTIONS:
        if not may_act(user, transfer, action):
            continue
        form = bound if bound is not None and bound.action == action else None
        form = form or TransferDecisionForm(
            action=action, transfer=transfer, initial={"version": transfer.version}
        )
        shown.append({"action": action, "form": form, "button": BUTTONS[action]})
    return shown


def _page(
    request: HttpRequest,
    transfer: Transfer,
    bound: TransferDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    words = None
    if may_read_transfer_words(request.user, transfer):
        words = open_transfer_words(
            request.user, transfer, via=AccessEvent.Via.WEB, request=request
        )
    context = {
        "transfer": transfer,
        "case": transfer.case,
        "words": words,
        "forms": _forms(request.user, transfer, bound),
        "sees_case": case_visible(request.user, transfer.case),
    }
    return render(request, "casework/transfer_detail.html", context, status=status)


def case_visible(user: Any, case: Case) -> bool:
    try:
        case_for(user, case.pk)
    except Http404:
        return False
    return True


@login_required
@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    return _page(request, transfer_for(request.user, pk))


def _act(user: Any, transfer: Transfer, form: TransferDecisionForm) -> None:
    values = form.cleaned_data
    common = {"actor": user, "transfer": transfer, "version": values["version"]}
    if form.action == "accept":
        transfer_accept(**common, case_worker=values["case_worker"])
    elif form.action == "reject":
        transfer_reject(**common, reason=values["reason"])
    else:
        transfer_revoke(**common, note=values["reason"])


DONE = {
    "accept": gettext_lazy("The case is now your agency's."),
    "reject": gettext_lazy("The transfer is rejected; the requesting agency is told."),
    "revoke": gettext_lazy("The request is withdrawn; the receiving agency is told."),
}


@login_required
@require_POST
def transfer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    casework_user(request.user)
    transfer = transfer_for(request.user, pk)
    if action not in ACTIONS:
        raise Http404("No such action.")
    require_transfer_action(request.user, transfer, action)
    form = TransferDecisionForm(request.POST, action=action, transfer=transfer)
    if not form.is_valid():
        return _page(request, transfer, form)
    try:
        _act(request.user, transfer, form)
    except ValidationError as error:
        add_errors(form, error)
        return _page(request, transfer, form)
    except (ConcurrentChange, TransitionRefused) as refusal:
        messages.error(request, str(refusal))
        return _page(request, transfer_for(request.user, pk), status=409)
    messages.success(request, DONE[action])
    if action == "accept":
        return redirect("casework:case_detail", pk=transfer.case_id)
    return redirect("casework:transfer_detail", pk=transfer.pk)
