"""The ACTIP and SOMTC tables of a country and year, as exact counts (`CountTable`s) for the
statistics service; each breakdown is a table of its own (casework.md §8.1), built from the
counting rules of `counting.py` only.

The identification tables describe the same people (population "identified": each person
formally identified or presumed in the year, once) with the same columns (formal, presumed),
so each is a partition of them and their totals agree. Re-trafficking is said of formal
identifications only, so a presumed re-trafficked person is a structural zero. Victims
assisted by service type is not additive (a person may receive several services). Medians
(`actip_medians`) are handed to the statistics service with their values, which publishes
them only over enough cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pathways.casework.models import Case, Client, ServiceType
from pathways.lib.countries import country_name
from pathways.programs.labels import reference_names_by_code
from pathways.programs.models import Country
from pathways.stats import counting
from pathways.stats.counting import IdentifiedPerson, ReferralOutcome
from pathways.stats.disclosure import OTHER, TOTAL, CountTable

COUNT = "count"
IDENTIFIED = "identified"
IDENTIFICATION_COLUMNS = (counting.FORMAL, counting.PRESUMED)

TABLE_TITLES = {
    "identified.sex": _("Victims identified, by sex"),
    "identified.age": _("Victims identified, children and adults"),
    "identified.nationality": _("Victims identified, by nationality"),
    "identified.exploitation": _("Victims identified, by form of exploitation"),
    "identified.exploitation_country": _("Victims identified, by country of exploitation"),
    "identified.retrafficked": _("Victims identified, re-trafficked"),
    "assisted.service": _("Victims assisted, by service type"),
    "referrals.outcome": _("Referrals offered, by what became of them"),
    "returns.country": _("Returns completed, by country of return"),
    "closures.reason": _("Cases closed, by reason"),
}
DIMENSION_TITLES = {
    "sex": _("Sex"),
    "identification": _("Identification"),
    "age": _("Child or adult"),
    "nationality": _("Nationality"),
    "exploitation": _("Form of exploitation"),
    "exploitation_country": _("Country of exploitation"),
    "retrafficking": _("Identified before"),
    "service": _("Service"),
    "referral_outcome": _("Outcome"),
    "return_country": _("Country of return"),
    "closure_reason": _("Reason for closure"),
}
MEDIAN_TITLES = {
    "referrals.days_to_answer": _("Median days from a referral's offer to its answer"),
    "referrals.days_to_completion": _("Median days from a referral's offer to its completion"),
    "returns.verification_days": _("Median days of nationality verification for a return"),
}

COMMON_LABELS = {
    TOTAL: _("Total"),
    OTHER: _("Other"),
    COUNT: _("Number"),
    counting.UNKNOWN: _("Not known"),
    counting.NOT_KNOWN: _("Not known"),
    counting.NOT_RECORDED: _("Not recorded"),
    counting.STATELESS: _("Stateless"),
}
CODE_LABELS: dict[str, dict[str, Promise | str]] = {
    "sex": dict(Client.Sex.choices),
    "identification": {counting.FORMAL: _("Formally identified"), counting.PRESUMED: _("Presumed")},
    "age": {counting.CHILD: _("Child"), counting.ADULT: _("Adult")},
    "exploitation": dict(Case.ExploitationType.choices),
    "retrafficking": {
        counting.FIRST_TIME: _("First identification"),
        counting.RETRAFFICKED: _("Re-trafficked (identified before on another case)"),
    },
    "service": dict(ServiceType.choices),
    "referral_outcome": {
        ReferralOutcome.PENDING: _("Awaiting an answer"),
        ReferralOutcome.ACCEPTED: _("Accepted, in progress"),
        ReferralOutcome.COMPLETED: _("Completed"),
        ReferralOutcome.NOT_COMPLETED: _("Not completed"),
        ReferralOutcome.DECLINED: _("Declined"),
        ReferralOutcome.EXPIRED: _("Expired without an answer"),
        ReferralOutcome.WITHDRAWN: _("Withdrawn"),
    },
    "closure_reason": dict(Case.ClosureReason.choices),
}
COUNTRY_DIMENSIONS = frozenset({"nationality", "exploitation_country", "return_country"})
# Codes that close a list of countries rather than sort among them.
LAST_CODES = (counting.STATELESS, counting.UNKNOWN, counting.NOT_KNOWN)


def dimension_label(dimension: str, code: str) -> str:
    """The label of a code of a dimension in the active language: a country's name, a
    choice's label, "Other", "Total"."""
    if code in COMMON_LABELS:
        return str(COMMON_LABELS[code])
    if dimension in COUNTRY_DIMENSIONS:
        return reference_names_by_code(Country).get(code) or country_name(code) or code
    label = CODE_LABELS.get(dimension, {}).get(code)
    return str(label) if label is not None else code


def _country_order(codes: Iterable[str]) -> tuple[str, ...]:
    """The countries present, then the codes that close the list, then OTHER always: the
    statistics service merges the rare ones into it, and a table whose rows came only from
    the data would say by its empty row list that nobody was counted."""
    present = set(codes) - {OTHER}
    ordered = tuple(sorted(present - set(LAST_CODES)))
    return ordered + tuple(c for c in LAST_CODES if c in present) + (OTHER,)


def _people_table(
    key: str,
    dimension: str,
    people: list[IdentifiedPerson],
    value: Callable[[IdentifiedPerson], str],
    rows: tuple[str, ...],
    structural_zeros: frozenset = frozenset(),
) -> CountTable:
    counts = Counter(((value(person),), person.identification) for person in people)
    return CountTable(
        key=key,
        population=IDENTIFIED,
        row_dimensions=(dimension,),
        column_dimension="identification",
        rows=tuple((row,) for row in rows),
        columns=IDENTIFICATION_COLUMNS,
        counts=dict(counts),
        structural_zeros=structural_zeros,
    )


def identified_tables(people: list[IdentifiedPerson]) -> list[CountTable]:
    """The identification breakdowns of the same people (formal and presumed)."""
    # Every form, forced criminality on its own line, whether anyone was counted under it or
    # not: a row list built from the data would tell which forms had nobody.
    exploitation_rows = tuple(Case.ExploitationType.values)

    def again(person: IdentifiedPerson) -> str:
        return counting.RETRAFFICKED if person.retrafficked else counting.FIRST_TIME

    return [
        _people_table("identified.sex", "sex", people, lambda p: p.sex, tuple(Client.Sex.values)),
        _people_table(
            "identified.age",
            "age",
            people,
            lambda p: p.child_or_adult,
            (counting.CHILD, counting.ADULT, counting.UNKNOWN),
        ),
        _people_table(
            "identified.nationality",
            "nationality",
            people,
            lambda p: p.nationality,
            _country_order(p.nationality for p in people),
        ),
        _people_table(
            "identified.exploitation",
            "exploitation",
            people,
            lambda p: p.exploitation_type,
            exploitation_rows,
        ),
        _people_table(
            "identified.exploitation_country",
            "exploitation_country",
            people,
            lambda p: p.exploitation_country,
            _country_order(p.exploitation_country for p in people),
        ),
        _people_table(
            "identified.retrafficked",
            "retrafficking",
            people,
            again,
            (counting.FIRST_TIME, counting.RETRAFFICKED),
            structural_zeros=frozenset({((counting.RETRAFFICKED,), counting.PRESUMED)}),
        ),
    ]


def _one_way(
    key: str, population: str, dimension: str, codes: list[str], rows: tuple[str, ...], **kw
) -> CountTable:
    counts = Counter(((code,), COUNT) for code in codes)
    return CountTable(
        key=key,
        population=population,
        row_dimensions=(dimension,),
        column_dimension=None,
        rows=tuple((row,) for row in rows),
        columns=(COUNT,),
        counts=dict(counts),
        **kw,
    )


def assisted_by_service(country: Country, year: int) -> CountTable:
    services = [person.service_type for person in counting.victims_assisted(country, year)]
    rows = tuple(ServiceType.values)
    return _one_way("assisted.service", "assisted", "service", services, rows, additive=False)


def referrals_by_outcome(country: Country, year: int) -> CountTable:
    outcomes = [r.outcome for r in counting.referrals_offered(country, year)]
    return _one_way(
        "referrals.outcome", "referrals", "referral_outcome", outcomes, ReferralOutcome.ALL
    )


def returns_by_country(country: Country, year: int) -> CountTable:
    countries = [r.to_country for r in counting.returns_completed(country, year)]
    return _one_way(
        "returns.country", "returns", "return_country", countries, _country_order(countries)
    )


def closures_by_reason(country: Country, year: int) -> CountTable:
    reasons = [case.reason for case in counting.cases_closed(country, year)]
    rows = (*Case.ClosureReason.values, counting.NOT_RECORDED)
    return _one_way("closures.reason", "closures", "closure_reason", reasons, rows)


def actip_tables(country: Country, year: int) -> list[CountTable]:
    """Every ACTIP table of the country and year, exact, in the order of TABLE_TITLES."""
    people = counting.victims_identified_or_presumed(country, year)
    return [
        *identified_tables(people),
        assisted_by_service(country, year),
        referrals_by_outcome(country, year),
        returns_by_country(country, year),
        closures_by_reason(country, year),
    ]


def actip_medians(country: Country, year: int) -> list[tuple[str, Promise, list[float]]]:
    """(key, title, values) of each median, for `disclosure.publish_median`."""
    referrals = counting.referrals_offered(country, year)
    returns = counting.returns_completed(country, year)
    values = {
        "referrals.days_to_answer": [
            r.days_to_answer for r in referrals if r.days_to_answer is not None
        ],
        "referrals.days_to_completion": [
            r.days_to_completion for r in referrals if r.days_to_completion is not None
        ],
        "returns.verification_days": [
            r.verification_days for r in returns if r.verification_days is not None
        ],
    }
    return [(key, title, values[key]) for key, title in MEDIAN_TITLES.items()]
