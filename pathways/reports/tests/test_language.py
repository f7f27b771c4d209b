"""A user picks a language and it sticks: on the account, at the next login, everywhere."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from pathways.accounts.language import set_preferred_language
from pathways.accounts.models import User
from pathways.audit.models import AuditEvent

PASSWORD = "pathways-demo"


def test_picking_a_language_is_stored_on_the_account_and_audited(client, kh_officer):
    client.force_login(kh_officer)
    response = client.post(reverse("set_language"), {"language": "km", "next": "/reports/"})
    assert response.status_code == 302
    kh_officer.refresh_from_db()
    assert kh_officer.preferred_language == "km"
    event = AuditEvent.objects.filter(object_id=str(kh_officer.pk)).latest("id")
    assert event.changes == {"preferred_language": ["", "km"]}


def test_the_stored_language_applies_at_the_next_login_without_a_cookie(client, kh_officer):
    set_preferred_language(actor=kh_officer, user=kh_officer, language="km")
    client.post(reverse("accounts:login"), {"username": "kh_officer", "password": PASSWORD})
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    response = client.get(reverse("reports:factsheet_index"))
    assert response.status_code == 200
    assert response["Content-Language"] == "km"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "km"


def test_account_language_wins_over_an_old_cookie(client, la_manager):
    set_preferred_language(actor=la_manager, user=la_manager, language="lo")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(la_manager)
    response = client.get(reverse("reports:factsheet_index"))
    assert response["Content-Language"] == "lo"


def test_anonymous_pick_only_sets_the_cookie(client, db):
    response = client.post(reverse("set_language"), {"language": "th", "next": "/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "th"
    assert not User.objects.exclude(preferred_language="").exists()


@pytest.mark.django_db
def test_a_language_the_site_does_not_offer_is_refused(kh_officer):
    with pytest.raises(ValueError, match="not offered"):
        set_preferred_language(actor=kh_officer, user=kh_officer, language="xx")


def test_the_language_menu_names_each_language_in_its_own_script(client, kh_officer):
    set_preferred_language(actor=kh_officer, user=kh_officer, language="km")
    client.force_login(kh_officer)
    html = client.get(reverse("reports:factsheet_index")).content.decode()
    assert '<option value="en">English</option>' in html
    assert '<option value="km" selected>ខ្មែរ</option>' in html
    assert '<option value="th">ไทย</option>' in html
