"""Retention (casework.md §7.5): what is sealed goes once its country's horizon has passed.

A client whose every case closed longer ago than the country's `closed_case_retention_days`
is pseudonymised: every identifier and blind index of the client (so intake search no longer
finds them), the sealed sections of their cases, their notes and attachments (rows and sealed
files), the sealed texts of their care records, their screenings and identification decisions,
of their consents and overrides, and of their cases' referrals and referral threads.
Tier 1 stays for statistics: sex, age band, nationality, dates, stages, exploitation type.
A client with a case still open, or closed within the horizon, keeps everything.

A screening linked to no client that found no indicators (or was declined) keeps only tier 1
after `no_indicator_screening_retention_days`, counted from the screening.

Each batch is one transaction with its audit events, which name records and fields only, never
a value. A second run finds nothing to do: `pseudonymised_at` marks what was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_bulk
from pathways.casework.attachments import delete_blob
from pathways.casework.models import (
    BLIND_INDEXES,
    CARE_SEALED_MODELS,
    CASE_SEALED_FIELDS,
    IDENTIFICATION_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    Attachment,
    Case,
    CaseNote,
    Client,
    ConsentOverride,
    ConsentRecord,
    CountryCaseworkSettings,
    IdentificationDecision,
    Referral,
    ReferralUpdate,
    Screening,
    Transfer,
)
from pathways.programs.models import Country

BATCH = 100
# The screenings whose answers found nothing to act on, or were never given.
NO_INDICATOR_STATES = (
    Screening.State.NO_INDICATORS,
    Screening.State.CLOSED_NO_INDICATORS,
    Screening.State.DECLINED_BY_PERSON,
)


@dataclass
class RetentionResult:
    """How many records were (or, in a dry run, would be) cleared: counts only."""

    clients: int = 0
    cases: int = 0
    notes: int = 0
    attachments: int = 0
    care_records: int = 0
    screenings: int = 0
    decisions: int = 0
    consent_and_referrals: int = 0
    countries: list[str] = field(default_factory=list)

    def add(self, other: RetentionResult) -> None:
        for name in (
            "clients",
            "cases",
            "notes",
            "attachments",
            "care_records",
            "consent_and_referrals",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.screenings += other.screenings
        self.decisions += other.decisions


def retention_apply(*, now: dt.datetime | None = None, dry_run: bool = False) -> RetentionResult:
    """Pseudonymise, country by country, what is past its country's retention."""
    now = now or timezone.now()
    total = RetentionResult()
    for country in Country.objects.order_by("code"):
        rules = CountryCaseworkSettings.settings_for(country.pk)
        done = _clients_past(country, rules, now, dry_run)
        done.add(_screenings_past(country, rules, now, dry_run))
        if any(getattr(done, name) for name in ("clients", "screenings")):
            total.countries.append(country.code)
        total.add(done)
    return total


def clients_past_retention(
    country: Country, rules: CountryCaseworkSettings, now: dt.datetime
) -> models.QuerySet[Client]:
    """Clients of the country not pseudonymised yet whose every case closed before the horizon."""
    cutoff = timezone.localdate(now) - dt.timedelta(days=rules.closed_case_retention_days)
    closed = {"status": Case.Status.CLOSED, "closed_on__lt": cutoff}
    old = Case.objects.filter(client=OuterRef("pk"), **closed)
    kept = Case.objects.filter(client=OuterRef("pk")).exclude(**closed)
    return (
        Client.objects.filter(country=country, pseudonymised_at__isnull=True)
        .filter(Exists(old))
        .exclude(Exists(kept))
        .order_by("pk")
    )


def screenings_past_retention(
    country: Country, rules: CountryCaseworkSettings, now: dt.datetime
) -> models.QuerySet[Screening]:
    """Screenings of no one registered that found no indicators, older than the horizon."""
    cutoff = now - dt.timedelta(days=rules.no_indicator_screening_retention_days)
    return Screening.objects.filter(
        country=country,
        state__in=NO_INDICATOR_STATES,
        client__isnull=True,
        case__isnull=True,
        screened_at__lt=cutoff,
        pseudonymised_at__isnull=True,
    ).order_by("pk")


def _clients_past(
    country: Country, rules: CountryCaseworkSettings, now: dt.datetime, dry_run: bool
) -> RetentionResult:
    ids = list(clients_past_retention(country, rules, now).values_list("pk", flat=True))
    result = RetentionResult()
    for start in range(0, len(ids), BATCH):
        # Asked again under the lock: a case reopened since the listing keeps its client.
        batch = clients_past_retention(country, rules, now).filter(
            pk__in=ids[start : start + BATCH]
        )
        result.add(_pseudonymise_clients(batch, now, dry_run))
    return result


def _pseudonymise_clients(
    batch: models.QuerySet[Client], now: dt.datetime, dry_run: bool
) -> RetentionResult:
    with transaction.atomic():
        clients = list(batch.select_for_update())
        ids = [client.pk for client in clients]
        cases = list(Case.objects.filter(client__in=ids, pseudonymised_at__isnull=True))
        notes = list(CaseNote.objects.filter(case__in=cases))
        attachments = list(Attachment.objects.filter(case__in=cases))
        care = [
            record
            for model in CARE_SEALED_MODELS
            for record in model.objects.filter(case__in=cases)
        ]
        screenings = list(
            Screening.objects.filter(
                models.Q(client__in=ids) | models.Q(case__in=cases), pseudonymised_at__isnull=True
            )
        )
        decisions = list(IdentificationDecision.objects.filter(client__in=ids))
        # Consents and overrides of the client, referrals of their cases and their threads,
        # and the transfers of their cases.
        consents = [
            *ConsentRecord.objects.filter(client__in=ids),
            *ConsentOverride.objects.filter(client__in=ids),
            *Referral.objects.filter(case__in=cases),
            *ReferralUpdate.objects.filter(referral__case__in=cases),
            *Transfer.objects.filter(case__in=cases),
        ]
        result = RetentionResult(
            clients=len(clients),
            cases=len(cases),
            notes=len(notes),
            attachments=len(attachments),
            care_records=len(care),
            screenings=len(screenings),
            decisions=len(decisions),
            consent_and_referrals=len(consents),
        )
        if dry_run:
            return result
        entries: list[tuple[models.Model, dict[str, Any]]] = []
        entries += _clear(clients, _client_columns(), now)
        entries += _clear(cases, _sealed(CASE_SEALED_FIELDS), now)
        entries += _clear(screenings, _sealed(SCREENING_SEALED_FIELDS), now)
        entries += _clear(decisions, _sealed(IDENTIFICATION_SEALED_FIELDS), None)
        for model in CARE_SEALED_MODELS:
            records = [record for record in care if isinstance(record, model)]
            entries += _clear(records, _sealed(model.SEALED), None)
        for model in (ConsentRecord, ConsentOverride, Referral, ReferralUpdate, Transfer):
            records = [record for record in consents if isinstance(record, model)]
            entries += _clear(records, _sealed(model.SEALED, model), None)
        _audit(entries, AuditEvent.Action.UPDATE)
        _audit([(record, {"fields": ["text"]}) for record in notes], AuditEvent.Action.DELETE)
        _audit(
            [(record, {"fields": ["file", "filename"]}) for record in attachments],
            AuditEvent.Action.DELETE,
        )
        CaseNote.objects.filter(pk__in=[note.pk for note in notes]).delete()
        Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
        blobs = [attachment.blob_path for attachment in attachments]
        # The sealed files go once the rows are gone for good (a rollback keeps both).
        transaction.on_commit(lambda: [delete_blob(name) for name in blobs])
    return result


def _screenings_past(
    country: Country, rules: CountryCaseworkSettings, now: dt.datetime, dry_run: bool
) -> RetentionResult:
    ids = list(screenings_past_retention(country, rules, now).values_list("pk", flat=True))
    if dry_run:
        return RetentionResult(screenings=len(ids))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            batch = list(
                Screening.objects.select_for_update().filter(
                    pk__in=ids[start : start + BATCH], pseudonymised_at__isnull=True
                )
            )
            _audit(_clear(batch, _sealed(SCREENING_SEALED_FIELDS), now), AuditEvent.Action.UPDATE)
    return RetentionResult(screenings=len(ids))


def _sealed(names: Iterable[str], model: type[models.Model] | None = None) -> dict[str, Any]:
    """The columns emptied: None, or no bytes where the column may not be null (an
    override's reason), which `sealing.open_record` reads as empty too."""

    def empty(column: str) -> bytes | None:
        return None if model is None or model._meta.get_field(column).null else b""

    return {f"{name}_sealed": empty(f"{name}_sealed") for name in names}


def _client_columns() -> dict[str, Any]:
    return {**_sealed(SEALED_FIELDS), **{f"blind_index_{kind}": "" for kind in BLIND_INDEXES}}


def _clear(
    records: Sequence[models.Model], columns: dict[str, Any], now: dt.datetime | None
) -> list[tuple[models.Model, dict[str, Any]]]:
    """Empty `columns` of each record (and stamp `pseudonymised_at` when `now` is given); the
    audit entries name the columns that held something, never what."""
    if not records:
        return []
    values = {**columns, **({"pseudonymised_at": now} if now is not None else {})}
    entries = []
    for record in records:
        held = [name for name in columns if getattr(record, name) not in (None, "", b"")]
        entries.append(
            (record, {"fields": sorted([*held, *(["pseudonymised_at"] if now else [])])})
        )
    type(records[0]).objects.filter(pk__in=[r.pk for r in records]).update(**values)
    return [(record, changes) for record, changes in entries if changes["fields"]]


def _audit(entries: list[tuple[models.Model, dict[str, Any]]], action: str) -> None:
    if entries:
        audit_bulk(
            actor=None,
            action=action,
            entries=entries,
            source=AuditEvent.Source.COMMAND,
            without_values=True,
        )
