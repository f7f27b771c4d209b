"""The case's care work on its page (panels) and the pages of assessments and the care plan.
Values come from `reading_care` (permitted parts only, every read in the access log); writes go
through the services, which check the writer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pathways.casework import deadlines, reading_care
from pathways.casework.access import case_for
from pathways.casework.access_care import may_approve_plans, may_write
from pathways.casework.care_forms import AssessmentForm, CarePlanForm, GoalForm
from pathways.casework.domains import current_sets, text_in
from pathways.casework.models import (
    Assessment,
    CarePlan,
    Case,
    FollowUp,
    Goal,
    ServiceDelivery,
    TraffickingEvent,
)
from pathways.casework.services import (
    GoalInput,
    assessment_record,
    care_plan_approve,
    care_plan_return,
    care_plan_save,
    care_plan_submit,
    goal_status_set,
)
from pathways.casework.services.care import PLAN_STAGES
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.common import casework_user

EMPTY_GOAL_ROWS = 2


def care_context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """What the case page's care panels need (`casework/care_panel_*.html`)."""
    user = request.user
    pages = {part: request.GET.get(f"{part}_page") for part in reading_care.PAGE_SIZES}
    care = reading_care.open_care(user, case, via="web", request=request, pages=pages)
    shown_assessments(care)
    name_goal_domains(care)
    return {
        "care": care,
        "care_due": deadlines.due_items([case])[case.pk],
        "care_may": {
            "assess": may_write(user, case, Assessment),
            "plan": may_write(user, case, CarePlan) and case.stage in PLAN_STAGES,
            "approve": may_approve_plans(user, case),
            "service": may_write(user, case, ServiceDelivery),
            "follow_up": may_write(user, case, FollowUp),
            "event": may_write(user, case, TraffickingEvent),
            "goal_status": may_write(user, case, Goal),
        },
        "care_goal_statuses": Goal.Status.choices,
    }


def name_goal_domains(care: reading_care.CareView) -> None:
    """Each goal's domain by its title in the reader's language (`goal.domain_title`)."""
    titles = {d["code"]: text_in(d["title"]) for s in current_sets() for d in s.domains}
    for opened in (care.plan_in_force, care.plan_working):
        for goal, _description, _services in opened.goals if opened else []:
            goal.domain_title = titles.get(goal.domain, goal.domain)


def shown_assessments(care: reading_care.CareView) -> None:
    """Each assessment of the page as the panels show it: its set's title and, per domain in
    the set's order, the title, the score with its label and the note."""
    if care.assessments is None:
        return
    shown = []
    for assessment, notes in care.assessments.object_list:
        domain_set = assessment.domain_set
        rows = [
            {
                "domain": text_in(domain["title"]),
                "score": assessment.scores.get(domain["code"]),
                "label": text_in(
                    domain_set.scale.get(str(assessment.scores.get(domain["code"])), {})
                ),
                "note": notes.get(domain["code"], ""),
            }
            for domain in domain_set.domains
        ]
        shown.append(
            {"assessment": assessment, "set_title": text_in(domain_set.title), "rows": rows}
        )
    care.assessments.object_list = shown


def refusal_messages(error: ValidationError | TransitionRefused) -> list[str]:
    if isinstance(error, ValidationError):
        return [str(m) for m in error.messages]
    return [str(error)]


def add_errors(form: Form, error: ValidationError) -> None:
    """A service's errors onto the form, each on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def care_case(request: HttpRequest, pk: int) -> Case:
    casework_user(request.user)
    return case_for(request.user, pk)


# --- assessments --------------------------------------------------------------------------------


@login_required
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An assessment against the chosen domain set (`?set=<id>`, the first set otherwise)."""
    case = care_case(request, pk)
    if not may_write(request.user, case, Assessment):
        raise PermissionDenied
    sets = current_sets()
    if not sets:
        messages.error(
            request,
            _(
                "No assessment domain set is loaded yet: an administrator loads them with "
                "“manage.py casework_domain_sets load --all”."
            ),
        )
        return redirect(case_url(case, "care-assessments"))
    chosen = request.GET.get("set") or request.POST.get("set")
    domain_set = next((s for s in sets if str(s.pk) == chosen), sets[0])
    form = AssessmentForm(
        request.POST or None, domain_set=domain_set, initial={"assessed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment_record(
                actor=request.user,
                case=case,
                domain_set=domain_set,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores(),
                notes=form.notes(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The assessment is saved."))
            return redirect(case_url(case, "care-assessments"))
    context = {
        "case": case,
        "form": form,
        "domain_set": domain_set,
        "domain_set_title": text_in(domain_set.title),
        "sets": [(s, text_in(s.title)) for s in sets],
    }
    return render(request, "casework/care_assessment_form.html", context)


@login_required
@require_GET
def assessment_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every assessment of the case, newest first, 10 a page, with each domain's score."""
    case = care_case(request, pk)
    care = reading_care.open_care(
        request.user,
        case,
        via="web",
        request=request,
        parts=("assessments",),
        pages={"assessments": request.GET.get("page")},
        recent_assessments=False,
    )
    if care.assessments is None:
        raise PermissionDenied
    shown_assessments(care)
    return render(request, "casework/care_assessments.html", {"case": case, "care": care})


def case_url(case: Case, anchor: str) -> str:
    return reverse("casework:case_detail", args=[case.pk]) + f"#{anchor}"


# --- the care plan ------------------------------------------------------------------------------


def _domain_choices() -> list[tuple[str, Any]]:
    groups = []
    for domain_set in current_sets():
        options = [(d["code"], text_in(d["title"])) for d in domain_set.domains]
        groups.append((text_in(domain_set.title), options))
    return [("", "—"), *groups]


def _goal_forms(data: Any, initial: list[dict[str, Any]]) -> list[GoalForm]:
    domains = _domain_choices()
    rows = max(len(initial), int((data or {}).get("goal_rows") or 0)) + EMPTY_GOAL_ROWS
    rows = min(rows, 30)
    forms = []
    for i in range(rows):
        forms.append(
            GoalForm(
                data or None,
                prefix=f"goal-{i}",
                domains=domains,
                number=i + 1,
                initial=initial[i] if i < len(initial) else None,
            )
        )
    return forms


def _plan_initial(request: HttpRequest, case: Case) -> tuple[dict, list[dict]]:
    """The plan being worked on, else the plan in force, as the form's starting values (opened
    through `reading_care`, so recorded)."""
    care = reading_care.open_care(
        request.user, case, via="web", request=request, parts=("care_plans",)
    )
    opened = care.plan_working or care.plan_in_force
    if opened is None:
        return {}, []
    plan = opened.plan
    initial = {
        "plan_type": plan.plan_type,
        "objectives": opened.objectives,
        "action_plan": opened.action_plan,
        "planned_end_date": plan.planned_end_date,
    }
    goals = [
        {
            "domain": goal.domain,
            "description": description,
            "services": services,
            "responsible": goal.responsible,
            "target_date": goal.target_date,
            "status": goal.status,
        }
        for goal, description, services in opened.goals
    ]
    return initial, goals


@login_required
def care_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the care plan: the draft (or the version sent back), or a new version of the
    plan in force."""
    case = care_case(request, pk)
    if not may_write(request.user, case, CarePlan):
        raise PermissionDenied
    if request.method == "POST":
        form, goal_forms = CarePlanForm(request.POST), _goal_forms(request.POST, [])
        valid = form.is_valid() & all([g.is_blank or g.is_valid() for g in goal_forms])
        if valid:
            filled = [g for g in goal_forms if not g.is_blank]
            try:
                care_plan_save(
                    actor=request.user,
                    case=case,
                    goals=[GoalInput(**g.cleaned_data) for g in filled],
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _plan_errors(form, filled, error)
            else:
                messages.success(request, _("The care plan is saved as a draft."))
                return redirect(case_url(case, "care-plan"))
    else:
        initial, goals = _plan_initial(request, case)
        form, goal_forms = CarePlanForm(initial=initial), _goal_forms(None, goals)
    goal_errors = [field for g in goal_forms if g.is_bound for field in g if field.errors]
    context = {"case": case, "form": form, "goal_forms": goal_forms, "goal_errors": goal_errors}
    return render(request, "casework/care_plan_form.html", context)


def _plan_errors(form: CarePlanForm, goal_forms: list[GoalForm], error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        if name.startswith("goal_"):
            _prefix, index, field = name.split("_", 2)
            goal_forms[int(index)].add_error(field, errors)
        else:
            form.add_error(name if name in form.fields else None, errors)


def _plan(case: Case, plan_id: int) -> CarePlan:
    try:
        return CarePlan.objects.select_related("case__country").get(pk=plan_id, case=case)
    except CarePlan.DoesNotExist as exc:
        raise Http404("No such care plan.") from exc


PLAN_MOVES = {
    "submit": (
        care_plan_submit,
        gettext_lazy("The care plan is sent to the supervisor for approval."),
    ),
    "approve": (care_plan_approve, gettext_lazy("The care plan is approved and in force.")),
    "return": (care_plan_return, gettext_lazy("The care plan is sent back to the case worker.")),
}


@login_required
@require_POST
def care_plan_move(request: HttpRequest, pk: int, plan_id: int, move: str) -> HttpResponse:
    """Submit, approve or send back a version of the plan (the services check who may)."""
    case = care_case(request, pk)
    if move not in PLAN_MOVES:
        raise Http404("No such action.")
    service, done = PLAN_MOVES[move]
    plan = _plan(case, plan_id)
    plan.case = case
    try:
        service(actor=request.user, plan=plan)
    except (ValidationError, TransitionRefused) as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, str(done))
    return redirect(case_url(case, "care-plan"))


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int, goal_id: int) -> HttpResponse:
    """How a goal of the plan in force stands now (the service checks the writer)."""
    case = care_case(request, pk)
    try:
        goal = Goal.objects.select_related("case__country").get(
            pk=goal_id, plan__case=case, plan__state=CarePlan.State.APPROVED
        )
    except Goal.DoesNotExist as exc:
        raise Http404("No such goal of the plan in force.") from exc
    try:
        goal_status_set(actor=request.user, goal=goal, status=request.POST.get("status", ""))
    except ValidationError as error:
        for message in refusal_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("The goal's status is saved."))
    return redirect(case_url(case, "care-plan"))
