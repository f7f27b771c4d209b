"""Create (and print once) or revoke an API token for a user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.accounts.models import User
from pathways.api.models import ApiToken
from pathways.api.tokens import api_token_create, api_token_revoke, api_tokens_revoke_all
from pathways.audit.models import AuditEvent
from pathways.lib.text import printable


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it once (only its hash is stored), "
        "revoke one of the user's tokens with --revoke PREFIX, or all of them with "
        "--revoke-all. --list shows the tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'Power BI'.")
        parser.add_argument("--revoke", metavar="PREFIX", help="Revoke the token with PREFIX.")
        parser.add_argument(
            "--revoke-all", action="store_true", help="Revoke every token of the user."
        )
        parser.add_argument("--list", action="store_true", help="List the user's tokens.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        if options["list"]:
            self._list(user)
        elif options["revoke"]:
            self._revoke(user, options["revoke"])
        elif options["revoke_all"]:
            tokens = api_tokens_revoke_all(actor=None, user=user, source=AuditEvent.Source.COMMAND)
            prefixes = ", ".join(token.prefix for token in tokens)
            self.stdout.write(
                f"Revoked {len(tokens)} token(s) of {user.username}: {prefixes}."
                if tokens
                else f"{user.username} has no token left to revoke."
            )
        else:
            try:
                # No two-factor on the command line: casework staff make theirs when signed in.
                issued = api_token_create(
                    actor=None, user=user, name=options["name"], source=AuditEvent.Source.COMMAND
                )
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            self.stderr.write(f"Token {issued.token.prefix} for {user.username}. ")
            self.stderr.write("It is shown once; store it now:")
            self.stdout.write(issued.secret)

    def _revoke(self, user: User, prefix: str) -> None:
        token = ApiToken.objects.filter(user=user, prefix=prefix).first()
        if token is None:
            raise CommandError(f"{user.username} has no token with prefix {prefix!r}.")
        try:
            api_token_revoke(actor=None, token=token, source=AuditEvent.Source.COMMAND)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Revoked token {prefix} of {user.username}.")

    def _list(self, user: User) -> None:
        for token in ApiToken.objects.filter(user=user).select_related("user"):
            if token.revoked_at:
                state = f"revoked {token.revoked_at:%Y-%m-%d}"
            elif token.ended_by_password_change:
                state = "ended by a password change"
            else:
                state = "active"
            used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            name = printable(token.name or "-")
            self.stdout.write(f"{token.prefix}\t{name}\t{state}\tlast used {used}")
