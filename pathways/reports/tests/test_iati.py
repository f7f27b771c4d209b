from __future__ import annotations

import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from pathways.programs.models import Country, OutcomeArea, Program
from pathways.reports import codelists
from pathways.reports.iati import build_iati_xml
from pathways.reports.tests.factories import SEED_END, SEED_START, make_seed_cambodia
from pathways.results.figures import Rule
from pathways.results.models import Indicator, IndicatorTarget, ReportedValue

# The official schema travels with the tests (iati-2.03/ beside this file);
# IATI_SCHEMA_DIR points at another copy.
SCHEMA_CANDIDATES = [
    Path(os.environ.get("IATI_SCHEMA_DIR", "/nonexistent")),
    Path(__file__).resolve().parent / "iati-2.03",
]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    for directory in SCHEMA_CANDIDATES:
        path = directory / "iati-activities-schema.xsd"
        if path.exists():
            return etree.XMLSchema(etree.parse(str(path)))
    pytest.fail("IATI 2.03 schema not found: set IATI_SCHEMA_DIR to a folder holding it.")


def make_indicators() -> None:
    """A computed and a hand-reported indicator with 2021-22 targets for Cambodia."""
    area = OutcomeArea.objects.get(code="justice")
    trained = Indicator.objects.create(
        outcome_area=area,
        code="JUS-2",
        name="People trained",
        unit="people",
        kind=Indicator.Kind.COMPUTED,
        rule=Rule.PEOPLE_TRAINED,
    )
    guidelines = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="partnerships"),
        code="PART-3",
        name="Guidelines reviewed",
        unit="documents",
        kind=Indicator.Kind.REPORTED,
    )
    cambodia = Country.objects.get(code="KH")
    for indicator, target in ((trained, 300), (guidelines, 2)):
        IndicatorTarget.objects.create(
            indicator=indicator,
            country=cambodia,
            period_start=SEED_START,
            period_end=SEED_END,
            baseline=Decimal(0),
            target=Decimal(target),
        )
    ReportedValue.objects.create(
        indicator=guidelines,
        country=cambodia,
        period_start=SEED_START,
        period_end=SEED_END,
        value=Decimal(2),
    )


@pytest.fixture
def iati(db) -> etree._Element:
    make_seed_cambodia()
    make_indicators()
    return etree.fromstring(build_iati_xml())


def test_file_validates_against_the_iati_203_schema(schema, iati):
    schema.assertValid(iati)


def test_one_activity_per_country_programme_and_one_regional(iati):
    identifiers = iati.xpath("//iati-activity/iati-identifier/text()")
    assert identifiers[-1] == "AU-5-ASEAN-ACT-REG"
    countries = iati.xpath("//iati-activity/recipient-country/@code")
    assert set(countries) == {"KH", "ID", "LA", "MM", "PH", "TH", "VN"}
    assert len(identifiers) == len(countries) + 1


def test_identifiers_carry_the_reporting_org_prefix(iati):
    for activity in iati.iter("iati-activity"):
        prefix = activity.find("reporting-org").get("ref")
        assert activity.findtext("iati-identifier").startswith(prefix + "-")


def test_dates_are_in_order(iati):
    for activity in iati.iter("iati-activity"):
        dates = {d.get("type"): d.get("iso-date") for d in activity.iter("activity-date")}
        assert dates["1"] < dates["3"]
        if "2" in dates:
            assert dates["1"] <= dates["2"] <= dates["3"]
        for period in activity.iter("period", "budget"):
            assert period.find("period-start").get("iso-date") <= period.find("period-end").get(
                "iso-date"
            )


def test_codes_come_from_the_codelists(iati):
    checks = [
        ("//participating-org/@type", codelists.ORGANISATION_TYPE),
        ("//reporting-org/@type", codelists.ORGANISATION_TYPE),
        ("//participating-org/@role", codelists.ORGANISATION_ROLE),
        ("//activity-status/@code", codelists.ACTIVITY_STATUS),
        ("//activity-date/@type", codelists.ACTIVITY_DATE_TYPE),
        ("//activity-scope/@code", codelists.ACTIVITY_SCOPE),
        ("//recipient-country/@code", codelists.COUNTRY),
        ("//recipient-region/@code", codelists.REGION),
        ("//sector/@code", codelists.SECTOR),
        ("//sector/@vocabulary", codelists.SECTOR_VOCABULARY),
        ("//budget/@type", codelists.BUDGET_TYPE),
        ("//budget/@status", codelists.BUDGET_STATUS),
        ("//related-activity/@type", codelists.RELATED_ACTIVITY_TYPE),
        ("//result/@type", codelists.RESULT_TYPE),
        ("//indicator/@measure", codelists.INDICATOR_MEASURE),
    ]
    for path, codelist in checks:
        found = set(iati.xpath(path))
        assert found, path
        assert found <= codelists.codes(codelist), path


def test_sector_percentages_add_up_to_100(iati):
    for activity in iati.iter("iati-activity"):
        assert sum(int(s.get("percentage")) for s in activity.iter("sector")) == 100


def test_funder_and_implementer_and_partners_take_part(iati):
    cambodia = iati.xpath("//iati-activity[recipient-country/@code='KH']")[0]
    roles = {
        org.findtext("narrative"): org.get("role") for org in cambodia.iter("participating-org")
    }
    program = Program.objects.get()
    assert roles[program.funder.name] == "1"
    assert roles[program.implementer.name] == "4"
    assert roles["Ministry of Justice"] == "2"
    assert roles["Legal Support for Children and Women"] == "3"


def _dimension(actual: etree._Element) -> str:
    dimension = actual.find("dimension")
    return "total" if dimension is None else dimension.get("value")


def test_results_report_the_seed_year_by_sex(iati):
    cambodia = iati.xpath("//iati-activity[recipient-country/@code='KH']")[0]
    indicator = cambodia.xpath("result/indicator[title/narrative='People trained']")[0]
    assert indicator.find("baseline").attrib == {"year": "2021", "value": "0"}
    assert indicator.getparent().findtext("title/narrative") == "Justice outcomes"
    period = indicator.xpath("period[period-start/@iso-date='2021-07-01']")[0]
    assert period.find("target").get("value") == "300"
    actuals = {_dimension(a): a.get("value") for a in period.iter("actual")}
    assert actuals == {
        "total": "328",
        "female": "112",
        "male": "216",
        "other": "0",
        "not recorded": "0",
    }
    assert all(d.get("name") == "sex" for d in period.iter("dimension"))


@pytest.mark.django_db
def test_command_writes_one_country(tmp_path, schema):
    target = tmp_path / "kh.xml"
    call_command("export_iati", "--country", "KH", "-o", str(target), stderr=io.StringIO())
    root = etree.parse(str(target)).getroot()
    schema.assertValid(root)
    assert root.xpath("//iati-identifier/text()") == ["AU-5-ASEAN-ACT-KH"]


@pytest.mark.django_db
def test_command_rejects_unknown_and_regional_only_countries(tmp_path):
    with pytest.raises(CommandError, match="Unknown country"):
        call_command("export_iati", "--country", "ZZ", "-o", str(tmp_path / "x.xml"))
    with pytest.raises(CommandError, match="no country programme"):
        call_command("export_iati", "--country", "SG", "-o", str(tmp_path / "x.xml"))


def test_hand_reported_indicators_report_their_value(iati):
    cambodia = iati.xpath("//iati-activity[recipient-country/@code='KH']")[0]
    indicator = cambodia.xpath("result/indicator[title/narrative='Guidelines reviewed']")[0]
    period = indicator.find("period")
    assert period.find("target").get("value") == "2"
    assert [a.get("value") for a in period.iter("actual")] == ["2"]
