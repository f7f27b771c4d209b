"""The casework demo's statistics cohort: synthetic people whose identifications, cases,
services and closures give Cambodia's ACTIP tables real content, sealed like the rest."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import PASSWORD
from pathways.audit.models import AuditEvent
from pathways.casework.models import Case, Client, IdentificationDecision
from pathways.demo.casework import load_casework_demo
from pathways.demo.casework.statistics_cohort import PEOPLE_PER_YEAR, plan_cohort
from pathways.programs.models import Country
from pathways.stats import actip
from pathways.stats.disclosure import THRESHOLD, publish_tables

pytestmark = pytest.mark.django_db
FC = Case.ExploitationType.FORCED_CRIMINALITY


@pytest.fixture
def demo():
    return load_casework_demo(password=PASSWORD, clients=20)


def test_the_cohort_fills_cambodias_tables_of_last_year(demo):
    kh = Country.objects.get(code="KH")
    year = timezone.now().year - 1
    tables = {table.key: table for table in actip.actip_tables(kh, year)}

    sex = tables["identified.sex"]
    for row in (("female",), ("male",)):
        assert sex.count(row, "formal") >= THRESHOLD
        assert sex.count(row, "presumed") >= THRESHOLD
    assert tables["identified.exploitation"].count((FC,), "formal") >= THRESHOLD
    countries = {row[0] for row in tables["identified.exploitation_country"].rows}
    assert {"KH", "TH", "MY", "MM", "LA", "CN", "not_known"} <= countries
    nationalities = {row[0] for row in tables["identified.nationality"].rows}
    assert {"KH", "VN", "TH", "MM", "LA"} <= nationalities
    assert tables["identified.retrafficked"].count(("retrafficked",), "formal") > 0
    assert tables["identified.age"].count(("child",), "formal") >= THRESHOLD
    assert tables["assisted.service"].count(("Shelter",), "count") >= THRESHOLD
    closures = tables["closures.reason"]
    assert closures.count(("goals_achieved",), "count") and closures.count(
        ("repatriated",), "count"
    )
    assert closures.count(("not_recorded",), "count") == 0
    referrals = tables["referrals.outcome"]
    assert referrals.count(("completed",), "count") >= THRESHOLD
    assert referrals.count(("declined",), "count") > 0
    returns = tables["returns.country"]
    assert sum(returns.count(row, "count") for row in returns.rows) >= THRESHOLD
    medians = {key: values for key, _title, values in actip.actip_medians(kh, year)}
    assert all(len(values) >= THRESHOLD for values in medians.values()), medians.keys()
    published = {t.key: t for t in publish_tables(list(tables.values()))}
    sex = published["identified.sex"]
    shown = [sex.cell(row, "formal") for row in sex.rows]
    assert any(cell.kind == "rounded" and cell.low >= 10 for cell in shown)


def test_the_cohort_is_synthetic_sealed_and_audited_by_field_names(demo):
    assert demo.cohort_clients == 2 * PEOPLE_PER_YEAR
    cohort = Client.objects.filter(cases__exploitation_country__gt="").distinct()
    assert cohort.exists() and not Client.objects.filter(is_synthetic=False).exists()
    assert not Case.objects.filter(is_synthetic=False).exists()
    names = [text.encode() for text in demo.said if len(text) >= 6]
    for client in cohort[:50]:
        assert client.first_name_sealed and client.blind_index_name
        assert not any(name in bytes(client.first_name_sealed) for name in names)
    formal = IdentificationDecision.objects.filter(level="formal", case__client__in=cohort)
    assert not formal.exclude(decision_agency=demo.agencies["AHTJP"]).exists()
    assert formal.filter(supersedes__level="preliminary").count() == formal.count()
    decisions = AuditEvent.objects.filter(content_type__model="identificationdecision")
    assert decisions.count() >= IdentificationDecision.objects.count()
    assert all(set(entry.changes) == {"fields"} for entry in decisions)


def test_the_cohort_is_the_same_for_the_same_day():
    now = timezone.now()
    assert plan_cohort(now) == plan_cohort(now)
    years = {p.episodes[-1].presumed_at.year for p in plan_cohort(now)}
    assert years == {now.year - 1, now.year}
