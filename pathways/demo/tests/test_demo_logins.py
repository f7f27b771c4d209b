"""`make run` prints where to sign in and as whom, at the address it serves."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from pathways.demo.personas import DEMO_PERSONAS


def _printed(**options: str) -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out, **options)
    return out.getvalue()


def test_the_logins_name_the_address_the_server_listens_on():
    assert "Pathways demo: http://127.0.0.1:8001/" in _printed(address="127.0.0.1:8001")
    assert "Pathways demo: http://127.0.0.1:8000/" in _printed()


def test_every_persona_is_listed_with_its_role():
    printed = _printed()
    for username, *_rest in DEMO_PERSONAS:
        assert f"  {username} " in printed
