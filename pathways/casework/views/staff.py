"""An agency administrator's staff pages: who holds which casework role at the agency, adding
a role to an existing account, removing one, granting or withdrawing break-glass."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pathways.casework.access_staff import administered_agencies, staff_membership_for
from pathways.casework.models import StaffMembership
from pathways.casework.services import staff_break_glass_set, staff_role_add, staff_role_remove
from pathways.casework.staff_forms import StaffRoleAddForm

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest) -> HttpResponse:
    agencies = administered_agencies(request.user)
    form = StaffRoleAddForm(request.POST or None, agencies=agencies)
    if form.is_valid():
        user, role = form.cleaned_data["account"], form.cleaned_data["role"]
        try:
            membership = staff_role_add(
                actor=request.user, agency=form.cleaned_data["agency"], user=user, role=role
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("%(user)s now holds the role %(role)s.")
                % {"user": user.get_username(), "role": membership.get_role_display()},
            )
            return redirect("casework:staff")
    memberships = (
        StaffMembership.objects.filter(agency_id__in=agencies)
        .select_related("user", "agency")
        .order_by("agency__name", "user__username", "role")
    )
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "several_agencies": len(agencies) > 1,
        "idle_minutes": settings.CASEWORK_IDLE_MINUTES,
    }
    return render(request, "casework/staff_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def staff_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = staff_membership_for(request.user, pk)
    try:
        staff_role_remove(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s no longer holds the role %(role)s.")
            % {"user": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect("casework:staff")


@login_required
@require_POST
def staff_break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    membership = staff_membership_for(request.user, pk)
    allowed = request.POST.get("allowed") == "1"
    staff_break_glass_set(actor=request.user, membership=membership, allowed=allowed)
    name = membership.user.get_username()
    messages.success(
        request,
        _("%(user)s may now open a case under break-glass.") % {"user": name}
        if allowed
        else _("%(user)s may no longer open a case under break-glass.") % {"user": name},
    )
    return redirect("casework:staff")
