"""Evidence files: staff only unless the verifier makes them public.

Scanned sign-in sheets and photos hold personal data. Those who may see personal data in the
country (its data officers and manager, the admin, and partners with such a role named on
the achievement) open every file of a record they see; the donor and everyone else who sees
the record open only the files the country manager made public.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pathways.accounts.models import Role
from pathways.api.tests.factories import make_user
from pathways.audit.models import AuditEvent
from pathways.programs.models import OutcomeArea
from pathways.results import services
from pathways.results.models import EvidenceFile, Indicator, ReportedValue
from pathways.results.tests.factories import (
    PDF,
    REPORT,
    SHEET,
    attach,
    country,
    make_draft_achievement,
    verified_with_sheet_and_report,
    verify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def files() -> dict[str, EvidenceFile]:
    return verified_with_sheet_and_report()


def download(client, user, evidence: EvidenceFile):
    client.force_login(user)
    return client.get(reverse("results:evidence_download", args=[evidence.pk]))


# --- Downloads ----------------------------------------------------------------------------------


def test_new_evidence_is_staff_only():
    attached = services.evidence_add(
        actor=None,
        upload=io.BytesIO(PDF),
        filename="new.pdf",
        achievement=make_draft_achievement(),
    )
    assert attached.public is False


def test_donor_cannot_download_a_staff_only_file_of_a_verified_achievement(client, donor, files):
    assert download(client, donor, files["sheet"]).status_code == 404


def test_donor_downloads_a_public_file_of_a_verified_achievement(client, donor, files):
    response = download(client, donor, files["report"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_regional_viewer_cannot_download_a_staff_only_file(client, files):
    viewer = make_user("region_viewer", Role.VIEWER)
    assert download(client, viewer, files["sheet"]).status_code == 404
    assert download(client, viewer, files["report"]).status_code == 200


@pytest.mark.parametrize("persona", ["admin_user", "kh_manager", "kh_officer"])
def test_country_staff_download_staff_only_files(client, request, persona, files):
    user = request.getfixturevalue(persona)
    assert download(client, user, files["sheet"]).status_code == 200


def test_country_viewer_gets_only_public_files_as_they_see_no_personal_data(client, files):
    viewer = make_user("kh_viewer", Role.VIEWER, code="KH")
    assert download(client, viewer, files["sheet"]).status_code == 404
    assert download(client, viewer, files["report"]).status_code == 200


def test_manager_of_another_country_gets_neither_file(client, la_manager, files):
    assert download(client, la_manager, files["sheet"]).status_code == 404
    assert download(client, la_manager, files["report"]).status_code == 404


def test_partner_downloads_staff_only_files_only_of_achievements_naming_them(
    client, lscw_partner, files
):
    named = make_draft_achievement(partners=("LSCW",))
    own_sheet = attach(named, "lscw-sheet.pdf")
    verify(named)
    assert download(client, lscw_partner, own_sheet).status_code == 200
    assert download(client, lscw_partner, files["sheet"]).status_code == 404
    assert download(client, lscw_partner, files["report"]).status_code == 200


def test_achievement_page_lists_only_the_files_the_donor_may_open(client, donor, files):
    client.force_login(donor)
    url = reverse("results:achievement_detail", args=[files["report"].achievement_id])
    html = client.get(url).content.decode()
    assert REPORT in html
    assert SHEET not in html
    assert "Make public" not in html


def test_achievement_page_says_in_words_which_files_are_public(client, kh_officer, files):
    client.force_login(kh_officer)
    url = reverse("results:achievement_detail", args=[files["report"].achievement_id])
    html = client.get(url).content.decode()
    assert SHEET in html and REPORT in html
    assert "Staff only" in html and "Public" in html
    # A data officer does not decide what is public.
    assert reverse("results:evidence_set_public", args=[files["sheet"].pk]) not in html


def test_achievement_page_offers_the_manager_a_labelled_form_per_file(client, kh_manager, files):
    client.force_login(kh_manager)
    url = reverse("results:achievement_detail", args=[files["report"].achievement_id])
    html = client.get(url).content.decode()
    action = reverse("results:evidence_set_public", args=[files["sheet"].pk])
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    assert "csrfmiddlewaretoken" in form
    assert 'name="public" value="on"' in form
    assert "Make public" in form and f": {SHEET}" in form


# --- Making a file public ------------------------------------------------------------------------


def set_public(client, user, evidence: EvidenceFile, public: bool):
    client.force_login(user)
    data = {"public": "on"} if public else {}
    return client.post(reverse("results:evidence_set_public", args=[evidence.pk]), data)


def test_manager_makes_a_file_public_and_the_donor_may_then_download_it(
    client, kh_manager, donor, files
):
    response = set_public(client, kh_manager, files["sheet"], True)
    assert response.status_code == 302
    files["sheet"].refresh_from_db()
    assert files["sheet"].public is True
    assert download(client, donor, files["sheet"]).status_code == 200


def test_manager_makes_a_public_file_staff_only_again(client, kh_manager, donor, files):
    set_public(client, kh_manager, files["report"], False)
    files["report"].refresh_from_db()
    assert files["report"].public is False
    assert download(client, donor, files["report"]).status_code == 404


def test_making_a_file_public_is_audited(kh_manager, files):
    services.evidence_set_public(actor=kh_manager, evidence=files["sheet"], public=True)
    entry = AuditEvent.objects.filter(
        content_type__model="evidencefile", object_id=str(files["sheet"].pk)
    ).latest("pk")
    assert entry.action == AuditEvent.Action.UPDATE
    assert entry.actor == kh_manager
    assert entry.changes == {"public": [False, True]}


def test_officer_cannot_make_a_file_public(client, kh_officer, files):
    assert set_public(client, kh_officer, files["sheet"], True).status_code == 403
    with pytest.raises(PermissionDenied):
        services.evidence_set_public(actor=kh_officer, evidence=files["sheet"], public=True)
    files["sheet"].refresh_from_db()
    assert files["sheet"].public is False


def test_donor_cannot_make_a_public_file_staff_only(client, donor, files):
    assert set_public(client, donor, files["report"], False).status_code == 403
    files["report"].refresh_from_db()
    assert files["report"].public is True


@pytest.mark.parametrize("persona", ["donor", "la_manager"])
def test_a_staff_only_file_out_of_reach_cannot_be_made_public(client, request, persona, files):
    assert (
        set_public(client, request.getfixturevalue(persona), files["sheet"], True).status_code
        == 404
    )
    files["sheet"].refresh_from_db()
    assert files["sheet"].public is False


def test_a_get_does_not_change_a_file(client, kh_manager, files):
    client.force_login(kh_manager)
    url = reverse("results:evidence_set_public", args=[files["sheet"].pk])
    assert client.get(url, {"public": "on"}).status_code == 405
    files["sheet"].refresh_from_db()
    assert files["sheet"].public is False


def test_saving_the_state_a_file_already_has_records_nothing(kh_manager, files):
    before = AuditEvent.objects.count()
    services.evidence_set_public(actor=kh_manager, evidence=files["report"], public=True)
    assert AuditEvent.objects.count() == before


# --- Evidence of values reported by hand ---------------------------------------------------------


@pytest.fixture
def reported_sheet() -> EvidenceFile:
    indicator = Indicator.objects.create(
        outcome_area=OutcomeArea.objects.get(code="justice"),
        code="synthetic-laws",
        name="Synthetic laws passed",
        unit="laws",
        kind=Indicator.Kind.REPORTED,
    )
    value = ReportedValue.objects.create(
        indicator=indicator,
        country=country("KH"),
        period_start=dt.date(2021, 7, 1),
        period_end=dt.date(2022, 6, 30),
        value=1,
    )
    return services.evidence_add(
        actor=None, upload=io.BytesIO(PDF), filename=SHEET, reported_value=value
    )


def test_donor_cannot_download_staff_only_evidence_of_a_reported_value(
    client, donor, reported_sheet
):
    assert download(client, donor, reported_sheet).status_code == 404
    client.force_login(donor)
    html = client.get(reverse("results:indicators_country", args=["KH"])).content.decode()
    assert SHEET not in html


def test_manager_makes_evidence_of_a_reported_value_public_from_the_indicators_page(
    client, kh_manager, donor, reported_sheet
):
    client.force_login(kh_manager)
    html = client.get(reverse("results:indicators_country", args=["KH"])).content.decode()
    assert SHEET in html and "Staff only" in html
    response = set_public(client, kh_manager, reported_sheet, True)
    assert response["Location"] == reverse("results:indicators_country", args=["KH"])
    assert download(client, donor, reported_sheet).status_code == 200
