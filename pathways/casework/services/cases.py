"""Opening a case for a client, writing notes on it, and saying how and where the person was
exploited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import holds_role, require_case_action
from pathways.casework.models import (
    CASE_SEALED_FIELDS,
    Case,
    CaseNote,
    CaseNumberSequence,
    CaseworkRole,
    Client,
    Section,
)
from pathways.casework.residency import require_country_held
from pathways.lib.countries import country_name
from pathways.lib.text import clean_text

RISK_LEVELS = ("high", "medium", "low", "none")


def next_case_number(country_id: int, code: str, year: int) -> str:
    """The next number of the country and year, e.g. KH-2026-00042 (call inside a
    transaction: the sequence row stays locked until it ends)."""
    sequence, _created = CaseNumberSequence.objects.get_or_create(country_id=country_id, year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return f"{code}-{year}-{sequence.last:05d}"


def exploitation_errors(exploitation_type: str, exploitation_country: str) -> dict[str, str]:
    """What is wrong with a type and a country of exploitation (the country an ISO 3166 code
    in capitals, or blank when not known), by field."""
    errors = {}
    if exploitation_type not in Case.ExploitationType.values:
        errors["exploitation_type"] = _("Choose a type of exploitation from the list.")
    if exploitation_country and not (
        len(exploitation_country) == 2
        and exploitation_country.isupper()
        and country_name(exploitation_country)
    ):
        errors["exploitation_country"] = _(
            "Enter the two-letter ISO code of a country in capitals, e.g. TH, or leave it "
            "empty if not known."
        )
    return errors


def _clean_sections(values: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(values) - set(CASE_SEALED_FIELDS))
    if unknown:
        raise ValueError(f"Not sealed fields of a case: {unknown}")
    cleaned = {
        name: clean_text(value or "", multiline=name != "safety_risk_level").strip()
        for name, value in values.items()
    }
    level = cleaned.get("safety_risk_level", "")
    if level and level not in RISK_LEVELS:
        raise ValidationError(
            {"safety_risk_level": _("Choose high, medium, low or none for the safety risk.")}
        )
    return cleaned


def case_open(
    *,
    actor: Any,
    client: Client,
    case_worker: Any = None,
    supervisor: Any = None,
    team_members: Iterable[Any] = (),
    opened_on: dt.date | None = None,
    exploitation_type: str = Case.ExploitationType.UNKNOWN,
    exploitation_country: str = "",
    stage: str = Case.Stage.OPEN,
    sections: dict[str, str] | None = None,
    is_synthetic: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """A new open case of the client's owner agency, numbered in its country and year, in
    its first stage: presumed (from a screening) or open.

    The case worker and team members must be case workers (or supervisors) of the agency, the
    supervisor its case supervisor. ValidationError naming the field, and nothing written,
    otherwise.
    """
    require_country_held(client.country, field="client")
    agency = client.owner_agency
    opened_on = opened_on or timezone.localdate()
    values = _clean_sections(sections or {})
    errors: dict[str, str] = {}
    working = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)
    if case_worker is not None and not holds_role(case_worker, agency.pk, *working):
        errors["case_worker"] = _("The case worker must be a case worker of the owner agency.")
    if supervisor is not None and not holds_role(
        supervisor, agency.pk, CaseworkRole.CASE_SUPERVISOR
    ):
        errors["supervisor"] = _("The supervisor must be a case supervisor of the owner agency.")
    team = list(team_members)
    if any(not holds_role(member, agency.pk, *working) for member in team):
        errors["team_members"] = _("Every team member must work on cases at the owner agency.")
    if opened_on > timezone.localdate():
        errors["opened_on"] = _("A case cannot be opened in the future.")
    errors.update(exploitation_errors(exploitation_type, exploitation_country))
    if stage not in (Case.Stage.PRESUMED, Case.Stage.OPEN):
        errors["stage"] = _("A case starts as a presumed victim's or as open.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case(
            stage=stage,
            client=client,
            country=client.country,
            owner_agency=agency,
            case_worker=case_worker,
            supervisor=supervisor,
            opened_on=opened_on,
            exploitation_type=exploitation_type,
            exploitation_country=exploitation_country,
            is_synthetic=is_synthetic,
            case_number=next_case_number(client.country_id, client.country.code, opened_on.year),
        )
        sealing.seal_record(case, values)
        case.full_clean()
        case.save()
        if team:
            case.team_members.set(team)
        written = ["case_number", "client", "owner_agency", "opened_on", "exploitation_type"]
        written += ["stage"] + (["exploitation_country"] if exploitation_country else [])
        written += [n for n in ("case_worker", "supervisor") if getattr(case, f"{n}_id")]
        written += ["team_members"] if team else []
        written += [name for name, value in values.items() if value]
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=case,
            fields=written,
            source=source,
        )
    return case


def case_note_add(
    *,
    actor: Any,
    case: Case,
    text: str,
    section: str = Section.NOTES,
    written_at: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> CaseNote:
    """A note in one section of the case, sealed. The caller has checked the actor may
    write that section (`access.permitted_sections`)."""
    text = clean_text(text or "", multiline=True).strip()
    if not text:
        raise ValidationError({"text": _("Write the note before saving it.")})
    allowed = {c for c, _label in CaseNote._meta.get_field("section").choices}
    if section not in allowed:
        raise ValidationError({"section": _("Choose a section from the list.")})
    with transaction.atomic():
        note = CaseNote(
            case=case,
            section=section,
            written_by=actor if getattr(actor, "is_authenticated", False) else None,
            written_at=written_at or timezone.now(),
        )
        sealing.seal_record(note, {"text": text})
        note.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=note,
            fields=["case", "section", "text"],
            source=source,
        )
    return note


def case_exploitation_update(
    *,
    actor: Any,
    case: Case,
    exploitation_type: str,
    exploitation_country: str,
    version: int,
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """The case's type and country of exploitation, as learnt since it opened: by its case
    worker or supervisor (404 out of sight, 403 for anyone else). ValidationError naming the
    field on a bad value, or when someone changed the case since `version` was read."""
    require_case_action(actor, case, "update_exploitation")
    errors = exploitation_errors(exploitation_type, exploitation_country)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.version != version:
            raise ValidationError(
                _("Someone changed this case while you were editing it: check it and try again.")
            )
        changed = [
            name
            for name, value in (
                ("exploitation_type", exploitation_type),
                ("exploitation_country", exploitation_country),
            )
            if getattr(case, name) != value
        ]
        if not changed:
            return case
        case.exploitation_type = exploitation_type
        case.exploitation_country = exploitation_country
        case.version += 1
        case.full_clean()
        case.save(update_fields=[*changed, "version", "updated_at"])
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=case,
            fields=changed,
            source=source,
        )
    return case
