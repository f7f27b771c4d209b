"""Opening a case's values for a reader: the sections `access.permitted_sections` allows,
and only those, each read recorded in the access log in the same transaction. Pages, API
routes and exports get values from here and nowhere else."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext

from pathways.casework import attachments, sealing
from pathways.casework.access import (
    acting_agency_id,
    break_glass_grant,
    casework_scope,
    permitted_sections,
    screening_fields_readable,
    sections_for_cases,
)
from pathways.casework.access_log import access_record
from pathways.casework.access_staff import break_glass_reviewable, break_glass_reviewers_scope
from pathways.casework.models import (
    CASE_SEALED_FIELDS,
    SEALED_FIELDS,
    AccessEvent,
    Attachment,
    BreakGlassGrant,
    Case,
    CaseNote,
    Screening,
    Section,
)
from pathways.casework.sealing import ClientIdentity
from pathways.lib import crypto


def _record_case_read(
    user: Any,
    case: Case,
    *,
    action: str,
    fields: Iterable[str],
    via: str,
    request: HttpRequest | None,
) -> None:
    """One access event for a read of `case`: its client, the fields shown, and the agency
    the reader acts for."""
    access_record(
        user=user,
        action=action,
        client_ids=[case.client_id],
        fields=fields,
        via=via,
        request=request,
        agency_id=acting_agency_id(user, case),
        case_id=case.pk,
    )


# --- opening values ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseView:
    """What one reader may see of one case, opened and recorded: the sections permitted,
    the identifiers and sealed fields of those sections, and the notes in them."""

    case: Case
    sections: frozenset[str]
    identity: ClientIdentity | None
    fields: dict[str, str]
    notes: list[tuple[CaseNote, str]]
    break_glass: BreakGlassGrant | None

    def __repr__(self) -> str:
        return f"CaseView(case={self.case.pk}, sections={sorted(self.sections)})"


def open_case(
    user: Any,
    case: Case,
    *,
    via: str,
    sections: Iterable[str] | None = None,
    request: HttpRequest | None = None,
    action: str = AccessEvent.Action.VIEW,
) -> CaseView:
    """Open the sections of `case` the user may see (of `sections` when given), recording
    the read: one access event naming the case, the client and the fields shown. Sections
    beyond the summary are opened only when permitted; a case out of reach is a 404."""
    permitted = permitted_sections(user, case)
    if not permitted:
        raise Http404("No such case.")
    wanted = permitted if sections is None else permitted & set(sections)
    grant = break_glass_grant(user, case)
    if grant is not None and not (casework_scope(user).roles_at(case.owner_agency_id)):
        action = AccessEvent.Action.BREAK_GLASS
    fields = [name for name, section in CASE_SEALED_FIELDS.items() if section in wanted]
    note_sections = [s for s in wanted if s not in (Section.SUMMARY, Section.IDENTITY)]
    notes = list(case.notes.filter(section__in=note_sections).select_related("case__country"))
    shown = [*fields, *sorted({f"notes.{n.section}" for n in notes})]
    identity = None
    with transaction.atomic():
        if Section.IDENTITY in wanted:
            identity = sealing.decrypt_identity(
                case.client,
                fields=SEALED_FIELDS,
                reader=user,
                via=via,
                action=action,
                request=request,
                agency_id=acting_agency_id(user, case),
                case_id=case.pk,
                extra_fields=shown,
            )
        elif shown:
            _record_case_read(user, case, action=action, fields=shown, via=via, request=request)
        values = {name: sealing.open_record(case, name) for name in fields}
        opened_notes = [(note, sealing.open_record(note, "text")) for note in notes]
    return CaseView(case, wanted, identity, values, opened_notes, grant)


def list_identities(
    user: Any,
    cases: Sequence[Case],
    *,
    fields: Sequence[str],
    via: str,
    request: HttpRequest | None = None,
) -> dict[int, ClientIdentity]:
    """The named identifiers of each listed case's client the user may see (case id ->
    identity), only those columns opened, recorded as one "listed with identifiers" event per
    client in one insert. Cases whose identity section is not permitted are left out."""
    permitted = sections_for_cases(user, cases)
    shown = [c for c in cases if Section.IDENTITY in permitted[c.pk]]
    if not shown or not fields:
        return {}
    agencies = casework_scope(user).roles
    with transaction.atomic():
        access_record(
            user=user,
            action=AccessEvent.Action.LIST_WITH_IDENTIFIERS,
            client_ids=[c.client_id for c in shown],
            fields=fields,
            via=via,
            request=request,
            # The agency the reader works for, when it is one.
            agency_id=next(iter(agencies)) if len(agencies) == 1 else None,
        )
        return {c.pk: sealing.identity_unrecorded(c.client, fields) for c in shown}


@dataclass(frozen=True)
class BreakGlassReasons:
    """A break-glass use's reason in its user's words and its reviewer's comment, opened."""

    reason: str
    review_note: str

    def __repr__(self) -> str:
        return "BreakGlassReasons(...)"


def open_break_glass_reasons(
    user: Any, grant: BreakGlassGrant, *, via: str, request: HttpRequest | None = None
) -> BreakGlassReasons:
    """The reason (and the review's comment, once written) of a use the user reviews, the
    read recorded as one access event on the case; 404 for anyone else."""
    if not break_glass_reviewable(user).filter(pk=grant.pk).exists():
        raise Http404("No such break-glass use.")
    shown = ["break_glass_reason"]
    if grant.review_note_sealed is not None:
        shown.append("break_glass_review_note")
    supervised, _audited = break_glass_reviewers_scope(user)
    with transaction.atomic():
        access_record(
            user=user,
            action=AccessEvent.Action.VIEW,
            client_ids=[grant.case.client_id],
            fields=shown,
            via=via,
            request=request,
            agency_id=grant.case.owner_agency_id
            if grant.case.owner_agency_id in supervised
            else None,
            case_id=grant.case_id,
        )
        return BreakGlassReasons(
            reason=sealing.open_record(grant, "reason"),
            review_note=sealing.open_record(grant, "review_note"),
        )


# --- attachments -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentView:
    """One attachment as a reader sees it in a list: its kind, section, type, size and date
    always; its file name only when its section is permitted (`filename` None otherwise)."""

    attachment: Attachment
    filename: str | None

    @property
    def permitted(self) -> bool:
        return self.filename is not None

    def __repr__(self) -> str:
        return f"AttachmentView(attachment={self.attachment.pk}, permitted={self.permitted})"


def list_attachments(
    user: Any, case: Case, *, via: str, request: HttpRequest | None = None
) -> list[AttachmentView]:
    """The case's attachments, each file name opened only when the user may see its section;
    the names shown recorded as one access event ("attachments"). A case out of reach is a
    404."""
    permitted = permitted_sections(user, case)
    if not permitted:
        raise Http404("No such case.")
    rows = list(case.attachments.select_related("case__country"))
    shown = [a for a in rows if a.section in permitted]
    with transaction.atomic():
        if shown:
            _record_case_read(
                user,
                case,
                action=AccessEvent.Action.VIEW,
                fields=["attachments"],
                via=via,
                request=request,
            )
        names = {a.pk: sealing.open_record(a, "filename") for a in shown}
    return [AttachmentView(a, names.get(a.pk)) for a in rows]


@dataclass(frozen=True)
class OpenedAttachment:
    filename: str
    content_type: str
    data: bytes

    def __repr__(self) -> str:
        return f"OpenedAttachment({self.content_type}, {len(self.data)} bytes)"


def open_attachment(
    user: Any,
    case: Case,
    pk: int | str,
    *,
    via: str,
    request: HttpRequest | None = None,
) -> OpenedAttachment:
    """Attachment `pk` of `case`, opened for download: 404 unless the user may see its
    section (as if it did not exist), the download recorded (`download_attachment`,
    "attachments") in the same transaction. attachments.AttachmentUnreadable, with nothing
    recorded and nothing returned, when its stored file is missing or does not open."""
    try:
        attachment = case.attachments.select_related("case__country").get(pk=int(pk))
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such attachment.") from exc
    if attachment.section not in permitted_sections(user, case):
        raise Http404("No such attachment.")
    with transaction.atomic():
        _record_case_read(
            user,
            case,
            action=AccessEvent.Action.DOWNLOAD_ATTACHMENT,
            fields=["attachments"],
            via=via,
            request=request,
        )
        try:
            data = sealing.open_bytes(attachment, attachments.read_blob(attachment))
            filename = sealing.open_record(attachment, "filename")
        except crypto.CryptoError:
            raise attachments.AttachmentUnreadable(
                gettext(
                    "This attachment cannot be opened: its stored file was altered, damaged "
                    "or swapped with another. Nothing was downloaded. An administrator can "
                    "restore the casework files from a backup."
                )
            ) from None
    return OpenedAttachment(filename, attachment.content_type, data)


# --- screenings --------------------------------------------------------------------------------


def screening_answers_for_services(screening: Screening) -> dict[str, str]:
    """A screening's answers (indicator code -> yes/no/unknown/refused), opened for the
    screening services only: to merge new answers into them and to run the rule. Nothing
    here reaches a reader, so nothing is recorded; a page showing answers will open them
    through a function that records the read."""
    text = sealing.open_record(screening, "answers")
    return json.loads(text) if text else {}


def screening_sealed_for_services(screening: Screening, name: str) -> str:
    """One sealed text of a screening for a service or a page to build on (an addition
    appended to the restricted field by a screener who may not read it), never shown."""
    return sealing.open_record(screening, name)


@dataclass(frozen=True)
class ScreeningView:
    """What one reader may see of a screening's sealed fields, opened and recorded."""

    screening: Screening
    readable: frozenset[str]
    answers: dict[str, str]
    texts: dict[str, str]

    def __repr__(self) -> str:
        return f"ScreeningView(screening={self.screening.pk}, readable={sorted(self.readable)})"


def open_screening(
    user: Any,
    screening: Screening,
    *,
    via: str,
    fields: Iterable[str] | None = None,
    request: HttpRequest | None = None,
) -> ScreeningView:
    """Open the sealed fields of `screening` the user may read (of `fields` when given),
    recording the read as one access event naming the screening (and its client and case,
    once it has them) and the fields holding something. A screening out of reach is a 404."""
    readable = screening_fields_readable(user, screening)
    if not readable:
        raise Http404("No such screening.")
    wanted = readable if fields is None else readable & set(fields)
    held = [n for n in sorted(wanted) if getattr(screening, f"{n}_sealed") is not None]
    roles = casework_scope(user).roles_at(screening.screening_agency_id)
    with transaction.atomic():
        if held:
            access_record(
                user=user,
                action=AccessEvent.Action.VIEW,
                client_ids=[screening.client_id] if screening.client_id else [],
                fields=[f"screening.{n}" for n in held],
                via=via,
                request=request,
                agency_id=screening.screening_agency_id if roles else None,
                case_id=screening.case_id,
                screening_id=screening.pk,
            )
        texts = {n: sealing.open_record(screening, n) for n in held if n != "answers"}
        answers_text = sealing.open_record(screening, "answers") if "answers" in held else ""
    answers = json.loads(answers_text) if answers_text else {}
    return ScreeningView(screening, wanted, answers, texts)
