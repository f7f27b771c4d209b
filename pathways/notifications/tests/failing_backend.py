"""An email backend whose mail server refuses every connection."""

from __future__ import annotations

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("no mail server at private.person@example.org's host")
