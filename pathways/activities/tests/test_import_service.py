"""The import service: what is written, what is skipped, and that it is all rows or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from pathways.activities.importing import ImportFileError, import_file, prepare_import
from pathways.activities.importing.preview import REPORT_KEYS
from pathways.activities.importing.writing import id_ranges
from pathways.activities.models import (
    Attendance,
    ColumnMapping,
    DuplicateCandidate,
    ImportBatch,
    Person,
    PersonBlock,
)
from pathways.activities.tests.import_sheets import (
    HEADER,
    PEOPLE,
    csv_bytes,
    make_event,
    make_person,
    signin_sheet,
    xlsx_bytes,
)
from pathways.audit.models import AuditChainHead, AuditEvent
from pathways.audit.services import verify_chain
from pathways.programs.models import Organisation

pytestmark = pytest.mark.django_db
SHEETS = Path(__file__).parent / "sheets"


def _import(actor, event, data, **kwargs):
    return import_file(actor=actor, event=event, data=data, file_name="sheet", **kwargs)


def _nothing_written(event) -> bool:
    return (
        not Attendance.objects.filter(event=event).exists()
        and not ImportBatch.objects.filter(event=event).exists()
        and not Person.objects.exists()
    )


def test_signin_sheet_with_title_and_totals_rows_imports_every_person(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet()))
    assert result.errors == []
    assert result.report() == {
        "rows_read": 5,
        "attendances_added": 3,
        "persons_created": 3,
        "persons_matched": 0,
        "skipped": [{"row": 8, "reason": "blank"}, {"row": 9, "reason": "totals row"}],
        "errors": [],
        "possible_duplicates": {"count": 0, "pairs": []},
    }
    assert tuple(result.report()) == REPORT_KEYS
    dara = Person.objects.get(full_name="Sok Dara")
    assert (dara.sex, dara.phone, dara.position) == ("man", "+85512345678", "police")
    assert dara.organisation.acronym == "CNP"
    assert dara.country == event.country
    assert dara.latin_name == "Sok Dara"
    assert Attendance.objects.filter(event=event, role="participant").count() == 3


def test_messy_bilingual_khmer_sheet_fixture(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, (SHEETS / "khmer_bilingual_signin.xlsx").read_bytes())
    assert result.errors == []
    assert result.attendances_added == 4
    sexes = sorted(Attendance.objects.filter(event=event).values_list("person__sex", flat=True))
    assert sexes == ["man", "man", "woman", "woman"]
    assert {s.reason for s in result.skipped} == {"blank", "totals row"}


def test_kobo_export_fixture(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, (SHEETS / "kobo_export.csv").read_bytes())
    assert result.errors == []
    assert result.attendances_added == 3
    person = Person.objects.get(latin_name="Sok Dara")
    assert (person.sex, person.birth_year, person.age_band) == ("man", 1985, "not_recorded")


def test_same_person_twice_in_a_sheet_is_one_attendance(kh_officer):
    event = make_event()
    people = [*PEOPLE, ["4", "sok  DARA", "M", "Police", "CNP", "012345678", ""]]
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet(people)))
    assert result.attendances_added == 3
    assert {"row": 8, "reason": "duplicate in the sheet"} in result.report()["skipped"]


def test_same_name_with_different_phones_is_two_persons(kh_officer):
    event = make_event()
    people = [
        ["1", "Sok Dara", "M", "", "", "012 345 678", ""],
        ["2", "Sok Dara", "M", "", "", "092 555 111", ""],
    ]
    assert _import(kh_officer, event, xlsx_bytes(signin_sheet(people))).persons_created == 2


def test_existing_person_is_matched_not_created(kh_officer):
    existing = make_person(full_name="Dara Sok", phone="+85512345678")
    event = make_event()
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet()))
    assert (result.persons_matched, result.persons_created) == (1, 2)
    assert Attendance.objects.filter(event=event, person=existing).exists()


def test_person_who_already_attends_adds_nothing(kh_officer):
    existing = make_person(full_name="Sok Dara", phone="+85512345678")
    event = make_event()
    Attendance.objects.create(event=event, person=existing)
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet()))
    assert result.attendances_added == 2
    assert {"row": 5, "reason": "already recorded at this event"} in result.report()["skipped"]
    assert Attendance.objects.filter(event=event).count() == 3


def test_importing_the_same_file_again_adds_nothing(kh_officer):
    event = make_event()
    data = xlsx_bytes(signin_sheet())
    _import(kh_officer, event, data)
    again = _import(kh_officer, event, data)
    assert again.already_imported
    assert (again.attendances_added, again.persons_created) == (0, 0)
    assert Attendance.objects.filter(event=event).count() == 3
    assert Person.objects.count() == 3
    assert prepare_import(actor=kh_officer, event=event, data=data, file_name="x").already_imported


def test_the_same_file_can_be_imported_into_another_event(kh_officer):
    data = xlsx_bytes(signin_sheet())
    _import(kh_officer, make_event(), data)
    result = _import(kh_officer, make_event(title="Second"), data)
    assert (result.persons_matched, result.persons_created) == (2, 1)  # Keo Vanna: no contact


def test_one_bad_row_among_ten_thousand_changes_nothing(kh_officer):
    event = make_event()
    rows = [["Name", "Sex", "Phone"]]
    rows += [[f"Person {i}", "F" if i % 2 else "M", ""] for i in range(10_000)]
    rows[7_001][1] = "x"
    result = _import(kh_officer, event, csv_bytes(rows))
    assert result.report()["errors"] == [
        {
            "row": 7002,
            "column": "Sex",
            "message": result.errors[0].message,
        }
    ]
    assert result.errors[0].message.startswith("Row 7002, column 'Sex': 'x' is not a sex")
    assert result.attendances_added == 0
    assert _nothing_written(event)


def test_dry_run_reports_and_writes_nothing(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet()), dry_run=True)
    assert result.attendances_added == 3
    assert not result.written
    assert _nothing_written(event)


class _Failure(Exception):
    """The database failing in the middle of an import's write (a full disk, a lost server)."""


@pytest.mark.parametrize("failing", ["attendances", "audit"])
def test_an_import_failing_halfway_through_its_write_leaves_nothing(
    kh_officer, monkeypatch, failing
):
    """The write fails once the persons, their blocks and review pairs are written (and, at
    the audit, once everything is): not one of them may stay."""
    from pathways.activities.importing import writing

    matched = make_person(full_name="Dara Sok", phone="+85512345678")
    make_person(full_name="Keo Vanna", organisation=Organisation.objects.get(acronym="MoJ"))
    event = make_event()
    audit_before = list(AuditEvent.objects.values_list("pk", flat=True))
    head_before = list(AuditChainHead.objects.values_list("last_hash", flat=True))
    real_insert, real_audit = writing.insert_rows, writing.audit_record
    halfway: dict[str, int] = {}

    def fail(at: str) -> None:
        halfway.update(
            persons=Person.objects.count(),
            attendances=Attendance.objects.filter(event=event).count(),
            blocks=PersonBlock.objects.count(),
            pairs=DuplicateCandidate.objects.count(),
            audit=AuditEvent.objects.count(),
        )
        if at == failing:
            raise _Failure(at)

    def insert_then_fail(model, rows):
        ids = real_insert(model, rows)
        if model is Attendance:
            fail("attendances")
        return ids

    def audit_then_fail(**kwargs):
        event = real_audit(**kwargs)
        fail("audit")
        return event

    monkeypatch.setattr(writing, "insert_rows", insert_then_fail)
    monkeypatch.setattr(writing, "audit_record", audit_then_fail)
    with pytest.raises(_Failure):
        _import(kh_officer, event, xlsx_bytes(signin_sheet()))
    # The failure came after the write had begun: the new persons, their attendance, blocks
    # and the queued pair (Keo Vanna) were there (and the audit entry, at the audit).
    assert halfway["persons"] == 4 and halfway["attendances"] == 3
    assert halfway["blocks"] > 0 and halfway["pairs"] == 1
    assert halfway["audit"] == len(audit_before) + (failing == "audit")
    assert list(Person.objects.order_by("pk").values_list("full_name", flat=True)) == [
        "Dara Sok",
        "Keo Vanna",
    ]
    assert not Attendance.objects.exists() and not ImportBatch.objects.exists()
    assert not PersonBlock.objects.exists() and not DuplicateCandidate.objects.exists()
    assert not ColumnMapping.objects.exists()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == audit_before
    assert list(AuditChainHead.objects.values_list("last_hash", flat=True)) == head_before
    assert verify_chain() is None
    assert not matched.attendances.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "not a spreadsheet"),
        (b"hello, world\nthis is, not a sheet\n", "No header row"),
        (csv_bytes([HEADER]), "no rows of attendance"),
    ],
)
def test_files_that_cannot_be_imported_change_nothing(kh_officer, data, message):
    event = make_event()
    with pytest.raises(ImportFileError, match=message):
        _import(kh_officer, event, data)
    assert _nothing_written(event)


def test_file_over_the_size_limit_changes_nothing(kh_officer, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    event = make_event()
    with pytest.raises(ImportFileError, match="largest file accepted"):
        _import(kh_officer, event, csv_bytes([HEADER] + PEOPLE * 40))
    assert _nothing_written(event)


def test_out_of_scope_actor_cannot_import(la_manager, donor):
    event = make_event()
    for actor in (la_manager, donor):
        with pytest.raises(PermissionDenied):
            _import(actor, event, xlsx_bytes(signin_sheet()))
    assert _nothing_written(event)


def test_partner_can_import_into_an_event_their_organisation_leads(lscw_partner):
    event = make_event(lead="LSCW")
    assert _import(lscw_partner, event, xlsx_bytes(signin_sheet())).attendances_added == 3


def test_import_is_audited_once_naming_every_created_record(kh_officer):
    event = make_event()
    result = _import(kh_officer, event, xlsx_bytes(signin_sheet()))
    audit = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert audit.object_id == str(event.pk)
    assert audit.actor == kh_officer
    changes = audit.changes
    assert changes["attendances_added"] == 3
    assert changes["created_person_ids"] == id_ranges(Person.objects.values_list("pk", flat=True))
    attendance_ids = Attendance.objects.filter(event=event).values_list("pk", flat=True)
    assert changes["created_attendance_ids"] == id_ranges(attendance_ids)
    assert changes["import_batch"] == result.batch_id
    assert verify_chain() is None


def test_chosen_mapping_is_remembered_for_the_organisation(kh_officer):
    rows = [["Name", "Gender", "Notes col"], ["Sok Dara", "M", "a"]]
    mapping = {0: "full_name", 1: "ignore", 2: "ignore"}
    _import(kh_officer, make_event(), csv_bytes(rows), mapping=mapping)
    assert ColumnMapping.objects.count() == 1
    rows2 = [["name", "GENDER", "Notes col"], ["Chan Sreymom", "F", "b"]]
    preview = prepare_import(
        actor=kh_officer, event=make_event(title="Next"), data=csv_bytes(rows2), file_name="x"
    )
    assert preview.mapping_source == "remembered"
    assert preview.mapping == mapping


def test_a_field_chosen_twice_is_an_error(kh_officer):
    event = make_event()
    rows = [["Name", "Sex"], ["Sok Dara", "M"]]
    result = _import(kh_officer, event, csv_bytes(rows), mapping={0: "full_name", 1: "full_name"})
    assert "is chosen for two columns" in result.errors[0].message
    assert _nothing_written(event)


def test_errors_name_row_column_and_what_was_expected(kh_officer):
    event = make_event()
    rows = [
        ["Name", "Sex", "Phone", "Email", "Year of birth"],
        ["Sok Dara", "x", "12", "dara@", "1850"],
    ]
    messages = [e.message for e in _import(kh_officer, event, csv_bytes(rows)).errors]
    assert messages == [
        "Row 2, column 'Sex': 'x' is not a sex we recognise; expected F/M, female/male, "
        "woman/man, ស្រី/ប្រុស, ຍິງ/ຊາຍ, หญิง/ชาย, nữ/nam, perempuan/laki-laki (P/L), "
        "babae/lalaki, မ/ကျား, other, or an empty cell when not recorded.",
        f"Row 2, column 'Year of birth': '1850' is not a birth year between 1900 and "
        f"{__import__('datetime').date.today().year}.",
        "Row 2, column 'Phone': '12' is not a valid phone number for KH or with a country code.",
        "Row 2, column 'Email': 'dara@' is not an email address.",
    ]


def test_unknown_organisation_is_a_note_not_an_error(kh_officer):
    event = make_event()
    rows = [["Name", "Organisation"], ["Sok Dara", "Provincial office"], ["Chan", "MoJ"]]
    result = _import(kh_officer, event, csv_bytes(rows))
    assert result.errors == []
    assert "'Provincial office' (rows 2)" in result.warnings[0]
    assert Person.objects.get(full_name="Sok Dara").organisation is None


@pytest.mark.parametrize("whole_country", [False, True], ids=["by-chunk", "whole-country"])
def test_a_big_sheet_matches_the_same_persons_whichever_way_candidates_are_read(
    kh_officer, monkeypatch, whole_country
):
    """A sheet large against its country reads the country's persons once instead of
    chunk by chunk; both ways find the same persons on record."""
    from pathways.activities.dedup import matching

    by_phone = make_person(full_name="Dara Sok", phone="+85512345678")
    by_email = make_person(full_name="Chan Sophea", email="sophea@example.org")
    make_person(full_name="Chan Sophea", birth_year=1990)  # same name and year: not sure
    monkeypatch.setattr(matching, "CHUNK", 1)
    monkeypatch.setattr(matching, "WHOLE_COUNTRY_SHARE", 0 if whole_country else 10**6)
    people = [
        ["1", "Sok Dara", "M", "", "", "012 345 678", "", ""],
        ["2", "CHAN Sophea", "F", "", "", "", "", "SOPHEA@example.org"],
        ["3", "Chan Sophea", "F", "", "", "", "1990", "chan.s@example.org"],
    ]
    header = [*HEADER[:6], "Year of birth", "Email"]
    event = make_event()
    result = _import(kh_officer, event, xlsx_bytes([header, *people]))
    assert (result.persons_matched, result.persons_created) == (2, 1)
    attending = set(Attendance.objects.filter(event=event).values_list("person_id", flat=True))
    assert {by_phone.pk, by_email.pk} <= attending
