"""Casework's counting rules, one function each (docs/counting-rules.md, "Casework")."""

from __future__ import annotations

from dataclasses import dataclass

from pathways.casework.models import IdentificationDecision
from pathways.programs.models import Country


@dataclass(frozen=True)
class IdentifiedPerson:
    client_id: int
    sex: str


def victims_identified(country: Country, year: int) -> list[IdentifiedPerson]:
    """Each person formally identified in the year, once."""
    decisions = IdentificationDecision.objects.filter(
        country=country,
        level__in=[IdentificationDecision.Level.FORMAL, IdentificationDecision.Level.JUDICIAL],
        status=IdentificationDecision.Status.ACTUAL,
        decided_at__year=year,
    ).select_related("client")
    people = {d.client_id: IdentifiedPerson(d.client_id, d.client.sex) for d in decisions}
    return list(people.values())
