"""`manage.py verify_audit`: check that the audit trail's hash chain is unbroken."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.audit.keys import AuditKeyError, verification_keys
from pathways.audit.services import (
    AnchorError,
    chain_is_signed,
    check_anchor,
    run_verifiers,
    verify_chain,
)
from pathways.lib.text import printable


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain. Prints 'ok' when every event is intact, "
        "otherwise names the first broken link and exits with status 1. Then runs the checks "
        "of AUDIT_VERIFIERS (each anchored day of the casework access log still matches its "
        "hash). With --anchor, also checks that the chain still holds a head saved by "
        "`manage.py audit_anchor`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--anchor",
            type=Path,
            help="A file written from `manage.py audit_anchor`; the chain must still hold it.",
        )

    def handle(self, *args, anchor: Path | None = None, **options) -> None:
        try:
            keys = verification_keys()
            if anchor is not None:
                check_anchor(_read_anchor(anchor), keys=keys)
        except (AnchorError, AuditKeyError) as error:
            raise CommandError(printable(str(error)), returncode=1) from None
        broken = verify_chain(keys=keys)
        if broken is not None:
            # The message quotes the broken event's object, which whoever tampered with the row
            # wrote: escaped, it cannot move the cursor back over the message and print "ok".
            raise CommandError(printable(broken.describe()), returncode=1)
        # Then what other apps anchored in the chain (the access log's days): the chain
        # holds, so the anchors in it are the ones written.
        problems = run_verifiers()
        if problems:
            raise CommandError("\n".join(printable(p) for p in problems), returncode=1)
        self.stdout.write("ok")
        if not chain_is_signed():
            self.stderr.write(
                "Note: the chain is not signed yet; the next audited change, or "
                "`manage.py audit_rotate_key`, starts signing it."
            )


def _read_anchor(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise AnchorError(f"The anchor file {path} cannot be read as JSON: {error}") from None
