"""An achievement's title and text in the site's other languages: edited beside the
English, validated, audited, and used by factsheets in that language, which mark where
they fall back to the English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pathways.activities.universe import universe_of_all
from pathways.audit.models import AuditEvent
from pathways.programs.models import Country
from pathways.reports.factsheet import build_factsheet
from pathways.reports.rendering import render_factsheet_html
from pathways.results import services
from pathways.results.models import Achievement, clean_translations
from pathways.results.tests.test_achievements import make_achievement

pytestmark = pytest.mark.django_db
KM_TITLE = "ក្រសួងយុត្តិធម៌បណ្តុះបណ្តាល"
KM_TEXT = "ក្រសួងយុត្តិធម៌បានបណ្តុះបណ្តាលព្រះរាជអាជ្ញា។"


def _edit_data(a: Achievement, **extra: str) -> dict:
    return {
        "title": a.title,
        "text": a.text,
        "date": a.date.isoformat(),
        "outcome_area": a.outcome_area_id,
        **extra,
    }


def test_edit_page_puts_each_language_beside_the_english(client, kh_officer):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    page = client.get(reverse("results:achievement_edit", args=[a.pk])).content.decode()
    for code in ("km", "th", "lo", "vi", "id", "fil", "my"):
        assert f'name="title_{code}"' in page and f'name="text_{code}"' in page
        assert f'lang="{code}"' in page
    assert page.count('<div lang="en">') == 7
    assert page.count(a.text) >= 7


def test_saving_a_translation_stores_and_audits_it(client, kh_officer):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    url = reverse("results:achievement_edit", args=[a.pk])
    response = client.post(url, _edit_data(a, title_km=KM_TITLE, text_km=KM_TEXT))
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.translations == {"km": {"title": KM_TITLE, "text": KM_TEXT}}
    event = AuditEvent.objects.filter(object_id=str(a.pk)).latest("id")
    assert event.changes["translations"] == [{}, {"km": {"title": KM_TITLE, "text": KM_TEXT}}]


def test_a_title_without_text_is_refused_and_nothing_changes(client, kh_officer):
    a = make_achievement(kh_officer)
    client.force_login(kh_officer)
    url = reverse("results:achievement_edit", args=[a.pk])
    response = client.post(url, _edit_data(a, title_km=KM_TITLE))
    assert response.status_code == 200
    assert "Give the text too, or clear the title." in response.content.decode()
    a.refresh_from_db()
    assert a.translations == {}


def test_model_refuses_unknown_languages_and_bad_shapes():
    assert clean_translations({"km": {"title": "", "text": "  "}}) == {}
    for bad in ({"xx": {"text": "t"}}, {"en": {"text": "t"}}, {"km": "text"}, ["km"]):
        with pytest.raises(ValidationError):
            clean_translations(bad)
    with pytest.raises(ValidationError):
        clean_translations({"km": {"title": "t" * 201, "text": "t"}})


def _verified(actor, manager, **values) -> Achievement:
    a = make_achievement(actor, date=dt.date(2021, 9, 1), **values)
    services.achievement_submit(actor=actor, achievement=a)
    return services.achievement_verify(actor=manager, achievement=a)


def test_khmer_factsheet_shows_khmer_and_marks_english_fallbacks(kh_officer, kh_manager):
    _verified(kh_officer, kh_manager, translations={"km": {"title": KM_TITLE, "text": KM_TEXT}})
    _verified(kh_officer, kh_manager, title="Untranslated workshop")
    kh = Country.objects.get(code="KH")
    start, end = dt.date(2021, 7, 1), dt.date(2022, 6, 30)
    with translation.override("km"):
        factsheet = build_factsheet(universe=universe_of_all(kh), start=start, end=end)
    ours = [i for i in factsheet.achievements if i.title in (KM_TITLE, "Untranslated workshop")]
    assert [(i.title, i.in_english) for i in ours] == [
        (KM_TITLE, False),
        ("Untranslated workshop", True),
    ]
    html = render_factsheet_html(factsheet, language="km")
    assert KM_TEXT in html
    # The fallback mark, in the factsheet's language, beside each achievement left in English.
    marks = html.count('class="fs-in-english"')
    assert marks == sum(i.in_english for i in factsheet.achievements)
    assert '<span lang="en"><strong>Untranslated workshop.</strong>' in html
    with translation.override("en"):
        english = build_factsheet(universe=universe_of_all(kh), start=start, end=end)
    assert not any(i.in_english for i in english.achievements)
    assert 'class="fs-in-english"' not in render_factsheet_html(english, language="en")


def test_the_achievements_list_shows_the_readers_language_where_written(client, kh_officer):
    from pathways.accounts.language import set_preferred_language

    written = make_achievement(kh_officer, title="Prosecutors trained")
    written.translations = {"km": {"title": KM_TITLE, "text": KM_TEXT}}
    written.save(update_fields=["translations"])
    make_achievement(kh_officer, title="Police SOPs revised in English only")
    set_preferred_language(actor=kh_officer, user=kh_officer, language="km")
    client.force_login(kh_officer)
    page = client.get(reverse("results:achievement_list")).content.decode()
    assert f'lang="km">{KM_TITLE}</a>' in page and f'<p lang="km">{KM_TEXT}</p>' in page
    assert "Prosecutors trained" not in page
    assert 'lang="en">Police SOPs revised in English only</a>' in page
