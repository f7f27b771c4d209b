from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.activities.dedup.merging import person_merge
from pathways.activities.models import Sex
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country
from pathways.reports.models import Publication
from pathways.reports.publishing import publication_create
from pathways.reports.tests.factories import attend, make_event, make_people

PERIOD = {"start": "2021-07-01", "end": "2022-06-30"}
KH_FACTSHEET = {"kind": "factsheet", "country": "KH", **PERIOD, "language": "en"}


@pytest.fixture
def twins(db):
    event = make_event(start=dt.date(2021, 9, 1))
    people = make_people(country="KH", sexes=[Sex.WOMAN, Sex.WOMAN, Sex.MAN])
    attend(event, people)
    return people[:2]


def publish_kh(actor) -> Publication:
    return publication_create(
        actor=actor,
        kind="factsheet",
        country=Country.objects.get(code="KH"),
        start=dt.date(2021, 7, 1),
        end=dt.date(2022, 6, 30),
    )


def test_factsheet_page_offers_publishing_to_the_country_staff_only(
    client, kh_officer, donor, twins
):
    client.force_login(kh_officer)
    page = client.get(reverse("reports:factsheet", args=["KH"]), PERIOD).content.decode()
    assert "Publish…" in page and "kind=factsheet&amp;country=KH" in page
    client.force_login(donor)
    page = client.get(reverse("reports:factsheet", args=["KH"]), PERIOD).content.decode()
    assert "Publish…" not in page


def test_officer_confirms_then_publishes_and_lands_on_the_publication(client, kh_officer, twins):
    client.force_login(kh_officer)
    confirm = client.get(reverse("reports:publish"), KH_FACTSHEET)
    assert confirm.status_code == 200
    assert "Publish the factsheet of Cambodia" in confirm.content.decode()
    assert not Publication.objects.exists()

    response = client.post(reverse("reports:publish"), KH_FACTSHEET, follow=True)
    publication = Publication.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "reports:publication_detail", args=[publication.pk]
    )
    page = response.content.decode()
    stamp = timezone.localtime(publication.published_at).strftime("%-d %B %Y, %H:%M")
    assert f"As published on {stamp} by Cambodia data officer." in page
    assert "Every figure is unchanged since it was published." in page
    assert '<dd lang="en">English</dd>' in page
    assert "Nothing recorded since touches the events it counted." in page


def test_the_detail_shows_published_and_current_figures_after_a_merge(client, kh_officer, twins):
    publication = publish_kh(kh_officer)
    person_merge(actor=kh_officer, kept=twins[0], merged=twins[1])
    client.force_login(kh_officer)
    page = client.get(reverse("reports:publication_detail", args=[publication.pk])).content.decode()
    assert "2 figures differ now from what was published." in page  # participants, women
    assert "1 merge of duplicate persons since" in page
    assert "<strong>-1</strong>" in page
    assert "unchanged" in page


def test_the_file_downloads_again_byte_for_byte(client, kh_officer, twins):
    publication = publish_kh(kh_officer)
    attend(make_event(start=dt.date(2021, 10, 1)), make_people(country="KH", sexes=[Sex.MAN]))
    client.force_login(kh_officer)
    response = client.get(reverse("reports:publication_download", args=[publication.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(publication.content)
    assert publication.file_name in response["Content-Disposition"]


def test_another_countrys_manager_and_the_partner_cannot_see_it(
    client, kh_officer, la_manager, lscw_partner, twins
):
    publication = publish_kh(kh_officer)
    for user in (la_manager, lscw_partner):
        client.force_login(user)
        for name in ("reports:publication_detail", "reports:publication_download"):
            assert client.get(reverse(name, args=[publication.pk])).status_code == 404
        listing = client.get(reverse("reports:publication_list"))
        assert list(listing.context["page_obj"]) == []


def test_anonymous_is_sent_to_sign_in(client, kh_officer, twins):
    publication = publish_kh(kh_officer)
    response = client.get(reverse("reports:publication_detail", args=[publication.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse("reports:publish"), KH_FACTSHEET).status_code == 302
    assert Publication.objects.count() == 1


def test_the_donor_reads_but_cannot_publish(client, kh_officer, donor, twins):
    publication = publish_kh(kh_officer)
    client.force_login(donor)
    assert (
        client.get(reverse("reports:publication_detail", args=[publication.pk])).status_code == 200
    )
    assert client.post(reverse("reports:publish"), KH_FACTSHEET).status_code == 403
    assert Publication.objects.count() == 1


def test_bad_publish_requests_get_a_clear_answer(client, kh_officer, la_manager, admin_user, twins):
    client.force_login(kh_officer)
    bad = client.post(reverse("reports:publish"), {**KH_FACTSHEET, "end": "2021-01-01"})
    assert bad.status_code == 400 and "The period ends before it starts." in bad.content.decode()
    wrong = client.post(reverse("reports:publish"), {**KH_FACTSHEET, "kind": "poster"})
    assert wrong.status_code == 400
    client.force_login(la_manager)
    assert client.post(reverse("reports:publish"), KH_FACTSHEET).status_code == 404
    client.force_login(admin_user)
    iati_for_kh = client.post(reverse("reports:publish"), {"kind": "iati", "country": "KH"})
    assert iati_for_kh.status_code == 400
    assert "cover the region" in iati_for_kh.content.decode()
    assert not Publication.objects.exists()


def test_admin_publishes_the_iati_file_from_the_reports_page(client, admin_user, twins):
    client.force_login(admin_user)
    index = client.get(reverse("reports:factsheet_index")).content.decode()
    assert "Publish the IATI file…" in index
    response = client.post(reverse("reports:publish"), {"kind": "iati"})
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert bytes(publication.content).startswith(b"<?xml")
    download = client.get(reverse("reports:publication_download", args=[publication.pk]))
    assert download.content == bytes(publication.content)


def test_the_list_pages_its_publications(client, kh_officer, twins):
    for _ in range(26):
        Publication.objects.create(
            kind="factsheet",
            country=Country.objects.get(code="KH"),
            start=dt.date(2021, 7, 1),
            end=dt.date(2022, 6, 30),
            counted="Cambodia",
            published_at="2022-07-01T00:00:00Z",
            figures={"rows": []},
            file_name="f.pdf",
            content=b"x",
            sha256="0" * 64,
        )
    client.force_login(kh_officer)
    first = client.get(reverse("reports:publication_list"))
    assert len(first.context["page_obj"]) == 25 and "Page 1 of 2" in first.content.decode()
    assert (
        len(client.get(reverse("reports:publication_list"), {"page": 2}).context["page_obj"]) == 1
    )


def test_the_page_warns_when_the_stored_file_no_longer_matches_its_checksum(
    client, kh_officer, twins
):
    publication = publish_kh(kh_officer)
    client.force_login(kh_officer)
    url = reverse("reports:publication_detail", args=[publication.pk])
    assert "no longer matches the checksum" not in client.get(url).content.decode()
    Publication.objects.filter(pk=publication.pk).update(content=b"%PDF-1.4 changed")
    assert "no longer matches the checksum" in client.get(url).content.decode()


def test_the_confirmation_refuses_a_factsheet_without_a_period(client, kh_officer, twins):
    client.force_login(kh_officer)
    response = client.get(reverse("reports:publish"), {"kind": "factsheet", "country": "KH"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "give its start and end" in page and 'type="submit"' not in page.split("<main")[-1]


def test_the_admin_withdraws_a_publication_with_a_reason_and_it_stays(
    client, kh_officer, admin_user, twins
):
    publication = publish_kh(kh_officer)
    url = reverse("reports:publication_withdraw", args=[publication.pk])
    client.force_login(kh_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "Wrong period"}).status_code == 403
    client.force_login(admin_user)
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 400
    response = client.post(url, {"reason": "Sent with the wrong period."}, follow=True)
    page = response.content.decode()
    assert "Withdrawn on" in page and "Sent with the wrong period." in page
    publication.refresh_from_db()
    assert publication.withdrawn_by == admin_user and publication.withdrawn_at is not None
    audit = AuditEvent.objects.filter(content_type__model="publication", action="update").get()
    assert audit.changes["withdrawal_reason"] == ["", "Sent with the wrong period."]
    again = client.post(url, {"reason": "Twice"})
    assert again.status_code == 400
    assert "already been withdrawn" in again.content.decode()
    download = client.get(reverse("reports:publication_download", args=[publication.pk]))
    assert download.content == bytes(publication.content)
    listing = client.get(reverse("reports:publication_list")).content.decode()
    assert "withdrawn" in listing
