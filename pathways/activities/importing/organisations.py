"""Naming an organisation a sheet wrote, and recognising it in the imports before.

An import keeps an organisation it did not recognise as the attendance's
`organisation_text`, and saves the new person without an organisation (the split by
organisation shows them as "Organisation not matched"). When a data officer then says what
the text means (an alias) or adds it as a new organisation, the attendances of the country
already saved with a text that now means that organisation, under the key the importer
matches by (`organisation_key`, `organisation_lookup`), are recognised as it: their text is
cleared, as an import recognising it would have left it, and their persons who have no
organisation are given it. All in the transaction that names the organisation, audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F

from pathways.activities.dedup.blocks import refresh_person_blocks
from pathways.activities.importing.writing import id_ranges
from pathways.activities.models import Attendance, Person
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.programs.models import Country, Organisation, OrganisationAlias
from pathways.programs.organisations import (
    organisation_alias_create,
    organisation_create_from_text,
    organisation_key,
    organisation_lookup,
)

_CHUNK = 500


@dataclass(frozen=True)
class Recognised:
    """What naming an organisation changed in the records already saved."""

    attendances: int = 0  # attendances whose text now means the organisation
    counted: int = 0  # of them, those now counted under it (their person's organisation)
    persons: int = 0  # persons without an organisation given it


@transaction.atomic
def organisation_alias_add(
    *, actor: Any, country: Country, organisation: Organisation, text: str, source: str
) -> tuple[OrganisationAlias | None, Recognised]:
    """`organisation_alias_create`, and the earlier attendances of the country recognised."""
    alias = organisation_alias_create(
        actor=actor, country=country, organisation=organisation, text=text, source=source
    )
    return alias, recognise_earlier_attendances(
        actor=actor, country=country, organisation=organisation, source=source
    )


@transaction.atomic
def organisation_add(
    *, actor: Any, country: Country, text: str, type: str, source: str
) -> tuple[Organisation, Recognised]:
    """`organisation_create_from_text`, and the earlier attendances of the country
    recognised."""
    organisation = organisation_create_from_text(
        actor=actor, country=country, text=text, type=type, source=source
    )
    return organisation, recognise_earlier_attendances(
        actor=actor, country=country, organisation=organisation, source=source
    )


def recognise_earlier_attendances(
    *, actor: Any, country: Country, organisation: Organisation, source: str
) -> Recognised:
    """Recognise as `organisation` the country's attendances whose organisation as written
    now means it; give their persons who have none the organisation. One audit event, on the
    organisation, names every record changed (by id) and the texts, nothing personal."""
    with transaction.atomic():
        # Imports of the country wait, and so does another officer naming a text.
        Country.objects.select_for_update(no_key=True).get(pk=country.pk)
        unmatched = Attendance.objects.filter(event__country=country).exclude(organisation_text="")
        texts = _texts_meaning(unmatched, country, organisation)
        if not texts:
            return Recognised()
        linked = unmatched.filter(organisation_text__in=texts)
        attendance_ids = list(linked.order_by("pk").values_list("pk", flat=True))
        persons = Person.objects.filter(
            organisation__isnull=True, pk__in=linked.values("person_id")
        )
        person_ids = list(persons.order_by("pk").values_list("pk", flat=True))
        _give_organisation(person_ids, organisation)
        counted = linked.filter(person__organisation=organisation).count()
        linked.update(organisation_text="")
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=organisation,
            changes={
                "recognised_texts": sorted(texts),
                "recognised_attendance_ids": id_ranges(attendance_ids),
                "persons_given_organisation": id_ranges(person_ids),
            },
            source=source,
        )
    return Recognised(attendances=len(attendance_ids), counted=counted, persons=len(person_ids))


def _texts_meaning(unmatched: Any, country: Country, organisation: Organisation) -> list[str]:
    """The distinct texts as written that the importer would now match to `organisation`."""
    lookup = organisation_lookup(country.pk)
    written = unmatched.order_by().values_list("organisation_text", flat=True).distinct()
    return [t for t in written if lookup.get(organisation_key(t)) == organisation.pk]


def _give_organisation(person_ids: list[int], organisation: Organisation) -> None:
    """Each person's version moves on, as with any edit: a person's form loaded before does
    not save over the organisation unseen (and, as after any edit, the import that created
    the person can no longer be undone)."""
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start : start + _CHUNK]
        Person.objects.filter(pk__in=chunk).update(
            organisation=organisation, version=F("version") + 1
        )
        # The organisation is part of the blocks the duplicate finder compares by.
        refresh_person_blocks(Person.objects.filter(pk__in=chunk))
