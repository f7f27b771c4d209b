"""Mass intake (casework.md §2.4, §3.1; issue 20 item 8): a roster of many people, handed
over at a border say, becomes one `ScreeningGroup` and one draft screening per person with
the minimal fields (sex, age band, nationality, type of location), their names sealed, to
be interviewed later.

Every person is checked against the registered clients of the agency's country by the same
exact blind-index keys as an intake search (a name in either script, with a birth year:
`sealing.name_key`), and against the earlier rows of the same roster. A match is a
suggestion kept on the screening (`possible_client`, `roster_duplicate_row`), never a
refusal: two people may share a name.

All or nothing: a roster with any bad row writes nothing and says, for each problem, the
row, the column and what was expected (`roster_reading`). The import is one transaction
with one locked write of the audit chain naming every record by id (`audit_bulk`); the
sealing and the blind indexes are computed in bulk with the country's keys unwrapped once,
so 7,000 people take seconds (see docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_bulk
from pathways.casework import sealing
from pathways.casework.access import require_screening_start
from pathways.casework.models import (
    SCREENING_SEALED_FIELDS,
    Client,
    IntakeSearch,
    Screening,
    ScreeningGroup,
)
from pathways.casework.residency import require_country_held
from pathways.casework.services.roster_reading import (
    Roster,
    RosterPerson,
    birth_years,
    read_roster,
)
from pathways.lib import crypto
from pathways.lib.text import clean_text
from pathways.programs.models import Country, Organisation

# Keys per database query when looking for registered clients (SQLite's limit on
# parameters is far above, PostgreSQL's plans stay simple).
LOOKUP_CHUNK = 500
CREATE_BATCH = 1000
# The fields whose values come from the roster's cells.
ROSTER_VALUES = ("location_type", "sex", "age_band", "nationality", "roster_row")
# What a roster screening is created with, by name, for the audit entry.
WRITTEN = [
    "country",
    "screening_agency",
    "screener",
    "screened_at",
    "state",
    "group",
    "is_group_screening",
    "roster_row",
    "location_type",
    "sex",
    "age_band",
]


@dataclass
class RosterSummary:
    """What a roster holds and what the checks found, in counts only (a preview or the
    result of an import)."""

    people: int
    by_nationality: list[tuple[str, int]]
    by_sex: list[tuple[str, int]]
    by_age_band: list[tuple[str, int]]
    duplicates_in_roster: int
    possibly_registered: int | None = None  # None: the registry was not checked
    ignored_columns: list[str] = field(default_factory=list)
    group: ScreeningGroup | None = None


def roster_check(
    *,
    actor: Any,
    agency: Organisation,
    data: bytes,
    location_type: str = "",
    today: dt.date | None = None,
) -> RosterSummary:
    """Read and check a roster without writing anything (the registry is not searched):
    RosterError naming every problem, or the counts the import would create."""
    require_screening_start(actor, agency.pk)
    today = today or timezone.localdate()
    roster = read_roster(data, location_type=location_type, today=today)
    keys = _Keys(agency.country, today)
    duplicates = _duplicates_in_roster(roster.people, keys)
    return _summary(roster, duplicates=duplicates, registered=None)


def roster_import(
    *,
    actor: Any,
    agency: Organisation,
    name: str,
    arrived_on: dt.date,
    data: bytes,
    location_type: str = "",
    description: str = "",
    today: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> RosterSummary:
    """A new group of `agency` with one draft screening per person of the roster, each
    checked against the registry and the roster's earlier rows.

    PermissionDenied unless `actor` screens for the agency; ValidationError naming the
    group's fields, or RosterError naming every bad row and column; nothing is written then.
    """
    require_screening_start(actor, agency.pk)
    group = _group(actor, agency, name, arrived_on, location_type, description)
    today = today or timezone.localdate()
    roster = read_roster(data, location_type=location_type, today=today)
    keys = _Keys(agency.country, today)
    duplicates = _duplicates_in_roster(roster.people, keys)
    now = timezone.now()
    with transaction.atomic():
        registered = _registered(agency.country, roster.people, keys)
        group.save()
        screenings = _screenings(actor, group, roster.people, now)
        _link(screenings, roster.people, registered, duplicates)
        sealing.seal_records(screenings, [_sealed_values(p) for p in roster.people])
        Screening.objects.bulk_create(screenings, batch_size=CREATE_BATCH)
        IntakeSearch.objects.create(
            user=actor,
            agency_id=agency.pk,
            at=now,
            kinds=["roster", "name", "birth_year"],
            matches=len(registered),
        )
        audit_bulk(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            entries=[(group, {"fields": _group_fields(group)})]
            + [(s, {"fields": _screening_fields(s)}) for s in screenings],
            source=source,
            without_values=True,
        )
    summary = _summary(roster, duplicates=duplicates, registered=registered)
    summary.group = group
    return summary


def _group(
    actor: Any,
    agency: Organisation,
    name: str,
    arrived_on: dt.date,
    location_type: str,
    description: str,
) -> ScreeningGroup:
    if agency.country_id is None:
        raise ValidationError({"agency": _("The screening agency must belong to a country.")})
    require_country_held(agency.country, field="agency")
    errors = {}
    if location_type and location_type not in Screening.LocationType.values:
        errors["location_type"] = _("Choose a type of location from the list.")
    if arrived_on > timezone.localdate():
        errors["arrived_on"] = _("The group cannot arrive after today.")
    if errors:
        raise ValidationError(errors)
    group = ScreeningGroup(
        name=clean_text(name).strip(),
        description=clean_text(description, multiline=True).strip(),
        country=agency.country,
        agency=agency,
        arrived_on=arrived_on,
        created_by=actor,
    )
    group.full_clean()
    return group


def _group_fields(group: ScreeningGroup) -> list[str]:
    names = ["name", "country", "agency", "arrived_on", "created_by"]
    return sorted(names + (["description"] if group.description else []))


def _screening_fields(screening: Screening) -> list[str]:
    names = list(WRITTEN)
    names += [f for f in SCREENING_SEALED_FIELDS if getattr(screening, f"{f}_sealed")]
    for name in ("nationality", "possible_client", "roster_duplicate_row"):
        if getattr(screening, screening._meta.get_field(name).attname) not in ("", None):
            names.append(name)
    return sorted(names)


def _screenings(
    actor: Any, group: ScreeningGroup, people: list[RosterPerson], now: dt.datetime
) -> list[Screening]:
    made = []
    others = [f.name for f in Screening._meta.concrete_fields if f.name not in ROSTER_VALUES]
    for person in people:
        screening = Screening(
            country=group.country,
            screening_agency=group.agency,
            screener=actor,
            screened_at=now,
            group=group,
            is_group_screening=True,
            roster_row=person.row,
            location_type=person.location_type,
            sex=person.sex,
            age_band=person.age_band,
            nationality=person.nationality,
        )
        # The reading checked every choice; this checks the roster's own values again
        # without the query per row and relation that validating the relations would cost.
        screening.clean_fields(exclude=others)
        made.append(screening)
    return made


def _sealed_values(person: RosterPerson) -> dict[str, str]:
    return {
        "name": person.name,
        "other_name": person.other_name,
        "birthdate": person.birthdate.isoformat() if person.birthdate else "",
        "roster_notes": person.notes,
    }


def _link(
    screenings: list[Screening],
    people: list[RosterPerson],
    registered: dict[int, int],
    duplicates: dict[int, int],
) -> None:
    for screening, person in zip(screenings, people, strict=True):
        screening.possible_client_id = registered.get(person.row)
        screening.roster_duplicate_row = duplicates.get(person.row)


# --- the keys and the checks ---------------------------------------------------------------------


class _Keys:
    """The name keys of roster rows under the country's blind-index key (unwrapped once)."""

    def __init__(self, country: Country, today: dt.date) -> None:
        self.key = sealing.blind_key(country)
        self.today = today

    def of(self, person: RosterPerson, *, with_no_year: bool) -> set[str]:
        years: list[int | None] = list(birth_years(person, self.today))
        if with_no_year or not years:
            years.append(None)
        found = set()
        for name in (person.name, person.other_name):
            for year in years:
                birthdate = dt.date(year, 1, 1) if year else None
                text = sealing.name_key(name, birthdate=birthdate)
                if text:
                    found.add(crypto.blind_index(text, key=self.key, kind="name"))
        return found


def _duplicates_in_roster(people: list[RosterPerson], keys: _Keys) -> dict[int, int]:
    """Row -> the earlier row with a name key in common (with a birth year when either row
    gives one)."""
    first: dict[str, int] = {}
    found: dict[int, int] = {}
    for person in people:
        mine = keys.of(person, with_no_year=False)
        earlier = sorted(first[k] for k in mine if k in first)
        if earlier:
            found[person.row] = earlier[0]
        for key in mine:
            first.setdefault(key, person.row)
    return found


def _registered(country: Country, people: list[RosterPerson], keys: _Keys) -> dict[int, int]:
    """Row -> the id of a registered client of the country (the oldest, when several) whose
    name in either script and birth year match; a client registered without a birthdate
    matches by name alone."""
    rows_of: dict[str, list[int]] = {}
    for person in people:
        for key in keys.of(person, with_no_year=True):
            rows_of.setdefault(key, []).append(person.row)
    wanted = list(rows_of)
    found: dict[int, int] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        matches = (
            Client.objects.filter(country=country)
            .filter(Q(blind_index_name__in=chunk) | Q(blind_index_local_name__in=chunk))
            .values_list("pk", "blind_index_name", "blind_index_local_name")
        )
        for pk, latin, local in matches:
            for key in (latin, local):
                for row in rows_of.get(key, ()):
                    found[row] = min(pk, found.get(row, pk))
    return found


def _summary(
    roster: Roster, *, duplicates: dict[int, int], registered: dict[int, int] | None
) -> RosterSummary:
    people = roster.people

    def counted(values: list[str]) -> list[tuple[str, int]]:
        return Counter(values).most_common()

    return RosterSummary(
        people=len(people),
        by_nationality=counted([p.nationality for p in people]),
        by_sex=counted([p.sex for p in people]),
        by_age_band=counted([p.age_band for p in people]),
        duplicates_in_roster=len(duplicates),
        possibly_registered=None if registered is None else len(registered),
        ignored_columns=roster.ignored_columns,
    )
