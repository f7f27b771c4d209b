"""A full search for duplicates across a country, as a job: queued from the review page
(or `find_duplicates --background --user`) by those who may merge there, run by the worker
as them, ending with the review queue's link and a report."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from pathways.accounts.models import Membership
from pathways.activities.models import DuplicateCandidate, PersonMerge
from pathways.audit.models import AuditEvent
from pathways.jobs.models import Job
from pathways.jobs.tests.workers import run_worker

from .dedup_helpers import country, make_person, organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    """A sure pair (merged by the search) and an uncertain one (queued) in Cambodia."""
    return {
        "latin": make_person("Sok Dara", phone="+85512345678", sex="man"),
        "khmer": make_person("សុខ ដារ៉ា", phone="012 345 678", sex="man"),
        "swap": make_person("Sokha Kim", birth_year=1980, organisation=organisation()),
        "kim": make_person("Kim Sokha", organisation=organisation()),
    }


def _search(client, code: str = "KH"):
    return client.post(reverse("activities:duplicate_find"), {"country": code})


def test_review_page_offers_the_search_of_the_officers_country(client, kh_officer):
    client.force_login(kh_officer)
    page = client.get(reverse("activities:duplicate_list")).content.decode()
    assert "Look for duplicates again across Cambodia" in page
    assert reverse("activities:duplicate_find") in page


def test_review_page_lets_the_admin_choose_the_country(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("activities:duplicate_list")).content.decode()
    assert '<select id="search-country" name="country">' in page
    assert '<option value="KH">Cambodia</option>' in page
    assert "Look for duplicates again across this country" in page


def test_officer_queues_a_search_the_worker_runs_as_them(client, kh_officer, people):
    client.force_login(kh_officer)
    response = _search(client)
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:job_detail", args=[job.pk])
    assert job.kind == Job.Kind.DUPLICATES and job.country == country("KH")
    assert job.title == "Search for duplicates across Cambodia"
    assert not PersonMerge.objects.exists()  # nothing before a worker runs it

    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.result_url == reverse("activities:duplicate_list")
    report = job.report
    assert (report["pairs_found"], report["merged"], report["queued"]) == (2, 1, 1)
    assert report["groups"] == 1 and report["seconds"] >= 0
    merge = PersonMerge.objects.get()
    assert merge.kept == people["latin"] and merge.merged_by == kh_officer  # their merge
    assert AuditEvent.objects.filter(action="merge", actor=kh_officer, source="web").exists()
    pending = DuplicateCandidate.objects.get()
    assert {pending.person_a, pending.person_b} == {people["swap"], people["kim"]}
    page = client.get(reverse("jobs:job_detail", args=[job.pk])).content.decode()
    assert "2 possible pairs found" in page and "1 group waits in the review queue" in page
    assert "Open the review queue" in page


def test_a_second_search_of_a_country_while_one_waits_is_the_same_job(client, kh_officer):
    client.force_login(kh_officer)
    first = _search(client)["Location"]
    second = _search(client)
    assert second["Location"] == first and Job.objects.count() == 1
    page = client.get(first).content.decode()
    assert "already waiting or running" in page


def test_review_page_offers_no_search_where_one_may_not_merge(client, la_manager):
    client.force_login(la_manager)
    page = client.get(reverse("activities:duplicate_list")).content.decode()
    assert "across Lao PDR" in page and "across Cambodia" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [("la_manager", 404), ("lscw_partner", 403), ("donor", 403)],
)
def test_those_who_may_not_merge_in_cambodia_cannot_search_it(client, personas, persona, status):
    client.force_login(personas[persona])
    assert _search(client).status_code == status
    assert not Job.objects.exists()


def test_an_unknown_country_is_not_found(client, admin_user):
    client.force_login(admin_user)
    assert _search(client, "ZZ").status_code == 404
    assert _search(client, "").status_code == 404


def test_a_search_by_a_user_who_lost_the_country_fails_in_words(client, kh_officer, people):
    client.force_login(kh_officer)
    job = Job.objects.get(pk=_search(client)["Location"].rstrip("/").rsplit("/", 1)[1])
    Membership.objects.filter(user=kh_officer).delete()
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "You no longer work in Cambodia; the search did not run."
    assert not PersonMerge.objects.exists() and not DuplicateCandidate.objects.exists()


def test_command_queues_the_search_in_the_background_as_the_user(kh_manager, people):
    out = io.StringIO()
    call_command("find_duplicates", "--background", "--user", "kh_manager", stdout=out)
    job = Job.objects.get()
    assert out.getvalue() == f"KH: job {job.pk} queued.\n"  # only the country they manage
    assert job.owner == kh_manager and job.params["source"] == "command"
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.report["merged"] == 1
    assert AuditEvent.objects.filter(action="merge", actor=kh_manager, source="command").exists()


def test_command_refuses_a_country_the_user_may_not_search(db):
    with pytest.raises(CommandError, match="may not search LA"):
        call_command("find_duplicates", "--background", "--user", "kh_officer", "--country", "LA")
    with pytest.raises(CommandError, match="needs --user"):
        call_command("find_duplicates", "--background")
    with pytest.raises(CommandError, match="No active user"):
        call_command("find_duplicates", "--background", "--user", "nobody")
    with pytest.raises(CommandError, match="may search no country"):
        call_command("find_duplicates", "--background", "--user", "donor")
    assert not Job.objects.exists()
