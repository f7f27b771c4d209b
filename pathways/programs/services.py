"""Writes to reference data. The admin edits reference data through Django's admin, which
records audit events too (see pathways.audit.admin)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models, transaction

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.lib.translated import with_seed
from pathways.programs import reference_data as ref
from pathways.programs import reference_translations
from pathways.programs.models import (
    Country,
    Organisation,
    OrganisationAlias,
    OutcomeArea,
    Pathway,
    Program,
    Province,
    SteeringCommitteeMember,
    Translatable,
)
from pathways.programs.organisations import organisation_key


def _upsert(model: type[models.Model], *, lookup: dict[str, Any], values: dict[str, Any]) -> int:
    """Create or update one row, auditing only real changes. Returns 1 if anything changed."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            instance=instance,
            changes=diff({}, snapshot(instance)),
            source=AuditEvent.Source.COMMAND,
        )
        return 1
    before = snapshot(instance)
    for key, value in values.items():
        setattr(instance, key, value)
    changes = diff(before, snapshot(instance))
    if not changes:
        return 0
    instance.full_clean()
    instance.save()
    audit_record(
        actor=None,
        action=AuditEvent.Action.UPDATE,
        instance=instance,
        changes=changes,
        source=AuditEvent.Source.COMMAND,
    )
    return 1


def load_reference_data() -> int:
    """Load or refresh the program's reference data; idempotent. Returns rows changed."""
    changed = 0
    with transaction.atomic():
        for code, name, status, _fp, _fp_org, languages in ref.COUNTRIES:
            changed += _upsert(
                Country,
                lookup={"code": code},
                values={"name": name, "program_status": status, "languages": languages},
            )
        countries = {c.code: c for c in Country.objects.all()}
        for name, acronym, org_type, country, key, iati in ref.ORGANISATIONS:
            changed += _upsert(
                Organisation,
                lookup={"name": name},
                values={
                    "acronym": acronym,
                    "type": org_type,
                    "country": countries.get(country),
                    "is_key_partner": key,
                    "iati_identifier": iati,
                },
            )
        changed += _load_aliases()
        changed += _load_focal_points(countries)
        changed += _load_program()
        changed += _load_framework()
        changed += _load_provinces(countries)
        changed += _load_rpsc(countries)
        changed += _load_translations()
    return changed


def _load_aliases() -> int:
    """Seed aliases: added when missing, never removed (officers add their own beside them)."""
    changed = 0
    for name, texts in ref.ORGANISATION_ALIASES.items():
        org = Organisation.objects.get(name=name)
        for text in texts:
            changed += _upsert(
                OrganisationAlias,
                lookup={"organisation": org, "key": organisation_key(text)},
                values={"text": text},
            )
    return changed


def _load_focal_points(countries: dict[str, Country]) -> int:
    changed = 0
    for code, _name, _status, focal_point, fp_org, _langs in ref.COUNTRIES:
        if not focal_point:
            continue
        org = Organisation.objects.get(name=fp_org, country=countries[code])
        changed += _upsert(
            Country,
            lookup={"code": code},
            values={"focal_point": focal_point, "focal_point_organisation": org},
        )
    return changed


def _load_program() -> int:
    p = ref.PROGRAM
    return _upsert(
        Program,
        lookup={"short_name": p["short_name"]},
        values={
            "name": p["name"],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "budget": Decimal(p["budget"]),
            "currency": p["currency"],
            "funder": Organisation.objects.get(name=p["funder"]),
            "implementer": Organisation.objects.get(name=p["implementer"]),
            "iati_identifier": p["iati_identifier"],
            "mission": p["mission"],
        },
    )


def _load_framework() -> int:
    changed = 0
    for order, (code, name, description) in enumerate(ref.PATHWAYS, start=1):
        changed += _upsert(
            Pathway,
            lookup={"code": code},
            values={"name": name, "description": description, "order": order},
        )
    for order, (code, name, description) in enumerate(ref.OUTCOME_AREAS, start=1):
        changed += _upsert(
            OutcomeArea,
            lookup={"code": code},
            values={"name": name, "description": description, "order": order},
        )
    return changed


def _load_provinces(countries: dict[str, Country]) -> int:
    existing = set(Province.objects.values_list("country__code", "name"))
    new = [
        Province(country=countries[code], name=name)
        for code, names in ref.PROVINCES.items()
        for name in names
        if (code, name) not in existing
    ]
    # Provinces are plain geography: created in bulk, audited as one command run would be
    # noise; they are never edited by the loader.
    Province.objects.bulk_create(new)
    return len(new)


def seeded_translations(row: Translatable, texts: dict[str, tuple[str, ...]]) -> dict:
    """The translations of `row` with what the seed `texts` give where it has none."""
    values = {field: getattr(row, field) for field in row.translatable_fields}
    return with_seed(row.translations, values, texts, reference_translations.LANGUAGES)


def seed_translations(model: type[Translatable], texts: dict[str, tuple[str, ...]]) -> int:
    """Fill the rows of `model` with the seed `texts` where they lack a language, each
    change audited as the loader's. Returns rows changed."""
    changed = 0
    for row in model.objects.all():
        wanted = seeded_translations(row, texts)
        changed += _upsert(model, lookup={"pk": row.pk}, values={"translations": wanted})
    return changed


def _load_translations() -> int:
    """Seed translations fill the languages a row lacks; a person's own stay as written."""
    texts = reference_translations.texts()
    changed = sum(seed_translations(model, texts) for model in (Country, Pathway, OutcomeArea))
    provinces = []
    for province in Province.objects.all():
        wanted = seeded_translations(province, texts)
        if wanted != province.translations:
            province.translations = wanted
            provinces.append(province)
    # As their creation: plain geography, updated in bulk without an audit event per row.
    Province.objects.bulk_update(provinces, ["translations"], batch_size=500)
    return changed + len(provinces)


def _load_rpsc(countries: dict[str, Country]) -> int:
    changed = 0
    for role, title, country, org in ref.RPSC:
        changed += _upsert(
            SteeringCommitteeMember,
            lookup={"title": title},
            values={
                "role": role,
                "country": countries.get(country),
                "organisation": Organisation.objects.filter(acronym=org).first() if org else None,
            },
        )
    return changed
