"""The service directory's pages (casework.md §2.1, §2.2): the searchable directory of the
user's countries, and an agency's page with its referral profile and entries, with the edit
forms for its administrator and the NRM coordinator of its country."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.casework.access_directory import (
    DirectoryFilter,
    agency_for,
    agreement_state,
    directory_countries,
    directory_search,
    eligibility_words,
    entry_for,
    kept_agencies,
    may_keep_directory,
    profile_of,
)
from pathways.casework.directory_forms import DirectoryFilterForm, EntryForm, ProfileForm
from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry
from pathways.casework.services.directory import (
    agency_profile_save,
    directory_entry_add,
    directory_entry_change,
    directory_entry_remove,
)
from pathways.casework.transitions import ConcurrentChange
from pathways.casework.views.common import PAGE_SIZE
from pathways.casework.views.screening import apply_errors
from pathways.programs.models import Organisation


@login_required
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    countries = directory_countries(request.user)
    form = DirectoryFilterForm(request.GET or None, countries=countries)
    wanted = DirectoryFilter()
    if form.is_valid():
        data = form.cleaned_data
        wanted = DirectoryFilter(
            service_type=data["service"],
            province=data["province"],
            sex=data["sex"],
            age_band=data["age_band"],
            nationality=data["nationality"],
            accepting_only=data["accepting_only"],
        )
    found = directory_search(request.user, wanted)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": _rows(page.object_list),
        "kept": kept_agencies(request.user),
    }
    return render(request, "casework/directory.html", context, status=400 if form.errors else 200)


def _rows(entries) -> list[dict[str, Any]]:
    """Each entry with its eligibility in words and the state of its agency's agreement."""
    today = timezone.localdate()
    rows = []
    for entry in entries:
        profile = profile_of(entry.agency)
        rows.append(
            {
                "entry": entry,
                "profile": profile,
                "eligibility": eligibility_words(entry),
                "agreement": agreement_state(profile, today),
            }
        )
    return rows


def _agency_context(request: HttpRequest, agency: Organisation, **forms: Any) -> dict[str, Any]:
    profile = AgencyProfile.objects.filter(organisation=agency).first()
    may_edit = may_keep_directory(request.user, agency)
    entries = ServiceDirectoryEntry.objects.filter(agency=agency).select_related(
        "province", "agency__referral_profile"
    )
    context = {
        "agency": agency,
        "profile": profile,
        "rows": _rows(entries.order_by("service_type", "province__name", "pk")),
        "may_edit": may_edit,
        "agreement": agreement_state(profile, timezone.localdate()),
    }
    if may_edit:
        context["profile_form"] = forms.get("profile_form") or ProfileForm(
            initial=ProfileForm.initial_for(profile)
        )
        context["entry_form"] = forms.get("entry_form") or EntryForm(
            initial=EntryForm.initial_for(None), country_id=agency.country_id, prefix="new"
        )
    return context


@login_required
@require_GET
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    found = agency_for(request.user, pk)
    return render(request, "casework/directory_agency.html", _agency_context(request, found))


def _require_keeper(request: HttpRequest, agency: Organisation) -> None:
    if not may_keep_directory(request.user, agency):
        raise PermissionDenied


@login_required
@require_POST
def profile_save(request: HttpRequest, pk: int) -> HttpResponse:
    found = agency_for(request.user, pk)
    _require_keeper(request, found)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            agency_profile_save(
                actor=request.user,
                agency=found,
                values=form.values(),
                version=form.cleaned_data["version"],
            )
        except ConcurrentChange as change:
            now = AgencyProfile.objects.filter(organisation=found).first()
            form = _at_current_version(ProfileForm, request, now.version if now else 0)
            form.add_error(None, str(change))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The referral profile is saved."))
            return redirect("casework:directory_agency", pk=found.pk)
    context = _agency_context(request, found, profile_form=form)
    return render(request, "casework/directory_agency.html", context, status=400)


def _at_current_version(form_class: type, request: HttpRequest, version: int, **kwargs: Any):
    """The user's values again at the row's current version: saving once more applies them
    to the row as it is now; the reader sees what is there on the page around the form."""
    data = request.POST.copy()
    data["version"] = str(version)
    return form_class(data, **kwargs)


@login_required
@require_POST
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = agency_for(request.user, pk)
    _require_keeper(request, found)
    form = EntryForm(request.POST, country_id=found.country_id, prefix="new")
    if form.is_valid():
        try:
            directory_entry_add(actor=request.user, agency=found, values=form.values())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The service is added to the directory."))
            return redirect("casework:directory_agency", pk=found.pk)
    context = _agency_context(request, found, entry_form=form)
    return render(request, "casework/directory_agency.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request.user, pk)
    _require_keeper(request, entry.agency)
    country_id = entry.agency.country_id
    if request.method == "GET":
        form = EntryForm(initial=EntryForm.initial_for(entry), country_id=country_id)
        return _entry_page(request, entry, form)
    form = EntryForm(request.POST, country_id=country_id)
    if form.is_valid():
        try:
            directory_entry_change(
                actor=request.user,
                entry=entry,
                values=form.values(),
                version=form.cleaned_data["version"],
            )
        except ConcurrentChange as change:
            entry.refresh_from_db()
            form = _at_current_version(EntryForm, request, entry.version, country_id=country_id)
            form.add_error(None, str(change))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The directory entry is saved."))
            return redirect("casework:directory_agency", pk=entry.agency_id)
    return _entry_page(request, entry, form, status=400)


def _entry_page(request: HttpRequest, entry, form, status: int = 200) -> HttpResponse:
    context = {"entry": entry, "agency": entry.agency, "form": form}
    return render(request, "casework/directory_entry.html", context, status=status)


@login_required
@require_POST
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    entry = entry_for(request.user, pk)
    _require_keeper(request, entry.agency)
    version = request.POST.get("version")
    try:
        directory_entry_remove(
            actor=request.user,
            entry=entry,
            version=int(version) if version and version.isdigit() else None,
        )
    except ConcurrentChange as change:
        messages.error(request, str(change))
    else:
        messages.success(request, _("The entry is removed from the directory."))
    return redirect("casework:directory_agency", pk=entry.agency_id)
