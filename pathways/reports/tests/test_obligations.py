"""The ACTIP obligations tracker: the service, who reads and who sets, the pages, the PDF
and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country
from pathways.reports.models import ConventionArticle, ObligationStatus
from pathways.reports.services import ObligationConflict, obligation_set
from pathways.reports.tests.factories import make_event
from pathways.stats.models import StatRelease

Status = ObligationStatus.Status


def kh() -> Country:
    return Country.objects.get(code="KH")


def article(number: int = 14) -> ConventionArticle:
    return ConventionArticle.objects.get(number=number)


def make_release(actor, *, code: str = "KH", published: bool = True) -> StatRelease:
    return StatRelease.objects.create(
        country=Country.objects.get(code=code),
        year=2025,
        computed_at=timezone.now(),
        created_by=actor,
        status=StatRelease.Status.PUBLISHED if published else StatRelease.Status.DRAFT,
        published_at=timezone.now() if published else None,
    )


def set_status(actor, **values) -> ObligationStatus:
    defaults = {"country": kh(), "article": article(), "version": 0, "status": Status.PARTLY_MET}
    return obligation_set(actor=actor, **(defaults | values))


# --- the articles ---------------------------------------------------------------------------


def test_the_convention_has_31_articles_in_eight_chapters(db):
    assert list(ConventionArticle.objects.values_list("number", flat=True)) == list(range(1, 32))
    assert set(ConventionArticle.objects.values_list("chapter", flat=True)) == set(range(1, 9))
    assert article(14).title == "Protection of Victims of Trafficking in Persons"
    assert article(14).confirmed


# --- the service -----------------------------------------------------------------------------


def test_manager_sets_a_status_with_evidence_and_it_is_audited(kh_manager):
    event = make_event(country="KH")
    release = make_release(kh_manager)
    record = set_status(kh_manager, note=" Law passed. ", events=[event], releases=[release])
    assert (record.status, record.note, record.version) == (Status.PARTLY_MET, "Law passed.", 1)
    assert list(record.events.all()) == [event]
    assert list(record.releases.all()) == [release]
    assert record.updated_by == kh_manager
    entry = AuditEvent.objects.filter(object_id=str(record.pk)).latest("pk")
    assert entry.action == AuditEvent.Action.CREATE


def test_a_second_save_needs_the_version_it_was_loaded_at(kh_manager, admin_user):
    set_status(kh_manager)
    with pytest.raises(ObligationConflict):
        set_status(admin_user, version=0, status=Status.MET)
    record = set_status(admin_user, version=1, status=Status.MET)
    assert (record.status, record.version) == (Status.MET, 2)


def test_officer_and_donor_may_not_set_a_status(kh_officer, donor):
    for user in (kh_officer, donor):
        with pytest.raises(PermissionDenied):
            set_status(user)
    assert not ObligationStatus.objects.exists()


def test_another_countrys_manager_gets_not_found(la_manager):
    with pytest.raises(Http404):
        set_status(la_manager)
    assert not ObligationStatus.objects.exists()


def test_evidence_of_another_country_is_refused_and_nothing_changes(kh_manager):
    lao_event = make_event(country="LA")
    with pytest.raises(ValidationError) as refused:
        set_status(kh_manager, events=[lao_event])
    assert "events" in refused.value.message_dict
    assert not ObligationStatus.objects.exists()


def test_an_unpublished_release_cannot_be_evidence(kh_manager):
    draft = make_release(kh_manager, published=False)
    with pytest.raises(ValidationError) as refused:
        set_status(kh_manager, releases=[draft])
    assert "releases" in refused.value.message_dict


def test_an_unknown_status_is_refused(kh_manager):
    with pytest.raises(ValidationError) as refused:
        set_status(kh_manager, status="done")
    assert "status" in refused.value.message_dict
    assert not ObligationStatus.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def test_matrix_lists_every_member_state_with_statuses_in_words(client, admin_user, kh_manager):
    set_status(kh_manager, status=Status.MET)
    client.force_login(admin_user)
    page = client.get(reverse("reports:obligations_matrix")).content.decode()
    for country in Country.objects.all():
        assert country.name in page
    assert "Article 14: Met" in page
    assert "Article 5: Not assessed" in page
    assert 'colspan="2">Chapter 4: <span lang="en">Protection</span>*' in page
    assert reverse("reports:obligations_country", args=["KH"]) + "#article-14" in page


def test_a_country_user_sees_only_their_countries_in_the_matrix(client, kh_officer):
    client.force_login(kh_officer)
    page = client.get(reverse("reports:obligations_matrix")).content.decode()
    assert "Cambodia" in page
    assert "Lao" not in page


def test_translator_gets_no_matrix(client, km_translator):
    client.force_login(km_translator)
    assert client.get(reverse("reports:obligations_matrix")).status_code == 404


def test_country_page_shows_status_note_and_evidence(client, kh_manager, donor):
    event = make_event(country="KH", title="Synthetic shelter standards workshop")
    set_status(kh_manager, note="Guidelines adopted.", events=[event])
    client.force_login(donor)
    page = client.get(reverse("reports:obligations_country", args=["KH"])).content.decode()
    assert "Partly met" in page
    assert "Guidelines adopted." in page
    assert "Synthetic shelter standards workshop" in page
    assert "Change the status" not in page


def test_country_page_is_not_found_outside_the_scope(client, la_manager):
    client.force_login(la_manager)
    response = client.get(reverse("reports:obligations_country", args=["KH"]))
    assert response.status_code == 404


def test_manager_edits_through_the_page(client, kh_manager):
    event = make_event(country="KH")
    client.force_login(kh_manager)
    url = reverse("reports:obligation_edit", args=["KH", 14])
    form = client.get(url).content.decode()
    assert event.title in form
    response = client.post(
        url, {"status": Status.MET, "note": "Done.", "events": [event.pk], "version": 0}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/reports/obligations/KH/#article-14")
    record = ObligationStatus.objects.get()
    assert (record.status, list(record.events.all())) == (Status.MET, [event])


def test_a_stale_form_is_refused_with_a_message(client, kh_manager):
    set_status(kh_manager)
    client.force_login(kh_manager)
    url = reverse("reports:obligation_edit", args=["KH", 14])
    response = client.post(url, {"status": Status.MET, "version": 0})
    assert response.status_code == 200
    assert "changed this status while you were editing" in response.content.decode()
    assert ObligationStatus.objects.get().status == Status.PARTLY_MET


def test_edit_page_refuses_the_officer_and_hides_from_other_countries(
    client, kh_officer, la_manager
):
    url = reverse("reports:obligation_edit", args=["KH", 14])
    client.force_login(kh_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": Status.MET, "version": 0}).status_code == 403
    client.force_login(la_manager)
    assert client.get(url).status_code == 404
    assert not ObligationStatus.objects.exists()


def test_edit_page_of_an_article_that_does_not_exist_is_not_found(client, kh_manager):
    client.force_login(kh_manager)
    assert client.get(reverse("reports:obligation_edit", args=["KH", 32])).status_code == 404


# --- PDF and API -----------------------------------------------------------------------------


def laid_out_text(matrix) -> str:
    """The text WeasyPrint lays out on the PDF's pages (the bytes hold glyph ids, not text)."""
    from weasyprint import HTML

    from pathways.reports.obligation_views import _legend
    from pathways.reports.obligations_pdf import render_obligations_html

    document = HTML(string=render_obligations_html(matrix, legend=_legend())).render()

    def text(box) -> str:
        return (getattr(box, "text", "") or "") + " ".join(
            text(c) for c in getattr(box, "children", ())
        )

    return " ".join(" ".join(text(p._page_box) for p in document.pages).split())


def test_matrix_pdf_is_a_pdf_naming_every_member_state(client, admin_user, kh_manager):
    from pathways.reports.obligations import build_matrix

    set_status(kh_manager, status=Status.MET)
    client.force_login(admin_user)
    response = client.get(reverse("reports:obligations_matrix_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = laid_out_text(build_matrix(list(Country.objects.all())))
    for country in Country.objects.all():
        assert country.name in text, country.name
    assert "✓ Met" in text


def test_api_gives_the_matrix_with_visible_evidence(kh_manager, donor):
    event = make_event(country="KH")
    set_status(kh_manager, status=Status.MET, events=[event])
    body = api_client(donor).get("/api/v1/actip/obligations/").json()
    assert [a["number"] for a in body["articles"]] == list(range(1, 32))
    assert {c["country"] for c in body["countries"]} == set(
        Country.objects.values_list("code", flat=True)
    )
    cambodia = next(c for c in body["countries"] if c["country"] == "KH")
    article_14 = next(s for s in cambodia["statuses"] if s["article"] == 14)
    assert (article_14["status"], article_14["events"]) == ("met", [event.pk])
    article_5 = next(s for s in cambodia["statuses"] if s["article"] == 5)
    assert article_5["status"] == "not_assessed"


def test_api_shows_a_country_user_only_their_country(la_manager):
    body = api_client(la_manager).get("/api/v1/actip/obligations/").json()
    assert [c["country"] for c in body["countries"]] == ["LA"]
