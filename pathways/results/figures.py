"""The counting rules of Pathways, one function each (see docs/counting-rules.md).

Every page, PDF, export and API response computes a figure through these functions, and
each `*_records` function returns the records behind the figure, so a figure can always
be opened as the list it counts.

The `events` argument is the universe to count in: the events of a
`pathways.activities.universe.Universe`, already scoped to the user and to the country or
partner wanted. An event counts in a period when its start date lies in it
(`EventQuerySet.in_period`, the one definition).

`FigureFilters` narrows a figure to one value of any dimension; `breakdown` splits a figure
by one dimension, each row with its sex split, in one aggregate query. Event-level filters
(pathway, outcome area, event type, country, organisation) narrow the events; person-level
filters (sex, disability, age band, position, organisation type) narrow the persons and so
apply to the person-counting rules only. Organisation type is the person's organisation's
type for participants and people trained, and the lead organisation's type for events.

The age band is the age at each event (`pathways.activities.ages.age_band_at_event`), a
value of the attendance: a person trained twice in a period may be in two age bands, as in
two countries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from functools import reduce
from operator import and_, or_
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pathways.activities import tally
from pathways.activities.ages import age_band_at_event, age_band_q
from pathways.activities.models import Attendance, Event, EventTally, Person, Sex
from pathways.activities.participants import (
    SexBreakdown,
    participant_attendances,
    sexes_of,
)
from pathways.programs.labels import reference_names_by_code
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway
from pathways.results import periods

NOT_RECORDED = "not_recorded"
# Organisation type of a person saved with no organisation whose sheet named one that
# matched none on record (kept as written on the attendance): not "not recorded".
UNMATCHED = "unmatched"
UNMATCHED_LABEL = _("Organisation not matched")


class Rule(models.TextChoices):
    EVENTS = "events", _("Events")
    PARTICIPANTS = "participants", _("Participants")
    CAPACITY_DEVELOPMENT_EVENTS = "capacity_development_events", _("Capacity development events")
    PEOPLE_TRAINED = "people_trained", _("People trained")


EVENT_RULES = frozenset({Rule.EVENTS, Rule.CAPACITY_DEVELOPMENT_EVENTS})


# --- Filters ------------------------------------------------------------------------------

WG_CUT_OFF = (Person.Difficulty.A_LOT, Person.Difficulty.CANNOT)


def disability_q(prefix: str = "") -> tuple[Q, Q]:
    """(has a disability, was not asked) as conditions on a person reached via `prefix`.

    Washington Group cut-off, as Person.has_disability: 'a lot of difficulty' or 'cannot do
    at all' in any domain; not asked in every domain is not recorded.
    """
    domains = Person.WASHINGTON_GROUP_DOMAINS
    yes = reduce(or_, (Q(**{f"{prefix}wg_{d}__in": WG_CUT_OFF}) for d in domains))
    not_asked = reduce(
        and_, (Q(**{f"{prefix}wg_{d}": Person.Difficulty.NOT_ASKED}) for d in domains)
    )
    return yes, not_asked


def unmatched_organisation_q(prefix: str = "") -> Q:
    """A person (reached via `prefix`) with no organisation, though an attendance of theirs
    keeps the organisation a sheet wrote and nothing on record matched."""
    written = Attendance.objects.filter(person_id=OuterRef(f"{prefix}pk")).exclude(
        organisation_text=""
    )
    return Q(**{f"{prefix}organisation__isnull": True}) & Q(Exists(written))


def _organisation_type_q(prefix: str, value: str) -> Q:
    if value == UNMATCHED:
        return unmatched_organisation_q(prefix)
    if value == NOT_RECORDED:
        return _value_q(f"{prefix}organisation__type", value) & ~unmatched_organisation_q(prefix)
    return _value_q(f"{prefix}organisation__type", value)


def _value_q(path: str, value: str, *, blank: bool = False) -> Q:
    """`path` equals `value`; 'not_recorded' matches null (and blank when `blank`)."""
    if value != NOT_RECORDED:
        return Q(**{path: value})
    q = Q(**{f"{path}__isnull": True})
    return q | Q(**{path: ""}) if blank else q


@dataclass(frozen=True)
class FigureFilters:
    """One value per dimension to narrow a figure to; None means no filter.

    Every value may be 'not_recorded' to select the records where it is missing.
    """

    sex: str | None = None
    disability: str | None = None  # "yes", "no" or "not_recorded"
    age_band: str | None = None
    organisation_type: str | None = None
    position: str | None = None
    pathway: str | None = None  # pathway code
    outcome_area: str | None = None  # outcome area code
    event_type: str | None = None
    country: str | None = None  # ISO code
    organisation: int | None = None  # events the organisation leads or co-organises

    EVENT_FIELDS = ("pathway", "outcome_area", "event_type", "country", "organisation")
    PERSON_FIELDS = ("sex", "disability", "age_band", "organisation_type", "position")

    def active(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def with_value(self, name: str, value: Any) -> FigureFilters:
        return replace(self, **{name: value})

    @property
    def has_person_filters(self) -> bool:
        return any(getattr(self, name) for name in self.PERSON_FIELDS)

    def apply_to_events(self, events: QuerySet[Event], *, rule: str) -> QuerySet[Event]:
        q = Q()
        if self.pathway:
            q &= _value_q("pathway__code", self.pathway)
        if self.event_type:
            q &= Q(event_type=self.event_type)
        if self.country:
            q &= Q(country__code=self.country)
        if self.outcome_area:
            # A subquery, not a join, so an event with several areas is never counted twice.
            tagged = Event.outcome_areas.through.objects.values("event_id")
            if self.outcome_area == NOT_RECORDED:
                q &= ~Q(pk__in=tagged)
            else:
                q &= Q(pk__in=tagged.filter(outcomearea__code=self.outcome_area))
        if self.organisation:
            co = Event.co_organisers.through.objects.filter(organisation_id=self.organisation)
            q &= Q(lead_organisation_id=self.organisation) | Q(pk__in=co.values("event_id"))
        if self.organisation_type and rule in EVENT_RULES:
            q &= _value_q("lead_organisation__type", self.organisation_type)
        return events.filter(q) if q else events

    def attendance_q(self) -> Q:
        """The person-level filters as a condition on attendances: the age band is the age
        at the event, the others are the person's."""
        q = self.person_q("person__")
        if self.age_band:
            q &= age_band_q(self.age_band)
        return q

    def person_q(self, prefix: str = "") -> Q:
        """The filters of the person's own values (all but the age band, which belongs to
        the attendance: `attendance_q`) as a condition on a person reached via `prefix`."""
        q = Q()
        if self.sex:
            q &= Q(**{f"{prefix}sex": self.sex})
        if self.position:
            q &= _value_q(f"{prefix}position", self.position, blank=True)
        if self.organisation_type:
            q &= _organisation_type_q(prefix, self.organisation_type)
        if self.disability:
            yes, not_asked = disability_q(prefix)
            q &= {"yes": yes, NOT_RECORDED: not_asked}.get(self.disability, ~yes & ~not_asked)
        return q


NO_FILTERS = FigureFilters()


# --- Rule 1: events -------------------------------------------------------------------


def event_records(
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet[Event]:
    """Events whose start date lies in the period."""
    return _events_of_period(events, start=start, end=end, filters=filters, rule=Rule.EVENTS)


def _events_of_period(
    events: QuerySet[Event], *, start: dt.date, end: dt.date, filters: FigureFilters, rule: str
) -> QuerySet[Event]:
    """The events of the period narrowed by the filters as `rule` reads them: organisation
    type is the lead organisation's for the event rules, the person's for the others."""
    return filters.apply_to_events(events, rule=rule).in_period(start, end)


def count_events(
    *, events: QuerySet[Event], start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> int:
    return event_records(events=events, start=start, end=end, filters=filters).count()


# --- Rule 2: participants ---------------------------------------------------------------


def participant_records(
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet[Attendance]:
    """Attendances with the role participant at events of the period (facilitators,
    speakers, organisers and staff are recorded but not counted)."""
    in_period = _events_of_period(
        events, start=start, end=end, filters=filters, rule=Rule.PARTICIPANTS
    )
    return participant_attendances(in_period).filter(filters.attendance_q())


def count_participants(
    *, events: QuerySet[Event], start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> SexBreakdown:
    if tally_serves(Rule.PARTICIPANTS, filters):
        tallies = participant_tallies(events=events, start=start, end=end, filters=filters)
        counts = tallies.values("sex").annotate(n=Sum("participants")).order_by()
        return SexBreakdown.from_counts({row["sex"]: row["n"] for row in counts})
    return sexes_of(participant_records(events=events, start=start, end=end, filters=filters))


def tally_serves(rule: str, filters: FigureFilters, dim: Dimension | None = None) -> bool:
    """Whether the participant tally gives this figure exactly: the participants rule with no
    person-level filter, whole or split by sex or by a dimension of the event (and not inside
    `counting_records`)."""
    return (
        rule == Rule.PARTICIPANTS
        and not filters.has_person_filters
        and (dim is None or dim.key == "sex" or not dim.is_person_level)
        and tally.is_kept()
        and not _counting_records.get()
    )


_counting_records: ContextVar[bool] = ContextVar("counting_records", default=False)


@contextmanager
def counting_records() -> Iterator[None]:
    """Within this block every figure counts the records, as where the tally cannot serve
    (a person-level filter, a database that does not keep it): to check the tally against
    the records, and to time the records' own queries (bench/figures_bench.py)."""
    token = _counting_records.set(True)
    try:
        yield
    finally:
        _counting_records.reset(token)


def participant_tallies(
    *, events: QuerySet[Event], start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> QuerySet[EventTally]:
    """The tally rows (participants per event and sex) of the events of the period; the same
    counts as `participant_records` when `tally_serves`, one row per event and sex."""
    in_period = _events_of_period(
        events, start=start, end=end, filters=filters, rule=Rule.PARTICIPANTS
    )
    return EventTally.objects.filter(event__in=in_period.values("pk"))


# --- Rule 3: capacity development events -------------------------------------------------


def capacity_development_event_records(
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet[Event]:
    """Events of the period whose type is training / capacity development."""
    return _trainings(
        events, start=start, end=end, filters=filters, rule=Rule.CAPACITY_DEVELOPMENT_EVENTS
    )


def _trainings(
    events: QuerySet[Event], *, start: dt.date, end: dt.date, filters: FigureFilters, rule: str
) -> QuerySet[Event]:
    in_period = _events_of_period(events, start=start, end=end, filters=filters, rule=rule)
    return in_period.filter(event_type=Event.Type.TRAINING)


def count_capacity_development_events(
    *, events: QuerySet[Event], start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> int:
    return capacity_development_event_records(
        events=events, start=start, end=end, filters=filters
    ).count()


# --- Rule 4: people trained ----------------------------------------------------------------


def training_attendance_records(
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet[Attendance]:
    """The participant attendances at capacity development events that make people trained."""
    # The person's organisation type, not the lead organisation's: these are people.
    trainings = _trainings(events, start=start, end=end, filters=filters, rule=Rule.PEOPLE_TRAINED)
    return participant_attendances(trainings).filter(filters.attendance_q())


def people_trained_records(
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet[Person]:
    """Distinct persons (after de-duplication) with at least one participant attendance at
    a capacity development event of the period."""
    attended = training_attendance_records(events=events, start=start, end=end, filters=filters)
    return Person.objects.filter(pk__in=attended.values("person_id"))


def count_people_trained(
    *, events: QuerySet[Event], start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> SexBreakdown:
    records = people_trained_records(events=events, start=start, end=end, filters=filters)
    counts = records.values("sex").annotate(n=Count("pk")).order_by()
    return SexBreakdown.from_counts({row["sex"]: row["n"] for row in counts})


# --- Any rule by name --------------------------------------------------------------------

RECORDS: dict[str, Callable[..., QuerySet]] = {
    Rule.EVENTS: event_records,
    Rule.PARTICIPANTS: participant_records,
    Rule.CAPACITY_DEVELOPMENT_EVENTS: capacity_development_event_records,
    Rule.PEOPLE_TRAINED: people_trained_records,
}


def records(
    rule: str,
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> QuerySet:
    """The records behind a figure: events, attendances or distinct persons."""
    return RECORDS[rule](events=events, start=start, end=end, filters=filters)


def figure_value(
    rule: str,
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> int:
    """The figure as one number (the total for person rules)."""
    if tally_serves(rule, filters):
        return count_participants(events=events, start=start, end=end, filters=filters).total
    return records(rule, events=events, start=start, end=end, filters=filters).count()


# --- Disaggregation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str | Promise
    event_path: str | None = None  # from Event, for dimensions of the event
    person_path: str | None = None  # from Person, for dimensions of the person
    choices: tuple[tuple[str, Any], ...] = ()
    multi_valued: bool = False  # an event can hold several values (outcome areas)
    # A value of the attendance (the age at the event): a person may hold several.
    of_attendance: bool = False

    @property
    def is_person_level(self) -> bool:
        """A value of the participant, not of the event (the tally cannot split by it)."""
        return self.person_path is not None or self.of_attendance

    def applies_to(self, rule: str) -> bool:
        return not (rule in EVENT_RULES and self.key in _PERSON_ONLY)


_PERSON_ONLY = {"sex", "disability", "age_band", "position"}

DISABILITY_CHOICES = (
    ("yes", _("With disability")),
    ("no", _("Without disability")),
    (NOT_RECORDED, _("Not recorded")),
)

DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("sex", _("Sex"), person_path="sex", choices=tuple(Sex.choices)),
        Dimension("disability", _("Disability"), person_path="disability"),
        Dimension(
            "age_band",
            _("Age band"),
            of_attendance=True,
            choices=tuple(Person.AgeBand.choices),
        ),
        Dimension(
            "organisation_type",
            _("Organisation type"),
            event_path="lead_organisation__type",
            person_path="organisation__type",
            choices=tuple(Organisation.Type.choices),
        ),
        Dimension(
            "position",
            _("Position category"),
            person_path="position",
            choices=tuple(Person.Position.choices),
        ),
        Dimension("pathway", _("Pathway"), event_path="pathway__code"),
        Dimension(
            "outcome_area", _("Outcome area"), event_path="outcome_areas__code", multi_valued=True
        ),
        Dimension(
            "event_type",
            _("Event type"),
            event_path="event_type",
            choices=tuple(Event.Type.choices),
        ),
        Dimension("country", _("Country"), event_path="country__code"),
        Dimension("quarter", _("Quarter"), event_path="start_date"),
    ]
}


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    count: int
    sex: SexBreakdown | None  # None for the event rules

    @property
    def is_not_recorded(self) -> bool:
        return self.key == NOT_RECORDED


@dataclass(frozen=True)
class Breakdown:
    rule: str
    dimension: Dimension
    rows: list[BreakdownRow]

    @property
    def is_additive(self) -> bool:
        """Whether the rows add up to the figure: each record falls in exactly one row.

        Not for outcome areas (an event may have several), nor for people trained split by
        an event dimension (a person trained in two countries is one in each).
        """
        if self.dimension.multi_valued:
            return False
        if self.rule == Rule.PEOPLE_TRAINED:
            return self.dimension.is_person_level and not self.dimension.of_attendance
        return True

    @property
    def total(self) -> int:
        if not self.is_additive:
            raise ValueError("The rows of this breakdown do not add up to the figure.")
        return sum(r.count for r in self.rows)

    @property
    def sex_total(self) -> SexBreakdown:
        if not self.is_additive:
            raise ValueError("The rows of this breakdown do not add up to the figure.")
        return sum((r.sex for r in self.rows if r.sex), SexBreakdown())

    def row(self, key: str) -> BreakdownRow | None:
        return next((r for r in self.rows if r.key == key), None)


def _group_expressions(
    dim: Dimension, *, on_event: bool, additive: bool = False, pe: str = "person__"
) -> dict[str, Any]:
    """The annotations that give each record its value of `dim` (`_k`, or `_d` or `_y`/`_q`
    for quarters, folded into `_k` by `_fold_quarters`). `pe` leads from the record to its
    person ("" when the records are persons)."""
    ev = "" if on_event else "event__"
    if dim.key == "quarter" and additive:
        # A count that adds up across days is grouped by the start date itself: no date
        # function runs on every record (on SQLite each call is a Python function call).
        return {"_d": F(f"{ev}start_date")}
    if dim.key == "quarter":
        return {
            "_y": ExtractYear(f"{ev}start_date"),
            "_q": ExtractQuarter(f"{ev}start_date"),
        }
    if dim.key == "disability":
        yes, not_asked = disability_q(pe)
        return {
            "_k": Case(
                When(yes, then=Value("yes")),
                When(not_asked, then=Value(NOT_RECORDED)),
                default=Value("no"),
                output_field=CharField(),
            )
        }
    if dim.of_attendance:
        return {"_k": age_band_at_event()}
    if dim.key == "organisation_type" and not on_event:
        return {
            "_k": Case(
                When(Q(**{f"{pe}organisation__isnull": False}), then=F(f"{pe}organisation__type")),
                When(unmatched_organisation_q(pe), then=Value(UNMATCHED)),
                default=Value(None),
                output_field=CharField(),
            )
        }
    if on_event and dim.event_path:
        return {"_k": F(dim.event_path)}
    if dim.event_path and not dim.is_person_level:
        return {"_k": F(f"{ev}{dim.event_path}")}
    return {"_k": F(f"{pe}{dim.person_path}")}


def _labels(dim: Dimension) -> dict[str, str]:
    if dim.key == "disability":
        return {k: str(v) for k, v in DISABILITY_CHOICES}
    if dim.key == "organisation_type":
        return {**{k: str(v) for k, v in dim.choices}, UNMATCHED: str(UNMATCHED_LABEL)}
    if dim.choices:
        return {k: str(v) for k, v in dim.choices}
    model = {"pathway": Pathway, "outcome_area": OutcomeArea, "country": Country}[dim.key]
    return reference_names_by_code(model)


def _order(dim: Dimension, labels: dict[str, str]) -> list[str]:
    if dim.key == "country":
        return sorted(labels, key=lambda k: labels[k])
    return list(labels)


def _fold_quarters(grouped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of days (or calendar quarters) summed into financial-year quarters, one row
    per quarter and sex: a period of years holds thousands of days, a few dozen quarters."""
    keys: dict[Any, str] = {}
    summed: dict[tuple[str, Any], int] = {}
    for row in grouped:
        when = row["_d"] if "_d" in row else (row["_y"], row["_q"])
        key = keys.get(when)
        if key is None:
            year, calendar_quarter = (when.year, (when.month - 1) // 3 + 1) if "_d" in row else when
            key = keys[when] = periods.quarter_key(*periods.fy_quarter(year, calendar_quarter))
        at = (key, row.get("_s"))
        summed[at] = summed.get(at, 0) + row["n"]
    return [{"_k": key, "_s": sex, "n": n} for (key, sex), n in summed.items()]


def breakdown(
    rule: str,
    by: str,
    *,
    events: QuerySet[Event],
    start: dt.date,
    end: dt.date,
    filters: FigureFilters = NO_FILTERS,
) -> Breakdown:
    """The figure of `rule` split by dimension `by`, each row with its sex split (person
    rules), in one aggregate query. Rows with no records are left out, except that a
    dimension's not-recorded row appears whenever it holds any record."""
    dim = DIMENSIONS[by]
    if not dim.applies_to(rule):
        raise ValueError(f"{by} does not apply to {rule}.")
    on_event = rule in EVENT_RULES
    kw = {"events": events, "start": start, "end": end, "filters": filters}
    if tally_serves(rule, filters, dim):
        grouped = _grouped_tallies(dim, participant_tallies(**kw))
    elif rule == Rule.PEOPLE_TRAINED and dim.is_person_level and not dim.of_attendance:
        # A person has one value of a person-level dimension: counting the distinct persons
        # themselves gives each row's distinct count, without sorting attendances for it.
        persons = people_trained_records(**kw)
        exprs = _group_expressions(dim, on_event=False, pe="")
        grouped = _grouped(persons.annotate(**exprs, _s=F("sex")), [*exprs, "_s"], Count("pk"))
    else:
        # The records themselves; people trained by a dimension of the event or the
        # attendance are the distinct persons of each row's training attendances.
        source = training_attendance_records if rule == Rule.PEOPLE_TRAINED else RECORDS[rule]
        distinct = rule == Rule.PEOPLE_TRAINED
        exprs = _group_expressions(dim, on_event=on_event, additive=not distinct)
        qs = source(**kw).annotate(**exprs)
        if not on_event:
            qs = qs.annotate(_s=F("person__sex"))
        group = [*exprs] + ([] if on_event else ["_s"])
        count = Count("person_id", distinct=True) if distinct else Count("pk")
        grouped = _grouped(qs, group, count)
    if dim.key == "quarter":
        grouped = _fold_quarters(grouped)
    return Breakdown(rule=rule, dimension=dim, rows=_rows(dim, grouped, on_event=on_event))


def _grouped(qs: QuerySet, group: list[str], count: Any) -> list[dict[str, Any]]:
    return list(qs.values(*group).annotate(n=count).order_by())


def _grouped_tallies(dim: Dimension, tallies: QuerySet[EventTally]) -> list[dict[str, Any]]:
    """The participants of each value of `dim` and sex, summed from the tally rows."""
    if dim.key == "sex":
        exprs: dict[str, Any] = {"_k": F("sex")}
    else:
        exprs = _group_expressions(dim, on_event=False, additive=True)
    return _grouped(tallies.annotate(**exprs, _s=F("sex")), [*exprs, "_s"], Sum("participants"))


def _rows(dim: Dimension, grouped: list[dict[str, Any]], *, on_event: bool) -> list[BreakdownRow]:
    counts: dict[str, dict[str, int]] = {}
    for row in grouped:
        key = row["_k"] or NOT_RECORDED
        by_sex = counts.setdefault(key, {})
        sex = Sex.NOT_RECORDED if on_event else (row["_s"] or Sex.NOT_RECORDED)
        by_sex[sex] = by_sex.get(sex, 0) + row["n"]
    if dim.key == "quarter":
        order = sorted(k for k in counts if k != NOT_RECORDED)
        labels = {k: periods.quarter_label(*periods.parse_quarter_key(k)) for k in order}
    else:
        labels = _labels(dim)
        labels.setdefault(NOT_RECORDED, str(_("Not recorded")))
        order = [k for k in _order(dim, labels) if k != NOT_RECORDED] + [NOT_RECORDED]
        order += sorted(k for k in counts if k not in labels)  # values outside the choices
    return [
        BreakdownRow(
            key=k,
            label=labels.get(k, k),
            count=sum(counts[k].values()),
            sex=None if on_event else SexBreakdown.from_counts(counts[k]),
        )
        for k in order
        if k in counts
    ]


def row_query(
    by: str, key: str, *, start: dt.date, end: dt.date, filters: FigureFilters = NO_FILTERS
) -> tuple[dt.date, dt.date, FigureFilters]:
    """The period and filters whose records are exactly one row of a breakdown: a quarter
    narrows the period, any other dimension adds its filter."""
    if by == "quarter":
        fy_q = periods.parse_quarter_key(key)
        if fy_q is None:
            raise ValueError(f"Not a quarter: {key}")
        quarter = periods.quarter_period(*fy_q)
        return max(quarter.start, start), min(quarter.end, end), filters
    return start, end, filters.with_value(by, key)
