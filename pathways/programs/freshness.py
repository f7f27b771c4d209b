"""Which records each country's figures read, and how often they have changed.

A cache of something figures show (the dashboard's body) is keyed by `figures_version`: it
changes when a record of that country's figures changes, in the same transaction, and not
when anything else is written. Casework, accounts, access events or a write in another
country leave a country's cached dashboard standing; an import, a merge, a review decision,
a target or an achievement of the country, or a change of reference data every country's
figures read (a pathway's name, an indicator), refresh it.

Every audited write passes its records here (`pathways.audit.services.on_audited_write`).
A record's countries are found by the function its app registered for its model (`register`,
one query for a batch), else by its own `country` field; a record with neither is reference
data and moves every country's version.
Apps whose records no figure reads say so (`register_unread`). A write that is not audited
but changes what figures show calls `touch_countries` itself (the duplicate finder's queue).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from django.db import models
from django.db.models import F

from pathways.programs.models import FiguresVersion

# The scope of the reference data every country's figures read.
REFERENCE = ""

# Records of one model in, the keys of the countries they count in out (None: reference data).
CountriesOf = Callable[[Sequence[models.Model]], Iterable["int | None"]]
_countries_of: dict[type[models.Model], CountriesOf | None] = {}
_unread_apps: set[str] = set()


def register(model: type[models.Model], countries_of: CountriesOf | None) -> None:
    """How to find the countries whose figures records of `model` count in, for a batch of
    them (one query, not one per record); None: no figure reads this model."""
    _countries_of[model] = countries_of


def register_unread(app_label: str) -> None:
    """No figure reads any record of this app (casework, accounts, ...)."""
    _unread_apps.add(app_label)


def _own_country(instances: Sequence[models.Model]) -> set[int | None]:
    return {getattr(instance, "country_id", None) for instance in instances}


def _reference(instances: Sequence[models.Model]) -> set[None]:
    return {None}


def _resolver(model: type[models.Model]) -> CountriesOf | None:
    if model._meta.app_label in _unread_apps:
        return None
    if model in _countries_of:
        return _countries_of[model]
    if any(field.name == "country" for field in model._meta.concrete_fields):
        return _own_country
    return _reference


def scopes_of(instances: Iterable[models.Model]) -> set[str]:
    """The scopes a write of these records moves."""
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for instance in instances:
        by_model.setdefault(instance._meta.concrete_model, []).append(instance)
    scopes: set[str] = set()
    for model, batch in by_model.items():
        countries_of = _resolver(model)
        if countries_of is not None:
            scopes.update(REFERENCE if pk is None else str(pk) for pk in countries_of(batch))
    return scopes


def touch(scopes: Iterable[str]) -> None:
    """Move each scope's version by one, in the caller's transaction (rows in a fixed
    order, so two writers never wait on each other crosswise)."""
    for scope in sorted(set(scopes)):
        rows = FiguresVersion.objects.filter(scope=scope)
        if not rows.update(version=F("version") + 1):
            # The first write of this scope: make its row (another transaction may be making
            # it at this moment; then this waits for it and moves the row it made).
            FiguresVersion.objects.bulk_create(
                [FiguresVersion(scope=scope, version=0)], ignore_conflicts=True
            )
            rows.update(version=F("version") + 1)


def touch_countries(country_ids: Iterable[int | None]) -> None:
    touch(REFERENCE if pk is None else str(pk) for pk in country_ids)


def record_write(instances: Sequence[models.Model]) -> None:
    """The audit's listener: the versions of the countries the written records count in."""
    touch(scopes_of(instances))


def figures_version(country_id: int | None) -> str:
    """The version of what one country's figures read (its records and the reference data),
    or, for None, of every country's: a key part for caches of figures."""
    versions = dict(FiguresVersion.objects.values_list("scope", "version"))
    if country_id is None:
        return repr(sorted(versions.items()))
    return f"{versions.get(REFERENCE, 0)}.{versions.get(str(country_id), 0)}"
