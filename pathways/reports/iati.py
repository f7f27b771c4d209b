"""The program as an IATI 2.03 activity file: one activity per country programme and one
regional activity, with organisations, dates, sectors, budget and results by sex.

Codes come from pathways.reports.codelists; figures from pathways.results.figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.db.models import Min, QuerySet
from django.utils import timezone

from pathways.activities.models import Event
from pathways.activities.participants import SexBreakdown
from pathways.activities.universe import universe_of_all
from pathways.lib.text import clean_text
from pathways.programs.models import Country, Organisation, Program
from pathways.reports.indicators import IndicatorResult, collect_indicator_results
from pathways.results.periods import Period, financial_year

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI OrganisationType for each kind of organisation Pathways records. ASEAN bodies and
# international organisations are intergovernmental (Multilateral); NGOs in the programme
# countries are partner-country based; the implementer is a private contractor.
ORGANISATION_TYPE_FOR = {
    Organisation.Type.GOVERNMENT: "10",
    Organisation.Type.DONOR: "10",
    Organisation.Type.NGO: "24",
    Organisation.Type.REGIONAL_BODY: "40",
    Organisation.Type.INTERNATIONAL: "40",
    Organisation.Type.PRIVATE: "70",
    Organisation.Type.IMPLEMENTER: "70",
}
# IATI OrganisationRole of partners: government agencies and ASEAN bodies own the
# national and regional outcomes the activity works towards (2 Accountable); NGOs receive
# program funds to deliver part of the work (3 Extending). The funder is 1 (Funding) and
# the implementer 4 (Implementing).
PARTNER_ROLE_FOR = {Organisation.Type.NGO: "3"}
DEFAULT_PARTNER_ROLE = "2"

ACTIVITY_STATUS_FOR = {
    Country.Status.ACTIVE: "2",  # Implementation
    Country.Status.ESTABLISHING: "1",  # Pipeline/identification
    Country.Status.ON_HOLD: "6",  # Suspended
}

# DAC 5-digit purpose codes, split by the program's weight of work. Most of ASEAN-ACT
# strengthens police, prosecutors, courts and justice ministries (15130 Legal and judicial
# development); victim rights and protection under the ACTIP are human-rights work (15160);
# the GEDSI focus on trafficking of women and girls is counted under 15180 (Ending violence
# against women and girls). 15190 (migration) is not used: the program works on justice
# responses rather than on migration management.
SECTORS = (("15130", 60), ("15160", 25), ("15180", 15))

# Sex dimension values written on actuals (IATI leaves the values to the publisher).
SEX_DIMENSION = (
    ("women", "female"),
    ("men", "male"),
    ("other", "other"),
    ("not_recorded", "not recorded"),
)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: object) -> ET.Element:
    # Stored text may hold control characters (written before input was cleaned); an XML
    # file cannot, and ElementTree would write them into a file no reader accepts.
    values = {k.replace("_", "-"): clean_text(str(v)) for k, v in attrs.items()}
    element = ET.SubElement(parent, tag, values)
    if text is not None:
        element.text = clean_text(text, multiline=True)
    return element


def _narrative(parent: ET.Element, tag: str, text: str, **attrs: object) -> ET.Element:
    element = _sub(parent, tag, **attrs)
    _sub(element, "narrative", text)
    return element


def reporting_org_ref(program: Program) -> str:
    return program.funder.iati_identifier


def activity_identifier(program: Program, country: Country | None) -> str:
    return f"{program.iati_identifier}-{country.code if country else 'REG'}"


def programme_countries() -> QuerySet[Country]:
    """Countries with a national programme (active, being established or on hold)."""
    return Country.objects.exclude(program_status=Country.Status.REGIONAL).order_by("code")


def _participating_orgs(activity: ET.Element, program: Program, partners: Iterable[Organisation]):
    def org(organisation: Organisation, role: str) -> None:
        attrs = {"role": role, "type": ORGANISATION_TYPE_FOR[organisation.type]}
        if organisation.iati_identifier:
            attrs["ref"] = organisation.iati_identifier
        _narrative(activity, "participating-org", organisation.name, **attrs)

    org(program.funder, "1")
    org(program.implementer, "4")
    for partner in partners:
        org(partner, PARTNER_ROLE_FOR.get(partner.type, DEFAULT_PARTNER_ROLE))


def _activity_dates(activity: ET.Element, program: Program, events: QuerySet[Event]) -> None:
    lifetime = Period(
        financial_year(program.start_year).start, financial_year(program.end_year - 1).end
    )
    _sub(activity, "activity-date", type="1", iso_date=lifetime.start.isoformat())
    first = events.aggregate(first=Min("start_date"))["first"]
    if first is not None:
        _sub(activity, "activity-date", type="2", iso_date=first.isoformat())
    _sub(activity, "activity-date", type="3", iso_date=lifetime.end.isoformat())


def _budget(activity: ET.Element, program: Program) -> None:
    """The lifetime budget, indicative: Pathways records the program's total only, so no
    yearly split is invented."""
    lifetime_start = financial_year(program.start_year).start
    lifetime_end = financial_year(program.end_year - 1).end
    budget = _sub(activity, "budget", type="1", status="1")
    _sub(budget, "period-start", iso_date=lifetime_start.isoformat())
    _sub(budget, "period-end", iso_date=lifetime_end.isoformat())
    _sub(
        budget,
        "value",
        f"{program.budget:.2f}",
        currency=program.currency,
        value_date=lifetime_start.isoformat(),
    )


def _value_text(value: Decimal | int) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _actuals(period_el: ET.Element, actual: SexBreakdown | Decimal | int | None) -> None:
    if actual is None:
        return
    if not isinstance(actual, SexBreakdown):
        _sub(period_el, "actual", value=_value_text(actual))
        return
    _sub(period_el, "actual", value=actual.total)
    for attr, label in SEX_DIMENSION:
        element = _sub(period_el, "actual", value=getattr(actual, attr))
        _sub(element, "dimension", name="sex", value=label)


def _indicator(result: ET.Element, indicator: IndicatorResult) -> None:
    element = _sub(result, "indicator", measure="1", ascending="1")
    _narrative(element, "title", indicator.title)
    _narrative(element, "description", f"{indicator.code} ({indicator.unit})")
    if indicator.baseline_year is not None and indicator.baseline_value is not None:
        _sub(
            element,
            "baseline",
            year=indicator.baseline_year,
            value=_value_text(indicator.baseline_value),
        )
    for item in indicator.periods:
        period_el = _sub(element, "period")
        _sub(period_el, "period-start", iso_date=item.period.start.isoformat())
        _sub(period_el, "period-end", iso_date=item.period.end.isoformat())
        if item.target is not None:
            _sub(period_el, "target", value=_value_text(item.target))
        _actuals(period_el, item.actual)


def _results(activity: ET.Element, country: Country | None) -> None:
    """One result per outcome area (IATI ResultType 2, Outcome), holding its indicators."""
    indicators = collect_indicator_results(country=country)
    areas = sorted({(i.outcome_area_order, i.outcome_area) for i in indicators})
    for _order, area in areas:
        result = _sub(activity, "result", type="2")
        _narrative(result, "title", area)
        for indicator in indicators:
            if indicator.outcome_area == area:
                _indicator(result, indicator)


def _partners(country: Country | None) -> QuerySet[Organisation]:
    if country is None:
        return Organisation.objects.filter(
            country__isnull=True, type=Organisation.Type.REGIONAL_BODY
        )
    return Organisation.objects.filter(country=country, is_key_partner=True)


def build_activity(program: Program, country: Country | None, reporting_ref: str) -> ET.Element:
    activity = ET.Element(
        "iati-activity",
        {
            "default-currency": clean_text(program.currency),
            XML_LANG: "en",
            "last-updated-datetime": timezone.now().replace(microsecond=0).isoformat(),
            "hierarchy": "2" if country else "1",
        },
    )
    _sub(activity, "iati-identifier", activity_identifier(program, country))
    _narrative(activity, "reporting-org", program.funder.name, ref=reporting_ref, type="10")
    where = country.name if country else "regional"
    _narrative(activity, "title", f"{program.name} ({program.short_name}): {where}")
    _narrative(activity, "description", program.mission or program.name, type="1")
    _participating_orgs(activity, program, _partners(country))
    status = ACTIVITY_STATUS_FOR.get(country.program_status, "2") if country else "2"
    _sub(activity, "activity-status", code=status)
    _activity_dates(activity, program, universe_of_all(country).events)
    _sub(activity, "activity-scope", code="4" if country else "2")
    if country:
        _sub(activity, "recipient-country", code=country.code, percentage="100")
    else:
        _sub(activity, "recipient-region", code="789", vocabulary="1", percentage="100")
    for code, percentage in SECTORS:
        _sub(activity, "sector", code=code, vocabulary="1", percentage=percentage)
    if country is None:
        _budget(activity, program)
    _related(activity, program, country)
    _results(activity, country)
    return activity


def _related(activity: ET.Element, program: Program, country: Country | None) -> None:
    if country is not None:
        _sub(activity, "related-activity", ref=activity_identifier(program, None), type="1")
        return
    for child in programme_countries():
        _sub(activity, "related-activity", ref=activity_identifier(program, child), type="2")


def build_iati_xml(*, country: Country | None = None) -> bytes:
    """The IATI activity file: every country programme and the regional activity, or only
    the given country's programme."""
    program = Program.objects.select_related("funder", "implementer").get()
    ref = reporting_org_ref(program)
    root = ET.Element(
        "iati-activities",
        {"version": IATI_VERSION, "generated-datetime": _now_iso()},
    )
    countries = [country] if country else list(programme_countries())
    for item in countries:
        root.append(build_activity(program, item, ref))
    if country is None:
        root.append(build_activity(program, None, ref))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _now_iso() -> str:
    return timezone.now().replace(microsecond=0).isoformat()
