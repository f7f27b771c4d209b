"""A data officer's decisions on whole groups of the review queue.

`group_merge` merges the records of one group into the record kept, in one transaction: one
PersonMerge per record merged (each audited, each undone on its own from "Recent merges"),
and the records the reviewer left out kept apart from the kept one (audited). It refuses,
changing nothing, when a record is outside the reviewer's scope or when the group is no
longer what the page showed (a pair decided, merged or added since).

`sure_groups_merge` does that for several sure groups (`groups.is_sure_group`), each into the
record the page suggested, each group on its own: a group refused leaves the others merged.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.activities.access import candidates_for_user, check_merge_access
from pathways.activities.dedup.groups import Group, fill_records, group_ids, is_sure_group
from pathways.activities.dedup.merging import person_merge
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.dedup.review import candidate_keep_apart
from pathways.activities.dedup.scoring import score_pair
from pathways.activities.models import DuplicateCandidate, Person, PersonMerge
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.programs.models import Country


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "This group has changed since the page was shown (a pair was merged, kept apart "
            "or added): nothing was merged. Look at the group again."
        ),
        code="stale",
    )


def _outside() -> ValidationError:
    return ValidationError(
        _("Some records of this group are outside your scope: nothing was merged."),
        code="outside_scope",
    )


@dataclass
class GroupMerged:
    kept: Person
    merges: list[PersonMerge]
    kept_apart: list[Person] = field(default_factory=list)


def _locked_group(actor: Any, pair_ids: Collection[int]) -> list[DuplicateCandidate]:
    """The group's pairs, locked, exactly as the page showed them, or a refusal."""
    pair_ids = set(pair_ids)
    countries = set(
        DuplicateCandidate.objects.filter(pk__in=pair_ids).values_list(
            "person_a__country_id", flat=True
        )
    )
    if not pair_ids or len(countries) > 1:
        raise _stale()
    # Imports and merges in the country wait for each other (as `person_merge` does).
    Country.objects.select_for_update(no_key=True).filter(pk__in=countries).first()
    pairs = list(
        DuplicateCandidate.objects.select_for_update()
        .filter(pk__in=pair_ids)
        .select_related("person_a", "person_b")
        .order_by("pk")
    )
    if len(pairs) != len(pair_ids) or any(p.status != p.Status.PENDING for p in pairs):
        raise _stale()
    try:
        in_scope = candidates_for_user(actor)
        for country_id in countries:
            check_merge_access(actor, country_id)
    except (PermissionDenied, Http404) as refused:
        raise _outside() from refused
    if in_scope.filter(pk__in=pair_ids).count() != len(pair_ids):
        raise _outside()
    persons = {pk for p in pairs for pk in (p.person_a_id, p.person_b_id)}
    touching = in_scope.filter(Q(person_a__in=persons) | Q(person_b__in=persons))
    rows = [(p.pk, p.person_a_id, p.person_b_id, p.score) for p in pairs]
    if set(touching.values_list("pk", flat=True)) != pair_ids or len(group_ids(rows)) != 1:
        raise _stale()
    return pairs


def _keep_apart(actor: Any, kept: Person, other: Person, source: str) -> None:
    """Record that `other` is not `kept`: their pair kept apart, created if the finder never
    paired them directly (it will not propose them again)."""
    low, high = sorted([kept.pk, other.pk])
    pair = DuplicateCandidate.objects.filter(person_a_id=low, person_b_id=high).first()
    if pair is not None:
        if pair.status != DuplicateCandidate.Status.DISTINCT:
            candidate_keep_apart(actor=actor, candidate=pair)
        return
    kept = Person.objects.get(pk=kept.pk)  # as the merges left it
    scored = score_pair(PersonRecord.of_person(kept), PersonRecord.of_person(other))
    pair = DuplicateCandidate(
        person_a_id=low,
        person_b_id=high,
        score=scored.score,
        reasons=list(scored.reasons),
        status=DuplicateCandidate.Status.DISTINCT,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    pair.full_clean()
    pair.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=pair,
        changes={"status": [None, pair.status]},
        source=source,
    )


@transaction.atomic
def group_merge(
    *,
    actor: Any,
    pair_ids: Collection[int],
    keep: int,
    include: Collection[int] | None = None,
    sure_only: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> GroupMerged:
    """Merge the group made of `pair_ids` into the person `keep`: every record in `include`
    (None: all of them), the others kept apart from `keep`. With `sure_only`, a group that
    is not sure (`is_sure_group`) is refused."""
    pairs = _locked_group(actor, pair_ids)
    people = {p.pk: p for pair in pairs for p in (pair.person_a, pair.person_b)}
    if keep not in people:
        raise ValidationError(_("Choose one of the group's records to keep."), code="keep")
    included = set(people) if include is None else {*include, keep}
    if not included <= set(people):
        raise ValidationError(_("Only records of this group can be merged."), code="include")
    if len(included) < 2:
        raise ValidationError(
            _("Include at least one record besides the one to keep."), code="include"
        )
    if sure_only:
        group = Group(pairs=pairs)
        fill_records(actor, [group])
        if not is_sure_group(group):
            raise ValidationError(
                _("This group is not a sure match any more: look at it and merge it on its own."),
                code="not_sure",
            )
    kept = people[keep]
    merges = [
        person_merge(actor=actor, kept=kept, merged=people[pk], source=source)
        for pk in sorted(included - {keep})
    ]
    apart = [people[pk] for pk in sorted(set(people) - included)]
    for other in apart:
        _keep_apart(actor, kept, other, source)
    kept.refresh_from_db()
    return GroupMerged(kept=kept, merges=merges, kept_apart=apart)


@dataclass
class SureGroupsMerged:
    merged: list[GroupMerged] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def sure_groups_merge(
    *,
    actor: Any,
    groups: Sequence[tuple[int, Collection[int]]],
    source: str = AuditEvent.Source.WEB,
) -> SureGroupsMerged:
    """Merge each (record to keep, pair ids) group that is still sure, each in its own
    transaction; the refusals, one message each, say which group and why."""
    result = SureGroupsMerged()
    for keep, pair_ids in groups:
        try:
            merged = group_merge(
                actor=actor, pair_ids=pair_ids, keep=keep, sure_only=True, source=source
            )
        except ValidationError as error:
            result.refused.append(_refusal(actor, keep, error))
        else:
            result.merged.append(merged)
    return result


def _refusal(actor: Any, keep: int, error: ValidationError) -> str:
    person = Person.objects.visible_to(actor).filter(pk=keep).first()
    reason = " ".join(error.messages)
    if person is None:
        return reason
    return _("%(person)s: %(reason)s") % {"person": person, "reason": reason}
