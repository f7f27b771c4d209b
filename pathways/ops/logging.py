"""Keep personal data out of the logs.

Log lines may reach hosting providers, support staff and log services that are not allowed
to see victims' or participants' data. Requests are logged by path only; query strings,
request bodies and exception messages (which can quote submitted values, and on PostgreSQL
quote the offending row) are dropped before any handler formats a record. Control
characters are written as escapes: a requested path holding an ANSI sequence must not act
on the terminal of whoever reads the log, nor a line break start a forged log line.
"""

from __future__ import annotations

import logging
import re
import traceback

from pathways.lib.text import printable

# A URL path followed by a query string, as it appears in a log message.
QUERY_STRING = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
REDACTED = "[removed: may hold personal data]"


def strip_query(text: str) -> str:
    return QUERY_STRING.sub(r"\1?" + REDACTED, text)


def redacted_traceback(exc_info) -> str:
    exc_type, _value, tb = exc_info
    lines = traceback.format_tb(tb)
    return (
        "Traceback (most recent call last):\n"
        + "".join(lines)
        + (f"{exc_type.__module__}.{exc_type.__qualname__}: {REDACTED}")
    )


class NoPersonalDataFilter(logging.Filter):
    """Rewrites every record in place; never drops a record, so operators still see errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = printable(strip_query(record.getMessage()))
        record.args = None
        if hasattr(record, "request"):
            # Handlers such as AdminEmailHandler print the request with its POST body.
            record.request = None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redacted_traceback(record.exc_info)
            record.exc_info = None
        return True
