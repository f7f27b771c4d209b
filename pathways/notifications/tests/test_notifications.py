"""Notices: the inbox rows, their emails, a mail server that fails, and the inbox page."""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction
from django.urls import reverse

from pathways.notifications.models import Notification
from pathways.notifications.services import notify

INBOX = "/inbox/"


def user(name: str, email: str = "", **extra):
    return get_user_model().objects.create_user(username=name, email=email, **extra)


def send(recipients, **extra) -> list[Notification]:
    values = {
        "recipients": recipients,
        "kind": "test_notice",
        "subject": "Case KH-2026-00001 needs you",
        "body": "Review it within 72 hours.",
        "link": "/inbox/",
        "case_number": "KH-2026-00001",
        **extra,
    }
    return notify(**values)


@pytest.mark.django_db
def test_each_active_recipient_gets_one_row_and_those_with_an_address_an_email(
    django_capture_on_commit_callbacks, settings
):
    settings.PATHWAYS_SITE_URL = "https://pathways.example.org"
    with_mail, without_mail = user("a", "a@example.org"), user("b")
    gone = user("c", "c@example.org", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        send([with_mail, without_mail, with_mail, gone])
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "a",
        "b",
    ]
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].subject == "Case KH-2026-00001 needs you"
    assert "https://pathways.example.org/inbox/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_notice_in_a_rolled_back_transaction_is_neither_kept_nor_emailed(
    django_capture_on_commit_callbacks,
):
    recipient = user("a", "a@example.org")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send([recipient])
        raise RuntimeError("the caller failed")
    assert not Notification.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_mail_server_that_fails_loses_no_row_and_logs_no_address(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "pathways.notifications.tests.failing_backend.FailingBackend"
    recipient = user("a", "private.person@example.org")
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        rows = send([recipient])
    assert Notification.objects.filter(pk=rows[0].pk).exists()
    assert f"Notification {rows[0].pk}" in caplog.text and "ConnectionRefusedError" in caplog.text
    assert "private.person" not in caplog.text


@pytest.mark.django_db
def test_a_notice_is_written_in_its_recipients_language():
    khmer = user("k", preferred_language="km")
    english = user("e")

    def subject() -> str:
        from django.utils.translation import get_language

        return f"language {get_language()}"

    send([khmer, english], subject=subject)
    assert dict(Notification.objects.values_list("recipient__username", "subject")) == {
        "k": "language km",
        "e": "language en",
    }


# --- the inbox -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_inbox_lists_ones_own_notices_unread_first(client):
    me, other = user("me"), user("other")
    first = send([me], subject="First notice")[0]
    send([me], subject="Second notice")
    send([other], subject="Someone else's notice")
    Notification.objects.filter(pk=first.pk).update(read_at="2026-01-01T00:00:00Z")
    send([me], subject="Third notice")
    client.force_login(me)
    page = client.get(INBOX).content.decode()
    assert page.index("Third notice") < page.index("Second notice") < page.index("First notice")
    assert "Someone else" not in page
    assert "2 unread notices" in page


@pytest.mark.django_db
def test_marking_read_changes_the_count_in_the_navigation(client):
    me = user("me")
    notice = send([me])[0]
    client.force_login(me)
    nav = client.get(INBOX).content.decode()
    assert '<span class="badge">1<span class="visually-hidden"> unread notice</span>' in nav
    response = client.post(reverse("notifications:mark_read", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "unread notice</span>" not in client.get(INBOX).content.decode()


@pytest.mark.django_db
def test_another_users_notice_cannot_be_marked(client):
    notice = send([user("owner")])[0]
    client.force_login(user("intruder"))
    assert client.post(reverse("notifications:mark_read", args=[notice.pk])).status_code == 404
    assert client.get(reverse("notifications:mark_read", args=[notice.pk])).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.django_db
def test_the_inbox_is_paginated_and_needs_sign_in(client):
    me = user("me")
    for _ in range(30):
        send([me])
    client.force_login(me)
    assert 'rel="next"' in client.get(INBOX).content.decode()
    client.logout()
    assert client.get(INBOX).status_code == 302


@pytest.mark.django_db
def test_the_unread_count_costs_one_query(client, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    from pathways.notifications.context_processors import inbox_unread

    me = user("me")
    send([me])
    send([me])
    request = RequestFactory().get("/")
    request.user = me
    context = inbox_unread(request)
    with django_assert_num_queries(1):
        text = Template("{{ n|add:0 }} {{ n|add:0 }}").render(
            Context({"n": context["inbox_unread"]})
        )
    assert text == "2 2"
