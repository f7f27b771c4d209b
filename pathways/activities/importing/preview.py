"""What an import would do and what it did: the preview, its plan, the result and its report.

Reading (`reading.py`) makes an `ImportPreview`; matching (`writing.py`) adds its `Plan`;
`ImportPreview.result` is what the page, the command and the API report, whether or not
anything was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from pathways.activities.importing.headers import Column
from pathways.activities.importing.rows import PersonRow, Problem, RowsRead, Skip
from pathways.activities.models import Event, Person

REPORT_KEYS = (
    "rows_read",
    "attendances_added",
    "persons_created",
    "persons_matched",
    "skipped",
    "errors",
)


class ImportFileError(Exception):
    """The file as a whole cannot be imported; `message` says why in plain words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ImportResult:
    rows_read: int = 0
    attendances_added: int = 0
    persons_created: int = 0
    persons_matched: int = 0
    skipped: list[Skip] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already_imported: bool = False
    written: bool = False
    batch_id: int | None = None
    encoding: str = ""  # what a CSV file was read as; "" for workbooks

    def report(self) -> dict[str, Any]:
        """The report with exactly the documented keys (the command's --json output)."""
        return {
            "rows_read": self.rows_read,
            "attendances_added": self.attendances_added,
            "persons_created": self.persons_created,
            "persons_matched": self.persons_matched,
            "skipped": [s.as_dict() for s in self.skipped],
            "errors": [e.as_dict() for e in self.errors],
        }


@dataclass
class UnmatchedOrganisation:
    """An organisation as the sheet wrote it that matches none on record, and its rows."""

    text: str  # as first written; other spellings with the same key are the same text
    rows: list[int] = field(default_factory=list)


@dataclass
class OrganisationsRead:
    matched: dict[int, int] = field(default_factory=dict)  # row number -> organisation key
    unmatched: list[UnmatchedOrganisation] = field(default_factory=list)

    def warnings(self) -> list[str]:
        """The unrecognised texts as the command and the API report them (the page lists
        them in a section of their own, with what to do about each)."""
        warnings = []
        for found in self.unmatched[:50]:
            numbers = found.rows
            shown = ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")
            warnings.append(
                _(
                    "'%(name)s' (rows %(rows)s) is not an organisation on record; these persons "
                    "are saved without an organisation and their attendance keeps the text as "
                    "written."
                )
                % {"name": found.text[:60], "rows": shown}
            )
        if len(self.unmatched) > 50:
            more = len(self.unmatched) - 50
            warnings.append(_("%(n)d more organisation names are not on record.") % {"n": more})
        return warnings


@dataclass
class ImportPreview:
    """What an import of this file with this mapping would do; nothing is written."""

    event: Event
    file_name: str
    sha256: str
    sheet_name: str
    header_rows: list[int]
    columns: list[Column]
    mapping: dict[int, str]
    mapping_source: str
    read: RowsRead
    warnings: list[str]
    signature: str
    already_imported: bool = False
    plan: Plan | None = None
    encoding: str = ""  # what a CSV file was read as (a key of ENCODINGS); "" for workbooks
    organisations: OrganisationsRead = field(default_factory=OrganisationsRead)

    @property
    def errors(self) -> list[Problem]:
        return self.read.errors

    @property
    def can_confirm(self) -> bool:
        return not self.errors and not self.already_imported

    def result(self) -> ImportResult:
        plan = self.plan or Plan()
        ok = not self.errors and not self.already_imported
        return ImportResult(
            rows_read=self.read.rows_read,
            attendances_added=len(plan.create) + len(plan.matched) if ok else 0,
            persons_created=len(plan.create) if ok else 0,
            persons_matched=len(plan.matched) if ok else 0,
            skipped=sorted(self.read.skipped + plan.skipped, key=lambda s: s.row),
            errors=list(self.errors),
            warnings=self.organisations.warnings() + list(self.warnings),
            already_imported=self.already_imported,
            encoding=self.encoding,
        )


@dataclass
class Plan:
    create: list[PersonRow] = field(default_factory=list)
    matched: list[tuple[PersonRow, Person]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    # Rows to create (by row number) that surely are a person on record whom the importer
    # may not see: that person's key, for the review queue only (never in a report).
    outside: dict[int, int] = field(default_factory=dict)
