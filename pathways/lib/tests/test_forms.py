from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.test import RequestFactory

import pathways
from pathways.audit.admin import AuditedModelAdmin
from pathways.lib.forms import PlainLineField, PlainTextField


def test_a_line_loses_control_characters_before_it_is_stripped_and_measured():
    assert PlainLineField().clean(" \u202eSok\x1b[2J\x07\r\nDara\x07 ") == "Sok[2J Dara"
    assert PlainLineField(max_length=7).clean("Sok" + "\x1b" * 10 + "Dara") == "SokDara"


def test_a_line_of_control_characters_only_is_empty():
    with pytest.raises(forms.ValidationError, match="required"):
        PlainLineField().clean("\x1b\x07\u202e ")


def test_free_text_keeps_tabs_and_line_breaks():
    assert PlainTextField().clean("One\r\n\ttwo\x1b[0m\x07") == "One\n\ttwo[0m"


def _app_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(pathways.__path__, "pathways."):
        if ".tests" not in module.name and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, unvisited = [], [forms.BaseForm]
    while unvisited:
        for sub in unvisited.pop().__subclasses__():
            unvisited.append(sub)
            if sub.__module__.startswith("pathways."):
                found.append(sub)
    return found


def test_every_text_field_of_the_apps_forms_drops_control_characters():
    forms_found = _app_forms()
    assert len(forms_found) > 10
    plain_text = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in forms_found
        for name, field in form.base_fields.items()
        if type(field) is forms.CharField
    ]
    assert plain_text == []


@pytest.mark.django_db
def test_every_text_field_of_our_admin_drops_control_characters(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    unclean = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedModelAdmin):
            continue  # Django's groups and the two-factor devices keep their own forms
        for obj in (None, model.objects.first()):
            form = model_admin.get_form(request, obj)
            unclean += [
                f"{model.__name__}.{name}"
                for name, field in form.base_fields.items()
                if type(field) is forms.CharField
                and not isinstance(field.widget, forms.PasswordInput)
            ]
    assert unclean == []
