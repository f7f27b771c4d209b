"""Open an encrypted HTCDS export with its password, for the agency that received it."""

from __future__ import annotations

import getpass
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pathways.casework.htcds.schema import schema_errors
from pathways.lib import passworded


class Command(BaseCommand):
    help = (
        "Decrypt an HTCDS case export (.htcds.json.pwpkg) with the password its sender gave "
        "by another channel, check it against the HTCDS schema, and write the JSON to a file."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("package", type=Path, help="The encrypted file received.")
        parser.add_argument("output", type=Path, help="Where to write the JSON (a new file).")

    def handle(self, *args: Any, package: Path, output: Path, **options: Any) -> None:
        if output.exists():
            raise CommandError(f"{output} exists: name a new file.")
        try:
            sealed = package.read_bytes()
        except OSError as error:
            raise CommandError(f"{package}: {error.strerror}.") from error
        password = getpass.getpass("Password: ").strip()
        try:
            plain = passworded.decrypt(sealed, password)
        except (passworded.WrongPassword, ValueError) as error:
            raise CommandError(str(error)) from error
        errors = schema_errors(json.loads(plain))
        output.touch(mode=0o600)
        output.write_bytes(plain)
        self.stdout.write(f"Wrote {output}.")
        if errors:
            self.stderr.write(f"It does not match the HTCDS schema: {'; '.join(errors)}")
