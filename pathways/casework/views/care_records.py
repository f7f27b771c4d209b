"""The pages that add a service delivered, a follow-up (and mark one done) and a trafficking
event (or change one) on a case. Thin: the form, the service, back to the case's panel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.casework import reading_care
from pathways.casework.access_care import may_write
from pathways.casework.care_forms import (
    FollowUpDoneForm,
    FollowUpForm,
    ServiceForm,
    TraffickingEventForm,
)
from pathways.casework.models import (
    Case,
    CaseworkRole,
    FollowUp,
    ServiceDelivery,
    StaffMembership,
    TraffickingEvent,
)
from pathways.casework.services import (
    followup_add,
    followup_done,
    service_record,
    trafficking_event_save,
)
from pathways.casework.views.care import add_errors, care_case, case_url
from pathways.programs.models import Organisation


def _writer(request: HttpRequest, pk: int, model: type) -> Case:
    case = care_case(request, pk)
    if not may_write(request.user, case, model):
        raise PermissionDenied
    return case


def _page(request: HttpRequest, case: Case, form: Any, title: str, submit: str) -> HttpResponse:
    context = {"case": case, "form": form, "title": title, "submit": submit}
    return render(request, "casework/care_record_form.html", context)


# --- services delivered --------------------------------------------------------------------------


@login_required
def service_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writer(request, pk, ServiceDelivery)
    providers = Organisation.objects.filter(country__isnull=False).order_by("name")
    form = ServiceForm(
        request.POST or None,
        providers=providers,
        initial={"provider": case.owner_agency_id, "delivered_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            service_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The service is recorded."))
            return redirect(case_url(case, "care-services"))
    return _page(request, case, form, _("Record a service delivered"), _("Record the service"))


# --- follow-ups ----------------------------------------------------------------------------------


def _staff(case: Case) -> Any:
    working = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)
    ids = StaffMembership.objects.filter(agency_id=case.owner_agency_id, role__in=working)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=ids.values("user_id"))
        .order_by("username")
    )


@login_required
def followup_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _writer(request, pk, FollowUp)
    form = FollowUpForm(
        request.POST or None, staff=_staff(case), initial={"assigned_to": request.user.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            followup_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up is added."))
            return redirect(case_url(case, "care-follow-ups"))
    return _page(request, case, form, _("Add a follow-up"), _("Add the follow-up"))


@login_required
def followup_done_view(request: HttpRequest, pk: int, followup_id: int) -> HttpResponse:
    case = _writer(request, pk, FollowUp)
    try:
        followup = FollowUp.objects.select_related("case__country").get(pk=followup_id, case=case)
    except FollowUp.DoesNotExist as exc:
        raise Http404("No such follow-up.") from exc
    form = FollowUpDoneForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            followup_done(actor=request.user, followup=followup, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The follow-up is marked done."))
            return redirect(case_url(case, "care-follow-ups"))
    return _page(request, case, form, _("Mark a follow-up done"), _("Mark it done"))


# --- trafficking events --------------------------------------------------------------------------


@login_required
def event_edit(request: HttpRequest, pk: int, event_id: int | None = None) -> HttpResponse:
    """Add a stage of the journey at the end of the chain, or change one."""
    case = _writer(request, pk, TraffickingEvent)
    event, initial = None, None
    if event_id is not None:
        event, initial = _event_with_values(request, case, event_id)
    form = TraffickingEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            trafficking_event_save(actor=request.user, case=case, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The trafficking event is saved."))
            return redirect(case_url(case, "care-events"))
    title = _("Change a trafficking event") if event else _("Add a trafficking event")
    return _page(request, case, form, title, _("Save the event"))


def _event_with_values(
    request: HttpRequest, case: Case, event_id: int
) -> tuple[TraffickingEvent, dict[str, Any]]:
    """The event and its values for the form, the description opened through `reading_care`
    (recorded)."""
    care = reading_care.open_care(
        request.user, case, via="web", request=request, parts=("trafficking_events",)
    )
    for event, description in care.events or []:
        if event.pk == int(event_id):
            fields = ["kind", "country", "province", "site_type", "start_date", "end_date"]
            initial = {name: getattr(event, name) for name in fields}
            return event, {**initial, "description": description}
    raise Http404("No such trafficking event.")
