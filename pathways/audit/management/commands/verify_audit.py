"""`manage.py verify_audit`: check that the audit trail's hash chain is unbroken."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.audit.services import describe_break, verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain. Prints 'ok' when every event is intact, "
        "otherwise names the first broken link and exits with status 1."
    )

    def handle(self, *args, **options) -> None:
        broken = verify_chain()
        if broken is None:
            self.stdout.write("ok")
            return
        raise CommandError(describe_break(broken), returncode=1)
