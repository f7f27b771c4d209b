"""The preview's "possibly <name>: will wait for review" is what the review queue holds after
the import: the preview asks the finder's own rule (`predicted_pairs`), with the
organisation each row will be saved with, the persons the importer may not see counted in
a name's commonness as the finder counts them, and the rows' pairs among themselves."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pathways.activities.dedup.blocks import refresh_person_blocks
from pathways.activities.importing import import_file, prepare_import
from pathways.activities.models import Attendance, DuplicateCandidate, Person, PersonBlock
from pathways.activities.tests.factories import make_person
from pathways.activities.tests.import_sheets import make_event, xlsx_bytes
from pathways.api.tests.factories import api_client
from pathways.programs.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Sex", "Phone", "Email", "Year of birth", "Organisation"]


def _sheet(*rows: list[str]) -> bytes:
    return xlsx_bytes([HEADER, *rows])


def _row(name="", sex="M", phone="", email="", year="", org="") -> list[str]:
    return [name, sex, phone, email, year, org]


def _on_record(**fields) -> Person:
    person = make_person(**fields)
    refresh_person_blocks([person])  # as every service that writes a person does
    return person


def _predicted(actor, event, data) -> tuple[dict[int, str], list[tuple[int, str, str]]]:
    preview = prepare_import(actor=actor, event=event, data=data, file_name="s.xlsx")
    statuses = {n: s.name for n, s in preview.plan.statuses.items() if s.kind == "possibly"}
    pairs = [(p.row, p.person_name, p.possible_name) for p in preview.result().possible_duplicates]
    return statuses, pairs


def _imported(actor, event, data) -> list[tuple[int, str, str]]:
    result = import_file(actor=actor, event=event, data=data, file_name="s.xlsx")
    assert result.written
    return [(p.row, p.person_name, p.possible_name) for p in result.possible_duplicates]


def _queued() -> set[frozenset[str]]:
    pending = DuplicateCandidate.objects.filter(status="pending").select_related(
        "person_a", "person_b"
    )
    return {frozenset({p.person_a.full_name, p.person_b.full_name}) for p in pending}


def test_a_namesake_of_another_organisation_is_not_announced_when_it_will_not_wait(kh_officer):
    """Both organisations recorded and different: the pair falls below the review score, so
    nothing waits, and the preview must not say it will."""
    cnp = Organisation.objects.get(acronym="CNP")
    _on_record(full_name="Chan Sophea", sex="man", organisation=cnp, latin_name="")
    event = make_event()
    data = _sheet(_row("Chan Sophea", "M", org="MoJ"))
    assert _predicted(kh_officer, event, data) == ({}, [])
    assert _imported(kh_officer, event, data) == []
    assert _queued() == set()


def test_two_rows_that_may_be_one_person_are_announced_as_they_will_wait(kh_officer):
    """Two rows of one name and birth year with different phones: new persons both, whose
    pair the finder queues; the preview names the other row."""
    event = make_event()
    data = _sheet(
        _row("Heng Bopha", "F", phone="012 999 888", year="1992"),
        _row("Heng Bopha", "F", phone="012 777 666", year="1992"),
    )
    statuses, pairs = _predicted(kh_officer, event, data)
    assert statuses == {2: "Heng Bopha (row 3)"}
    assert pairs == [(2, "Heng Bopha", "Heng Bopha")]
    assert _imported(kh_officer, event, data) == pairs
    assert _queued() == {frozenset({"Heng Bopha"})}


def test_the_preview_lists_exactly_the_pairs_the_import_leaves_waiting(kh_officer):
    cnp = Organisation.objects.get(acronym="CNP")
    _on_record(full_name="Chan Sophea", sex="man", organisation=cnp, latin_name="")
    _on_record(full_name="Keo Vanna", sex="woman", birth_year=1990, organisation=cnp)
    _on_record(full_name="Sok Dara", sex="man", birth_year=1985, latin_name="")
    event = make_event()
    data = _sheet(
        _row("Chan Sophea", "M", org="CNP"),  # same organisation: waits
        _row("Chan Sophea", "M", org="MoJ"),  # another organisation: does not
        _row("Keo Vana", "F", year="1990", org="CNP"),  # one letter apart: waits
        _row("Sok Dara Vichet", "M", year="1985"),  # another person: does not
        _row("Heng Bopha", "F", phone="012 999 888", year="1992"),
        _row("Heng Bopha", "F", phone="012 777 666", year="1992"),
    )
    blocks = PersonBlock.objects.count()
    statuses, pairs = _predicted(kh_officer, event, data)
    assert PersonBlock.objects.count() == blocks  # a preview writes nothing
    assert statuses == {2: "Chan Sophea", 4: "Keo Vanna", 6: "Heng Bopha (row 7)"}
    assert _imported(kh_officer, event, data) == pairs
    assert len(_queued()) == len(pairs) == 3


def test_a_partner_is_told_only_of_pairs_with_persons_they_may_see(lscw_partner):
    """The namesake on record from another organisation's event waits for the country's data
    officers; the partner's preview and report say nothing of them, and agree."""
    hidden = _on_record(full_name="Chan Sophea", sex="man", birth_year=1985, latin_name="")
    Attendance.objects.create(event=make_event(lead="MoJ", title="MoJ training"), person=hidden)
    event = make_event(lead="LSCW", title="LSCW workshop")
    data = _sheet(_row("Chan Sophea", "M", year="1985"))
    assert _predicted(lscw_partner, event, data) == ({}, [])
    assert _imported(lscw_partner, event, data) == []
    assert _queued() == {frozenset({"Chan Sophea"})}


def test_a_dry_run_names_another_rows_person_without_an_id(kh_officer, tmp_path):
    """The API's and the command's dry run list the pair of two rows, with no id for a
    person not written yet; the import then lists it with both ids."""
    event = make_event()
    data = _sheet(
        _row("Heng Bopha", "F", phone="012 999 888", year="1992"),
        _row("Heng Bopha", "F", phone="012 777 666", year="1992"),
    )
    url = f"/api/v1/events/{event.pk}/attendance/import/"
    file = SimpleUploadedFile("s.xlsx", data)
    response = api_client(kh_officer).post(url, {"file": file, "dry_run": "true"})
    assert response.status_code == 200, response.content
    [pair] = response.json()["possible_duplicates"]["pairs"]
    assert (pair["row"], pair["person"]["id"], pair["possible"]["id"]) == (2, None, None)
    sheet = tmp_path / "s.xlsx"
    sheet.write_bytes(data)
    out = io.StringIO()
    call_command("import_attendance", str(sheet), "--event", str(event.pk), "--dry-run", stdout=out)
    assert "row 2: Heng Bopha may be Heng Bopha (another row's person)" in out.getvalue()
    file = SimpleUploadedFile("s.xlsx", data)
    written = api_client(kh_officer).post(url, {"file": file}).json()["possible_duplicates"]
    [pair] = written["pairs"]
    assert pair["person"]["id"] and pair["possible"]["id"] > pair["person"]["id"]
