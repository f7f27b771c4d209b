"""Cambodia's published ACTIP release in the demo, made through the release services as the
people would: the casework statistician drafts it, the data-protection focal point approves
it, the statistician publishes it. It describes the year most of the demo's formal
identifications fall in (read from the records, whatever else the load added before it), so
it runs last in the casework demo."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

from pathways.audit.models import AuditEvent
from pathways.casework.models import IdentificationDecision
from pathways.programs.models import Country
from pathways.stats.models import StatRelease
from pathways.stats.services import (
    ReleaseRefused,
    release_draft,
    release_publish,
    release_recompute,
    release_review,
)

SOURCE = AuditEvent.Source.COMMAND
Decision = IdentificationDecision


def identification_year(country: Country) -> int | None:
    """The year holding the most formal identifications of victims in the country (the
    latest of equals); None when there is none."""
    years = (
        Decision.objects.filter(
            country=country,
            level__in=[Decision.Level.FORMAL, Decision.Level.JUDICIAL],
            status=Decision.Status.ACTUAL,
        )
        .annotate(year=ExtractYear("decided_at"))
        .values("year")
        .annotate(decisions=Count("id"))
        .order_by("-decisions", "-year")
    )
    first = years.first()
    return first["year"] if first else None


def load_statistics_release(
    country: Country, users: dict[str, Any]
) -> tuple[StatRelease | None, str]:
    """(the published release, "") — or (None, why not): no formal identification yet, or the
    disclosure audit refused to publish."""
    year = identification_year(country)
    if year is None:
        return None, "no formal identification to count"
    releases = StatRelease.objects.filter(country=country, year=year)
    published = releases.filter(status=StatRelease.Status.PUBLISHED).first()
    if published is not None:
        return published, ""
    statistician, focal_point = users["kh_statistician"], users["kh_dpo"]
    unfinished = releases.first()
    try:
        if unfinished is None:
            release = release_draft(actor=statistician, country=country, year=year, source=SOURCE)
        else:
            release = release_recompute(
                actor=statistician, release=unfinished, version=unfinished.version, source=SOURCE
            )
        release = release_review(
            actor=focal_point,
            release=release,
            approve=True,
            note="",
            version=release.version,
            source=SOURCE,
        )
        release = release_publish(
            actor=statistician, release=release, version=release.version, source=SOURCE
        )
    except ReleaseRefused as refusal:
        return None, str(refusal)
    return release, ""
