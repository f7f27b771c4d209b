"""Mass intake: a roster becomes a group of draft screenings, all or nothing, checked against
the registry and within itself, its names sealed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from openpyxl import Workbook

from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.access import screening_group_for, screening_groups_visible_to
from pathways.casework.models import CaseworkRole, Screening, ScreeningGroup
from pathways.casework.services import RosterError, roster_check, roster_import
from pathways.casework.tests.conftest import make_agency, register, sample_identity, staff

TODAY = dt.date(2026, 12, 1)
HEADER = "Name,Other name,Nationality,Sex,Age,Location type,Date of birth,Notes\n"


def roster_csv(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode("utf-8")


def do_import(actor, agency, data: bytes, **extra):
    values = {
        "name": "Myawaddy handover",
        "arrived_on": dt.date(2026, 11, 30),
        "location_type": Screening.LocationType.BORDER_CHECKPOINT,
        "today": TODAY,
        **extra,
    }
    return roster_import(actor=actor, agency=agency, data=data, **values)


@pytest.fixture
def screener(kh_agency):
    return staff(kh_agency, CaseworkRole.SCREENER)


GOOD = roster_csv(
    "Wang Wei,王伟,China,male,29,,,",
    "Nguyen Thi Lan,Nguyễn Thị Lan,VN,F,24,shelter,2002-05-01,needs a doctor",
    "Somchai Boonmee,สมชาย บุญมี,Thai,male,,,,",
    "Aung Aung,အောင်အောင်,Myanmar,unknown,41,,,",
)


def test_a_roster_becomes_a_group_of_draft_screenings(kh_agency, screener):
    summary = do_import(screener, kh_agency, GOOD)

    group = summary.group
    assert summary.people == 4
    assert group.agency == kh_agency
    rows = list(group.screenings.order_by("roster_row"))
    assert [s.roster_row for s in rows] == [2, 3, 4, 5]
    assert {s.state for s in rows} == {Screening.State.DRAFT}
    assert [s.nationality for s in rows] == ["CN", "VN", "TH", "MM"]
    assert [s.sex for s in rows] == ["male", "female", "male", "unknown"]
    assert [s.age_band for s in rows] == ["25-34", "18-24", "unknown", "35-49"]
    assert rows[1].location_type == "shelter"
    assert rows[0].location_type == "border_checkpoint"
    assert all(s.is_group_screening and s.screener == screener for s in rows)
    assert sealing.open_record(rows[0], "other_name") == "王伟"
    assert sealing.open_record(rows[1], "birthdate") == "2002-05-01"
    assert sealing.open_record(rows[1], "roster_notes") == "needs a doctor"


def test_the_import_is_audited_in_one_write_naming_fields_only(kh_agency, screener):
    summary = do_import(screener, kh_agency, GOOD)

    events = list(AuditEvent.objects.filter(actor=screener).order_by("id"))
    assert len(events) == 5
    assert events[0].object_id == str(summary.group.pk)
    assert "name" in events[1].changes["fields"]
    text = " ".join(str(e.changes) + e.object_repr for e in events)
    assert "Wang" not in text and "王伟" not in text


def test_a_bad_row_writes_nothing_and_names_row_column_and_expectation(kh_agency, screener):
    data = roster_csv(
        "Wang Wei,王伟,China,male,29,,,",
        "Li Na,,Atlantis,woman,two hundred,,31/02/1990,",
        ",,VN,F,20,,,",
    )
    with pytest.raises(RosterError) as caught:
        do_import(screener, kh_agency, data)

    messages = [str(p) for p in caught.value.problems]
    assert any("Row 3, column C (Nationality)" in m and "ISO code" in m for m in messages)
    assert any("Row 3, column D (Sex)" in m and "male, female" in m for m in messages)
    assert any("Row 3, column E (Age)" in m and "0 to 120" in m for m in messages)
    assert any("Row 3, column G (Date of birth)" in m for m in messages)
    assert any("Row 4, column A (Name)" in m for m in messages)
    assert not any("31/02/1990" in m for m in messages)
    assert not ScreeningGroup.objects.exists()
    assert not Screening.objects.exists()


def test_a_roster_without_a_name_column_is_refused(kh_agency, screener):
    with pytest.raises(RosterError) as caught:
        do_import(screener, kh_agency, roster_csv("CN,male", header="Nationality,Sex\n"))
    assert "name" in str(caught.value.problems[0])
    assert not ScreeningGroup.objects.exists()


def test_a_person_already_registered_is_found_in_another_script(kh, kh_agency, screener):
    client = register(
        kh,
        kh_agency,
        sample_identity(
            first_name="Wei",
            last_name="Wang",
            local_script_name="王伟",
            birthdate=dt.date(1997, 2, 3),
        ),
    )
    # The roster writes only the Chinese name in its first column, with an age.
    data = roster_csv("王伟,,CN,male,29,,,", "Li Na,李娜,CN,female,30,,,")
    summary = do_import(screener, kh_agency, data)

    first, second = summary.group.screenings.order_by("roster_row")
    assert summary.possibly_registered == 1
    assert first.possible_client == client
    assert second.possible_client is None


def test_a_registered_name_with_another_birth_year_is_not_a_match(kh, kh_agency, screener):
    register(
        kh,
        kh_agency,
        sample_identity(first_name="Wei", last_name="Wang", birthdate=dt.date(1960, 1, 1)),
    )
    summary = do_import(screener, kh_agency, roster_csv("Wang Wei,,CN,male,29,,,"))
    assert summary.possibly_registered == 0


def test_a_person_listed_twice_is_marked_on_the_later_row(kh_agency, screener):
    data = roster_csv(
        "Wang Wei,王伟,CN,male,29,,,",
        "Li Na,,CN,female,30,,,",
        "WEI  wang,,CN,male,29,,,",
        "Wang Wei,,CN,male,60,,,",
    )
    summary = do_import(screener, kh_agency, data)

    rows = list(summary.group.screenings.order_by("roster_row"))
    assert summary.duplicates_in_roster == 1
    assert [s.roster_duplicate_row for s in rows] == [None, None, 2, None]


def test_names_are_not_in_the_database_in_clear(kh_agency, screener):
    do_import(screener, kh_agency, GOOD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM casework_screening")
        dump = repr(cursor.fetchall())
    for value in ("Wang Wei", "王伟", "Nguyen", "สมชาย", "needs a doctor", "2002-05-01"):
        assert value not in dump
        assert value.encode() not in dump.encode()


def test_only_those_who_screen_for_the_agency_import(kh_agency):
    auditor = staff(kh_agency, CaseworkRole.ACCESS_AUDITOR)
    with pytest.raises(PermissionDenied):
        do_import(auditor, kh_agency, GOOD)
    assert not ScreeningGroup.objects.exists()


def test_another_agency_cannot_see_the_group(kh, kh_agency, screener):
    group = do_import(screener, kh_agency, GOOD).group
    other = staff(make_agency(kh), CaseworkRole.CASE_SUPERVISOR)

    assert group in screening_groups_visible_to(screener)
    assert group not in screening_groups_visible_to(other)
    from django.http import Http404

    with pytest.raises(Http404):
        screening_group_for(other, group.pk)


def test_a_workbook_roster_is_read_like_a_csv(kh_agency, screener):
    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Nationality", "Sex", "Age band", "Where found"])
    sheet.append(["Wang Wei", "China", "Male", "25–34", "Immigration detention"])
    sheet.append(["Ayu Lestari", "Indonesia", "female", "18-24", ""])
    out = io.BytesIO()
    book.save(out)

    summary = do_import(screener, kh_agency, out.getvalue())

    rows = list(summary.group.screenings.order_by("roster_row"))
    assert [(s.nationality, s.age_band, s.location_type) for s in rows] == [
        ("CN", "25-34", "immigration_detention"),
        ("ID", "18-24", "border_checkpoint"),
    ]


def test_a_check_counts_without_writing(kh_agency, screener):
    summary = roster_check(
        actor=screener, agency=kh_agency, data=GOOD, today=TODAY, location_type="shelter"
    )
    assert summary.people == 4
    assert dict(summary.by_nationality) == {"CN": 1, "VN": 1, "TH": 1, "MM": 1}
    assert summary.possibly_registered is None
    assert not Screening.objects.exists()


def test_a_refusal_at_interview_clears_the_roster_names(kh_agency, screener):
    from pathways.casework.services import screening_refuse_consent

    screening = do_import(screener, kh_agency, GOOD).group.screenings.first()
    screening_refuse_consent(actor=screener, screening=screening, consent="no")
    screening.refresh_from_db()
    assert screening.name_sealed is None and screening.other_name_sealed is None
    assert screening.state == Screening.State.DECLINED_BY_PERSON


def test_the_command_imports_and_names_problems(kh_agency, screener, tmp_path):
    from django.core.management import CommandError, call_command

    good = tmp_path / "roster.csv"
    good.write_bytes(GOOD)
    out = io.StringIO()
    call_command(
        "casework_roster_import",
        str(good),
        agency=kh_agency.pk,
        user=screener.username,
        group_name="Mae Sot crossing",
        location_type="border_checkpoint",
        stdout=out,
    )
    assert "4 draft screenings" in out.getvalue()
    assert ScreeningGroup.objects.get().name == "Mae Sot crossing"

    bad = tmp_path / "bad.csv"
    bad.write_bytes(roster_csv("Li Na,,CN,woman,30,,,"))
    with pytest.raises(CommandError, match=r"Row 2, column D \(Sex\)"):
        call_command(
            "casework_roster_import",
            str(bad),
            agency=kh_agency.pk,
            user=screener.username,
            group_name="Second",
        )
    assert ScreeningGroup.objects.count() == 1


def test_a_roster_persons_repr_and_problems_hold_no_value(kh_agency, screener):
    from pathways.casework.services.roster_reading import read_roster

    person = read_roster(GOOD, location_type="shelter", today=TODAY).people[1]
    assert "Nguyen" not in repr(person) and "2002" not in repr(person)
    with pytest.raises(RosterError) as caught:
        read_roster(roster_csv("Zhou Xun,周迅,CN,woman,30,,1990-13-01,secret"), today=TODAY)
    text = " ".join(str(p) for p in caught.value.problems) + str(caught.value)
    for value in ("Zhou", "周迅", "1990-13-01", "secret"):
        assert value not in text
