"""A data officer's decisions on a pair the finder queued: merge it, or keep it apart."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.activities.access import check_merge_access
from pathways.activities.dedup.merging import person_merge
from pathways.activities.models import DuplicateCandidate, Person, PersonMerge
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record


@transaction.atomic
def candidate_keep_apart(*, actor: Any, candidate: DuplicateCandidate) -> DuplicateCandidate:
    """A reviewer's decision that the pair are two persons: never proposed or merged again."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    check_merge_access(actor, candidate.person_a.country_id)
    before = candidate.status
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.full_clean()
    candidate.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.STATUS,
        instance=candidate,
        changes={"status": [before, candidate.status]},
    )
    return candidate


def candidate_merge(*, actor: Any, candidate: DuplicateCandidate, keep: Person) -> PersonMerge:
    """Merge the pair of a review candidate, keeping the person the reviewer chose."""
    pair = {candidate.person_a_id: candidate.person_a, candidate.person_b_id: candidate.person_b}
    if keep.pk not in pair:
        raise ValidationError(_("Choose one of the two persons of this pair to keep."))
    merged = pair[
        candidate.person_b_id if keep.pk == candidate.person_a_id else candidate.person_a_id
    ]
    return person_merge(actor=actor, kept=keep, merged=merged)
