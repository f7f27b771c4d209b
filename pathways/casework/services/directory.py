"""The service directory's writes (casework.md §2.1, §2.2): an agency's referral profile and
its directory entries, kept by the agency's administrator and by the NRM coordinator of its
country. Each write in one transaction with its audit entry (ids and field names); a write
that changes nothing writes nothing. Two people editing the same row: the second is told
(`ConcurrentChange`) and nothing is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.access_directory import require_directory_keeper
from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry
from pathways.casework.transitions import ConcurrentChange
from pathways.programs.models import Organisation, Province

PROFILE_FIELDS = (
    "htcds_type",
    "accepts_referrals",
    "is_nrm_member",
    "referral_contact_role",
    "phone",
    "data_sharing_agreement_reference",
    "data_sharing_signed_on",
    "data_sharing_expires_on",
)
ENTRY_FIELDS = (
    "service_type",
    "province",
    "sexes",
    "age_bands",
    "nationalities",
    "capacity_note",
    "accepting",
)


@dataclass(frozen=True)
class ProfileInput:
    htcds_type: str
    accepts_referrals: bool = False
    is_nrm_member: bool = False
    referral_contact_role: str = ""
    phone: str = ""
    data_sharing_agreement_reference: str = ""
    data_sharing_signed_on: dt.date | None = None
    data_sharing_expires_on: dt.date | None = None


@dataclass(frozen=True)
class EntryInput:
    service_type: str
    province: Province | None = None
    sexes: list[str] = field(default_factory=list)
    age_bands: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    capacity_note: str = ""
    accepting: bool = True


def _stale(version: int | None, row: Any) -> None:
    if version is not None and version != row.version:
        raise ConcurrentChange(
            _("Someone else changed this while you were editing it; nothing was saved.")
        )


def _audit(actor: Any, action: str, row: Any, fields: list[str], source: str) -> None:
    audit_record_without_values(
        actor=actor, action=action, instance=row, fields=fields, source=source
    )


# --- the referral profile -----------------------------------------------------------------------


def agency_profile_save(
    *,
    actor: Any,
    agency: Organisation,
    values: ProfileInput,
    version: int | None = None,
    source: str = AuditEvent.Source.WEB,
) -> AgencyProfile:
    """Write the agency's referral profile (made on first save) at the version it was read
    at (None: whatever it is now)."""
    require_directory_keeper(actor, agency)
    with transaction.atomic():
        profile = AgencyProfile.objects.select_for_update().filter(organisation=agency).first()
        created = profile is None
        if created:
            profile = AgencyProfile(organisation=agency)
        else:
            _stale(version, profile)
        new = {
            name: (getattr(values, name) or "").strip()
            if isinstance(getattr(values, name), str)
            else getattr(values, name)
            for name in PROFILE_FIELDS
        }
        changed = [n for n in PROFILE_FIELDS if created or getattr(profile, n) != new[n]]
        if not changed:
            return profile
        for name in changed:
            setattr(profile, name, new[name])
        profile.updated_by = actor
        profile.version += 0 if created else 1
        profile.full_clean()
        profile.save()
        action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
        _audit(actor, action, profile, ["organisation", *changed] if created else changed, source)
    return profile


# --- the directory entries ----------------------------------------------------------------------


def _entry_values(agency: Organisation, values: EntryInput) -> dict[str, Any]:
    if values.province is not None and values.province.country_id != agency.country_id:
        raise ValidationError(
            {"province": _("Choose a province of the agency's country, or the whole country.")}
        )
    return {
        "service_type": values.service_type,
        "province": values.province,
        "sexes": sorted(set(values.sexes)),
        "age_bands": sorted(set(values.age_bands)),
        "nationalities": sorted({n.strip().upper() for n in values.nationalities if n.strip()}),
        "capacity_note": (values.capacity_note or "").strip(),
        "accepting": values.accepting,
    }


def directory_entry_add(
    *,
    actor: Any,
    agency: Organisation,
    values: EntryInput,
    source: str = AuditEvent.Source.WEB,
) -> ServiceDirectoryEntry:
    """List a service the agency offers in a province (or the whole country), and to whom."""
    require_directory_keeper(actor, agency)
    new = _entry_values(agency, values)
    with transaction.atomic():
        entry = ServiceDirectoryEntry(
            agency=agency, country_id=agency.country_id, updated_by=actor, **new
        )
        entry.full_clean()
        entry.save()
        _audit(actor, AuditEvent.Action.CREATE, entry, ["agency", "country", *new], source)
    return entry


def directory_entry_change(
    *,
    actor: Any,
    entry: ServiceDirectoryEntry,
    values: EntryInput,
    version: int | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ServiceDirectoryEntry:
    """Change an entry at the version it was read at; nothing written when nothing changed."""
    agency = entry.agency
    require_directory_keeper(actor, agency)
    new = _entry_values(agency, values)
    with transaction.atomic():
        row = ServiceDirectoryEntry.objects.select_for_update().get(pk=entry.pk)
        _stale(version, row)
        changed = [n for n in ENTRY_FIELDS if getattr(row, n) != new[n]]
        if not changed:
            return row
        for name in changed:
            setattr(row, name, new[name])
        row.updated_by = actor
        row.version += 1
        row.full_clean()
        row.save()
        _audit(actor, AuditEvent.Action.UPDATE, row, changed, source)
    return row


def directory_entry_remove(
    *,
    actor: Any,
    entry: ServiceDirectoryEntry,
    version: int | None = None,
    source: str = AuditEvent.Source.WEB,
) -> None:
    """Take the entry out of the directory (the agency no longer offers the service there)."""
    require_directory_keeper(actor, entry.agency)
    with transaction.atomic():
        row = ServiceDirectoryEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if row is None:
            return
        _stale(version, row)
        _audit(actor, AuditEvent.Action.DELETE, row, ["agency", "service_type", "province"], source)
        row.delete()
