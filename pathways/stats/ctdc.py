"""The CTDC contribution file (casework.md §8.1): one de-identified row per victim identified
in a country and year, in the variables of the CTDC Global Dataset (its 2020 codebook), for
IOM, who apply their own anonymisation before anything is published.

Who is in it: the people of the ACTIP identification tables, by the same counting rules
(`counting.victims_identified_or_presumed`: formally identified in the year, or presumed
and not formally identified), each with the case they were counted on; the column
`loc_Identification` says which ("formal" or "presumed"). Only people whose case holds a
running consent of kind `reporting_non_identifiable`: the newest such consent given, not
withdrawn and not ended (`access_consent.consent_in_force`); no consent, a refusal or a
withdrawal leaves them out, and so does a person with no case.

What a row holds is what Pathways records in tier 1, in CTDC's encodings; everything else is
left empty (CTDC's "not known"), never guessed: the year, sex (`gender`), the age band where
it falls inside one of CTDC's bands (`ageBroad`) and whether the person is a child
(`majorityStatus`; a child now was a child when exploited, `majorityStatusAtExploit`),
nationality (`citizenship`, ISO 3166-1 alpha-2), the form of exploitation (the `is…` flags,
forced begging and forced criminality also as `typeOfLabourBegging` and
`typeOfLabourIllicitActivities`) and the country of exploitation. Never a name, an id, a case
number, a date finer than the year, or free text; rows are sorted by their values, so their
order says nothing about the records behind them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone

from pathways.casework.access_consent import consent_in_force, consents_of
from pathways.casework.models import (
    Case,
    Client,
    ConsentRecord,
)
from pathways.programs.models import Country
from pathways.stats import counting

MEANS_OF_CONTROL = [
    "DebtBondage",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "Threats",
    "PsychologicalAbuse",
    "PhysicalAbuse",
    "SexualAbuse",
    "FalsePromises",
    "PsychoactiveSubstances",
    "RestrictsMovement",
    "RestrictsMedicalCare",
    "ExcessiveWorkingHours",
    "UsesChildren",
    "ThreatOfLawEnforcement",
    "WithholdsNecessities",
    "WithholdsDocuments",
    "Other",
    "NotSpecified",
    "Concatenated",
]
EXPLOIT_FLAGS = [
    "isForcedLabour",
    "isSexualExploit",
    "isOtherExploit",
    "isSexAndLabour",
    "isForcedMarriage",
    "isForcedMilitary",
    "isOrganRemoval",
    "isSlaveryAndPractices",
]
TYPES_OF_LABOUR = [
    "Agriculture",
    "Aquafarming",
    "Begging",
    "Construction",
    "DomesticWork",
    "Hospitality",
    "IllicitActivities",
    "Manufacturing",
    "MiningOrDrilling",
    "Peddling",
    "Transportation",
    "Other",
    "NotSpecified",
    "Concatenated",
]
TYPES_OF_SEX = ["Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"]
RECRUITER_RELATIONS = ["IntimatePartner", "Friend", "Family", "Other", "Unknown"]
# The Global Dataset's columns in its order, then Pathways' own (HTCDS `loc_` convention).
COLUMNS = [
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "majorityEntry",
    "citizenship",
    *(f"meansOfControl{name}" for name in MEANS_OF_CONTROL),
    *EXPLOIT_FLAGS,
    "typeOfExploitConcatenated",
    *(f"typeOfLabour{name}" for name in TYPES_OF_LABOUR),
    *(f"typeOfSex{name}" for name in [*TYPES_OF_SEX, "Concatenated"]),
    "isAbduction",
    "RecruiterRelationship",
    "CountryOfExploitation",
    *(f"recruiterRelation{name}" for name in RECRUITER_RELATIONS),
    "loc_Identification",
]
DATASOURCE = "Case Management"
FORMAL, PRESUMED = "formal", "presumed"

GENDER = {Client.Sex.FEMALE: "Female", Client.Sex.MALE: "Male"}
# Only the bands that fall inside one of CTDC's (0--8, 9--17, 18--20, …, 39--47, 48+).
AGE_BROAD = {Client.AgeBand.CHILD_12_17: "9--17", Client.AgeBand.ADULT_50: "48+"}
CHILD_BANDS = {Client.AgeBand.CHILD_0_11, Client.AgeBand.CHILD_12_17}
ADULT_BANDS = {
    Client.AgeBand.ADULT_18_24,
    Client.AgeBand.ADULT_25_34,
    Client.AgeBand.ADULT_35_49,
    Client.AgeBand.ADULT_50,
}
Type = Case.ExploitationType
# A form of exploitation: its `is…` flag and, where the form says the sector, its
# `typeOfLabour…` flag. "Not known yet" is absent: every flag stays empty.
EXPLOITATION = {
    Type.FORCED_LABOUR: ("isForcedLabour", ""),
    Type.CHILD_LABOUR: ("isForcedLabour", ""),
    Type.FORCED_BEGGING: ("isForcedLabour", "typeOfLabourBegging"),
    Type.FORCED_CRIMINALITY: ("isForcedLabour", "typeOfLabourIllicitActivities"),
    Type.SEXUAL_EXPLOITATION: ("isSexualExploit", ""),
    Type.FORCED_MARRIAGE: ("isForcedMarriage", ""),
    Type.FORCED_MILITARY: ("isForcedMilitary", ""),
    Type.ORGAN_REMOVAL: ("isOrganRemoval", ""),
    Type.SERVITUDE: ("isSlaveryAndPractices", ""),
    Type.FORCED_ADOPTION: ("isOtherExploit", ""),
    Type.SURROGACY: ("isOtherExploit", ""),
    Type.OTHER: ("isOtherExploit", ""),
}


class CtdcDisabled(Exception):
    """The country has not switched the CTDC contribution file on."""


@dataclass(frozen=True)
class Contributor:
    """A person in the file: how identified, and the case their row describes."""

    identification: str
    case: Case


def reporting_consent_running(case: Case, at: dt.datetime) -> bool:
    """Whether the newest consent of kind `reporting_non_identifiable` of the case (or its
    client's, given before the case) is given and in force at `at`: a later refusal or a
    withdrawal takes the person out."""
    consents = consents_of(case).filter(kind=ConsentRecord.Kind.REPORTING)
    newest = consents.order_by("-given_at", "-id").first()
    return newest is not None and consent_in_force(newest, case, at)


def contributors(country: Country, year: int, at: dt.datetime | None = None) -> list[Contributor]:
    """The people of the country's file for the year whose reporting consent runs at `at`."""
    at = at or timezone.now()
    people = counting.victims_identified_or_presumed(country, year)
    cases = Case.objects.select_related("client").in_bulk(
        [person.case_id for person in people if person.case_id]
    )
    found = []
    for person in people:
        case = cases.get(person.case_id)
        if case is not None and reporting_consent_running(case, at):
            found.append(Contributor(person.identification, case))
    return found


def _exploitation(value: str) -> dict[str, str]:
    if value not in EXPLOITATION:
        return {}
    flag, labour = EXPLOITATION[value]
    row = {name: "0" for name in EXPLOIT_FLAGS} | {flag: "1"}
    if labour:
        row[labour] = "1"
    return row


def _person(client: Client) -> dict[str, str]:
    majority = "Minor" if client.age_band in CHILD_BANDS else ""
    if client.age_band in ADULT_BANDS:
        majority = "Adult"
    return {
        "gender": GENDER.get(client.sex, ""),
        "ageBroad": AGE_BROAD.get(client.age_band, ""),
        "majorityStatus": majority,
        # A child now was a child when exploited; an adult now may not have been an adult.
        "majorityStatusAtExploit": "Minor" if majority == "Minor" else "",
        "citizenship": client.nationality,
    }


def ctdc_row(contributor: Contributor, year: int) -> dict[str, str]:
    case = contributor.case
    row = dict.fromkeys(COLUMNS, "")
    row |= {"yearOfRegistration": str(year), "Datasource": DATASOURCE}
    row |= _person(case.client)
    row |= _exploitation(case.exploitation_type)
    row["CountryOfExploitation"] = case.exploitation_country
    row["loc_Identification"] = contributor.identification
    return row


def ctdc_rows(people: list[Contributor], year: int) -> list[dict[str, str]]:
    """The rows of the file, sorted by their values (never in the records' order)."""
    rows = [ctdc_row(person, year) for person in people]
    return sorted(rows, key=lambda row: [row[name] for name in COLUMNS])


def ctdc_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
