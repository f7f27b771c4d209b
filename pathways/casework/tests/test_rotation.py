from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pathways.audit.models import AuditEvent
from pathways.casework.models import Client, DataKey
from pathways.casework.sealing import decrypt_identity, reveal
from pathways.casework.services import rotation as services
from pathways.casework.tests.conftest import make_agency, reading, register, sample_identity
from pathways.lib import crypto

NAMES = ["Sokha", "Vanna", "Bopha", "Chenda", "Rathana"]


def five_clients(country, agency) -> list[Client]:
    return [
        register(country, agency, sample_identity(first_name=name, mobile_phone=""))
        for name in NAMES
    ]


def key_ids(country) -> set[str]:
    return set(Client.objects.filter(country=country).values_list("data_key_id", flat=True))


def test_rotation_reencrypts_every_client_and_retires_the_old_key(kh, kh_agency):
    five_clients(kh, kh_agency)
    old = DataKey.objects.get(country=kh, purpose="encryption", is_active=True)
    blind = DataKey.objects.get(country=kh, purpose="blind_index")
    result = services.data_key_rotate(actor=None, country=kh, batch_size=2)
    assert (result.rows, result.batches, result.resumed) == (5, 3, False)
    assert result.retired == (old.key_id,)
    assert key_ids(kh) == {result.key_id} != {old.key_id}
    for client, name in zip(Client.objects.filter(country=kh).order_by("id"), NAMES, strict=True):
        assert crypto.key_id_of(bytes(client.first_name_sealed)) == result.key_id
        assert reveal(client, "first_name", **reading()) == name
        assert reveal(client, "local_script_name", **reading()) == "ស្រីនាង ឆវណ្ណ"
    old.refresh_from_db()
    assert not old.is_active and old.retired_at is not None
    # Kept (a backup from before the rotation needs it), and the blind-index key unchanged.
    assert DataKey.objects.filter(pk=blind.pk, is_active=True).exists()


def test_an_interrupted_rotation_loses_nothing_and_a_second_run_finishes_it(
    kh, kh_agency, monkeypatch
):
    five_clients(kh, kh_agency)
    old_id = DataKey.objects.get(country=kh, purpose="encryption", is_active=True).key_id
    real = services._reseal_batch
    calls = []

    def failing_after_one_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("the server went down")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "_reseal_batch", failing_after_one_batch)
    with pytest.raises(RuntimeError):
        services.data_key_rotate(actor=None, country=kh, batch_size=2)
    new_id = DataKey.objects.get(country=kh, purpose="encryption", is_active=True).key_id
    # One batch went over; every client still reads, under whichever key it is.
    counts = {key: Client.objects.filter(data_key_id=key).count() for key in (old_id, new_id)}
    assert counts == {old_id: 3, new_id: 2}
    for client, name in zip(Client.objects.order_by("id"), NAMES, strict=True):
        assert reveal(client, "first_name", **reading()) == name
    # A client registered meanwhile is sealed with the new key.
    register(kh, kh_agency, sample_identity(first_name="Malis", mobile_phone=""))
    out = io.StringIO()
    call_command("casework_keys", "status", stdout=out)
    assert f"3 clients still under key {old_id}" in out.getvalue()
    assert DataKey.objects.get(key_id=old_id).retired_at is None

    monkeypatch.setattr(services, "_reseal_batch", real)
    result = services.data_key_rotate(actor=None, country=kh, batch_size=2)
    assert result.resumed and result.key_id == new_id and result.rows == 3
    assert result.retired == (old_id,)
    assert key_ids(kh) == {new_id}
    names = [reveal(c, "first_name", **reading()) for c in Client.objects.order_by("id")]
    assert names == [*NAMES, "Malis"]


def test_a_rotation_with_nothing_left_under_old_keys_makes_a_new_key(kh, kh_agency):
    five_clients(kh, kh_agency)
    first = services.data_key_rotate(actor=None, country=kh, batch_size=10)
    second = services.data_key_rotate(actor=None, country=kh, batch_size=10)
    assert second.key_id != first.key_id and not second.resumed
    assert second.retired == (first.key_id,)
    assert (
        DataKey.objects.filter(country=kh, purpose="encryption", retired_at__isnull=True).count()
        == 1
    )


def test_rotation_leaves_other_countries_alone(kh, la, kh_agency):
    five_clients(kh, kh_agency)
    in_la = register(la, make_agency(la), sample_identity(mobile_phone=""))
    la_key = in_la.data_key_id
    services.data_key_rotate(actor=None, country=kh, batch_size=2)
    in_la.refresh_from_db()
    assert in_la.data_key_id == la_key and reveal(in_la, "first_name", **reading()) == "Sreyneang"


def test_status_counts_rows_and_fields_under_older_keys(kh, kh_agency, monkeypatch):
    five_clients(kh, kh_agency)
    monkeypatch.setattr(services, "_reseal_batch", lambda *a, **k: 0)
    services.data_key_rotate(actor=None, country=kh, batch_size=2)
    out = io.StringIO()
    call_command("casework_keys", "status", stdout=out)
    # Each sample client has 7 sealed fields (no phone, middle name, nickname or home phone).
    filled = len([v for v in vars(sample_identity(mobile_phone="")).values() if v])
    assert f"{5 * filled} fields still under older keys" in out.getvalue()
    assert "rotate --country KH" in out.getvalue()


def test_the_rotate_command_reports_what_it_did(kh, kh_agency):
    five_clients(kh, kh_agency)
    out = io.StringIO()
    call_command("casework_keys", "rotate", "--country", "kh", "--batch-size", "3", stdout=out)
    text = out.getvalue()
    assert "5 clients re-encrypted in 2 batches" in text and "Retired keys" in text
    for value in NAMES:
        assert value not in text


@pytest.mark.parametrize(
    "args, message",
    [
        (["--country", "ZZ"], "No country has the code"),
        (["--country", "KH", "--batch-size", "0"], "at least 1"),
    ],
)
def test_the_rotate_command_refuses_bad_arguments(kh, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("casework_keys", "rotate", *args, stdout=io.StringIO())


def test_rotation_audits_key_changes_without_values(kh, kh_agency):
    five_clients(kh, kh_agency)
    before = AuditEvent.objects.count()
    result = services.data_key_rotate(actor=None, country=kh, batch_size=10)
    events = AuditEvent.objects.order_by("id")[before:]
    reprs = [e.object_repr for e in events]
    new_key = DataKey.objects.get(key_id=result.key_id)
    assert f"casework.DataKey {new_key.pk}" in reprs
    for event in events:
        assert set(event.changes) == {"fields"}
    assert result.key_id
    identity = decrypt_identity(Client.objects.first(), fields=["first_name"], **reading())
    assert identity.first_name == "Sokha"
