"""Who may read and change events, persons, attendance and the duplicate queue.

Reads: 404 out of scope, 403 read-only. The rules for writes live here too and are called
by the services whoever calls them (page, API, command), and by the views to fetch and to
decide what a page offers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.accounts.models import EDITING_ROLES
from pathways.activities.models import (
    Attendance,
    DuplicateCandidate,
    Event,
    Person,
    PersonMerge,
)
from pathways.programs.models import Country

# --- events -------------------------------------------------------------------------------


def partner_editing_organisation_ids(user: Any) -> set[int]:
    scope = scope_for(user)
    return {o for o, roles in scope.organisation_roles.items() if roles & EDITING_ROLES}


def events_editable_by(user: Any) -> QuerySet[Event]:
    """The events whose record and attendance the user may change (`Scope.can_edit_event`):
    those of countries they edit in, and those their organisation leads or co-organises."""
    scope = scope_for(user)
    events = Event.objects.visible_to(user)
    if scope.is_admin:
        return events
    countries = [c for c in scope.country_ids if scope.can_edit_in_country(c)]
    orgs = partner_editing_organisation_ids(user)
    co = Event.co_organisers.through.objects.filter(organisation_id__in=orgs).values("event_id")
    return events.filter(
        Q(country_id__in=countries) | Q(lead_organisation_id__in=orgs) | Q(pk__in=co)
    )


def creatable_countries(user: Any) -> QuerySet[Country]:
    """The countries where the user may record an event (`Scope.can_record_events_in`)."""
    scope = scope_for(user)
    ids = [c for c in Country.objects.values_list("pk", flat=True) if scope.can_record_events_in(c)]
    return Country.objects.filter(pk__in=ids)


def can_create_events(user: Any) -> bool:
    scope = scope_for(user)
    if scope.is_admin:
        return True
    return any(roles & EDITING_ROLES for roles in scope.country_roles.values()) or bool(
        partner_editing_organisation_ids(user)
    )


def require_event_create(user: Any) -> None:
    require(can_create_events(user))


def require_event_edit(user: Any, event: Event) -> None:
    require(scope_for(user).can_edit_event(event))


def require_event_in_scope(
    user: Any, event: Event, co_ids: Iterable[int], *, country_moved: bool
) -> None:
    """The event as it will be saved must be in the actor's scope, whatever the form offered.

    Country staff write in their countries. A partner records events, or moves one, only
    in a country its organisation works in, and only with its organisation among the
    organisers; a partner's own event stays editable in the country it is in.
    """
    if event.country_id is None:
        raise ValidationError({"country": _("An event needs a country.")})
    scope = scope_for(user)
    if scope.can_edit_in_country(event.country_id):
        return
    partner_orgs = partner_editing_organisation_ids(user)
    require(bool(partner_orgs))
    if country_moved:
        require(
            scope.can_record_events_in(event.country_id),
            _("You cannot record events in %(country)s.") % {"country": event.country},
        )
    if not partner_orgs & {event.lead_organisation_id, *co_ids}:
        raise ValidationError(
            {
                "lead_organisation": _(
                    "Your organisation must be the lead organisation or a co-organiser."
                )
            }
        )


def get_event_for_user(user: Any, pk: int) -> Event:
    event = (
        Event.objects.visible_to(user)
        .select_related("country", "province", "pathway", "lead_organisation", "reported_by")
        .filter(pk=pk)
        .first()
    )
    if event is None:
        raise Http404("No such event in your scope.")
    return event


def get_event_for_edit(user: Any, pk: int) -> Event:
    event = get_event_for_user(user, pk)
    require_event_edit(user, event)
    return event


# --- attendance ---------------------------------------------------------------------------


def require_attendance_rights(user: Any, event: Event) -> None:
    """Recording who attended: edit the event and see its participants' personal data."""
    scope = scope_for(user)
    require(scope.can_edit_event(event) and scope.can_see_personal_data_of_event(event))


def require_person_visible(user: Any, person: Person) -> None:
    """Recording someone at one's event shows their record from then on: only persons the
    user may already see, or a partner could read anyone of the country by their id."""
    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("Choose a person found by the search; this record is not in your scope.")}
        )


def get_event_for_personal_data(user: Any, pk: int) -> Event:
    """The event, when the user may see who attended it (403 when only its counts)."""
    event = get_event_for_user(user, pk)
    require(scope_for(user).can_see_personal_data_of_event(event))
    return event


def get_event_for_attendance_edit(user: Any, pk: int) -> Event:
    event = get_event_for_personal_data(user, pk)
    require_event_edit(user, event)
    return event


def get_attendance_for_edit(user: Any, event_pk: int, pk: int) -> Attendance:
    event = get_event_for_attendance_edit(user, event_pk)
    attendance = event.attendances.select_related("person", "person__organisation").filter(pk=pk)
    found = attendance.first()
    if found is None:
        raise Http404("No such attendance at this event.")
    found.event = event
    return found


# --- persons ------------------------------------------------------------------------------


def can_edit_person(user: Any, person: Person) -> bool:
    scope = scope_for(user)
    if scope.can_edit_in_country(person.country_id):
        return True
    orgs = partner_editing_organisation_ids(user)
    return bool(orgs) and (
        Event.objects.filter(attendances__person=person)
        .filter(Q(lead_organisation__in=orgs) | Q(co_organisers__in=orgs))
        .exists()
    )


def require_person_edit(user: Any, person: Person) -> None:
    require(can_edit_person(user, person))


def require_person_create_in(user: Any, country: Country) -> None:
    """Staff who edit in the country; partners add persons through their event's attendance."""
    require(
        scope_for(user).can_edit_in_country(country.pk),
        _("You cannot record persons held by %(country)s.") % {"country": country},
    )


def get_person_for_user(user: Any, pk: int) -> Person:
    person = (
        Person.objects.visible_to(user)
        .select_related("country", "organisation")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person in your scope.")
    return person


def get_person_for_edit(user: Any, pk: int) -> Person:
    person = get_person_for_user(user, pk)
    require_person_edit(user, person)
    return person


# --- the duplicate review queue -------------------------------------------------------------
# Only persons whose personal data the user may see are ever shown: both persons of a pair
# must be visible to the user, in a country where the user holds a data role. A pair in a
# country outside the user's scope is a 404; in scope without a data role, a 403.


def _personal_data_countries(user: Any) -> frozenset[int] | None:
    """None for the admin (every country); else the countries where the user has a data role.
    A user with none may not use the queue at all (403)."""
    scope = scope_for(user)
    require(scope.is_admin or bool(scope.personal_data_country_ids))
    return None if scope.is_admin else scope.personal_data_country_ids


def candidates_for_user(user: Any) -> QuerySet[DuplicateCandidate]:
    countries = _personal_data_countries(user)
    visible = Person.objects.visible_to(user)
    pending = DuplicateCandidate.objects.filter(
        status=DuplicateCandidate.Status.PENDING, person_a__in=visible, person_b__in=visible
    )
    if countries is not None:
        pending = pending.filter(person_a__country_id__in=countries)
    return pending.select_related(
        "person_a__country", "person_a__organisation", "person_b__organisation"
    ).order_by("-score", "pk")


def finder_countries(user: Any) -> list[Country]:
    """The countries whose persons the user may search again for duplicates: where they may
    merge persons (the admin everywhere; a country's data officers and manager there)."""
    scope = scope_for(user)
    return [c for c in Country.objects.all() if scope.can_see_personal_data_in(c.pk)]


def require_duplicate_finder(user: Any, country: Country) -> None:
    """A full search merges sure pairs as the user who asked: outside the user's countries a
    404, in a country without a data role a 403, as for a merge."""
    check_merge_access(user, country.pk)


def merges_for_user(user: Any) -> QuerySet[PersonMerge]:
    countries = _personal_data_countries(user)
    merges = PersonMerge.objects.filter(
        undone_at__isnull=True, kept__in=Person.objects.visible_to(user)
    )
    if countries is not None:
        merges = merges.filter(kept__country_id__in=countries)
    return merges.select_related("kept", "merged_by")


def check_merge_access(actor: Any, country_id: int) -> None:
    """None is the system (the duplicate finder); a user needs personal data of the country:
    outside their countries it is a 404, in a country without a data role a 403."""
    if actor is None:
        return
    scope = scope_for(actor)
    if not (scope.is_admin or scope.can_see_country(country_id)):
        raise Http404("No such person in your scope.")
    require(scope.can_see_personal_data_in(country_id))


def get_candidate_for_user(user: Any, pk: int) -> DuplicateCandidate:
    candidate = (
        DuplicateCandidate.objects.select_related("person_a", "person_b").filter(pk=pk).first()
    )
    if candidate is None:
        raise Http404("No such pair.")
    check_merge_access(user, candidate.person_a.country_id)
    visible = Person.objects.visible_to(user).filter(
        pk__in=[candidate.person_a_id, candidate.person_b_id]
    )
    if visible.count() != 2:
        raise Http404("No such pair in your scope.")
    return candidate


def get_merge_for_user(user: Any, pk: int) -> PersonMerge:
    merge = PersonMerge.objects.select_related("kept").filter(pk=pk).first()
    if merge is None:
        raise Http404("No such merge.")
    check_merge_access(user, merge.kept.country_id)
    return merge
