"""The ACTIP and SOMTC tables of a country and year, as exact counts (`CountTable`s) for the
statistics service; each breakdown is a table of its own (casework.md §8.1)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from pathways.programs.models import Country
from pathways.stats import counting
from pathways.stats.disclosure import CountTable

TABLE_TITLES = {
    "identified.sex": _("Victims identified, by sex"),
}
DIMENSION_TITLES = {
    "sex": _("Sex"),
    "identification": _("Identification"),
}


def identified_by_sex(country: Country, year: int) -> CountTable:
    people = counting.victims_identified(country, year)
    sexes = tuple(sorted({person.sex for person in people}))
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for person in people:
        key = ((person.sex,), "formal")
        counts[key] = counts.get(key, 0) + 1
    return CountTable(
        key="identified.sex",
        population="identified",
        row_dimensions=("sex",),
        column_dimension="identification",
        rows=tuple((sex,) for sex in sexes),
        columns=("formal",),
        counts=counts,
    )


def actip_tables(country: Country, year: int) -> list[CountTable]:
    return [identified_by_sex(country, year)]
