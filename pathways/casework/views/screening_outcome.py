"""After the interview: the rule's suggestion in words, the screener's confirmation or
override (with a reason), then the next step by outcome — refer a presumed victim for
identification (the client, a case in its first stage and a preliminary identification),
no consent to continue, or other services offered and the screening closed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pathways.casework.indicators import RuleResult
from pathways.casework.models import Case, Screening
from pathways.casework.screening_forms import (
    ReferForm,
    TriageForm,
    VersionForm,
    suggested_exploitation_type,
)
from pathways.casework.services import (
    screening_no_consent_to_continue,
    screening_offer_other_services,
    screening_refer_for_identification,
    screening_triage,
)
from pathways.casework.services.screening import screening_suggestion
from pathways.casework.views.screening import (
    State,
    act,
    conflict_context,
    dimensions_of,
    fresh,
    keep_posted,
    next_url,
)


def suggestion_words(screening: Screening, result: RuleResult) -> dict[str, Any]:
    """The suggestion as the page says it: the outcome, the dimensions met by title, and
    whether the set awaits national review."""
    titles = {d["code"]: d["title"] for d in dimensions_of(screening)}
    return {
        "outcome": Screening.Outcome(result.outcome).label,
        "dimensions": [titles.get(code, code) for code in result.dimensions_met],
        "yes_count": result.yes_count,
        "awaits_review": screening.indicator_set.awaits_review,
    }


@login_required
@require_http_methods(["GET", "POST"])
def screening_triage_page(request: HttpRequest, pk: int) -> HttpResponse:
    screening = fresh(request, pk)
    posted = request.method == "POST"
    moved_on = screening.state != State.SUBMITTED
    if screening.indicator_set is None or (moved_on and not posted):
        return redirect(next_url(screening))
    result = screening_suggestion(screening)
    form_kwargs = {"suggested": result.outcome}
    form = TriageForm(request.POST or None, initial={"version": screening.version}, **form_kwargs)
    context: dict[str, Any] = {}
    if posted and moved_on:
        # Triaged (or voided) by someone else meanwhile: say so, keep what was typed.
        form = keep_posted(TriageForm, request, screening, **form_kwargs)
        context.update(conflict_context(screening))
    elif posted and form.is_valid():
        done = act(
            form,
            screening,
            lambda: screening_triage(
                actor=request.user,
                screening=screening,
                confirmed_outcome=form.cleaned_data["confirmed_outcome"],
                override_reason=form.cleaned_data["override_reason"],
            ),
        )
        if done:
            return redirect(next_url(screening))
        if done is None:
            screening = fresh(request, pk)
            form = keep_posted(TriageForm, request, screening, **form_kwargs)
            context.update(conflict_context(screening))
    context.update(screening=screening, form=form, suggestion=suggestion_words(screening, result))
    return render(request, "casework/screening_triage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def screening_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """The next step by the confirmed outcome: with indicators, refer for identification
    (the person's identifiers) or record that the person does not wish to continue; with
    none, offer other services and close."""
    screening = fresh(request, pk)
    posted = request.method == "POST"
    if not posted and screening.state not in (State.INDICATORS_PRESENT, State.NO_INDICATORS):
        return redirect(next_url(screening))
    form = ReferForm(
        request.POST or None,
        initial={"version": screening.version},
        suggested_type=suggested_exploitation_type(screening),
    )
    context: dict[str, Any] = {}
    if posted and screening.state != State.INDICATORS_PRESENT:
        # Moved on by someone else meanwhile: say so, keep the identifiers typed.
        form = keep_posted(ReferForm, request, screening)
        context.update(conflict_context(screening))
    elif posted and form.is_valid():
        done = act(form, screening, lambda: _refer(request, form, screening))
        if done:
            messages.success(
                request,
                _(
                    "Referred for identification: the person is a presumed victim, with "
                    "case %(case)s in its first stage and a preliminary identification."
                )
                % {"case": screening.case.case_number},
            )
            return redirect("casework:screening_detail", pk=pk)
        if done is None:
            screening = fresh(request, pk)
            form = keep_posted(ReferForm, request, screening)
            context.update(conflict_context(screening))
    context.update(
        screening=screening,
        form=form,
        version_form=VersionForm(initial={"version": screening.version}),
    )
    return render(request, "casework/screening_outcome.html", context)


def _refer(request: HttpRequest, form: ReferForm, screening: Screening) -> None:
    screening_refer_for_identification(
        actor=request.user,
        screening=screening,
        identity=form.identity(),
        birthdate_precision=form.cleaned_data["birthdate_precision"],
        identity_document_type=form.cleaned_data["identity_document_type"],
        exploitation_type=form.cleaned_data["exploitation_type"] or Case.ExploitationType.UNKNOWN,
        exploitation_country=form.cleaned_data["exploitation_country"],
    )


def _closing(request: HttpRequest, pk: int, service, done_message: str) -> HttpResponse:
    screening = fresh(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect(next_url(screening))
    done = act(form, screening, lambda: service(actor=request.user, screening=screening))
    if done:
        messages.success(request, done_message)
        return redirect("casework:screening_detail", pk=pk)
    if done is None:
        messages.error(
            request,
            _(
                "Someone else changed this screening while you were working on it; nothing "
                "was saved. Here is what it is now."
            ),
        )
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("casework:screening_detail", pk=pk)


@login_required
@require_POST
def screening_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _closing(
        request,
        pk,
        screening_no_consent_to_continue,
        _("Recorded: the person does not wish to continue to identification."),
    )


@login_required
@require_POST
def screening_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _closing(
        request,
        pk,
        screening_offer_other_services,
        _("Other services were offered and the screening is closed."),
    )
