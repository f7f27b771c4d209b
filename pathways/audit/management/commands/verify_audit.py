"""`manage.py verify_audit`: check that the audit trail's hash chain is unbroken."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.audit.services import describe_break, verify_chain
from pathways.lib.text import printable


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
        # The message quotes the broken event's object, which whoever tampered with the row
        # wrote: escaped, it cannot move the cursor back over the message and print "ok".
        raise CommandError(printable(describe_break(broken)), returncode=1)
