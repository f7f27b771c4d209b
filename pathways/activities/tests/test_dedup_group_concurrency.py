"""Two reviewers merging the same group at the same moment: one merges, the other is told
the group changed, and every record is merged exactly once."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pathways.accounts.models import User
from pathways.activities.dedup.group_review import group_merge
from pathways.activities.models import Person, PersonMerge
from pathways.demo.personas import ensure_demo_personas
from pathways.programs.services import load_reference_data

from .dedup_helpers import make_person
from .test_dedup_views import make_candidate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
    ),
]


def test_simultaneous_group_merges_one_merges_one_is_refused():
    load_reference_data()
    ensure_demo_personas(password="pathways-demo")
    first, second, third = (make_person(n) for n in ("Chan Sophea", "Chan Sophia", "Chan Sopheak"))
    pair_ids = [make_candidate(first, second).pk, make_candidate(second, third).pk]
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run(name: str, keep: Person) -> None:
        barrier.wait()
        try:
            actor = User.objects.get(username=name)
            group_merge(actor=actor, pair_ids=pair_ids, keep=keep.pk)
            outcomes.append("merged")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("kh_officer", first)),
        threading.Thread(target=run, args=("kh_manager", third)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["merged", "stale"]
    assert Person.objects.filter(full_name__startswith="Chan").count() == 1
    assert PersonMerge.objects.count() == 2
