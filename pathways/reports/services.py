"""Writes of the reports layer that are not publications: the ACTIP obligations tracker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.access import get_country_for_user
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.programs.models import Country
from pathways.reports.access import require_obligation_edit
from pathways.reports.obligation_models import ConventionArticle, ObligationStatus
from pathways.reports.obligations import (
    linkable_achievements,
    linkable_events,
    linkable_releases,
)


class ObligationConflict(Exception):
    """Someone changed the status since it was loaded."""

    def __init__(self, *, current_version: int) -> None:
        super().__init__(
            _("Someone else changed this status while you were editing it. Reload to see it.")
        )
        self.current_version = current_version


@transaction.atomic
def obligation_set(
    *,
    actor: Any,
    country: Country,
    article: ConventionArticle,
    version: int,
    status: str,
    note: str = "",
    events: Iterable[Any] = (),
    achievements: Iterable[Any] = (),
    releases: Iterable[Any] = (),
    source: str = AuditEvent.Source.WEB,
) -> ObligationStatus:
    """Set a member state's status on one article with its evidence, loaded at `version` (0
    for one never set). Evidence must be the country's and visible to the actor; releases
    must be published. ObligationConflict when someone saved in between."""
    get_country_for_user(actor, country.code)
    require_obligation_edit(actor, country)
    record, _created = ObligationStatus.objects.get_or_create(country=country, article=article)
    record = ObligationStatus.objects.select_for_update().get(pk=record.pk)
    if record.version != version:
        raise ObligationConflict(current_version=record.version)
    chosen = _checked_evidence(actor, country, events, achievements, releases)
    before = snapshot(record)
    record.status = status
    record.note = note.strip()
    record.updated_by = actor
    record.updated_at = timezone.now()
    record.version += 1
    record.full_clean()
    record.save()
    for name, objects in chosen.items():
        getattr(record, name).set(objects)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE if before["version"] else AuditEvent.Action.CREATE,
        instance=record,
        changes=diff(before, snapshot(record)),
        source=source,
    )
    return record


def _checked_evidence(
    actor: Any,
    country: Country,
    events: Iterable[Any],
    achievements: Iterable[Any],
    releases: Iterable[Any],
) -> dict[str, list[Any]]:
    wanted = {
        "events": (list(events), linkable_events(actor, country)),
        "achievements": (list(achievements), linkable_achievements(actor, country)),
        "releases": (list(releases), linkable_releases(country)),
    }
    messages = {
        "events": _("Only events of this country that you can see may be linked."),
        "achievements": _("Only achievements of this country that you can see may be linked."),
        "releases": _("Only published statistics releases of this country may be linked."),
    }
    errors, chosen = {}, {}
    for name, (items, allowed) in wanted.items():
        ids = {getattr(i, "pk", i) for i in items}
        found = list(allowed.filter(pk__in=ids))
        if len(found) != len(ids):
            errors[name] = messages[name]
        chosen[name] = found
    if errors:
        raise ValidationError(errors)
    return chosen
