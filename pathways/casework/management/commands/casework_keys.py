"""`manage.py casework_keys init|status|rotate`: the casework master key and data keys.

Prints key ids and counts only, never a key or a value.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from pathways.audit.models import AuditEvent
from pathways.casework import keys, residency
from pathways.casework.models import DataKey
from pathways.casework.services import data_key_rotate
from pathways.lib import crypto
from pathways.programs.models import Country


class Command(BaseCommand):
    help = "Create the casework master key, show the data keys' state, or rotate a country's key."
    # `init` must run where the checks would fail for want of the very file it creates.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("init", help="Create the master key file if there is none.")
        actions.add_parser("status", help="Per country: active key, rows under older keys.")
        rotate = actions.add_parser(
            "rotate", help="A new data key for a country; re-encrypt its clients in batches."
        )
        rotate.add_argument("--country", required=True, help="ISO code, e.g. KH.")
        rotate.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            getattr(self, f"_{action}")(**options)
        except (keys.MasterKeyError, crypto.CryptoError) as error:
            raise CommandError(str(error)) from None

    def _init(self, **options: Any) -> None:
        path = keys.master_key_file()
        if keys.create_master_key(path):
            self.stdout.write(f"Created the casework master key file {path} (owner-only).")
            self.stdout.write("Back it up now, apart from the database and its backups.")
        else:
            keys.read_master_key(path)
            self.stdout.write(f"The casework master key file {path} exists and holds a key.")
        self._init_data_keys()

    def _init_data_keys(self) -> None:
        """With PATHWAYS_CASEWORK_COUNTRIES set, each held country's data keys now (and
        never another's); otherwise a country gets them on first need."""
        held = sorted(residency.held_countries())
        if not held:
            self.stdout.write("Data keys are made for each country on first need.")
            return
        if DataKey._meta.db_table not in connection.introspection.table_names():
            self.stdout.write(
                "The database is not migrated yet: run `manage.py migrate`, then this again "
                f"to make the data keys of {', '.join(held)}."
            )
            return
        for code in held:
            country = Country.objects.filter(code=code).first()
            if country is None:
                raise CommandError(
                    f"PATHWAYS_CASEWORK_COUNTRIES names {code!r}, which is not a country of "
                    "this installation."
                )
            for purpose in DataKey.Purpose:
                keys.active_key(country, purpose)
            self.stdout.write(f"{code}: data keys ready.")

    def _status(self, **options: Any) -> None:
        master = keys.read_master_key()
        self.stdout.write(
            f"Master key {keys.master_key_file()}: fingerprint {crypto.fingerprint(master)}"
        )
        lines = keys.key_status()
        if not lines:
            self.stdout.write("No country has casework keys or clients yet.")
        for line in lines:
            self.stdout.write(
                f"{line.country_code}: active key {line.active_key_id or '(none yet)'}, "
                f"blind-index key {line.blind_index_key_id or '(none yet)'}, "
                f"{line.rows} clients"
            )
            if line.rows_under_older_keys:
                for key_id, count in line.rows_under_older_keys.items():
                    self.stdout.write(f"  {count} clients still under key {key_id}")
                self.stdout.write(
                    f"  {line.fields_under_older_keys} fields still under older keys: run "
                    f"`manage.py casework_keys rotate --country {line.country_code}` to finish"
                )
            else:
                self.stdout.write("  nothing under older keys")
            if line.retired_key_ids:
                self.stdout.write(f"  retired keys: {', '.join(line.retired_key_ids)}")

    def _rotate(self, *, country: str, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        found = Country.objects.filter(code=country.strip().upper()).first()
        if found is None:
            raise CommandError(f"No country has the code {country!r}.")
        result = data_key_rotate(
            actor=None, country=found, batch_size=batch_size, source=AuditEvent.Source.COMMAND
        )
        verb = "Continued the rotation to" if result.resumed else "Rotated to"
        self.stdout.write(
            f"{verb} key {result.key_id} for {found.code}: {result.rows} clients re-encrypted "
            f"in {result.batches} batches."
        )
        if result.retired:
            self.stdout.write(f"Retired keys no client uses: {', '.join(result.retired)}")
