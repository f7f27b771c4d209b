"""A country's service directory as data: a JSON file of agencies (by acronym), each with its
referral profile and its entries, loaded by `manage.py casework_directory load` and by the
casework demo through the directory's services.

Loading adds what is missing and leaves what is there as it is: a profile or an entry
already in the database (perhaps changed since by the agency or the coordinator) is kept, so
loading twice changes nothing. An agency the database does not hold (the demo's own agencies
on a deployment without the demo) is skipped and named.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.audit.models import AuditEvent
from pathways.casework.models import AgencyProfile, ServiceDirectoryEntry
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
)
from pathways.programs.models import Country, Organisation, Province

FOLDER = Path(__file__).resolve().parent
CAMBODIA = FOLDER / "cambodia.json"


class DirectoryFileError(ValueError):
    """The file cannot be loaded; nothing was written. `problems` names each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class DirectoryLoad:
    profiles_created: int = 0
    entries_created: int = 0
    kept: int = 0
    skipped: list[str] = field(default_factory=list)


def shipped_files() -> list[Path]:
    return sorted(FOLDER.glob("*.json"))


def read_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DirectoryFileError([f"cannot be read as JSON: {error}"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("agencies"), list):
        raise DirectoryFileError(["needs a country code and a list of agencies"])
    return data


def load_file(path: Path = CAMBODIA, *, actor: Any = None) -> DirectoryLoad:
    """Load the file's agencies, in one transaction: every problem named, nothing written if
    there is any."""
    data = read_file(path)
    country = Country.objects.filter(code=str(data.get("country", ""))).first()
    if country is None:
        raise DirectoryFileError([f"no country with the code {data.get('country')!r}"])
    result = DirectoryLoad()
    problems: list[str] = []
    with transaction.atomic():
        for item in data["agencies"]:
            problems += _load_agency(item, country, actor, result)
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise DirectoryFileError(problems)
    return result


def _load_agency(item: dict, country: Country, actor: Any, result: DirectoryLoad) -> list[str]:
    acronym = str(item.get("acronym", ""))
    agency = Organisation.objects.filter(acronym=acronym, country=country).first()
    if agency is None:
        result.skipped.append(acronym)
        return []
    source = AuditEvent.Source.COMMAND
    try:
        if not AgencyProfile.objects.filter(organisation=agency).exists():
            values = ProfileInput(**_profile_values(item.get("profile") or {}))
            agency_profile_save(actor=actor, agency=agency, values=values, source=source)
            result.profiles_created += 1
        else:
            result.kept += 1
        for entry in item.get("entries", []):
            values = _entry_values(entry, country)
            there = ServiceDirectoryEntry.objects.filter(
                agency=agency, service_type=values.service_type, province=values.province
            )
            if there.exists():
                result.kept += 1
                continue
            directory_entry_add(actor=actor, agency=agency, values=values, source=source)
            result.entries_created += 1
    except (ValidationError, TypeError, KeyError, ValueError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        return [f"{acronym}: {m}" for m in messages]
    return []


def _profile_values(profile: dict) -> dict[str, Any]:
    values = dict(profile)
    for name in ("data_sharing_signed_on", "data_sharing_expires_on"):
        if values.get(name):
            values[name] = dt.date.fromisoformat(values[name])
    return values


def _entry_values(entry: dict, country: Country) -> EntryInput:
    province = None
    if entry.get("province"):
        province = Province.objects.filter(country=country, name=entry["province"]).first()
        if province is None:
            raise ValueError(f"no province named {entry['province']!r} in {country.code}")
    return EntryInput(
        service_type=entry["service_type"],
        province=province,
        sexes=list(entry.get("sexes", [])),
        age_bands=list(entry.get("age_bands", [])),
        nationalities=list(entry.get("nationalities", [])),
        capacity_note=entry.get("capacity_note", ""),
        accepting=bool(entry.get("accepting", True)),
    )
