from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from pathways.activities.models import Attendance, Event, Person
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_changes_nothing(demo_data):
    counts = (Event.objects.count(), Person.objects.count(), Attendance.objects.count())
    audit = AuditEvent.objects.count()
    assert "already loaded" in load()
    assert (Event.objects.count(), Person.objects.count(), Attendance.objects.count()) == counts
    assert AuditEvent.objects.count() == audit


def test_every_demo_record_is_marked_synthetic_and_audited(demo_data):
    assert not Event.objects.filter(is_synthetic=False).exists()
    assert not Person.objects.filter(is_synthetic=False).exists()
    assert AuditEvent.objects.filter(action="create", source="command").count() >= (
        Event.objects.count() + Person.objects.count()
    )


def test_cambodian_demo_people_have_khmer_and_latin_names(demo_data):
    person = Person.objects.filter(country__code="KH").first()
    assert any("\u1780" <= ch <= "\u17ff" for ch in person.full_name)
    assert person.latin_name.isascii()
