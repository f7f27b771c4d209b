"""Mass intake pages: upload a roster (check it first, or import it), the agency's groups,
and a group's people to interview.

The roster is read in memory, never written to a temporary file or a job's storage: it
holds the names in clear. An import of 7,000 people takes seconds (docs/performance.md), so
it runs in the request rather than as a background job. The group page lists tier-1 facts
only (the roster's row number, sex, age band, nationality, type of place, state): the names
open on the screening's own interview page, which records the read.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from pathways.casework.access import (
    SCREENING_ROLES,
    cases_visible_to,
    holds_role,
    roster_screening_for,
    screening_group_for,
    screening_groups_visible_to,
    screenings_visible_to,
)
from pathways.casework.attachment_forms import MemoryOnlyUploadHandler
from pathways.casework.models import Screening
from pathways.casework.roster_forms import GroupFilterForm, RosterForm
from pathways.casework.services import (
    RosterError,
    roster_check,
    roster_import,
    screening_take_over,
)
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.common import with_role
from pathways.lib.countries import country_name
from pathways.programs.models import Organisation

GROUP_PAGE_SIZE = 50


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    with_role(request.user, *SCREENING_ROLES)
    groups = (
        screening_groups_visible_to(request.user)
        .select_related("agency")
        .annotate(
            people=Count("screenings"),
            waiting=Count(
                "screenings",
                filter=Q(
                    screenings__state=Screening.State.DRAFT,
                    screenings__consent_to_interview="",
                ),
            ),
        )
        .order_by("-arrived_on", "-pk")
    )
    page = Paginator(groups, GROUP_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/roster_groups.html", {"page_obj": page})


@csrf_exempt
def roster_upload(request: HttpRequest) -> HttpResponse:
    # The roster stays in memory (never a temporary file): the handler is set before
    # anything reads the body, so the CSRF check runs after it, in the inner view.
    handler = MemoryOnlyUploadHandler(request, limit=settings.UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    return _roster_upload(request, handler)


@csrf_protect
@login_required
def _roster_upload(request: HttpRequest, handler: MemoryOnlyUploadHandler) -> HttpResponse:
    scope = with_role(request.user, *SCREENING_ROLES)
    agencies = Organisation.objects.filter(pk__in=scope.agencies_with(*SCREENING_ROLES))
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    form = RosterForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies.order_by("name"),
        too_large=handler.too_large,
    )
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        checking = request.POST.get("action") == "check"
        try:
            if checking:
                context["summary"] = roster_check(
                    actor=request.user,
                    agency=data["agency"],
                    data=data["file"],
                    location_type=data["location_type"],
                )
            else:
                summary = roster_import(
                    actor=request.user,
                    agency=data["agency"],
                    name=data["name"],
                    arrived_on=data["arrived_on"],
                    data=data["file"],
                    location_type=data["location_type"],
                    description=data["description"],
                )
        except RosterError as error:
            context["problems"] = error.problems
            context["problem_count"] = error.total
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if not checking:
                messages.success(request, _imported_message(summary))
                return redirect(reverse("casework:group_detail", args=[summary.group.pk]))
        if "summary" in context:
            context["nationalities"] = _named(context["summary"].by_nationality)
    status = 400 if context.get("problems") else 200
    return render(request, "casework/roster_upload.html", context, status=status)


def _imported_message(summary: Any) -> str:
    return _(
        "%(people)s people are now draft screenings of the group; %(registered)s possibly "
        "already registered, %(twice)s listed twice in the roster."
    ) % {
        "people": summary.people,
        "registered": summary.possibly_registered,
        "twice": summary.duplicates_in_roster,
    }


def _named(counts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(country_name(code) or _("not known"), n) for code, n in counts]


@login_required
@require_GET
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    with_role(request.user, *SCREENING_ROLES)
    group = screening_group_for(request.user, pk)
    members = group.screenings.all()
    codes = sorted(set(members.exclude(nationality="").values_list("nationality", flat=True)))
    form = GroupFilterForm(request.GET or None, nationalities=codes)
    shown = form.filter(members).order_by("roster_row", "pk")
    page = Paginator(shown, GROUP_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    # Who the possible match is (their latest case), only for those who may see it.
    cases = dict(
        cases_visible_to(request.user)
        .filter(client_id__in={s.possible_client_id for s in rows if s.possible_client_id})
        .order_by("opened_on", "pk")
        .values_list("client_id", "pk")
    )
    # What the reader may do with each person: open their screening (their own, or any as
    # the agency's supervisor), or take an interview no one has begun.
    opens = set(
        screenings_visible_to(request.user)
        .filter(pk__in=[s.pk for s in rows])
        .values_list("pk", flat=True)
    )
    screens = holds_role(request.user, group.agency_id, *SCREENING_ROLES)
    context = {
        "group": group,
        "form": form,
        "page_obj": page,
        "rows": [
            (
                s,
                cases.get(s.possible_client_id),
                _row_action(s, opens, screens, group.created_by_id),
            )
            for s in rows
        ],
        "total": members.count(),
        "waiting": members.filter(state=Screening.State.DRAFT, consent_to_interview="").count(),
    }
    return render(request, "casework/roster_group.html", context)


def _row_action(screening: Screening, opens: set[int], screens: bool, uploader: int | None) -> str:
    if screening.pk in opens:
        return "open"
    not_begun = not screening.consent_to_interview and screening.answers_sealed is None
    untaken = screening.screener_id == uploader
    if screens and screening.state == Screening.State.DRAFT and not_begun and untaken:
        return "take"
    return ""


@login_required
@require_POST
def take_over(request: HttpRequest, pk: int) -> HttpResponse:
    """A screener takes a roster's person to interview; the second of two taking the same
    person at once is told, and the first keeps them."""
    screening = roster_screening_for(request.user, pk)
    group_url = reverse("casework:group_detail", args=[screening.group_id])
    if request.POST.get("version") != str(screening.version):
        messages.error(
            request,
            _("Row %(row)s was changed by someone else meanwhile: nothing was taken.")
            % {"row": screening.roster_row},
        )
        return redirect(group_url)
    try:
        screening_take_over(actor=request.user, screening=screening)
    except TransitionRefused as refused:
        messages.error(request, str(refused))
        return redirect(group_url)
    return redirect("casework:screening_detail", pk=screening.pk)
