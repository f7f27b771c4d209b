"""Referrals to agencies not on Pathways (casework.md §3.4 external referral, §7.3): the
encrypted HTCDS package of a referral, and its import on the receiving side.

Export: the sender's case team takes an offered referral of manual transport away as a file
holding only the sections the referral shares (opened through `reading.open_case`, which
records the export in the access log) and the referral's own facts, encrypted under a fresh
password shown once and sent by another channel (`htcds/package.py`, `lib/passworded.py`).
The receiving agency's answer is then recorded by hand by the sender.

Import: a case supervisor of an agency on Pathways (another deployment, say) opens the file
with its password; a file cut short, altered, under another password, or of another format
or version is refused with its own reason and nothing is written. A preview names what the
package holds, section by section (field names, never values); the import registers the
person as a client of the agency, their identifiers sealed, and opens a case for them with
the shared sections and notes, noting where it came from (`ReferralPackageImport`). The same
referral imported again into the same agency adds nothing and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.access import casework_scope, holds_role, require_case_action
from pathways.casework.export_access import exportable_sections
from pathways.casework.htcds import package as htcds_package
from pathways.casework.htcds.package import PackageContent, PackageRefused
from pathways.casework.models import (
    AccessEvent,
    Case,
    CaseworkRole,
    Referral,
    ReferralPackageImport,
)
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services.cases import case_note_add, case_open
from pathways.casework.services.clients import NAME_FIELDS, client_register
from pathways.casework.services.htcds_export import case_document
from pathways.casework.transitions import TransitionRefused
from pathways.lib import passworded
from pathways.programs.models import Organisation

__all__ = [
    "PackageImported",
    "PackagePreview",
    "PackageRefused",
    "ReferralPackage",
    "importing_agencies",
    "referral_package_export",
    "referral_package_import",
    "referral_package_preview",
]

PACKAGE_TYPE = "application/octet-stream"


class ReferralPackage(NamedTuple):
    """The file, its name and the password that opens it (shown once, kept nowhere)."""

    content: bytes
    filename: str
    password: str

    def __repr__(self) -> str:
        return f"ReferralPackage({self.filename!r}, {len(self.content)} bytes)"


# --- export ------------------------------------------------------------------------------------


def package_file_name(referral: Referral, at: dt.datetime) -> str:
    stamp = at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    short = str(referral.global_id).split("-", 1)[0]
    return f"{referral.case.case_number}-referral-{short}-{stamp}.{htcds_package.EXTENSION}"


def require_package_export(user: Any, referral: Referral) -> None:
    """404 for a referral whose case the user may not see; 403 unless they are the sending
    case's team (its case worker or team member, or a supervisor of the owner agency)."""
    require_case_action(user, referral.case, "refer")
    if referral.from_agency_id != referral.case.owner_agency_id:
        raise PermissionDenied(_("Only the sending agency exports the referral's package."))


def package_refusal(referral: Referral) -> str | None:
    """Why the referral's package cannot be exported now, or None."""
    if referral.transport != Referral.Transport.MANUAL:
        return _("This referral goes to its agency through Pathways: there is no package to send.")
    if referral.status != Referral.Status.OFFERED:
        return _(
            "Only an offered referral's package is exported; this referral is “%(status)s”."
        ) % {"status": referral.get_status_display()}
    return None


def referral_package_export(
    *,
    actor: Any,
    referral: Referral,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
    request: HttpRequest | None = None,
    via: str = AccessEvent.Via.WEB,
) -> ReferralPackage:
    """The package of an offered referral of manual transport: its shared sections (those of
    them the actor may export) and its facts, encrypted under a new password returned with
    it. Recorded as an export in the access log and audited as a download. Http404 or
    PermissionDenied out of the sending team; TransitionRefused, nothing written, for a
    referral not offered or going through Pathways. Exporting again makes a new file under a
    new password."""
    require_package_export(actor, referral)
    refusal = package_refusal(referral)
    if refusal:
        raise TransitionRefused(refusal)
    now = now or timezone.now()
    password = passworded.new_password()
    case = referral.case
    with transaction.atomic():
        sections = set(referral.shared_sections) & exportable_sections(actor, case)
        document = case_document(actor, case, sections, now, request, via)
        plain = htcds_package.package_json(referral, document)
        content = htcds_package.seal(plain, password)
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.DOWNLOAD,
            instance=referral,
            fields=["package", *(f"sections.{s}" for s in sorted(sections))],
            source=source,
        )
    return ReferralPackage(content, package_file_name(referral, now), password)


# --- import ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackagePreview:
    """What a package holds (no value of it), for the agency importing it, and the case an
    earlier import of the same referral opened there, if any."""

    content: PackageContent
    agency: Organisation
    existing: ReferralPackageImport | None

    def __repr__(self) -> str:
        return f"PackagePreview({self.content!r}, agency={self.agency.pk})"


@dataclass(frozen=True)
class PackageImported:
    """The import's record; `created` is False when the referral was imported before."""

    record: ReferralPackageImport
    created: bool


def importing_agencies(user: Any) -> QuerySet[Organisation]:
    """The agencies the user imports packages for: those where they are a case supervisor."""
    agencies = casework_scope(user).agencies_with(CaseworkRole.CASE_SUPERVISOR)
    return Organisation.objects.filter(pk__in=agencies).order_by("name")


def _agency(actor: Any, agency: Organisation | None) -> Organisation:
    if agency is None:
        choices = list(importing_agencies(actor)[:2])
        if len(choices) != 1:
            if not choices:
                raise PermissionDenied(_("Only a case supervisor imports a referral package."))
            raise ValidationError({"agency": _("Choose the agency the package is imported for.")})
        agency = choices[0]
    if not holds_role(actor, agency.pk, CaseworkRole.CASE_SUPERVISOR):
        raise PermissionDenied(_("Only a case supervisor of the agency imports a package for it."))
    return agency


def _content(file: bytes, password: str) -> PackageContent:
    package = htcds_package.open_package(bytes(file), password or "")
    try:
        content = htcds_package.content_of(package)
    except (KeyError, TypeError, ValueError):
        raise PackageRefused(
            "invalid", _("The package does not match its format: nothing can be imported.")
        ) from None
    if not any(content.identity.get(name) for name in NAME_FIELDS):
        raise PackageRefused(
            "no_identity",
            _(
                "The package does not share the person's name, so no one can be registered "
                "from it. Ask the sending agency to share the identity section."
            ),
        )
    return content


def _not_sent_by(agency: Organisation, content: PackageContent) -> None:
    """An agency does not import its own referral: the person is already its client here."""
    sent = Referral.objects.filter(global_id=content.referral["global_id"], from_agency=agency)
    if sent.exists():
        raise PackageRefused(
            "own_referral",
            _("Your agency sent this referral: the person's case is already here."),
        )


def _existing(agency: Organisation, content: PackageContent) -> ReferralPackageImport | None:
    return (
        ReferralPackageImport.objects.select_related("case")
        .filter(agency=agency, referral_global_id=content.referral["global_id"])
        .first()
    )


def referral_package_preview(
    *, actor: Any, file: bytes, password: str, agency: Organisation | None = None
) -> PackagePreview:
    """Open and check the package, write nothing: PackageRefused naming why it cannot be
    imported; PermissionDenied unless the actor is a case supervisor of the agency."""
    agency = _agency(actor, agency)
    content = _content(file, password)
    _not_sent_by(agency, content)
    return PackagePreview(content, agency, _existing(agency, content))


def _registered(
    actor: Any, agency: Organisation, content: PackageContent, now: dt.datetime, source: str
) -> Case:
    person = content.person
    client = client_register(
        actor=actor,
        country=agency.country,
        owner_agency=agency,
        identity=ClientIdentity(**content.identity),
        sex=person["sex"] or "unknown",
        age_band=person["age_band"] or "unknown",
        nationality=person["nationality"],
        is_stateless=person["is_stateless"],
        birthdate_precision=person["birthdate_precision"]
        if content.identity.get("birthdate")
        else "",
        identity_document_type=person["identity_document_type"]
        if content.identity.get("identity_number")
        else "",
        source=source,
    )
    case = case_open(
        actor=actor,
        client=client,
        supervisor=actor,
        opened_on=timezone.localdate(now),
        exploitation_type=content.exploitation_type,
        exploitation_country=content.exploitation_country,
        sections=content.case_fields,
        source=source,
    )
    for section, written_at, text in content.notes:
        case_note_add(
            actor=actor, case=case, text=text, section=section, written_at=written_at or now
        )
    return case


def _record(
    actor: Any, agency: Organisation, case: Case, content: PackageContent, now: dt.datetime
) -> ReferralPackageImport:
    facts = content.referral
    respond_by = facts.get("respond_by")
    record = ReferralPackageImport(
        agency=agency,
        case=case,
        referral_global_id=facts["global_id"],
        from_agency_name=facts["from_agency"],
        from_country=facts.get("from_country", ""),
        from_case_number=facts.get("case_number", ""),
        service_type=facts["service_type"],
        urgency=facts["urgency"],
        respond_by=dt.datetime.fromisoformat(respond_by) if respond_by else None,
        sections=list(content.sections),
        imported_by=actor,
        imported_at=now,
    )
    record.full_clean()
    record.save()
    return record


def referral_package_import(
    *,
    actor: Any,
    file: bytes,
    password: str,
    agency: Organisation | None = None,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> PackageImported:
    """Import the package for `agency` (the actor's only supervised agency when not given): a
    new client, their identifiers sealed, and an open case supervised by the actor holding
    the package's sections and notes, with its origin recorded. PackageRefused (or
    ValidationError naming the fields), nothing written, for a package that cannot be
    imported; the referral imported before into the agency gives its record back,
    `created` False, and writes nothing."""
    agency = _agency(actor, agency)
    content = _content(file, password)
    _not_sent_by(agency, content)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            existing = _existing(agency, content)
            if existing is not None:
                return PackageImported(existing, created=False)
            case = _registered(actor, agency, content, now, source)
            record = _record(actor, agency, case, content, now)
            audit_record_without_values(
                actor=actor,
                action=AuditEvent.Action.IMPORT,
                instance=record,
                fields=["agency", "case", "referral_global_id", "from_agency_name", "sections"],
                source=source,
            )
    except IntegrityError:
        # Imported by someone else at the same moment: theirs stands.
        existing = _existing(agency, content)
        if existing is None:
            raise
        return PackageImported(existing, created=False)
    except ValidationError as error:
        fields = ", ".join(sorted(getattr(error, "message_dict", {}) or ["package"]))
        raise PackageRefused(
            "invalid",
            _("The package's values could not be registered (%(fields)s): nothing was imported.")
            % {"fields": fields},
        ) from None
    return PackageImported(record, created=True)
