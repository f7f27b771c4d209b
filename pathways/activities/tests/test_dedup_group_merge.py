"""Merging a whole group of the review queue, and several sure groups at once (services)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathways.activities.dedup.group_review import group_merge, sure_groups_merge
from pathways.activities.dedup.groups import Group, fill_records, is_sure_group
from pathways.activities.dedup.merging import person_unmerge
from pathways.activities.dedup.scoring import OUTSIDE_SCOPE
from pathways.activities.models import DuplicateCandidate, Person, PersonMerge
from pathways.audit.models import AuditEvent

from .dedup_helpers import attend, make_event, make_person
from .test_dedup_views import make_candidate

SURE = ["same_name", "same_phone"]


def sure_pair(a: Person, b: Person) -> DuplicateCandidate:
    pair = make_candidate(a, b, score=0.95)
    pair.reasons = SURE
    pair.save()
    return pair


@pytest.fixture
def trio(db):
    """Three records of one person: two pairs, one group."""
    first = make_person("Chan Sophea")
    second = make_person("Chan Sophia", birth_year=1990)
    third = make_person("Chan Sopheak", phone="+85512000111")
    attend(first, make_event(title="Synthetic workshop one"))
    attend(third, make_event(title="Synthetic workshop two"))
    pairs = [make_candidate(first, second), make_candidate(second, third)]
    return first, second, third, pairs


def test_group_of_three_is_merged_in_one_step_into_the_kept_record(trio, kh_officer):
    _first, second, _third, pairs = trio
    result = group_merge(actor=kh_officer, pair_ids=[p.pk for p in pairs], keep=second.pk)
    assert result.kept == second and len(result.merges) == 2
    assert list(Person.objects.filter(full_name__startswith="Chan")) == [second]
    second.refresh_from_db()
    assert second.attendances.count() == 2
    assert second.phone == "+85512000111"  # filled from the third record
    assert not DuplicateCandidate.objects.filter(status="pending").exists()
    merges = AuditEvent.objects.filter(action=AuditEvent.Action.MERGE, actor=kh_officer)
    assert merges.count() == 2


def test_each_record_of_a_group_merge_is_undone_on_its_own(trio, kh_officer):
    _first, second, third, pairs = trio
    result = group_merge(actor=kh_officer, pair_ids=[p.pk for p in pairs], keep=second.pk)
    undo = next(m for m in result.merges if m.merged_snapshot["id"] == third.pk)
    person_unmerge(actor=kh_officer, merge=undo)
    assert set(Person.objects.filter(full_name__startswith="Chan")) == {second, third}
    assert Person.objects.get(pk=third.pk).attendances.count() == 1
    assert Person.objects.get(pk=second.pk).phone == ""
    assert PersonMerge.objects.filter(undone_at__isnull=True).count() == 1


def test_a_record_left_out_is_kept_apart_from_the_kept_one(trio, kh_officer):
    first, second, third, pairs = trio
    result = group_merge(
        actor=kh_officer,
        pair_ids=[p.pk for p in pairs],
        keep=first.pk,
        include=[first.pk, second.pk],
    )
    assert result.kept_apart == [third]
    assert set(Person.objects.filter(full_name__startswith="Chan")) == {first, third}
    apart = DuplicateCandidate.objects.get(person_a=first, person_b=third)
    assert apart.status == DuplicateCandidate.Status.DISTINCT
    assert apart.decided_by == kh_officer and apart.decided_at is not None
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CREATE, object_id=str(apart.pk), actor=kh_officer
    ).exists()
    assert not DuplicateCandidate.objects.filter(status="pending").exists()


def test_a_left_out_record_paired_with_the_kept_one_has_that_pair_kept_apart(trio, kh_officer):
    first, second, third, pairs = trio
    direct = make_candidate(first, third)
    group_merge(
        actor=kh_officer,
        pair_ids=[p.pk for p in [*pairs, direct]],
        keep=first.pk,
        include=[second.pk],
    )
    direct.refresh_from_db()
    assert direct.status == DuplicateCandidate.Status.DISTINCT
    assert DuplicateCandidate.objects.filter(person_a=first, person_b=third).count() == 1


def test_group_changed_since_the_page_is_refused_and_nothing_changes(trio, kh_officer):
    from pathways.activities.dedup.review import candidate_keep_apart

    _first, second, _third, pairs = trio
    candidate_keep_apart(actor=kh_officer, candidate=pairs[1])
    with pytest.raises(ValidationError) as refused:
        group_merge(actor=kh_officer, pair_ids=[p.pk for p in pairs], keep=second.pk)
    assert refused.value.code == "stale"
    assert "changed since the page was shown" in refused.value.messages[0]
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3
    assert not PersonMerge.objects.exists()


def test_a_pair_added_to_the_group_since_the_page_is_refused(trio, kh_officer):
    _first, second, third, pairs = trio
    make_candidate(third, make_person("Chan Sopheaa"))
    with pytest.raises(ValidationError) as refused:
        group_merge(actor=kh_officer, pair_ids=[p.pk for p in pairs], keep=second.pk)
    assert refused.value.code == "stale"
    assert Person.objects.filter(full_name__startswith="Chan").count() == 4


def test_group_outside_the_users_scope_is_refused(trio, la_manager):
    _first, second, _third, pairs = trio
    with pytest.raises(ValidationError) as refused:
        group_merge(actor=la_manager, pair_ids=[p.pk for p in pairs], keep=second.pk)
    assert refused.value.code == "outside_scope"
    assert "outside your scope" in refused.value.messages[0]
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3


def test_keep_must_be_in_the_group_and_something_else_included(trio, kh_officer):
    first, _second, _third, pairs = trio
    ids = [p.pk for p in pairs]
    stranger = make_person("Lim Dara")
    with pytest.raises(ValidationError, match="Choose one of the group's records"):
        group_merge(actor=kh_officer, pair_ids=ids, keep=stranger.pk)
    with pytest.raises(ValidationError, match="at least one record besides"):
        group_merge(actor=kh_officer, pair_ids=ids, keep=first.pk, include=[])
    with pytest.raises(ValidationError, match="Only records of this group"):
        group_merge(actor=kh_officer, pair_ids=ids, keep=first.pk, include=[stranger.pk])
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3


def _group(user, *pairs: DuplicateCandidate) -> Group:
    group = Group(pairs=list(pairs))
    fill_records(user, [group])
    return group


def test_sure_group_needs_every_pair_sure_and_no_shared_event(db, kh_officer):
    a, b, c = (make_person(n) for n in ("Ros Vanna", "Ros Vana", "Ros Vannah"))
    first, second = sure_pair(a, b), sure_pair(b, c)
    assert is_sure_group(_group(kh_officer, first, second))
    uncertain = make_candidate(a, c, score=0.95)  # a high score on names alone
    assert not is_sure_group(_group(kh_officer, first, second, uncertain))
    below = make_candidate(c, make_person("Ros Vannak"), score=0.9)
    below.reasons = SURE
    assert not is_sure_group(_group(kh_officer, below))  # under the sure score
    meeting = make_event(title="Synthetic referral meeting")
    attend(a, meeting)
    attend(b, meeting)
    assert not is_sure_group(_group(kh_officer, first, second))


def test_pair_an_import_left_for_a_data_officer_is_never_sure(db, kh_officer):
    a, b = make_person("Keo Nary"), make_person("Keo Nary")
    pair = sure_pair(a, b)
    pair.reasons = [OUTSIDE_SCOPE, *SURE]
    pair.save()
    assert not is_sure_group(_group(kh_officer, pair))


def test_sure_groups_are_merged_each_into_its_suggested_record(db, kh_officer):
    a, b = make_person("Ros Vanna"), make_person("Ros Vana")
    c, d, e = make_person("Ouk Sam"), make_person("Ouk Samm"), make_person("Ouk Sam")
    attend(d, make_event(title="Synthetic workshop one"))
    one, two = sure_pair(a, b), [sure_pair(c, d), sure_pair(d, e)]
    result = sure_groups_merge(
        actor=kh_officer, groups=[(a.pk, [one.pk]), (d.pk, [p.pk for p in two])]
    )
    assert [m.kept for m in result.merged] == [a, d] and result.refused == []
    assert set(Person.objects.filter(full_name__regex=r"^(Ros|Ouk) ")) == {a, d}
    assert PersonMerge.objects.filter(merged_by=kh_officer).count() == 3


def test_a_group_no_longer_sure_is_refused_and_the_others_merged(db, kh_officer):
    a, b = make_person("Ros Vanna"), make_person("Ros Vana")
    c, d = make_person("Ouk Sam"), make_person("Ouk Samm")
    meeting = make_event(title="Synthetic referral meeting")
    attend(c, meeting)
    attend(d, meeting)  # two records at one event: two people, however sure the pair
    one, two = sure_pair(a, b), sure_pair(c, d)
    result = sure_groups_merge(actor=kh_officer, groups=[(a.pk, [one.pk]), (c.pk, [two.pk])])
    assert [m.kept for m in result.merged] == [a]
    assert len(result.refused) == 1
    assert result.refused[0].startswith("Ouk Sam: This group is not a sure match")
    assert Person.objects.filter(pk__in=[c.pk, d.pk]).count() == 2
    two.refresh_from_db()
    assert two.status == DuplicateCandidate.Status.PENDING
