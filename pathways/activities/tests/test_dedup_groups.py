from __future__ import annotations

import re

from django.urls import reverse

from pathways.activities.dedup.groups import group_pairs

from .dedup_helpers import attend, make_event, make_person
from .test_dedup_views import make_candidate


def test_three_records_of_one_person_make_one_group(client, kh_officer):
    first, second, third = (make_person(n) for n in ("Chan Sophea", "Chan Sophia", "Chan Sopheak"))
    attend(second, make_event(title="Synthetic workshop one"))
    attend(second, make_event(title="Synthetic workshop two"))
    attend(third, make_event(title="Synthetic workshop three"))
    make_candidate(first, second, score=0.7)
    make_candidate(second, third, score=0.9)
    make_candidate(make_person("Lim Dara"), make_person("Lim Darra"), score=0.6)
    client.force_login(kh_officer)
    response = client.get(reverse("activities:duplicate_list"))
    groups = list(response.context["page"].object_list)
    assert response.context["page"].paginator.count == 2
    assert [len(g.records) for g in groups] == [3, 2]
    assert groups[0].keep == second  # most events attended
    assert [r.attendances for r in groups[0].records] == [0, 2, 1]
    assert groups[1].keep.full_name == "Lim Dara"  # no attendances: the oldest record


def test_scores_and_reasons_only_behind_why(client, kh_officer):
    make_candidate(make_person("Sok Dara"), make_person("សុខ ដារ៉ា"), score=0.83)
    client.force_login(kh_officer)
    body = client.get(reverse("activities:duplicate_list")).content.decode()
    details = re.findall(r"<details>.*?</details>", body, flags=re.S)
    assert len(details) == 1 and "0.83" in details[0]
    assert "Same name in another script" in details[0]
    outside = re.sub(r"<details>.*?</details>", "", body, flags=re.S)
    assert "0.83" not in outside and "Same name in another script" not in outside
    assert "sokh dara" not in body  # romanised keys stay on the pair page


def test_keep_choice_is_a_radio_group_with_the_suggestion_checked(client, kh_officer):
    older, newer = make_person("Keo Nary"), make_person("Keo Neary")
    attend(newer, make_event())
    candidate = make_candidate(older, newer)
    client.force_login(kh_officer)
    body = client.get(reverse("activities:duplicate_list")).content.decode()
    assert "<legend>Keep this record</legend>" in body
    assert f'value="{newer.pk}" checked' in body
    assert f'value="{older.pk}">' in body
    assert reverse("activities:duplicate_merge", args=[candidate.pk]) in body


def test_groups_are_components_and_never_join_unrelated_pairs(db):
    a, b, c, d, e = (make_person(n) for n in ("A One", "A Two", "A Three", "B One", "B Two"))
    groups = group_pairs([make_candidate(a, b), make_candidate(d, e), make_candidate(b, c)])
    assert sorted(len(g.pairs) for g in groups) == [1, 2]


def test_two_records_at_the_same_event_are_pointed_out(client, kh_officer):
    one, other = make_person("Pich Sophal"), make_person("Pich Sophall")
    meeting = make_event(title="Synthetic referral meeting")
    attend(one, meeting)
    attend(other, meeting)
    attend(other, make_event(title="Synthetic other workshop"))
    make_candidate(one, other)
    client.force_login(kh_officer)
    response = client.get(reverse("activities:duplicate_list"))
    group = response.context["page"].object_list[0]
    assert group.same_events == [(one, other, "Synthetic referral meeting")]
    assert "both at Synthetic referral meeting" in response.content.decode()
    assert [r.attendances for r in group.records] == [1, 2]


def test_navigation_counts_waiting_groups_in_one_query(client, kh_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from pathways.activities.dedup.groups import count_groups

    assert count_groups([(1, 2), (2, 3), (4, 5), (3, 1)]) == 2
    a, b, c = make_person("Ros Vanna"), make_person("Ros Vana"), make_person("Ros Vannah")
    make_candidate(a, b)
    make_candidate(b, c)
    make_candidate(make_person("Ouk Sam"), make_person("Ouk Samm"))
    client.force_login(kh_officer)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("activities:event_list")).content.decode()
    pair_queries = [q for q in queries if "activities_duplicatecandidate" in q["sql"]]
    assert len(pair_queries) == 1
    assert re.search(
        r"Duplicates <span class=\"badge\">2<span class=\"visually-hidden\"> groups waiting", body
    )


def test_navigation_has_no_count_for_users_who_may_not_review(client, personas, db):
    make_candidate(make_person("Ros Vanna"), make_person("Ros Vana"))
    client.force_login(personas["donor"])
    body = client.get(reverse("activities:event_list")).content.decode()
    assert "groups waiting" not in body and "group waiting" not in body
