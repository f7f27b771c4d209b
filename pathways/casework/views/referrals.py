"""The referral pages (casework.md §3.4): the case page's referrals panel, the offer form, the
list of the user's referrals (received, sent; escalated and all of the country for the NRM
coordinator) and one referral's page with its facts, its thread and the actions open to the
reader. The actions' own pages are in `referral_actions.py`.

Thin: access through `access_referrals` (a referral out of reach is a 404), the words opened
only through `reading_referrals` (which records the read), every write by the services in
`services/referrals.py`. A late referral is shown late whenever it is read
(`referral_lateness`), whether the deadline job ran or not.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.casework.access import (
    case_for,
    cases_visible_to,
    permitted_sections,
    require_case_action,
)
from pathways.casework.access_consent import may_override
from pathways.casework.access_directory import directory_check, eligibility_words
from pathways.casework.access_referrals import (
    referral_for,
    referral_role,
    referrals_visible_to,
)
from pathways.casework.models import (
    Case,
    CaseworkRole,
    Referral,
    ReferralUpdate,
    Section,
    ServiceDirectoryEntry,
    ServiceType,
)
from pathways.casework.reading_referrals import referral_thread, referral_words
from pathways.casework.referral_deadlines import referral_lateness
from pathways.casework.referral_forms import MessageForm, ReferralOfferForm
from pathways.casework.services import referral_offer
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.care import add_errors
from pathways.casework.views.case_panels import allowed
from pathways.casework.views.common import PAGE_SIZE, casework_user
from pathways.casework.views.referral_actions import actions_open_to
from pathways.programs.models import Organisation

# Listed on the case page, 10 at a time (a case has few).
PANEL_SIZE = 10


def with_lateness(referrals: Any) -> list[dict[str, Any]]:
    """Each referral with the deadline running on it now, late or not, as read now."""
    now = timezone.now()
    return [{"referral": r, "late": referral_lateness(r, now)} for r in referrals]


def may_refer(user: Any, case: Case) -> bool:
    return allowed(lambda: require_case_action(user, case, "refer"))


def referral_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case page's referrals: those of the case the reader may see, newest first, tier 1."""
    found = (
        referrals_visible_to(request.user)
        .filter(case=case)
        .select_related("from_agency", "to_agency")
        .order_by("-created_at", "-id")
    )
    page = Paginator(found, PANEL_SIZE).get_page(request.GET.get("referrals_page"))
    return {
        "page": page,
        "rows": with_lateness(page.object_list),
        "may_refer": may_refer(request.user, case),
    }


# --- the offer ----------------------------------------------------------------------------------


def directory_agencies(case: Case) -> QuerySet[Organisation]:
    """The agencies of the case's country that list a service in the directory, but its
    owner."""
    listing = ServiceDirectoryEntry.objects.filter(country_id=case.country_id).values("agency_id")
    return (
        Organisation.objects.filter(country_id=case.country_id, pk__in=listing)
        .exclude(pk=case.owner_agency_id)
        .order_by("name")
    )


def _entries_of(agencies: Any) -> list[dict[str, Any]]:
    """What the directory says of the agencies' services: where, for whom, in its own words."""
    entries = ServiceDirectoryEntry.objects.filter(agency__in=agencies).select_related(
        "agency", "province"
    )
    return [
        {"entry": e, "eligibility": eligibility_words(e)}
        for e in entries.order_by("agency__name", "service_type", "province__name", "pk")
    ]


def _offer_form(request: HttpRequest, case: Case) -> ReferralOfferForm:
    form = ReferralOfferForm(
        request.POST or None,
        agencies=directory_agencies(case),
        services=ServiceType.choices,
        sections=permitted_sections(request.user, case),
        initial={"urgency": Referral.Urgency.ROUTINE},
    )
    if not may_override(request.user, case):
        form.fields.pop("use_override", None)
    return form


def _warnings(case: Case, data: dict[str, Any]) -> list[str]:
    check = directory_check(
        agency=data["to_agency"],
        service_type=data["service_type"],
        province=getattr(case, "province", None),
        client=case.client,
    )
    return list(check.warnings) if check.allowed else []


@login_required
@require_http_methods(["GET", "POST"])
def referral_offer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Offer the case to another agency: refused without consent (with a link to record it);
    the directory's warnings shown first, the sender confirming to offer anyway."""
    casework_user(request.user)
    case = case_for(request.user, pk)
    require_case_action(request.user, case, "refer")
    form = _offer_form(request, case)
    context: dict[str, Any] = {"case": case, "form": form, "warnings": [], "needs_consent": False}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        context["entries"] = _entries_of([data["to_agency"]])
        context["chosen"] = data["to_agency"]
        warnings = _warnings(case, data)
        if warnings and not data["offer_anyway"]:
            context["warnings"] = warnings
            context["confirm"] = _confirming(form)
            return render(request, "casework/referral_offer.html", context)
        try:
            referral = referral_offer(
                actor=request.user,
                case=case,
                to_agency=data["to_agency"],
                service_type=data["service_type"],
                urgency=data["urgency"],
                shared_sections=data["shared_sections"],
                details=data["details"],
                reason=data["reason"],
                transport=data["transport"],
                use_override=bool(data.get("use_override")),
            )
        except (ValidationError, TransitionRefused) as error:
            _refused(form, error)
            context["needs_consent"] = "consent" in getattr(error, "error_dict", {})
        else:
            messages.success(request, _offered_message(referral))
            return redirect("casework:referral_detail", pk=referral.pk)
    if "entries" not in context:
        context["entries"] = _entries_of(form.fields["to_agency"].queryset)
    return render(request, "casework/referral_offer.html", context)


def _confirming(form: ReferralOfferForm) -> ReferralOfferForm:
    """The same form, bound to what was sent with "offer anyway" ticked, for the sender to
    confirm."""
    data = form.data.copy()
    data["offer_anyway"] = "on"
    confirm = ReferralOfferForm(
        data,
        agencies=form.fields["to_agency"].queryset,
        services=form.fields["service_type"].choices[1:],
        sections=[c for c, _label in form.fields["shared_sections"].choices],
    )
    if "use_override" not in form.fields:
        confirm.fields.pop("use_override", None)
    confirm.is_valid()
    return confirm


def _refused(form: ReferralOfferForm, error: Exception) -> None:
    if isinstance(error, ValidationError):
        add_errors(form, error)
    else:
        form.add_error(None, str(error))


def _offered_message(referral: Referral) -> str:
    if referral.transport == Referral.Transport.MANUAL:
        return _(
            "The referral is recorded for %(agency)s: send it the package, then record its "
            "answer here."
        ) % {"agency": referral.to_agency.name}
    return _("The referral is offered to %(agency)s; they are told.") % {
        "agency": referral.to_agency.name
    }


# --- one referral -------------------------------------------------------------------------------


def referral_context(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """The referral's facts, its words and thread opened for the reader (the read recorded),
    and the actions open to them now."""
    user = request.user
    actions = actions_open_to(user, referral)
    return {
        "referral": referral,
        "case": referral.case,
        "late": referral_lateness(referral, timezone.now()),
        "role": referral_role(user, referral),
        "shared": [s.label for s in Section if s in referral.shared_sections],
        "words": referral_words(user, referral, request=request),
        "thread": _thread(request, referral),
        "actions": [a for a in actions if a.code != "message"],
        "message_form": MessageForm() if any(a.code == "message" for a in actions) else None,
        "may_open_case": _may_open_case(user, referral),
    }


def _thread(request: HttpRequest, referral: Referral) -> list[dict[str, Any]]:
    """The thread's entries, each with what it was in words: the status reached, or its kind."""
    statuses = dict(Referral.Status.choices)
    kinds = dict(ReferralUpdate.Kind.choices)
    return [
        {"entry": e, "label": statuses.get(e.status) if e.status else kinds.get(e.kind, e.kind)}
        for e in referral_thread(request.user, referral, request=request)
    ]


def _may_open_case(user: Any, referral: Referral) -> bool:
    return cases_visible_to(user).filter(pk=referral.case_id).exists()


@login_required
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    referral = referral_for(request.user, pk)
    return render(request, "casework/referral_detail.html", referral_context(request, referral))


def referral_url(referral: Referral) -> str:
    return reverse("casework:referral_detail", args=[referral.pk])


def receivers_waiting(user: Any) -> list[dict[str, Any]]:
    """Offers waiting for the user's agency's answer (the work list), the earliest due first."""
    scope = casework_user(user)
    agencies = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)
    if not agencies:
        return []
    waiting = (
        referrals_visible_to(user)
        .filter(status=Referral.Status.OFFERED, to_agency_id__in=agencies)
        .exclude(transport=Referral.Transport.MANUAL)
        .select_related("case", "from_agency")
        .order_by("respond_by", "id")
    )
    return with_lateness(waiting[:PAGE_SIZE])
