"""The release pages: who reads and writes what (404 out of scope, 403 without the role),
the tables as shown with their rule, the workspace, the review and the internal counts."""

from __future__ import annotations

import io

import pytest
from django.test import Client as Browser
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from pathways.casework.tests.conftest import signed_in
from pathways.stats.models import StatRelease
from pathways.stats.presentation import RULE
from pathways.stats.services import release_draft
from pathways.stats.tests.release_helpers import published_release

pytestmark = pytest.mark.django_db
Status = StatRelease.Status


def browser(user) -> Browser:
    return signed_in(Browser(), user)


def test_every_signed_in_user_reads_a_published_release_with_its_rule(world, kh_manager, donor):
    release = published_release(world)
    casework_users = (world.worker, world.la_statistician)
    programme = []
    for user in (kh_manager, donor):
        client = Browser()
        client.force_login(user)
        programme.append(client)
    for client in [*programme, *(browser(user) for user in casework_users)]:
        listed = client.get(reverse("stats:release_list"))
        assert listed.status_code == 200
        assert reverse("stats:release_detail", args=[release.pk]) in listed.content.decode()
        page = client.get(reverse("stats:release_detail", args=[release.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Victims identified, by sex" in html and escape(str(RULE)) in html
        assert 'data-kind="hidden">x<' in html and 'data-kind="suppressed">&lt;11<' in html
        assert 'scope="col"' in html and 'scope="row"' in html and "<caption>" in html
    assert Browser().get(reverse("stats:release_list")).status_code == 302


def test_a_draft_is_seen_only_by_the_countrys_statistician_and_focal_point(world, kh_manager):
    draft = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    url = reverse("stats:release_detail", args=[draft.pk])
    assert browser(world.statistician).get(url).status_code == 200
    assert browser(world.dpo).get(url).status_code == 200
    for user in (world.worker, world.coordinator, world.la_statistician):
        assert browser(user).get(url).status_code == 404
    programme = Browser()
    programme.force_login(kh_manager)
    assert programme.get(url).status_code == 404
    listed = programme.get(reverse("stats:release_list")).content.decode()
    assert url not in listed
    # A draft has no PDF or XLSX, even for its statistician.
    own = browser(world.statistician)
    assert own.get(reverse("stats:release_pdf", args=[draft.pk])).status_code == 404
    assert own.get(reverse("stats:release_xlsx", args=[draft.pk])).status_code == 404


def test_the_list_filters_by_country_and_year(world, kh_manager):
    release = published_release(world)
    client = Browser()
    client.force_login(kh_manager)
    url = reverse("stats:release_detail", args=[release.pk])
    found = client.get(reverse("stats:release_list"), {"country": "KH", "year": world.year})
    assert url in found.content.decode()
    other_year = client.get(reverse("stats:release_list"), {"year": world.year - 1})
    assert url not in other_year.content.decode()
    assert "No published release matches." in other_year.content.decode()


def test_the_statistician_drafts_from_the_workspace_and_publishes_after_review(world):
    statistician, dpo = browser(world.statistician), browser(world.dpo)
    page = statistician.get(reverse("stats:workspace"))
    assert page.status_code == 200 and "New draft" in page.content.decode()
    made = statistician.post(
        reverse("stats:release_new"), {"country": world.kh.pk, "year": world.year}
    )
    release = StatRelease.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/releases/{release.pk}/")
    waiting = dpo.get(reverse("stats:workspace")).content.decode()
    assert reverse("stats:release_review", args=[release.pk]) in waiting
    assert statistician.get(reverse("stats:release_review", args=[release.pk])).status_code == 403
    refused = dpo.post(
        reverse("stats:release_review", args=[release.pk]),
        {"version": 0, "decision": "return", "note": ""},
    )
    assert refused.status_code == 400 and "aria-describedby" in refused.content.decode()
    assert StatRelease.objects.get().status == Status.DRAFT
    approved = dpo.post(
        reverse("stats:release_review", args=[release.pk]), {"version": 0, "decision": "approve"}
    )
    assert approved.status_code == 302
    publish = reverse("stats:release_publish", args=[release.pk])
    assert dpo.post(publish, {"version": 1}).status_code == 403
    stale = statistician.post(publish, {"version": 0})
    assert stale.status_code == 409 and StatRelease.objects.get().status == Status.REVIEWED
    assert statistician.post(publish, {"version": 1}).status_code == 302
    assert StatRelease.objects.get().status == Status.PUBLISHED
    # Published: no action offered, and none taken.
    after = statistician.get(reverse("stats:release_detail", args=[release.pk])).content.decode()
    assert "Count again" not in after and "Publish (" not in after
    recompute = reverse("stats:release_recompute", args=[release.pk])
    assert statistician.post(recompute, {"version": 2}).status_code == 409
    assert StatRelease.objects.get().version == 2


def test_the_workspace_is_404_without_a_casework_role_and_403_for_another(world, kh_manager):
    programme = Browser()
    programme.force_login(kh_manager)
    for name in ("stats:workspace", "stats:internal_counts"):
        assert programme.get(reverse(name)).status_code == 404
        assert browser(world.worker).get(reverse(name)).status_code == 403
    assert browser(world.worker).post(reverse("stats:release_new"), {}).status_code == 403
    assert browser(world.dpo).get(reverse("stats:internal_counts")).status_code == 403
    draft = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    recompute = reverse("stats:release_recompute", args=[draft.pk])
    assert browser(world.dpo).post(recompute, {"version": 0}).status_code == 403
    assert browser(world.la_statistician).post(recompute, {"version": 0}).status_code == 404
    assert StatRelease.objects.get().version == 0


def test_bad_draft_input_is_said_and_changes_nothing(world):
    page = browser(world.statistician).post(
        reverse("stats:release_new"), {"country": world.kh.pk, "year": world.year + 1}
    )
    assert page.status_code == 400
    assert "A release describes a year that has begun" in page.content.decode()
    foreign = browser(world.statistician).post(
        reverse("stats:release_new"), {"country": world.la.pk, "year": world.year}
    )
    assert foreign.status_code == 400
    assert not StatRelease.objects.exists()


def test_internal_counts_are_exact_and_marked_and_their_download_is_the_published_form(world):
    client = browser(world.statistician)
    page = client.get(reverse("stats:internal_counts"), {"country": "KH", "year": world.year})
    html = page.content.decode()
    assert page.status_code == 200 and "Internal — not for publication." in html
    assert ">13<" in html and ">3<" in html and ">16<" in html
    assert (
        browser(world.la_statistician)
        .get(reverse("stats:internal_counts"), {"country": "KH", "year": world.year})
        .status_code
        == 404
    )
    download = client.get(
        reverse("stats:internal_counts_xlsx"), {"country": "KH", "year": world.year}
    )
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    values = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    # The women's row as a release would publish it: hidden beside the 3 men.
    assert ["Female", "x", "<11", "x"] in values
    assert not any(v in (13, "13", 3, "3", 16, "16") for row in values for v in row)


def test_the_list_is_paged(world, kh_manager):
    from pathways.stats.tests.release_helpers import written_release
    from pathways.stats.views import PAGE_SIZE

    for year in range(2000, 2000 + PAGE_SIZE + 1):
        written_release(world.kh, status=Status.PUBLISHED, year=year, created_by=world.statistician)
    client = Browser()
    client.force_login(kh_manager)
    first = client.get(reverse("stats:release_list")).content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(reverse("stats:release_list"), {"page": 2}).content.decode()
    assert "Page 2 of 2" in second and second.count("/statistics/releases/") == 1
