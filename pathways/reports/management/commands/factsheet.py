"""manage.py factsheet: a country's (or the region's) factsheet as JSON, HTML or PDF.

JSON and HTML go to standard output unless -o is given. A PDF is binary, so it needs -o
(use `-o -` to write the PDF bytes to standard output on purpose, e.g. into a pipe).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from pathways.activities.universe import universe_of_all
from pathways.lib.text import printable_lines
from pathways.reports.factsheet import build_factsheet
from pathways.reports.management.arguments import command_country, command_date
from pathways.reports.rendering import SIDES, render_factsheet_html, render_factsheet_pdf


class Command(BaseCommand):
    help = (
        "Print a factsheet for a country (or the region when --country is omitted) and a "
        "period. JSON and HTML go to standard output unless -o FILE is given; PDF needs "
        "-o FILE (or -o - for the raw bytes on standard output)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", help="ISO code, e.g. KH. Omit for the region.")
        parser.add_argument("--start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--end", required=True, help="Last day, YYYY-MM-DD (included).")
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the factsheet (default: %(default)s).",
        )
        parser.add_argument(
            "--sides",
            type=int,
            choices=SIDES,
            default=1,
            help="PDF and HTML: one page (default) or two sides (program, then country).",
        )
        parser.add_argument("-o", "--output", help="File to write; '-' for standard output.")

    def handle(self, *args, **options) -> None:
        start, end = command_date(options["start"]), command_date(options["end"])
        if end < start:
            raise CommandError(f"The end ({end}) is before the start ({start}).")
        country = command_country(options["country"])
        fmt, output = options["format"], options["output"]
        if fmt == "pdf" and not output:
            raise CommandError("A PDF is binary: give -o FILE (or -o - for standard output).")
        with translation.override(options["lang"]):
            factsheet = build_factsheet(universe=universe_of_all(country), start=start, end=end)
            body = self._render(factsheet, fmt, options["sides"])
        self._write(body, output, fmt)

    def _render(self, factsheet, fmt: str, sides: int) -> bytes:
        if fmt == "pdf":
            return render_factsheet_pdf(factsheet, sides=sides)
        if fmt == "html":
            return render_factsheet_html(factsheet, sides=sides).encode("utf-8")
        return (json.dumps(factsheet.as_json(), ensure_ascii=False, indent=2) + "\n").encode()

    def _write(self, body: bytes, output: str | None, fmt: str) -> None:
        if output and output != "-":
            Path(output).write_bytes(body)
            self.stderr.write(f"Wrote {output} ({len(body):,} bytes).")
            return
        if fmt != "pdf":
            # Names and achievements are stored text: on a terminal, control characters
            # show as escapes (JSON stays JSON) instead of acting on it.
            body = printable_lines(body.decode("utf-8")).encode("utf-8")
        stream = getattr(self.stdout, "_out", sys.stdout)
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            stream.flush()
            buffer.write(body)
            buffer.flush()
        else:
            stream.write(body.decode("utf-8", errors="replace"))
