from __future__ import annotations

import pytest
from django.urls import reverse

from pathways.activities.dedup.merging import person_merge
from pathways.activities.models import DuplicateCandidate, Person, PersonMerge

from .dedup_helpers import attend, make_event, make_person


def make_candidate(a: Person, b: Person, score: float = 0.8) -> DuplicateCandidate:
    low, high = sorted([a, b], key=lambda p: p.pk)
    return DuplicateCandidate.objects.create(
        person_a=low, person_b=high, score=score, reasons=["other_script", "same_organisation"]
    )


@pytest.fixture
def candidate(db):
    latin = make_person("Sok Dara", birth_year=1985)
    khmer = make_person("សុខ ដារ៉ា", phone="+85512345678")
    attend(khmer, make_event(title="Synthetic workshop on referral"))
    return make_candidate(latin, khmer)


def test_officer_sees_the_queue_and_the_pair_with_evidence(client, kh_officer, candidate):
    client.force_login(kh_officer)
    listing = client.get(reverse("activities:duplicate_list"))
    assert listing.status_code == 200
    assert "សុខ ដារ៉ា" in listing.content.decode()
    page = client.get(reverse("activities:duplicate_detail", args=[candidate.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    for text in (
        "Sok Dara",
        "សុខ ដារ៉ា",
        "sokh dara",
        "1985",
        "+85512345678",
        "Synthetic workshop on referral",
        "Same name in another script",
        "0.80",
    ):
        assert text in body  # fmt: skip


def test_queue_paginates(client, kh_officer):
    for i in range(30):
        make_candidate(make_person(f"Person {i} A"), make_person(f"Person {i} B"))
    client.force_login(kh_officer)
    first = client.get(reverse("activities:duplicate_list"))
    assert len(first.context["page"].object_list) == 25
    second = client.get(reverse("activities:duplicate_list") + "?page=2")
    assert len(second.context["page"].object_list) == 5


def test_other_country_manager_does_not_see_the_pair(client, la_manager, candidate):
    client.force_login(la_manager)
    assert client.get(reverse("activities:duplicate_list")).context["page"].paginator.count == 0
    assert (
        client.get(reverse("activities:duplicate_detail", args=[candidate.pk])).status_code == 404
    )
    response = client.post(reverse("activities:duplicate_merge", args=[candidate.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("username", ["donor", "lscw_partner"])
def test_users_without_a_data_role_get_403(client, personas, username, candidate):
    client.force_login(personas[username])
    assert client.get(reverse("activities:duplicate_list")).status_code == 403
    merge_url = reverse("activities:duplicate_merge", args=[candidate.pk])
    assert client.post(merge_url, {"keep": candidate.person_a_id}).status_code == 403
    assert Person.objects.filter(pk=candidate.person_b_id).exists()


def test_anonymous_user_is_sent_to_login(client, candidate):
    response = client.get(reverse("activities:duplicate_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_merge_keeps_the_chosen_record(client, kh_officer, candidate):
    client.force_login(kh_officer)
    url = reverse("activities:duplicate_merge", args=[candidate.pk])
    response = client.post(url, {"keep": candidate.person_b_id})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=candidate.person_a_id).exists()
    kept = Person.objects.get(pk=candidate.person_b_id)
    assert kept.birth_year == 1985
    assert PersonMerge.objects.get().merged_by == kh_officer


def test_merge_without_a_choice_shows_the_error(client, kh_officer, candidate):
    client.force_login(kh_officer)
    response = client.post(reverse("activities:duplicate_merge", args=[candidate.pk]), {})
    assert response.status_code == 400
    assert "Choose which record to keep." in response.content.decode()
    assert Person.objects.filter(pk__in=[candidate.person_a_id, candidate.person_b_id]).count() == 2


def test_keep_apart_takes_the_pair_off_the_queue(client, kh_officer, candidate):
    client.force_login(kh_officer)
    client.post(reverse("activities:duplicate_keep_apart", args=[candidate.pk]))
    candidate.refresh_from_db()
    assert candidate.status == DuplicateCandidate.Status.DISTINCT
    assert candidate.decided_by == kh_officer
    assert client.get(reverse("activities:duplicate_list")).context["page"].paginator.count == 0


def test_undo_from_the_recent_merges_list(client, kh_officer, candidate):
    merge = person_merge(actor=kh_officer, kept=candidate.person_a, merged=candidate.person_b)
    client.force_login(kh_officer)
    listing = client.get(reverse("activities:duplicate_list"))
    assert merge in listing.context["merges"]
    response = client.post(reverse("activities:merge_undo", args=[merge.pk]), follow=True)
    assert response.status_code == 200
    assert Person.objects.filter(pk=candidate.person_b_id).exists()
    assert client.get(reverse("activities:duplicate_list")).context["merges"].paginator.count == 0


def test_undo_by_other_country_is_404_and_by_donor_403(client, personas, candidate):
    merge = person_merge(actor=None, kept=candidate.person_a, merged=candidate.person_b)
    url = reverse("activities:merge_undo", args=[merge.pk])
    client.force_login(personas["la_manager"])
    assert client.post(url).status_code == 404
    client.force_login(personas["donor"])
    assert client.post(url).status_code == 403
    assert not Person.objects.filter(pk=candidate.person_b_id).exists()
