"""A headline figure whose records include possible duplicates waiting for review says how
far it may fall (results/pending.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pathways.activities.models import Attendance, DuplicateCandidate, Event
from pathways.activities.tests.import_sheets import make_event, make_person
from pathways.results.figures import Rule, count_people_trained
from pathways.results.pending import waiting_pairs

pytestmark = pytest.mark.django_db
KH = reverse("results:dashboard_country", args=["KH"])
START, END = dt.date(2021, 7, 1), dt.date(2022, 6, 30)


def _pair(a, b, status="pending"):
    low, high = sorted([a, b], key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(person_a=low, person_b=high, score=0.8, status=status)


def _two_trainings():
    first, second = make_event(title="One"), make_event(title="Two")
    dara, dara_km = make_person(full_name="Sok Dara"), make_person(full_name="សុខ ដារ៉ា")
    vanna, vanna_km = make_person(full_name="Keo Vanna"), make_person(full_name="កែវ វណ្ណា")
    outsider = make_person(full_name="Sok Dara Two")
    Attendance.objects.create(event=first, person=dara)
    Attendance.objects.create(event=first, person=dara_km)  # the same event: one attendance
    Attendance.objects.create(event=first, person=vanna)
    Attendance.objects.create(event=second, person=vanna_km)  # another event: two
    _pair(dara, dara_km)
    _pair(vanna, vanna_km)
    _pair(dara, outsider)  # the outsider attended nothing counted
    _pair(vanna, dara, status="distinct")  # decided: not waiting
    return Event.objects.filter(pk__in=[first.pk, second.pk])


def test_people_trained_may_fall_by_the_pending_pairs_among_its_persons():
    events = _two_trainings()
    kw = {"events": events, "start": START, "end": END}
    assert count_people_trained(**kw).total == 4
    assert waiting_pairs(Rule.PEOPLE_TRAINED, **kw) == 2


def test_participants_may_fall_only_by_pairs_at_one_event():
    events = _two_trainings()
    kw = {"events": events, "start": START, "end": END}
    assert waiting_pairs(Rule.PARTICIPANTS, **kw) == 1
    assert waiting_pairs(Rule.EVENTS, **kw) == 0


def test_the_dashboard_says_so_with_a_link_for_those_who_may_review(client, kh_officer, donor):
    _two_trainings()
    query = f"{KH}?start=2022-03-01&end=2022-03-31"
    client.force_login(kh_officer)
    html = client.get(query).content.decode()
    assert "wait for review; this figure may fall by up to" in html
    assert reverse("activities:duplicate_list") in html
    client.force_login(donor)
    html = client.get(query).content.decode()
    assert "wait for review; this figure may fall by up to" in html
    assert reverse("activities:duplicate_list") not in html
