"""Find persons recorded twice: merge sure pairs automatically, queue the rest for review."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from pathways.accounts.models import User
from pathways.activities.access import finder_countries
from pathways.activities.dedup.background import duplicates_queue
from pathways.activities.dedup.finder import run_duplicate_finder
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country


class Command(BaseCommand):
    help = (
        "Find duplicate persons within each country. Sure matches are merged (audited, "
        "undoable on the duplicates page); uncertain pairs wait in the review queue. With "
        "--background --user U, queue one job per country for a worker (manage.py db_worker) "
        "to run as U, who follows it under My jobs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--country", help="ISO code of one country, e.g. KH (default: all)")
        parser.add_argument(
            "--no-merge",
            action="store_true",
            help="Queue sure matches for review too instead of merging them.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the search as a job per country instead of running it here.",
        )
        parser.add_argument(
            "--user",
            help="With --background: the user the jobs run as (their access decides the "
            "countries; sure matches are merged in their name).",
        )

    def handle(self, *args, country: str | None = None, no_merge: bool = False, **options):
        countries = Country.objects.order_by("code")
        if country:
            countries = countries.filter(code__iexact=country)
            if not countries.exists():
                raise CommandError(f"No country with the code {country!r}.")
        if options["background"]:
            self._queue(countries, options["user"], one=bool(country), no_merge=no_merge)
            return
        if options["user"]:
            raise CommandError("--user goes with --background.")
        result = run_duplicate_finder(
            country_ids=countries.values_list("pk", flat=True), merge_sure=not no_merge
        )
        self.stdout.write(
            f"{result.pairs_found} possible pairs found; {result.merged} merged automatically; "
            f"{result.queued} new pairs queued for review."
        )

    def _queue(self, countries, username: str | None, *, one: bool, no_merge: bool) -> None:
        if not username:
            raise CommandError("--background needs --user USERNAME: the jobs run as that user.")
        if no_merge:
            raise CommandError("--no-merge is for a search run here, not in the background.")
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        allowed = {c.pk for c in finder_countries(user)}
        if one and not allowed & {c.pk for c in countries}:
            raise CommandError(
                f"{username} may not search {countries[0].code} for duplicates: it takes a data "
                "officer's or country manager's role there, or the admin's."
            )
        for item in countries:
            if item.pk not in allowed:
                continue
            try:
                job, new = duplicates_queue(
                    actor=user, country=item, source=AuditEvent.Source.COMMAND
                )
            except (Http404, PermissionDenied) as exc:  # access changed since it was read
                raise CommandError(str(exc)) from None
            state = "queued" if new else "already waiting or running"
            self.stdout.write(f"{item.code}: job {job.pk} {state}.")
        if not allowed:
            raise CommandError(f"{username} may search no country for duplicates.")
