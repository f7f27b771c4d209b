"""Reviews: the service's checks and audit, the overlay on the running translations (here
and in another process), the status counts, the pages and the export."""

from __future__ import annotations

import subprocess

import polib
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from pathways.audit.models import AuditEvent
from pathways.translations import overlay
from pathways.translations.catalogs import catalog
from pathways.translations.models import TranslationExport, TranslationReview
from pathways.translations.placeholders import check_markers
from pathways.translations.services import review_record
from pathways.translations.status import language_status

pytestmark = pytest.mark.django_db


def awaiting(language: str, *, plural: bool = False, marker: str = ""):
    """A fuzzy entry of the catalog without context, with or without a plural."""
    return next(
        e
        for e in catalog(language).entries
        if e.fuzzy
        and not e.context
        and bool(e.msgid_plural) == plural
        and marker in e.msgid
        and "\n" not in e.msgid
    )


@pytest.fixture(autouse=True)
def _fresh_overlay(db):
    overlay.forget()
    yield
    # The loaded translations outlive the test's database: put back what its reviews changed.
    TranslationReview.objects.all().delete()
    overlay.forget()
    overlay.apply_reviews()


def test_placeholders_missing_and_extra_are_named():
    with pytest.raises(ValidationError) as caught:
        check_markers(sources=("Hello %(name)s, <strong>%d</strong> {x}",), texts=("Hi %s {x}",))
    message = " ".join(caught.value.messages)
    assert "%(name)s" in message and "%d" in message and "<strong>" in message
    assert "%s" in message


def test_placeholders_kept_in_another_order_pass():
    check_markers(sources=("%(a)s and <em>%(b)s</em>",), texts=("<em>%(b)s</em> y %(a)s",))


def test_a_plural_form_may_follow_either_english_form():
    check_markers(sources=("One user", "%(n)d users"), texts=("One user", "%(n)d users"))


def test_correction_is_recorded_and_audited(km_translator):
    entry = awaiting("km", marker="%(")
    before = AuditEvent.objects.count()
    review = review_record(
        actor=km_translator,
        language="km",
        context="",
        msgid=entry.msgid,
        msgstr=[entry.msgstr[0] + " ✓"],
    )
    assert review.msgstr == [entry.msgstr[0] + " ✓"]
    assert review.reviewed_by == km_translator
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == AuditEvent.Action.CREATE and event.actor == km_translator


def test_correction_losing_a_placeholder_writes_nothing(km_translator):
    entry = awaiting("km", marker="%(")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        review_record(
            actor=km_translator, language="km", context="", msgid=entry.msgid, msgstr=["ខុស"]
        )
    assert "%(" in " ".join(caught.value.messages)
    assert not TranslationReview.objects.exists()
    assert AuditEvent.objects.count() == before


def test_accept_keeps_the_catalog_text(km_translator):
    entry = awaiting("km")
    review = review_record(
        actor=km_translator, language="km", context="", msgid=entry.msgid, msgstr=None
    )
    assert tuple(review.msgstr) == entry.msgstr


def test_translator_of_another_language_may_not_review(km_translator):
    entry = awaiting("lo")
    with pytest.raises(PermissionDenied):
        review_record(
            actor=km_translator, language="lo", context="", msgid=entry.msgid, msgstr=None
        )
    assert not TranslationReview.objects.exists()


def test_plural_correction_needs_one_text_per_form(admin_user):
    entry = awaiting("fil", plural=True)
    with pytest.raises(ValidationError):
        review_record(actor=admin_user, language="fil", context="", msgid=entry.msgid, msgstr=["x"])
    review = review_record(
        actor=admin_user, language="fil", context="", msgid=entry.msgid, msgstr=list(entry.msgstr)
    )
    assert len(review.msgstr) == 2


def test_review_shows_in_gettext_here_and_in_another_process(km_translator):
    entry = awaiting("km")
    overlay.apply_reviews()
    with translation.override("km"):
        assert translation.gettext(entry.msgid) == entry.msgstr[0]
    # Recorded as on another host: this process only learns of it from the database.
    TranslationReview.objects.create(
        language="km",
        msgid=entry.msgid,
        msgstr=["ការកែប្រែ"],
        reviewed_by=km_translator,
        reviewed_at="2026-01-01T00:00:00Z",
    )
    overlay.apply_reviews()
    with translation.override("km"):
        # Within the check interval the process has not asked the database again.
        assert translation.gettext(entry.msgid) == entry.msgstr[0]
    overlay.forget()  # the interval passed
    overlay.apply_reviews()
    with translation.override("km"):
        assert translation.gettext(entry.msgid) == "ការកែប្រែ"
    with translation.override("lo"):
        assert translation.gettext(entry.msgid) != "ការកែប្រែ"
    TranslationReview.objects.all().delete()
    overlay.forget()
    overlay.apply_reviews()
    with translation.override("km"):
        assert translation.gettext(entry.msgid) == entry.msgstr[0]


def test_between_checks_a_request_asks_the_database_nothing(django_assert_num_queries):
    overlay.apply_reviews()
    with django_assert_num_queries(0):
        overlay.apply_reviews()


def test_plural_review_shows_in_ngettext(admin_user):
    entry = awaiting("fil", plural=True, marker="%(")
    texts = [f"{t} ✓" for t in entry.msgstr]
    review_record(actor=admin_user, language="fil", context="", msgid=entry.msgid, msgstr=texts)
    overlay.apply_reviews()
    with translation.override("fil"):
        assert translation.ngettext(entry.msgid, entry.msgid_plural, 1) == texts[0]
        assert translation.ngettext(entry.msgid, entry.msgid_plural, 5) == texts[1]


def test_status_counts_a_review_once(km_translator):
    start = language_status("km")
    assert start.total == len(catalog("km").entries)
    assert start.reviewed == sum(1 for e in catalog("km").entries if e.is_reviewed_in_catalog)
    entry = awaiting("km")
    review_record(actor=km_translator, language="km", context="", msgid=entry.msgid, msgstr=None)
    after = language_status("km")
    assert (after.reviewed, after.awaiting) == (start.reviewed + 1, start.awaiting - 1)
    # Reviewing again, or reviewing an entry the catalog already has unfuzzy, adds nothing.
    review_record(actor=km_translator, language="km", context="", msgid=entry.msgid, msgstr=None)
    done = next(e for e in catalog("km").entries if e.is_reviewed_in_catalog and not e.context)
    review_record(actor=km_translator, language="km", context="", msgid=done.msgid, msgstr=None)
    assert language_status("km").reviewed == after.reviewed


def test_review_page_saves_a_correction_and_shows_errors(client, km_translator):
    entry = awaiting("km", marker="%(")
    client.force_login(km_translator)
    url = reverse("translations:review", args=["km"])
    assert client.get(url, {"q": entry.msgid}).status_code == 200
    bad = client.post(
        url, {"context": "", "msgid": entry.msgid, "action": "correct", "msgstr_0": "ខុស"}
    )
    assert bad.status_code == 400 and b'aria-invalid="true"' in bad.content
    assert not TranslationReview.objects.exists()
    good = client.post(
        url,
        {"context": "", "msgid": entry.msgid, "action": "correct", "msgstr_0": entry.msgstr[0]},
    )
    assert good.status_code == 302
    assert TranslationReview.objects.get().msgstr == [entry.msgstr[0]]


def test_review_of_a_text_not_in_the_catalog_says_why_nothing_was_saved(client, km_translator):
    client.force_login(km_translator)
    response = client.post(
        reverse("translations:review", args=["km"]),
        {"context": "", "msgid": "No such text in any catalog", "action": "accept"},
    )
    assert response.status_code == 400
    assert b'class="message error"' in response.content
    assert not TranslationReview.objects.exists()


def test_export_applies_reviews_and_compiles(client, km_translator, tmp_path):
    entry = awaiting("km", marker="%(")
    corrected = entry.msgstr[0] + " ✓"
    review_record(
        actor=km_translator, language="km", context="", msgid=entry.msgid, msgstr=[corrected]
    )
    client.force_login(km_translator)
    response = client.get(reverse("translations:export", args=["km"]))
    assert response.status_code == 200
    path = tmp_path / "django.po"
    path.write_bytes(response.content)
    exported = polib.pofile(str(path)).find(entry.msgid)
    assert exported.msgstr == corrected and not exported.fuzzy
    others = [e for e in polib.pofile(str(path)) if e.fuzzy]
    assert len(others) == sum(1 for e in catalog("km").entries if e.fuzzy) - 1
    subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(path)], check=True)
    export = TranslationExport.objects.get()
    assert export.reviews == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).order_by("-id")[
        0
    ].object_id == str(export.pk)


def test_export_without_reviews_compiles_to_the_committed_catalog(client, admin_user, tmp_path):
    """Without reviews the export says what the committed file says: both compile to the
    same bytes (polib may break long lines elsewhere than gettext does, which changes
    nothing)."""
    client.force_login(admin_user)
    response = client.get(reverse("translations:export", args=["th"]))
    exported = tmp_path / "export.po"
    exported.write_bytes(response.content)

    def compiled(po):
        target = tmp_path / f"{po.stem}.mo"
        subprocess.run(["msgfmt", "--use-fuzzy", "-o", str(target), str(po)], check=True)
        return target.read_bytes()

    assert compiled(exported) == compiled(catalog("th").path)


def test_translator_home_points_to_their_review(client, km_translator):
    client.force_login(km_translator)
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("translations:review", args=["km"]).encode() in response.content
    assert reverse("results:dashboard_region").encode() not in response.content
