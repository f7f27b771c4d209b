"""The CTDC contribution file: who is in it (consent, identification, year), what a row
holds, that nothing in it identifies anyone, and that a country must switch it on."""

from __future__ import annotations

import csv
import io
import re

import pytest

from pathways.audit.models import AuditEvent
from pathways.casework.models import AccessEvent, Case, ConsentRecord, CountryCaseworkSettings
from pathways.casework.services import consent_record
from pathways.casework.tests.conftest import sample_identity
from pathways.stats.ctdc import COLUMNS, CtdcDisabled, contributors, ctdc_csv, ctdc_rows
from pathways.stats.ctdc_export import ctdc_contribution
from pathways.stats.tests.ctdc_helpers import (
    YEAR,
    Decision,
    consent_of,
    ctdc_world,
    decide,
    unique_identity_values,
    victim,
)

Type = Case.ExploitationType


def rows_of(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def take(w, year: int = YEAR) -> list[dict[str, str]]:
    return rows_of(ctdc_contribution(actor=w.admin, country=w.kh, year=year).content)


@pytest.fixture
def w(db):
    return ctdc_world()


def test_only_people_with_a_running_reporting_consent_are_in_the_file(w):
    given = victim(w, consent="given")
    for consent in (None, "refused", "withdrawn"):
        victim(w, consent=consent)
    people = contributors(w.kh, YEAR)
    assert [p.case.pk for p in people] == [given.pk]


def test_a_refusal_after_a_consent_takes_the_person_out(w):
    case = victim(w, consent="given")
    assert len(take(w)) == 1
    consent_record(
        actor=w.supervisor,
        case=case,
        kind=ConsentRecord.Kind.REPORTING,
        **consent_of(case.client, "refused"),
    )
    assert take(w) == []


def test_formal_and_presumed_victims_of_the_year_each_on_their_row(w):
    victim(w, sex="female", age_band="18-24", exploitation_type=Type.FORCED_CRIMINALITY)
    victim(
        w,
        level=Decision.Level.PRELIMINARY,
        status=Decision.Status.POSSIBLE,
        sex="male",
        age_band="12-17",
        nationality="VN",
        exploitation_type=Type.SEXUAL_EXPLOITATION,
        exploitation_country="MY",
    )
    rows = {row["loc_Identification"]: row for row in take(w)}
    formal, presumed = rows["formal"], rows["presumed"]
    assert formal["yearOfRegistration"] == str(YEAR)
    assert formal["Datasource"] == "Case Management"
    assert (formal["gender"], formal["ageBroad"], formal["majorityStatus"]) == (
        "Female",
        "",
        "Adult",
    )
    assert formal["majorityStatusAtExploit"] == ""
    assert formal["citizenship"] == "KH"
    assert formal["isForcedLabour"] == "1"
    assert formal["typeOfLabourIllicitActivities"] == "1"
    assert formal["isSexualExploit"] == "0"
    assert formal["typeOfLabourAgriculture"] == ""
    assert formal["CountryOfExploitation"] == "TH"
    assert (presumed["gender"], presumed["ageBroad"]) == ("Male", "9--17")
    assert (presumed["majorityStatus"], presumed["majorityStatusAtExploit"]) == ("Minor", "Minor")
    assert (presumed["citizenship"], presumed["CountryOfExploitation"]) == ("VN", "MY")
    assert (presumed["isSexualExploit"], presumed["isForcedLabour"]) == ("1", "0")
    assert presumed["typeOfLabourIllicitActivities"] == ""


def test_what_pathways_does_not_record_is_left_empty(w):
    victim(w, sex="unknown", age_band="unknown", nationality="", exploitation_type=Type.UNKNOWN)
    (row,) = take(w)
    filled = {name for name, value in row.items() if value}
    assert filled == {
        "yearOfRegistration",
        "Datasource",
        "CountryOfExploitation",
        "loc_Identification",
    }
    assert all(row[name] == "" for name in COLUMNS if name.startswith("meansOfControl"))
    assert all(row[name] == "" for name in COLUMNS if name.startswith("recruiterRelation"))


def test_not_a_victim_another_year_and_a_presumed_later_identified_are_left_out(w):
    victim(w, status=Decision.Status.NOT_A_VICTIM)
    victim(w, year=YEAR - 1)
    victim(w, level=Decision.Level.PRELIMINARY, status=Decision.Status.NOT_A_VICTIM)
    both = victim(w, level=Decision.Level.PRELIMINARY, status=Decision.Status.POSSIBLE)
    decide(both, level=Decision.Level.FORMAL, status=Decision.Status.ACTUAL)
    rows = take(w)
    assert [row["loc_Identification"] for row in rows] == ["formal"]
    assert [row["yearOfRegistration"] for row in take(w, YEAR - 1)] == [str(YEAR - 1)]


def test_the_file_holds_no_name_id_case_number_date_or_free_text(w):
    identity = sample_identity()
    cases = [victim(w, sex="female"), victim(w, sex="male", age_band="50+")]
    text = ctdc_contribution(actor=w.admin, country=w.kh, year=YEAR).content.decode()
    header = text.splitlines()[0].split(",")
    assert header == COLUMNS
    assert not [name for name in header if re.search(r"name|number|date|id$|note", name, re.I)]
    secrets_ = [identity.first_name, identity.last_name, identity.local_script_name]
    secrets_ += [identity.identity_number, identity.email, identity.mobile_phone, "Shelter Ctdc"]
    for case in cases:
        secrets_ += unique_identity_values(case)
    assert [value for value in secrets_ if value and value in text] == []
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}", text)
    for row in rows_of(text.encode()):
        assert row["yearOfRegistration"] == str(YEAR)


def test_rows_are_sorted_by_their_values_not_by_record_order(w):
    for sex in ("male", "female", "male", "female"):
        victim(w, sex=sex)
    rows = ctdc_rows(contributors(w.kh, YEAR), YEAR)
    assert [row["gender"] for row in rows] == ["Female", "Female", "Male", "Male"]
    assert ctdc_csv(rows).startswith(",".join(COLUMNS).encode())


def test_a_country_that_has_not_switched_the_file_on_is_refused_and_nothing_recorded(w):
    victim(w)
    CountryCaseworkSettings.objects.filter(country=w.kh).update(ctdc_contribution_enabled=False)
    audits, events = AuditEvent.objects.count(), AccessEvent.objects.count()
    with pytest.raises(CtdcDisabled, match="has not switched on the CTDC contribution file"):
        ctdc_contribution(actor=w.admin, country=w.kh, year=YEAR)
    with pytest.raises(CtdcDisabled):
        ctdc_contribution(actor=w.admin, country=w.la, year=YEAR)  # no settings at all
    assert (AuditEvent.objects.count(), AccessEvent.objects.count()) == (audits, events)


def test_only_a_regional_administrator_takes_the_file(w):
    victim(w)
    with pytest.raises(PermissionError):
        ctdc_contribution(actor=w.supervisor, country=w.kh, year=YEAR)
    with pytest.raises(ValueError, match="Choose a year"):
        ctdc_contribution(actor=w.admin, country=w.kh, year=YEAR + 1)


def test_a_download_is_logged_per_person_and_audited_without_values(w):
    cases = [victim(w), victim(w), victim(w, consent=None)]
    before = AuditEvent.objects.count()
    ctdc_contribution(actor=w.admin, country=w.kh, year=YEAR)
    events = AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT, user=w.admin)
    assert sorted(events.values_list("client_id", flat=True)) == sorted(
        c.client_id for c in cases[:2]
    )
    assert all(event.fields == [] for event in events)
    (audit,) = AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before]
    assert audit.action == AuditEvent.Action.DOWNLOAD
    assert "ctdc_contribution" in str(audit.changes)
    assert "KH" not in str(audit.changes) and str(YEAR) not in str(audit.changes)
