"""Writes to the results framework and achievements. Each checks the actor's role, validates,
writes and records the audit event in one transaction.

`actor=None` is the system (management commands, the demo loader): it is not checked.
Views always pass the signed-in user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.access import require, scope_for
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record, diff, snapshot
from pathways.programs.models import Country, Organisation
from pathways.results.access import can_set_evidence_public
from pathways.results.models import (
    Achievement,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    ReportedValue,
)
from pathways.results.uploads import check_upload

Status = Achievement.Status


def _check(actor: Any, allowed: bool, message: str | None = None) -> None:
    if actor is not None:
        require(allowed, message or _("You do not have the role to do this."))


def _source(actor: Any) -> str:
    return AuditEvent.Source.WEB if actor is not None else AuditEvent.Source.COMMAND


def _save(*, actor: Any, instance: Any, before: dict[str, Any], m2m: dict | None = None) -> None:
    """full_clean, save, set many-to-many values, and audit the difference."""
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    after = snapshot(instance)
    action = AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE
    audit_record(
        actor=actor,
        action=action,
        instance=instance,
        changes=diff(before, after),
        source=_source(actor),
    )


# --- Indicators and targets (regional MEL admin) --------------------------------------------


def indicator_save(*, actor: Any, indicator: Indicator | None = None, **values: Any) -> Indicator:
    """Create an indicator, or change the given one. Regional MEL admin only."""
    _check(actor, scope_for(actor).is_admin, _("Only the regional MEL admin defines indicators."))
    with transaction.atomic():
        before = snapshot(indicator) if indicator else {}
        indicator = indicator or Indicator()
        for name, value in values.items():
            setattr(indicator, name, value)
        _save(actor=actor, instance=indicator, before=before)
    return indicator


def target_set(
    *,
    actor: Any,
    indicator: Indicator,
    country: Country | None,
    period_start: dt.date,
    period_end: dt.date,
    target: Decimal,
    baseline: Decimal = Decimal(0),
    note: str = "",
    organisation: Organisation | None = None,
) -> IndicatorTarget:
    """Set the baseline and target of an indicator for a country (None: the region) and
    period, replacing an earlier one for the same scope and period. With `organisation`
    (one of the country's), the target is that partner's: for the events it runs or
    co-runs there, shown to the partner instead of the country's."""
    _check(actor, scope_for(actor).is_admin, _("Only the regional MEL admin sets targets."))
    key = {
        "indicator": indicator,
        "country": country,
        "organisation": organisation,
        "period_start": period_start,
        "period_end": period_end,
    }
    with transaction.atomic():
        row = IndicatorTarget.objects.filter(**key).first()
        before = snapshot(row) if row else {}
        row = row or IndicatorTarget(**key)
        row.baseline, row.target, row.note = baseline, target, note
        _save(actor=actor, instance=row, before=before)
    return row


def reported_value_save(
    *,
    actor: Any,
    indicator: Indicator,
    country: Country,
    period_start: dt.date,
    period_end: dt.date,
    value: Decimal,
    note: str = "",
    is_synthetic: bool = False,
) -> ReportedValue:
    """Enter (or correct) a hand-reported value: the country's manager or the admin."""
    _check(actor, scope_for(actor).can_manage_country(country.pk))
    if indicator.is_computed:
        raise ValidationError(_("This indicator is computed from records; it takes no values."))
    with transaction.atomic():
        row = ReportedValue.objects.filter(
            indicator=indicator, country=country, period_start=period_start, period_end=period_end
        ).first()
        before = snapshot(row) if row else {}
        row = row or ReportedValue(
            indicator=indicator, country=country, period_start=period_start, period_end=period_end
        )
        row.value, row.note, row.is_synthetic = value, note, is_synthetic
        row.reported_by = actor
        _save(actor=actor, instance=row, before=before)
    return row


# --- Achievements ---------------------------------------------------------------------------

ACHIEVEMENT_FIELDS = ("title", "text", "date", "outcome_area", "is_good_practice", "translations")


def _check_related_events(country_id: int, events: list[Any]) -> None:
    """An achievement shows its related events' titles to whoever sees the achievement:
    only events of its own country, which everyone editing it may see."""
    if any(event.country_id != country_id for event in events):
        raise ValidationError({"related_events": _("Related events must be in the same country.")})


def achievement_create(
    *,
    actor: Any,
    country: Country,
    partners: Iterable[Any] = (),
    related_events: Iterable[Any] = (),
    is_synthetic: bool = False,
    **values: Any,
) -> Achievement:
    """A new draft achievement: staff who edit in the country (data officers, managers)."""
    _check(actor, scope_for(actor).can_edit_in_country(country.pk))
    with transaction.atomic():
        achievement = Achievement(country=country, created_by=actor, is_synthetic=is_synthetic)
        for name in ACHIEVEMENT_FIELDS:
            if name in values:
                setattr(achievement, name, values[name])
        m2m = {"partners": list(partners), "related_events": list(related_events)}
        _check_related_events(country.pk, m2m["related_events"])
        _save(actor=actor, instance=achievement, before={}, m2m=m2m)
    return achievement


def achievement_update(
    *,
    actor: Any,
    achievement: Achievement,
    partners: Iterable[Any] | None = None,
    related_events: Iterable[Any] | None = None,
    **values: Any,
) -> Achievement:
    """Change a draft. Submitted and verified achievements are not edited in place: a
    manager sends a submitted one back to draft first."""
    _check(actor, scope_for(actor).can_edit_in_country(achievement.country_id))
    _check(actor, achievement.is_editable, _("Only a draft can be changed."))
    with transaction.atomic():
        before = snapshot(achievement)
        for name in ACHIEVEMENT_FIELDS:
            if name in values:
                setattr(achievement, name, values[name])
        m2m = {
            k: list(v)
            for k, v in (("partners", partners), ("related_events", related_events))
            if v is not None
        }
        _check_related_events(achievement.country_id, m2m.get("related_events", []))
        _save(actor=actor, instance=achievement, before=before, m2m=m2m)
    return achievement


def _transition(
    *, actor: Any, achievement: Achievement, to: str, allowed_from: tuple[str, ...], **extra: Any
) -> Achievement:
    if achievement.status not in allowed_from:
        raise ValidationError(
            _("This achievement is %(status)s; it cannot be moved to %(to)s.")
            % {"status": achievement.get_status_display(), "to": Status(to).label}
        )
    with transaction.atomic():
        before = snapshot(achievement)
        achievement.status = to
        for name, value in extra.items():
            setattr(achievement, name, value)
        _save(actor=actor, instance=achievement, before=before)
    return achievement


def achievement_submit(*, actor: Any, achievement: Achievement) -> Achievement:
    """Data officers (and managers) submit a draft for verification."""
    _check(actor, scope_for(actor).can_edit_in_country(achievement.country_id))
    return _transition(
        actor=actor,
        achievement=achievement,
        to=Status.SUBMITTED,
        allowed_from=(Status.DRAFT,),
        submitted_by=actor,
        submitted_at=timezone.now(),
    )


def achievement_verify(*, actor: Any, achievement: Achievement) -> Achievement:
    """The country manager (or the admin) verifies a submitted achievement."""
    _check(
        actor,
        scope_for(actor).can_manage_country(achievement.country_id),
        _("Only the country manager verifies achievements."),
    )
    return _transition(
        actor=actor,
        achievement=achievement,
        to=Status.VERIFIED,
        allowed_from=(Status.SUBMITTED,),
        verified_by=actor,
        verified_at=timezone.now(),
    )


def achievement_send_back(*, actor: Any, achievement: Achievement, comment: str) -> Achievement:
    """The country manager returns a submitted achievement to draft, saying why."""
    _check(
        actor,
        scope_for(actor).can_manage_country(achievement.country_id),
        _("Only the country manager sends achievements back."),
    )
    if not comment.strip():
        raise ValidationError(_("Say what needs to change before sending it back."))
    return _transition(
        actor=actor,
        achievement=achievement,
        to=Status.DRAFT,
        allowed_from=(Status.SUBMITTED,),
        review_comment=comment.strip(),
    )


# --- Evidence files -------------------------------------------------------------------------


def evidence_add(
    *,
    actor: Any,
    upload: IO[bytes],
    filename: str,
    achievement: Achievement | None = None,
    reported_value: ReportedValue | None = None,
) -> EvidenceFile:
    """Attach a checked file (size, type by content) to an achievement or reported value."""
    owner = achievement or reported_value
    if owner is None:
        raise ValueError("Evidence belongs to an achievement or a reported value.")
    scope = scope_for(actor)
    if achievement is not None:
        _check(actor, scope.can_edit_in_country(owner.country_id))
        _check(actor, achievement.is_editable, _("Evidence is added to drafts only."))
    else:
        _check(actor, scope.can_manage_country(owner.country_id))
    checked = check_upload(upload, filename)
    evidence = EvidenceFile(
        achievement=achievement,
        reported_value=reported_value,
        original_name=filename[:255],
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    evidence.file.save(evidence_name(evidence), ContentFile(checked.content), save=False)
    try:
        with transaction.atomic():
            _save(actor=actor, instance=evidence, before={})
    except Exception:
        evidence.file.delete(save=False)
        raise
    return evidence


def evidence_name(evidence: EvidenceFile) -> str:
    return f"{evidence.sha256}{evidence.extension}"


def evidence_set_public(*, actor: Any, evidence: EvidenceFile, public: bool) -> EvidenceFile:
    """Make a file public (everyone who sees its record may open it, the donor included) or
    staff only again.

    Only whoever may verify the record decides: the country manager or the admin. The
    request names the state wanted rather than toggling, so two managers saving the same
    choice at once agree and no version check is needed; the row lock orders them.
    """
    with transaction.atomic():
        evidence = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
        _check(
            actor,
            can_set_evidence_public(actor, evidence),
            _("Only the country manager decides which evidence is public."),
        )
        if evidence.public == public:
            return evidence
        before = snapshot(evidence)
        evidence.public = public
        _save(actor=actor, instance=evidence, before=before)
    return evidence
