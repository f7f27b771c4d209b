from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.activities.dedup.merging import person_merge
from pathways.activities.importing import import_file
from pathways.activities.importing.undo import import_undo
from pathways.activities.models import ImportBatch, Sex
from pathways.activities.tests.import_sheets import signin_sheet, xlsx_bytes
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country
from pathways.reports.changes_since import changes_since
from pathways.reports.models import Publication
from pathways.reports.publishing import publication_create
from pathways.reports.snapshots import compare, current_rows, region_export_rows
from pathways.reports.tests.factories import attend, make_event, make_people

START, END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)


@pytest.fixture
def cambodia(db) -> Country:
    event = make_event(start=dt.date(2021, 9, 1))
    attend(event, make_people(country="KH", sexes=[Sex.WOMAN, Sex.WOMAN, Sex.MAN]))
    return Country.objects.get(code="KH")


def publish(actor, country, **kwargs) -> Publication:
    return publication_create(
        actor=actor, kind="factsheet", country=country, start=START, end=END, **kwargs
    )


def value(publication: Publication, figure: str) -> int:
    return next(r["value"] for r in publication.figures["rows"] if r["figure"] == figure)


def changes(publication: Publication) -> dict[str, tuple[int | None, int | None]]:
    current = current_rows(publication)
    return {
        c.figure: (c.published, c.current) for c in compare(publication.figures["rows"], current)
    }


def test_publishing_keeps_the_figures_and_the_pdf_as_they_were(kh_officer, cambodia):
    publication = publish(kh_officer, cambodia)
    assert publication.kind == "factsheet" and publication.published_by == kh_officer
    assert value(publication, "participants") == 3
    assert value(publication, "participants.women") == 2
    assert publication.counted == "Cambodia"
    content = bytes(publication.content)
    assert content.startswith(b"%PDF-")
    assert publication.sha256 == hashlib.sha256(content).hexdigest()
    audit = AuditEvent.objects.filter(
        content_type__model="publication", object_id=str(publication.pk)
    ).get()
    assert audit.action == "create" and audit.changes["sha256"] == publication.sha256

    attend(make_event(start=dt.date(2022, 1, 5)), make_people(country="KH", sexes=[Sex.MAN]))
    publication.refresh_from_db()
    assert value(publication, "participants") == 3
    assert bytes(publication.content) == content
    assert changes(publication)["participants"] == (3, 4)
    assert changes(publication)["participants.women"] == (2, 2)


def test_a_merge_after_publishing_is_explained(kh_officer, cambodia):
    event = make_event(start=dt.date(2021, 10, 1))
    kept, twin = make_people(country="KH", sexes=[Sex.WOMAN, Sex.WOMAN])
    attend(event, [kept, twin])
    publication = publish(kh_officer, cambodia)
    assert value(publication, "participants") == 5

    person_merge(actor=kh_officer, kept=kept, merged=twin)

    assert changes(publication)["participants"] == (5, 4)
    since = changes_since(publication)
    assert [m.kept_person_id for m in since.merges] == [kept.pk]
    assert not since.imports_added and not since.nothing


def test_an_import_after_publishing_is_explained_and_its_undo_too(kh_officer, cambodia):
    event = make_event(start=dt.date(2022, 3, 1))
    publication = publish(kh_officer, cambodia)
    data = xlsx_bytes(signin_sheet())
    import_file(actor=kh_officer, event=event, data=data, file_name="march.xlsx")

    since = changes_since(publication)
    assert [i.file_name for i in since.imports_added] == ["march.xlsx"]
    batch = ImportBatch.objects.get(event=event)
    assert since.attendances_imported == 3
    assert since.rows_imported == batch.report["rows_read"]
    assert changes(publication)["participants"] == (3, 6)

    import_undo(actor=kh_officer, batch=batch)
    since = changes_since(publication)
    assert not since.imports_added
    assert [(i.file_name, i.attendances) for i in since.imports_undone] == [("march.xlsx", 3)]
    assert changes(publication)["participants"] == (3, 3)


def test_an_import_into_another_country_or_period_is_not_counted_against_it(kh_officer, cambodia):
    publication = publish(kh_officer, cambodia)
    later = make_event(start=dt.date(2022, 8, 1))
    import_file(actor=kh_officer, event=later, data=xlsx_bytes(signin_sheet()), file_name="a.xlsx")
    since = changes_since(publication)
    assert since.nothing


def test_events_recorded_by_hand_since_are_counted(kh_officer, cambodia):
    from pathways.activities.services import event_create

    publication = publish(kh_officer, cambodia)
    event_create(
        actor=kh_officer,
        values={
            "title": "Synthetic forum",
            "event_type": "forum",
            "start_date": dt.date(2021, 12, 1),
            "end_date": dt.date(2021, 12, 1),
            "country": cambodia,
        },
    )
    assert changes_since(publication).events_recorded == 1


def test_a_partner_viewer_or_donor_cannot_publish_a_country_factsheet(
    lscw_partner, donor, cambodia
):
    for user in (lscw_partner, donor):
        with pytest.raises(PermissionDenied):
            publish(user, cambodia)
    assert not Publication.objects.exists()


def test_only_the_admin_publishes_the_region_outputs(admin_user, donor, kh_manager, cambodia):
    for user in (donor, kh_manager):
        with pytest.raises(PermissionDenied):
            publication_create(actor=user, kind="workbook", country=None)
    publication = publication_create(actor=admin_user, kind="workbook", country=None)
    assert bytes(publication.content).startswith(b"PK")
    assert publication.country is None and publication.counted == "Region"
    assert publication.figures["rows"] == region_export_rows()


def test_bad_requests_are_refused_and_nothing_is_kept(admin_user, cambodia):
    with pytest.raises(ValidationError, match="cover the region"):
        publication_create(actor=admin_user, kind="iati", country=cambodia)
    with pytest.raises(ValidationError, match="ends before it starts"):
        publication_create(
            actor=admin_user, kind="factsheet", country=cambodia, start=END, end=START
        )
    with pytest.raises(ValidationError, match="no language"):
        publish(admin_user, cambodia, language="xx")
    assert not Publication.objects.exists()
    assert not AuditEvent.objects.filter(content_type__model="publication").exists()


def test_events_moved_out_or_deleted_since_are_counted(kh_officer, cambodia):
    from pathways.activities.services import event_delete, event_update

    moved, deleted = make_event(start=dt.date(2021, 11, 1)), make_event(start=dt.date(2022, 2, 1))
    elsewhere = make_event(start=dt.date(2023, 2, 1))
    publication = publish(kh_officer, cambodia)
    event_update(
        actor=kh_officer,
        event=moved,
        version=moved.version,
        values={"start_date": dt.date(2022, 9, 1), "end_date": dt.date(2022, 9, 1)},
    )
    event_delete(actor=kh_officer, event=deleted)
    event_delete(actor=kh_officer, event=elsewhere)
    since = changes_since(publication)
    assert (since.events_edited, since.events_deleted) == (1, 1)
    assert changes(publication)["events"] == (3, 1)


def test_attendance_edited_by_hand_since_is_counted(kh_officer, cambodia):
    from pathways.activities.models import Attendance
    from pathways.activities.services import attendance_update

    publication = publish(kh_officer, cambodia)
    attendance = Attendance.objects.filter(event__country=cambodia).first()
    attendance_update(actor=kh_officer, attendance=attendance, values={"role": "facilitator"})
    assert changes_since(publication).attendances_edited_by_hand == 1
    assert changes(publication)["participants"] == (3, 2)
