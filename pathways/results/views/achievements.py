"""Achievements: the list, the record, drafting and the submit-verify workflow."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from pathways.accounts.access import require
from pathways.activities.models import Event
from pathways.lib.tables import table_response
from pathways.programs.models import Country
from pathways.results import services
from pathways.results.access import (
    can_create_achievements,
    can_edit_achievement,
    can_verify_achievement,
    editable_countries,
    get_achievement_for_edit,
    get_achievement_for_user,
)
from pathways.results.forms import (
    AchievementFilterForm,
    AchievementForm,
    EvidenceForm,
    SendBackForm,
)
from pathways.results.models import Achievement

# --- Achievements -------------------------------------------------------------------------------


def _filtered_achievements(request: HttpRequest) -> tuple[QuerySet[Achievement], Any]:
    qs = Achievement.objects.visible_to(request.user).select_related("country", "outcome_area")
    form = AchievementFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["country"]:
            qs = qs.filter(country=d["country"])
        if d["outcome_area"]:
            qs = qs.filter(outcome_area=d["outcome_area"])
        if d["status"]:
            qs = qs.filter(status=d["status"])
        if d["good_practice"]:
            qs = qs.filter(is_good_practice=True)
        if d["start"]:
            qs = qs.filter(date__gte=d["start"])
        if d["end"]:
            qs = qs.filter(date__lte=d["end"])
    return qs.order_by("-date", "title"), form


ACHIEVEMENT_HEADERS = [
    _l("Date"),
    _l("Country"),
    _l("Outcome area"),
    _l("Title"),
    _l("Status"),
    _l("Good practice"),
    _l("Text"),
]


@login_required
def achievement_list(request: HttpRequest) -> HttpResponse:
    qs, form = _filtered_achievements(request)
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = (
            [
                a.date,
                a.country.translated("name"),
                a.outcome_area.translated("name"),
                a.title,
                a.get_status_display(),
                _("yes") if a.is_good_practice else _("no"),
                a.text,
            ]
            for a in qs
        )
        return table_response(
            filename="achievements",
            fmt=request.GET["format"],
            headers=[str(h) for h in ACHIEVEMENT_HEADERS],
            rows=rows,
        )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": Paginator(qs, 20).get_page(request.GET.get("page")),
        "params": params.urlencode(),
        "can_create": can_create_achievements(request.user),
    }
    return render(request, "results/achievement_list.html", context)


@login_required
def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    can_edit = can_edit_achievement(request.user, achievement)
    can_manage = can_verify_achievement(request.user, achievement)
    status = achievement.status
    context = {
        "a": achievement,
        "events": achievement.related_events.visible_to(request.user).order_by("start_date"),
        "evidence": achievement.evidence.visible_to(request.user),
        "can_set_public": can_manage,
        "can_edit": can_edit and status == Achievement.Status.DRAFT,
        "can_submit": can_edit and status == Achievement.Status.DRAFT,
        "can_review": can_manage and status == Achievement.Status.SUBMITTED,
        "send_back_form": SendBackForm(),
        "evidence_form": EvidenceForm(),
    }
    return render(request, "results/achievement_detail.html", context)


def _event_choices(user: Any, countries: QuerySet[Country]) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .filter(country__in=countries)
        .select_related("country")
        .order_by("-start_date")
    )


@login_required
def achievement_create(request: HttpRequest) -> HttpResponse:
    countries = editable_countries(request.user)
    require(countries.exists(), _("You do not have a role that records achievements."))
    code = request.GET.get("country")
    if code:
        countries = countries.filter(code__iexact=code) or countries
    form = AchievementForm(
        request.POST or None,
        countries=countries,
        events=_event_choices(request.user, countries),
        initial={"country": countries.first()} if countries.count() == 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        achievement = services.achievement_create(
            actor=request.user,
            country=d["country"],
            partners=d["partners"],
            related_events=d["related_events"],
            **{k: d[k] for k in services.ACHIEVEMENT_FIELDS},
        )
        messages.success(request, _("The achievement is saved as a draft."))
        return redirect("results:achievement_detail", pk=achievement.pk)
    return render(request, "results/achievement_form.html", {"form": form, "a": None})


@login_required
def achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    achievement = get_achievement_for_edit(request.user, pk)
    require(achievement.is_editable, _("Only a draft can be changed."))
    countries = Country.objects.filter(pk=achievement.country_id)
    form = AchievementForm(
        request.POST or None,
        instance=achievement,
        countries=countries,
        events=_event_choices(request.user, countries),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.achievement_update(
            actor=request.user,
            achievement=Achievement.objects.get(pk=achievement.pk),
            partners=d["partners"],
            related_events=d["related_events"],
            **{k: d[k] for k in services.ACHIEVEMENT_FIELDS},
        )
        messages.success(request, _("The achievement is saved."))
        return redirect("results:achievement_detail", pk=achievement.pk)
    return render(request, "results/achievement_form.html", {"form": form, "a": achievement})


def _workflow(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    achievement = get_achievement_for_user(request.user, pk)
    try:
        if action == "submit":
            services.achievement_submit(actor=request.user, achievement=achievement)
            messages.success(request, _("Submitted for verification."))
        elif action == "verify":
            services.achievement_verify(actor=request.user, achievement=achievement)
            messages.success(request, _("The achievement is verified."))
        else:
            form = SendBackForm(request.POST)
            comment = form.cleaned_data["comment"] if form.is_valid() else ""
            services.achievement_send_back(
                actor=request.user, achievement=achievement, comment=comment
            )
            messages.success(request, _("Sent back to draft with your comment."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("results:achievement_detail", pk=pk)


@login_required
@require_POST
def achievement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "submit")


@login_required
@require_POST
def achievement_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "verify")


@login_required
@require_POST
def achievement_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _workflow(request, pk, "send_back")
