"""Two saves of the same record at the same moment: one wins, the other gets a conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from pathways.accounts.models import User
from pathways.activities import services
from pathways.activities.models import Event, Person
from pathways.activities.tests.factories import make_event, make_person
from pathways.demo.personas import ensure_demo_personas
from pathways.programs.services import load_reference_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
    ),
]


def race(update) -> list[str]:
    """Run `update(name)` for two users at once; return what happened to each."""
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(name: str) -> None:
        barrier.wait()
        try:
            update(name)
            outcomes.append("saved")
        except services.ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in ("kh_officer", "kh_manager")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


@pytest.fixture
def reference():
    load_reference_data()
    ensure_demo_personas(password="pathways-demo")


def test_simultaneous_event_saves_one_wins_one_conflicts(reference):
    event = make_event()

    def update(name: str) -> None:
        services.event_update(
            actor=User.objects.get(username=name), event=event, version=1, values={"title": name}
        )

    assert race(update) == ["conflict", "saved"]
    event = Event.objects.get(pk=event.pk)
    assert event.version == 2 and event.title in {"kh_officer", "kh_manager"}


def test_simultaneous_person_saves_one_wins_one_conflicts(reference):
    person = make_person()

    def update(name: str) -> None:
        services.person_update(
            actor=User.objects.get(username=name),
            person=person,
            version=1,
            values={"latin_name": name},
        )

    assert race(update) == ["conflict", "saved"]
    assert Person.objects.get(pk=person.pk).version == 2
