"""manage.py publish: publish a factsheet, the donor workbook or the IATI file, as the
Publish button does, and print the publication's id.

    manage.py publish --kind factsheet --country KH --start 2021-07-01 --end 2022-06-30 \
        --language km
    manage.py publish --kind factsheet --start 2021-07-01 --end 2022-06-30   # the region
    manage.py publish --kind workbook --user admin
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.audit.models import AuditEvent
from pathways.reports.management.arguments import command_country, command_date
from pathways.reports.models import Publication
from pathways.reports.publishing import publication_create


def _date(value: str | None) -> dt.date | None:
    return None if value is None else command_date(value)


class Command(BaseCommand):
    help = (
        "Publish an output and keep it as it is now: a factsheet PDF of a country (or the "
        "region without --country) for a period, the donor workbook or the IATI file. "
        "Prints the publication's id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=Publication.Kind.values)
        parser.add_argument("--country", help="ISO code, e.g. KH. Omit for the region.")
        parser.add_argument("--start", help="First day, YYYY-MM-DD (factsheets).")
        parser.add_argument("--end", help="Last day, YYYY-MM-DD, included (factsheets).")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the texts (default: %(default)s).",
        )
        parser.add_argument(
            "--user",
            help="Publish as this user, who must be allowed to; the publication then names "
            "them. Without it, it is recorded as published at the command line.",
        )

    def handle(self, *args, **options) -> None:
        try:
            publication = publication_create(
                actor=self._user(options["user"]),
                kind=options["kind"],
                country=command_country(options["country"]),
                start=_date(options["start"]),
                end=_date(options["end"]),
                language=options["language"],
                source=AuditEvent.Source.COMMAND,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stderr.write(
            f"Published {publication.file_name} ({len(bytes(publication.content)):,} bytes, "
            f"SHA-256 {publication.sha256})."
        )
        self.stdout.write(str(publication.pk))

    def _user(self, username: str | None):
        if username is None:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        return user
