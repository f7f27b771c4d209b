"""Each user's home (their dashboard under what needs them), the program's page and a
country's page: reference data, the user's events and partners."""

from __future__ import annotations

from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from pathways.accounts.access import get_country_for_user, scope_for
from pathways.activities.models import Event
from pathways.casework.access import casework_scope
from pathways.home.needs import needs_for
from pathways.programs.labels import reference_text
from pathways.programs.models import (
    Country,
    Organisation,
    OutcomeArea,
    Pathway,
    Program,
    SteeringCommitteeMember,
)
from pathways.results.views.dashboard import board_for, dashboard_page
from pathways.translations.status import language_statuses


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A country user's country dashboard, a regional user's region, each under the panel of
    what needs them; a user with casework roles only, the casework work list; a user with no
    role anywhere yet, the program's page."""
    scope = scope_for(request.user)
    if scope.is_translator_only:
        return _translator_home(request)
    if not scope.is_authenticated and casework_scope(request.user).is_casework_user:
        # Casework roles only, no programme role: their work is casework.
        return redirect("casework:worklist")
    country = None
    if not scope.is_regional:
        if scope.home_country_id is None:
            return program(request)
        country = Country.objects.get(pk=scope.home_country_id)
    board = board_for(request, country.code if country else None)
    panel = render_to_string(
        "home/needs.html", {"needs": needs_for(request.user, country)}, request
    )
    return dashboard_page(request, board, before=panel)


def _translator_home(request: HttpRequest) -> HttpResponse:
    """A translator holds no programme records: their home is their languages' review."""
    languages = scope_for(request.user).reviewable_languages
    statuses = [s for s in language_statuses() if s.language in languages]
    return render(request, "home/translator.html", {"statuses": statuses})


@login_required
def program(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    countries = list(Country.objects.select_related("focal_point_organisation"))
    context = {
        "program": Program.objects.select_related("funder", "implementer").first(),
        "countries": countries,
        "visible_country_ids": {c.pk for c in countries if scope.can_see_country(c.pk)},
        "pathways": Pathway.objects.all(),
        "outcome_areas": OutcomeArea.objects.all(),
        "rpsc": [
            _with_shown_title(s)
            for s in SteeringCommitteeMember.objects.select_related("country", "organisation")
        ],
    }
    return render(request, "home/program.html", context)


def _with_shown_title(seat: SteeringCommitteeMember) -> SteeringCommitteeMember:
    """The seat's title in the reader's language: a country's seat as the reference data
    names it ("Member for <country>") by one translated pattern, any other title as the
    catalogs translate it or as recorded."""
    country = seat.country
    if country is not None and seat.title == f"Member for {country.name}":
        seat.shown_title = _("Member for %(country)s") % {"country": reference_text(country.name)}
    else:
        seat.shown_title = reference_text(seat.title)
    return seat


@login_required
def country(request: HttpRequest, code: str) -> HttpResponse:
    country = get_country_for_user(request.user, code)
    partners = Organisation.objects.filter(country=country).order_by("type", "name")
    events = (
        Event.objects.visible_to(request.user)
        .filter(country=country)
        .select_related("lead_organisation", "pathway")
        .order_by("-start_date")[:20]
    )
    context = {
        "country": country,
        "partner_groups": [
            (orgs[0].get_type_display(), orgs)
            for _type, group in groupby(partners, key=lambda o: o.type)
            if (orgs := list(group))
        ],
        "events": events,
        "event_count": Event.objects.visible_to(request.user).filter(country=country).count(),
    }
    return render(request, "home/country.html", context)
