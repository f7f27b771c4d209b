"""Exporting a case in the HTCDS beyond its summary through the API (casework.md §6.3 rule 4):
the case worker asks for the identity and medical sections; nothing can be downloaded before
a supervisor approves; a supervisor other than the requester approves; the requester prepares
the file and is given its password once; the download is the encrypted file, which opens with
that password only and carries who exported it and when, and the export is in the access log
as read through the API. And the refusals: no one approves their own, others find no request
(404), a step without the right to it is a 403, a stale read a 409 with nothing written."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.htcds.schema import schema_errors
from pathways.casework.models import AccessEvent, CaseworkRole, ExportRequest
from pathways.casework.tests.conftest import staff
from pathways.casework.tests.pages import (
    IDENTITY,
    IDENTITY_VALUES,
    NOTE_VALUES,
    SECTION_VALUES,
    build_world,
)
from pathways.lib import passworded
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

EXPORTS = "/api/v1/casework/exports/"
SENSITIVE = [*IDENTITY_VALUES, *SECTION_VALUES.values(), *NOTE_VALUES.values()]


@pytest.fixture
def w(db):
    world = build_world(Country.objects.get(code="KH"), Country.objects.get(code="LA"))
    world.second_supervisor = staff(world.shelter, CaseworkRole.CASE_SUPERVISOR, "sup2")
    return world


def post(user, url: str, body: dict | None = None):
    return api_client(user).post(url, body or {}, content_type="application/json")


def ask(w, user, sections: list[str]):
    return post(user, f"/api/v1/casework/cases/{w.case.pk}/exports/", {"sections": sections})


def url(export: dict | ExportRequest, step: str = "") -> str:
    pk = export["id"] if isinstance(export, dict) else export.pk
    return f"{EXPORTS}{pk}/" + (f"{step}/" if step else "")


def export_events(case) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(case_id=case.pk, action=AccessEvent.Action.EXPORT))


def audits_of(export_id: int) -> list[AuditEvent]:
    content_type = ContentType.objects.get_for_model(ExportRequest)
    rows = AuditEvent.objects.filter(content_type=content_type, object_id=str(export_id))
    return list(rows.order_by("pk"))


def test_an_export_is_asked_approved_prepared_and_downloaded_through_the_api(w):
    response = ask(w, w.worker, ["summary", "identity", "medical"])
    assert response.status_code == 201, response.content
    asked = response.json()
    assert asked["state"] == "requested" and asked["is_requester"] and not asked["may_decide"]
    assert asked["sections"] == ["identity", "medical", "summary"]
    assert not [v for v in SENSITIVE if v in response.content.decode()]

    # Nothing leaves before a supervisor approves: no file to prepare, none to download.
    early = post(w.worker, url(asked, "download"), {"version": asked["version"]})
    assert early.status_code == 409 and "Awaiting approval" in early.json()["detail"]
    assert post(w.worker, url(asked, "prepare")).status_code == 409
    assert export_events(w.case) == []

    # The supervisor finds it waiting and approves it.
    listed = api_client(w.supervisor).get(EXPORTS).json()
    [waiting] = [row for row in listed["results"] if row["id"] == asked["id"]]
    assert waiting["may_decide"] and waiting["requested_by"].endswith("(worker)")
    body = {"decision": "approve", "version": waiting["version"]}
    decided = post(w.supervisor, url(asked, "decide"), body)
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "approved"
    assert decided.json()["decided_by"].endswith("(sup)")

    # The requester prepares it: the password, this once.
    prepared = post(w.worker, url(asked, "prepare"))
    assert prepared.status_code == 200, prepared.content
    assert prepared["Cache-Control"] == "no-store"
    password = prepared.json()["password"]
    assert prepared.json()["file_name"].endswith(".htcds.json.pwpkg")
    [event] = export_events(w.case)
    assert event.via == AccessEvent.Via.API and event.user == w.worker
    assert password not in json.dumps([a.changes for a in audits_of(asked["id"])])

    # The download is the encrypted file, named with who and when, once.
    version = api_client(w.worker).get(url(asked)).json()["version"]
    response = post(w.worker, url(asked, "download"), {"version": version})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/octet-stream"
    assert re.search(
        rf'filename="{w.case.case_number}-worker-\d{{8}}T\d{{6}}Z\.htcds\.json\.pwpkg"',
        response["Content-Disposition"],
    )
    package = response.content
    assert not [v for v in SENSITIVE if v.encode() in package]
    with pytest.raises(passworded.WrongPassword):
        passworded.decrypt(package, "not-the-password")
    document = json.loads(passworded.decrypt(package, password))
    assert document["export"]["exported_by"].endswith("(worker)")
    assert document["export"]["exported_at"]
    assert document["person"]["prs_FirstName"] == IDENTITY.first_name
    assert schema_errors(document) == []

    again = post(w.worker, url(asked, "download"), {"version": version + 1})
    assert again.status_code == 409 and "Downloaded" in again.json()["detail"]
    sources = {a.source for a in audits_of(asked["id"])}
    assert sources == {AuditEvent.Source.API}


def test_no_one_approves_their_own_export_nor_acts_on_another_step(w):
    asked = ask(w, w.supervisor, ["summary", "medical"]).json()
    export = ExportRequest.objects.get(pk=asked["id"])
    body = {"decision": "approve", "version": asked["version"]}
    own = post(w.supervisor, url(asked, "decide"), body)
    assert own.status_code == 403 and "Someone else must approve" in own.json()["detail"]
    # A case worker of the agency does not see the request, others do not either.
    for user in (w.worker, w.colleague, w.other_worker, w.other_breaker, w.lawyer):
        assert api_client(user).get(url(asked)).status_code == 404, user
        assert post(user, url(asked, "decide"), body).status_code == 404, user
    assert post(w.second_supervisor, url(asked, "decide"), body).status_code == 200
    # The second supervisor sees it, yet neither prepares nor downloads it.
    assert post(w.second_supervisor, url(asked, "prepare")).status_code == 403
    download = post(w.second_supervisor, url(asked, "download"), {"version": 1})
    assert download.status_code == 403
    export.refresh_from_db()
    assert export.state == ExportRequest.State.APPROVED and export.package is None


def test_a_decision_on_a_stale_read_writes_nothing(w):
    asked = ask(w, w.worker, ["summary", "medical"]).json()
    refused = post(
        w.supervisor, url(asked, "decide"), {"decision": "refuse", "version": asked["version"]}
    )
    assert refused.status_code == 200 and refused.json()["state"] == "refused"
    audited = len(audits_of(asked["id"]))
    body = {"decision": "approve", "version": asked["version"]}
    late = post(w.second_supervisor, url(asked, "decide"), body)
    assert late.status_code == 409 and "Refused" in late.json()["detail"]
    assert ExportRequest.objects.get(pk=asked["id"]).state == ExportRequest.State.REFUSED
    assert len(audits_of(asked["id"])) == audited
    assert post(w.worker, url(asked, "prepare")).status_code == 409


def test_only_the_sections_a_user_may_export_are_asked_for(w):
    # The coordinator reads the summary: it is the summary's own route, not a request.
    assert ask(w, w.coordinator, ["summary", "identity"]).status_code == 403
    assert ask(w, w.other_worker, ["summary", "identity"]).status_code == 404
    summary_only = ask(w, w.worker, ["summary"])
    assert summary_only.status_code == 422 and "summary" in summary_only.json()["detail"]
    unknown = ask(w, w.worker, ["summary", "passport"])
    assert unknown.status_code == 422 and "sections" in unknown.json()["detail"]
    assert not ExportRequest.objects.exists()
    assert api_client(w.worker).get(url(ExportRequest(pk=999999))).status_code == 404
