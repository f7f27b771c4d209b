"""Statistics releases, from draft to published (casework.md §8.2 rule 5).

* `release_draft`: a casework statistician of the country takes the ACTIP tables of a year
  through the statistics service (`disclosure.publish_tables`) and keeps what it returns —
  the published form, never an exact count.
* `release_recompute`: the statistician takes the counts again (a draft, a returned or a
  reviewed release; a reviewed one goes back to review).
* `release_review`: the country's data-protection focal point, never the drafter, approves a
  draft or returns it with a note.
* `release_publish`: the statistician publishes a reviewed release, after the release as a
  whole passes the disclosure audit (`disclosure.release_exposures`, where it exists).

A published release never changes: every service refuses it. Each write is one transaction
with the row locked, a stale `version` refused (`ReleaseChanged`), `full_clean` and an audit
entry naming the release and the fields written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.programs.models import Country
from pathways.stats import actip, disclosure
from pathways.stats.access import require_draft, require_release_action
from pathways.stats.models import StatRelease

# The first year a release may describe.
FIRST_YEAR = 2000
Status = StatRelease.Status
WEB = AuditEvent.Source.WEB


class ReleaseRefused(Exception):
    """The action is not possible on the release now; the message says why."""


class ReleaseChanged(ReleaseRefused):
    """Someone changed the release since it was loaded; nothing was written."""


def _medians(country: Country, year: int) -> list[dict[str, Any]]:
    """The year's medians as published: each only over at least 11 cases."""
    return [
        disclosure.publish_median(key, values).as_json()
        for key, _title, values in actip.actip_medians(country, year)
    ]


def snapshot(country: Country, year: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The year's tables and medians as they would be published."""
    tables = disclosure.publish_tables(actip.actip_tables(country, year))
    return [table.as_json() for table in tables], _medians(country, year)


def exposures(tables: Sequence[dict[str, Any]]) -> list[Any]:
    """What the disclosure audit finds recoverable in the release as a whole."""
    return disclosure.release_exposures([disclosure.PublishedTable.from_json(t) for t in tables])


def _check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": _("Choose a year from %(first)d to %(last)d.")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )


def _locked(release: StatRelease, version: int) -> StatRelease:
    locked = StatRelease.objects.select_for_update().get(pk=release.pk)
    if locked.is_published:
        raise ReleaseRefused(_("This release is published; a published release never changes."))
    if locked.version != version:
        raise ReleaseChanged(
            _("Someone changed this release since you opened it. Look at it again and retry.")
        )
    return locked


def _save(release: StatRelease, *, actor: Any, fields: list[str], source: str) -> StatRelease:
    release.version += 1
    release.full_clean()
    release.save(update_fields=[*fields, "version"])
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=release,
        fields=[*fields, "version"],
        source=source,
    )
    return release


def release_draft(*, actor: Any, country: Country, year: int, source: str = WEB) -> StatRelease:
    require_draft(actor, country)
    _check_year(year)
    with transaction.atomic():
        # One release at a time per country and year: lock the country's row while checking.
        Country.objects.select_for_update().get(pk=country.pk)
        open_release = StatRelease.objects.filter(country=country, year=year).exclude(
            status=Status.PUBLISHED
        )
        if open_release.exists():
            raise ReleaseRefused(
                _("A draft for %(country)s %(year)d exists already: recompute it instead.")
                % {"country": country.name, "year": year}
            )
        tables, medians = snapshot(country, year)
        release = StatRelease(
            kind=StatRelease.Kind.ACTIP,
            country=country,
            year=year,
            status=Status.DRAFT,
            tables=tables,
            medians=medians,
            computed_at=timezone.now(),
            created_by=actor,
        )
        release.full_clean()
        release.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=release,
            fields=["kind", "country", "year", "status", "tables", "medians", "computed_at"],
            source=source,
        )
    return release


def release_recompute(
    *, actor: Any, release: StatRelease, version: int, source: str = WEB
) -> StatRelease:
    require_release_action(actor, release, "recompute")
    with transaction.atomic():
        release = _locked(release, version)
        release.tables, release.medians = snapshot(release.country, release.year)
        release.computed_at = timezone.now()
        # New counts are new tables: they are reviewed again.
        release.status = Status.DRAFT
        release.reviewed_by, release.reviewed_at = None, None
        fields = ["tables", "medians", "computed_at", "status", "reviewed_by", "reviewed_at"]
        return _save(release, actor=actor, fields=fields, source=source)


def release_review(
    *,
    actor: Any,
    release: StatRelease,
    approve: bool,
    note: str,
    version: int,
    source: str = WEB,
) -> StatRelease:
    require_release_action(actor, release, "review")
    note = note.strip()
    with transaction.atomic():
        release = _locked(release, version)
        if release.status != Status.DRAFT:
            raise ReleaseRefused(
                _("Only a draft is reviewed; this release is %(status)s.")
                % {"status": release.get_status_display().lower()}
            )
        if not approve and not note:
            raise ValidationError(
                {"note": _("Say what the statistician should change before it is published.")}
            )
        release.status = Status.REVIEWED if approve else Status.RETURNED
        release.review_note = note
        release.reviewed_by, release.reviewed_at = actor, timezone.now()
        fields = ["status", "review_note", "reviewed_by", "reviewed_at"]
        return _save(release, actor=actor, fields=fields, source=source)


def release_publish(
    *, actor: Any, release: StatRelease, version: int, source: str = WEB
) -> StatRelease:
    require_release_action(actor, release, "publish")
    with transaction.atomic():
        release = _locked(release, version)
        if release.status != Status.REVIEWED:
            raise ReleaseRefused(
                _("Only a release the data-protection focal point approved is published.")
            )
        found = exposures(release.tables)
        if found:
            raise ReleaseRefused(
                _(
                    "Not published: the disclosure audit finds %(n)d cell(s) that could be "
                    "recovered from the release (%(first)s). Recompute the release."
                )
                % {"n": len(found), "first": found[0]}
            )
        release.status = Status.PUBLISHED
        release.published_by, release.published_at = actor, timezone.now()
        fields = ["status", "published_by", "published_at"]
        return _save(release, actor=actor, fields=fields, source=source)
