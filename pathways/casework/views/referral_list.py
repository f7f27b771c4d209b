"""The list of the user's referrals (casework.md §3.4): received by their agency, sent by it,
and for the NRM coordinator those escalated to them and all of their country's; filtered by
status, 25 a page, late ones marked late as read now. Tier 1 only: case numbers, agencies,
services, statuses and dates; nothing sealed is opened, so the page writes no access event.

The boxes only narrow `access_referrals.referrals_visible_to(user)`: what the user may see is
decided there alone."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pathways.casework.access import CaseworkScope
from pathways.casework.access_referrals import referrals_visible_to
from pathways.casework.models import CaseworkRole, Referral
from pathways.casework.referral_forms import RECEIVER_ROLES, ReferralFilterForm
from pathways.casework.views.common import PAGE_SIZE, casework_user
from pathways.casework.views.referrals import with_lateness


def boxes_for(scope: CaseworkScope) -> list[str]:
    """The boxes the user has: received where they answer for an agency, sent where they
    work on cases, escalated and the country's for an NRM coordinator."""
    boxes = []
    if scope.has_role(*RECEIVER_ROLES):
        boxes.append("received")
    if scope.has_role(*RECEIVER_ROLES, CaseworkRole.LEGAL_OFFICER):
        boxes.append("sent")
    if scope.has_role(CaseworkRole.NRM_COORDINATOR):
        boxes += ["escalated", "country"]
    return boxes


def in_box(found: QuerySet[Referral], scope: CaseworkScope, box: str) -> QuerySet[Referral]:
    if box == "received":
        agencies = scope.agencies_with(*RECEIVER_ROLES)
        return found.filter(to_agency_id__in=agencies).exclude(status=Referral.Status.DRAFT)
    if box == "sent":
        return found.filter(from_agency_id__in=scope.roles.keys())
    countries = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if box == "escalated":
        return found.filter(country_id__in=countries, escalated_at__isnull=False)
    if box == "country":
        return found.filter(country_id__in=countries)
    return found


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    scope = casework_user(request.user)
    boxes = boxes_for(scope)
    form = ReferralFilterForm(request.GET or None, boxes=boxes)
    box, status = (boxes[0] if boxes else ""), ""
    if form.is_valid():
        box = form.cleaned_data["box"] or box
        status = form.cleaned_data["status"]
    found = in_box(referrals_visible_to(request.user), scope, box)
    if status:
        found = found.filter(status=status)
    found = found.select_related("case", "from_agency", "to_agency").order_by("-created_at", "-id")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "box": box,
        "boxes": form.fields["box"].choices,
        "status": status,
        "page_obj": page,
        "rows": with_lateness(page.object_list),
        # A case supervisor imports the packages of agencies not on Pathways.
        "may_import": scope.has_role(CaseworkRole.CASE_SUPERVISOR),
    }
    return render(
        request, "casework/referral_list.html", context, status=400 if form.errors else 200
    )
