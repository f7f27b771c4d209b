from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from pathways.accounts.models import User
from pathways.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_done")
DONE = reverse("accounts:password_reset_complete")
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
HOME = reverse("home:home")
ADDRESS = "kh.officer@example.org"
NEW_PASSWORD = "a-much-longer-new-password-2026"


@pytest.fixture
def officer(kh_officer) -> User:
    kh_officer.email = ADDRESS
    kh_officer.save(update_fields=["email"])
    return kh_officer


def ask(client: Client, email: str, address: str = "198.51.100.7"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def choose(client: Client, link: str, password: str = NEW_PASSWORD):
    form_page = client.get(link)  # Django moves the token into the session and redirects
    assert form_page.status_code == 302
    return client.post(form_page.url, {"new_password1": password, "new_password2": password})


def test_sign_in_page_links_to_the_reset_page_which_has_an_accessible_form(client):
    assert f'href="{RESET}"' in client.get(LOGIN).content.decode()
    page = client.get(RESET).content.decode()
    assert '<label for="id_email">' in page and 'autocomplete="email"' in page
    refused = client.post(RESET, {"email": "not an address"}).content.decode()
    assert 'aria-describedby="reset-help id_email_error"' in refused
    assert 'id="id_email_error"' in refused and 'aria-invalid="true"' in refused


def test_known_address_gets_a_link_that_says_who_asked_is_unknown(client, officer, settings):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    response = ask(client, ADDRESS.upper())
    assert response.status_code == 302 and response.url == SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [ADDRESS] and "Pathways password" in message.subject
    assert "We do not know who asked" in message.body
    assert "If it was not you, ignore this email" in message.body
    assert "within 60 minutes" in message.body
    assert link_in(message).startswith("/password/reset/")


def test_unknown_address_gets_the_same_answer_and_no_email(client, officer):
    known = ask(client, ADDRESS)
    unknown = ask(Client(), "nobody@example.org")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mail.outbox) == 1  # the known address's only
    page = client.get(SENT).content.decode()
    assert "If an account with that address exists" in page


def test_inactive_user_gets_nothing(client, officer):
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    response = ask(client, ADDRESS)
    assert response.status_code == 302 and response.url == SENT
    assert mail.outbox == []


def test_too_many_requests_from_one_address_are_refused_and_send_nothing(client, officer, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = 2
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 10
    for _ in range(2):
        assert ask(client, ADDRESS).status_code == 302
    refused = ask(client, ADDRESS)
    assert refused.status_code == 429 and refused["Retry-After"] == "3600"
    assert "Too many password reset requests" in refused.content.decode()
    assert "60 minutes" in refused.content.decode()
    assert len(mail.outbox) == 2
    # Another address is counted on its own.
    assert ask(client, ADDRESS, address="203.0.113.9").status_code == 302
    assert len(mail.outbox) == 3


def test_too_many_requests_for_one_email_show_the_usual_page_and_send_nothing(
    client, officer, settings
):
    settings.PASSWORD_RESET_LIMIT_PER_EMAIL = 1
    first = ask(client, ADDRESS, address="198.51.100.1")
    second = ask(client, ADDRESS.upper(), address="198.51.100.2")
    assert (second.status_code, second.url) == (first.status_code, first.url) == (302, SENT)
    assert len(mail.outbox) == 1


def test_the_counts_keep_no_address_in_the_cache_keys(client, officer, settings):
    from django.core.cache import caches

    ask(client, ADDRESS, address="198.51.100.44")
    keys = list(caches[settings.PASSWORD_RESET_RATE_CACHE]._cache)  # locmem in tests
    assert keys and not any(ADDRESS in k or "198.51.100.44" in k for k in keys)


def test_reset_sets_the_password_audits_it_and_does_not_sign_in(client, officer):
    other_session = Client()
    other_session.force_login(officer)
    ask(client, ADDRESS)
    response = choose(client, link_in(mail.outbox[0]))
    assert response.status_code == 302 and response.url == DONE
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert not client.get(HOME).wsgi_request.user.is_authenticated
    assert other_session.get(HOME).url.startswith(LOGIN)  # other sessions ended
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(officer.pk)
    ).latest("id")
    assert event.actor == officer
    assert event.changes == {"password": ["(hidden)", "(reset by email)"]}
    assert NEW_PASSWORD not in str(event.changes)


def test_a_link_works_once(client, officer):
    ask(client, ADDRESS)
    link = link_in(mail.outbox[0])
    choose(client, link)
    again = Client().get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_an_expired_link_does_not_work(client, officer, settings, monkeypatch):
    settings.PASSWORD_RESET_TIMEOUT = 3600
    earlier = dt.datetime.now() - dt.timedelta(seconds=3601)
    old = PasswordResetTokenGenerator()
    monkeypatch.setattr(old, "_now", lambda: earlier)
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    expired = reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": old.make_token(officer)}
    )
    page = client.get(expired, follow=True).content.decode()
    assert "This link does not work" in page and "new_password1" not in page
    fresh = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": uid, "token": default_token_generator.make_token(officer)},
    )
    assert "new_password1" in client.get(fresh, follow=True).content.decode()


def test_a_weak_new_password_is_refused_and_nothing_changes(client, officer):
    ask(client, ADDRESS)
    response = choose(client, link_in(mail.outbox[0]), password="short")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page and 'id="id_new_password2_error"' in page
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_reset_then_sign_in_still_asks_for_the_two_factor_code(client, officer):
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    ask(client, ADDRESS)
    choose(client, link_in(mail.outbox[0]))
    response = client.post(LOGIN, {"username": "kh_officer", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == VERIFY
    assert client.get(HOME).url.startswith(LOGIN)  # not signed in before the code


def test_reset_clears_the_accounts_sign_in_lock(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = Client().post(LOGIN, {"username": "kh_officer", "password": "wrong-password"})
    assert locked.status_code == 429 and f'href="{RESET}"' in locked.content.decode()
    assert AccessAttempt.objects.filter(username="kh_officer").exists()
    ask(client, ADDRESS)
    choose(client, link_in(mail.outbox[0]))
    assert not AccessAttempt.objects.filter(username="kh_officer").exists()
    response = client.post(LOGIN, {"username": "kh_officer", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == HOME


def test_no_email_address_reaches_the_logs(client, officer, caplog):
    with caplog.at_level(logging.DEBUG):
        ask(client, ADDRESS)
        ask(client, "nobody@example.org")
    assert ADDRESS not in caplog.text and "nobody@example.org" not in caplog.text


def test_production_sends_email_by_smtp_configured_from_the_environment(tmp_path):
    from pathways.ops.tests.test_production_settings import production_env, run_manage

    code = (
        "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL)"
    )
    env = production_env(tmp_path) | {
        "PATHWAYS_EMAIL_HOST": "smtp.example.org",
        "PATHWAYS_EMAIL_PORT": "587",
        "PATHWAYS_EMAIL_HOST_USER": "pathways",
        "PATHWAYS_EMAIL_HOST_PASSWORD": "not-a-real-secret",
        "PATHWAYS_EMAIL_USE_TLS": "1",
        "PATHWAYS_EMAIL_FROM": "Pathways <pathways@example.org>",
    }
    result = run_manage("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "pathways",
        "True",
        "Pathways",
        "<pathways@example.org>",
    ]
    deploy = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr


def test_development_prints_email_on_the_console():
    from django.conf import settings

    # pytest-django swaps in the locmem backend for tests; the settings module chose this.
    import pathways.settings as project

    assert not project.PRODUCTION
    assert project.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"


def test_a_counter_that_cannot_be_reached_lets_the_request_through(client, officer, monkeypatch):
    from django.core.cache import caches

    def broken(*args, **kwargs):
        raise ConnectionError("no cache")

    monkeypatch.setattr(caches["default"], "add", broken)
    response = ask(client, ADDRESS)
    assert response.status_code == 302 and len(mail.outbox) == 1
