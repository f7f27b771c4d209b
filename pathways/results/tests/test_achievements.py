from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.programs.models import OutcomeArea
from pathways.results import services
from pathways.results.models import Achievement, EvidenceFile
from pathways.results.tests.factories import country, make_event, org

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def make_achievement(actor, *, code: str = "KH", title: str = "Police SOPs revised", **kw):
    return services.achievement_create(
        actor=actor,
        country=country(code),
        title=title,
        text="Two workshops reviewed and revised the SOPs.",
        date=kw.pop("date", dt.date(2022, 5, 27)),
        outcome_area=OutcomeArea.objects.get(code="justice"),
        **kw,
    )


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


# --- Workflow -----------------------------------------------------------------------------------


def test_officer_creates_and_submits_and_manager_verifies(kh_officer, kh_manager):
    a = make_achievement(kh_officer, partners=[org("CNP")])
    assert a.status == Achievement.Status.DRAFT
    services.achievement_submit(actor=kh_officer, achievement=a)
    assert a.status == Achievement.Status.SUBMITTED and a.submitted_by == kh_officer
    services.achievement_verify(actor=kh_manager, achievement=a)
    a.refresh_from_db()
    assert a.status == Achievement.Status.VERIFIED and a.verified_by == kh_manager
    actions = AuditEvent.objects.filter(object_id=str(a.pk), content_type__model="achievement")
    assert actions.count() == 3


def test_officer_cannot_verify(kh_officer):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=kh_officer, achievement=a)
    with pytest.raises(PermissionDenied):
        services.achievement_verify(actor=kh_officer, achievement=a)


def test_manager_of_another_country_cannot_verify(kh_officer, la_manager):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=kh_officer, achievement=a)
    with pytest.raises(PermissionDenied):
        services.achievement_verify(actor=la_manager, achievement=a)


def test_donor_and_partner_cannot_create(donor, lscw_partner):
    for actor in (donor, lscw_partner):
        with pytest.raises(PermissionDenied):
            make_achievement(actor)


def test_send_back_returns_to_draft_and_keeps_the_comment(kh_officer, kh_manager):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=kh_officer, achievement=a)
    services.achievement_send_back(
        actor=kh_manager, achievement=a, comment="Name the units and the dates."
    )
    a.refresh_from_db()
    assert a.status == Achievement.Status.DRAFT
    assert a.review_comment == "Name the units and the dates."
    services.achievement_update(actor=kh_officer, achievement=a, title="CNP AHT unit SOPs")
    services.achievement_submit(actor=kh_officer, achievement=a)
    a.refresh_from_db()
    assert a.review_comment == "Name the units and the dates."


def test_sending_back_needs_a_comment(kh_officer, kh_manager):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=kh_officer, achievement=a)
    with pytest.raises(ValidationError):
        services.achievement_send_back(actor=kh_manager, achievement=a, comment="  ")


def test_a_draft_cannot_be_verified_and_a_submission_cannot_be_edited(kh_officer, kh_manager):
    a = make_achievement(kh_officer)
    with pytest.raises(ValidationError):
        services.achievement_verify(actor=kh_manager, achievement=a)
    services.achievement_submit(actor=kh_officer, achievement=a)
    with pytest.raises(PermissionDenied):
        services.achievement_update(actor=kh_officer, achievement=a, title="Changed")


def test_related_events_must_be_in_the_achievements_country(client, kh_officer):
    client.force_login(kh_officer)
    la_event = make_event(code="LA")
    response = client.post(
        reverse("results:achievement_create"),
        {
            "country": country("KH").pk,
            "title": "T",
            "text": "X",
            "date": "2022-01-01",
            "outcome_area": OutcomeArea.objects.get(code="justice").pk,
            "related_events": [la_event.pk],
        },
    )
    assert response.status_code == 200
    assert not Achievement.objects.exists()


def test_the_service_refuses_related_events_of_another_country_even_for_the_admin(personas):
    admin, la_event = personas["admin"], make_event(code="LA")
    with pytest.raises(ValidationError) as caught:
        make_achievement(admin, related_events=[la_event])
    assert "related_events" in caught.value.error_dict
    assert not Achievement.objects.exists()
    draft = make_achievement(admin, related_events=[make_event(code="KH")])
    with pytest.raises(ValidationError):
        services.achievement_update(actor=admin, achievement=draft, related_events=[la_event])
    assert list(draft.related_events.values_list("country__code", flat=True)) == ["KH"]


# --- Views --------------------------------------------------------------------------------------


def test_officer_records_an_achievement_through_the_form(client, kh_officer):
    client.force_login(kh_officer)
    event = make_event()
    response = client.post(
        reverse("results:achievement_create"),
        {
            "country": country("KH").pk,
            "title": "NCCT guidelines reviewed",
            "text": "National Committee for Counter Trafficking reviewed the guidelines.",
            "date": "2022-04-29",
            "outcome_area": OutcomeArea.objects.get(code="justice").pk,
            "partners": [org("NCCT").pk],
            "related_events": [event.pk],
            "is_good_practice": "on",
        },
    )
    a = Achievement.objects.get()
    assert response.status_code == 302
    assert a.is_good_practice and list(a.related_events.all()) == [event]


def test_achievement_form_stores_text_without_control_characters(client, kh_officer):
    client.force_login(kh_officer)
    response = client.post(
        reverse("results:achievement_create"),
        {
            "country": country("KH").pk,
            "title": "\u202eNCCT guidelines\x1b[8m reviewed",
            "text": "Reviewed.\r\nAdopted.\x07",
            "date": "2022-04-29",
            "outcome_area": OutcomeArea.objects.get(code="justice").pk,
        },
    )
    assert response.status_code == 302
    achievement = Achievement.objects.get()
    assert achievement.title == "NCCT guidelines[8m reviewed"
    assert achievement.text == "Reviewed.\nAdopted."


def test_form_errors_are_tied_to_their_fields(client, kh_officer):
    client.force_login(kh_officer)
    html = client.post(reverse("results:achievement_create"), {"title": ""}).content.decode()
    assert 'aria-describedby="id_title_error"' in html
    assert 'id="id_title_error"' in html


def test_refused_achievement_form_starts_with_a_summary_linking_to_each_field(client, kh_officer):
    client.force_login(kh_officer)
    html = client.post(reverse("results:achievement_create"), {"title": ""}).content.decode()
    summary = html[
        html.index('class="error-summary"') : html.index('<form method="post" class="stacked card"')
    ]
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_outcome_area">Outcome area: This field is required.</a>' in summary
    assert not Achievement.objects.exists()


def test_achievement_form_offers_partners_as_checkboxes_without_ctrl(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("results:achievement_create")).content.decode()
    assert "Hold Ctrl" not in html
    assert 'type="checkbox" name="partners"' in html


def test_achievement_filters_read_any_when_empty(client, kh_officer):
    client.force_login(kh_officer)
    html = client.get(reverse("results:achievement_list")).content.decode()
    assert "---------" not in html and '<option value="" selected>Any</option>' in html


def test_workflow_buttons_through_the_views(client, kh_officer, kh_manager):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    client.post(reverse("results:achievement_submit", args=[a.pk]))
    assert client.post(reverse("results:achievement_verify", args=[a.pk])).status_code == 403
    client.force_login(kh_manager)
    url = reverse("results:achievement_send_back", args=[a.pk])
    client.post(url, {"comment": "Add the partner."})
    a.refresh_from_db()
    assert (a.status, a.review_comment) == ("draft", "Add the partner.")
    assert (
        "Add the partner."
        in client.get(reverse("results:achievement_detail", args=[a.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("kh_officer", 200),
        ("kh_manager", 200),
        ("admin", 200),
        ("la_manager", 404),
        ("donor", 404),  # a draft is not shown outside the country team
        ("lscw_partner", 404),
    ],
)
def test_draft_detail_access(client, personas, persona, status):
    a = make_achievement(personas["kh_officer"])
    client.force_login(personas[persona])
    assert client.get(reverse("results:achievement_detail", args=[a.pk])).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("donor", 200), ("la_manager", 404), ("lscw_partner", 200), ("kh_officer", 200)],
)
def test_verified_detail_access(client, personas, persona, status):
    a = make_achievement(personas["kh_officer"])
    services.achievement_submit(actor=None, achievement=a)
    services.achievement_verify(actor=None, achievement=a)
    client.force_login(personas[persona])
    assert client.get(reverse("results:achievement_detail", args=[a.pk])).status_code == status


def test_read_only_users_cannot_edit_or_create(client, donor, kh_officer):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=None, achievement=a)
    services.achievement_verify(actor=None, achievement=a)
    client.force_login(donor)
    assert client.get(reverse("results:achievement_create")).status_code == 403
    assert client.get(reverse("results:achievement_edit", args=[a.pk])).status_code == 403
    assert client.post(reverse("results:achievement_verify", args=[a.pk])).status_code == 403


def test_list_filters_and_paginates(client, kh_officer):
    for i in range(25):
        make_achievement(kh_officer, title=f"Result {i:02d}", date=dt.date(2022, 1, 1 + i))
    make_achievement(kh_officer, title="Good one", is_good_practice=True)
    client.force_login(kh_officer)
    url = reverse("results:achievement_list")
    first = client.get(url).content.decode()
    assert "Page 1 of 2" in first
    good = client.get(f"{url}?good_practice=on").content.decode()
    assert "Good one" in good and "Result 01" not in good
    dated = client.get(f"{url}?start=2022-01-10&end=2022-01-11").content.decode()
    assert "Result 09" in dated and "Result 10" in dated and "Result 11" not in dated
    csv = client.get(f"{url}?status=draft&format=csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 27


def test_donor_list_shows_only_verified(client, donor, kh_officer):
    make_achievement(kh_officer, title="Still a draft")
    client.force_login(donor)
    assert "Still a draft" not in client.get(reverse("results:achievement_list")).content.decode()


# --- Evidence -----------------------------------------------------------------------------------


def upload(client, a, name: str, content: bytes):
    return client.post(
        reverse("results:evidence_upload", args=[a.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="application/pdf")},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20, "image/jpeg"),
        (
            "notes.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_evidence_is_accepted_by_content(client, kh_officer, media, name, content, content_type):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    upload(client, a, name, content)
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == content_type
    assert evidence.file.path.startswith(str(media))
    download = client.get(reverse("results:evidence_download", args=[evidence.pk]))
    assert download["Content-Type"] == content_type
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_program_renamed_to_pdf_is_refused(client, kh_officer):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    html = upload(client, a, "report.pdf", b"MZ\x90\x00 executable").content.decode()
    assert "is not a PDF, an image" in html
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_limit_is_refused(client, kh_officer, settings):
    settings.UPLOAD_MAX_BYTES = 100
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    html = upload(client, a, "big.pdf", PDF + b"\0" * 200).content.decode()
    assert "larger than the limit" in html
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("la_manager", 404), ("donor", 404)])
def test_evidence_of_a_draft_is_not_served_outside_the_team(client, personas, persona, status):
    a = make_achievement(personas["kh_officer"])
    evidence = services.evidence_add(
        actor=personas["kh_officer"], upload=io.BytesIO(PDF), filename="r.pdf", achievement=a
    )
    client.force_login(personas[persona])
    assert (
        client.get(reverse("results:evidence_download", args=[evidence.pk])).status_code == status
    )


def test_donor_cannot_upload(client, donor, kh_officer):
    a = make_achievement(kh_officer)
    services.achievement_submit(actor=None, achievement=a)
    services.achievement_verify(actor=None, achievement=a)
    client.force_login(donor)
    assert upload(client, a, "r.pdf", PDF).status_code == 403
