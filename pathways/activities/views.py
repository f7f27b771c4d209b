"""Pages for events, persons and attendance. Fetch through access, validate, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import BaseForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pathways.accounts.access import scope_for
from pathways.activities import services
from pathways.activities.access import (
    can_create_events,
    can_edit_person,
    get_attendance_for_edit,
    get_event_for_attendance_edit,
    get_event_for_edit,
    get_event_for_personal_data,
    get_event_for_user,
    get_person_for_edit,
    get_person_for_user,
    partner_editing_organisation_ids,
    require_event_create,
)
from pathways.activities.ages import age_band_at_event
from pathways.activities.forms import (
    SORTS,
    AttendanceAddForm,
    AttendanceForm,
    EventFilterForm,
    EventForm,
    PersonForm,
)
from pathways.activities.importing.history import import_history_context
from pathways.activities.models import Attendance, Event, Person
from pathways.activities.participants import participant_attendances, sexes_of
from pathways.lib.tables import table_response
from pathways.programs.models import Country

PAGE_SIZE = 25

# --- helpers ------------------------------------------------------------------------------


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    """Service validation errors onto the form: on their field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _quiet(form: BaseForm) -> BaseForm:
    """Show the user's input back without judging it (a search is not a submission)."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    return form


# --- events -------------------------------------------------------------------------------


def _filter_data(request: HttpRequest) -> dict[str, Any]:
    data = request.GET.dict()
    scope = scope_for(request.user)
    if "country" not in data and not scope.is_regional and scope.home_country_id:
        home = Country.objects.filter(pk=scope.home_country_id)
        data["country"] = home.values_list("code", flat=True).first() or ""
    return data


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(_filter_data(request), user=request.user)
    events = form.apply(Event.objects.visible_to(request.user)).select_related(
        "country", "lead_organisation"
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "sorting": _sort_links(form, query),
        "can_create": can_create_events(request.user),
        # An empty page says whether the filters or the records are the reason.
        "any_events": bool(page.object_list) or Event.objects.visible_to(request.user).exists(),
    }
    return render(request, "activities/event_list.html", context)


def _sort_links(form: EventFilterForm, query: QueryDict) -> dict[str, dict[str, str]]:
    """Per sortable column: the link that sorts by it (flipping the order when it is
    the current sort) and its aria-sort value."""
    current = form.cleaned_data.get("sort") or "start_date"
    order = form.cleaned_data.get("order") or "desc"
    links = {}
    for key in SORTS:
        params = query.copy()
        params["sort"] = key
        params["order"] = "asc" if key == current and order == "desc" else "desc"
        state = ("ascending" if order == "asc" else "descending") if key == current else "none"
        links[key] = {"url": "?" + params.urlencode(), "aria": state}
    return links


def _save_event(request: HttpRequest, form: EventForm, event: Event | None) -> Event | None:
    """Call the service; on a refusal, put its reason on the form and return None."""
    m2m = {name: form.cleaned_data[name] for name in EventForm.M2M}
    try:
        if event is None:
            return services.event_create(
                actor=request.user,
                values=form.values(),
                new_topics=form.cleaned_data["new_topics"],
                **m2m,
            )
        return services.event_update(
            actor=request.user,
            event=event,
            version=form.cleaned_data["version"],
            values=form.values(),
            new_topics=form.cleaned_data["new_topics"],
            **m2m,
        )
    except ValidationError as error:
        _add_errors(form, error)
    return None


def _new_event_initial(request: HttpRequest) -> dict[str, Any]:
    """The user's country; for a partner, their organisation as the lead."""
    initial: dict[str, Any] = {"country": scope_for(request.user).home_country_id}
    partner_orgs = partner_editing_organisation_ids(request.user)
    if len(partner_orgs) == 1 and not scope_for(request.user).country_ids:
        initial["lead_organisation"] = next(iter(partner_orgs))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    require_event_create(request.user)
    form = EventForm(request.POST or None, user=request.user, initial=_new_event_initial(request))
    if form.is_bound and form.is_valid():
        event = _save_event(request, form, None)
        if event is not None:
            messages.success(request, _("The event was recorded."))
            return redirect("activities:event_detail", pk=event.pk)
    return render(request, "activities/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_edit(request.user, pk)
    form = EventForm(request.POST or None, user=request.user, instance=event)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            saved = _save_event(request, form, event)
        except services.ConflictError as error:
            conflict, saved = error, None
            form.take_conflict(error)
        if saved is not None:
            messages.success(request, _("The event was saved."))
            return redirect("activities:event_detail", pk=saved.pk)
    context = {"form": form, "event": event, "conflict": conflict}
    return render(request, "activities/event_form.html", context, status=409 if conflict else 200)


@login_required
@require_GET
def event_provinces(request: HttpRequest) -> HttpResponse:
    """The province select and the organisation lists for the chosen country (HTMX swaps
    them when the country changes), keeping the organisations already ticked that an event
    there can still name."""
    data = QueryDict(mutable=True)
    data["country"] = request.GET.get("country", "")
    data["lead_organisation"] = request.GET.get("lead_organisation", "")
    data.setlist("co_organisers", request.GET.getlist("co_organisers"))
    form = EventForm(data, user=request.user)
    return render(request, "activities/event_country_fields.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_edit(request.user, pk)
    if request.method == "POST":
        services.event_delete(actor=request.user, event=event)
        messages.success(request, _("The event “%(title)s” was deleted.") % {"title": event})
        return redirect("activities:event_list")
    count = event.attendances.count()
    return render(
        request, "activities/event_confirm_delete.html", {"event": event, "attendances": count}
    )


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_user(request.user, pk)
    context = _attendance_context(request, event)
    context["can_edit"] = scope_for(request.user).can_edit_event(event)
    context.update(import_history_context(request, event))
    if context["can_edit_attendance"]:
        context["add_form"], context["new_person_form"] = _blank_add_forms(event, request.user)
    return render(request, "activities/event_detail.html", context)


# --- attendance ---------------------------------------------------------------------------


def _attendance_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    """Counts for everyone who sees the event; the names only for those who may."""
    scope = scope_for(request.user)
    one_event = Event.objects.filter(pk=event.pk)
    by_role = dict(event.attendances.values_list("role").annotate(n=Count("pk")).order_by())
    personal = scope.can_see_personal_data_of_event(event)
    attendances = (
        event.attendances.select_related("person", "person__organisation").order_by(
            "person__full_name", "pk"
        )
        if personal
        else Attendance.objects.none()
    )
    return {
        "event": event,
        "sexes": sexes_of(participant_attendances(one_event)),
        "roles": [(label, by_role.get(value, 0)) for value, label in Attendance.Role.choices],
        "can_see_personal_data": personal,
        "can_edit_attendance": personal and scope.can_edit_event(event),
        "attendances": attendances,
    }


def _candidates(event: Event, user: Any):
    return Person.objects.visible_to(user).filter(country=event.country)


def _blank_add_forms(event: Event, user: Any) -> tuple[AttendanceAddForm, PersonForm]:
    add_form = AttendanceAddForm(persons=_candidates(event, user))
    return add_form, _new_person_form(event, None)


def _new_person_form(event: Event, data: Any) -> PersonForm:
    form = PersonForm(data, region=event.country.code, prefix="new")
    form.fields["full_name"].required = False
    return form


def _form_response(
    request: HttpRequest, event: Event, context: dict[str, Any], rows: bool = False
) -> HttpResponse:
    """The attendance form fragment; with `rows`, the refreshed table swapped out of band."""
    context = {"event": event, **context}
    html = render_to_string("activities/attendance_form.html", context, request=request)
    if rows:
        rows_context = {**_attendance_context(request, event), "oob": True}
        html += render_to_string("activities/attendance_rows.html", rows_context, request)
    return HttpResponse(html)


def _add_attendance(
    request: HttpRequest, event: Event, form: AttendanceAddForm, person_form: PersonForm
) -> bool:
    """Validate and save; True when saved, else the errors stay on the forms."""
    if not form.is_valid():
        return False
    person = form.cleaned_data["person"]
    try:
        if person is not None:
            services.attendance_add(
                actor=request.user, event=event, person=person, values=form.values()
            )
            return True
        if not person_form.is_valid():
            return False
        if not person_form.cleaned_data["full_name"]:
            form.add_error(None, _("Pick a person found by the search, or enter a new person."))
            return False
        services.attendance_add_new_person(
            actor=request.user,
            event=event,
            person_values=person_form.values(),
            values=form.values(),
        )
        return True
    except ValidationError as error:
        _add_errors(form, error)
    return False


@login_required
@require_http_methods(["GET", "POST"])
def attendance_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event_for_attendance_edit(request.user, pk)
    if request.method == "GET" and not request.htmx:
        return redirect(reverse("activities:event_detail", args=[pk]) + "#attendance-form")
    data = request.POST if request.method == "POST" else None
    form = AttendanceAddForm(data, persons=_candidates(event, request.user))
    person_form = _new_person_form(event, data)
    saved = False
    if data is not None and data.get("action") == "search":
        _quiet(form)
        _quiet(person_form)
    elif data is not None:
        saved = _add_attendance(request, event, form, person_form)
    if not request.htmx:
        if saved:
            messages.success(request, _("The attendance was added."))
            return redirect(reverse("activities:event_detail", args=[pk]) + "#attendance")
        context = {"add_form": form, "new_person_form": person_form, "can_edit": True}
        page = {**_attendance_context(request, event), **context}
        return render(request, "activities/event_detail.html", page)
    if saved:
        form, person_form = _blank_add_forms(event, request.user)
    context = {"add_form": form, "new_person_form": person_form, "added": saved}
    return _form_response(request, event, context, rows=saved)


def _focus_first_field(form: BaseForm) -> None:
    """The edit form opens below a long attendance table, out of sight of the Edit link that
    asked for it; htmx focuses, and so scrolls to, a swapped-in field marked autofocus."""
    wrong = [name for name in form.errors if name in form.fields] if form.is_bound else []
    name = wrong[0] if wrong else next(iter(form.fields))
    form.fields[name].widget.attrs["autofocus"] = True


@login_required
@require_http_methods(["GET", "POST"])
def attendance_edit(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = get_attendance_for_edit(request.user, pk, attendance_pk)
    event = attendance.event
    form = AttendanceForm(request.POST or None, instance=attendance)
    if form.is_bound and form.is_valid():
        try:
            services.attendance_update(
                actor=request.user, attendance=attendance, values=form.values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not request.htmx:
                messages.success(request, _("The attendance was saved."))
                return redirect(reverse("activities:event_detail", args=[pk]) + "#attendance")
            add_form, person_form = _blank_add_forms(event, request.user)
            context = {"add_form": add_form, "new_person_form": person_form}
            return _form_response(request, event, context, rows=True)
    _focus_first_field(form)
    context = {"edit_form": form, "attendance": attendance}
    if request.htmx:
        return _form_response(request, event, context)
    return render(request, "activities/attendance_edit.html", {"event": event, **context})


@login_required
@require_POST
def attendance_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = get_attendance_for_edit(request.user, pk, attendance_pk)
    event = attendance.event
    services.attendance_remove(actor=request.user, attendance=attendance)
    if request.htmx:
        context = _attendance_context(request, event)
        return render(request, "activities/attendance_rows.html", context)
    messages.success(
        request, _("%(person)s was removed from this event.") % {"person": attendance.person}
    )
    return redirect(reverse("activities:event_detail", args=[pk]) + "#attendance")


ATTENDANCE_HEADERS = (
    gettext_lazy("Full name"),
    gettext_lazy("Latin name"),
    gettext_lazy("Sex"),
    gettext_lazy("Birth year"),
    gettext_lazy("Age band"),
    gettext_lazy("Organisation"),
    gettext_lazy("Position"),
    gettext_lazy("Phone"),
    gettext_lazy("Email"),
    gettext_lazy("Role"),
    gettext_lazy("Days attended"),
    gettext_lazy("Pre-test score"),
    gettext_lazy("Post-test score"),
)


def _attendance_row(a: Attendance) -> list[Any]:
    p = a.person
    return [
        p.full_name,
        p.latin_name,
        p.get_sex_display(),
        p.birth_year,
        # The age at this event, as the figures count it (not a band kept on the person).
        str(Person.AgeBand(a._age_band).label),
        p.organisation.name if p.organisation else "",
        p.get_position_display(),
        p.phone,
        p.email,
        a.get_role_display(),
        float(a.days_attended) if a.days_attended is not None else None,
        float(a.pre_test_score) if a.pre_test_score is not None else None,
        float(a.post_test_score) if a.post_test_score is not None else None,
    ]


@login_required
@require_GET
def attendance_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = get_event_for_personal_data(request.user, pk)
    attendances = (
        event.attendances.select_related("person", "person__organisation")
        .annotate(_age_band=age_band_at_event())
        .order_by("person__full_name", "pk")
    )
    return table_response(
        filename=f"event-{event.pk}-attendance",
        fmt=fmt,
        headers=[str(h) for h in ATTENDANCE_HEADERS],
        rows=(_attendance_row(a) for a in attendances),
    )


# --- persons ------------------------------------------------------------------------------


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    visible = Event.objects.visible_to(request.user)
    attendances = (
        person.attendances.filter(event__in=visible)
        .select_related("event", "event__country")
        .order_by("-event__start_date")
    )
    context = {
        "person": person,
        "attendances": attendances,
        "hidden_attendances": person.attendances.exclude(event__in=visible).count(),
        "can_edit": can_edit_person(request.user, person),
        "disability": [
            (Person._meta.get_field(name).verbose_name, getattr(person, f"get_{name}_display")())
            for name in (f"wg_{d}" for d in Person.WASHINGTON_GROUP_DOMAINS)
        ],
    }
    return render(request, "activities/person_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_edit(request.user, pk)
    form = PersonForm(request.POST or None, instance=person, region=person.country.code)
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                version=form.cleaned_data["version"],
                values=form.values(),
            )
        except services.ConflictError as error:
            conflict = error
            form.take_conflict(error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The person's record was saved."))
            return redirect("activities:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "conflict": conflict}
    return render(request, "activities/person_form.html", context, status=409 if conflict else 200)
