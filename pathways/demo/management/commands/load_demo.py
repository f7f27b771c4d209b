from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from pathways.demo.casework import DEMO_CLIENTS, load_casework_demo
from pathways.demo.obligations import load_demo_obligations
from pathways.demo.personas import ensure_demo_personas
from pathways.demo.records import load_demo_records
from pathways.demo.results import load_demo_results
from pathways.demo.translations import load_demo_translations
from pathways.programs.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the synthetic demo database: reference data, the six demo personas, and "
        "events with attendance (Cambodia 2021-22 reproduces the published factsheet), "
        "indicators with targets and the verified achievements, and the casework demo "
        "(Cambodian agencies, casework personas, synthetic clients with cases and notes, "
        "the indicator sets, screenings in every state and cases in every stage). "
        "Idempotent: a second run changes nothing. Refused in production mode."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--casework-clients",
            type=int,
            default=DEMO_CLIENTS,
            help=f"How many synthetic casework clients to load (default {DEMO_CLIENTS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo data is never loaded in production mode.")
        changed = load_reference_data()
        ensure_demo_personas(password=settings.DEMO_PASSWORD)
        events, persons, attendances = load_demo_records()
        load_demo_results()
        changed += load_demo_translations()
        casework = load_casework_demo(
            password=settings.DEMO_PASSWORD, clients=options["casework_clients"]
        )
        # After casework, whose demo may publish the statistics releases linked as evidence.
        obligations = load_demo_obligations()
        loaded = casework and (casework.clients or casework.screenings)
        if (events or loaded) and connection.vendor == "postgresql":
            # Fresh planner statistics for the rows just loaded: without them (autovacuum
            # off or not yet run) PostgreSQL guesses one row per table, and queries such as
            # the duplicate queue's nest loops over every person and take minutes.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if events:
            self.stdout.write(
                f"Demo data loaded: {events} events, {persons} persons, "
                f"{attendances} attendances (all synthetic)."
            )
        else:
            self.stdout.write(f"Demo data already loaded; {changed} reference rows updated.")
        if obligations:
            self.stdout.write(
                f"ACTIP obligations: {obligations} illustrative statuses of Cambodia (synthetic)."
            )
        if casework is None:
            self.stdout.write(
                "Casework demo not loaded: this deployment does not hold Cambodia's casework "
                "(PATHWAYS_CASEWORK_COUNTRIES)."
            )
        else:
            if casework.clients:
                self.stdout.write(
                    f"Casework demo loaded: {casework.clients} clients, {casework.cases} cases, "
                    f"{casework.notes} case notes (all synthetic)."
                )
            if casework.screenings:
                self.stdout.write(
                    f"Casework screenings loaded: {casework.screenings} screenings (a roster "
                    f"among them) and {casework.staged_cases} cases taken through identification "
                    "and the case stages (all synthetic)."
                )
            if casework.release is not None:
                release = casework.release
                self.stdout.write(
                    f"Statistics release published: ACTIP tables of {release.country.name} "
                    f"for {release.year} (suppressed and rounded)."
                )
            else:
                self.stdout.write(f"Statistics release not published: {casework.release_refused}.")
