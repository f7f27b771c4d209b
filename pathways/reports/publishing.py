"""Publishing: an output made once more and kept as it was handed out.

`publication_create` builds the factsheet PDF, the donor workbook or the IATI file as the
downloads do, counting every event of its country (or the region), and stores the bytes
with their checksum and the figures they show (pathways.reports.snapshots). The page, the
command and the API read publications; nothing changes one once it is made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pathways.accounts.access import require
from pathways.activities.universe import universe_of_all
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.programs.models import Country, Program
from pathways.reports.access import can_publish, can_withdraw
from pathways.reports.factsheet import build_factsheet
from pathways.reports.iati import build_iati_xml
from pathways.reports.models import Publication
from pathways.reports.rendering import render_factsheet_pdf
from pathways.reports.snapshots import Row, factsheet_rows, region_export_rows
from pathways.reports.workbook import donor_workbook_bytes, program_span
from pathways.translations.overlay import apply_reviews

Kind = Publication.Kind


@dataclass(frozen=True)
class Output:
    content: bytes
    file_name: str
    counted: str
    rows: list[Row]


def _factsheet_output(
    country: Country | None, start: dt.date, end: dt.date, language: str
) -> Output:
    universe = universe_of_all(country)
    factsheet = build_factsheet(universe=universe, start=start, end=end)
    where = country.code if country else "region"
    return Output(
        content=render_factsheet_pdf(factsheet),
        file_name=f"factsheet-{where}-{start:%Y%m%d}-{end:%Y%m%d}-{language}.pdf",
        counted=universe.label,
        rows=factsheet_rows(factsheet),
    )


def _region_output(kind: str, today: dt.date) -> Output:
    if kind == Kind.WORKBOOK:
        content, name = donor_workbook_bytes(), f"donor-workbook-{today:%Y%m%d}.xlsx"
    else:
        content, name = build_iati_xml(), f"iati-activities-{today:%Y%m%d}.xml"
    return Output(content, name, universe_of_all(None).label, region_export_rows())


def check_request(
    *,
    kind: str,
    country: Country | None,
    start: dt.date | None,
    end: dt.date | None,
    language: str,
) -> tuple[dt.date, dt.date, str]:
    """The period and language the output is made for, or a ValidationError naming what is
    wrong with the request."""
    if kind not in Kind.values:
        raise ValidationError(_("There is no output %(kind)s to publish.") % {"kind": kind})
    if kind != Kind.FACTSHEET:
        if country is not None:
            raise ValidationError(_("The donor workbook and the IATI file cover the region."))
        start, end = program_span(Program.objects.get())
    if start is None or end is None:
        raise ValidationError(_("A factsheet is published for a period: give its start and end."))
    if start > end:
        raise ValidationError(_("The period ends before it starts."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("There is no language %(code)s.") % {"code": language})
    return start, end, "" if kind == Kind.IATI else language


def _make(
    kind: str, country: Country | None, start: dt.date, end: dt.date, language: str
) -> Output:
    apply_reviews()
    with translation.override(language or settings.LANGUAGE_CODE):
        if kind == Kind.FACTSHEET:
            return _factsheet_output(country, start, end, language)
        return _region_output(kind, timezone.localdate())


def publication_create(
    *,
    actor: Any,
    kind: str,
    country: Country | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    language: str = "en",
    source: str = AuditEvent.Source.WEB,
) -> Publication:
    """Publish an output: make it now and keep its bytes and figures for good. The actor
    must be allowed to publish it (`can_publish`); at the command line an operator may
    publish without a user (actor None)."""
    if not (actor is None and source == AuditEvent.Source.COMMAND):
        require(can_publish(actor, kind, country), _("You may not publish this output."))
    start, end, language = check_request(
        kind=kind, country=country, start=start, end=end, language=language
    )
    output = _make(kind, country, start, end, language)
    publication = Publication(
        kind=kind,
        country=country,
        start=start,
        end=end,
        language=language,
        counted=output.counted[:300],
        published_at=timezone.now(),
        published_by=actor if getattr(actor, "is_authenticated", False) else None,
        figures={"rows": output.rows},
        file_name=output.file_name,
        content=output.content,
        sha256=hashlib.sha256(output.content).hexdigest(),
    )
    with transaction.atomic():
        publication.full_clean()
        publication.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=publication,
            changes=_audit_changes(publication),
            source=source,
        )
    return publication


def _audit_changes(publication: Publication) -> dict[str, Any]:
    return {
        "kind": publication.kind,
        "country": publication.country.code if publication.country else None,
        "start": publication.start.isoformat(),
        "end": publication.end.isoformat(),
        "language": publication.language,
        "file_name": publication.file_name,
        "sha256": publication.sha256,
        "figures": len(publication.figures["rows"]),
    }


def publication_withdraw(
    *,
    actor: Any,
    publication: Publication,
    reason: str,
    source: str = AuditEvent.Source.WEB,
) -> Publication:
    """Mark a publication withdrawn, with why (the MEL admin only). Its file and figures stay
    as published; the pages, the list and the API say it was withdrawn."""
    require(can_withdraw(actor), _("Only the MEL admin may withdraw a publication."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the publication is withdrawn.")})
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        if publication.withdrawn_at is not None:
            raise ValidationError(_("This publication has already been withdrawn."))
        publication.withdrawn_at = timezone.now()
        publication.withdrawn_by = actor
        publication.withdrawal_reason = reason
        publication.full_clean()
        publication.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        changes = {"withdrawn_at": [None, publication.withdrawn_at.isoformat()]}
        changes["withdrawal_reason"] = ["", reason]
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=publication,
            changes=changes,
            source=source,
        )
    return publication
