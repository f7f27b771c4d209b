"""The queue's group merge and sure-group pages, and what a page of the queue costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pathways.activities.models import DuplicateCandidate, Person, PersonMerge

from .dedup_helpers import attend, make_event, make_person
from .test_dedup_group_merge import sure_pair
from .test_dedup_views import make_candidate

GROUP_MERGE = reverse("activities:duplicate_group_merge")
ACCEPT = reverse("activities:duplicate_groups_accept")


@pytest.fixture
def trio(db):
    first, second, third = (make_person(n) for n in ("Chan Sophea", "Chan Sophia", "Chan Sopheak"))
    attend(second, make_event(title="Synthetic workshop one"))
    return first, second, third, [make_candidate(first, second), make_candidate(second, third)]


def _form(pairs, keep, include) -> dict:
    return {"pairs": [p.pk for p in pairs], "keep": keep.pk, "include": [p.pk for p in include]}


def test_group_of_three_shows_keep_and_include_choices(client, kh_officer, trio):
    first, second, third, _pairs = trio
    client.force_login(kh_officer)
    body = client.get(reverse("activities:duplicate_list")).content.decode()
    assert GROUP_MERGE in body
    assert "<legend>Include in the merge</legend>" in body
    assert f'name="keep" value="{second.pk}" checked' in body
    for person in (first, second, third):
        assert f'name="include" value="{person.pk}" checked' in body


def test_officer_merges_a_group_of_three_and_is_told_how_to_undo(client, kh_officer, trio):
    _first, second, _third, pairs = trio
    client.force_login(kh_officer)
    response = client.post(GROUP_MERGE, _form(pairs, second, trio[:3]), follow=True)
    body = response.content.decode()
    assert "Merged 2 records into Chan Sophia." in body
    assert "Each merge can be undone on its own under Recent merges." in body
    assert list(Person.objects.filter(full_name__startswith="Chan")) == [second]
    assert len(response.context["merges"]) == 2


def test_officer_leaves_one_record_out_of_the_group_merge(client, kh_officer, trio):
    first, second, third, pairs = trio
    client.force_login(kh_officer)
    response = client.post(GROUP_MERGE, _form(pairs, first, [first, second]), follow=True)
    assert "Kept apart from it: Chan Sopheak." in response.content.decode()
    assert set(Person.objects.filter(full_name__startswith="Chan")) == {first, third}
    assert DuplicateCandidate.objects.get(person_a=first, person_b=third).status == "distinct"


def test_stale_group_is_refused_with_the_reason_and_nothing_merged(client, kh_officer, trio):
    _first, second, _third, pairs = trio
    client.force_login(kh_officer)
    client.post(reverse("activities:duplicate_keep_apart", args=[pairs[0].pk]))
    response = client.post(GROUP_MERGE, _form(pairs, second, trio[:3]))
    assert response.status_code == 400
    assert "This group has changed since the page was shown" in response.content.decode()
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3


def test_group_form_without_a_record_to_keep_is_refused(client, kh_officer, trio):
    client.force_login(kh_officer)
    response = client.post(GROUP_MERGE, {"pairs": [p.pk for p in trio[3]], "keep": "x"})
    assert response.status_code == 400
    assert "Choose which record to keep." in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_other_country_manager_is_refused_and_nothing_changes(client, la_manager, trio):
    _first, second, _third, pairs = trio
    client.force_login(la_manager)
    response = client.post(GROUP_MERGE, _form(pairs, second, trio[:3]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "outside your scope" in body and "Chan Sophia" not in body
    token = f"{second.pk}:{pairs[0].pk},{pairs[1].pk}"
    body = client.post(ACCEPT, {"group": [token]}, follow=True).content.decode()
    assert "1 group refused, nothing merged in it: Some records of this group are outside" in body
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3


@pytest.mark.parametrize("username", ["donor", "lscw_partner"])
def test_users_without_a_data_role_may_not_merge_groups(client, personas, username, trio):
    _first, second, _third, pairs = trio
    client.force_login(personas[username])
    assert client.post(GROUP_MERGE, _form(pairs, second, trio[:3])).status_code == 403
    token = f"{second.pk}:{pairs[0].pk},{pairs[1].pk}"
    assert client.post(ACCEPT, {"group": [token]}).status_code == 403
    assert Person.objects.filter(full_name__startswith="Chan").count() == 3


def test_only_sure_groups_get_a_checkbox(client, kh_officer, trio):
    a, b = make_person("Ros Vanna"), make_person("Ros Vana")
    sure = sure_pair(a, b)
    client.force_login(kh_officer)
    response = client.get(reverse("activities:duplicate_list"))
    body = response.content.decode()
    sure_group = next(g for g in response.context["page"] if g.pairs == [sure])
    assert f'name="group" value="{sure_group.token}" form="sure-groups"' in body
    assert body.count('name="group"') == 1  # the group of three needs a look
    assert "Select all sure groups on this page" in body


def test_officer_merges_two_sure_groups_in_one_post(client, kh_officer, trio):
    a, b = make_person("Ros Vanna"), make_person("Ros Vana")
    c, d = make_person("Ouk Sam"), make_person("Ouk Samm")
    sure_pair(a, b), sure_pair(c, d)
    client.force_login(kh_officer)
    page = client.get(reverse("activities:duplicate_list")).context["page"]
    tokens = [g.token for g in page if g.is_sure]
    response = client.post(ACCEPT, {"group": tokens}, follow=True)
    body = response.content.decode()
    assert "2 groups merged (2 records merged into the suggested ones)." in body
    assert set(Person.objects.filter(full_name__regex=r"^(Ros|Ouk) ")) == {a, c}
    assert response.context["page"].paginator.count == 1  # the group of three is left


def test_a_refused_sure_group_is_named_in_the_summary(client, kh_officer, db):
    a, b = make_person("Ros Vanna"), make_person("Ros Vana")
    c, d = make_person("Ouk Sam"), make_person("Ouk Samm")
    one, two = sure_pair(a, b), sure_pair(c, d)
    client.force_login(kh_officer)
    tokens = [f"{a.pk}:{one.pk}", f"{c.pk}:{two.pk}"]
    client.post(reverse("activities:duplicate_keep_apart", args=[two.pk]))
    body = client.post(ACCEPT, {"group": tokens}, follow=True).content.decode()
    assert "1 group merged" in body
    assert "1 group refused, nothing merged in it: Ouk Sam: This group has changed" in body
    assert Person.objects.filter(pk__in=[c.pk, d.pk]).count() == 2


def test_sure_groups_post_without_a_selection_says_so(client, kh_officer, db):
    client.force_login(kh_officer)
    response = client.post(ACCEPT, {})
    assert response.status_code == 400
    assert "Select at least one sure group to merge." in response.content.decode()
    response = client.post(ACCEPT, {"group": ["not a group"]})
    assert response.status_code == 400
    assert "A group was not sent as the page shows it." in response.content.decode()


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("activities:duplicate_list")).status_code == 200
    # Whole pairs (their reasons, their persons) are read only for the page's groups, by id.
    whole = [q["sql"] for q in queries if '"reasons"' in q["sql"]]
    assert whole and all('."id" IN (' in sql for sql in whole)
    return len(queries)


def test_a_page_of_the_queue_costs_the_same_queries_however_many_groups(client, kh_officer):
    def add_groups(start: int, count: int) -> None:
        for i in range(start, start + count):
            a, b, c = (make_person(f"Person {i} {s}") for s in "ABC")
            attend(b, make_event(title=f"Synthetic workshop {i}"))
            make_candidate(a, b)
            make_candidate(b, c)

    add_groups(0, 3)
    client.force_login(kh_officer)
    _queue_queries(client)  # the session's first request writes it
    few = _queue_queries(client)
    # 12: the navigation asks once per page whether the user holds a casework role, and once
    # how many notices wait in their inbox.
    assert few <= 12
    add_groups(3, 57)
    response = client.get(reverse("activities:duplicate_list") + "?page=2")
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 25
    assert _queue_queries(client) == few


def test_every_merge_of_a_large_bulk_merge_can_be_reached_to_undo(client, kh_officer, db):
    pairs = [
        sure_pair(make_person(f"Ros Vanna {i}"), make_person(f"Ros Vana {i}")) for i in range(22)
    ]
    client.force_login(kh_officer)
    tokens = [f"{p.person_a_id}:{p.pk}" for p in pairs]
    assert (
        "22 groups merged" in client.post(ACCEPT, {"group": tokens}, follow=True).content.decode()
    )
    second = client.get(reverse("activities:duplicate_list") + "?merges=2")
    assert len(second.context["merges"]) == 2
    body = second.content.decode()
    for merge in second.context["merges"]:
        assert reverse("activities:merge_undo", args=[merge.pk]) in body
    assert "Later merges" in body
