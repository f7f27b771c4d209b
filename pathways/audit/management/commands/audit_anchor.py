"""`manage.py audit_anchor`: print the audit chain's head, signed, to keep somewhere else."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from pathways.audit.keys import AuditKeyError
from pathways.audit.services import AnchorError, audit_anchor, verify_chain


class Command(BaseCommand):
    help = (
        "Check the audit chain, then print its head (event, hash, time, key id) signed with "
        "the audit key, as JSON. Keep the output away from the server (another machine, "
        "mail, paper); `manage.py verify_audit --anchor FILE` later proves that nothing up "
        "to that head was rewritten or removed."
    )

    def handle(self, *args, **options) -> None:
        try:
            broken = verify_chain()
            if broken is not None:
                raise CommandError(
                    f"Not anchoring a broken chain. {broken.describe()}", returncode=1
                )
            anchor = audit_anchor()
        except (AnchorError, AuditKeyError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(anchor, sort_keys=True))
