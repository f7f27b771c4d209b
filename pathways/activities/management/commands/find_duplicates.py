"""Find persons recorded twice: merge sure pairs automatically, queue the rest for review."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.activities.dedup.finder import run_duplicate_finder
from pathways.programs.models import Country


class Command(BaseCommand):
    help = (
        "Find duplicate persons within each country. Sure matches are merged (audited, "
        "undoable on the duplicates page); uncertain pairs wait in the review queue."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--country", help="ISO code of one country, e.g. KH (default: all)")
        parser.add_argument(
            "--no-merge",
            action="store_true",
            help="Queue sure matches for review too instead of merging them.",
        )

    def handle(self, *args, country: str | None = None, no_merge: bool = False, **options):
        countries = Country.objects.order_by("code")
        if country:
            countries = countries.filter(code__iexact=country)
            if not countries.exists():
                raise CommandError(f"No country with the code {country!r}.")
        result = run_duplicate_finder(
            country_ids=countries.values_list("pk", flat=True), merge_sure=not no_merge
        )
        self.stdout.write(
            f"{result.pairs_found} possible pairs found; {result.merged} merged automatically; "
            f"{result.queued} new pairs queued for review."
        )
