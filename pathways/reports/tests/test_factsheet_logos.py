"""The logo strip of the factsheet: the uploaded logos with their owners' names as
alternative text, names in text for those missing, and no strip without any logo."""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from pathways.activities.universe import universe_of_all
from pathways.programs.logos import LogoFormField
from pathways.programs.models import Country, Program
from pathways.programs.tests.test_logos import image_bytes, upload
from pathways.reports.factsheet import build_factsheet
from pathways.reports.rendering import layout_factsheet, render_factsheet_html
from pathways.reports.tests.factories import SEED_END, SEED_START, make_seed_cambodia
from pathways.reports.tests.test_factsheet_pdf import pdf_objects


@pytest.fixture
def program_logos(db, settings, tmp_path):
    """Program and funder logos uploaded as the admin form stores them; no implementer's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    program = Program.objects.select_related("funder").get()
    for owner, size in ((program, (600, 200)), (program.funder, (300, 300))):
        cleaned = LogoFormField().clean(upload(image_bytes("PNG", size)))
        owner.logo.save(cleaned.name, ContentFile(cleaned.read()))
    return program


def _factsheet():
    return build_factsheet(
        universe=universe_of_all(Country.objects.get(code="KH")), start=SEED_START, end=SEED_END
    )


def test_strip_shows_logos_with_names_as_alt_and_the_missing_one_by_name(program_logos):
    program = program_logos
    html = render_factsheet_html(_factsheet(), language="en")
    strip = html.split('class="fs-logo-strip"')[1].split("</ul>")[0]
    alts = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)">', strip)
    assert alts == [program.name, program.funder.name]
    assert f'<span class="fs-logo-name">{program.implementer.name}</span>' in strip


@pytest.mark.django_db
def test_without_logos_there_is_no_strip_and_the_names_are_in_the_text():
    html = render_factsheet_html(_factsheet(), language="en")
    assert 'class="fs-logo-strip"' not in html
    program = Program.objects.get()
    assert f"implemented by {program.implementer.name}" in html


def test_a_logo_missing_from_storage_leaves_its_name(program_logos, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    factsheet = _factsheet()
    assert not factsheet.has_logos
    assert [logo.data_uri for logo in factsheet.logos] == ["", "", ""]


@pytest.mark.parametrize("sides", [1, 2])
def test_pdf_with_logos_keeps_its_pages_and_tags_the_logos(program_logos, sides):
    make_seed_cambodia()
    with translation.override("en"):
        document = layout_factsheet(_factsheet(), sides=sides)
    assert len(document.pages) == sides
    objects = pdf_objects(document.write_pdf(pdf_variant="pdf/ua-1"))
    assert re.search(rb"/Alt\s*\(" + re.escape(program_logos.funder.name.encode()), objects)


def test_page_shows_the_strip(client, kh_officer, program_logos):
    client.force_login(kh_officer)
    period = {"start": SEED_START.isoformat(), "end": SEED_END.isoformat()}
    page = client.get(reverse("reports:factsheet", args=["KH"]), period).content.decode()
    assert f'alt="{program_logos.name}"' in page
