"""The identification pages of a case (casework.md §3.2): scheduling the formal interview,
recording a decision or a review's outcome, recognising another country's identification, and
asking for a review. Each page acts on the case's current decision at the version it showed:
someone else acted since, and the page says what the decision is now, keeping what the user
typed; the workflow refuses, and the page says why. Reached through the case (404 for anyone
who may not see it); the actions through `access.require_identification_action`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.casework.access import (
    SCREENING_ROLES,
    case_for,
    casework_scope,
    formal_identifier,
    require_identification_action,
)
from pathways.casework.identification_forms import DecisionForm, InterviewForm, RecogniseForm
from pathways.casework.models import (
    Case,
    CaseworkRole,
    CountryCaseworkSettings,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.services import (
    identification_recognise_foreign_decision,
    identification_record_decision,
    identification_record_objection,
    identification_record_review,
    identification_request_review,
    identification_reschedule,
    identification_schedule_interview,
)
from pathways.casework.services.identification_moves import (
    ORG_TYPES,
    IdentificationOutcome,
    is_foreign_national,
    why_not_formal,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.case_panels import allowed
from pathways.casework.views.common import casework_user
from pathways.programs.models import Organisation

Decision = IdentificationDecision
PANEL = "#identification"


def _decision_for(user: Any, pk: int, decision_pk: int) -> tuple[Case, IdentificationDecision]:
    """The case the user may see (404 otherwise) and one of its decisions."""
    casework_user(user)
    case = case_for(user, pk)
    decision = (
        Decision.objects.select_related("case", "country", "client", "decision_agency")
        .filter(pk=decision_pk, case=case)
        .first()
    )
    if decision is None:
        raise Http404("No such identification decision.")
    return case, decision


def _agencies(
    user: Any, case: Case, decision: IdentificationDecision, action: str
) -> QuerySet[Organisation]:
    """The agencies the user may take `action` for (403 or 404, as the access rule says,
    when none)."""
    scope = casework_scope(user)
    held = scope.agencies_with(*SCREENING_ROLES, CaseworkRole.LEGAL_OFFICER)
    candidates = Organisation.objects.filter(pk__in=held, country_id=case.country_id)
    agencies = [
        agency
        for agency in candidates.order_by("name")
        if allowed(
            lambda agency=agency: require_identification_action(user, decision, agency.pk, action)
        )
    ]
    if not agencies:
        require_identification_action(user, decision, case.owner_agency_id, action)
        raise PermissionDenied
    return Organisation.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")


def stale_message(decision: IdentificationDecision) -> str:
    fresh = Decision.objects.get(pk=decision.pk)
    return _(
        "Someone else acted on this identification while you were working on it: it is now "
        "“%(state)s”. Nothing you sent was saved; go back to the case to see the decision as it "
        "is now."
    ) % {"state": fresh.get_state_display()}


def _page(
    request: HttpRequest,
    template: str,
    case: Case,
    decision: IdentificationDecision,
    form: forms.Form,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"case": case, "decision": decision, "form": form, **extra}
    return render(request, f"casework/{template}", context, status=status)


def _act(
    form: forms.Form,
    decision: IdentificationDecision,
    call: Any,
) -> tuple[Any, int]:
    """Run the service unless the page was stale; (result, 0) or (None, status) with the
    reason on the form."""
    if form.cleaned_data["version"] != decision.version:
        form.add_error(None, stale_message(decision))
        return None, 409
    try:
        return call(), 0
    except ConcurrentChange:
        form.add_error(None, stale_message(decision))
        return None, 409
    except TransitionRefused as refusal:
        field = "level" if "level" in form.fields and _not_formal(form, decision) else None
        form.add_error(field, str(refusal))
        return None, 409 if field is None else 200


def _not_formal(form: forms.Form, decision: IdentificationDecision) -> bool:
    level = form.cleaned_data.get("level")
    agency = form.cleaned_data["agency"]
    return level != Decision.Level.PRELIMINARY and not formal_identifier(
        agency.pk, decision.country_id
    )


def _back(case: Case) -> HttpResponse:
    return redirect(f"{case_url(case)}{PANEL}")


def case_url(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


# --- the interview ------------------------------------------------------------------------------


@login_required
def interview(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """The formal identification interview: its date, or a new one."""
    case, decision = _decision_for(request.user, pk, decision_pk)
    rescheduling = decision.state == Decision.State.INTERVIEW_SCHEDULED
    action = "reschedule" if rescheduling else "schedule_interview"
    agencies = _agencies(request.user, case, decision, action)
    initial = {"version": decision.version, "when": decision.interview_scheduled_for}
    form = InterviewForm(request.POST or None, agencies=agencies, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        service = identification_reschedule if rescheduling else identification_schedule_interview
        data = form.cleaned_data
        done, status = _act(
            form,
            decision,
            lambda: service(
                actor=request.user, decision=decision, agency=data["agency"], when=data["when"]
            ),
        )
        if done is not None:
            messages.success(request, _("The identification interview is scheduled."))
            return _back(case)
    extra = {"rescheduling": rescheduling}
    return _page(request, "identification_schedule.html", case, decision, form, status, **extra)


# --- a decision or a review's outcome -----------------------------------------------------------


def level_help(case: Case, agencies: QuerySet[Organisation]) -> str:
    """Who may record a formal decision in the case's country, and why the user's agency may
    not if it is not named."""
    found = CountryCaseworkSettings.objects.filter(country_id=case.country_id).first()
    named = list(found.formal_identifier_agencies.order_by("name")) if found else []
    not_named = [a for a in agencies if a not in named]
    if not_named:
        return why_not_formal(not_named[0], case.country)
    return _("Your agency is named in %(country)s to make formal identifications.") % {
        "country": case.country.name
    }


def _decision_page(
    request: HttpRequest, pk: int, decision_pk: int, action: str, template_title: str
) -> HttpResponse:
    case, decision = _decision_for(request.user, pk, decision_pk)
    agencies = _agencies(request.user, case, decision, action)
    foreign = is_foreign_national(case.client, case.country)
    org_type = ORG_TYPES.get(agencies[0].type, Decision.DecisionMakingOrg.OTHER)
    form = DecisionForm(
        request.POST or None,
        agencies=agencies,
        level_help=level_help(case, agencies),
        initial={"version": decision.version, "decision_making_org_type": org_type},
    )
    form.offer_objection(foreign)
    status = 200
    if request.method == "POST" and form.is_valid():
        service = (
            identification_record_decision
            if action == "record_decision"
            else identification_record_review
        )
        data = form.cleaned_data
        outcome, status = _act(
            form,
            decision,
            lambda: service(
                actor=request.user,
                decision=decision,
                agency=data["agency"],
                status=data["status"],
                level=data["level"],
                decision_making_org_type=data["decision_making_org_type"],
                form_used=data["form_used"],
                decided_on=data["decided_on"],
                legal_basis=data["legal_basis"],
                victim_objects_to_notification=data.get("victim_objects_to_notification", False),
            ),
        )
        if outcome is not None:
            _tell_outcome(request, outcome)
            return _back(case)
    context = {"title": template_title, "foreign": foreign}
    return _page(request, "identification_decision.html", case, decision, form, status, **context)


def _tell_outcome(request: HttpRequest, outcome: IdentificationOutcome) -> None:
    new = outcome.decision
    messages.success(
        request,
        _("The decision is recorded: %(status)s (%(level)s).")
        % {"status": new.get_status_display(), "level": new.get_level_display()},
    )
    notification = outcome.notification
    if notification is None:
        return
    if notification.status == CountryNotification.Status.BLOCKED_BY_OBJECTION:
        messages.info(
            request,
            _("The country of origin (%(country)s) will not be told: the person objects.")
            % {"country": notification.to_country},
        )
    else:
        messages.info(
            request,
            _("The country of origin (%(country)s) is to be told that the person was identified.")
            % {"country": notification.to_country},
        )


@login_required
def decide(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    return _decision_page(request, pk, decision_pk, "record_decision", _("Record the decision"))


@login_required
def review(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    return _decision_page(
        request, pk, decision_pk, "record_review", _("Record the outcome of the review")
    )


@login_required
@require_POST
def request_review(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """The person, through their case worker, supervisor or lawyer, asks for a review."""
    case, decision = _decision_for(request.user, pk, decision_pk)
    agencies = _agencies(request.user, case, decision, "request_review")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    if version != decision.version:
        messages.error(request, stale_message(decision))
        return _back(case)
    try:
        identification_request_review(actor=request.user, decision=decision, agency=agencies[0])
    except TransitionRefused as refusal:
        is_stale = isinstance(refusal, ConcurrentChange)
        messages.error(request, stale_message(decision) if is_stale else str(refusal))
        return _back(case)
    messages.success(request, _("A review is requested: the decision is under review."))
    return _back(case)


# --- another country's decision -----------------------------------------------------------------


@login_required
def recognise(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """Recognise another country's identification of the person (ACTIP art. 14(2))."""
    case, decision = _decision_for(request.user, pk, decision_pk)
    agencies = _agencies(request.user, case, decision, "recognise_foreign_decision")
    foreign = is_foreign_national(case.client, case.country)
    org_type = ORG_TYPES.get(agencies[0].type, Decision.DecisionMakingOrg.OTHER)
    form = RecogniseForm(
        request.POST or None,
        agencies=agencies,
        initial={"version": decision.version, "decision_making_org_type": org_type},
    )
    form.offer_objection(foreign)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome, status = _act(
            form,
            decision,
            lambda: identification_recognise_foreign_decision(
                actor=request.user,
                decision=decision,
                agency=data["agency"],
                issuing_country=data["issuing_country"],
                issuing_agency=data["issuing_agency"],
                decision_making_org_type=data["decision_making_org_type"],
                legal_basis=data["legal_basis"],
                victim_objects_to_notification=data.get("victim_objects_to_notification", False),
            ),
        )
        if outcome is not None:
            _tell_outcome(request, outcome)
            return _back(case)
    help_text = level_help(case, agencies)
    context = {"foreign": foreign, "formal_help": help_text}
    return _page(request, "identification_recognise.html", case, decision, form, status, **context)


# --- the person's objection to their country being told --------------------------------------


@login_required
@require_POST
def object_to_notification(request: HttpRequest, pk: int, notification_pk: int) -> HttpResponse:
    """The person objects to their country of origin being told (ACTIP art. 14(3)); no version:
    the service refuses, naming its status, a notification no longer waiting to be sent."""
    casework_user(request.user)
    case = case_for(request.user, pk)
    notification = (
        CountryNotification.objects.select_related("decision__case")
        .filter(pk=notification_pk, decision__case=case)
        .first()
    )
    if notification is None:
        raise Http404("No such notification.")
    try:
        identification_record_objection(actor=request.user, notification=notification)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return _back(case)
    messages.success(
        request,
        _("Noted: the person objects, so their country of origin (%(country)s) will not be told.")
        % {"country": notification.to_country},
    )
    return _back(case)
