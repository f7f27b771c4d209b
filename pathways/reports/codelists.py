"""The few IATI codelists the export uses, as small tuples of (code, name).

Source: IATI Standard 2.03 codelists, https://iatistandard.org/en/iati-standard/203/codelists/
(OrganisationType, OrganisationRole, ActivityStatus, ActivityDateType, ActivityScope,
RelatedActivityType, ResultType, IndicatorMeasure, SectorVocabulary, BudgetType,
BudgetStatus, RegionVocabulary) and the OECD DAC CRS purpose codes (Sector) and DAC region
codes (Region). Only the codes Pathways writes are listed; tests check every code in the
file against these tuples.
"""

from __future__ import annotations

ORGANISATION_TYPE = (
    ("10", "Government"),
    ("15", "Other Public Sector"),
    ("21", "International NGO"),
    ("22", "National NGO"),
    ("23", "Regional NGO"),
    ("24", "Partner Country based NGO"),
    ("40", "Multilateral"),
    ("70", "Private Sector"),
    ("90", "Other"),
)
ORGANISATION_ROLE = (
    ("1", "Funding"),
    ("2", "Accountable"),
    ("3", "Extending"),
    ("4", "Implementing"),
)
ACTIVITY_STATUS = (
    ("1", "Pipeline/identification"),
    ("2", "Implementation"),
    ("3", "Finalisation"),
    ("4", "Closed"),
    ("5", "Cancelled"),
    ("6", "Suspended"),
)
ACTIVITY_DATE_TYPE = (
    ("1", "Planned start"),
    ("2", "Actual start"),
    ("3", "Planned End"),
    ("4", "Actual end"),
)
ACTIVITY_SCOPE = (("2", "Regional"), ("4", "National"))
RELATED_ACTIVITY_TYPE = (("1", "Parent"), ("2", "Child"))
RESULT_TYPE = (("1", "Output"), ("2", "Outcome"), ("3", "Impact"), ("9", "Other"))
INDICATOR_MEASURE = (("1", "Unit"), ("2", "Percentage"))
SECTOR_VOCABULARY = (("1", "OECD DAC CRS Purpose Codes (5 digit)"),)
REGION_VOCABULARY = (("1", "OECD DAC"),)
BUDGET_TYPE = (("1", "Original"), ("2", "Revised"))
BUDGET_STATUS = (("1", "Indicative"), ("2", "Committed"))
# OECD DAC CRS purpose codes (vocabulary 1).
SECTOR = (
    ("15130", "Legal and judicial development"),
    ("15160", "Human rights"),
    ("15180", "Ending violence against women and girls"),
)
# OECD DAC recipient regions (vocabulary 1): South-East Asia lies in "Far East Asia".
REGION = (("789", "Far East Asia, regional"),)
# ISO 3166-1 alpha-2 of the ten ASEAN member states (IATI Country codelist).
COUNTRY = (
    ("BN", "Brunei Darussalam"),
    ("KH", "Cambodia"),
    ("ID", "Indonesia"),
    ("LA", "Lao People's Democratic Republic"),
    ("MY", "Malaysia"),
    ("MM", "Myanmar"),
    ("PH", "Philippines"),
    ("SG", "Singapore"),
    ("TH", "Thailand"),
    ("VN", "Viet Nam"),
)


def codes(codelist: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(code for code, _name in codelist)
