"""The consent pages (casework.md §5): the case page's consent panel, recording a consent
(its kind first, then the fields that kind needs), one consent as it was explained to the
person (what is shared, with whom, for how long, how to withdraw: in their language where the
consent script has it), withdrawing it, and overriding consent (a case supervisor only).

Thin: the forms shape the input, the services decide and name each field at fault; the
consent's words are opened only through `reading_consent`, which records the read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.casework.access import case_for
from pathways.casework.access_consent import (
    consents_of,
    may_override,
    require_consent_action,
    require_consent_override,
)
from pathways.casework.consent_forms import (
    ConsentForm,
    ConsentKindForm,
    ConsentOverrideForm,
    ConsentWithdrawForm,
)
from pathways.casework.models import AccessEvent, Case, ConsentRecord, IndicatorSet, Section
from pathways.casework.reading_consent import (
    list_consents,
    list_overrides,
    may_read_words,
    open_consent_words,
)
from pathways.casework.screening_forms import in_language
from pathways.casework.services import consent_override, consent_record, consent_withdraw
from pathways.casework.services.consent import is_child
from pathways.casework.views.care import add_errors
from pathways.casework.views.common import PAGE_SIZE, casework_user
from pathways.casework.views.screening import indicator_sets_for

# The consent script's items that say how long and how to withdraw (§5.3).
SCRIPT_ITEMS = ("data_use", "retention", "withdrawal")


def _case(request: HttpRequest, pk: int) -> Case:
    casework_user(request.user)
    return case_for(request.user, pk)


def _panel_url(case: Case) -> str:
    return reverse("casework:case_detail", args=[case.pk]) + "#consents"


def _may_record(user: Any, case: Case) -> bool:
    try:
        require_consent_action(user, case)
    except (Http404, PermissionDenied):  # the panel offers no link
        return False
    return True


def consent_panel(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The case page's consent panel: the case's consents (25 a page) and overrides, tier 1."""
    pages = Paginator(list_consents(case), PAGE_SIZE)
    return {
        "consents": pages.get_page(request.GET.get("consents_page")),
        "overrides": list_overrides(case),
        "may_record": _may_record(request.user, case),
        "may_override": may_override(request.user, case),
    }


def _script(case: Case) -> IndicatorSet | None:
    scripts = indicator_sets_for([case.country_id], IndicatorSet.Kind.CONSENT)
    own = scripts.filter(country_id=case.country_id).order_by("-loaded_at").first()
    return own or scripts.order_by("-loaded_at").first()


def _script_languages(case: Case) -> list[str]:
    script = _script(case)
    return list(script.script) if script and isinstance(script.script, dict) else []


@login_required
@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a consent: the kind first (`?kind=`), then the fields it needs."""
    case = _case(request, pk)
    require_consent_action(request.user, case)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if kind not in ConsentRecord.Kind.values:
        context = {"case": case, "kind_form": ConsentKindForm()}
        return render(request, "casework/consent_kind.html", context)
    form = ConsentForm(
        request.POST or None,
        case=case,
        kind=kind,
        child=is_child(case.client),
        languages=_script_languages(case),
    )
    if request.method == "POST" and form.is_valid():
        try:
            consent = consent_record(actor=request.user, case=case, **form.service_values())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("casework:consent_detail", pk=case.pk, consent_id=consent.pk)
    context = {
        "case": case,
        "form": form,
        "kind": kind,
        "kind_label": ConsentRecord.Kind(kind).label,
        "child": is_child(case.client),
    }
    return render(request, "casework/consent_form.html", context)


def _consent(case: Case, consent_id: int) -> ConsentRecord:
    consent = consents_of(case).filter(pk=consent_id).select_related("case", "country").first()
    if consent is None:
        raise Http404("No such consent.")
    return consent


def _explained(case: Case, consent: ConsentRecord) -> dict[str, Any]:
    """What the consent covers, and the consent script's items in the person's language."""
    script = _script(case)
    items = {item["code"]: item for item in (script.consent_items if script else [])}
    language = consent.language
    said = [
        in_language(items[code].get("text"), language) for code in SCRIPT_ITEMS if code in items
    ]
    sections = dict(Section.choices)
    categories = dict(ConsentRecord.RecipientCategory.choices)
    return {
        "script_items": said,
        "script_language": language if any(code in items for code in SCRIPT_ITEMS) else "",
        "sections": [sections.get(s, s) for s in consent.sections],
        "agencies": list(consent.recipient_agencies.order_by("name")),
        "categories": [categories.get(c, c) for c in consent.recipient_categories],
        "excluded": list(consent.excluded_agencies.order_by("name")),
    }


@login_required
@require_GET
def consent_detail(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    """One consent: what it covers, as explained to the person; its words to readers of the
    case's notes (the read recorded)."""
    case = _case(request, pk)
    consent = _consent(case, consent_id)
    words = None
    if consent.case_id and may_read_words(request.user, case):
        words = open_consent_words(request.user, consent, via=AccessEvent.Via.WEB, request=request)
    context = {
        "case": case,
        "consent": consent,
        "words": words,
        "may_record": _may_record(request.user, case),
        **_explained(case, consent),
    }
    return render(request, "casework/consent_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    """Withdraw a consent, after confirming: its open referrals are revoked."""
    case = _case(request, pk)
    require_consent_action(request.user, case)
    consent = _consent(case, consent_id)
    form = ConsentWithdrawForm(request.POST or None, initial={"version": consent.version})
    if request.method == "POST" and form.is_valid():
        try:
            consent_withdraw(
                actor=request.user,
                consent=consent,
                note=form.cleaned_data["note"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("The consent is withdrawn; the referrals relying on it are revoked.")
            )
            return redirect(_panel_url(case))
    open_referrals = consent.referrals.filter(
        status__in=("draft", "offered", "accepted", "in_progress")
    ).count()
    context = {"case": case, "consent": consent, "form": form, "open_referrals": open_referrals}
    return render(request, "casework/consent_withdraw.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_override_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Override consent on a legal basis: a case supervisor of the owner agency only."""
    case = _case(request, pk)
    require_consent_override(request.user, case)
    form = ConsentOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = consent_override(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Consent is overridden until %(end)s; the case's supervisors are told.")
                % {
                    "end": formats.date_format(
                        timezone.localtime(made.expires_at), "SHORT_DATETIME_FORMAT"
                    )
                },
            )
            return redirect(_panel_url(case))
    return render(request, "casework/consent_override.html", {"case": case, "form": form})
