"""An organisation named from the import preview is recognised in the imports before: the
country's attendances saved with a text that now means it are counted under it, and their
persons saved without an organisation are given it, in the same transaction, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.activities.importing import import_file
from pathways.activities.importing.organisations import (
    Recognised,
    recognise_earlier_attendances,
)
from pathways.activities.importing.undo import undo_refusal
from pathways.activities.models import Attendance, Event, ImportBatch, Person, PersonBlock
from pathways.activities.tests.import_sheets import make_event, make_person
from pathways.activities.tests.test_import_organisations import (
    UNKNOWN,
    _alias_url,
    _create_url,
    _sheet,
    _token,
    _upload,
)
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country, Organisation
from pathways.results.figures import UNMATCHED, Rule, breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _earlier_import(actor) -> Event:
    """An import whose rows 8 and 9 wrote UNKNOWN (in two spellings): two persons saved
    without an organisation, their attendances keeping the text."""
    event = make_event(title="Earlier training")
    import_file(actor=actor, event=event, data=_sheet(), file_name="earlier.xlsx")
    return event


def _unmatched_split() -> int:
    """Cambodia's participants split by organisation type: those not matched."""
    split = breakdown(
        Rule.PARTICIPANTS,
        "organisation_type",
        events=Event.objects.filter(country__code="KH"),
        start=dt.date(2022, 1, 1),
        end=dt.date(2022, 12, 31),
    )
    return {row.key: row.count for row in split.rows}.get(UNMATCHED, 0)


def _written() -> list[str]:
    """Every organisation text still kept as written."""
    return sorted(
        Attendance.objects.exclude(organisation_text="").values_list("organisation_text", flat=True)
    )


def test_an_alias_named_in_a_preview_recognises_the_earlier_imports(client, kh_officer):
    earlier = _earlier_import(kh_officer)
    # A person of another organisation whose sheet wrote the text once, and a Lao
    # attendance with the same text: Lao sheets mean something else by it.
    cnp = Organisation.objects.get(acronym="CNP")
    other = make_person(full_name="Keo Dara", organisation=cnp)
    Attendance.objects.create(event=earlier, person=other, organisation_text=UNKNOWN)
    lao = make_person(country="LA", full_name="Souksavanh Phet")
    lao_event = make_event(country="LA", lead=None, title="Lao workshop")
    Attendance.objects.create(event=lao_event, person=lao, organisation_text=UNKNOWN)
    assert _unmatched_split() == 2

    event = make_event(title="Next training")
    client.force_login(kh_officer)
    token = _token(_upload(client, event, _sheet()))
    mosvy = Organisation.objects.get(acronym="MoSVY")
    response = client.post(
        _alias_url(event, token), {"text": UNKNOWN, "organisation": mosvy.pk}, follow=True
    )
    page = response.content.decode()
    name = mosvy.name
    assert f"2 attendances from earlier imports are now counted under {name}." in page
    assert f"2 persons saved without an organisation now belong to {name}." in page
    assert "1 attendance from earlier imports now names" in page

    given = Person.objects.filter(full_name__in=["ហេង សុភា", "លី សំណាង"])
    assert {(p.organisation_id, p.version) for p in given} == {(mosvy.pk, 2)}
    other.refresh_from_db()
    assert other.organisation == cnp
    assert _written() == [UNKNOWN]  # the Lao attendance only
    assert Attendance.objects.get(person=lao).organisation_text == UNKNOWN
    assert _unmatched_split() == 0
    # The finder compares by the organisation too: the persons' blocks follow it.
    assert PersonBlock.objects.filter(person__in=given, organisation=mosvy).exists()

    audit = AuditEvent.objects.filter(
        content_type__model="organisation", object_id=str(mosvy.pk), actor=kh_officer
    ).get(action="update")
    assert audit.changes["recognised_texts"] == sorted([UNKNOWN, "មន្ទីរថ្មី"])
    ids = sorted(given.values_list("pk", flat=True))
    assert audit.changes["persons_given_organisation"] == [[ids[0], ids[1]]]
    assert "ហេង" not in str(audit.changes) and "Keo Dara" not in str(audit.changes)
    # As after any edit of its persons, the earlier import is no longer undone.
    assert undo_refusal(ImportBatch.objects.get(event=earlier)) is not None


def test_a_new_organisation_from_the_preview_recognises_the_earlier_imports(client, kh_manager):
    _earlier_import(kh_manager)
    event = make_event(title="Next training")
    client.force_login(kh_manager)
    token = _token(_upload(client, event, _sheet()))
    response = client.post(_create_url(event, token), {"text": UNKNOWN, "type": "ngo"}, follow=True)
    org = Organisation.objects.get(name=UNKNOWN)
    page = response.content.decode()
    assert f"2 attendances from earlier imports are now counted under {UNKNOWN}." in page
    assert Person.objects.filter(organisation=org).count() == 2
    assert _unmatched_split() == 0


def test_nothing_to_recognise_changes_nothing_and_records_nothing(kh_officer):
    _earlier_import(kh_officer)
    audits = AuditEvent.objects.count()
    recognised = recognise_earlier_attendances(
        actor=kh_officer,
        country=Country.objects.get(code="KH"),
        organisation=Organisation.objects.get(acronym="MoSVY"),  # no text means it yet
        source=AuditEvent.Source.WEB,
    )
    assert recognised == Recognised()
    assert AuditEvent.objects.count() == audits
    assert _unmatched_split() == 2
