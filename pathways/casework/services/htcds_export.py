"""Exporting a case in the HTCDS 2.0 (casework.md §6.3 rule 4, §10).

A file holds only the sections the user may see and export (`exportable_sections`), opened through
`reading.open_case`, which records the export in the access log, and is checked against the
committed schema before it leaves. The summary alone (tier 1) is exported at once, as JSON.
Anything more (identifiers, tier-3 sections) is first asked for (`export_request`), approved
or refused by a supervisor of the case's agency other than the requester, then prepared by
the requester — encrypted under a password shown once (`lib/passworded.py`) — and downloaded
once. Every file carries who exported it and when, inside and in its name.

The request's workflow is the table `EXPORT_MOVES`, moved by `transitions.fire`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import reading
from pathways.casework.access import acting_agency_id, holds_role
from pathways.casework.access_log import access_record
from pathways.casework.export_access import exportable_sections
from pathways.casework.htcds.export import build_document
from pathways.casework.htcds.schema import schema_errors
from pathways.casework.models import (
    AccessEvent,
    Case,
    CaseworkRole,
    ExportRequest,
    IdentificationDecision,
    Section,
)
from pathways.casework.services.identification_moves import authoritative_decision
from pathways.casework.transitions import TransitionRefused, fire, machine
from pathways.lib import passworded

State = ExportRequest.State
EXPORT_ACTIONS = {
    "approve": gettext_lazy("approved"),
    "refuse": gettext_lazy("refused"),
    "download": gettext_lazy("downloaded"),
}
EXPORT_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (State.REQUESTED, "approve"): State.APPROVED,
    (State.REQUESTED, "refuse"): State.REFUSED,
    (State.APPROVED, "download"): State.DOWNLOADED,
}
JSON_TYPE = "application/json"
PACKAGE_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str

    def __repr__(self) -> str:
        return f"ExportFile({self.filename!r}, {len(self.content)} bytes)"


class ExportInvalid(Exception):
    """The document built does not match the schema (a fault of the export, not the user)."""


# --- building the file ---------------------------------------------------------------------


def watermark(user: Any) -> str:
    return f"{user.display_name} ({user.get_username()})"


def file_name(case: Case, user: Any, at: dt.datetime, *, encrypted: bool) -> str:
    stamp = at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    who = slugify(user.get_username()) or f"user-{user.pk}"
    extension = "htcds.json.pwpkg" if encrypted else "htcds.json"
    return f"{case.case_number}-{who}-{stamp}.{extension}"


def _decision(case: Case) -> IdentificationDecision | None:
    """The client's identification in the case's country: the latest formal one, else the
    latest of any level (a presumed victim's preliminary decision)."""
    found = authoritative_decision(case.client_id, case.country_id)
    if found is None:
        decisions = case.client.identification_decisions.filter(country_id=case.country_id)
        found = decisions.order_by("-decided_at", "-id").first()
    return found


def case_document(
    user: Any,
    case: Case,
    sections: Iterable[str],
    at: dt.datetime,
    request: HttpRequest | None,
    via: str = AccessEvent.Via.WEB,
) -> dict[str, Any]:
    """Open the sections, build and check the document (ExportInvalid when it does not match
    the schema); the access event, an export, is written by the opening (or here, when only
    the summary is opened, which records nothing by itself). Also the body of a referral's
    package (`referral_package.py`)."""
    wanted = set(sections)
    view = reading.open_case(
        user,
        case,
        via=via,
        sections=wanted,
        request=request,
        action=AccessEvent.Action.EXPORT,
    )
    if view.sections <= {Section.SUMMARY}:
        access_record(
            user=user,
            action=AccessEvent.Action.EXPORT,
            client_ids=[case.client_id],
            fields=[],
            via=via,
            request=request,
            agency_id=acting_agency_id(user, case),
            case_id=case.pk,
        )
    document = build_document(
        view, decision=_decision(case), exported_by=watermark(user), exported_at=at
    )
    errors = schema_errors(document)
    if errors:
        raise ExportInvalid("; ".join(errors))
    return document


def _document(
    user: Any,
    case: Case,
    sections: Iterable[str],
    at: dt.datetime,
    request: HttpRequest | None,
    via: str = AccessEvent.Via.WEB,
) -> bytes:
    document = case_document(user, case, sections, at, request, via)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _checked_sections(user: Any, case: Case, sections: Iterable[str]) -> list[str]:
    chosen = sorted(set(sections))
    if not chosen:
        raise ValidationError({"sections": _("Choose at least one section to export.")})
    if not set(chosen) <= exportable_sections(user, case):
        raise ValidationError(
            {"sections": _("You may export only the sections offered to you for this case.")}
        )
    return chosen


def export_summary(
    *,
    actor: Any,
    case: Case,
    request: HttpRequest | None = None,
    via: str = AccessEvent.Via.WEB,
) -> ExportFile:
    """The case's summary (tier 1) as HTCDS JSON, at once; recorded as an export."""
    _checked_sections(actor, case, [Section.SUMMARY])
    at = timezone.now()
    with transaction.atomic():
        content = _document(actor, case, [Section.SUMMARY], at, request, via)
    return ExportFile(content, file_name(case, actor, at, encrypted=False), JSON_TYPE)


# --- the request and its approval ----------------------------------------------------------


def export_request(
    *,
    actor: Any,
    case: Case,
    sections: Iterable[str],
    source: str = AuditEvent.Source.WEB,
) -> ExportRequest:
    """Ask to export sections beyond the summary; a supervisor decides."""
    chosen = _checked_sections(actor, case, sections)
    if set(chosen) <= {Section.SUMMARY}:
        raise ValidationError(
            {"sections": _("The summary alone needs no approval: export it directly.")}
        )
    with transaction.atomic():
        export = ExportRequest(
            case=case, requested_by=actor, requested_at=timezone.now(), sections=chosen
        )
        export.full_clean()
        export.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=export,
            fields=["case", "requested_by", "requested_at", "sections", "state"],
            source=source,
        )
    return export


def _may_decide(export: ExportRequest, *, actor: Any, **_kwargs: Any) -> str | None:
    if export.requested_by_id == actor.pk:
        return _("Someone else must approve your own export: ask another supervisor.")
    if not holds_role(actor, export.case.owner_agency_id, CaseworkRole.CASE_SUPERVISOR):
        return _("Only a supervisor of the case's agency decides on its exports.")
    return None


def _decided(export: ExportRequest, *, actor: Any, **_kwargs: Any) -> list[str]:
    export.decided_by = actor
    export.decided_at = timezone.now()
    export.save(update_fields=["decided_by", "decided_at"])
    return ["decided_by", "decided_at"]


def _is_requester(export: ExportRequest, *, actor: Any, **_kwargs: Any) -> str | None:
    if export.requested_by_id != actor.pk:
        return _("Only the person who asked for the export downloads it.")
    if export.package is None:
        return _("Prepare the file first: its password is shown when it is prepared.")
    return None


def _downloaded(export: ExportRequest, **_kwargs: Any) -> list[str]:
    export.package = None
    export.downloaded_at = timezone.now()
    export.save(update_fields=["package", "downloaded_at"])
    return ["package", "downloaded_at"]


EXPORT_MACHINE = machine(
    ExportRequest,
    gettext_lazy("export request"),
    EXPORT_ACTIONS,
    EXPORT_MOVES,
    {
        "approve": (_may_decide, _decided),
        "refuse": (_may_decide, _decided),
        "download": (_is_requester, _downloaded),
    },
)


def export_approve(
    *, actor: Any, export: ExportRequest, source: str = AuditEvent.Source.WEB
) -> ExportRequest:
    return fire(EXPORT_MACHINE, export, "approve", actor=actor, source=source)


def export_refuse(
    *, actor: Any, export: ExportRequest, source: str = AuditEvent.Source.WEB
) -> ExportRequest:
    return fire(EXPORT_MACHINE, export, "refuse", actor=actor, source=source)


def export_prepare(
    *,
    actor: Any,
    export: ExportRequest,
    request: HttpRequest | None = None,
    via: str = AccessEvent.Via.WEB,
    source: str = AuditEvent.Source.WEB,
) -> str:
    """Make the approved file, encrypted, and return its password (shown once, never kept).
    Preparing again makes a new file under a new password."""
    if export.requested_by_id != actor.pk:
        raise TransitionRefused(_("Only the person who asked for the export prepares it."))
    if export.state != State.APPROVED:
        raise TransitionRefused(
            _("Only an approved export can be prepared; this one is “%(state)s”.")
            % {"state": export.get_state_display()}
        )
    password = passworded.new_password()
    at = timezone.now()
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if locked.state != State.APPROVED:
            raise TransitionRefused(_("This export changed meanwhile; reload the page."))
        # What the requester may still export now (a role lost since is not carried on).
        sections = set(export.sections) & exportable_sections(actor, export.case)
        plain = _document(actor, export.case, sections, at, request, via)
        export.package = passworded.encrypt(plain, password)
        export.package_name = file_name(export.case, actor, at, encrypted=True)
        export.prepared_at = at
        export.save(update_fields=["package", "package_name", "prepared_at"])
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=export,
            fields=["package", "package_name", "prepared_at"],
            source=source,
        )
    return password


def export_download(
    *, actor: Any, export: ExportRequest, source: str = AuditEvent.Source.WEB
) -> ExportFile:
    """The prepared file, once: the request is then downloaded and the file gone."""
    content = bytes(export.package) if export.package is not None else b""
    name = export.package_name
    fire(EXPORT_MACHINE, export, "download", actor=actor, source=source)
    return ExportFile(content, name, PACKAGE_TYPE)
