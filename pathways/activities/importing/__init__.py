"""Attendance import from sign-in sheets: headers, values, preview, the import service and
its pages (views.py)."""

from __future__ import annotations

from pathways.activities.importing.preview import (
    REPORT_KEYS,
    ImportFileError,
    ImportPreview,
    ImportResult,
)
from pathways.activities.importing.service import import_file, prepare_import

__all__ = [
    "REPORT_KEYS",
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "import_file",
    "prepare_import",
]
