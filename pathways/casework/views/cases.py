"""The case list and the case page: what each reader may see of a case, opened through
`reading` (so every value shown is in the access log), and notes added to the sections the
reader may write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from pathways.casework import reading
from pathways.casework.access import (
    case_for,
    cases_visible_to,
    casework_scope,
    writable_sections,
)
from pathways.casework.case_stage_forms import StageActionForm
from pathways.casework.forms import IDENTITY_LABELS, CaseFilterForm, NoteForm
from pathways.casework.models import (
    BLIND_INDEXES,
    CASE_SEALED_FIELDS,
    SEALED_FIELDS,
    AccessEvent,
    BreakGlassGrant,
    Case,
    CaseworkRole,
    Client,
    Section,
)
from pathways.casework.reading import CaseView
from pathways.casework.services import case_note_add
from pathways.casework.views.attachments import can_upload
from pathways.casework.views.care import care_context
from pathways.casework.views.case_panels import identification_panel, stage_panel
from pathways.casework.views.common import PAGE_SIZE, casework_user
from pathways.casework.views.consent import consent_panel
from pathways.casework.views.referrals import referral_panel
from pathways.casework.views.returns import return_panel
from pathways.casework.views.transfers import transfer_panel
from pathways.lib.countries import country_name
from pathways.programs.models import Country

LISTED_NAMES = ["first_name", "last_name"]
# The order the case page shows its sections in.
SHOWN_SECTIONS = (
    Section.IDENTITY,
    Section.SAFETY,
    Section.MEDICAL,
    Section.EXPLOITATION,
    Section.LEGAL,
    Section.NOTES,
    Section.UNLAWFUL_ACTS,
)
CASE_FIELD_LABELS = {
    "safe_location": gettext_lazy("Safe location"),
    "safety_risk_level": gettext_lazy("Safety risk"),
    "safety_notes": gettext_lazy("Safety notes"),
    "medical_notes": gettext_lazy("Medical notes"),
    "exploitation_details": gettext_lazy("Exploitation details"),
    "legal_notes": gettext_lazy("Legal notes"),
    "unlawful_acts": gettext_lazy("Acts the person was compelled to commit"),
}
ACCESS_PAGE_SIZE = 20
# What a list row does not show: the case's sealed sections and the client's other sealed
# identifiers and blind indexes stay in the database (a page of 25 rows sorts less).
LIST_DEFERRED = (
    *(f"{field}_sealed" for field in CASE_SEALED_FIELDS),
    *(f"client__{field}_sealed" for field in SEALED_FIELDS if field not in LISTED_NAMES),
    *(f"client__blind_index_{kind}" for kind in BLIND_INDEXES),
)


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The cases the user may see, newest first; names only on the rows whose identity the
    user may see, opened for this page's rows alone (one access event per client)."""
    casework_user(request.user)
    form = CaseFilterForm(request.GET or None)
    visible = cases_visible_to(request.user)
    # The page's ids first (an index walk, however deep the page), then those rows alone
    # with what they show: a deep page of a large agency joins 25 rows, not thousands.
    ordered = form.apply(visible).order_by("-opened_on", "-id").values_list("pk", flat=True)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    found = (
        Case.objects.filter(pk__in=ids)
        .select_related("client__country", "owner_agency", "case_worker")
        .defer(*LIST_DEFERRED)
        .in_bulk()
    )
    rows = [found[pk] for pk in ids]
    names = reading.list_identities(
        request.user, rows, fields=LISTED_NAMES, via="web", request=request
    )
    context = {
        "form": form,
        "page_obj": page,
        "rows": [(case, names.get(case.pk)) for case in rows],
        "show_names": bool(names),
        "any_cases": bool(rows) or visible.exists(),
    }
    return render(request, "casework/case_list.html", context)


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    casework_user(request.user)
    return case_page(request, case_for(request.user, pk))


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A note in a section the user may write: 403 for a reader who may write none."""
    casework_user(request.user)
    case = case_for(request.user, pk)
    sections = note_sections(request.user, case)
    if not sections:
        raise PermissionDenied
    form = NoteForm(request.POST, sections=sections)
    if form.is_valid():
        try:
            case_note_add(
                actor=request.user,
                case=case,
                text=form.cleaned_data["text"],
                section=form.cleaned_data["section"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The note is saved."))
            return redirect("casework:case_detail", pk=case.pk)
    return case_page(request, case, note_form=form)


def note_sections(user: Any, case: Case) -> list[tuple[str, str]]:
    writable = writable_sections(user, case)
    return [
        (s.value, s.label)
        for s in Section
        if s in writable and s not in (Section.SUMMARY, Section.IDENTITY)
    ]


def case_page(
    request: HttpRequest,
    case: Case,
    note_form: NoteForm | None = None,
    *,
    stage_forms: dict[str, StageActionForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The case page; `stage_forms`, forms of the stage panel sent back with errors."""
    view = reading.open_case(request.user, case, via="web", request=request)
    sections = note_sections(request.user, case)
    if note_form is None and sections:
        note_form = NoteForm(sections=sections)
    context = {
        "case": case,
        "view": view,
        "sections": shown_sections(view),
        "note_form": note_form,
        "who_accessed": _who_accessed(request, case),
        "attachments": reading.list_attachments(request.user, case, via="web", request=request),
        "can_upload_attachments": can_upload(request.user, case),
        **care_context(request, case),
        "identification_panel": identification_panel(request.user, case),
        "stage_panel": stage_panel(request.user, case, stage_forms),
        "consent_panel": consent_panel(request, case),
        "return_panel": return_panel(request, case),
        "transfer_panel": transfer_panel(request, case),
        "referral_panel": referral_panel(request, case),
        "exploitation_country_name": exploitation_country_name(case),
        "can_edit_exploitation": Section.EXPLOITATION in writable_sections(request.user, case),
    }
    return render(request, "casework/case_detail.html", context, status=status)


def exploitation_country_name(case: Case) -> str:
    """The country of exploitation's name in the reader's language ("" when not known)."""
    code = case.exploitation_country
    if not code:
        return ""
    country = Country.objects.filter(code=code).first()
    return country.translated("name") if country else country_name(code) or code


def shown_sections(view: CaseView) -> list[dict[str, Any]]:
    """Each permitted section beyond the summary: its label, its filled fields and notes."""
    notes: dict[str, list] = {}
    for note, text in view.notes:
        notes.setdefault(note.section, []).append({"note": note, "text": text})
    shown = []
    for section in SHOWN_SECTIONS:
        if section not in view.sections:
            continue
        shown.append(
            {
                "key": section.value,
                "label": section.label,
                "fields": _fields_of(view, section),
                "notes": notes.get(section.value, []),
            }
        )
    return shown


RISK_LABELS = {
    "high": gettext_lazy("High"),
    "medium": gettext_lazy("Medium"),
    "low": gettext_lazy("Low"),
    "none": gettext_lazy("No known risk"),
}


def _fields_of(view: CaseView, section: Section) -> list[tuple[str, Any]]:
    if section == Section.IDENTITY:
        identity = view.identity
        precision = view.case.client.birthdate_precision
        return [
            (IDENTITY_LABELS[name], _shown(name, getattr(identity, name), precision))
            for name in SEALED_FIELDS
            if identity is not None and getattr(identity, name)
        ]
    return [
        (CASE_FIELD_LABELS[name], _shown(name, view.fields[name], ""))
        for name, owner in CASE_SEALED_FIELDS.items()
        if owner == section and view.fields.get(name)
    ]


def birthdate_text(value: dt.date, precision: str) -> str:
    """A birthdate as precisely as it is known, in the reader's date format."""
    if precision == Client.BirthdatePrecision.YEAR:
        return str(value.year)
    if precision == Client.BirthdatePrecision.MONTH:
        return date_format(value, "YEAR_MONTH_FORMAT")
    text = date_format(value, "DATE_FORMAT")
    if precision == Client.BirthdatePrecision.ESTIMATED:
        return _("%(date)s (estimated)") % {"date": text}
    return text


def _shown(name: str, value: Any, precision: str) -> Any:
    if name == "birthdate" and isinstance(value, dt.date):
        return birthdate_text(value, precision)
    if name == "safety_risk_level":
        return RISK_LABELS.get(value, value)
    return value


def may_see_who_accessed(user: Any, case: Case) -> bool:
    """The case's case worker and the owner agency's supervisors (casework.md §6.5)."""
    if case.case_worker_id == user.pk:
        return True
    return CaseworkRole.CASE_SUPERVISOR in casework_scope(user).roles_at(case.owner_agency_id)


def _who_accessed(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    if not may_see_who_accessed(request.user, case):
        return None
    events = (
        AccessEvent.objects.filter(Q(case_id=case.pk) | Q(client_id=case.client_id))
        .select_related("user")
        .order_by("-at", "-id")
    )
    page = Paginator(events, ACCESS_PAGE_SIZE).get_page(request.GET.get("accessed_page"))
    running = (
        BreakGlassGrant.objects.filter(case=case, expires_at__gt=timezone.now())
        .select_related("user")
        .order_by("expires_at")
    )
    return {"page": page, "break_glass": list(running)}
