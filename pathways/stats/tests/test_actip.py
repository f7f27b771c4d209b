"""The ACTIP tables of a country and year, from hand-built records: each breakdown its own
table, the identification tables partitions of the same people, labels in words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from pathways.casework.models import Case, Referral, ServiceType
from pathways.casework.tests.conftest import make_agency
from pathways.programs.models import Country
from pathways.stats import actip
from pathways.stats.disclosure import MAX_DIMENSIONS, TOTAL, publish_tables
from pathways.stats.tests.helpers import Referrals, at, case_of, identify, person, presume, serve

pytestmark = pytest.mark.django_db
FC = Case.ExploitationType.FORCED_CRIMINALITY


@pytest.fixture
def kh():
    return Country.objects.get(code="KH")


@pytest.fixture
def cohort(kh):
    """Five people of 2025: three formally identified (one re-trafficked), two presumed."""
    agency = make_agency(kh)
    again = person(kh, agency, sex="male", nationality="VN")
    identify(case_of(again), at(2024, 5, 1))
    identify(case_of(again, exploitation_type=FC), at(2025, 5, 1))
    child = person(kh, agency, age_band="12-17", nationality="", is_stateless=True)
    case = case_of(child, exploitation_type=Case.ExploitationType.FORCED_LABOUR)
    Case.objects.filter(pk=case.pk).update(exploitation_country="TH")
    identify(case, at(2025, 6, 1))
    identify(case_of(person(kh, agency, sex="unknown")), at(2025, 7, 1))
    presume(case_of(person(kh, agency, age_band="unknown")), at(2025, 8, 1))
    presume(case_of(person(kh, agency), exploitation_type=FC), at(2025, 9, 1))
    return agency


def tables(kh, year=2025):
    return {table.key: table for table in actip.actip_tables(kh, year)}


def column_totals(table):
    return {c: sum(table.count(row, c) for row in table.rows) for c in table.columns}


def test_every_identification_table_is_a_partition_of_the_same_people(kh, cohort):
    identified = [t for t in tables(kh).values() if t.population == "identified"]

    assert sorted(t.key for t in identified) == sorted(
        k for k in actip.TABLE_TITLES if k.startswith("identified.")
    )
    for table in identified:
        assert table.columns == ("formal", "presumed")
        assert table.additive
        assert column_totals(table) == {"formal": 3, "presumed": 2}, table.key
        assert len(table.dimensions) <= MAX_DIMENSIONS


def test_the_breakdowns_put_each_person_in_their_row(kh, cohort):
    by = tables(kh)

    assert by["identified.sex"].count(("male",), "formal") == 1
    assert by["identified.sex"].count(("unknown",), "formal") == 1
    assert by["identified.age"].rows == (("child",), ("adult",), ("unknown",))
    assert by["identified.age"].count(("child",), "formal") == 1
    assert by["identified.age"].count(("unknown",), "presumed") == 1
    assert by["identified.nationality"].count(("stateless",), "formal") == 1
    # The closing codes, then "other" always (the service merges rare countries into it).
    assert by["identified.nationality"].rows[-2:] == (("stateless",), ("other",))
    assert by["identified.exploitation"].count((FC,), "formal") == 1
    assert by["identified.exploitation"].count((FC,), "presumed") == 1
    assert by["identified.exploitation_country"].count(("TH",), "formal") == 1
    assert by["identified.exploitation_country"].count(("not_known",), "formal") == 2
    assert by["identified.retrafficked"].count(("retrafficked",), "formal") == 1
    assert by["identified.retrafficked"].structural_zeros == {(("retrafficked",), "presumed")}


def test_every_form_has_its_line_even_when_nobody_is_in_it(kh):
    """Forced criminality on its own line, and no form missing: rows built from the data
    would tell which forms had nobody."""
    agency = make_agency(kh)
    identify(case_of(person(kh, agency), exploitation_type="ForcedLabour"), at(2025, 3, 1))

    table = tables(kh)["identified.exploitation"]

    assert table.rows == tuple((kind,) for kind in Case.ExploitationType.values)
    assert (FC,) in table.rows and table.count((FC,), "formal") == 0


def test_the_other_tables_count_services_referrals_returns_and_closures(kh):
    agency = make_agency(kh)
    case = case_of(person(kh, agency))
    serve(case, ServiceType.HEALTH, dt.date(2025, 2, 1))
    serve(case, ServiceType.LEGAL, dt.date(2025, 2, 1))
    refs = Referrals(kh)
    refs.make(Referral.Status.DECLINED, at(2025, 3, 1), decline_reason="no_capacity",
              responded_at=at(2025, 3, 2))  # fmt: skip
    Case.objects.filter(pk=case.pk).update(
        status="closed", stage="closed", closed_on=dt.date(2025, 9, 1), closure_reason="died"
    )

    by = tables(kh)

    assisted = by["assisted.service"]
    assert not assisted.additive
    assert assisted.rows == tuple((kind,) for kind in ServiceType.values)
    assert assisted.count(("Health",), "count") == assisted.count(("Legal",), "count") == 1
    assert assisted.count(("Shelter",), "count") == 0
    assert by["referrals.outcome"].count(("declined",), "count") == 1
    assert len(by["referrals.outcome"].rows) == 7
    assert by["returns.country"].rows == (("other",),)
    assert by["closures.reason"].rows[-1] == ("not_recorded",)
    assert by["closures.reason"].count(("died",), "count") == 1
    assert list(by) == list(actip.TABLE_TITLES)


def test_every_table_goes_through_the_statistics_service(kh, cohort):
    published = publish_tables(actip.actip_tables(kh, 2025))

    sex = next(t for t in published if t.key == "identified.sex")
    assert sex.cell(sex.total_row, TOTAL).shown == "<11"


def test_medians_are_handed_over_with_their_values(kh):
    refs = Referrals(kh)
    refs.make(Referral.Status.IN_PROGRESS, at(2025, 3, 1), responded_at=at(2025, 3, 4))

    medians = {key: (title, values) for key, title, values in actip.actip_medians(kh, 2025)}

    assert list(medians) == list(actip.MEDIAN_TITLES)
    assert medians["referrals.days_to_answer"][1] == [3]
    assert medians["referrals.days_to_completion"][1] == []


def test_codes_have_labels_in_the_readers_language(kh):
    assert actip.dimension_label("nationality", "KH") == "Cambodia"
    assert actip.dimension_label("return_country", "AE") == "United Arab Emirates"
    assert actip.dimension_label("nationality", "other") == "Other"
    assert actip.dimension_label("nationality", "stateless") == "Stateless"
    assert actip.dimension_label("exploitation_country", "not_known") == "Not known"
    assert actip.dimension_label("service", "PsychosocialSupport") == "Psychosocial support"
    assert actip.dimension_label("exploitation", FC) == "Forced criminality"
    assert actip.dimension_label("closure_reason", "not_recorded") == "Not recorded"
    assert actip.dimension_label("age", "child") == "Child"
    with translation.override("km"):
        assert actip.dimension_label("nationality", "KH") != "Cambodia"
