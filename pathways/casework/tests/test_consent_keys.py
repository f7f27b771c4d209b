"""The words of consents, overrides and referrals are sealed like a case note: a rotation of
the country's key reseals them and they still open; retention pseudonymises them with the
case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    CaseworkRole,
    ConsentOverride,
    ConsentRecord,
    DataKey,
    Referral,
    ReferralUpdate,
    ServiceType,
)
from pathways.casework.services import (
    consent_override,
    consent_record,
    consent_withdraw,
    data_key_rotate,
    retention_apply,
)
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.lib import crypto


def sealed_world(kh):
    shelter = make_agency(kh, "Sealed shelter")
    worker = staff(shelter, CaseworkRole.CASE_WORKER)
    supervisor = staff(shelter, CaseworkRole.CASE_SUPERVISOR)
    case = open_case_for(register(kh, shelter, age_band="25-34"), case_worker=worker)
    receiver = make_agency(kh, "Sealed receiver")
    consent = consent_record(
        actor=worker,
        case=case,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision="given",
        given_by="person",
        method="signature",
        language="km",
        interpreter_used=True,
        capacity_note="Capacity words",
        recipient_agencies=[receiver],
        sections=["summary"],
    )
    Referral.objects.create(
        country=kh,
        case=case,
        from_agency=shelter,
        from_user=worker,
        to_agency=receiver,
        service_type=ServiceType.LEGAL,
        urgency="urgent",
        consent_record=consent,
        status="offered",
        data_key_id=DataKey.objects.get(country=kh, purpose="encryption", is_active=True).key_id,
    )
    override = consent_override(
        actor=supervisor,
        case=case,
        kind=ConsentRecord.Kind.FAMILY_CONTACT,
        legal_basis="vital_interests",
        reason="Override words",
    )
    consent_withdraw(actor=worker, consent=consent, note="Withdrawal words")
    return case, consent, override


def test_rotation_reseals_consents_overrides_and_referral_threads_and_they_open(kh):
    case, consent, override = sealed_world(kh)
    entry = ReferralUpdate.objects.get(referral__case=case)
    sealing.seal_record(entry, {"note": "Thread words"})
    entry.save()
    old = DataKey.objects.get(country=kh, purpose="encryption", is_active=True)
    result = data_key_rotate(actor=None, country=kh)
    assert result.retired == (old.key_id,)
    consent.refresh_from_db()
    override.refresh_from_db()
    entry.refresh_from_db()
    assert crypto.key_id_of(bytes(consent.capacity_note_sealed)) == result.key_id
    assert crypto.key_id_of(bytes(override.reason_sealed)) == result.key_id
    assert crypto.key_id_of(bytes(entry.note_sealed)) == result.key_id
    assert sealing.open_record(consent, "capacity_note") == "Capacity words"
    assert sealing.open_record(consent, "withdrawal_note") == "Withdrawal words"
    assert sealing.open_record(override, "reason") == "Override words"
    assert sealing.open_record(entry, "note") == "Thread words"


def test_retention_pseudonymises_consent_words_with_the_case(kh):
    case, consent, override = sealed_world(kh)
    Case.objects.filter(pk=case.pk).update(
        stage=Case.Stage.CLOSED,
        status=Case.Status.CLOSED,
        closed_on=timezone.localdate() - dt.timedelta(days=4000),
    )
    done = retention_apply()
    assert done.clients == 1 and done.consent_and_referrals >= 3
    consent.refresh_from_db()
    override = ConsentOverride.objects.get(pk=override.pk)
    assert consent.capacity_note_sealed is None and consent.withdrawal_note_sealed is None
    assert not override.reason_sealed
    assert sealing.open_record(override, "reason") == ""
    # Tier 1 stays: what was consented to and when.
    assert consent.kind == "share_for_referral" and consent.withdrawn_at is not None
