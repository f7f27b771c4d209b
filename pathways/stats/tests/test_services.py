"""The release services: draft, review, publish; who may; what a release keeps; a published
release never changes."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pathways.audit.models import AuditEvent
from pathways.stats import disclosure
from pathways.stats.models import StatRelease
from pathways.stats.services import (
    ReleaseChanged,
    ReleaseRefused,
    release_draft,
    release_publish,
    release_recompute,
    release_review,
)
from pathways.stats.tests.release_helpers import MEN, WOMEN, published_release

pytestmark = pytest.mark.django_db
Status = StatRelease.Status


def cells(release: StatRelease) -> dict[tuple[tuple[str, ...], str], list]:
    table = next(t for t in release.tables if t["key"] == "identified.sex")
    return {(tuple(row), column): value for row, column, value in table["cells"]}


def test_a_draft_keeps_the_published_form_only_never_an_exact_count(world):
    release = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    assert release.status == Status.DRAFT and release.created_by == world.statistician
    shown = cells(release)
    # 13 women beside 3 men: "10–14" women would bound the men with the total, so the
    # women's count is hidden (x, no upper bound) and the men's suppressed.
    assert shown[(("female",), "formal")] == ["hidden", 11, None]
    assert shown[(("male",), "formal")] == ["suppressed", 0, 10]
    assert shown[(("total",), "total")] == ["hidden", 11, None]
    stored = json.dumps(StatRelease.objects.values("tables", "medians").get(pk=release.pk))
    # The exact counts (13, 3, 16) appear nowhere in what the release keeps.
    for exact in (WOMEN, MEN, WOMEN + MEN):
        assert f" {exact}]" not in stored and f"[{exact}," not in stored
    entry = AuditEvent.objects.filter(object_id=str(release.pk)).latest("pk")
    assert entry.actor == world.statistician


def test_only_the_countrys_statistician_drafts(world):
    for user in (world.dpo, world.coordinator, world.la_statistician, world.worker):
        with pytest.raises(PermissionDenied):
            release_draft(actor=user, country=world.kh, year=world.year)
    assert not StatRelease.objects.exists()


def test_a_year_not_begun_is_refused_and_nothing_is_written(world):
    with pytest.raises(ValidationError) as refused:
        release_draft(actor=world.statistician, country=world.kh, year=world.year + 1)
    assert "year" in refused.value.message_dict
    assert not StatRelease.objects.exists()


def test_a_second_draft_of_the_same_year_is_refused(world):
    release_draft(actor=world.statistician, country=world.kh, year=world.year)
    with pytest.raises(ReleaseRefused, match="recompute it"):
        release_draft(actor=world.statistician2, country=world.kh, year=world.year)
    assert StatRelease.objects.count() == 1


def test_the_drafter_cannot_review_their_own_release(world):
    release = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    with pytest.raises(PermissionDenied):
        release_review(actor=world.statistician, release=release, approve=True, note="", version=0)
    # A focal point who drafted it (holding both roles) may not review it either.
    from pathways.casework.models import CaseworkRole, StaffMembership

    agency = StaffMembership.objects.get(user=world.dpo).agency
    StaffMembership.objects.create(user=world.dpo, agency=agency, role=CaseworkRole.STATISTICIAN)
    from pathways.casework.access import forget_casework_scope

    forget_casework_scope(world.dpo)
    own = release_draft(actor=world.dpo, country=world.kh, year=world.year - 1)
    with pytest.raises(PermissionDenied, match="other than its drafter"):
        release_review(actor=world.dpo, release=own, approve=True, note="", version=0)
    assert StatRelease.objects.get(pk=own.pk).status == Status.DRAFT


def test_review_then_publish(world):
    release = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    with pytest.raises(ReleaseRefused, match="approved"):
        release_publish(actor=world.statistician, release=release, version=release.version)
    with pytest.raises(ValidationError) as no_note:
        release_review(actor=world.dpo, release=release, approve=False, note=" ", version=0)
    assert "note" in no_note.value.message_dict
    returned = release_review(
        actor=world.dpo, release=release, approve=False, note="Check the men's row", version=0
    )
    assert returned.status == Status.RETURNED and returned.review_note == "Check the men's row"
    again = release_recompute(actor=world.statistician, release=returned, version=1)
    assert again.status == Status.DRAFT and again.reviewed_by is None
    reviewed = release_review(actor=world.dpo, release=again, approve=True, note="", version=2)
    with pytest.raises(PermissionDenied):
        release_publish(actor=world.dpo, release=reviewed, version=3)
    published = release_publish(actor=world.statistician2, release=reviewed, version=3)
    assert published.status == Status.PUBLISHED and published.published_at
    assert published.published_by == world.statistician2 and published.reviewed_by == world.dpo


def test_a_stale_version_is_refused_and_changes_nothing(world):
    release = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    release_recompute(actor=world.statistician, release=release, version=0)
    with pytest.raises(ReleaseChanged):
        release_review(actor=world.dpo, release=release, approve=True, note="", version=0)
    assert StatRelease.objects.get(pk=release.pk).status == Status.DRAFT


def test_a_published_release_never_changes(world):
    release = published_release(world)
    before = StatRelease.objects.filter(pk=release.pk).values().get()
    audits = AuditEvent.objects.count()
    attempts = [
        lambda: release_recompute(actor=world.statistician, release=release, version=3),
        lambda: release_review(
            actor=world.dpo, release=release, approve=False, note="x", version=3
        ),
        lambda: release_publish(actor=world.statistician, release=release, version=3),
    ]
    for attempt in attempts:
        with pytest.raises(ReleaseRefused, match="never changes"):
            attempt()
    assert StatRelease.objects.filter(pk=release.pk).values().get() == before
    assert AuditEvent.objects.count() == audits


def test_publishing_refuses_a_release_the_disclosure_audit_finds_exposed(world, monkeypatch):
    release = release_draft(actor=world.statistician, country=world.kh, year=world.year)
    release = release_review(actor=world.dpo, release=release, approve=True, note="", version=0)
    monkeypatch.setattr(
        disclosure,
        "release_exposures",
        lambda tables: ["identified.sex male/formal"],
        raising=False,
    )
    with pytest.raises(ReleaseRefused, match="disclosure audit"):
        release_publish(actor=world.statistician, release=release, version=release.version)
    assert StatRelease.objects.get(pk=release.pk).status == Status.REVIEWED
