"""Ending a screening without an interview's outcome: voiding one entered in error (the
agency's case supervisor, with a reason, sealed by the service) and marking one a duplicate
of a client already registered (its screener or the supervisor; the client by the case
number of one of their cases the user may see). Both forms carry the version they were
shown at: a screening changed meanwhile is not touched, the page says what it is now and
keeps what was typed (`act`, `conflict_context`, `keep_posted`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.casework.access import (
    cases_visible_to,
    clients_visible_to,
    require_screening_action,
)
from pathways.casework.models import Client, Screening
from pathways.casework.screening_forms import DuplicateForm, VoidForm
from pathways.casework.services import screening_mark_duplicate, screening_void
from pathways.casework.services.screening import SCREENING
from pathways.casework.views.screening import act, conflict_context, fresh, keep_posted


@login_required
@require_http_methods(["GET", "POST"])
def screening_void_page(request: HttpRequest, pk: int) -> HttpResponse:
    screening = fresh(request, pk)
    require_screening_action(request.user, screening, "void")  # 403 but for the supervisor
    posted = request.method == "POST"
    if not posted and "void" not in SCREENING.allowed_actions(screening.state):
        return redirect("casework:screening_detail", pk=pk)
    form = VoidForm(request.POST or None, initial={"version": screening.version})
    context: dict[str, Any] = {"screening": screening}
    if posted and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = act(
            form,
            screening,
            lambda: screening_void(actor=request.user, screening=screening, reason=reason),
        )
        if done:
            messages.success(request, _("The screening is void; the reason is kept encrypted."))
            return redirect("casework:screening_detail", pk=pk)
        if done is None:
            screening = fresh(request, pk)
            form = keep_posted(VoidForm, request, screening)
            context.update(conflict_context(screening), screening=screening)
    context["form"] = form
    return render(request, "casework/screening_void.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screening_duplicate_page(request: HttpRequest, pk: int) -> HttpResponse:
    screening = fresh(request, pk)
    require_screening_action(request.user, screening, "mark_duplicate")
    posted = request.method == "POST"
    if not posted and "mark_duplicate" not in SCREENING.allowed_actions(screening.state):
        return redirect("casework:screening_detail", pk=pk)
    initial = {"version": screening.version, "case_number": _suggested(request.user, screening)}
    form = DuplicateForm(request.POST or None, initial=initial)
    context: dict[str, Any] = {"screening": screening}
    if posted and form.is_valid():
        client = _client_of(request.user, screening, form.cleaned_data["case_number"])
        if client is None:
            form.add_error(
                "case_number",
                _("No client you may see has a case with this number in this country."),
            )
        else:
            done = act(
                form,
                screening,
                lambda: screening_mark_duplicate(
                    actor=request.user, screening=screening, client=client
                ),
            )
            if done:
                messages.success(
                    request, _("The screening is marked a duplicate of the registered client.")
                )
                return redirect("casework:screening_detail", pk=pk)
            if done is None:
                screening = fresh(request, pk)
                form = keep_posted(DuplicateForm, request, screening)
                context.update(conflict_context(screening), screening=screening)
    context["form"] = form
    return render(request, "casework/screening_duplicate.html", context)


def _client_of(user: Any, screening: Screening, case_number: str) -> Client | None:
    """The client of the case with this number, in the screening's country, if the user may
    see them (an unknown number and a client out of reach read the same)."""
    return (
        clients_visible_to(user)
        .filter(country_id=screening.country_id, cases__case_number=case_number.strip())
        .first()
    )


def _suggested(user: Any, screening: Screening) -> str:
    """The case number of the registered client a roster's row may be, when the user may see
    that case."""
    if screening.possible_client_id is None:
        return ""
    number = (
        cases_visible_to(user)
        .filter(client_id=screening.possible_client_id)
        .order_by("-opened_on", "-pk")
        .values_list("case_number", flat=True)
        .first()
    )
    return number or ""
