"""Reference data in every language of the site: seeded, shown, edited in the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from pathways.activities.models import Topic
from pathways.audit.models import AuditEvent
from pathways.demo import plan
from pathways.demo import results as demo_results
from pathways.demo.translations import INDICATORS, TOPICS, load_demo_translations
from pathways.lib.translated import missing_translations, other_languages
from pathways.programs import reference_data as ref
from pathways.programs import reference_translations
from pathways.programs.models import Country, OutcomeArea, Pathway, Province
from pathways.programs.services import load_reference_data

LANGUAGES = [code for code, _name in other_languages()]


def _gaps(rows) -> list[tuple[str, str, str]]:
    return [
        (str(row.name), code, field)
        for row in rows
        for code, field in missing_translations(
            row.translations, {f: getattr(row, f) for f in row.translatable_fields}
        )
    ]


def test_the_seed_texts_are_in_the_languages_of_the_site():
    assert list(reference_translations.LANGUAGES) == LANGUAGES
    every = {**reference_translations.texts(), **TOPICS, **INDICATORS}
    short = {english: len(texts) for english, texts in every.items() if len(texts) != 7}
    assert not short
    assert all(all(text.strip() for text in texts) for texts in every.values())


@pytest.mark.django_db
def test_every_seeded_reference_row_is_translated_into_every_language():
    """CI's guard: a country, province, pathway or outcome area added to the reference data
    without its translations fails here."""
    load_reference_data()
    for model in (Country, Province, Pathway, OutcomeArea):
        assert _gaps(model.objects.all()) == [], model.__name__
    seeded_provinces = sum(len(names) for names in ref.PROVINCES.values())
    assert Province.objects.count() >= seeded_provinces


@pytest.mark.django_db
def test_every_demo_topic_and_indicator_is_translated_into_every_language():
    topics = {v for k, v in vars(plan).items() if k.isupper() and isinstance(v, str)}
    topics -= {plan.IllustrativeCountry.__name__}
    for name in topics:
        Topic.objects.get_or_create(name=name)
    area = OutcomeArea.objects.first()
    from pathways.results.models import Indicator

    for code, _area, name, unit, rule, _filters in demo_results.INDICATORS:
        Indicator.objects.create(
            code=code,
            outcome_area=area,
            name=name,
            unit=unit,
            kind="reported" if not rule else "computed",
            rule=rule,
        )
    load_demo_translations()
    assert _gaps(Topic.objects.filter(name__in=topics)) == []
    assert _gaps(Indicator.objects.all()) == []
    assert load_demo_translations() == 0


@pytest.mark.django_db
def test_reloading_keeps_a_translation_the_admin_wrote():
    kep = Province.objects.get(country__code="KH", name="Kep")
    kep.translations = {**kep.translations, "km": {"name": "ខេត្តកែប (edited)"}}
    kep.save()
    load_reference_data()
    kep.refresh_from_db()
    assert kep.translations["km"] == {"name": "ខេត្តកែប (edited)"}


@pytest.mark.django_db
def test_a_row_reads_in_the_active_language_and_names_itself_so():
    kep = Province.objects.get(country__code="KH", name="Kep")
    kep.translations = {"km": {"name": "កែប"}}
    with translation.override("km"):
        assert kep.translated() == str(kep) == "កែប"
    with translation.override("th"):
        assert str(kep) == "Kep"
    assert str(kep) == "Kep"


@pytest.mark.django_db
def test_a_translation_longer_than_its_field_is_refused():
    kep = Province.objects.get(country__code="KH", name="Kep")
    kep.translations = {"km": {"name": "ក" * 101}}
    with pytest.raises(ValidationError) as caught:
        kep.full_clean()
    assert "translations" in caught.value.message_dict
    kep.translations = {"km": {"unit": "not a field of a province"}}
    with pytest.raises(ValidationError):
        kep.full_clean()


@pytest.mark.django_db
def test_the_admin_edits_every_language_of_a_row_on_one_page(client, admin_user):
    client.force_login(admin_user)
    area = OutcomeArea.objects.get(code="justice")
    url = reverse("admin:programs_outcomearea_change", args=[area.pk])
    html = client.get(url).content.decode()
    for code, _name in other_languages():
        assert f'name="name_{code}"' in html and f'name="description_{code}"' in html
        assert f'lang="{code}"' in html
    assert "Name in ខ្មែរ" in html
    data = {"code": area.code, "name": area.name, "description": area.description, "order": 1}
    for code in LANGUAGES:
        data[f"name_{code}"] = area.translations[code]["name"]
        data[f"description_{code}"] = area.translations[code]["description"]
    data["name_km"] = "លទ្ធផលយុត្តិធម៌ (edited)"
    data["description_th"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    area.refresh_from_db()
    assert area.translations["km"]["name"] == "លទ្ធផលយុត្តិធម៌ (edited)"
    assert "description" not in area.translations["th"]
    assert area.name == "Justice outcomes"
    event = AuditEvent.objects.filter(object_id=str(area.pk)).latest("id")
    assert "translations" in event.changes


@pytest.mark.django_db
def test_the_admin_refuses_a_translation_too_long_and_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    kep = Province.objects.get(country__code="KH", name="Kep")
    before = kep.translations
    url = reverse("admin:programs_province_change", args=[kep.pk])
    data = {"country": kep.country_id, "name": kep.name, "local_name": kep.local_name}
    data |= {f"name_{code}": "" for code in LANGUAGES}
    data["name_km"] = "ក" * 101
    response = client.post(url, data)
    assert response.status_code == 200
    kep.refresh_from_db()
    assert kep.translations == before


@pytest.mark.django_db
def test_the_audit_trail_names_a_row_in_english_whoever_edits_it(client, admin_user):
    from pathways.accounts.language import set_preferred_language

    set_preferred_language(actor=admin_user, user=admin_user, language="km")
    client.force_login(admin_user)
    topic = Topic.objects.create(name="Child rights", translations={"km": {"name": "សិទ្ធិកុមារ"}})
    url = reverse("admin:activities_topic_change", args=[topic.pk])
    data = {"name": "Child rights"} | {f"name_{code}": "" for code in LANGUAGES}
    data["name_km"] = "សិទ្ធិ​កុមារ"
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.filter(object_id=str(topic.pk)).latest("id")
    assert event.object_repr == "Child rights"
