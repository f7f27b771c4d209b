"""The access log: every opening of identifiers recorded by ids and field names, each day
hashed into the audit chain, and tampering found by `verify_audit`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework import access_log
from pathways.casework.access_log import access_record, ip_prefix
from pathways.casework.models import SEALED_FIELDS, AccessEvent, AccessLogDay, Client
from pathways.casework.sealing import decrypt_identity, reveal
from pathways.casework.services import data_key_rotate
from pathways.casework.tests.conftest import (
    a_reader,
    make_agency,
    reading,
    register,
    sample_identity,
)
from pathways.jobs.periodic import periodic_entries
from pathways.lib import crypto

pytestmark = pytest.mark.django_db


def anchors() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(content_type__model="accesslogday").order_by("id"))


def days_ago(n: int) -> dt.date:
    return timezone.now().astimezone(dt.UTC).date() - dt.timedelta(days=n)


def move_to(day: dt.date, hour: int = 12) -> None:
    """Put every access event on `day` (they were written now), one second apart."""
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
    for i, pk in enumerate(AccessEvent.objects.order_by("id").values_list("id", flat=True)):
        AccessEvent.objects.filter(pk=pk).update(at=start + dt.timedelta(seconds=i))


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def failure(command: str, *args: str) -> str:
    with pytest.raises(CommandError) as excinfo:
        run(command, *args)
    return str(excinfo.value)


def reads_on(day: dt.date, kh, kh_agency, n: int = 3) -> list[Client]:
    clients = [register(kh, kh_agency) for _ in range(n)]
    for client in clients:
        decrypt_identity(client, fields=["first_name", "mobile_phone"], **reading())
    move_to(day)
    return clients


# --- recording ---------------------------------------------------------------------------


def test_decrypting_an_identity_records_one_event_with_ids_and_field_names(kh, kh_agency):
    client = register(kh, kh_agency)
    reader = a_reader()
    identity = decrypt_identity(
        client, fields=["mobile_phone", "first_name", "first_name"], reader=reader, via="web"
    )
    assert identity.first_name == "Sreyneang"
    [event] = AccessEvent.objects.all()
    assert (event.user, event.recorded_user_id, event.client_id) == (reader, reader.pk, client.pk)
    assert event.fields == ["first_name", "mobile_phone"]
    assert (event.action, event.via, event.case_id, event.agency_id) == ("view", "web", None, None)
    assert event.request_id == "" and event.ip_prefix == ""


def test_reveal_records_the_one_field_read(kh, kh_agency):
    client = register(kh, kh_agency)
    assert reveal(client, "identity_number", **reading(action="print")) == "N0123-4567"
    [event] = AccessEvent.objects.all()
    assert (event.fields, event.action) == (["identity_number"], "print")


@pytest.mark.parametrize("reader", [None, AnonymousUser()])
def test_no_identifier_is_opened_without_a_signed_in_reader(kh, kh_agency, reader):
    client = register(kh, kh_agency)
    with pytest.raises(ValueError, match="signed-in user"):
        decrypt_identity(client, fields=["first_name"], reader=reader, via="web")
    with pytest.raises(TypeError):
        decrypt_identity(client, fields=["first_name"])  # reader and via are required
    assert not AccessEvent.objects.exists()


def test_a_value_that_does_not_open_leaves_no_event(kh, kh_agency):
    client = register(kh, kh_agency)
    sealed = bytearray(client.email_sealed)
    sealed[-3] ^= 0xFF
    Client.objects.filter(pk=client.pk).update(email_sealed=bytes(sealed))
    client.refresh_from_db()
    with pytest.raises(crypto.TamperedCiphertext):
        decrypt_identity(client, fields=["first_name", "email"], **reading())
    assert not AccessEvent.objects.exists()


def test_a_list_records_one_event_per_client_and_refuses_bad_input(kh, kh_agency):
    clients = [register(kh, kh_agency) for _ in range(3)]
    events = access_record(
        user=a_reader(),
        action=AccessEvent.Action.LIST_WITH_IDENTIFIERS,
        client_ids=[c.pk for c in clients],
        fields=["last_name", "first_name"],
        via="api",
    )
    assert len(events) == 3
    assert sorted(AccessEvent.objects.values_list("client_id", flat=True)) == [
        c.pk for c in clients
    ]
    bad = {"client_ids": [clients[0].pk], "fields": ["first_name"], "via": "web"}
    with pytest.raises(ValueError, match="not an access action"):
        access_record(user=a_reader(), action="peek", **bad)
    with pytest.raises(ValueError, match="web, api or command"):
        access_record(user=a_reader(), action="view", **{**bad, "via": "fax"})
    # Anything but a field's name might be a value passed by mistake: refused, not logged.
    with pytest.raises(ValueError, match="Not field names"):
        access_record(user=a_reader(), action="view", **{**bad, "fields": ["Sreyneang"]})
    assert AccessEvent.objects.count() == 3


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12:1::5", "2001:db8:abcd::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("not an address", ""),
        (None, ""),
    ],
)
def test_the_ip_prefix_keeps_the_network_never_the_address(address, prefix):
    assert ip_prefix(address) == prefix


def test_a_request_gives_the_network_and_one_request_id_for_all_its_events(kh, kh_agency):
    client = register(kh, kh_agency)
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.23")
    reveal(client, "first_name", **reading(via="web", request=request))
    reveal(client, "last_name", **reading(via="web", request=request))
    first, second = AccessEvent.objects.order_by("id")
    assert first.ip_prefix == second.ip_prefix == "198.51.100.0/24"
    assert first.request_id and first.request_id == second.request_id
    sent = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-42", REMOTE_ADDR="198.51.100.23")
    assert reveal(client, "first_name", **reading(via="web", request=sent))
    assert AccessEvent.objects.order_by("-id").first().request_id == "req-42"
    forged = RequestFactory().get("/", HTTP_X_REQUEST_ID="<script>", REMOTE_ADDR="::1")
    reveal(client, "first_name", **reading(via="web", request=forged))
    assert AccessEvent.objects.order_by("-id").first().request_id != "<script>"


def test_no_identifier_or_address_enters_the_access_table(kh, kh_agency):
    identity = sample_identity(middle_name="Bopha", home_phone="017 234 567", nickname="Neang")
    client = register(kh, kh_agency, identity)
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.77")
    decrypt_identity(client, fields=SEALED_FIELDS, **reading(via="web", request=request))
    for field in SEALED_FIELDS:
        reveal(client, field, **reading())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AccessEvent._meta.db_table}")
        dump = repr(cursor.fetchall())
    secrets = [
        "Sreyneang",
        "Chhorvann",
        "Bopha",
        "Neang",
        "ស្រីនាង",
        "ឆវណ្ណ",
        "2006-03-14",
        # Whole values and the forms a blind index normalises them to: a fragment as short as
        # "4567" turns up by chance in a timestamp's microseconds.
        "N0123-4567",
        "N01234567",
        "12345678",
        "17234567",
        "example.org",
        "Street 271",
        "Phnom Penh",
        "203.0.113.77",
    ]
    assert AccessEvent.objects.count() == 1 + len(SEALED_FIELDS)
    assert [s for s in secrets if s.lower() in dump.lower()] == []


def test_rotation_opens_every_value_and_records_no_read(kh, kh_agency):
    for _ in range(3):
        register(kh, kh_agency)
    result = data_key_rotate(actor=None, country=kh)
    assert result.rows == 3
    assert not AccessEvent.objects.exists()
    assert reveal(Client.objects.first(), "first_name", **reading()) == "Sreyneang"


# --- the daily anchor -----------------------------------------------------------------------


def test_anchoring_a_day_writes_one_audit_event_with_its_count_and_hash(kh, kh_agency):
    day = days_ago(2)
    reads_on(day, kh, kh_agency)
    output = run("anchor_access_log", "--date", day.isoformat())
    assert f"{day.isoformat()}: anchored 3 events" in output
    [entry] = anchors()
    count, digest = access_log.day_digest(day)
    assert entry.changes == {"day": day.isoformat(), "events": 3, "hash": digest}
    assert count == 3 and entry.object_repr == f"Access log {day.isoformat()}"
    assert "Sreyneang" not in repr(entry.changes) + entry.object_repr
    assert run("verify_audit") == "ok\n"


def test_anchoring_twice_adds_nothing(kh, kh_agency):
    day = days_ago(2)
    reads_on(day, kh, kh_agency)
    run("anchor_access_log", "--date", day.isoformat())
    audit_rows = AuditEvent.objects.count()
    output = run("anchor_access_log", "--date", day.isoformat())
    assert "already anchored (3 events), unchanged" in output
    assert AuditEvent.objects.count() == audit_rows and len(anchors()) == 1


def test_the_hash_follows_every_column_and_the_order_of_events(kh, kh_agency):
    day = days_ago(2)
    reads_on(day, kh, kh_agency)
    before = access_log.day_digest(day)
    last = AccessEvent.objects.order_by("-id").first()
    for change in ({"via": "api"}, {"fields": ["first_name"]}, {"ip_prefix": "10.0.0.0/24"}):
        AccessEvent.objects.filter(pk=last.pk).update(**change)
        assert access_log.day_digest(day) != before
        AccessEvent.objects.filter(pk=last.pk).update(
            via=last.via, fields=last.fields, ip_prefix=last.ip_prefix
        )
    assert access_log.day_digest(day) == before


def test_the_periodic_run_anchors_every_finished_day_once_including_quiet_ones(kh, kh_agency):
    reads_on(days_ago(3), kh, kh_agency, n=2)
    output = run("anchor_access_log")
    anchored = {entry.changes["day"]: entry.changes["events"] for entry in anchors()}
    last = access_log.last_day_to_anchor()
    expected_days = (last - days_ago(3)).days + 1
    assert len(anchored) == expected_days and anchored[days_ago(3).isoformat()] == 2
    # A day without reads is anchored with none, so none can be slipped into it later.
    assert anchored[days_ago(2).isoformat()] == 0
    assert days_ago(0).isoformat() not in anchored and "anchored 2 events" in output
    assert "Nothing to anchor" in run("anchor_access_log")
    assert len(anchors()) == expected_days


def test_a_day_not_over_cannot_be_anchored(kh, kh_agency):
    decrypt_identity(register(kh, kh_agency), fields=["first_name"], **reading())
    assert "not over yet" in failure("anchor_access_log", "--date", days_ago(0).isoformat())
    assert not anchors() and not AccessLogDay.objects.exists()


def test_a_malformed_date_is_refused():
    assert "--date" in failure("anchor_access_log", "--date", "7 December")


def test_the_command_is_declared_periodic(settings):
    entry = settings.PERIODIC_COMMANDS["anchor_access_log"]
    assert entry["command"] == "anchor_access_log" and 0 < entry["every"] <= 86400
    assert "anchor_access_log" in [e.command for e in periodic_entries()]


# --- tampering ----------------------------------------------------------------------------


def _edit(day):
    AccessEvent.objects.filter(pk=AccessEvent.objects.order_by("id")[1].pk).update(
        user=None, recorded_user_id=a_reader("someone-else").pk
    )


def _delete(day):
    with connection.cursor() as cursor:
        table = AccessEvent._meta.db_table
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [AccessEvent.objects.last().pk])


def _insert(day):
    event = AccessEvent.objects.first()
    event.pk = None
    event.at = dt.datetime.combine(day, dt.time(23, 59), tzinfo=dt.UTC)
    event.save()


@pytest.mark.parametrize("tamper", [_edit, _delete, _insert], ids=["edit", "delete", "insert"])
def test_tampering_with_an_anchored_day_fails_verification_naming_the_day(kh, kh_agency, tamper):
    day, other = days_ago(2), days_ago(4)
    reads_on(day, kh, kh_agency)
    run("anchor_access_log", "--date", other.isoformat())
    run("anchor_access_log", "--date", day.isoformat())
    assert run("verify_audit") == "ok\n"
    tamper(day)
    message = failure("verify_audit")
    assert f"Access log of {day.isoformat()} does not match its anchor" in message
    assert other.isoformat() not in message
    # Anchoring the day again does not paper over it: it says so and fails.
    assert f"Access log of {day.isoformat()}" in failure(
        "anchor_access_log", "--date", day.isoformat()
    )


def test_a_deleted_anchor_row_does_not_hide_the_anchor_in_the_chain(kh, kh_agency):
    day = days_ago(2)
    reads_on(day, kh, kh_agency)
    run("anchor_access_log", "--date", day.isoformat())
    AccessLogDay.objects.all().delete()
    _delete(day)
    assert f"Access log of {day.isoformat()}" in failure("verify_audit")
    assert f"Access log of {day.isoformat()}" in failure(
        "anchor_access_log", "--date", day.isoformat()
    )
    assert len(anchors()) == 1


def test_clients_and_agencies_of_other_days_do_not_matter(kh, la, kh_agency):
    reads_on(days_ago(2), kh, kh_agency, n=1)
    run("anchor_access_log", "--date", days_ago(2).isoformat())
    client = register(la, make_agency(la), sample_identity(mobile_phone=""))
    reveal(client, "first_name", **reading())  # today: not anchored, not checked
    assert run("verify_audit") == "ok\n"
