"""Exporting a case in the HTCDS: the summary at once; anything more only after a
supervisor's approval, encrypted under a password shown once, downloaded once, watermarked
with who and when, and recorded in the access log (casework.md §6.3 rule 4)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from pathways.casework.htcds.schema import schema_errors
from pathways.casework.models import AccessEvent, CaseworkRole, ExportRequest
from pathways.casework.tests.conftest import staff
from pathways.casework.tests.pages import (
    IDENTITY,
    IDENTITY_VALUES,
    NOTE_VALUES,
    SECTION_VALUES,
    browser_as,
    build_world,
)
from pathways.lib import passworded

pytestmark = pytest.mark.django_db

SENSITIVE = [*IDENTITY_VALUES, *SECTION_VALUES.values(), *NOTE_VALUES.values()]
EVERYTHING = ["summary", "identity", "safety", "medical", "exploitation", "legal", "notes"]


@pytest.fixture
def w(kh, la):
    world = build_world(kh, la)
    world.second_supervisor = staff(world.shelter, CaseworkRole.CASE_SUPERVISOR, "sup2")
    return world


def export_events(case) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(case_id=case.pk, action=AccessEvent.Action.EXPORT))


def ask(browser, case, sections):
    return browser.post(reverse("casework:case_export", args=[case.pk]), {"sections": sections})


def post(browser, name: str, export: ExportRequest, **data):
    return browser.post(reverse(f"casework:{name}", args=[export.pk]), data)


def approved_export(w, requester, sections) -> ExportRequest:
    assert ask(browser_as(requester), w.case, sections).status_code == 302
    export = ExportRequest.objects.get(requested_by=requester)
    post(browser_as(w.supervisor), "export_decide", export, decision="approve")
    export.refresh_from_db()
    assert export.state == ExportRequest.State.APPROVED
    return export


def prepare_and_download(browser, export: ExportRequest) -> tuple[str, bytes, str]:
    page = post(browser, "export_prepare", export).content.decode()
    password = re.search(r'<code class="password" translate="no">([^<]+)</code>', page)[1]
    response = post(browser, "export_download", export)
    assert response.status_code == 200
    return password, response.content, response["Content-Disposition"]


def test_the_summary_is_exported_at_once_watermarked_and_recorded(w):
    response = ask(browser_as(w.worker), w.case, ["summary"])
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert re.search(
        rf'filename="{w.case.case_number}-worker-\d{{8}}T\d{{6}}Z\.htcds\.json"',
        response["Content-Disposition"],
    )
    text = response.content.decode()
    assert not [value for value in SENSITIVE if value in text]
    document = json.loads(text)
    assert document["export"]["exported_by"].endswith("(worker)")
    assert document["export"]["exported_at"] and document["export"]["sections"] == ["summary"]
    assert document["case"]["loc_CaseNumber"] == w.case.case_number
    assert schema_errors(document) == []
    [event] = export_events(w.case)
    assert event.user == w.worker and event.client_id == w.client.pk and event.fields == []
    assert not ExportRequest.objects.exists()


def test_more_than_the_summary_waits_for_a_supervisor_and_no_one_approves_their_own(w):
    response = ask(browser_as(w.supervisor), w.case, ["summary", "identity"])
    export = ExportRequest.objects.get()
    assert response.url == reverse("casework:export_detail", args=[export.pk])
    assert export.state == ExportRequest.State.REQUESTED and export_events(w.case) == []
    post(browser_as(w.supervisor), "export_decide", export, decision="approve")
    post(browser_as(w.supervisor), "export_prepare", export)
    post(browser_as(w.supervisor), "export_download", export)
    export.refresh_from_db()
    assert export.state == ExportRequest.State.REQUESTED and export.package is None
    assert export_events(w.case) == []
    waiting = browser_as(w.second_supervisor).get(reverse("casework:export_list"))
    assert w.case.case_number in waiting.content.decode()
    mine = browser_as(w.supervisor).get(reverse("casework:export_list")).content.decode()
    assert "No export awaits your approval." in mine


def test_an_approved_export_is_encrypted_watermarked_recorded_and_downloaded_once(w):
    export = approved_export(w, w.worker, [*EVERYTHING, "unlawful_acts"])
    browser = browser_as(w.worker)
    password, package, disposition = prepare_and_download(browser, export)
    assert re.search(
        rf"{w.case.case_number}-worker-\d{{8}}T\d{{6}}Z\.htcds\.json\.pwpkg", disposition
    )
    assert not [value for value in [*SENSITIVE, "HTCDS", "worker"] if value.encode() in package]
    document = json.loads(passworded.decrypt(package, password))
    assert schema_errors(document) == []
    assert document["export"]["exported_by"].endswith("(worker)")
    assert document["person"]["prs_FirstName"] == IDENTITY.first_name
    assert document["case"]["loc_SafeLocation"] == SECTION_VALUES["safety"]
    assert document["victim"]["loc_UnlawfulActs"] == SECTION_VALUES["unlawful_acts"]
    assert {c["cco_CaseComment"] for c in document["case_comments"]} == set(NOTE_VALUES.values())
    [event] = export_events(w.case)
    assert event.user == w.worker and {"first_name", "safe_location"} <= set(event.fields)
    export.refresh_from_db()
    assert export.state == ExportRequest.State.DOWNLOADED and export.package is None
    again = post(browser, "export_download", export)
    assert again.status_code == 302 and again.url.endswith(f"/exports/{export.pk}/")


def test_the_file_holds_only_the_sections_the_requester_may_see(w):
    form = browser_as(w.lawyer).get(reverse("casework:case_export", args=[w.case.pk]))
    offered = set(re.findall(r'name="sections" value="([a-z_]+)"', form.content.decode()))
    assert offered == {"summary", "identity", "legal", "unlawful_acts"}
    refused = ask(browser_as(w.lawyer), w.case, ["summary", "medical"])
    assert refused.status_code == 200 and not ExportRequest.objects.exists()
    assert "medical is not one of the available choices" in refused.content.decode()
    nothing = ask(browser_as(w.lawyer), w.case, [])
    assert "Choose at least one section to export." in nothing.content.decode()
    export = approved_export(w, w.lawyer, ["summary", "legal", "unlawful_acts"])
    password, package, _ = prepare_and_download(browser_as(w.lawyer), export)
    text = passworded.decrypt(package, password).decode()
    assert SECTION_VALUES["legal"] in text and NOTE_VALUES["legal"] in text
    hidden = [SECTION_VALUES["medical"], SECTION_VALUES["safety"], NOTE_VALUES["notes"]]
    assert not [value for value in [*hidden, IDENTITY.first_name] if value in text]


def test_the_coordinator_exports_the_summary_only(w):
    form = browser_as(w.coordinator).get(reverse("casework:case_export", args=[w.case.pk]))
    offered = set(re.findall(r'name="sections" value="([a-z_]+)"', form.content.decode()))
    assert offered == {"summary"}
    assert ask(browser_as(w.coordinator), w.case, ["summary"]).status_code == 200


def test_a_refused_export_is_never_prepared(w):
    ask(browser_as(w.worker), w.case, ["summary", "medical"])
    export = ExportRequest.objects.get()
    post(browser_as(w.supervisor), "export_decide", export, decision="refuse")
    export.refresh_from_db()
    assert export.state == ExportRequest.State.REFUSED and export.decided_by == w.supervisor
    post(browser_as(w.worker), "export_prepare", export)
    export.refresh_from_db()
    assert export.package is None and export_events(w.case) == []


def test_exports_are_out_of_reach_beyond_the_case_and_its_supervisors(w):
    ask(browser_as(w.worker), w.case, ["summary", "medical"])
    export = ExportRequest.objects.get()
    detail = reverse("casework:export_detail", args=[export.pk])
    for name in ("other_worker", "other_breaker", "colleague", "lawyer"):
        assert browser_as(getattr(w, name)).get(detail).status_code == 404, name
    case_export = reverse("casework:case_export", args=[w.case.pk])
    assert browser_as(w.other_worker).get(case_export).status_code == 404
    assert browser_as(w.colleague).post(case_export, {"sections": ["summary"]}).status_code == 404
    post(browser_as(w.other_breaker), "export_decide", export, decision="approve")
    export.refresh_from_db()
    assert export.state == ExportRequest.State.REQUESTED


def test_the_case_page_offers_the_export(w):
    page = browser_as(w.worker).get(reverse("casework:case_detail", args=[w.case.pk]))
    assert reverse("casework:case_export", args=[w.case.pk]) in page.content.decode()


def test_the_recipient_opens_the_file_with_its_password_only(w, tmp_path, monkeypatch):
    from django.core.management import CommandError, call_command

    export = approved_export(w, w.worker, ["summary", "identity"])
    password, package, _ = prepare_and_download(browser_as(w.worker), export)
    received = tmp_path / "received.htcds.json.pwpkg"
    received.write_bytes(package)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "wrong-password")
    with pytest.raises(CommandError, match="password does not open"):
        call_command("casework_open_export", received, tmp_path / "wrong.json")
    assert not (tmp_path / "wrong.json").exists()
    monkeypatch.setattr("getpass.getpass", lambda prompt: password)
    call_command("casework_open_export", received, tmp_path / "case.json")
    document = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert document["person"]["prs_FirstName"] == IDENTITY.first_name


def test_the_api_gives_the_summary_only_recorded_as_an_export(w):
    from pathways.api.tests.factories import api_client

    url = f"/api/v1/casework/cases/{w.case.pk}/htcds/"
    response = api_client(w.lawyer).get(url)
    assert response.status_code == 200 and "-lawyer-" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["export"]["sections"] == ["summary"] and schema_errors(document) == []
    assert not [value for value in SENSITIVE if value in response.content.decode()]
    [event] = export_events(w.case)
    assert event.via == AccessEvent.Via.API and event.user == w.lawyer
    assert api_client(w.other_worker).get(url).status_code == 404
