"""Break-glass: the link from the intake search, the grant, its notices, its expiry, its
review and the report of uses (casework.md §6.4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework import keys, sealing
from pathways.casework.access import (
    BREAK_GLASS_SECTIONS,
    cases_visible_to,
    forget_casework_scope,
    permitted_sections,
    writable_sections,
)
from pathways.casework.models import AccessEvent, BreakGlassGrant, CaseworkRole
from pathways.casework.services import break_glass_open, break_glass_review, data_key_rotate
from pathways.casework.services.break_glass import break_glass_link_token
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    signed_in,
    staff,
)
from pathways.notifications.models import Notification

START = "/casework/break-glass/open/"
REPORT = "/casework/break-glass/"
REASON = "Sreyneang came to the shelter at night; her trafficker Bong Vuthy waits outside"
NOTE = "The shelter called the owner first; Vuthy was arrested later"
# What no notice may carry: the client's identifiers and the reason's and comment's words.
CLIENT_DATA = ["Sreyneang", "Chhorvann", "ស្រីនាង", "012 345 678", "85512345678", "N0123"]
SECRET_WORDS = [*CLIENT_DATA, "trafficker", "Vuthy", "arrested"]


@pytest.fixture
def world(kh, la):
    owner = make_agency(kh, "MoSVY test office")
    shelter = make_agency(kh, "Night shelter")
    client = register(kh, owner)
    case = open_case_for(client)
    la_agency = make_agency(la)
    w = {
        "owner": owner,
        "shelter": shelter,
        "case": case,
        "breaker": staff(shelter, CaseworkRole.CASE_WORKER, "breaker", can_break_glass=True),
        "supervisor": staff(owner, CaseworkRole.CASE_SUPERVISOR, "owner-sup"),
        "auditor": staff(make_agency(kh, "NCCT"), CaseworkRole.ACCESS_AUDITOR, "kh-auditor"),
        "la_auditor": staff(la_agency, CaseworkRole.ACCESS_AUDITOR, "la-auditor"),
        "shelter_sup": staff(shelter, CaseworkRole.CASE_SUPERVISOR, "shelter-sup"),
        "plain_worker": staff(shelter, CaseworkRole.CASE_WORKER, "plain-worker"),
    }
    for name in ("breaker", "supervisor", "auditor", "la_auditor", "shelter_sup"):
        w[name].email = f"{name}@example.org"
        w[name].save()
    return type("World", (), w)


def open_grant(w, hours_ago: float = 0, **extra) -> BreakGlassGrant:
    return break_glass_open(
        actor=w.breaker,
        case=w.case,
        agency=w.shelter,
        reason_code=BreakGlassGrant.Reason.IMMINENT_HARM,
        reason=REASON,
        now=timezone.now() - dt.timedelta(hours=hours_ago),
        **extra,
    )


def assert_no_client_data(texts):
    for text in texts:
        for secret in SECRET_WORDS:
            assert secret not in text, f"{secret!r} in a notice"


# --- the full flow -------------------------------------------------------------------------------


def test_a_link_from_the_search_opens_the_case_and_tells_supervisors_and_the_auditor(
    client, world, django_capture_on_commit_callbacks
):
    w = world
    signed_in(client, w.breaker)
    token = break_glass_link_token(case=w.case, user=w.breaker)
    page = client.get(START, {"token": token})
    assert page.status_code == 200
    body = page.content.decode()
    assert "MoSVY test office" in body and "reviewed within 72 hours" in body
    assert "Sreyneang" not in body and w.case.case_number not in body

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            START, {"token": token, "reason_code": "imminent_harm", "reason": REASON}
        )
    assert response.status_code == 302
    assert response["Location"] == f"/casework/cases/{w.case.pk}/"

    grant = BreakGlassGrant.objects.get()
    assert (grant.user, grant.agency, grant.case) == (w.breaker, w.shelter, w.case)
    assert grant.expires_at - grant.granted_at == dt.timedelta(hours=4)
    assert REASON.encode() not in bytes(grant.reason_sealed)
    assert sealing.open_record(grant, "reason") == REASON
    forget_casework_scope(w.breaker)
    assert permitted_sections(w.breaker, w.case) == BREAK_GLASS_SECTIONS
    assert writable_sections(w.breaker, w.case) == frozenset()

    notices = Notification.objects.order_by("recipient__username")
    assert [n.recipient for n in notices] == [w.auditor, w.supervisor]
    assert {n.case_number for n in notices} == {w.case.case_number}
    assert all(n.link == f"/casework/break-glass/{grant.pk}/review/" for n in notices)
    assert all(w.case.case_number in n.subject for n in notices)
    assert sorted(m.to[0] for m in mail.outbox) == ["auditor@example.org", "supervisor@example.org"]
    assert_no_client_data(
        [n.subject for n in notices]
        + [n.body for n in notices]
        + [m.subject for m in mail.outbox]
        + [m.body for m in mail.outbox]
    )
    audit = AuditEvent.objects.filter(object_repr=f"casework.BreakGlassGrant {grant.pk}").get()
    assert REASON not in str(audit.__dict__)


def test_a_typed_case_number_opens_the_case(client, world):
    signed_in(client, world.breaker)
    response = client.post(
        START,
        {
            "case_number": world.case.case_number.lower(),
            "reason_code": "medical_emergency",
            "reason": REASON,
        },
    )
    assert response.status_code == 302
    assert BreakGlassGrant.objects.get().reason_code == "medical_emergency"


def test_an_unknown_or_foreign_case_number_opens_nothing(client, world, la):
    la_case = open_case_for(register(la, make_agency(la), sample_identity(mobile_phone="")))
    signed_in(client, world.breaker)
    for number in ("KH-1999-99999", la_case.case_number):
        response = client.post(
            START, {"case_number": number, "reason_code": "other", "reason": REASON}
        )
        assert response.status_code == 200
        assert "no case with this number" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


def test_a_reason_is_required(client, world):
    signed_in(client, world.breaker)
    response = client.post(START, {"case_number": world.case.case_number, "reason_code": "other"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not BreakGlassGrant.objects.exists()


# --- refusals ------------------------------------------------------------------------------------


def test_a_forged_or_another_users_link_opens_nothing(client, world):
    good = break_glass_link_token(case=world.case, user=world.breaker)
    someone_elses = break_glass_link_token(case=world.case, user=world.plain_worker)
    unsigned = signing.dumps({"case": world.case.pk, "user": world.breaker.pk}, salt="other")
    signed_in(client, world.breaker)
    for token in (good[:-3] + "abc", someone_elses, unsigned):
        page = client.get(START, {"token": token})
        assert "This link is not valid" in page.content.decode()
        client.post(START, {"token": token, "reason_code": "other", "reason": REASON})
    assert not BreakGlassGrant.objects.exists()


def test_an_expired_link_opens_nothing(client, world, settings):
    settings.CASEWORK_BREAK_GLASS_LINK_SECONDS = -1
    token = break_glass_link_token(case=world.case, user=world.breaker)
    signed_in(client, world.breaker)
    client.post(START, {"token": token, "reason_code": "other", "reason": REASON})
    assert not BreakGlassGrant.objects.exists()


def test_a_casework_user_without_the_capability_is_refused(client, world):
    signed_in(client, world.plain_worker)
    assert client.get(START).status_code == 403
    response = client.post(
        START, {"case_number": world.case.case_number, "reason_code": "other", "reason": REASON}
    )
    assert response.status_code == 403
    assert not BreakGlassGrant.objects.exists()
    with pytest.raises(PermissionDenied):
        break_glass_open(
            actor=world.plain_worker,
            case=world.case,
            agency=world.shelter,
            reason_code="other",
            reason=REASON,
        )


def test_someone_without_casework_roles_finds_no_page(client, world, personas):
    signed_in(client, personas["admin"])
    assert client.get(START).status_code == 404
    assert client.get(REPORT).status_code == 404


def test_a_user_of_the_owner_agency_is_sent_to_the_case(client, world):
    owner_sup = staff(world.owner, CaseworkRole.CASE_SUPERVISOR, can_break_glass=True)
    signed_in(client, owner_sup)
    token = break_glass_link_token(case=world.case, user=owner_sup)
    response = client.get(START, {"token": token})
    assert response.status_code == 302
    assert response["Location"] == f"/casework/cases/{world.case.pk}/"
    assert not BreakGlassGrant.objects.exists()


def test_the_service_refuses_the_owner_agency_and_an_empty_reason(world):
    owner_sup = staff(world.owner, CaseworkRole.CASE_SUPERVISOR, can_break_glass=True)
    with pytest.raises(PermissionDenied):
        break_glass_open(
            actor=owner_sup,
            case=world.case,
            agency=world.owner,
            reason_code="other",
            reason=REASON,
        )
    with pytest.raises(ValidationError) as error:
        break_glass_open(
            actor=world.breaker, case=world.case, agency=world.shelter, reason_code="x", reason=""
        )
    assert set(error.value.message_dict) == {"reason_code", "reason"}


# --- expiry --------------------------------------------------------------------------------------


def test_access_ends_after_four_hours(world):
    grant = open_grant(world, hours_ago=3)
    assert permitted_sections(world.breaker, world.case) == BREAK_GLASS_SECTIONS
    assert cases_visible_to(world.breaker).filter(pk=world.case.pk).exists()
    later = grant.granted_at + dt.timedelta(hours=4, seconds=1)
    assert permitted_sections(world.breaker, world.case, now=later) == frozenset()
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        granted_at=grant.granted_at - dt.timedelta(hours=2),
        expires_at=grant.expires_at - dt.timedelta(hours=2),
    )
    assert permitted_sections(world.breaker, world.case) == frozenset()
    assert not cases_visible_to(world.breaker).filter(pk=world.case.pk).exists()


def test_a_closed_case_may_be_opened(world):
    world.case.status, world.case.closed_on = "closed", timezone.localdate()
    world.case.stage = "closed"
    world.case.save()
    assert open_grant(world).pk


# --- review --------------------------------------------------------------------------------------


def review_url(grant) -> str:
    return reverse("casework:break_glass_review", args=[grant.pk])


def test_the_auditor_reads_the_reason_recorded_and_reviews_the_use(
    client, world, django_capture_on_commit_callbacks
):
    grant = open_grant(world, hours_ago=5)
    Notification.objects.all().delete()
    signed_in(client, world.auditor)
    page = client.get(review_url(grant))
    assert page.status_code == 200
    assert REASON in page.content.decode()
    event = AccessEvent.objects.get(user=world.auditor)
    assert (event.case_id, event.fields) == (world.case.pk, ["break_glass_reason"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(grant), {"outcome": "not_justified", "note": NOTE})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.review_outcome, grant.reviewed_by) == ("not_justified", world.auditor)
    assert NOTE.encode() not in bytes(grant.review_note_sealed)
    assert sealing.open_record(grant, "review_note") == NOTE
    assert grant.status() == BreakGlassGrant.Status.NOT_JUSTIFIED
    # The user who broke the glass and their own agency's supervisor are told.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"breaker", "shelter-sup"}
    notices = list(Notification.objects.all())
    assert_no_client_data(
        [n.subject + n.body for n in notices] + [m.subject + m.body for m in mail.outbox]
    )
    assert "Not justified" in notices[0].body
    audit = AuditEvent.objects.filter(object_repr=f"casework.BreakGlassGrant {grant.pk}")
    assert NOTE not in str([a.__dict__ for a in audit])

    page = client.get(review_url(grant)).content.decode()
    assert NOTE in page and "Record the review" not in page
    assert AccessEvent.objects.filter(
        user=world.auditor, fields=["break_glass_reason", "break_glass_review_note"]
    ).exists()


def test_a_review_is_final(client, world):
    grant = open_grant(world, hours_ago=5)
    break_glass_review(actor=world.auditor, grant=grant, outcome="justified", note=NOTE)
    signed_in(client, world.supervisor)
    response = client.post(review_url(grant), {"outcome": "not_justified", "note": "again"})
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        break_glass_review(actor=world.supervisor, grant=grant, outcome="justified", note="x")
    grant.refresh_from_db()
    assert grant.review_outcome == "justified"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("supervisor", 200),
        ("auditor", 200),
        ("breaker", 404),
        ("la_auditor", 404),
        ("shelter_sup", 404),
        ("plain_worker", 404),
    ],
)
def test_only_the_owners_supervisors_and_the_countrys_auditors_review(client, world, who, status):
    grant = open_grant(world, hours_ago=5)
    signed_in(client, getattr(world, who))
    assert client.get(review_url(grant)).status_code == status
    client.post(review_url(grant), {"outcome": "justified", "note": NOTE})
    grant.refresh_from_db()
    assert bool(grant.review_outcome) == (status == 200)
    if status == 404:
        assert not AccessEvent.objects.filter(user=getattr(world, who)).exists()


def test_the_breaker_may_not_review_their_own_use_even_as_an_auditor(world):
    auditor_too = staff(make_agency(world.case.country), CaseworkRole.ACCESS_AUDITOR)
    other = make_agency(world.case.country)
    from pathways.casework.models import StaffMembership

    StaffMembership.objects.create(
        user=auditor_too, agency=other, role=CaseworkRole.CASE_WORKER, can_break_glass=True
    )
    grant = break_glass_open(
        actor=auditor_too, case=world.case, agency=other, reason_code="other", reason=REASON
    )
    with pytest.raises(PermissionDenied):
        break_glass_review(actor=auditor_too, grant=grant, outcome="justified", note=NOTE)


def test_key_rotation_reseals_the_review_note(world, kh):
    grant = open_grant(world, hours_ago=5)
    break_glass_review(actor=world.auditor, grant=grant, outcome="justified", note=NOTE)
    result = data_key_rotate(actor=None, country=kh)
    grant.refresh_from_db()
    assert grant.data_key_id == result.key_id
    assert sealing.open_record(grant, "review_note") == NOTE
    assert sealing.open_record(grant, "reason") == REASON
    assert ("reason", "review_note") in [fields for _qs, fields in keys.sealed_rows(kh)]


# --- the report ----------------------------------------------------------------------------------


@pytest.fixture
def five_uses(world):
    running = open_grant(world, hours_ago=1)
    awaiting = open_grant(world, hours_ago=10)
    overdue = open_grant(world, hours_ago=80)
    justified = open_grant(world, hours_ago=20)
    unjustified = open_grant(world, hours_ago=30)
    break_glass_review(actor=world.auditor, grant=justified, outcome="justified", note=NOTE)
    break_glass_review(actor=world.auditor, grant=unjustified, outcome="not_justified", note=NOTE)
    return {
        "running": running,
        "awaiting_review": awaiting,
        "overdue": overdue,
        "justified": justified,
        "not_justified": unjustified,
    }


def test_each_use_has_its_status_and_the_filters_agree(five_uses):
    for status, grant in five_uses.items():
        grant.refresh_from_db()
        assert grant.status() == status
        assert list(BreakGlassGrant.objects.with_status(status)) == [grant]
    assert BreakGlassGrant.objects.counts() == {
        "unreviewed": 3,
        "overdue": 1,
        "not_justified": 1,
    }


def test_the_report_shows_statuses_counts_and_filters(client, world, five_uses):
    signed_in(client, world.supervisor)
    page = client.get(REPORT).content.decode()
    for status in five_uses:
        assert f'data-status="{status}"' in page
    assert "3 uses not reviewed yet" in page
    assert "1 use overdue for review" in page
    assert "1 use not justified" in page
    assert REASON not in page and "Sreyneang" not in page
    overdue_only = client.get(REPORT, {"status": "overdue"}).content.decode()
    assert overdue_only.count("data-status=") == 1 and 'data-status="overdue"' in overdue_only


def test_the_report_is_limited_to_the_readers_cases(client, world, five_uses, kh):
    elsewhere = make_agency(kh)
    other_sup = staff(elsewhere, CaseworkRole.CASE_SUPERVISOR)
    signed_in(client, other_sup)
    assert "data-status=" not in client.get(REPORT).content.decode()
    signed_in(client, world.la_auditor)
    assert "data-status=" not in client.get(REPORT).content.decode()
    signed_in(client, world.auditor)
    assert client.get(REPORT).content.decode().count("data-status=") == 5
    signed_in(client, world.breaker)
    assert client.get(REPORT).status_code == 403
