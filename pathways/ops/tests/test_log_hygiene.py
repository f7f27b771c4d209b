from __future__ import annotations

import io
import logging

import pytest
from django.test import Client

from pathways.ops.logging import NoPersonalDataFilter

pytestmark = pytest.mark.django_db

NAME = "Sok Sreymom"


@pytest.fixture
def log_output():
    """The configured console handler, writing into a buffer for the test."""
    handler = next(
        h
        for h in logging.getLogger("django").handlers
        if any(isinstance(f, NoPersonalDataFilter) for f in h.filters)
    )
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


@pytest.mark.urls("pathways.ops.tests.urls_person_errors")
def test_failed_person_edit_logs_the_error_but_no_name(log_output, kh_officer):
    client = Client(raise_request_exception=False)
    client.force_login(kh_officer)
    response = client.post("/persons/7/edit/?q=Sok+Sreymom", {"full_name": NAME})
    assert response.status_code == 500
    logged = log_output.getvalue()
    assert "Internal Server Error: /persons/7/edit/" in logged
    assert "ValueError" in logged and "Traceback" in logged
    assert "Sok" not in logged and "Sreymom" not in logged


def test_query_strings_are_dropped_from_logged_urls(log_output, kh_officer):
    logging.getLogger("pathways.activities").warning(
        "slow page %s", f"/persons/?search={NAME.replace(' ', '+')}&country=KH"
    )
    logged = log_output.getvalue()
    assert "/persons/?[removed" in logged and "Sreymom" not in logged


def test_not_found_person_page_logs_path_without_query(log_output, kh_officer):
    client = Client()
    client.force_login(kh_officer)
    client.get("/persons/999999/?name=Sok+Sreymom")
    logged = log_output.getvalue()
    assert "Not Found: /persons/999999/" in logged and "Sreymom" not in logged


def test_failed_import_error_message_is_not_logged(log_output):
    logger = logging.getLogger("pathways.activities.importer")
    try:
        raise ValueError(f"row 4: cannot read birth year for {NAME}")
    except ValueError:
        logger.exception("attendance import failed for event %s", 12)
    logged = log_output.getvalue()
    assert "attendance import failed for event 12" in logged
    assert "ValueError" in logged and NAME not in logged


def test_filter_keeps_every_record():
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "plain %s", ("text",), None)
    assert NoPersonalDataFilter().filter(record) is True
    assert record.getMessage() == "plain text"


def test_control_characters_in_a_logged_path_are_written_escaped(log_output):
    # As the API logs an unexpected error: the path is the client's, decoded from %1b.
    path = "/api/v1/events/\x1b[2J\x1b]0;owned\x07/\nERROR forged line"
    logging.getLogger("pathways.api.errors").error("API error %s at %s", "KeyError", path)
    logged = log_output.getvalue()
    assert "/api/v1/events/\\u001b[2J\\u001b]0;owned\\u0007/\\u000aERROR forged line" in logged
    assert not any(ch in logged for ch in "\x1b\x07")
    assert "\nERROR forged line" not in logged
