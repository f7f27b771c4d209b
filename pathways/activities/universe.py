"""Which events a figure counts: one answer for every output of a figure.

The dashboard and its records, breakdown and indicators pages, the factsheet (page, PDF,
JSON), the API's figures, factsheet and indicators, the donor workbook and the IATI file
all take their events from a `Universe` and count them by the rules of
`pathways.results.figures`. Whether the user may open the country or the region at all
(404) stays with the access helpers; a universe only says what is counted there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from pathways.accounts.access import Scope, scope_for
from pathways.activities.models import Event, EventQuerySet
from pathways.programs.labels import reference_name
from pathways.programs.models import Country, Organisation


@dataclass(frozen=True)
class Universe:
    """The events a figure counts in a country (None: the region), already scoped to the
    user and narrowed; `partners` is set when they are only some organisations' own events
    (led or co-organised), as for a partner outside its own country's staff."""

    country: Country | None
    events: EventQuerySet
    personal: bool  # may the user see names behind the figures?
    partners: tuple[Organisation, ...] = ()
    # False for a user who sees only part of the region and asked for all of it.
    whole_region: bool = True

    def in_period(self, start: dt.date, end: dt.date) -> EventQuerySet:
        """The counting rule for periods: an event counts when its start date lies in it."""
        return self.events.in_period(start, end)

    @property
    def partial(self) -> bool:
        """Counts only part of the country's events (some organisations' own)."""
        return bool(self.partners)

    def narrowed_to(self, organisation: Organisation) -> Universe:
        """Only the events `organisation` leads or co-organises, of those counted here."""
        events = self.events.filter(
            Q(lead_organisation=organisation) | Q(co_organisers=organisation)
        ).distinct()
        return Universe(
            country=self.country,
            events=events,
            personal=self.personal,
            partners=(organisation,),
            whole_region=self.whole_region,
        )

    @property
    def place(self) -> str:
        return reference_name(self.country) if self.country else _("Region")

    @property
    def label(self) -> str:
        """Whose events are counted, in words: "Cambodia", "Region", or "Lao PDR — events
        run or co-run by LSCW"."""
        if self.partners:
            names = ", ".join(o.short_name for o in self.partners)
            return _("%(place)s — events run or co-run by %(partners)s") % {
                "place": self.place,
                "partners": names,
            }
        if self.country is None and not self.whole_region:
            return _("Region — the events you can see")
        return self.place


def universe_for(user: Any, country: Country | None) -> Universe:
    """What `user`'s figures count in `country` (None: the region). The caller has checked
    with an access helper that the user may open it."""
    scope = scope_for(user)
    events = Event.objects.visible_to(user)
    if country is not None:
        events = events.filter(country=country)
    return Universe(
        country=country,
        events=events,
        personal=_personal(scope, country),
        partners=_partners(scope, country),
        whole_region=scope.is_regional,
    )


def universe_of_all(country: Country | None) -> Universe:
    """Every event of `country` (None: the region), for commands and the region-wide
    exports, which count without a user's scope and name nobody."""
    events = Event.objects.all()
    if country is not None:
        events = events.filter(country=country)
    return Universe(country=country, events=events, personal=False)


def _partners(scope: Scope, country: Country | None) -> tuple[Organisation, ...]:
    """The organisations whose own events are all the user sees of the country: a partner
    with no role of its own there."""
    if country is None or scope.is_regional or country.pk in scope.country_ids:
        return ()
    return tuple(Organisation.objects.filter(pk__in=scope.organisation_ids).order_by("name"))


def _partner_sees_personal(scope: Scope, country: Country) -> bool:
    # A partner's universe is their organisation's events, whose participants they may see.
    return (
        not scope.is_regional
        and country.pk not in scope.country_ids
        and bool(scope.personal_data_organisation_ids)
    )


def _personal(scope: Scope, country: Country | None) -> bool:
    """Whether the records behind the figures name persons or only count them: in the
    region the admin; in a country those with a personal data role there, and partners
    with one."""
    if country is None:
        return scope.is_admin
    return scope.can_see_personal_data_in(country.pk) or _partner_sees_personal(scope, country)
