"""`manage.py casework_domain_sets load FILE... | --all` and `list`: the assessment domain
sets, loaded from their files as versioned data."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from pathways.casework.domains import FOLDER, DomainSetError, load_file, read_file, shipped_files
from pathways.casework.models import AssessmentDomainSet


class Command(BaseCommand):
    help = (
        "Load assessment domain sets from their JSON files, or list those loaded. Every file "
        "is checked first: if any has a problem, each problem is named and nothing is "
        "loaded. A set already loaded at its (code, version) is left as it is; give a "
        "changed file a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load the sets of these files.")
        load.add_argument("files", nargs="*", type=Path)
        load.add_argument("--all", action="store_true", help=f"Load every file of {FOLDER}.")
        sub.add_parser("list", help="List the loaded sets.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "list":
            self._list()
            return
        files = list(options["files"]) + (shipped_files() if options["all"] else [])
        if not files:
            raise CommandError("Name the files to load, or give --all.")
        problems: list[str] = []
        for path in files:
            try:
                read_file(path)
            except DomainSetError as error:
                problems += [f"{error.filename}: {problem}" for problem in error.problems]
        if problems:
            raise CommandError("Nothing was loaded:\n" + "\n".join(problems))
        with transaction.atomic():
            results = [(path, load_file(path)) for path in files]
        for path, result in results:
            found = result.domain_set
            if result.created:
                self.stdout.write(f"{path}: loaded {found.code} {found.version}")
            elif result.changed_since_loaded:
                self.stdout.write(
                    f"{path}: {found.code} {found.version} is already loaded from a different "
                    "file; left as it is (give the changed set a new version)"
                )
            else:
                self.stdout.write(f"{path}: {found.code} {found.version} already loaded")

    def _list(self) -> None:
        rows = AssessmentDomainSet.objects.order_by("code", "loaded_at")
        for s in rows:
            review = f"reviewed by {s.reviewed_by}" if s.reviewed_by else "awaits national review"
            self.stdout.write(f"{s.code}\t{s.version}\t{len(s.domains)} domains\t{review}")
        if not rows:
            self.stdout.write("No assessment domain set is loaded.")
