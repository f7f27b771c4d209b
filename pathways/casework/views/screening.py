"""Screening pages (casework.md §3.1), made for a phone in the field: the agency's list, a
new screening, its setup (for a draft made from a roster), the consent step and the page of
one screening. The questions are in `screening_interview.py`, the outcome in
`screening_outcome.py`.

Every form of an existing screening carries the version it was shown at: when someone else
changed the screening meanwhile, nothing is written, the page says what the screening is now
and keeps what the user posted (`conflict`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.access import (
    SCREENING_ROLES,
    cases_visible_to,
    require_screening_action,
    screening_for,
    screenings_visible_to,
)
from pathways.casework.indicators import CONSENT_ITEMS
from pathways.casework.models import IndicatorSet, Screening, ScreeningGroup
from pathways.casework.screening_forms import (
    ANSWER_CHOICES,
    ConsentForm,
    ScreeningFilterForm,
    ScreeningSetupForm,
    ScreeningStartForm,
    in_language,
    interface_language,
    set_label,
)
from pathways.casework.services import (
    screening_answer,
    screening_refuse_consent,
    screening_start,
)
from pathways.casework.services.screening import SCREENING
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.common import PAGE_SIZE, casework_user, with_role
from pathways.programs.models import Organisation

State = Screening.State


# --- shared by the screening pages --------------------------------------------------------------


def indicator_sets_for(country_ids: Any, kind: str = IndicatorSet.Kind.INDICATORS) -> QuerySet:
    """The sets usable in these countries: the countries' own and those for any country."""
    return IndicatorSet.objects.filter(
        Q(country__isnull=True) | Q(country_id__in=country_ids), kind=kind
    ).order_by("code", "-loaded_at")


def consent_set_for(screening: Screening) -> IndicatorSet | None:
    """The consent script to read: the one the screening used, else the newest of its
    country, else the newest for any country."""
    if screening.consent_set_id:
        return screening.consent_set
    scripts = indicator_sets_for([screening.country_id], IndicatorSet.Kind.CONSENT)
    own = scripts.filter(country_id=screening.country_id).order_by("-loaded_at").first()
    return own or scripts.order_by("-loaded_at").first()


def is_child(screening: Screening) -> bool:
    return screening.age_band in ("0-11", "12-17")


def dimensions_of(screening: Screening) -> list[dict[str, Any]]:
    """The set's dimensions in interview order, each with its title in the interface's
    language."""
    if screening.indicator_set is None:
        return []
    reader = interface_language()
    return [
        {"code": d["code"], "title": in_language(d.get("title"), reader)}
        for d in screening.indicator_set.dimensions
    ]


def next_url(screening: Screening) -> str:
    """Where the screening goes on from: a draft to the step it lacks, a submitted one to
    the suggestion, a triaged one to its next step, a finished one to its page."""
    pk = screening.pk
    if screening.state == State.DRAFT:
        if not (screening.interview_language and screening.indicator_set_id):
            return reverse("casework:screening_setup", args=[pk])
        if screening.consent_to_interview != Screening.Consent.YES:
            return reverse("casework:screening_consent", args=[pk])
        return reverse("casework:screening_questions", args=[pk, 1])
    if screening.state == State.SUBMITTED:
        return reverse("casework:screening_triage", args=[pk])
    if screening.state in (State.INDICATORS_PRESENT, State.NO_INDICATORS):
        return reverse("casework:screening_outcome", args=[pk])
    return reverse("casework:screening_detail", args=[pk])


def fresh(request: HttpRequest, pk: int) -> Screening:
    """The screening as it is now, with what its pages show; 404 out of reach, whatever the
    user's roles (a screening they may not see does not exist for them)."""
    casework_user(request.user)
    return screening_for(request.user, pk)


def changed_since(form: Form, screening: Screening) -> bool:
    return form.cleaned_data["version"] != screening.version


def keep_posted(form_class: type, request: HttpRequest, screening: Screening, **kwargs: Any):
    """The user's posted values again, at the screening's current version: saving once more
    applies them to the screening as it is now."""
    data = request.POST.copy()
    data["version"] = str(screening.version)
    return form_class(data, **kwargs)


def apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def act(form: Form, screening: Screening, move) -> bool | None:
    """Run `move()` for a valid form at the version it was shown at: True when done, None
    when someone else changed the screening first (nothing written), False when refused
    (the reason is on the form)."""
    if changed_since(form, screening):
        return None
    screening.version = form.cleaned_data["version"]
    try:
        move()
    except ConcurrentChange:
        return None
    except TransitionRefused as refusal:
        form.add_error(None, str(refusal))
        return False
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


def conflict_context(screening: Screening) -> dict[str, Any]:
    return {
        "conflict": True,
        "now_state": screening.get_state_display(),
        "now_updated": screening.updated_at,
        "now_url": next_url(screening),
    }


def may_take(user: Any, screening: Screening, action: str) -> bool:
    """Whether the screening's page offers `action`: the state allows it and the user may
    take it (the service checks again)."""
    if action not in SCREENING.allowed_actions(screening.state):
        return False
    try:
        require_screening_action(user, screening, action)
    except PermissionDenied:
        return False
    return True


# --- the list and a new screening ---------------------------------------------------------------


@login_required
@require_GET
def screening_list(request: HttpRequest) -> HttpResponse:
    """The screenings the user may see, newest first, their state in words."""
    with_role(request.user, *SCREENING_ROLES)
    form = ScreeningFilterForm(request.GET or None)
    visible = screenings_visible_to(request.user)
    shown = visible
    if form.is_valid() and form.cleaned_data["state"]:
        shown = shown.filter(state=form.cleaned_data["state"])
    shown = shown.select_related("screening_agency", "screener", "group").order_by(
        "-screened_at", "-id"
    )
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": list(page.object_list),
        "any_screenings": page.paginator.count > 0 or visible.exists(),
    }
    return render(request, "casework/screening_list.html", context)


def _start_choices(user: Any) -> dict[str, Any]:
    scope = with_role(user, *SCREENING_ROLES)
    agency_ids = scope.agencies_with(*SCREENING_ROLES)
    agencies = Organisation.objects.filter(pk__in=agency_ids).order_by("name")
    countries = {scope.agency_countries[a] for a in agency_ids}
    return {
        "agencies": agencies,
        "indicator_sets": indicator_sets_for(countries),
        "groups": ScreeningGroup.objects.filter(agency_id__in=agency_ids),
    }


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request: HttpRequest) -> HttpResponse:
    choices = _start_choices(request.user)
    form = ScreeningStartForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        screening = _start(request, form)
        if screening is not None:
            return redirect(next_url(screening))
    awaiting = any(s.awaits_review for s in choices["indicator_sets"])
    context = {"form": form, "any_awaiting": awaiting}
    return render(request, "casework/screening_new.html", context)


def _start(request: HttpRequest, form: ScreeningStartForm) -> Screening | None:
    data = form.cleaned_data
    agency, chosen = data["agency"], data["indicator_set"]
    if chosen.country_id not in (None, agency.country_id):
        form.add_error("indicator_set", _("Choose a set of the agency's country."))
        return None
    screened_on: dt.date = data["screened_on"]
    now = timezone.localtime()
    at = now
    if screened_on != now.date():  # an interview entered later: midday of its day
        at = timezone.make_aware(dt.datetime.combine(screened_on, dt.time(12)))
    try:
        return screening_start(
            actor=request.user,
            agency=agency,
            location_type=data["location_type"],
            sex=data["sex"],
            age_band=data["age_band"],
            nationality=data["nationality"],
            indicator_set=chosen,
            screened_at=at,
            province=data["province"],
            interview_language=data["interview_language"],
            interpreter_used=data["interpreter_used"],
            child_friendly_procedure=data["child_friendly_procedure"],
            group=data["group"],
        )
    except ValidationError as error:
        apply_errors(form, error)
        return None


# --- a draft's setup and the consent step -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def screening_setup(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview's language and set, for a draft that has only the minimal fields (one
    made from a roster) or to change them before the questions."""
    screening = fresh(request, pk)
    sets = indicator_sets_for([screening.country_id])
    initial = {
        "version": screening.version,
        "interview_language": screening.interview_language,
        "indicator_set": screening.indicator_set_id,
        "province": screening.province,
        "interpreter_used": screening.interpreter_used,
        "child_friendly_procedure": screening.child_friendly_procedure,
    }
    form = ScreeningSetupForm(request.POST or None, initial=initial, indicator_sets=sets)
    context: dict[str, Any] = {"screening": screening}
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in initial if k != "version"}
        done = act(
            form,
            screening,
            lambda: screening_answer(actor=request.user, screening=screening, **values),
        )
        if done:
            return redirect(next_url(screening))
        if done is None:
            screening = fresh(request, pk)
            form = keep_posted(ScreeningSetupForm, request, screening, indicator_sets=sets)
            context.update(conflict_context(screening), screening=screening)
    context["form"] = form
    return render(request, "casework/screening_setup.html", context)


def consent_script(
    screening: Screening, script_set: IndicatorSet | None, user: Any, language: str = ""
) -> str:
    """The script in the interview's language (or `language`), the screener and agency
    named."""
    if script_set is None:
        return ""
    text = in_language(script_set.script, language or screening.interview_language or "en")
    screener = screening.screener.display_name if screening.screener else user.display_name
    return text.replace("{screener}", screener).replace("{agency}", screening.screening_agency.name)


@login_required
@require_http_methods(["GET", "POST"])
def screening_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The consent script read to the person, the six HTCDS items and their decision; a
    refusal ends the interview, keeping only sex, age band, nationality and location type."""
    screening = fresh(request, pk)
    script_set = consent_set_for(screening)
    items = script_set.consent_items if script_set else []
    language = screening.interview_language or "en"
    initial = {"version": screening.version, "decision": screening.consent_to_interview or None}
    for item in CONSENT_ITEMS:
        initial[f"informed_of_{item}"] = getattr(screening, f"informed_of_{item}")
    form_kwargs = {"items": items, "language": language}
    form = ConsentForm(request.POST or None, initial=initial, **form_kwargs)
    context: dict[str, Any] = {"screening": screening}
    if request.method == "POST" and form.is_valid():
        done = act(form, screening, lambda: _consent(request, form, screening, script_set))
        if done:
            if screening.state == State.DECLINED_BY_PERSON:
                messages.info(
                    request,
                    _(
                        "The person did not consent: the interview ends here. Only sex, age "
                        "band, nationality and type of location are kept."
                    ),
                )
            return redirect(next_url(screening))
        if done is None:
            screening = fresh(request, pk)
            form = keep_posted(ConsentForm, request, screening, **form_kwargs)
            context.update(conflict_context(screening), screening=screening)
    script = consent_script(screening, script_set, request.user)
    for_screener = consent_script(screening, script_set, request.user, interface_language())
    context.update(
        form=form,
        script=script,
        script_for_screener=for_screener if for_screener != script else "",
        script_set=script_set,
        language=language,
    )
    return render(request, "casework/screening_consent.html", context)


def _consent(
    request: HttpRequest, form: ConsentForm, screening: Screening, script_set: IndicatorSet | None
) -> None:
    decision = form.cleaned_data["decision"]
    if decision != Screening.Consent.YES:
        screening_refuse_consent(actor=request.user, screening=screening, consent=decision)
        return
    informed = set(form.informed_of())
    screening_answer(
        actor=request.user,
        screening=screening,
        consent_to_interview=decision,
        consent_set=script_set,
        **{f"informed_of_{c}": c in informed for c in CONSENT_ITEMS},
    )


# --- one screening ------------------------------------------------------------------------------


@login_required
@require_GET
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The screening's state, its history and, to those allowed, its answers and notes:
    opening them is one access event."""
    screening = fresh(request, pk)
    view = reading.open_screening(request.user, screening, via="web", request=request)
    case_visible = (
        screening.case_id is not None
        and cases_visible_to(request.user).filter(pk=screening.case_id).exists()
    )
    context = {
        "screening": screening,
        "view": view,
        "answered": answered_by_dimension(screening, view.answers),
        "set_label": set_label(screening.indicator_set) if screening.indicator_set else "",
        "needs": [Screening.Need(n).label for n in screening.immediate_needs],
        "history": history(screening),
        "case_visible": case_visible,
        "continue_url": next_url(screening),
        "may_void": may_take(request.user, screening, "void"),
        "may_mark_duplicate": may_take(request.user, screening, "mark_duplicate"),
        "is_final": screening.state
        not in (
            State.DRAFT,
            State.SUBMITTED,
            State.INDICATORS_PRESENT,
            State.NO_INDICATORS,
        ),
    }
    return render(request, "casework/screening_detail.html", context)


def answered_by_dimension(screening: Screening, answers: dict[str, str]) -> list[dict[str, Any]]:
    """Each dimension with its questions (in the interface's language) and their answers."""
    if screening.indicator_set is None or not answers:
        return []
    labels = dict(ANSWER_CHOICES)
    reader = interface_language()
    indicators = list(screening.indicator_set.indicators.all())
    shown = []
    for dimension in dimensions_of(screening):
        rows = [
            {
                "question": in_language(i.question, reader),
                "answer": labels.get(answers.get(i.code, ""), _("No answer")),
            }
            for i in indicators
            if i.dimension == dimension["code"]
        ]
        shown.append({**dimension, "rows": rows})
    return shown


def history(screening: Screening) -> list[dict[str, Any]]:
    """The screening's audit entries, oldest first: who, when and what was recorded (field
    names only, as the audit trail holds them)."""
    content_type = ContentType.objects.get_for_model(Screening)
    events = AuditEvent.objects.filter(
        content_type=content_type, object_id=str(screening.pk)
    ).order_by("id")
    rows = []
    for event in events:
        names = (event.changes or {}).get("fields", [])
        rows.append(
            {
                "at": event.at,
                "who": event.actor_name,
                "what": _field_words(names),
                "created": event.action == AuditEvent.Action.CREATE,
            }
        )
    return rows


def _field_words(names: list[str]) -> str:
    words = []
    for name in names:
        if name == "version":
            continue
        try:
            words.append(str(Screening._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a sealed field, known by its name only
            words.append(str(SEALED_WORDS.get(name, name)))
    return ", ".join(words)


SEALED_WORDS = {
    "answers": gettext_lazy("answers"),
    "exploitation_notes": gettext_lazy("notes on the exploitation"),
    "unlawful_acts": gettext_lazy("acts the person says they were compelled to commit"),
    "override_reason": gettext_lazy("reason for overriding the suggestion"),
    "void_reason": gettext_lazy("reason for voiding"),
}
