"""Two sign-ins typing the same recovery code at the same moment spend it once: the device's
row lock makes the second wait for the first, and then find the code gone."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django_otp.plugins.otp_static.models import StaticToken

from pathways.accounts import recovery
from pathways.accounts.models import User

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
    ),
]


def test_one_recovery_code_typed_twice_at_once_signs_in_once(monkeypatch):
    user = User.objects.create_user(username="racing_codes", password="a-long-password-1234")
    code = recovery.codes_create(actor=user)[0]
    delete = StaticToken.delete

    def slow_delete(self, *args, **kwargs):
        time.sleep(0.3)  # both would have found the code by now, were nothing locked
        return delete(self, *args, **kwargs)

    monkeypatch.setattr(StaticToken, "delete", slow_delete)
    barrier = threading.Barrier(2, timeout=10)
    results = []

    def sign_in() -> None:
        try:
            barrier.wait()
            results.append(recovery.code_use(user=user, code=code))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r is None for r in results) == [False, True]
    assert recovery.codes_left(user) == recovery.RECOVERY_CODE_COUNT - 1
