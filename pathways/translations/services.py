"""Writes: a review recorded (accepted as it is, or corrected), and a language's .po file
exported with the reviews applied. Both audited."""

from __future__ import annotations

from typing import Any

import polib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.translations.access import get_language_for_reviewer
from pathways.translations.catalogs import Entry, catalog, load_pofile, nplurals_of
from pathways.translations.models import TranslationExport, TranslationReview
from pathways.translations.overlay import forget
from pathways.translations.placeholders import check_markers


def review_record(
    *,
    actor: Any,
    language: str,
    context: str,
    msgid: str,
    msgstr: list[str] | None,
    source: str = AuditEvent.Source.WEB,
) -> TranslationReview:
    """Record a native speaker's review of one entry: `msgstr` None accepts the text shown
    now (the catalog's, or an earlier review's), else it is the corrected text, one per
    plural form. Raises ValidationError, writing nothing, when the entry is not in the
    catalog or the text breaks its placeholders or tags."""
    get_language_for_reviewer(actor, language)
    found = catalog(language)
    entry = found.get(context, msgid)
    if entry is None:
        raise ValidationError(_("This text is not in the catalog (any more)."))
    with transaction.atomic():
        review = (
            TranslationReview.objects.select_for_update()
            .filter(language=language, context=context, msgid=msgid)
            .first()
        )
        before = snapshot(review) if review else {}
        current = tuple(review.msgstr) if review else entry.msgstr
        texts = current if msgstr is None else _normalised(entry, msgstr)
        _check(entry, texts, forms=found.nplurals if entry.msgid_plural else 1)
        if review is None:
            review = TranslationReview(language=language, context=context, msgid=msgid)
        review.msgid_plural = entry.msgid_plural
        review.msgstr = list(texts)
        review.reviewed_by = actor
        review.reviewed_at = timezone.now()
        review.full_clean()
        review.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            instance=review,
            changes=diff(before, snapshot(review)),
            source=source,
        )
        # This process shows the review on its next request; others within CHECK_EVERY.
        transaction.on_commit(forget)
    return review


def _normalised(entry: Entry, texts: list[str]) -> tuple[str, ...]:
    # Browsers send a text area's line breaks as CRLF; the catalog's are LF. A text starts
    # and ends with a line break exactly when its English source does (msgfmt checks it).
    def one(text: str) -> str:
        text = text.replace("\r\n", "\n").strip("\n")
        start = "\n" if entry.msgid.startswith("\n") else ""
        end = "\n" if entry.msgid.endswith("\n") else ""
        return f"{start}{text}{end}"

    return tuple(one(t) for t in texts)


def _check(entry: Entry, texts: tuple[str, ...], *, forms: int) -> None:
    if len(texts) != forms:
        raise ValidationError(
            _("This text has %(forms)d forms in this language, not %(given)d.")
            % {"forms": forms, "given": len(texts)}
        )
    if not all(t.strip() for t in texts):
        raise ValidationError(_("A translation cannot be empty."))
    sources = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else (entry.msgid,)
    check_markers(sources=sources, texts=texts)


def export_po(*, actor: Any, language: str, source: str = AuditEvent.Source.WEB) -> bytes:
    """The language's .po file with every review applied and its fuzzy mark cleared, to put
    in place of locale/<language>/LC_MESSAGES/django.po and commit."""
    get_language_for_reviewer(actor, language)
    po = load_pofile(language)
    nplurals = nplurals_of(po)
    reviews = {(r.context, r.msgid): r for r in TranslationReview.objects.filter(language=language)}
    applied = 0
    for entry in po:
        review = reviews.get((entry.msgctxt or "", entry.msgid))
        if review is None or entry.obsolete:
            continue
        if review.msgid_plural and len(review.msgstr) == nplurals:
            entry.msgstr_plural = dict(enumerate(review.msgstr))
        elif not review.msgid_plural:
            entry.msgstr = review.msgstr[0]
        else:
            continue  # the catalog's plural forms changed since the review: not applied
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        # The text it replaced is no earlier translation a reviewer needs to see again.
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        applied += 1
    with transaction.atomic():
        export = TranslationExport.objects.create(
            language=language, exported_by=actor, exported_at=timezone.now(), reviews=applied
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DOWNLOAD,
            instance=export,
            changes={"language": language, "reviews": applied},
            source=source,
        )
    return _po_bytes(po)


def _po_bytes(po: polib.POFile) -> bytes:
    return str(po).encode("utf-8")
