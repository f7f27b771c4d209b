"""Turning API payloads into the arguments of the activities services.

References arrive as codes (country, pathway, outcome areas), ids (organisations, province)
or names (topics); an unknown one is a validation error naming the field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from ninja.errors import ValidationError

from pathways.activities.services import ConflictError, topics_from_names
from pathways.programs.models import Country, Organisation, OutcomeArea, Pathway, Province


def invalid_body(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["body", "payload", field], "msg": message}])


def _one(model: type[Model], field: str, value: Any, **lookup: Any) -> Model | None:
    if value is None:
        return None
    found = model.objects.filter(**lookup).first()
    if found is None:
        raise invalid_body(field, f"no {model._meta.verbose_name} matches {value!r}")
    return found


def _many(model: type[Model], field: str, key: str, values: list[Any]) -> list[Model]:
    found = {getattr(obj, key): obj for obj in model.objects.filter(**{f"{key}__in": values})}
    missing = [v for v in values if v not in found]
    if missing:
        raise invalid_body(field, f"no {model._meta.verbose_name} matches {missing!r}")
    return [found[v] for v in values]


_SCALARS = ("title", "event_type", "start_date", "end_date", "modality", "description")


def event_values(data: dict[str, Any]) -> dict[str, Any]:
    """The service's `values` from the fields present in `data`."""
    values = {name: data[name] for name in _SCALARS if name in data}
    refs = {
        "country": lambda v: _one(Country, "country", v, code__iexact=v),
        "province": lambda v: _one(Province, "province", v, pk=v),
        "pathway": lambda v: _one(Pathway, "pathway", v, code=v),
        "lead_organisation": lambda v: _one(Organisation, "lead_organisation", v, pk=v),
    }
    for name, resolve in refs.items():
        if name in data:
            values[name] = resolve(data[name])
    if "country" in values and values["country"] is None:
        raise invalid_body("country", "an event needs a country")
    return values


def event_relations(data: dict[str, Any]) -> dict[str, Any]:
    """The service's many-to-many arguments from the fields present in `data`."""
    relations: dict[str, Any] = {}
    if data.get("outcome_areas") is not None:
        relations["outcome_areas"] = _many(
            OutcomeArea, "outcome_areas", "code", data["outcome_areas"]
        )
    if data.get("co_organisers") is not None:
        relations["co_organisers"] = _many(
            Organisation, "co_organisers", "pk", data["co_organisers"]
        )
    if data.get("topics") is not None:
        relations["topics"] = topics_from_names(data["topics"])
    return relations


def conflict_body(exc: ConflictError) -> dict[str, Any]:
    return {
        "detail": str(exc) + " Read the event again and re-apply your change.",
        "current_version": exc.current_version,
        "conflicts": [
            {"field": c.field, "theirs": c.theirs, "yours": c.yours} for c in exc.conflicts
        ],
    }
