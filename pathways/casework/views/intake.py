"""Intake: search for an existing record, then register the person with a case.

A match the user may see links to its case; any other match says only at which agency a
possible record is and how strongly it matched, never an identifier or a case number.
Searches are posted, never put in a URL (a URL reaches logs and the browser's history)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pathways.audit.models import AuditEvent
from pathways.casework.access import CaseworkScope, cases_visible_to
from pathways.casework.forms import IntakeRegisterForm, IntakeSearchForm
from pathways.casework.models import Case, CaseworkRole
from pathways.casework.services import (
    IntakeMatch,
    SearchKeys,
    SearchLimitReached,
    intake_register,
    intake_search,
)
from pathways.casework.services.intake import REGISTERING_ROLES, searches_left
from pathways.casework.views.common import url_with_query, with_role
from pathways.programs.models import Organisation

MATCH_KINDS = {
    "identity_number": gettext_lazy("identity number"),
    "phone": gettext_lazy("phone"),
    "name_birth_year": gettext_lazy("name and birth year"),
    "name": gettext_lazy("name"),
}
BREAK_GLASS_SALT = "casework.break_glass"


def registering_agencies(scope: CaseworkScope) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=scope.agencies_with(*REGISTERING_ROLES)).order_by(
        "name"
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_search_page(request: HttpRequest) -> HttpResponse:
    scope = with_role(request.user, *REGISTERING_ROLES)
    agencies = registering_agencies(scope)
    form = IntakeSearchForm(request.POST or None, agencies=agencies)
    context: dict[str, Any] = {"form": form, "searched": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            matches = intake_search(
                actor=request.user, agency=form.cleaned_data["agency"], keys=search_keys(form)
            )
        except SearchLimitReached:
            form.add_error(None, limit_message())
            status = 429
        else:
            context["searched"] = True
            context["results"] = [match_shown(request.user, scope, m) for m in matches]
    context["searches_left"] = searches_left(request.user)
    return render(request, "casework/intake.html", context, status=status)


def search_keys(form: IntakeSearchForm) -> SearchKeys:
    data = form.cleaned_data
    return SearchKeys(
        name=data["name"],
        phone=data["phone"],
        identity_number=data["identity_number"],
        birth_year=data["birth_year"],
    )


def limit_message() -> str:
    return _(
        "You have made %(limit)s searches in the last ten minutes, the most allowed. "
        "Wait a few minutes, then search again."
    ) % {"limit": settings.CASEWORK_INTAKE_SEARCHES_PER_10_MIN}


def match_shown(user: Any, scope: CaseworkScope, match: IntakeMatch) -> dict[str, Any]:
    """What the page and the API may say of a match: the user's own cases (`cases`, to be
    named by number and linked); of any other record only the `agency` and, for a user who
    may break the glass, the page that opens it; with either, the kinds of key that matched
    in words (`strength`)."""
    client = match.client
    strength = [str(MATCH_KINDS[kind]) for kind in match.kinds]
    own = (
        list(cases_visible_to(user).filter(client=client).order_by("-opened_on"))
        if client.owner_agency_id in scope.roles
        else []
    )
    if own:
        return {"cases": own, "strength": strength}
    return {
        "agency": client.owner_agency.name,
        "strength": strength,
        "break_glass_url": _break_glass_url(user, scope, client.pk),
    }


def _break_glass_url(user: Any, scope: CaseworkScope, client_id: int) -> str:
    if not scope.can_break_glass:
        return ""
    case = Case.objects.filter(client_id=client_id).order_by("-opened_on", "-id").first()
    if case is None:
        return ""
    token = signing.dumps({"case": case.pk, "user": user.pk}, salt=BREAK_GLASS_SALT)
    return url_with_query("casework:break_glass_start", query=urlencode({"token": token}))


@login_required
@require_http_methods(["GET", "POST"])
def intake_register_page(request: HttpRequest) -> HttpResponse:
    scope = with_role(request.user, *REGISTERING_ROLES)
    form = register_form(request.POST or None, scope)
    if request.method == "POST" and form.is_valid():
        case = register(request, form)
        if case is not None:
            messages.success(
                request, _("Registered; case %(number)s is open.") % {"number": case.case_number}
            )
            if cases_visible_to(request.user).filter(pk=case.pk).exists():
                return redirect("casework:case_detail", pk=case.pk)
            return redirect(reverse("casework:intake"))
    return render(request, "casework/intake_register.html", {"form": form})


def register_form(data: Any, scope: CaseworkScope) -> IntakeRegisterForm:
    """The registration form offering the agencies the user registers for and their case
    supervisors (the page's and the API's)."""
    agencies = registering_agencies(scope)
    supervisors = (
        get_user_model()
        .objects.filter(
            is_active=True,
            casework_memberships__agency__in=agencies,
            casework_memberships__role=CaseworkRole.CASE_SUPERVISOR,
        )
        .distinct()
    )
    return IntakeRegisterForm(data, agencies=agencies, supervisors=supervisors)


def register(
    request: HttpRequest, form: IntakeRegisterForm, source: str = AuditEvent.Source.WEB
) -> Case | None:
    """Call the service; on a refusal put its reasons on the form's fields and return None."""
    try:
        return intake_register(
            actor=request.user,
            agency=form.cleaned_data["agency"],
            identity=form.identity(),
            source=source,
            **form.client_values(),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
