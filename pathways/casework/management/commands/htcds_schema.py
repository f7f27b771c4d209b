"""Write the HTCDS export schema derived from the standard's sheet, or check it is current."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from pathways.casework.htcds.schema import SCHEMA_PATH, derive_schema, render


class Command(BaseCommand):
    help = (
        "Derive the JSON Schema of the HTCDS case export from the HTCDS 2.0 field standard "
        "and write it to pathways/casework/htcds/htcds-2.0.schema.json (--check: only say "
        "whether the committed file is current)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail if the committed schema is not current."
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        text = render(derive_schema())
        current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
        if check:
            if text != current:
                raise CommandError(
                    f"{SCHEMA_PATH.name} is not the schema derived from the standard: run "
                    "`manage.py htcds_schema` and commit it."
                )
            self.stdout.write(f"{SCHEMA_PATH.name} is current.")
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH.name}.")
