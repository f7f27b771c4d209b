"""Break-glass pages: opening a case of another agency in an emergency, reviewing a use,
and the report of uses for supervisors and access auditors (casework.md §6.4).

Someone without any casework role gets a 404 on each, as if the pages did not exist; a
casework user without the capability (or without a reviewer's role) a 403.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pathways.casework.access import break_glass_grant, casework_scope
from pathways.casework.access_staff import break_glass_for_review, break_glass_reviewable
from pathways.casework.models import BreakGlassGrant, Case, CaseworkRole
from pathways.casework.reading import open_break_glass_reasons
from pathways.casework.services.break_glass import (
    break_glass_agency,
    break_glass_open,
    break_glass_review,
    case_id_from_link,
    may_review,
)
from pathways.lib.forms import PlainLineField, PlainTextField

PAGE_SIZE = 25


class BreakGlassForm(forms.Form):
    token = PlainLineField(widget=forms.HiddenInput, required=False)
    case_number = PlainLineField(
        label=gettext_lazy("Case number"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("As the owner agency gave it to you, e.g. KH-2026-00042."),
    )
    reason_code = forms.ChoiceField(
        label=gettext_lazy("Kind of emergency"), choices=BreakGlassGrant.Reason.choices
    )
    reason = PlainTextField(
        label=gettext_lazy("Why you need the case now"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Your reviewers read this. Write what you need to know, not more about the person."
        ),
    )

    def __init__(self, *args, from_link: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.from_link = from_link
        if from_link:
            del self.fields["case_number"]

    def clean_case_number(self) -> str:
        number = self.cleaned_data["case_number"].strip().upper()
        if not number:
            raise ValidationError(_("Type the number of the case."))
        return number


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Was this use justified?"),
        choices=BreakGlassGrant.Review.choices,
        widget=forms.RadioSelect,
    )
    note = PlainTextField(
        label=gettext_lazy("Comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why you decided so. Kept encrypted, like the reason."),
    )


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any")), *BreakGlassGrant.Status.choices],
        required=False,
    )
    case_number = PlainLineField(label=gettext_lazy("Case number"), required=False)


def case_url(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk])


# --- opening -------------------------------------------------------------------------------------


def _breaker_scope(request: HttpRequest):
    scope = casework_scope(request.user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    if not scope.can_break_glass:
        raise PermissionDenied(_("You may not open cases under break-glass."))
    return scope


def _case_by_number(scope, number: str) -> Case | None:
    countries = {scope.agency_countries[a] for a in scope.break_glass_agencies}
    return (
        Case.objects.filter(case_number=number, country_id__in=countries)
        .select_related("country", "owner_agency")
        .first()
    )


def _no_need(request: HttpRequest, scope, case: Case) -> HttpResponse | None:
    """Send the user to the case when they need no break-glass: their own agency's case,
    or one they already hold a running grant on."""
    if scope.roles_at(case.owner_agency_id):
        messages.info(request, _("This case is your agency's: no break-glass is needed."))
        return redirect(case_url(case))
    grant = break_glass_grant(request.user, case)
    if grant is not None:
        messages.info(request, _("You already have access to this case under break-glass."))
        return redirect(case_url(case))
    return None


def _case_from_link(request: HttpRequest, token: str) -> Case | None:
    """The case a link names, or None with a message saying the link is not valid."""
    case_id = case_id_from_link(token, request.user)
    case = None
    if case_id is not None:
        case = Case.objects.select_related("country", "owner_agency").filter(pk=case_id).first()
    if case is None:
        messages.error(
            request,
            _(
                "This link is not valid: it has expired or was made for someone else. "
                "Type the case number instead."
            ),
        )
    return case


def _open(request: HttpRequest, scope, form: BreakGlassForm, case: Case | None):
    """Open the case under break-glass from a valid form: the redirect to the case, or None
    with the form's errors set."""
    case = case or _case_by_number(scope, form.cleaned_data["case_number"])
    if case is None:
        form.add_error(
            "case_number", _("There is no case with this number you may open under break-glass.")
        )
        return None
    if (sent := _no_need(request, scope, case)) is not None:
        return sent
    agency = break_glass_agency(request.user, case)
    if agency is None:
        form.add_error(None, _("You may not open cases of this country under break-glass."))
        return None
    try:
        break_glass_open(
            actor=request.user,
            case=case,
            agency=agency,
            reason_code=form.cleaned_data["reason_code"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.warning(
        request,
        _(
            "You have read access to this case for %(hours)s hours. Its supervisors and the "
            "access auditors have been told."
        )
        % {"hours": _hours()},
    )
    return redirect(case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    scope = _breaker_scope(request)
    token = request.POST.get("token") or request.GET.get("token") or ""
    link_case = _case_from_link(request, token) if token else None
    if link_case is None:
        token = ""
    elif (sent := _no_need(request, scope, link_case)) is not None:
        return sent
    form = BreakGlassForm(
        request.POST or None, initial={"token": token}, from_link=link_case is not None
    )
    opened = _open(request, scope, form, link_case) if form.is_bound and form.is_valid() else None
    if opened is not None:
        return opened
    context = {
        "form": form,
        "link_case": link_case,
        "hours": _hours(),
        "review_hours": settings.CASEWORK_BREAK_GLASS_REVIEW_HOURS,
    }
    return render(request, "casework/break_glass_start.html", context)


def _hours() -> int:
    return settings.CASEWORK_BREAK_GLASS_HOURS


# --- review and report ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    grant = break_glass_for_review(request.user, pk)
    can_review = not grant.review_outcome and may_review(request.user, grant)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_review:
            raise PermissionDenied(_("You may not review this use."))
        if form.is_valid():
            try:
                break_glass_review(
                    actor=request.user,
                    grant=grant,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The review is recorded."))
                return redirect("casework:break_glass_review", pk=grant.pk)
    reasons = open_break_glass_reasons(request.user, grant, via="web", request=request)
    context = {
        "grant": grant,
        "status": BreakGlassGrant.Status(grant.status()),
        "reasons": reasons,
        "form": form,
        "can_review": can_review,
    }
    return render(request, "casework/break_glass_review.html", context)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    scope = casework_scope(request.user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    if not scope.has_role(CaseworkRole.CASE_SUPERVISOR, CaseworkRole.ACCESS_AUDITOR):
        raise PermissionDenied(_("Only case supervisors and access auditors see this report."))
    grants = break_glass_reviewable(request.user)
    now = timezone.now()
    counts = grants.counts(now)
    form = ReportFilterForm(request.GET or None)
    shown = grants
    if form.is_valid():
        if form.cleaned_data["status"]:
            shown = shown.with_status(form.cleaned_data["status"], now)
        if number := form.cleaned_data["case_number"].strip().upper():
            shown = shown.filter(case__case_number=number)
    shown = shown.select_related("case", "case__owner_agency", "agency", "user", "reviewed_by")
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(g, BreakGlassGrant.Status(g.status(now))) for g in page.object_list]
    context = {"form": form, "counts": counts, "page_obj": page, "rows": rows}
    return render(request, "casework/break_glass_report.html", context)
