"""The translator role: one language, no country or partner, and no programme records."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pathways.accounts.access import scope_for, visible_countries
from pathways.accounts.models import Membership, Role
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


def test_translator_sees_no_country_and_reviews_only_their_language(km_translator):
    scope = scope_for(km_translator)
    assert not scope.is_regional and not scope.country_ids and scope.home_country_id is None
    assert visible_countries(km_translator) == []
    assert scope.is_translator_only and scope.reviewable_languages == {"km"}
    assert not scope.can_review_language("lo")


def test_admin_reviews_every_language_but_english(admin_user):
    languages = scope_for(admin_user).reviewable_languages
    assert "lo" in languages and "km" in languages and "en" not in languages


def test_translator_membership_needs_a_language_and_no_country(km_translator):
    with pytest.raises(ValidationError):
        Membership(user=km_translator, role=Role.TRANSLATOR).full_clean()
    with pytest.raises(ValidationError):
        Membership(
            user=km_translator,
            role=Role.TRANSLATOR,
            language="km",
            country=Country.objects.get(code="KH"),
        ).full_clean()


def test_other_roles_name_no_language(km_translator):
    with pytest.raises(ValidationError):
        Membership(user=km_translator, role=Role.VIEWER, language="km").full_clean()
