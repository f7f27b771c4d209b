"""The tables behind figures, for pages and downloads alike: the records of a figure (with
personal data only where allowed, aggregate rows otherwise) and breakdowns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from pathways.activities.ages import age_band_at_event
from pathways.activities.models import Attendance, Event, Person, Sex
from pathways.activities.participants import SexBreakdown
from pathways.programs.labels import reference_names, reference_text
from pathways.programs.models import Country, Organisation, Pathway
from pathways.results.figures import EVENT_RULES, Breakdown

SEX_HEADERS = ("women", "men", "other", "not_recorded")


@dataclass
class Table:
    """Headers and rows; `rows` may be a lazy queryset-backed iterable for downloads.

    `numeric` holds the indexes of number columns; `total` is the figure the rows make.
    """

    title: str
    headers: list[str]
    rows: Iterable[list[Any]]
    numeric: set[int] = field(default_factory=set)
    total: int | None = None
    personal: bool = False
    links: list[str | None] | None = None


def _sex_headers() -> list[str]:
    return [_("Women"), _("Men"), _("Other"), _("Not recorded"), _("Total")]


def _sex_cells(s: SexBreakdown) -> list[int]:
    return [s.women, s.men, s.other, s.not_recorded, s.total]


_EVENT_TYPES = dict(Event.Type.choices)
_SEXES = dict(Sex.choices)
_POSITIONS = dict(Person.Position.choices)
_AGE_BANDS = dict(Person.AgeBand.choices)
_ORG_TYPES = dict(Organisation.Type.choices)


def _organisation(name: str | None, written: str | None) -> str:
    """The organisation on record, or the one the sheet wrote when it matched none."""
    if name:
        return reference_text(name)
    if written:
        return _("Not matched: %(text)s") % {"text": written}
    return ""


def _label(choices: dict[str, Any], value: str | None) -> str:
    return str(choices.get(value, _("Not recorded"))) if value else str(_("Not recorded"))


def event_table(qs: QuerySet[Event], *, window: slice | None = None) -> Table:
    """Events are not personal data: everyone who sees the figure sees its events."""
    rows = qs.order_by("start_date", "title").values_list(
        "pk",
        "start_date",
        "title",
        "event_type",
        "country__name",
        "lead_organisation__name",
        "pathway__name",
    )
    rows = rows[window] if window else rows
    return Table(
        title=_("Events"),
        headers=[
            _("Start date"),
            _("Event"),
            _("Type"),
            _("Country"),
            _("Lead organisation"),
            _("Pathway"),
        ],
        rows=_event_rows(rows),
    )


def _event_rows(rows: Iterable[tuple]) -> Iterator[list[Any]]:
    countries, pathways = reference_names(Country), reference_names(Pathway)
    for _pk, start, title, etype, country, lead, pathway in rows:
        yield [
            start,
            title,
            _label(_EVENT_TYPES, etype),
            countries.get(country, reference_text(country)),
            reference_text(lead),
            pathways.get(pathway, reference_text(pathway)),
        ]


def attendance_table(qs: QuerySet, *, window: slice | None = None) -> Table:
    """Participant attendances with names: only for users who may see personal data."""
    ordered = qs.order_by("event__start_date", "event__title", "person__full_name")
    rows = ordered.annotate(_age_band=age_band_at_event()).values_list(
        "event__start_date",
        "event__title",
        "event__country__name",
        "person__full_name",
        "person__sex",
        "_age_band",
        "person__position",
        "person__organisation__name",
        "organisation_text",
    )
    rows = rows[window] if window else rows
    countries = reference_names(Country)
    return Table(
        title=_("Participants"),
        headers=[
            _("Start date"),
            _("Event"),
            _("Country"),
            _("Name"),
            _("Sex"),
            _("Age band at the event"),
            _("Position category"),
            _("Organisation"),
        ],
        rows=(
            [
                d,
                t,
                countries.get(c, reference_text(c)),
                n,
                _label(_SEXES, s),
                _label(_AGE_BANDS, a),
                _label(_POSITIONS, p),
                _organisation(o, w),
            ]
            for d, t, c, n, s, a, p, o, w in rows
        ),
        personal=True,
    )


def person_table(qs: QuerySet[Person], *, window: slice | None = None) -> Table:
    """Distinct persons with names and contacts: only for users who may see personal data."""
    written = Attendance.objects.filter(person_id=OuterRef("pk")).exclude(organisation_text="")
    rows = qs.order_by("full_name", "pk").values_list(
        "full_name",
        "sex",
        "birth_year",
        "position",
        "organisation__name",
        "phone",
        "email",
        Subquery(written.order_by("-pk").values("organisation_text")[:1]),
    )
    rows = rows[window] if window else rows
    return Table(
        title=_("People trained"),
        headers=[
            _("Name"),
            _("Sex"),
            # Not an age band: a person trained at several events had several ages.
            _("Birth year"),
            _("Position category"),
            _("Organisation"),
            _("Phone"),
            _("Email"),
        ],
        rows=(
            [
                n,
                _label(_SEXES, s),
                a or str(_("Not recorded")),
                _label(_POSITIONS, p),
                _organisation(o, w),
                ph,
                em,
            ]
            for n, s, a, p, o, ph, em, w in rows
        ),
        personal=True,
    )


def _fold_by_sex(grouped: Iterable[dict[str, Any]], keys: tuple[str, ...]) -> dict[tuple, dict]:
    folded: dict[tuple, dict[str, int]] = {}
    for row in grouped:
        counts = folded.setdefault(tuple(row[k] for k in keys), {})
        counts[row["sex"]] = counts.get(row["sex"], 0) + row["n"]
    return folded


def participants_by_event_table(qs: QuerySet) -> Table:
    """Participants as aggregate rows, one per event, split by sex: no names."""
    grouped = (
        qs.values("event__start_date", "event__title", "event__country__name", sex=F("person__sex"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    keys = ("event__start_date", "event__title", "event__country__name")
    folded = _fold_by_sex(grouped, keys)
    countries = reference_names(Country)
    rows = [
        [date, title, countries.get(country, country), *_sex_cells(SexBreakdown.from_counts(c))]
        for (date, title, country), c in sorted(folded.items())
    ]
    return Table(
        title=_("Participants by event"),
        headers=[_("Start date"), _("Event"), _("Country"), *_sex_headers()],
        rows=rows,
        numeric={3, 4, 5, 6, 7},
        total=sum(r[-1] for r in rows),
    )


def people_by_position_table(qs: QuerySet[Person]) -> Table:
    """People trained as aggregate rows by position and organisation type: no names."""
    grouped = qs.values("position", "organisation__type", "sex").annotate(n=Count("pk")).order_by()
    folded = _fold_by_sex(grouped, ("position", "organisation__type"))
    order = {k: i for i, k in enumerate(_POSITIONS)}
    rows = [
        [
            _label(_POSITIONS, pos),
            _label(_ORG_TYPES, org),
            *_sex_cells(SexBreakdown.from_counts(c)),
        ]
        for (pos, org), c in sorted(
            folded.items(), key=lambda kv: (order.get(kv[0][0] or "", 99), kv[0][1] or "~")
        )
    ]
    return Table(
        title=_("People trained by position and organisation type"),
        headers=[_("Position category"), _("Organisation type"), *_sex_headers()],
        rows=rows,
        numeric={2, 3, 4, 5, 6},
        total=sum(r[-1] for r in rows),
    )


def breakdown_table(b: Breakdown, title: str) -> Table:
    """One row per value of the dimension; a person figure split by sex is one row of
    women, men, other and not recorded (one row per sex would be a mostly empty matrix)."""
    if b.rule in EVENT_RULES:
        rows = [[r.label, r.count] for r in b.rows]
        return Table(title=title, headers=[b.dimension.label, _("Events")], rows=rows, numeric={1})
    if b.dimension.key == "sex":
        sexes = [b.sex_total]
        labels = [_("All")]
    else:
        sexes = [r.sex for r in b.rows if r.sex is not None]
        labels = [r.label for r in b.rows if r.sex is not None]
    rows = [
        [label, *_sex_cells(s), s.pct_women, s.pct_men, s.pct_not_recorded]
        for label, s in zip(labels, sexes, strict=True)
    ]
    headers = [
        str(b.dimension.label),
        *_sex_headers(),
        _("% women"),
        _("% men"),
        _("% not recorded"),
    ]
    return Table(title=title, headers=headers, rows=rows, numeric=set(range(1, 9)))


def sex_table(s: SexBreakdown, *, title: str) -> Table:
    """A figure split by sex with shares; other and not recorded always listed."""
    rows = [
        [_("Women"), s.women, s.pct_women],
        [_("Men"), s.men, s.pct_men],
        [_("Other"), s.other, s.pct_other],
        [_("Not recorded"), s.not_recorded, s.pct_not_recorded],
        [_("Total"), s.total, 100 if s.total else 0],
    ]
    return Table(title=title, headers=[_("Sex"), _("Number"), _("%")], rows=rows, numeric={1, 2})
